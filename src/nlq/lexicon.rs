//! The words questions are read with: how verbs are stemmed, the wordings
//! people use for relations beyond the graph's own labels, and the cue
//! words that carry a question's shape rather than a name.
//!
//! Everything here is general English about relations between things; the
//! names and relations of a particular map come from its graph.

/// A word reduced to the stem its inflections share: `uses`, `used`,
/// `using` and `use` all become `us`; `relies` and `rely` become `rely`.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.len() <= 2 || !w.is_ascii() {
        return w;
    }
    for (suffix, with) in [("ies", "y"), ("ied", "y")] {
        if let Some(base) = w.strip_suffix(suffix) {
            return format!("{base}{with}");
        }
    }
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.len() >= 2
            && !(suffix == "s" && base.ends_with('s'))
        {
            return undouble(base);
        }
    }
    w
}

/// `runn` -> `run`, `stopp` -> `stop`: the doubled consonant of `running`.
fn undouble(base: &str) -> String {
    let bytes = base.as_bytes();
    let n = bytes.len();
    if n >= 3 && bytes[n - 1] == bytes[n - 2] && !b"aeiouls".contains(&bytes[n - 1]) {
        base[..n - 1].to_owned()
    } else {
        base.to_owned()
    }
}

/// Wordings of relations beyond the graph's labels and inverse wordings:
/// each names the relations it may mean, in order of preference, with
/// whether it reads them from the target's side. Only the relations a
/// graph has are kept.
pub const SYNONYMS: &[(&str, &[(&str, bool)])] = &[
    ("depend on", &[("uses", false)]),
    ("depend upon", &[("uses", false)]),
    ("rely on", &[("uses", false)]),
    ("rely upon", &[("uses", false)]),
    ("built on", &[("uses", false)]),
    ("built upon", &[("uses", false)]),
    ("build on", &[("uses", false)]),
    ("based on", &[("uses", false)]),
    ("sit on", &[("uses", false)]),
    ("run on", &[("uses", false), ("hosts", true)]),
    ("hosted on", &[("hosts", true)]),
    ("need", &[("uses", false)]),
    ("require", &[("uses", false)]),
    ("consume", &[("uses", false)]),
    ("leverage", &[("uses", false)]),
    ("utilize", &[("uses", false)]),
    ("utilise", &[("uses", false)]),
    ("employ", &[("uses", false)]),
    ("call", &[("uses", false)]),
    ("look after", &[("manages", false)]),
    ("take care of", &[("manages", false)]),
    ("handle", &[("manages", false)]),
    ("control", &[("manages", false)]),
    ("administer", &[("manages", false)]),
    ("oversee", &[("manages", false)]),
    ("govern", &[("manages", false)]),
    ("run", &[("hosts", false), ("manages", false)]),
    (
        "work with",
        &[("integrates with", false), ("connects to", false)],
    ),
    ("interoperate with", &[("integrates with", false)]),
    (
        "integrate with",
        &[("integrates with", false), ("integrates", false)],
    ),
    (
        "connect with",
        &[("connects to", false), ("integrates with", false)],
    ),
    (
        "talk to",
        &[("connects to", false), ("integrates with", false)],
    ),
    ("plug into", &[("integrates with", false)]),
    (
        "link",
        &[
            ("connects", false),
            ("connects to", false),
            ("integrates with", false),
        ],
    ),
    (
        "give",
        &[("provides", false), ("offers", false), ("delivers", false)],
    ),
    ("supply", &[("provides", false), ("offers", false)]),
    ("serve", &[("delivers", false), ("provides", false)]),
    ("keep", &[("stores", false)]),
    ("hold", &[("stores", false)]),
    ("save", &[("stores", false)]),
    ("persist", &[("stores", false)]),
    ("secure", &[("protects", false)]),
    ("guard", &[("protects", false)]),
    (
        "protect against",
        &[("defends against", false), ("protects", false)],
    ),
    ("defend", &[("protects", false), ("defends against", false)]),
    ("guard against", &[("defends against", false)]),
    ("speed up", &[("improves", false)]),
    ("accelerate", &[("improves", false)]),
    ("boost", &[("improves", false)]),
    ("optimize", &[("improves", false), ("optimized for", false)]),
    ("allow", &[("enables", false)]),
    ("power", &[("enables", false)]),
    ("support", &[("enables", false), ("provides", false)]),
    ("coordinate", &[("orchestrates", false)]),
    ("schedule", &[("orchestrates", false)]),
    ("balance", &[("distributes", false)]),
    ("spread", &[("distributes", false)]),
    ("create", &[("builds", false)]),
    ("make", &[("builds", false)]),
    (
        "build",
        &[("builds", false), ("builds and operates", false)],
    ),
    ("made of", &[("part of", true)]),
    ("consist of", &[("part of", true)]),
    ("contain", &[("includes", false), ("part of", true)]),
    ("include", &[("includes", false), ("part of", true)]),
    ("belong to", &[("part of", false)]),
    ("member of", &[("part of", false)]),
];

