//! A node line's label: Mermaid shapes, quotes, and the trailing acronym.

use crate::text::collapse_whitespace;

/// Mermaid mindmap shapes as (opening, closing) delimiters. Longer
/// delimiters come first so `((t))` is not read as `(` + `(t)` + `)`.
pub(super) const SHAPES: &[(&str, &str)] = &[
    ("((", "))"),
    ("))", "(("),
    ("{{", "}}"),
    ("(", ")"),
    (")", "("),
    ("[", "]"),
];

/// What a node line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The name, white space collapsed.
    pub name: String,
    /// An acronym from a trailing `(ACRONYM)`, e.g. `LUIS`.
    pub alias: Option<String>,
}

/// Reads a node line (indentation already removed).
///
/// A line that is only an optional id followed by one shape has the shape's
/// text as its label; every other line is plain text and is the label whole.
pub fn parse_label(content: &str) -> Label {
    let content = content.trim();
    let text = shaped_text(content).unwrap_or(content);
    let name = collapse_whitespace(unquote(text.trim()));
    let alias = trailing_acronym(&name).map(str::to_owned);
    Label { name, alias }
}

/// The text inside `id<open>text<close>`, when the line is exactly that.
pub(super) fn shaped_text(content: &str) -> Option<&str> {
    let rest = &content[id_len(content)..];
    SHAPES.iter().find_map(|(open, close)| {
        let inner = rest.strip_prefix(open)?.strip_suffix(close)?;
        let quoted = is_quoted(inner.trim());
        let clean = !open.chars().chain(close.chars()).any(|c| inner.contains(c));
        (quoted || clean).then_some(inner)
    })
}

/// The length of a node's id: everything before the first white space,
/// shape delimiter or quote.
pub(super) fn id_len(content: &str) -> usize {
    content
        .find(|c: char| c.is_whitespace() || "()[]{}\"".contains(c))
        .unwrap_or(content.len())
}

fn is_quoted(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('"') && text.ends_with('"')
}

/// Unwraps `"t"` and the Markdown string form `` "`t`" ``.
fn unquote(text: &str) -> &str {
    if !is_quoted(text) {
        return text;
    }
    let inner = &text[1..text.len() - 1];
    match inner.strip_prefix('`').and_then(|t| t.strip_suffix('`')) {
        Some(markdown) => markdown,
        None => inner,
    }
}

/// `Language Understanding (LUIS)` -> `LUIS`: a parenthesised word at the end
/// of a longer name, of letters and digits, with at least two capitals.
fn trailing_acronym(name: &str) -> Option<&str> {
    let open = name.strip_suffix(')')?.rfind('(')?;
    let before = name[..open].trim_end();
    let word = &name[open + 1..name.len() - 1];
    let capitals = word.chars().filter(char::is_ascii_uppercase).count();
    let is_acronym = (2..=10).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_alphanumeric())
        && capitals >= 2;
    (is_acronym && !before.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(line: &str) -> String {
        parse_label(line).name
    }

    #[test]
    fn every_shape_unwraps() {
        for line in [
            "root((Compute))",
            "(Compute)",
            "id[Compute]",
            "x))Compute((",
            ")Compute(",
            "h{{Compute}}",
        ] {
            assert_eq!(name(line), "Compute", "{line}");
        }
    }

    #[test]
    fn quoted_and_markdown_strings_unwrap() {
        assert_eq!(name(r#"a["Data (raw)"]"#), "Data (raw)");
        assert_eq!(name(r#"a("`Bold *text*`")"#), "Bold *text*");
        assert_eq!(name(r#""Just quoted""#), "Just quoted");
    }

    #[test]
    fn parentheses_inside_text_are_text() {
        assert_eq!(
            name("High-Performance Computing (HPC) clusters"),
            "High-Performance Computing (HPC) clusters"
        );
        assert_eq!(
            parse_label("High-Performance Computing (HPC) clusters").alias,
            None
        );
        let luis = parse_label("Language Understanding (LUIS)");
        assert_eq!(luis.name, "Language Understanding (LUIS)");
        assert_eq!(luis.alias.as_deref(), Some("LUIS"));
    }

    #[test]
    fn a_shape_with_more_text_after_it_is_plain_text() {
        assert_eq!(name("(a) and (b)"), "(a) and (b)");
        assert_eq!(name("[x] y"), "[x] y");
    }

    #[test]
    fn plain_text_collapses_whitespace() {
        assert_eq!(name("Azure   Cosmos\tDB "), "Azure Cosmos DB");
    }

    #[test]
    fn acronyms_need_capitals_and_a_name_before_them() {
        assert_eq!(parse_label("Storage (Gen2)").alias, None);
        assert_eq!(parse_label("(AKS)").alias, None);
        assert_eq!(
            parse_label("k8s[Azure Kubernetes Service (AKS)]")
                .alias
                .as_deref(),
            Some("AKS")
        );
    }
}
