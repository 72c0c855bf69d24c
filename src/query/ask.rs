//! Questions in plain words: a small grammar that reads a question into one
//! structured query. It never guesses: a question outside the grammar is
//! not read at all, and names inside it go through the one resolver.
//!
//! The forms, case-insensitive, with any trailing `?`:
//!
//! | form | intent |
//! |---|---|
//! | `what <relation> X` (`what integrates with Synapse`) | `incoming` |
//! | `what does X <relation>` (`what does AKS use`) | `outgoing` |
//! | `which services are in C` / `what is in C` | `members` |
//! | `what category is X in` / `which category does X belong to` | `category` |
//! | `how is X connected to Y` / `path from X to Y` | `path` |
//! | `what is related to X` / `what is connected to X` | `related` |
//! | `tell me about X` / `what is X` / `describe X` | `describe` |

use crate::graph::KnowledgeGraph;
use crate::text::collapse_whitespace;

/// A question read into a structured query; names are as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Who has `relation` to `object`.
    Incoming { relation: String, object: String },
    /// What `subject` has `relation` to.
    Outgoing { subject: String, relation: String },
    /// The services of a category.
    Members { category: String },
    /// The categories of a node.
    Category { subject: String },
    /// How two nodes are connected.
    Path { from: String, to: String },
    /// Every node one relation away.
    Related { subject: String },
    /// Everything known about a node.
    Describe { subject: String },
}

/// A supported form and an example of it.
#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub form: &'static str,
    pub example: &'static str,
}

/// Every form the grammar reads, for a reply to a question it cannot.
pub const FORMS: &[Form] = &[
    Form {
        form: "what <relation> X",
        example: "what integrates with Synapse",
    },
    Form {
        form: "what does X <relation>",
        example: "what does AKS use",
    },
    Form {
        form: "which services are in C",
        example: "which services are in Storage Services",
    },
    Form {
        form: "what category is X in",
        example: "what category is Azure Bastion in",
    },
    Form {
        form: "how is X connected to Y",
        example: "how is AKS connected to VMSS",
    },
    Form {
        form: "path from X to Y",
        example: "path from AKS to VMSS",
    },
    Form {
        form: "what is related to X",
        example: "what is related to Azure Functions",
    },
    Form {
        form: "tell me about X",
        example: "tell me about Cosmos DB",
    },
];

const MEMBERS: &[&str] = &[
    "which services are in ",
    "what services are in ",
    "which services are part of ",
    "what services are part of ",
    "which services belong to ",
    "what services belong to ",
    "list services in ",
    "list the services in ",
    "services in ",
    "what is in ",
    "what's in ",
];
const CATEGORY: &[(&str, &str)] = &[
    ("what category is ", " in"),
    ("which category is ", " in"),
    ("what category does ", " belong to"),
    ("which category does ", " belong to"),
    ("what category is ", ""),
    ("which category is ", ""),
    ("category of ", ""),
];
const PATH: &[(&str, &[&str], &str)] = &[
    (
        "how is ",
        &[" connected to ", " related to ", " linked to "],
        "",
    ),
    ("how are ", &[" and "], " connected"),
    ("how are ", &[" and "], " related"),
    ("how does ", &[" connect to ", " relate to ", " reach "], ""),
    ("how do i get from ", &[" to "], ""),
    ("how to get from ", &[" to "], ""),
    ("shortest path from ", &[" to "], ""),
    ("the shortest path from ", &[" to "], ""),
    ("path from ", &[" to "], ""),
    ("the path from ", &[" to "], ""),
    ("path between ", &[" and "], ""),
    ("shortest path between ", &[" and "], ""),
    ("route from ", &[" to "], ""),
];
const RELATED: &[&str] = &[
    "what is related to ",
    "what's related to ",
    "what is connected to ",
    "what's connected to ",
    "what relates to ",
    "what connects to ",
    "neighbors of ",
    "neighbours of ",
];
const DESCRIBE: &[&str] = &[
    "tell me about ",
    "describe ",
    "what is ",
    "what's ",
    "what are ",
    "show me ",
    "show ",
];
const WHO: &[&str] = &["what ", "which services ", "which nodes ", "which ", "who "];
const DOES: &[&str] = &[
    "what does ",
    "what do ",
    "which services does ",
    "which nodes does ",
    "what can ",
];

