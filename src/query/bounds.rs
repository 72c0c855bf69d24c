//! The ranges and defaults of the numbers a query takes, written once: the
//! query layer's defaults, the HTTP handlers, the CLI and the test that
//! holds openapi.yaml to them all read these. Each bound has a newtype
//! ([`Depth`], [`MaxHops`], [`PathCount`], [`ImpactDepth`]) whose value is
//! in range by construction.

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

    /// `text` as a number in range, or why not.
    pub fn parse(&self, text: &str) -> Result<usize, String> {
        text.parse()
            .ok()
            .and_then(|value| self.check(value))
            .ok_or_else(|| format!("must be an integer from {} to {}", self.min, self.max))
    }
}

/// A number parsed against its [`Bound`]: its newtypes hold only values in
/// range.
pub trait Bounded: Copy + Sized {
    const BOUND: Bound;
    /// The value, in range.
    fn get(self) -> usize;
    /// `value` if it is in range.
    fn new(value: usize) -> Option<Self>;
    /// The bound's default.
    fn default_value() -> Self {
        Self::new(Self::BOUND.default).expect("a bound's default is in its range")
    }
    /// `text` as a number in range, or why not (clap's value parser too).
    fn parse(text: &str) -> Result<Self, String> {
        Self::BOUND
            .parse(text)
            .map(|value| Self::new(value).expect("checked"))
    }
}

/// Declares a newtype of a number in the range of a [`Bound`].
macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident = $bound:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(usize);

        impl $crate::query::bounds::Bounded for $name {
            const BOUND: $crate::query::bounds::Bound = $bound;
            fn get(self) -> usize {
                self.0
            }
            fn new(value: usize) -> Option<Self> {
                Self::BOUND.check(value).map(Self)
            }
        }

        impl Default for $name {
            fn default() -> Self {
                <Self as $crate::query::bounds::Bounded>::default_value()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use bounded;

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

bounded!(
    /// [`DEPTH`]: relation hops around a node.
    Depth = DEPTH
);
bounded!(
    /// [`MAX_HOPS`]: the longest path a search considers.
    MaxHops = MAX_HOPS
);
bounded!(
    /// [`PATHS`]: how many paths, shortest first.
    PathCount = PATHS
);
bounded!(
    /// [`IMPACT_DEPTH`]: dependence steps an impact question follows.
    ImpactDepth = IMPACT_DEPTH
);

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

    #[test]
    fn newtypes_parse_in_range_only() {
        assert_eq!(Depth::parse("5").map(Depth::get), Ok(5));
        assert_eq!(
            Depth::parse("6"),
            Err("must be an integer from 1 to 5".to_owned())
        );
        assert!(Depth::parse(" 2").is_err());
        assert_eq!(ImpactDepth::default().get(), IMPACT_DEPTH.default);
        assert_eq!(PathCount::new(0), None);
    }
}
