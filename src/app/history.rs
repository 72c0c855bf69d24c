//! The snapshots the server has served, the last few of them, so it can
//! say what changed between any two (`/api/v1/changes`) and replay the
//! changes a reconnecting subscriber missed (`/api/v1/events`).
//!
//! Recording a snapshot is cheap (a pointer kept, the oldest let go, one
//! message to subscribers) so it may run in the reload observer; diffs are
//! computed on demand by the caller, off the async workers, and the last
//! few are kept so that many subscribers share one computation. A
//! `std::sync::Mutex` guards the list: it is never held across an await
//! and only for pointer work.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use crate::diff::{Diff, diff};
use crate::lint::{self, Finding};
use crate::snapshot::Snapshot;

/// How many snapshots to keep, and how much memory they may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep {
    /// Snapshots kept, the current one included (at least 1).
    pub snapshots: usize,
    /// Estimated bytes the kept snapshots may take; the oldest go first.
    /// The current snapshot is always kept.
    pub bytes: usize,
}

impl Default for Keep {
    fn default() -> Self {
        Keep {
            snapshots: 8,
            bytes: 256 * 1024 * 1024,
        }
    }
}

/// A reload that changed the content: the version served now and the one
/// before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub version: String,
    pub previous: String,
}

/// Diffs kept for reuse.
const DIFFS_KEPT: usize = 8;
/// Changes buffered for a slow subscriber before it misses some (and is
/// told to reconnect, which replays them from the kept snapshots).
const EVENT_BUFFER: usize = 64;

#[derive(Default)]
struct Kept {
    snapshots: VecDeque<Arc<Snapshot>>,
    bytes: usize,
    diffs: VecDeque<Arc<Diff>>,
    findings: Option<Arc<Vec<Finding>>>,
    findings_version: String,
}

/// The served snapshots, oldest first.
pub struct History {
    keep: Keep,
    kept: Mutex<Kept>,
    events: broadcast::Sender<Arc<Change>>,
}

impl Default for History {
    fn default() -> Self {
        Self::new(Keep::default())
    }
}

/// A rough size of a snapshot in memory: enough to bound many of them.
pub fn estimated_bytes(snapshot: &Snapshot) -> usize {
    let g = &snapshot.graph;
    let names: usize = g.nodes().map(|(_, n)| n.name.len() * 3 + 160).sum();
    names + g.edge_count() * 96 + snapshot.diagnostics.len() * 160 + 4096
}