/// Reads a question; `None` when it is in no supported form.
/// `resolves` says whether a name resolves, to split `X to Y` where names
/// contain the separator.
pub fn parse_question(
    graph: &KnowledgeGraph,
    text: &str,
    resolves: impl Fn(&str) -> bool,
) -> Option<Question> {
    let q = collapse_whitespace(text.trim().trim_end_matches(['?', '.', '!']));
    let rest = |prefix: &str| strip_prefix_ci(&q, prefix);

    for (prefix, separators, suffix) in PATH {
        let Some(body) = rest(prefix) else { continue };
        let Some(body) = strip_suffix_ci(body, suffix) else {
            continue;
        };
        if let Some((from, to)) = split_pair(body, separators, &resolves) {
            return Some(Question::Path { from, to });
        }
    }
    for prefix in RELATED {
        if let Some(subject) = rest(prefix).filter(|s| !s.is_empty()) {
            return Some(Question::Related {
                subject: subject.to_owned(),
            });
        }
    }
    for prefix in MEMBERS {
        if let Some(category) = rest(prefix).filter(|s| !s.is_empty()) {
            return Some(Question::Members {
                category: category.to_owned(),
            });
        }
    }
    for (prefix, suffix) in CATEGORY {
        let Some(body) = rest(prefix) else { continue };
        if let Some(subject) = strip_suffix_ci(body, suffix).filter(|s| !s.is_empty()) {
            return Some(Question::Category {
                subject: subject.to_owned(),
            });
        }
    }
    let wordings = graph.cached_wordings(|| wordings(graph));
    for prefix in DOES {
        let Some(body) = rest(prefix) else { continue };
        if let Some((subject, relation)) = split_relation_suffix(body, wordings) {
            return Some(Question::Outgoing { subject, relation });
        }
    }
    for prefix in WHO {
        let Some(body) = rest(prefix) else { continue };
        let body = strip_prefix_ci(body, "is ")
            .or_else(|| strip_prefix_ci(body, "are "))
            .unwrap_or(body);
        if let Some((relation, object)) = split_relation_prefix(body, wordings) {
            return Some(Question::Incoming { relation, object });
        }
    }
    for prefix in DESCRIBE {
        if let Some(subject) = rest(prefix).filter(|s| !s.is_empty()) {
            return Some(Question::Describe {
                subject: subject.to_owned(),
            });
        }
    }
    None
}

// The grammar's words are ASCII: matching them ASCII-case-insensitively on
// the text as typed keeps every slice on a character boundary.

fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text[prefix.len()..].trim())
}

fn strip_suffix_ci<'t>(text: &'t str, suffix: &str) -> Option<&'t str> {
    let at = text.len().checked_sub(suffix.len())?;
    let tail = text.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| text[..at].trim())
}

/// Byte offsets where `needle` occurs in `text`, ignoring ASCII case.
fn find_all_ci(text: &str, needle: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| {
            text.get(i..i + needle.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(needle))
        })
        .collect()
}

/// Splits `X <sep> Y`, preferring a split where both names resolve.
fn split_pair(
    body: &str,
    separators: &[&str],
    resolves: &impl Fn(&str) -> bool,
) -> Option<(String, String)> {
    let mut splits = Vec::new();
    for sep in separators {
        for at in find_all_ci(body, sep) {
            let (from, to) = (body[..at].trim(), body[at + sep.len()..].trim());
            if !from.is_empty() && !to.is_empty() {
                splits.push((from.to_owned(), to.to_owned()));
            }
        }
    }
    let fallback = splits.first().cloned();
    splits
        .into_iter()
        .find(|(a, b)| resolves(a) && resolves(b))
        .or(fallback)
}

/// Every relation wording the graph can answer: stored labels and the
/// vocabulary's inverse wordings of them.
fn wordings(graph: &KnowledgeGraph) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = graph
        .relations()
        .map(|(_, r)| r.label.clone())
        .chain(
            graph
                .vocabulary()
                .wordings()
                .filter(|(_, active, inverse)| {
                    *inverse && graph.relation_by_label(active).is_some()
                })
                .map(|(w, _, _)| w.to_owned()),
        )
        .map(|w| w.split(' ').map(str::to_owned).collect())
        .collect();
    // Longest first, so `integrates with` wins over `integrates`.
    all.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    all.dedup();
    all
}

/// `uses` and `use` are one verb: drop a third-person `s`.
fn stem(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem,
        _ => word,
    }
}

/// [`stem`] of an ASCII word's lower-case form, as a slice of the word.
fn ascii_stem(word: &str) -> &str {
    match word.strip_suffix(['s', 'S']) {
        Some(stem) if !stem.ends_with(['s', 'S']) && !stem.is_empty() => stem,
        _ => word,
    }
}

fn words_match(typed: &[&str], wording: &[String]) -> bool {
    typed.len() == wording.len()
        && typed.iter().zip(wording).enumerate().all(|(i, (t, w))| {
            // Wordings are lower-case: ASCII words compare without a copy.
            if t.is_ascii() {
                return if i == 0 {
                    ascii_stem(t).eq_ignore_ascii_case(stem(w))
                } else {
                    t.eq_ignore_ascii_case(w)
                };
            }
            let t = t.to_lowercase();
            if i == 0 { stem(&t) == stem(w) } else { t == *w }
        })
}

