//! How a label becomes a node's identity: white space collapsed, matched
//! case-insensitively, and a URL-safe slug for its `id`.

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
    fn words_split_on_punctuation() {
        let w: Vec<_> = words("Data Lake Storage Gen2").collect();
        assert_eq!(w, ["data", "lake", "storage", "gen2"]);
    }
}