impl History {
    pub fn new(keep: Keep) -> Self {
        Self {
            keep: Keep {
                snapshots: keep.snapshots.max(1),
                ..keep
            },
            kept: Mutex::new(Kept::default()),
            events: broadcast::channel(EVENT_BUFFER).0,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Keeps `snapshot` as the newest; tells subscribers when it follows
    /// another version. The same version twice is kept once.
    pub fn record(&self, snapshot: Arc<Snapshot>) {
        let change = {
            let mut kept = self.lock();
            let previous = kept.snapshots.back().map(|s| s.version.clone());
            if previous.as_ref() == Some(&snapshot.version) {
                return;
            }
            kept.bytes += estimated_bytes(&snapshot);
            kept.snapshots.retain(|s| s.version != snapshot.version);
            let version = snapshot.version.clone();
            kept.snapshots.push_back(snapshot);
            while kept.snapshots.len() > 1
                && (kept.snapshots.len() > self.keep.snapshots || kept.bytes > self.keep.bytes)
            {
                let oldest = kept.snapshots.pop_front().expect("more than one");
                kept.bytes = kept.bytes.saturating_sub(estimated_bytes(&oldest));
            }
            previous.map(|previous| Change { version, previous })
        };
        if let Some(change) = change {
            // No subscriber is not an error.
            let _ = self.events.send(Arc::new(change));
        }
    }

    /// The kept versions, oldest first.
    pub fn versions(&self) -> Vec<String> {
        self.lock()
            .snapshots
            .iter()
            .map(|s| s.version.clone())
            .collect()
    }

    /// The kept snapshot of `version`.
    pub fn get(&self, version: &str) -> Option<Arc<Snapshot>> {
        self.lock()
            .snapshots
            .iter()
            .find(|s| s.version == version)
            .cloned()
    }

    /// The version kept just before `version`.
    pub fn before(&self, version: &str) -> Option<String> {
        let kept = self.lock();
        let at = kept.snapshots.iter().position(|s| s.version == version)?;
        at.checked_sub(1).map(|i| kept.snapshots[i].version.clone())
    }

    /// The changes after `version`, oldest first, for a subscriber that saw
    /// it last; `None` when it is no longer kept.
    pub fn changes_after(&self, version: &str) -> Option<Vec<Change>> {
        let kept = self.lock();
        let at = kept.snapshots.iter().position(|s| s.version == version)?;
        let versions: Vec<&String> = kept.snapshots.iter().map(|s| &s.version).collect();
        Some(
            versions[at..]
                .windows(2)
                .map(|w| Change {
                    previous: w[0].clone(),
                    version: w[1].clone(),
                })
                .collect(),
        )
    }

    /// Changes as they are recorded.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Change>> {
        self.events.subscribe()
    }

    /// The diff between two kept versions; `None` when either is not kept.
    /// Blocking work that grows with the graphs: call it off async workers.
    pub fn diff(&self, from: &str, to: &str) -> Option<Arc<Diff>> {
        let (old, new) = {
            let kept = self.lock();
            if let Some(d) = kept.diffs.iter().find(|d| d.from == from && d.to == to) {
                return Some(d.clone());
            }
            let find = |v: &str| kept.snapshots.iter().find(|s| s.version == v).cloned();
            (find(from)?, find(to)?)
        };
        let computed = Arc::new(diff(&old, &new));
        let mut kept = self.lock();
        kept.diffs.push_back(computed.clone());
        if kept.diffs.len() > DIFFS_KEPT {
            kept.diffs.pop_front();
        }
        Some(computed)
    }

    /// The checks' findings for `snapshot`, computed once per version.
    /// Blocking: call it off async workers.
    pub fn findings(&self, snapshot: &Snapshot) -> Arc<Vec<Finding>> {
        {
            let kept = self.lock();
            if let Some(f) = &kept.findings
                && kept.findings_version == snapshot.version
            {
                return f.clone();
            }
        }
        let findings = Arc::new(lint::check(snapshot));
        let mut kept = self.lock();
        kept.findings = Some(findings.clone());
        kept.findings_version = snapshot.version.clone();
        findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Source, from_sources};

    fn snap(body: &str) -> Arc<Snapshot> {
        let text = format!("```mermaid\nmindmap\n  C\n{body}```\n");
        Arc::new(from_sources(&[Source::new("m.md", text)], vec![]))
    }

    #[test]
    fn keeps_the_last_few_and_tells_subscribers() {
        let history = History::new(Keep {
            snapshots: 2,
            ..Keep::default()
        });
        let mut events = history.subscribe();
        let (a, b, c) = (snap("    A\n"), snap("    B\n"), snap("    C2\n"));
        history.record(a.clone());
        history.record(a.clone());
        assert!(events.try_recv().is_err(), "the first is no change");
        history.record(b.clone());
        history.record(c.clone());
        assert_eq!(history.versions(), [b.version.clone(), c.version.clone()]);
        let first = events.try_recv().unwrap();
        assert_eq!((&first.previous, &first.version), (&a.version, &b.version));
        assert_eq!(history.before(&c.version), Some(b.version.clone()));
        assert_eq!(history.changes_after(&b.version).unwrap().len(), 1);
        assert!(history.changes_after(&a.version).is_none());
        let d = history.diff(&b.version, &c.version).unwrap();
        assert_eq!(d.nodes_added[0].name, "C2");
        assert!(Arc::ptr_eq(
            &d,
            &history.diff(&b.version, &c.version).unwrap()
        ));
    }

    #[test]
    fn the_memory_bound_lets_the_oldest_go_but_keeps_the_current() {
        let history = History::new(Keep {
            snapshots: 10,
            bytes: 1,
        });
        history.record(snap("    A\n"));
        let b = snap("    B\n");
        history.record(b.clone());
        assert_eq!(history.versions(), std::slice::from_ref(&b.version));
    }

    #[test]
    fn findings_are_computed_once_per_version() {
        let history = History::default();
        let a = snap("    Lonely\n");
        let first = history.findings(&a);
        assert_eq!(first[0].rule.id, "isolated-service");
        assert!(Arc::ptr_eq(&first, &history.findings(&a)));
    }
}
