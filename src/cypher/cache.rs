//! Plans kept for reuse: parsing and planning cost more than running a
//! small query, and a served graph never changes, so the plan of a query
//! text with its parameters is worked out once per graph version.
//!
//! Bounded: at capacity the cache is emptied and fills again, which keeps
//! it simple and its memory capped; the lock is held only to look up or
//! insert.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::plan::Plan;
use super::{Bounds, CypherError, Mode, Parameters, Rules};
use crate::graph::KnowledgeGraph;

/// Plans a cache holds at most.
pub const CAPACITY: usize = 512;

/// What a plan depends on besides the graph: its version, the text, the
/// parameters (as JSON) and the depth bound.
type Key = (String, String, String, usize);

/// Planned queries by graph version, text and parameters.
#[derive(Debug, Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<Key, Arc<(Mode, Plan)>>>,
}

impl PlanCache {
    /// The plan of `text` over the graph of `version`, planned now if it is
    /// not kept yet. Errors are not kept.
    pub fn plan(
        &self,
        graph: &KnowledgeGraph,
        version: &str,
        text: &str,
        parameters: &Parameters,
        bounds: &Bounds,
    ) -> Result<Arc<(Mode, Plan)>, CypherError> {
        let key = (
            version.to_owned(),
            text.to_owned(),
            serde_json::Value::Object(parameters.clone()).to_string(),
            bounds.max_depth,
        );
        if let Some(plan) = self.lock().get(&key) {
            return Ok(plan.clone());
        }
        let planned = Arc::new(super::plan(graph, text, parameters, bounds, Rules::ALL)?);
        let mut plans = self.lock();
        if plans.len() >= CAPACITY {
            plans.clear();
        }
        plans.insert(key, planned.clone());
        Ok(planned)
    }

    /// How many plans are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Arc<(Mode, Plan)>>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.plans.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_kept_per_version_text_and_parameters() {
        let s = crate::snapshot::load(&["data".into()]).unwrap();
        let cache = PlanCache::default();
        let bounds = Bounds::default();
        let none = Parameters::new();
        let q = "MATCH (n {name: $n}) RETURN n.id";
        let mut one = Parameters::new();
        one.insert("n".into(), "App Service".into());
        let a = cache.plan(&s.graph, "v1", q, &one, &bounds).unwrap();
        let b = cache.plan(&s.graph, "v1", q, &one, &bounds).unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let c = cache.plan(&s.graph, "v2", q, &one, &bounds).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert!(cache.plan(&s.graph, "v1", q, &none, &bounds).is_err());
        assert_eq!(cache.len(), 2);
        for i in 0..CAPACITY {
            cache
                .plan(&s.graph, "v1", &format!("RETURN {i}"), &none, &bounds)
                .unwrap();
        }
        assert!(cache.len() <= CAPACITY);
    }
}
