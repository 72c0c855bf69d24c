//! The graph being served, and reloading it without a dropped request.
//!
//! A reload builds the new snapshot beside the old one (on a blocking
//! thread), then swaps it in whole with one atomic store. Requests hold the
//! `Arc` they started with, so each is answered from one graph version, and
//! neither side waits for the other. A reload that yields nothing usable
//! keeps the last good snapshot and records why.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use arc_swap::ArcSwapOption;
use tokio::sync::Mutex;

use crate::snapshot::{LoadError, Snapshot, load_in_background};
use crate::work::Cancel;

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// A new version is being served.
    Reloaded {
        version: String,
        previous_version: Option<String>,
    },
    /// The content hash did not change; nothing was swapped.
    Unchanged { version: String },
    /// Nothing usable could be loaded; the last good version is still served.
    Failed {
        reason: String,
        version: Option<String>,
    },
}

impl ReloadOutcome {
    /// `reloaded`, `unchanged` or `failed`, for metrics and logs.
    pub fn label(&self) -> &'static str {
        match self {
            ReloadOutcome::Reloaded { .. } => "reloaded",
            ReloadOutcome::Unchanged { .. } => "unchanged",
            ReloadOutcome::Failed { .. } => "failed",
        }
    }
}

/// The last reload that failed, while no later one has succeeded.
#[derive(Debug, Clone)]
pub struct ReloadFailure {
    pub reason: String,
    /// Seconds since the Unix epoch.
    pub at: u64,
}

/// Told of every reload's outcome, with the live graph after it.
pub type Observer = Box<dyn Fn(&ReloadOutcome, &LiveGraph) + Send + Sync>;

/// The served snapshot and where it is loaded from.
#[derive(Default)]
pub struct LiveGraph {
    current: ArcSwapOption<Snapshot>,
    last_failure: ArcSwapOption<ReloadFailure>,
    paths: Vec<PathBuf>,
    /// One reload at a time; requests never take it.
    reloading: Mutex<()>,
    /// When the running reload started (ms since the Unix epoch), 0 when
    /// none is running: `/readyz` reports one that is stuck.
    reload_started: std::sync::atomic::AtomicU64,
    /// Stops the analytics of the version being replaced.
    analysing: std::sync::Mutex<Option<Cancel>>,
    /// Whoever follows reloads (the metrics, for one); called in order,
    /// once per reload, after the new snapshot is served.
    observers: std::sync::RwLock<Vec<Observer>>,
}

impl LiveGraph {
    /// A live graph reloaded from `paths`, serving nothing yet.
    pub fn new(paths: Vec<PathBuf>) -> Self {
        Self {
            paths,
            ..Self::default()
        }
    }

    /// The snapshot requests should use now.
    pub fn current(&self) -> Option<Arc<Snapshot>> {
        self.current.load_full()
    }

    /// Serves `snapshot` from now on, and starts computing its analytics
    /// on a background thread at the lowest priority; the previous
    /// version's, if still running, stop.
    pub fn install(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        self.current.store(Some(snapshot.clone()));
        self.last_failure.store(None);
        let cancel = Cancel::new();
        let previous = self
            .analysing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .replace(cancel.clone());
        if let Some(previous) = previous {
            previous.cancel();
        }
        let spawned = std::thread::Builder::new()
            .name("analytics".into())
            .spawn(move || {
                crate::work::lower_this_threads_priority(19);
                snapshot.analytics.compute(&snapshot.graph, &cancel);
            });
        if let Err(error) = spawned {
            tracing::warn!(%error, "analytics will be computed on demand only");
        }
    }

    /// Stops the background computations (at shutdown).
    pub fn stop_background_work(&self) {
        if let Some(cancel) = self
            .analysing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        {
            cancel.cancel();
        }
    }

    /// Calls `observer` after every reload from now on.
    pub fn on_reload(&self, observer: impl Fn(&ReloadOutcome, &LiveGraph) + Send + Sync + 'static) {
        self.observers
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(Box::new(observer));
    }

