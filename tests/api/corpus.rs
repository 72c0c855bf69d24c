//! The question corpus (`tests/questions/`): every question asked of the
//! bundled map through the application layer, its answer compared with
//! the expected one. Prints the share answered correctly and every miss
//! of the tuning part; fails below 95% there. The held-out part's share
//! is printed too, its misses only with `CORPUS_SHOW_HELDOUT=1`.

use servicemap::app::{Answer, AskError, ask};
use servicemap::snapshot::Snapshot;

const BUDGET: usize = 20_000_000;

/// What a question got, in the corpus's notation.
fn got(s: &Snapshot, question: &str) -> (String, Vec<String>) {
    let g = &s.graph;
    let name = |n: &servicemap::graph::NodeRef| g.node(*n).name.clone();
    let asked = match ask(s, question, BUDGET) {
        Ok(asked) => asked,
        Err(e) => {
            let status = match e {
                AskError::NotFound { .. } => "404",
                AskError::Ambiguous { .. } => "409",
                _ => "422",
            };
            return (status.to_owned(), Vec::new());
        }
    };
    let intent = asked.intent.to_owned();
    let items = match &asked.answer {
        Answer::Edges { nodes, .. } | Answer::Reached { nodes, .. } | Answer::Nodes(nodes) => {
            nodes.iter().map(name).collect()
        }
        Answer::Node { node, .. } => vec![name(node)],
        Answer::Members { category, .. } => vec![name(category)],
        Answer::Verdict { holds, .. } => {
            return ((if *holds { "yes" } else { "no" }).to_owned(), Vec::new());
        }
        Answer::Count { count, .. } => vec![count.to_string()],
        Answer::Ranking(items) => items.iter().map(|(n, _)| name(n)).collect(),
        Answer::Paths { paths, .. } => vec![paths.first().map_or(0, |p| p.hops()).to_string()],
        Answer::Tally(_) => Vec::new(),
    };
    (intent, items)
}

/// Whether `got` is what `expected` says.
fn matches(expected: &str, intent: &str, items: &[String]) -> bool {
    let (kinds, wanted) = match expected.split_once(':') {
        Some((k, w)) => (k, Some(w)),
        None => (expected, None),
    };
    if !kinds.split('|').any(|k| k.trim() == intent) {
        return false;
    }
    let Some(wanted) = wanted else { return true };
    let mut want: Vec<&str> = wanted
        .split(';')
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    let mut have: Vec<&str> = items.iter().map(String::as_str).collect();
    want.sort_unstable();
    have.sort_unstable();
    want == have
}

/// The share of a part answered as expected, and its misses.
fn score(s: &Snapshot, file: &str) -> (usize, usize, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let (mut right, mut total, mut misses) = (0, 0, Vec::new());
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (question, expected) = line.split_once('\t').expect("question<TAB>expected");
        total += 1;
        let (intent, items) = got(s, question);
        if matches(expected, &intent, &items) {
            right += 1;
        } else {
            misses.push(format!(
                "  {question:?}\n      expected {expected}\n      got      {intent}: {}",
                items.join("; ")
            ));
        }
    }
    (right, total, misses)
}

#[test]
fn the_question_corpus_is_answered() {
    let s = servicemap::snapshot::load(&["data".into()]).unwrap();
    let (right, total, misses) = score(&s, "tests/questions/tuning.tsv");
    let share = right as f64 / total as f64;
    println!(
        "tuning: {right}/{total} answered correctly ({:.1}%)",
        share * 100.0
    );
    for miss in &misses {
        println!("{miss}");
    }
    let (held_right, held_total, held_misses) = score(&s, "tests/questions/heldout.tsv");
    println!(
        "held out: {held_right}/{held_total} answered correctly ({:.1}%)",
        held_right as f64 / held_total as f64 * 100.0
    );
    if std::env::var_os("CORPUS_SHOW_HELDOUT").is_some() {
        for miss in &held_misses {
            println!("{miss}");
        }
    }
    assert!(share >= 0.95, "{} misses in the tuning part", misses.len());
}
