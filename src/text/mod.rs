//! Text at the bottom of every layer: how bytes become lines ([`lines`]),
//! and how a label becomes a comparable key (white space collapsed, matched
//! case-insensitively), a URL-safe slug for its `id`, words, and the form
//! relations are compared in.

pub mod lines;

/// Collapses every run of white space to one space and trims both ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The key under which two spellings of a name are the same node:
/// white space collapsed and lower-cased.
pub fn name_key(text: &str) -> String {
    collapse_whitespace(text).to_lowercase()
}

/// [`name_key`] written into `buffer`, without allocating for ASCII text.
pub fn name_key_into<'b>(text: &str, buffer: &'b mut String) -> &'b str {
    buffer.clear();
    if text.is_ascii() {
        for word in text.split_whitespace() {
            if !buffer.is_empty() {
                buffer.push(' ');
            }
            buffer.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
    } else {
        buffer.push_str(&name_key(text));
    }
    buffer
}

/// The form used to compare relations typed by people: lower-case, hyphens
/// and underscores as spaces, white space collapsed.
pub fn comparable(text: &str) -> String {
    collapse_whitespace(&text.replace(['-', '_'], " ")).to_lowercase()
}

/// A lower-case slug: runs of anything but letters and digits become one `-`.
///
/// `Azure Synapse Analytics` -> `azure-synapse-analytics`. A name with no
/// letters or digits slugs to the empty string; the graph builder gives such
/// nodes a fallback id.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(ch.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Splits a name into lower-case words of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace() {
        assert_eq!(
            collapse_whitespace("  Azure \t  Bastion  "),
            "Azure Bastion"
        );
        assert_eq!(collapse_whitespace(""), "");
    }

    #[test]
    fn keys_ignore_case_and_spacing() {
        assert_eq!(name_key("Azure  Cosmos DB"), name_key("azure cosmos db"));
    }

    #[test]
    fn slugs_follow_the_documented_examples() {
        assert_eq!(
            slugify("Azure Synapse Analytics"),
            "azure-synapse-analytics"
        );
        assert_eq!(
            slugify("Globally distributed, multi-model database"),
            "globally-distributed-multi-model-database"
        );
        assert_eq!(
            slugify("High-Performance Computing (HPC) clusters"),
            "high-performance-computing-hpc-clusters"
        );
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn comparison_treats_hyphens_as_spaces() {
        assert_eq!(comparable("Integrates-With"), "integrates with");
        assert_eq!(comparable("integrates_with"), comparable("integrates with"));
    }

    #[test]
    fn words_split_on_punctuation() {
        let w: Vec<_> = words("Data Lake Storage Gen2").collect();
        assert_eq!(w, ["data", "lake", "storage", "gen2"]);
    }

    #[test]
    fn keys_match_name_key() {
        let mut buffer = String::new();
        for text in [
            "  Azure \t Cosmos\u{b}DB ",
            "ÅNGSTRÖM  Hub",
            "ΟΔΟΣ",
            "",
            "x",
        ] {
            assert_eq!(name_key_into(text, &mut buffer), name_key(text), "{text:?}");
        }
    }
}
