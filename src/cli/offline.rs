//! The offline answers: `ask`, `export` and `query` load the documents and
//! answer through the same layers as the server (never through the
//! router), printing the answer, or one line on stderr and an exit code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{EXIT_CONFIG, EXIT_NO_SUCH_NODE, EXIT_UNREADABLE, load_or_exit};
use crate::app::AskError;
use crate::export::{Format, Selection};
use crate::http::state::Limits;
use crate::query::bounds::{Bounded, Depth};
use crate::snapshot::Snapshot;

/// `servicemap ask`: the answer's sentence, or with `json` the whole answer
/// as `GET /api/v1/ask` gives it; a failure is one line on stderr.
pub fn ask(question: &str, paths: &[PathBuf], json: bool) -> ExitCode {
    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let budget = Limits::default().path_work_budget;
    match crate::app::ask(&snapshot, question, budget) {
        Ok(asked) if json => {
            let body = crate::http::handlers::ask::to_json(&snapshot.graph, question, &asked);
            print_line(&body)
        }
        Ok(asked) => print_line(&asked.text),
        Err(error) => {
            let code = match &error {
                AskError::NotFound { .. } | AskError::Ambiguous { .. } => EXIT_NO_SUCH_NODE,
                AskError::Unreadable { .. } | AskError::TooLong => EXIT_UNREADABLE,
                _ => 1,
            };
            eprintln!("servicemap: {}", explain(&snapshot, &error));
            ExitCode::from(code)
        }
    }
}

/// An unanswerable question in one readable line.
fn explain(snapshot: &Snapshot, error: &AskError) -> String {
    let g = &snapshot.graph;
    let names = |nodes: &[crate::graph::NodeRef]| {
        nodes
            .iter()
            .map(|n| g.node(*n).name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match error {
        AskError::Unreadable { closest: None, .. } => {
            let examples: Vec<String> = crate::nlq::forms(g)
                .into_iter()
                .map(|f| f.example)
                .collect();
            format!("{error}; try for example: {}", examples.join("; "))
        }
        AskError::NotFound { suggestions, .. } if !suggestions.is_empty() => {
            format!("{error}; did you mean {}?", names(suggestions))
        }
        AskError::Ambiguous { candidates, .. } => format!("{error}: {}", names(candidates)),
        other => other.to_string(),
    }
}

/// `servicemap export`: the graph, or the part around a node, on stdout.
pub fn export(format: Format, focus: Option<&str>, depth: Depth, paths: &[PathBuf]) -> ExitCode {
    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let g = &snapshot.graph;
    let selection = match focus {
        None => Selection::whole(g),
        Some(name) => match snapshot.resolver.resolve(g, name, |_| true) {
            Ok(node) => Selection::around(g, node, depth.get()),
            Err(error) => {
                eprintln!("servicemap: --focus: {error}");
                return ExitCode::from(EXIT_NO_SUCH_NODE);
            }
        },
    };
    print_line(selection.export(format).trim_end())
}

/// Prints one answer; a closed pipe ends the output quietly.
fn print_line(text: &str) -> ExitCode {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    ExitCode::SUCCESS
}

/// `servicemap query`: the answer as a table (or with `json` as
/// `POST /api/v1/query` gives it); an error is on stderr with its caret
/// excerpt, exit 1.
pub fn query(paths: &[PathBuf], text: &str, json: bool, params: &[String]) -> ExitCode {
    let mut parameters = crate::cypher::Parameters::new();
    for param in params {
        let Some((name, value)) = param.split_once('=') else {
            eprintln!("servicemap: --param takes NAME=VALUE, not `{param}`");
            return ExitCode::from(EXIT_CONFIG);
        };
        let value = serde_json::from_str(value)
            .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
        parameters.insert(name.to_owned(), value);
    }
    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let bounds = crate::cypher::Bounds::default();
    let g = &snapshot.graph;
    match crate::cypher::run(g, &snapshot.resolver, text, &parameters, &bounds) {
        Ok(answer) if json => print_line(
            &crate::cypher::render::answer_json(g, &answer, &snapshot.version).to_string(),
        ),
        Ok(answer) => {
            let mut table = crate::cypher::render::table(g, &answer);
            if let Some(plan) = &answer.plan {
                table.push_str(&crate::cypher::render::plan_text(plan));
            }
            print_line(table.trim_end())
        }
        Err(error) => {
            eprintln!("servicemap: {error}");
            if let Some(at) = error.location() {
                eprintln!("{}", at.excerpt);
            }
            if let crate::cypher::CypherError::Semantic { suggestions, .. } = &error
                && !suggestions.is_empty()
            {
                eprintln!("did you mean: {}", suggestions.join(", "));
            }
            ExitCode::FAILURE
        }
    }
}
