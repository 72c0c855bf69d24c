//! `servicemap diff OLD NEW`: what changed between two versions of the
//! data, each a data path on disk or a git revision of the data folder.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::EXIT_CONFIG;
use crate::diff::{diff, render};
use crate::snapshot::{Snapshot, git::load_revision, load};

/// How `diff` writes the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Grouped text, coloured on a terminal.
    Text,
    Json,
    /// Markdown for a pull-request comment.
    Markdown,
}

/// One side: a path that exists is read from disk, anything else is a
/// revision of `data` in the git repository holding it.
fn side(spec: &str, data: &Path) -> Result<Snapshot, String> {
    let path = PathBuf::from(spec);
    if path.exists() {
        return load(&[path]).map_err(|e| e.to_string());
    }
    load_revision(data, spec).map_err(|e| e.to_string())
}

/// Writes the diff from `old` to `new`; exits 0 (changes are no failure),
/// 2 when a side cannot be read.
pub fn run(old: &str, new: &str, data: &Path, format: DiffFormat) -> ExitCode {
    let (a, b) = match (side(old, data), side(new, data)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("servicemap: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let mut d = diff(&a, &b);
    // Name the sides as given, with their content versions.
    d.from = format!("{old} ({})", a.version);
    d.to = format!("{new} ({})", b.version);
    let out = match format {
        DiffFormat::Text => render::text(&d, std::io::stdout().is_terminal()),
        DiffFormat::Markdown => render::markdown(&d),
        DiffFormat::Json => {
            let mut value = crate::http::handlers::changes::diff_json(&d);
            value["from"] = serde_json::json!({"spec": old, "version": a.version});
            value["to"] = serde_json::json!({"spec": new, "version": b.version});
            value.to_string()
        }
    };
    let _ = writeln!(std::io::stdout().lock(), "{}", out.trim_end());
    ExitCode::SUCCESS
}
