//! Reloading when the data changes: a debounced file watcher (notify, via
//! notify-debouncer-mini) that asks for a reload after a burst of changes
//! to documents, `aliases.txt` or `relations.txt` settles.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use tokio::sync::mpsc;

use crate::http::AppState;
use crate::load::{ALIASES_FILE, RELATIONS_FILE};

/// How long the data must be quiet before a reload.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Keeps watching while it lives.
pub struct Watch {
    _debouncer: Debouncer<RecommendedWatcher>,
}

/// Watches every data path and reloads `state` after changes. Paths that
/// cannot be watched are logged and skipped.
pub fn spawn(state: AppState) -> Result<Watch, notify_debouncer_mini::notify::Error> {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let paths: Vec<PathBuf> = state.live().paths().to_vec();
    let mut debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| match result {
        Ok(events) if events.iter().any(|e| relevant(&e.path)) => {
            let _ = tx.send(());
        }
        Ok(_) => {}
        Err(error) => tracing::warn!(%error, "file watcher error"),
    })?;
    for path in &paths {
        // A file is watched through its folder, so that editors that
        // replace the file (write a copy, rename it over) are seen.
        let (target, mode) = if path.is_dir() {
            (path.clone(), RecursiveMode::Recursive)
        } else {
            (
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_owned(),
                RecursiveMode::NonRecursive,
            )
        };
        match debouncer.watcher().watch(&target, mode) {
            Ok(()) => tracing::info!(path = %target.display(), "watching for changes"),
            Err(error) => tracing::warn!(path = %target.display(), %error, "cannot watch"),
        }
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // A burst during a reload needs one more reload, not one each.
            while rx.try_recv().is_ok() {}
            state.reload().await;
        }
    });
    Ok(Watch {
        _debouncer: debouncer,
    })
}

fn relevant(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name == ALIASES_FILE
        || name == RELATIONS_FILE
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        || path.extension().is_none()
}
