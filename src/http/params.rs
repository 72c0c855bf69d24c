//! Query strings, parsed once at the edge: strict percent-decoding, unknown
//! and repeated parameters refused, numbers checked against their ranges.
//!
//! Each endpoint's parameters are one struct implementing [`QueryParams`]:
//! its [`Param`]s (names, ranges, words and defaults) are the route table's
//! list, the names the strict check accepts and what the spec test holds
//! openapi.yaml to; [`QueryParams::read`] parses them once into newtypes,
//! and handlers take the struct with the [`Query`] extractor.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use percent_encoding::percent_decode_str;

use super::error::ApiError;

use crate::matcher::closest_words;
use crate::query::bounds::{Bound, Bounded, bounded};
use crate::query::choice::Choice;

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

bounded!(
    /// [`LIMIT`]: items in a page.
    Limit = LIMIT
);
bounded!(
    /// [`OFFSET`]: items skipped before a page.
    Offset = OFFSET
);
bounded!(
    /// [`NODE_ITEMS`]: items in each list of a node's answer.
    NodeItems = NODE_ITEMS
);

/// One query parameter as the route takes it.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
}

/// What a parameter's value is.
#[derive(Debug, Clone, Copy)]
pub enum ParamKind {
    /// A text; empty is absent unless it is required.
    Text { required: bool },
    /// Texts, repeated or comma-separated.
    List,
    /// A whole number in a range, with a default.
    Int(Bound),
    /// `true` or `false` (`1`, `0`), with a default.
    Bool(bool),
    /// One of a few words, perhaps with a default.
    Word {
        words: fn() -> Vec<&'static str>,
        default: fn() -> Option<&'static str>,
    },
}

impl Param {
    /// An optional text.
    pub const fn text(name: &'static str) -> Self {
        Self::of(name, ParamKind::Text { required: false })
    }
    /// A required text.
    pub const fn required(name: &'static str) -> Self {
        Self::of(name, ParamKind::Text { required: true })
    }
    /// A list of texts.
    pub const fn list(name: &'static str) -> Self {
        Self::of(name, ParamKind::List)
    }
    /// The number a [`Bounded`] newtype holds.
    pub const fn int<T: Bounded>() -> Self {
        Self::of(T::BOUND.name, ParamKind::Int(T::BOUND))
    }
    /// A boolean with its default.
    pub const fn flag(name: &'static str, default: bool) -> Self {
        Self::of(name, ParamKind::Bool(default))
    }
    /// One of a [`Choice`]'s words.
    pub const fn word<T: Choice>(name: &'static str) -> Self {
        Self::of(
            name,
            ParamKind::Word {
                words: T::words,
                default: T::default_word,
            },
        )
    }
    const fn of(name: &'static str, kind: ParamKind) -> Self {
        Self { name, kind }
    }
}

/// An endpoint's query parameters, parsed once.
pub trait QueryParams: Sized {
    /// Every parameter the endpoint takes, in the order errors list them.
    const PARAMS: &'static [Param];
    /// Parses the decoded parameters (only those in [`Self::PARAMS`]).
    fn read(params: &Params) -> Result<Self, ApiError>;
}

/// The extractor of an endpoint's [`QueryParams`].
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: QueryParams> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let params = Params::parse(parts.uri.query(), T::PARAMS)?;
        T::read(&params).map(Query)
    }
}

/// A route that takes no query parameters (any given is a 400).
#[derive(Debug, Clone, Copy)]
pub struct NoParams;

impl QueryParams for NoParams {
    const PARAMS: &'static [Param] = &[];
    fn read(_: &Params) -> Result<Self, ApiError> {
        Ok(NoParams)
    }
}

/// `limit` and `offset`.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub limit: Limit,
    pub offset: Offset,
}

impl Paging {
    /// The two parameters, for a route's list.
    pub const PARAMS: [Param; 2] = [Param::int::<Limit>(), Param::int::<Offset>()];

    pub fn read(params: &Params) -> Result<Self, ApiError> {
        Ok(Self {
            limit: params.int()?,
            offset: params.int()?,
        })
    }

    pub fn limit(self) -> usize {
        self.limit.get()
    }

    pub fn offset(self) -> usize {
        self.offset.get()
    }
}

/// A route that takes only [`Paging`].
pub struct PageParams(pub Paging);

impl QueryParams for PageParams {
    const PARAMS: &'static [Param] = &Paging::PARAMS;
    fn read(params: &Params) -> Result<Self, ApiError> {
        Paging::read(params).map(Self)
    }
}

/// A name of a node as typed, trimmed and not empty; not yet resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeName(String);

impl NodeName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text parameter, trimmed and not empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Relation names as typed (`relation`, repeated or comma-separated), not
/// yet looked up; empty when none is given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationNames(pub Vec<String>);

/// A request's decoded query parameters.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// The longest query string read (bytes).
const MAX_QUERY: usize = 8 * 1024;