/// `integrates with Synapse` -> (`integrates with`, `Synapse`).
fn split_relation_prefix(body: &str, wordings: &[Vec<String>]) -> Option<(String, String)> {
    let words: Vec<&str> = body.split(' ').collect();
    wordings.iter().find_map(|w| {
        (words.len() > w.len() && words_match(&words[..w.len()], w))
            .then(|| (w.join(" "), words[w.len()..].join(" ")))
    })
}

/// `AKS use` -> (`AKS`, `uses`).
fn split_relation_suffix(body: &str, wordings: &[Vec<String>]) -> Option<(String, String)> {
    let words: Vec<&str> = body.split(' ').collect();
    wordings.iter().find_map(|w| {
        let at = words.len().checked_sub(w.len()).filter(|at| *at > 0)?;
        words_match(&words[at..], w).then(|| (words[..at].join(" "), w.join(" ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> crate::snapshot::Snapshot {
        crate::snapshot::load(&["data".into()]).unwrap()
    }

    fn ask(text: &str) -> Option<Question> {
        let s = seed();
        parse_question(&s.graph, text, |name| {
            s.resolver.resolve(&s.graph, name, |_| true).is_ok()
        })
    }

    fn incoming(relation: &str, object: &str) -> Option<Question> {
        Some(Question::Incoming {
            relation: relation.into(),
            object: object.into(),
        })
    }

    #[test]
    fn who_has_a_relation_to_x() {
        assert_eq!(
            ask("what integrates with Synapse"),
            incoming("integrates with", "Synapse")
        );
        assert_eq!(
            ask("What uses Blob Storage?"),
            incoming("uses", "Blob Storage")
        );
        assert_eq!(
            ask("which services integrate with Azure Databricks"),
            incoming("integrates with", "Azure Databricks")
        );
        assert_eq!(ask("what is used by AKS"), incoming("used by", "AKS"));
    }

    #[test]
    fn what_x_has_a_relation_to() {
        let outgoing = |s: &str, r: &str| {
            Some(Question::Outgoing {
                subject: s.into(),
                relation: r.into(),
            })
        };
        assert_eq!(ask("what does AKS use"), outgoing("AKS", "uses"));
        assert_eq!(
            ask("What does App Service host?"),
            outgoing("App Service", "hosts")
        );
        assert_eq!(
            ask("what does Azure Functions integrate with"),
            outgoing("Azure Functions", "integrates with")
        );
    }

    #[test]
    fn categories_and_members() {
        assert_eq!(
            ask("which services are in Storage Services"),
            Some(Question::Members {
                category: "Storage Services".into()
            })
        );
        assert_eq!(
            ask("what category is Azure Bastion in?"),
            Some(Question::Category {
                subject: "Azure Bastion".into()
            })
        );
        assert_eq!(
            ask("which category does DNS belong to"),
            Some(Question::Category {
                subject: "DNS".into()
            })
        );
    }

    #[test]
    fn paths_split_where_both_names_resolve() {
        let path = |a: &str, b: &str| {
            Some(Question::Path {
                from: a.into(),
                to: b.into(),
            })
        };
        assert_eq!(ask("how is AKS connected to VMSS"), path("AKS", "VMSS"));
        assert_eq!(ask("path from AKS to VMSS"), path("AKS", "VMSS"));
        assert_eq!(
            ask("path from On-premises to Azure to VPN Gateway"),
            path("On-premises to Azure", "VPN Gateway")
        );
        assert_eq!(
            ask("how are Blob Storage and Synapse connected"),
            path("Blob Storage", "Synapse")
        );
    }

    #[test]
    fn related_and_describe() {
        assert_eq!(
            ask("what is related to Azure Functions"),
            Some(Question::Related {
                subject: "Azure Functions".into()
            })
        );
        assert_eq!(
            ask("tell me about Cosmos DB"),
            Some(Question::Describe {
                subject: "Cosmos DB".into()
            })
        );
        assert_eq!(
            ask("what is Azure Bastion"),
            Some(Question::Describe {
                subject: "Azure Bastion".into()
            })
        );
    }

    #[test]
    fn anything_else_is_not_read() {
        assert_eq!(ask("make me a sandwich"), None);
        assert_eq!(ask(""), None);
        assert_eq!(ask("what flies over Synapse"), None);
        assert_eq!(ask("what does AKS"), None);
    }

    #[test]
    fn letters_that_change_length_when_lowered_are_safe() {
        assert_eq!(ask("\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}"), None);
        assert_eq!(
            ask("path from \u{212A} to \u{130}"),
            Some(Question::Path {
                from: "\u{212A}".into(),
                to: "\u{130}".into()
            })
        );
        assert_eq!(
            ask("what is \u{130}\u{130} in"),
            Some(Question::Describe {
                subject: "\u{130}\u{130} in".into()
            })
        );
    }
}
