//! What every handler shares: the current snapshot, swapped whole.
//!
//! `ArcSwapOption` rather than a lock: a reader takes the current `Arc` in
//! a few atomic operations and keeps it for the whole request, so a request
//! is answered from one graph version, and a swap never waits for readers
//! nor readers for a swap.

use std::sync::Arc;

use arc_swap::ArcSwapOption;

use super::error::ApiError;
use crate::load::Snapshot;

#[derive(Clone, Default)]
pub struct AppState {
    snapshot: Arc<ArcSwapOption<Snapshot>>,
    limits: Limits,
}

/// Bounds on the work one request may do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Edges one path query may examine; see [`crate::query::path::WORK_BUDGET`].
    pub path_work_budget: usize,
    /// Nodes plus edges one `/api/v1/graph` export may hold.
    pub export_max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            path_work_budget: crate::query::path::WORK_BUDGET,
            export_max_elements: 250_000,
        }
    }
}

impl AppState {
    /// A state with no graph yet: `/readyz` answers 503 until one is installed.
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn with_snapshot(snapshot: Snapshot) -> Self {
        let state = Self::empty();
        state.install(snapshot);
        state
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Makes `snapshot` the one every new request sees.
    pub fn install(&self, snapshot: Snapshot) {
        self.snapshot.store(Some(Arc::new(snapshot)));
    }

    /// The current snapshot, or `NotReady`.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        self.snapshot.load_full().ok_or(ApiError::NotReady)
    }
}