/// Stems of relations where the source depends on the target (`uses`):
/// for the rest (`hosts`, `manages`, `provides`) the target depends on
/// the source.
#[rustfmt::skip] // a word list
const DEPENDENT_IS_SOURCE: &[&str] = &[
    "us", "depend", "rely", "requir", "need", "consum", "part", "scal", "call", "run", "built",
];

/// Whether, along a relation so labelled, the source depends on the target.
pub fn source_depends(label: &str) -> bool {
    label
        .split(' ')
        .next()
        .is_some_and(|first| DEPENDENT_IS_SOURCE.contains(&stem(first).as_str()))
}

/// Words that shape a question but never name anything by themselves.
#[rustfmt::skip] // a word list
pub const CUES: &[&str] = &[
    "what", "which", "who", "whom", "whose", "where", "when", "how", "why", "is", "are", "was",
    "were", "be", "been", "being", "am", "does", "do", "did", "can", "could", "would", "will",
    "should", "shall", "may", "might", "must", "has", "have", "had", "the", "a", "an", "all",
    "any", "some", "every", "each", "of", "in", "on", "at", "to", "from", "for", "by", "with",
    "and", "or", "not", "no", "me", "my", "i", "you", "your", "we", "us", "our", "it", "its",
    "they", "them", "their", "there", "here", "this", "that", "these", "those", "list", "show",
    "tell", "give", "describe", "explain", "name", "find", "get", "please", "about", "many",
    "much", "number", "count", "total", "most", "least", "fewest", "more", "less", "biggest",
    "largest", "smallest", "greatest", "top", "connected", "related", "linked", "associated",
    "path", "paths", "route", "way", "between", "reach", "other", "else", "something",
    "anything", "things", "thing", "stuff", "services", "service", "concepts", "concept",
    "categories", "category", "group", "groups", "nodes", "node", "kinds", "kind", "types",
    "type", "relations", "relationships", "relation", "relationship", "edges", "edge", "exist",
    "exists", "know", "knows", "map", "graph", "directly", "indirectly", "transitively",
    "ultimately", "down", "fail", "fails", "failed", "fails", "break", "breaks", "broke",
    "outage", "affected", "impacted", "impact", "if", "goes", "go", "went", "stop", "stops",
    "connections", "connection", "links", "relates", "relate", "on", "working", "info",
    "information", "details", "detail", "up", "shortest", "connect", "connects", "sit", "sits",
    "live", "lives", "fall", "falls", "under", "belong", "belongs", "contains", "contain",
    "around", "neighbours", "neighbors", "neighbour", "neighbor", "dependencies", "dependency",
    "dependents", "dependent", "one", "ones", "else", "also", "then", "currently", "exactly",
    "just", "only", "really", "actually", "still", "like", "available", "offered", "part",
    "used", "don't", "doesn't", "isn't", "aren't", "yes", "whether", "too", "into", "onto",
    "over", "as", "so", "than", "hops", "hop", "via", "through", "apart", "far", "distance",
    "ok", "hey", "hi", "hello", "everything", "anyone", "anybody", "someone", "somebody",
    "everyone", "nothing",
];

/// Words that make a question about a price, a time or the world: the
/// map knows none of these, so no reading of such a question can hold.
#[rustfmt::skip] // a word list
pub const OUT_OF_SCOPE: &[&str] = &[
    "cost", "costs", "price", "prices", "pricing", "priced", "pay", "bill", "billing", "cheap",
    "cheaper", "expensive", "money", "dollars", "euros", "weather", "launched", "released",
    "invented", "founded", "deploy", "install", "configure", "terraform", "capital",
];

/// Whether `word` (lower-case) is a cue word; a number (`top 3`) is one.
pub fn is_cue(word: &str) -> bool {
    CUES.contains(&word) || (!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            &["use", "uses", "used", "using"][..],
            &["host", "hosts", "hosted", "hosting"],
            &["manage", "manages", "managed", "managing"],
            &["rely", "relies", "relied"],
            &["run", "runs", "running"],
            &["integrate", "integrates", "integrated"],
            &["store", "stores", "stored"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{group:?}: {stems:?}"
            );
        }
        assert_ne!(stem("protection"), stem("protects"));
        assert_ne!(stem("storage"), stem("stores"));
    }

    #[test]
    fn dependency_direction_follows_the_verb() {
        assert!(source_depends("uses"));
        assert!(source_depends("part of"));
        assert!(!source_depends("hosts"));
        assert!(!source_depends("manages"));
    }
}
