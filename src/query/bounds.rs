//! The ranges and defaults of the numbers a query takes, written once: the
//! query layer's defaults, the HTTP handlers, the CLI and the test that
//! holds openapi.yaml to them all read these.

/// A whole-number parameter: its name, range and default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    pub name: &'static str,
    pub min: usize,
    pub max: usize,
    pub default: usize,
}

impl Bound {
    /// `value` if it is in range.
    pub fn check(&self, value: usize) -> Option<usize> {
        (self.min..=self.max).contains(&value).then_some(value)
    }
}

/// Relation hops around a node, for neighbourhoods and exports.
pub const DEPTH: Bound = Bound {
    name: "depth",
    min: 1,
    max: 5,
    default: 1,
};

/// The longest path a search considers.
pub const MAX_HOPS: Bound = Bound {
    name: "max_hops",
    min: 1,
    max: 32,
    default: 16,
};

/// How many paths, shortest first.
pub const PATHS: Bound = Bound {
    name: "k",
    min: 1,
    max: 10,
    default: 1,
};

/// Dependence steps an impact question follows (a transitive closure, so
/// deeper by default than a neighbourhood).
pub const IMPACT_DEPTH: Bound = Bound {
    name: "depth",
    min: 1,
    max: 16,
    default: 8,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_the_range() {
        assert_eq!(DEPTH.check(0), None);
        assert_eq!(DEPTH.check(1), Some(1));
        assert_eq!(DEPTH.check(5), Some(5));
        assert_eq!(DEPTH.check(6), None);
        assert!(MAX_HOPS.check(MAX_HOPS.default).is_some());
    }
}
