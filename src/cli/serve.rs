//! `servicemap serve`: load the documents, serve them until a signal, and
//! drain.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;

use super::{LogFormat, ServeArgs, load_or_exit, summary};
use crate::http::{AppState, router};
use crate::live::LiveGraph;

/// `servicemap serve`: load, then serve until SIGTERM or SIGINT. A start-up
/// failure (bad options, an address in use) is an error; documents that
/// cannot be loaded are an exit code, after their diagnostics.
pub fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    init_tracing(args.log_format);
    let config = args.http_config().map_err(anyhow::Error::msg)?;
    let snapshot = match load_or_exit(&args.data) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    tracing::info!("{}", summary(&snapshot));
    for d in &snapshot.diagnostics {
        tracing::warn!(document = %d.document, line = d.line, "{}", d.message);
    }
    let live = LiveGraph::new(args.data.clone());
    live.install(snapshot);
    let state = AppState::new(live, config);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        let _watch = if args.watch {
            crate::watch::spawn(state.live().clone())
                .map_err(|e| tracing::warn!(%e, "file watching is off"))
                .ok()
        } else {
            None
        };
        // Listening for signals before saying we listen: whoever starts us
        // may stop us as soon as it reads the address.
        let shutdown = crate::server::shutdown_signal();
        if let Ok(addr) = listener.local_addr() {
            tracing::info!("listening on http://{addr}");
        }
        let draining = state.clone();
        let mcp_streams = state.config().mcp.shutdown.clone();
        let signal = async move {
            shutdown.await;
            draining.start_draining();
            mcp_streams.cancel();
        };
        crate::server::run(
            listener,
            router(state.clone()),
            args.server_options(),
            signal,
        )
        .await;
        Ok::<_, anyhow::Error>(())
    })?;
    // The deadline has passed: whatever still runs is cancelled, and the
    // runtime does not wait for it (a blocking thread cannot be stopped,
    // only asked; the process exits without it).
    state.cancel_all_work();
    state.live().stop_background_work();
    runtime.shutdown_timeout(Duration::from_millis(250));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn init_tracing(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
