//! The `servicemap` binary: parse the command line, call the library.

use std::process::ExitCode;

use clap::Parser;
use servicemap::cli::{
    Cli, Command, EXIT_CONFIG, LogFormat, ServeArgs, check, encode, load_or_exit, offline_request,
    summary,
};
use servicemap::http::AppState;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check { paths }) => check(&paths),
        Some(Command::Ask { question, data }) => {
            offline_request(&data.data, &format!("/api/v1/ask?q={}", encode(&question)))
        }
        Some(Command::Export {
            format,
            focus,
            depth,
            data,
        }) => {
            let mut uri = format!("/api/v1/graph?format={}", encode(&format));
            if let Some(focus) = focus {
                uri.push_str(&format!("&focus={}", encode(&focus)));
            }
            if let Some(depth) = depth {
                uri.push_str(&format!("&depth={}", encode(&depth)));
            }
            offline_request(&data.data, &uri)
        }
        Some(Command::Generate(args)) => servicemap::generate::run(&args),
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    init_tracing(args.log_format);
    let snapshot = match load_or_exit(&args.data) {
        Ok(s) => s,
        Err(code) => return code,
    };
    tracing::info!("{}", summary(&snapshot));
    for d in &snapshot.diagnostics {
        tracing::warn!(document = %d.document, line = d.line, "{}", d.message);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("servicemap: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&args.bind).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("servicemap: cannot listen on {}: {e}", args.bind);
                return ExitCode::from(EXIT_CONFIG);
            }
        };
        if let Ok(addr) = listener.local_addr() {
            tracing::info!("listening on http://{addr}");
        }
        let state = AppState::with_snapshot(snapshot);
        match servicemap::server::run(listener, state, servicemap::server::shutdown_signal()).await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("servicemap: server error: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn init_tracing(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