impl Params {
    /// Decodes `raw`, refusing parameters not in `allowed`.
    pub fn parse(raw: Option<&str>, allowed: &[Param]) -> Result<Self, ApiError> {
        let allowed: Vec<&str> = allowed.iter().map(|p| p.name).collect();
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

    /// A required text.
    pub fn required(&self, name: &str) -> Result<Text, ApiError> {
        self.text(name)?
            .ok_or_else(|| ApiError::bad(name, "required"))
    }

    /// An optional text.
    pub fn text(&self, name: &str) -> Result<Option<Text>, ApiError> {
        Ok(self.one(name)?.map(|v| Text(v.to_owned())))
    }

    /// An optional node name.
    pub fn node(&self, name: &str) -> Result<Option<NodeName>, ApiError> {
        Ok(self.one(name)?.map(|v| NodeName(v.to_owned())))
    }

    /// A required node name.
    pub fn required_node(&self, name: &str) -> Result<NodeName, ApiError> {
        self.node(name)?
            .ok_or_else(|| ApiError::bad(name, "required"))
    }

    /// Every node name given for `name`.
    pub fn nodes(&self, name: &str) -> Vec<NodeName> {
        self.all(name)
            .into_iter()
            .map(|v| NodeName(v.to_owned()))
            .collect()
    }

    /// The relation names given (`relation`).
    pub fn relations(&self) -> RelationNames {
        RelationNames(
            self.all("relation")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        )
    }

    /// The number of a [`Bounded`] newtype; its default when absent.
    pub fn int<T: Bounded>(&self) -> Result<T, ApiError> {
        Ok(self.int_given()?.unwrap_or_else(T::default_value))
    }

    /// The number of a [`Bounded`] newtype, if given.
    pub fn int_given<T: Bounded>(&self) -> Result<Option<T>, ApiError> {
        let name = T::BOUND.name;
        self.typed(name)?
            .map(|text| T::parse(text).map_err(|reason| ApiError::bad(name, reason)))
            .transpose()
    }

    /// `true` or `false` (`1`, `0`), the flag's default when absent.
    pub fn flag(&self, flag: &Param) -> Result<bool, ApiError> {
        let ParamKind::Bool(default) = flag.kind else {
            unreachable!("{} is declared a flag", flag.name)
        };
        match self.typed(flag.name)? {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") || v == "1" => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") || v == "0" => Ok(false),
            Some(_) => Err(ApiError::bad(flag.name, "must be true or false")),
        }
    }

    /// One of a [`Choice`]'s words; its default (if any) when absent.
    pub fn word<T: Choice>(&self, name: &str) -> Result<Option<T>, ApiError> {
        T::parse_or_default(self.typed(name)?).map_err(|reason| ApiError::bad(name, reason))
    }

    /// One of a [`Choice`]'s words, or its default.
    pub fn word_or_default<T: Choice>(&self, name: &str) -> Result<T, ApiError> {
        T::or_default(self.typed(name)?).map_err(|reason| ApiError::bad(name, reason))
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
            &[
                Param::list("relation"),
                Param::text("target"),
                Param::list("avoid"),
            ],
        )
        .unwrap();
        assert_eq!(p.one("relation").unwrap(), Some("integrates with"));
        assert_eq!(p.one("target").unwrap(), Some("Azure Synapse"));
        assert_eq!(p.all("avoid"), ["a", "b", "c"]);
    }

    const FLAG: Param = Param::flag("flag", false);

    #[test]
    fn refuses_unknown_repeated_and_invalid() {
        assert!(
            matches!(Params::parse(Some("relaton=x"), &[Param::list("relation")]), Err(ApiError::BadParameter { suggestions, .. }) if suggestions == ["relation"])
        );
        let p = Params::parse(Some("limit=1&limit=2"), &Paging::PARAMS).unwrap();
        assert!(p.int::<Limit>().is_err());
        assert!(Params::parse(Some("q=%FF"), &[Param::text("q")]).is_err());
        let p = Params::parse(
            Some("limit=0&offset=-1&flag=maybe"),
            &[Paging::PARAMS[0], Paging::PARAMS[1], FLAG],
        )
        .unwrap();
        assert!(p.int::<Limit>().is_err());
        assert!(p.int::<Offset>().is_err());
        assert!(p.flag(&FLAG).is_err());
    }

    #[test]
    fn typed_parameters_are_neither_empty_nor_padded() {
        use crate::query::bounds::PathCount;
        use crate::query::neighbors::Direction;
        let p = Params::parse(
            Some("limit=&flag=&k=+2&word=out&other="),
            &[
                Param::int::<Limit>(),
                FLAG,
                Param::int::<PathCount>(),
                Param::word::<Direction>("word"),
                Param::word::<Direction>("other"),
            ],
        )
        .unwrap();
        assert!(p.int::<Limit>().is_err());
        assert!(p.flag(&FLAG).is_err());
        assert!(p.int::<PathCount>().is_err());
        assert_eq!(p.word::<Direction>("word").unwrap(), Some(Direction::Out));
        assert!(p.word::<Direction>("other").is_err());
        assert_eq!(
            p.word::<Direction>("absent").unwrap(),
            Some(Direction::Both)
        );
    }

    #[test]
    fn absent_values_are_the_declared_defaults() {
        let p = Params::parse(None, &[FLAG]).unwrap();
        assert_eq!(p.int::<Limit>().unwrap().get(), LIMIT.default);
        assert_eq!(p.int_given::<Limit>().unwrap(), None);
        assert!(!p.flag(&FLAG).unwrap());
        assert!(p.flag(&Param::flag("flag", true)).unwrap());
        assert!(p.text("q").unwrap().is_none());
        assert!(p.required("q").is_err());
    }
}
