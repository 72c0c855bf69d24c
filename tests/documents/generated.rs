//! Generated scale data (servicemap-gen) through the resolver: the pruned
//! search for "did you mean" suggestions agrees with a full scan.

use servicemap::graph::NodeRef;
use servicemap::snapshot::from_sources;
use servicemap::text::name_key;
use servicemap_gen::{Spec, generate};

/// How many suggestions the resolver gives for a miss.
const SUGGESTIONS: usize = 5;

#[test]
fn suggestions_match_a_full_scan() {
    let generated = generate(&Spec::sized(6, 120, 1_500, 3));
    let s = from_sources(&generated.sources(), vec![]);
    let g = &s.graph;
    for query in [
        "qqzx wvvy",
        "quantm ledgr",
        "nova",
        "x",
        "Ünïcode",
        "zephyr edge hub 9",
    ] {
        let key = name_key(query);
        let mut all: Vec<(f64, NodeRef)> = g
            .nodes()
            .map(|(n, data)| {
                let by_name = strsim::jaro_winkler(&key, &name_key(&data.name));
                let by_alias = data
                    .aliases
                    .iter()
                    .map(|a| strsim::jaro_winkler(&key, &a.to_lowercase()))
                    .fold(0.0, f64::max);
                (by_name.max(by_alias), n)
            })
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let expected: Vec<NodeRef> = all.iter().take(SUGGESTIONS).map(|(_, n)| *n).collect();
        assert_eq!(s.resolver.suggest(g, query, |_| true), expected, "{query}");
    }
}
