//! Resource subscriptions: a reload is heard once per process (through
//! [`LiveGraph::on_reload`]) and broadcast with the snapshots before and
//! after; each session compares the resources it follows across the two
//! and tells its client of those that changed
//! (`notifications/resources/updated`).
//!
//! Both lifecycles are served: `resources/subscribe` on sessions that
//! began with `initialize`, and `subscriptions/listen` (2026-07-28).

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use super::budget::Budget;
use super::resources::fingerprint;
use crate::live::{LiveGraph, ReloadOutcome};
use crate::snapshot::Snapshot;

/// A reload that changed the content.
#[derive(Clone)]
pub struct Change {
    pub before: Arc<Snapshot>,
    pub after: Arc<Snapshot>,
}

/// Reloads, for every session of one server.
pub struct Hub {
    changes: broadcast::Sender<Change>,
    last: Mutex<Option<Arc<Snapshot>>>,
}

impl Hub {
    /// A hub told of every reload of `live` from now on.
    pub fn new(live: &LiveGraph) -> Arc<Self> {
        let (changes, _) = broadcast::channel(16);
        let hub = Arc::new(Self {
            changes,
            last: Mutex::new(live.current()),
        });
        let hearing = hub.clone();
        live.on_reload(move |outcome, live| {
            if matches!(outcome, ReloadOutcome::Reloaded { .. })
                && let Some(after) = live.current()
            {
                hearing.changed(after);
            }
        });
        hub
    }

    fn changed(&self, after: Arc<Snapshot>) {
        let before = self
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(after.clone());
        if let Some(before) = before {
            // No session listening is no error.
            let _ = self.changes.send(Change { before, after });
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }
}

/// The URIs one session follows.
#[derive(Debug, Default, Clone)]
pub struct Followed(Arc<Mutex<BTreeSet<String>>>);

impl Followed {
    /// Follows `uri`; true when this is the session's first.
    pub fn add(&self, uri: String) -> bool {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let first = set.is_empty();
        set.insert(uri);
        first
    }

    pub fn remove(&self, uri: &str) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(uri);
    }

    pub fn all(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }
}

/// Which of `uris` read differently after `change`; worked out on the
/// blocking pool, since a document's facts are a scan of the graph.
pub async fn changed(change: Change, uris: Vec<String>, budget: Budget) -> Vec<String> {
    tokio::task::spawn_blocking(move || {
        uris.into_iter()
            .filter(|uri| {
                fingerprint(&change.before, uri, budget) != fingerprint(&change.after, uri, budget)
            })
            .collect()
    })
    .await
    .unwrap_or_default()
}
