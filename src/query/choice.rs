//! Parameters that take one of a few words (a direction, a format, a
//! kind): the words and the default are written once, on the type, and read
//! by the HTTP parameters, the MCP tools, the CLI and the spec test.

/// A value named by one of a few words.
pub trait Choice: Copy + Sized + 'static {
    /// Every value, in the order an error lists them.
    const ALL: &'static [Self];
    /// The value when the parameter is absent, if it has one.
    const DEFAULT: Option<Self>;

    /// The word for this value.
    fn word(self) -> &'static str;

    /// The value `text` names; exact by default.
    fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.word() == text)
    }

    /// Every word, in order.
    fn words() -> Vec<&'static str> {
        Self::ALL.iter().map(|c| c.word()).collect()
    }

    /// The word of [`Self::DEFAULT`].
    fn default_word() -> Option<&'static str> {
        Self::DEFAULT.map(Self::word)
    }

    /// Why a word is not one of these: `must be a, b or c`.
    fn expected() -> String {
        let words = Self::words();
        match words.split_last() {
            Some((last, [])) => format!("must be {last}"),
            Some((last, rest)) => format!("must be {} or {last}", rest.join(", ")),
            None => "must be absent".to_owned(),
        }
    }

    /// `text` as a value, its default when absent, or why not.
    fn parse_or_default(text: Option<&str>) -> Result<Option<Self>, String> {
        match text {
            None => Ok(Self::DEFAULT),
            Some(text) => Self::parse(text).map(Some).ok_or_else(Self::expected),
        }
    }

    /// `text` as a value, [`Self::DEFAULT`] when absent (for choices that
    /// have one), or why not.
    fn or_default(text: Option<&str>) -> Result<Self, String> {
        Self::parse_or_default(text)
            .map(|value| value.expect("a choice read with a default has one"))
    }

    /// `text` as a value, for clap's value parser.
    fn value_parser(text: &str) -> Result<Self, String> {
        Self::parse(text).ok_or_else(Self::expected)
    }
}

/// Node kinds; case does not matter. No default: absent is every kind.
impl Choice for crate::graph::NodeKind {
    const ALL: &'static [Self] = &Self::ALL;
    const DEFAULT: Option<Self> = None;

    fn word(self) -> &'static str {
        self.as_str()
    }

    fn parse(text: &str) -> Option<Self> {
        crate::graph::NodeKind::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeKind;
    use crate::query::impact::ImpactDirection;
    use crate::query::neighbors::Direction;

    #[test]
    fn errors_list_every_word() {
        assert_eq!(Direction::expected(), "must be out, in or both");
        assert_eq!(
            ImpactDirection::expected(),
            "must be dependents or dependencies"
        );
        assert_eq!(NodeKind::expected(), "must be category, service or concept");
    }

    #[test]
    fn absent_is_the_default_and_unknown_an_error() {
        assert_eq!(Direction::parse_or_default(None), Ok(Some(Direction::Both)));
        assert_eq!(
            Direction::parse_or_default(Some("in")),
            Ok(Some(Direction::In))
        );
        assert!(Direction::parse_or_default(Some("In")).is_err());
        assert_eq!(NodeKind::parse_or_default(None), Ok(None));
        assert_eq!(Direction::or_default(None), Ok(Direction::Both));
        assert_eq!(
            NodeKind::parse_or_default(Some("Service")),
            Ok(Some(NodeKind::Service))
        );
    }
}
