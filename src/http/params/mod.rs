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

use super::error::ApiError;

use crate::query::bounds::{Bound, Bounded, bounded};
use crate::query::choice::Choice;

mod decoded;

pub use decoded::Params;

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
