//! The `servicemap` binary: parse the command line, call the library.

use std::process::ExitCode;

use clap::Parser;
use servicemap::cli::{Cli, Command, check, encode, offline_request, serve};
use servicemap::healthcheck::healthcheck;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Check { paths }) => check(&paths),
        Some(Command::Ask { question, data }) => {
            offline_request(&data.data, &format!("/api/v1/ask?q={}", encode(&question)))
        }
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
        }) => {
            let mut uri = format!("/api/v1/graph?format={}", encode(&format));
            for (name, value) in [("focus", focus), ("depth", depth)] {
                if let Some(value) = value {
                    uri.push_str(&format!("&{name}={}", encode(&value)));
                }
            }
            offline_request(&data.data, &uri)
        }
        Some(Command::Generate(args)) => servicemap::generate::run(&args),
        Some(Command::Healthcheck { addr }) => match healthcheck(&addr) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("servicemap: unhealthy: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
