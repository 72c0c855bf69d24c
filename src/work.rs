//! Budgets of work and cooperative cancellation, for every computation
//! whose cost grows with the graph.
//!
//! One unit everywhere: a node or an edge examined, a name compared, an
//! element produced (the unit of the path budget). A [`Budget`] counts it
//! and also watches a [`Cancel`] flag, so a computation stops at its limit
//! *or* as soon as whoever asked for it no longer wants it: a request that
//! timed out, a client that left, a server shutting down, a graph version
//! that was replaced. Nothing here knows who sets the flag.
//!
//! The flag reaches the computation either explicitly ([`Budget::with_cancel`])
//! or through [`scoped`], which makes a flag the current one of the thread
//! while a closure runs: the caller that moves work to a thread sets it
//! once, and every budget made on that thread picks it up.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A shared "stop now" flag, optionally tied to a parent (a request's flag
/// under the server's): cancelled when either is.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    own: Arc<AtomicBool>,
    parent: Option<Arc<AtomicBool>>,
    /// Cancelled by itself from this instant on.
    deadline: Option<Instant>,
}

impl Cancel {
    /// A flag of its own, not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new flag that is also cancelled when `self` is.
    pub fn child(&self) -> Self {
        Self {
            own: Arc::new(AtomicBool::new(false)),
            parent: Some(self.own.clone()),
            deadline: None,
        }
    }

    /// A new flag that is also cancelled when `self` is, and by itself
    /// once `deadline` has passed.
    pub fn child_until(&self, deadline: Instant) -> Self {
        Self {
            deadline: Some(deadline),
            ..self.child()
        }
    }

    /// Whether the flag's deadline has passed.
    pub fn ran_out(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Asks every holder to stop.
    pub fn cancel(&self) {
        self.own.store(true, Ordering::Release);
    }

    pub fn is_cancelled(&self) -> bool {
        self.own.load(Ordering::Acquire)
            || self
                .parent
                .as_ref()
                .is_some_and(|p| p.load(Ordering::Acquire))
            || self.ran_out()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Cancel>> = const { RefCell::new(None) };
}

/// Runs `work` with `cancel` as this thread's current flag: budgets made
/// inside it stop when it is cancelled.
pub fn scoped<R>(cancel: &Cancel, work: impl FnOnce() -> R) -> R {
    struct Restore(Option<Cancel>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
    let previous = CURRENT.with(|c| c.borrow_mut().replace(cancel.clone()));
    let _restore = Restore(previous);
    work()
}

/// This thread's current flag, if one is set.
pub fn current() -> Option<Cancel> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Whether this thread's current work has been cancelled.
pub fn cancelled() -> bool {
    CURRENT.with(|c| c.borrow().as_ref().is_some_and(Cancel::is_cancelled))
}

/// Why a computation stopped before it finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Exhausted {
    #[error("the computation needs more than {limit} units of work")]
    Spent { limit: usize },
    #[error("the computation was cancelled")]
    Cancelled,
}

/// Work a computation may still do, and the flag that stops it early.
#[derive(Debug, Clone)]
pub struct Budget {
    limit: usize,
    spent: usize,
    cancel: Option<Cancel>,
}

impl Budget {
    /// `limit` units, stopped early by this thread's current flag (see
    /// [`scoped`]).
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            spent: 0,
            cancel: current(),
        }
    }

    /// `limit` units, stopped early by `cancel`.
    pub fn with_cancel(limit: usize, cancel: Cancel) -> Self {
        Self {
            limit,
            spent: 0,
            cancel: Some(cancel),
        }
    }

    /// Records `units` of work; an error once the limit is passed or the
    /// work is cancelled.
    pub fn spend(&mut self, units: usize) -> Result<(), Exhausted> {
        self.spent = self.spent.saturating_add(units);
        if self.spent > self.limit {
            return Err(Exhausted::Spent { limit: self.limit });
        }
        self.check()
    }

    /// An error if the work was cancelled; spends nothing.
    pub fn check(&self) -> Result<(), Exhausted> {
        match &self.cancel {
            Some(c) if c.is_cancelled() => Err(Exhausted::Cancelled),
            _ => Ok(()),
        }
    }

    /// Whether `units` more would pass the limit.
    pub fn would_exceed(&self, units: usize) -> bool {
        self.spent.saturating_add(units) > self.limit
    }

    pub fn spent(&self) -> usize {
        self.spent
    }

    pub fn limit(&self) -> usize {
        self.limit
    }
}

/// Lowers this thread's scheduling priority to the nice value `nice`, so
/// that the threads answering probes and accepting connections keep the
/// processors. Linux gives each thread its own nice value: `setpriority`
/// on this thread's id. Best effort (raising it again needs privileges).
#[cfg(target_os = "linux")]
pub fn lower_this_threads_priority(nice: i32) {
    let id = rustix::thread::gettid();
    if rustix::process::getpriority_process(Some(id)).is_ok_and(|now| now < nice) {
        let _ = rustix::process::setpriority_process(Some(id), nice);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn lower_this_threads_priority(_nice: i32) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_stops_at_its_limit() {
        let mut budget = Budget::new(10);
        assert!(budget.spend(10).is_ok());
        assert_eq!(budget.spend(1), Err(Exhausted::Spent { limit: 10 }));
    }

    #[test]
    fn a_flag_with_a_deadline_cancels_itself_when_it_passes() {
        let server = Cancel::new();
        let later = server.child_until(Instant::now() + std::time::Duration::from_secs(3600));
        assert!(!later.is_cancelled() && !later.ran_out());
        let past = server.child_until(Instant::now());
        assert!(past.is_cancelled() && past.ran_out());
        server.cancel();
        assert!(later.is_cancelled() && !later.ran_out());
    }

    #[test]
    fn a_budget_stops_when_its_flag_is_cancelled() {
        let server = Cancel::new();
        let request = server.child();
        let mut budget = Budget::with_cancel(usize::MAX, request.clone());
        assert!(budget.spend(1).is_ok());
        server.cancel();
        assert_eq!(budget.spend(1), Err(Exhausted::Cancelled));
        assert!(request.is_cancelled());
        assert!(!Cancel::new().child().is_cancelled());
    }

    #[test]
    fn scoped_flags_reach_budgets_made_inside_and_are_restored() {
        let cancel = Cancel::new();
        assert!(!cancelled());
        scoped(&cancel, || {
            let budget = Budget::new(5);
            cancel.cancel();
            assert!(cancelled());
            assert_eq!(budget.check(), Err(Exhausted::Cancelled));
        });
        assert!(!cancelled());
        assert!(Budget::new(5).check().is_ok());
    }
}
