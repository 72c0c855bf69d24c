//! Reloading when the data changes: a file watcher (notify) whose events
//! are debounced here, so that a reload follows a burst of changes to
//! documents, `aliases.txt` or `relations.txt` once the burst settles.
//!
//! Only events that can change what a load reads count. Opening and
//! reading a file are events too on some platforms (inotify reports them),
//! and the reload itself reads every document: counting those would reload
//! an unchanged folder again and again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout_at};

use std::sync::Arc;

use crate::live::LiveGraph;
use crate::snapshot::{ALIASES_FILE, RELATIONS_FILE};

/// How long the data must be quiet before a reload.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// The longest a stream of changes that never settles defers a reload.
pub const MAX_DEFER: Duration = Duration::from_secs(3);

/// Keeps watching while it lives.
pub struct Watch {
    _watcher: RecommendedWatcher,
}

/// Watches every data path and reloads `live` after changes. Paths that
/// cannot be watched are logged and skipped.
pub fn spawn(live: Arc<LiveGraph>) -> Result<Watch, notify::Error> {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let paths: Vec<PathBuf> = live.paths().to_vec();
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<Event>| match result {
            Ok(event) if changes_data(&event) => {
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
        match watcher.watch(&target, mode) {
            Ok(()) => tracing::info!(path = %target.display(), "watching for changes"),
            Err(error) => tracing::warn!(path = %target.display(), %error, "cannot watch"),
        }
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            // Wait for the burst to settle (or for MAX_DEFER); changes that
            // arrive during the reload are the next burst.
            let give_up = Instant::now() + MAX_DEFER;
            loop {
                let quiet = (Instant::now() + DEBOUNCE).min(give_up);
                match timeout_at(quiet, rx.recv()).await {
                    Ok(Some(())) => continue,
                    Ok(None) => return,
                    Err(_settled) => break,
                }
            }
            live.reload().await;
        }
    });
    Ok(Watch { _watcher: watcher })
}

/// Whether `event` may change what a load reads: creating, writing,
/// renaming or removing a document or one of the vocabulary files, not
/// opening or reading one.
fn changes_data(event: &Event) -> bool {
    let reads = matches!(
        event.kind,
        EventKind::Access(
            AccessKind::Open(_)
                | AccessKind::Read
                | AccessKind::Close(AccessMode::Read)
                | AccessKind::Any
                | AccessKind::Other
        )
    );
    !reads && event.paths.iter().any(|path| relevant(path))
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

#[cfg(test)]
mod tests {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};

    use super::*;

    fn event(kind: EventKind, path: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn writes_to_documents_and_vocabularies_change_the_data() {
        for kind in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            for path in [
                "data/a.md",
                "data/B.MD",
                "data/aliases.txt",
                "data/relations.txt",
                "data/sub",
            ] {
                assert!(changes_data(&event(kind, path)), "{kind:?} {path}");
            }
        }
    }

    #[test]
    fn reading_does_not_change_the_data() {
        for kind in [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
        ] {
            assert!(!changes_data(&event(kind, "data/a.md")), "{kind:?}");
        }
    }

    #[test]
    fn other_files_do_not_change_the_data() {
        let kind = EventKind::Modify(ModifyKind::Any);
        for path in ["data/notes.txt", "data/image.png", "data/.a.md.swp"] {
            assert!(!changes_data(&event(kind, path)), "{path}");
        }
    }
}
