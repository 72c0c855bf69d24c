//! Name-resolution latency over a corpus of inputs as people type them,
//! drawn from the graph itself: exact names, aliases, lower case, prefixes,
//! single common words, several words, one and two typos, misses. Prints
//! p50 and p99 per kind of input and over all, for `resolve` and for the
//! ranked `candidates` behind `/api/v1/nodes?q=` and autocomplete.
//!
//! `cargo bench --bench resolve_latency -- DATA_DIR [DATA_DIR...]`
//! (default: `data`).

use std::time::{Duration, Instant};

use servicemap::snapshot::{Snapshot, load};

/// Deterministic pseudo-random numbers (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `text` with one character replaced, dropped or doubled.
fn typo(text: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 4 {
        return text.to_owned();
    }
    let at = 1 + rng.below(chars.len() - 2);
    let mut out: Vec<char> = chars.clone();
    match rng.below(3) {
        0 => out[at] = if chars[at] == 'e' { 'a' } else { 'e' },
        1 => {
            out.remove(at);
        }
        _ => out.insert(at, chars[at]),
    }
    out.into_iter().collect()
}

fn corpus(snapshot: &Snapshot, per_kind: usize) -> Vec<(&'static str, String)> {
    let g = &snapshot.graph;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut inputs = Vec::new();
    let n = g.node_count();
    let node = |rng: &mut Rng| g.node(servicemap::graph::NodeRef::from_index(rng.below(n)));
    for _ in 0..per_kind {
        let name = node(&mut rng).name.clone();
        let words: Vec<&str> = name.split_whitespace().collect();
        inputs.push(("exact", name.clone()));
        inputs.push(("lower", name.to_lowercase()));
        inputs.push(("one typo", typo(&name, &mut rng)));
        inputs.push(("two typos", typo(&typo(&name, &mut rng), &mut rng)));
        let word = words[rng.below(words.len())];
        inputs.push(("one word", word.to_owned()));
        inputs.push(("prefix", word.chars().take(4).collect()));
        if words.len() >= 2 {
            inputs.push((
                "several words",
                format!("{} {}", words[0], words[words.len() - 1]),
            ));
        }
        if let Some(alias) = node(&mut rng).aliases.first() {
            inputs.push(("alias", alias.clone()));
        }
        inputs.push(("miss", format!("qqzx{} wvvy", rng.below(1000))));
    }
    inputs
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{label:<28} n={:<5} p50 {:>9.1} µs  p99 {:>9.1} µs  max {:>9.1} µs",
        times.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e6,
        percentile(&times, 0.99).as_secs_f64() * 1e6,
        times.last().unwrap().as_secs_f64() * 1e6
    );
}

fn main() {
    let dirs: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dirs = if dirs.is_empty() {
        vec!["data".to_owned()]
    } else {
        dirs
    };
    for dir in dirs {
        let started = Instant::now();
        let snapshot = load(&[dir.clone().into()]).expect("the data loads");
        println!(
            "\n{dir}: {} nodes, {} edges, loaded in {:.2} s",
            snapshot.graph.node_count(),
            snapshot.graph.edge_count(),
            started.elapsed().as_secs_f64()
        );
        let inputs = corpus(&snapshot, 60);
        for (what, run) in [("resolve", true), ("candidates", false)] {
            let mut all = Vec::new();
            let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
            for (kind, input) in &inputs {
                let started = Instant::now();
                if run {
                    let _ = std::hint::black_box(snapshot.resolver.resolve(
                        &snapshot.graph,
                        input,
                        |_| true,
                    ));
                } else {
                    let _ = std::hint::black_box(snapshot.resolver.candidates(input, |_| true));
                }
                let took = started.elapsed();
                all.push(took);
                by_kind.entry(kind).or_default().push(took);
            }
            for (kind, times) in by_kind {
                report(&format!("{what} {kind}"), times);
            }
            report(&format!("{what} ALL"), all);
        }
    }
}