    pub fn last_failure(&self) -> Option<Arc<ReloadFailure>> {
        self.last_failure.load_full()
    }

    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Loads the documents again and swaps the result in if it is usable
    /// and new.
    pub async fn reload(self: &Arc<Self>) -> ReloadOutcome {
        let _one_at_a_time = self.reloading.lock().await;
        let paths = self.paths.clone();
        self.reload_started
            .store(now_ms().max(1), Ordering::Release);
        let loaded = tokio::task::spawn_blocking(move || load_in_background(&paths)).await;
        self.reload_started.store(0, Ordering::Release);
        let previous = self.current().map(|s| s.version.clone());
        let outcome = match loaded {
            Ok(Ok(snapshot)) if Some(&snapshot.version) == previous.as_ref() => {
                self.last_failure.store(None);
                ReloadOutcome::Unchanged {
                    version: snapshot.version,
                }
            }
            Ok(Ok(snapshot)) => {
                let version = snapshot.version.clone();
                self.install(snapshot);
                ReloadOutcome::Reloaded {
                    version,
                    previous_version: previous,
                }
            }
            Ok(Err(error)) => self.failed(describe(&error), previous),
            Err(join) => self.failed(format!("the load stopped: {join}"), previous),
        };
        match &outcome {
            ReloadOutcome::Failed { reason, .. } => {
                tracing::error!(reason, "reload failed; still serving the last good graph")
            }
            other => tracing::info!(outcome = other.label(), "reload"),
        }
        let observers = self
            .observers
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for observer in observers.iter() {
            observer(&outcome, self);
        }
        outcome
    }

    /// How long the running reload has taken so far, if one is running.
    pub fn reload_running_for(&self) -> Option<std::time::Duration> {
        match self.reload_started.load(Ordering::Acquire) {
            0 => None,
            at => Some(std::time::Duration::from_millis(
                now_ms().saturating_sub(at),
            )),
        }
    }

    /// Starts a reload that runs to its end whoever waits for it (a
    /// request that asked for it may time out or leave).
    pub fn reload_detached(self: &Arc<Self>) -> tokio::task::JoinHandle<ReloadOutcome> {
        let live = self.clone();
        tokio::spawn(async move { live.reload().await })
    }

    fn failed(&self, reason: String, version: Option<String>) -> ReloadOutcome {
        let at = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        self.last_failure.store(Some(Arc::new(ReloadFailure {
            reason: reason.clone(),
            at,
        })));
        ReloadOutcome::Failed { reason, version }
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn describe(error: &LoadError) -> String {
    match error {
        LoadError::Empty { paths, diagnostics } => {
            let first: Vec<String> = diagnostics
                .iter()
                .take(3)
                .map(ToString::to_string)
                .collect();
            if first.is_empty() {
                format!("no mindmap could be loaded from {paths}")
            } else {
                format!(
                    "no mindmap could be loaded from {paths}: {}",
                    first.join("; ")
                )
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("servicemap-live-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[tokio::test]
    async fn reloads_swap_new_content_and_keep_the_last_good() {
        let dir = folder("reload");
        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n  S\n```").unwrap();
        let live = Arc::new(LiveGraph::new(vec![dir.clone()]));
        assert!(matches!(
            live.reload().await,
            ReloadOutcome::Reloaded {
                previous_version: None,
                ..
            }
        ));
        let first = live.current().unwrap().version.clone();
        assert!(matches!(
            live.reload().await,
            ReloadOutcome::Unchanged { .. }
        ));

        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n  T\n```").unwrap();
        let ReloadOutcome::Reloaded {
            version,
            previous_version,
        } = live.reload().await
        else {
            panic!()
        };
        assert_eq!(previous_version.as_deref(), Some(first.as_str()));
        assert_ne!(version, first);

        std::fs::write(dir.join("a.md"), "nothing usable").unwrap();
        assert!(matches!(live.reload().await, ReloadOutcome::Failed { .. }));
        assert_eq!(
            live.current().unwrap().version,
            version,
            "the last good graph is still served"
        );
        assert!(live.last_failure().unwrap().reason.contains("no mindmap"));

        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            matches!(live.reload().await, ReloadOutcome::Failed { .. }),
            "the folder is gone"
        );
        assert_eq!(live.current().unwrap().version, version);
    }

    #[tokio::test]
    async fn observers_hear_every_outcome() {
        let dir = folder("observed");
        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n```").unwrap();
        let live = Arc::new(LiveGraph::new(vec![dir.clone()]));
        let heard = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = heard.clone();
        live.on_reload(move |outcome, live| {
            let version = live.current().map(|s| s.version.clone());
            log.lock()
                .unwrap()
                .push((outcome.label(), version.is_some()));
        });
        live.reload().await;
        live.reload().await;
        std::fs::remove_dir_all(&dir).unwrap();
        live.reload().await;
        assert_eq!(
            *heard.lock().unwrap(),
            [("reloaded", true), ("unchanged", true), ("failed", true)]
        );
    }

    #[tokio::test]
    async fn a_reload_nobody_waits_for_is_still_installed() {
        let dir = folder("detached");
        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n```").unwrap();
        let live = Arc::new(LiveGraph::new(vec![dir.clone()]));
        // The caller gives up at once, as a request that timed out does.
        drop(live.reload_detached());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while live.current().is_none() {
            assert!(std::time::Instant::now() < deadline, "never installed");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(live.reload_running_for().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
