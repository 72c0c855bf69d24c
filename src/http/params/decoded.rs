//! A query string decoded once: strict percent-decoding (`+` is a space,
//! invalid UTF-8 a 400), unknown and repeated parameters refused with a
//! "did you mean", and each value read as the type its [`Param`] declares.

use percent_encoding::percent_decode_str;

use super::{NodeName, Param, ParamKind, RelationNames, Text};
use crate::http::error::ApiError;
use crate::matcher::closest_words;
use crate::query::bounds::Bounded;
use crate::query::choice::Choice;

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
    use crate::http::params::{LIMIT, Limit, Offset, Paging};

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
