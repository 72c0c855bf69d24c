//! The `servicemap` binary: parse the command line, call the library.

use std::process::ExitCode;

use clap::Parser;
use servicemap::cli::{Cli, Command, EXIT_CONFIG, ask, check, diff, export, mcp, serve};
use servicemap::healthcheck::healthcheck;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => start(serve(cli.serve)),
        Some(Command::Serve(args)) => start(serve(args)),
        Some(Command::Check { paths, format }) => check(&paths, format),
        Some(Command::Diff {
            old,
            new,
            format,
            data,
        }) => diff(&old, &new, &data, format),
        Some(Command::Ask {
            question,
            json,
            data,
        }) => ask(&question, &data.data, json),
        Some(Command::Query {
            query,
            json,
            params,
            data,
        }) => servicemap::cli::query(&data.data, &query, json, &params),
        Some(Command::Export {
            format,
            focus,
            depth,
            data,
        }) => export(format, focus.as_deref(), depth, &data.data),
        Some(Command::Mcp(args)) => start(mcp(args)),
        Some(Command::Healthcheck { addr }) => match healthcheck(&addr) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("servicemap: unhealthy: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// A start-up failure is one line on stderr and a configuration exit code.
fn start(result: anyhow::Result<ExitCode>) -> ExitCode {
    result.unwrap_or_else(|error| {
        eprintln!("servicemap: {error:#}");
        ExitCode::from(EXIT_CONFIG)
    })
}
