//! Query strings, parsed once at the edge: strict percent-decoding, unknown
//! and repeated parameters refused, numbers checked against their ranges.

use crate::matcher::closest_words;
use crate::query::bounds::{Bound, DEPTH, MAX_HOPS, PATHS};

/// Items in a page.
pub const LIMIT: Bound = Bound {
    name: "limit",
    min: 1,
    max: 1000,
    default: 50,
};
/// Items skipped before a page.
pub const OFFSET: Bound = Bound {
    name: "offset",
    min: 0,
    max: usize::MAX,
    default: 0,
};
/// Items in each list of a node's answer (relations each way, services,
/// sources); the totals say how many there are.
pub const NODE_ITEMS: Bound = Bound {
    name: "items",
    min: 0,
    max: 1000,
    default: 20,
};
/// Items in a page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = LIMIT.default;

/// Every numeric parameter any route takes, for the test that holds
/// openapi.yaml to them.
pub const BOUNDS: &[Bound] = &[LIMIT, OFFSET, NODE_ITEMS, DEPTH, MAX_HOPS, PATHS];

/// Numeric parameters whose range differs on one route from [`BOUNDS`].
pub const ROUTE_BOUNDS: &[(&str, Bound)] = &[(
    "/api/v1/nodes/{ref}/impact",
    crate::query::bounds::IMPACT_DEPTH,
)];

use percent_encoding::percent_decode_str;

use super::error::ApiError;

/// A request's decoded query parameters.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// The longest query string read (bytes).
const MAX_QUERY: usize = 8 * 1024;

impl Params {
    /// Decodes `raw`, refusing parameters not in `allowed`.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Result<Self, ApiError> {
        let raw = raw.unwrap_or_default();
        if raw.len() > MAX_QUERY {
            return Err(ApiError::bad(
                "query",
                format!("query string longer than {MAX_QUERY} bytes"),
            ));
        }
        let mut pairs = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name).map_err(|_| {
                ApiError::bad(
                    "query",
                    "a parameter name is not valid UTF-8 after percent-decoding",
                )
            })?;
            if !allowed.contains(&name.as_str()) {
                let suggestions = closest_words(&name, allowed.iter().copied(), 0.8, 5)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                let reason = format!(
                    "unknown parameter; this route takes: {}",
                    allowed.join(", ")
                );
                return Err(ApiError::BadParameter {
                    name,
                    reason,
                    suggestions,
                });
            }
            let value = decode(value)
                .map_err(|_| ApiError::bad(&name, "not valid UTF-8 after percent-decoding"))?;
            pairs.push((name, value));
        }
        Ok(Self { pairs })
    }

    /// Parameters built by the service itself (for `/ask`).
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Self {
            pairs: pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Every value given for `name`, comma-separated lists split.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The one value of `name`; repeating it is an error, an empty value is none.
    pub fn one(&self, name: &str) -> Result<Option<&str>, ApiError> {
        Ok(self
            .at_most_once(name)?
            .map(str::trim)
            .filter(|v| !v.is_empty()))
    }

    /// The one value of a typed parameter (a number, a boolean or one of a
    /// list of words), exactly as given: the schema of such a parameter has
    /// no empty value, so `name=` is an error rather than the default.
    pub fn typed(&self, name: &str) -> Result<Option<&str>, ApiError> {
        match self.at_most_once(name)? {
            Some("") => Err(ApiError::bad(name, "must not be empty")),
            other => Ok(other),
        }
    }

    /// The value of `name` as given, if any; repeating it is an error.
    fn at_most_once(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad(name, "given more than once"));
        }
        Ok(first)
    }

    /// A required value.
    pub fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.one(name)?
            .ok_or_else(|| ApiError::bad(name, "required"))
    }

    /// The number `bound` names, in its range; its default when absent.
    pub fn int(&self, bound: &Bound) -> Result<usize, ApiError> {
        let Some(text) = self.typed(bound.name)? else {
            return Ok(bound.default);
        };
        text.parse()
            .ok()
            .and_then(|value| bound.check(value))
            .ok_or_else(|| {
                ApiError::bad(
                    bound.name,
                    format!("must be an integer from {} to {}", bound.min, bound.max),
                )
            })
    }

    /// `true` or `false`, `default` when absent.
    pub fn bool(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.typed(name)? {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
            Some(_) => Err(ApiError::bad(name, "must be true or false")),
        }
    }

    /// [`LIMIT`] and [`OFFSET`].
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        Ok((self.int(&LIMIT)?, self.int(&OFFSET)?))
    }
}

/// Percent-decodes with `+` as space; invalid UTF-8 is an error.
fn decode(text: &str) -> Result<String, std::str::Utf8Error> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .map(|c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_splits() {
        let p = Params::parse(
            Some("relation=integrates+with&target=Azure%20Synapse&avoid=a,b&avoid=c"),
            &["relation", "target", "avoid"],
        )
        .unwrap();
        assert_eq!(p.one("relation").unwrap(), Some("integrates with"));
        assert_eq!(p.one("target").unwrap(), Some("Azure Synapse"));
        assert_eq!(p.all("avoid"), ["a", "b", "c"]);
    }

    #[test]
    fn refuses_unknown_repeated_and_invalid() {
        assert!(
            matches!(Params::parse(Some("relaton=x"), &["relation"]), Err(ApiError::BadParameter { suggestions, .. }) if suggestions == ["relation"])
        );
        let p = Params::parse(Some("limit=1&limit=2"), &["limit"]).unwrap();
        assert!(p.int(&LIMIT).is_err());
        assert!(Params::parse(Some("q=%FF"), &["q"]).is_err());
        let p = Params::parse(
            Some("limit=0&offset=-1&flag=maybe"),
            &["limit", "offset", "flag"],
        )
        .unwrap();
        assert!(p.int(&LIMIT).is_err());
        assert!(p.int(&OFFSET).is_err());
        assert!(p.bool("flag", false).is_err());
    }

    #[test]
    fn typed_parameters_are_neither_empty_nor_padded() {
        let p = Params::parse(
            Some("limit=&flag=&k=+2&word=out"),
            &["limit", "flag", "k", "word"],
        )
        .unwrap();
        assert!(p.int(&LIMIT).is_err());
        assert!(p.bool("flag", false).is_err());
        assert!(p.int(&PATHS).is_err());
        assert_eq!(p.typed("word").unwrap(), Some("out"));
        assert_eq!(p.typed("absent").unwrap(), None);
    }
}
