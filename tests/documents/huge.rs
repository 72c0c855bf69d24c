//! Huge generated documents (too big to commit): a 10 MB line, 10,000
//! levels of nesting, a million relation markers with no targets, and the
//! shapes that once cost quadratic time. Time is checked as a ratio (input
//! N against 4N in the same run), never as an absolute duration, and memory
//! through the size of what a load keeps.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use servicemap::document::parse_document;
use servicemap::snapshot::MAX_DIAGNOSTICS_PER_DOCUMENT;

use super::support::{counts, load_one};

const FENCE: &str = "```";

/// The tests here are heavy and some compare timings: one at a time, so
/// they do not skew each other's ratios.
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());
    HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn block(body: &str) -> String {
    format!("{FENCE}mermaid\nmindmap\n{body}{FENCE}\n")
}

/// Bytes a snapshot keeps that grow with the input: names and messages.
fn kept_bytes(snapshot: &servicemap::snapshot::Snapshot) -> usize {
    let names: usize = snapshot
        .graph
        .nodes()
        .map(|(_, n)| n.name.len() + n.id.len())
        .sum();
    let messages: usize = snapshot.diagnostics.iter().map(|d| d.message.len()).sum();
    names + messages
}

#[test]
fn a_ten_megabyte_line_loads() {
    let _serial = serial();
    let long = "Long".repeat(10 << 18); // 10 MiB
    let text = format!(
        "{long}\n{}",
        block(&format!(
            "  root((Big))\n    {long}\n    Next\n      :: {long}\n      Target\n      :: uses\n      Other\n"
        ))
    );
    let snapshot = load_one("long.md", text.into_bytes());
    let c = counts(&snapshot);
    assert_eq!((c.nodes, c.relation_edges, c.memberships), (5, 2, 2));
    let lines: Vec<_> = snapshot
        .diagnostics
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 1, "{:?}", &lines[..lines.len().min(3)]);
    assert_eq!(lines[0].0, Some(7));
    assert!(lines[0].1.contains("longer than"));
    // `Target` is read under the default relation: the long marker was skipped.
    let g = &snapshot.graph;
    let target = g.by_name("Target").unwrap();
    assert_eq!(g.incoming(target).count(), 1);
    assert!(kept_bytes(&snapshot) < 2 * (10 << 20) + 10_000);
}

#[test]
fn ten_thousand_levels_of_nesting_load() {
    let _serial = serial();
    let mut body = String::from("root((Deep))\n");
    for depth in 1..=10_000 {
        body.push_str(&" ".repeat(depth));
        let _ = writeln!(body, "n{depth}");
    }
    let snapshot = load_one("deep.md", block(&body).into_bytes());
    let c = counts(&snapshot);
    assert_eq!(
        (c.nodes, c.relation_edges, c.memberships),
        (10_001, 9_999, 1)
    );
    assert!(
        snapshot.diagnostics.is_empty(),
        "{:?}",
        snapshot.diagnostics
    );
    // Tabs, and back out in one step.
    let mut body = String::from("root((Deep))\n");
    for depth in 1..=2_000 {
        body.push_str(&"\t".repeat(depth));
        let _ = writeln!(body, "t{depth}");
    }
    body.push_str("\tlast\n");
    let snapshot = load_one("deep-tabs.md", block(&body).into_bytes());
    let c = counts(&snapshot);
    assert_eq!((c.nodes, c.memberships), (2_002, 2));
}

#[test]
fn a_million_markers_with_no_targets_are_capped_diagnostics() {
    let _serial = serial();
    let mut body = String::from("  root((Markers))\n    Service\n");
    body.reserve(15_000_000);
    for _ in 0..1_000_000 {
        body.push_str("      :: uses\n");
    }
    body.push_str("      Target\n    Another\n");
    let input = block(&body);
    let size = input.len();
    let snapshot = load_one("markers.md", input.into_bytes());
    let c = counts(&snapshot);
    assert_eq!((c.nodes, c.relation_edges, c.memberships), (4, 1, 2));
    // 999,999 markers are followed by another marker, not a node.
    assert_eq!(
        snapshot.diagnostics.len(),
        MAX_DIAGNOSTICS_PER_DOCUMENT + 1,
        "capped, plus one line saying how many more"
    );
    assert_eq!(snapshot.diagnostics[0].line, Some(5));
    assert!(snapshot.diagnostics[0].message.contains("no node after it"));
    let last = snapshot.diagnostics.last().unwrap();
    assert_eq!(last.line, None);
    assert!(last.message.contains("998999 more"), "{last}");
    assert!(kept_bytes(&snapshot) < size);
}

#[test]
fn a_million_markers_under_a_long_root_stay_small() {
    let _serial = serial();
    let root = "R".repeat(1 << 20);
    let mut body = format!("  root(({root}))\n");
    for _ in 0..1_000_000 {
        body.push_str("    :: uses\n");
    }
    let input = block(&body);
    let size = input.len();
    let snapshot = load_one("root-markers.md", input.into_bytes());
    assert_eq!(snapshot.graph.node_count(), 1);
    assert_eq!(snapshot.diagnostics.len(), MAX_DIAGNOSTICS_PER_DOCUMENT + 1);
    assert!(
        kept_bytes(&snapshot) < 2 * size,
        "each diagnostic quotes the root clipped"
    );
}

/// Time to parse and build `input` once.
fn cost(input: &[u8]) -> Duration {
    let started = Instant::now();
    let snapshot = load_one("ratio.md", input.to_vec());
    std::hint::black_box(snapshot.graph.node_count());
    started.elapsed()
}

/// Asserts that 4x the input costs less than 10x the time. Each attempt
/// times both sizes three times, interleaved, and keeps the best of each;
/// other tests share the machine, so a slow attempt is tried again (a
/// quadratic step gives 16x every time, so retries cannot hide one).
fn assert_linear(name: &str, generate: impl Fn(usize) -> Vec<u8>, n: usize) {
    assert_linear_by(name, generate, n, cost);
}

/// [`assert_linear`] with another measure of the cost of an input.
fn assert_linear_by(
    name: &str,
    generate: impl Fn(usize) -> Vec<u8>,
    n: usize,
    cost: impl Fn(&[u8]) -> Duration,
) {
    let small = generate(n);
    let large = generate(4 * n);
    let ratio_bytes = large.len() as f64 / small.len() as f64;
    assert!(
        (3.0..5.0).contains(&ratio_bytes),
        "{name}: generator sizes {} and {}",
        small.len(),
        large.len()
    );
    let mut attempts = Vec::new();
    for _ in 0..3 {
        let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
        for _ in 0..3 {
            t_small = t_small.min(cost(&small));
            t_large = t_large.min(cost(&large));
        }
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
        eprintln!(
            "{name}: {} bytes {t_small:?}, {} bytes {t_large:?}, ratio {ratio:.1}",
            small.len(),
            large.len()
        );
        if ratio < 10.0 {
            return;
        }
        attempts.push(format!("{ratio:.1} ({t_small:?} -> {t_large:?})"));
    }
    panic!(
        "{name}: 4x the input took more than 10x the time in every attempt: {}",
        attempts.join(", ")
    );
}

/// `n` distinct names that all slug to `c`: `c`, `c!`, `c?`, `c!!`, ...
fn colliding_names(n: usize) -> Vec<String> {
    const MARKS: &[char] = &['!', '?', '#', '+', '*', '&', '%', '$'];
    (0..n)
        .map(|mut i| {
            let mut name = String::from("c");
            while i > 0 {
                name.push(MARKS[i % MARKS.len()]);
                i /= MARKS.len();
            }
            name
        })
        .collect()
}

#[test]
fn parse_time_grows_linearly() {
    let _serial = serial();
    assert_linear(
        "flat services",
        |n| {
            let mut body = String::from("  root((Flat))\n");
            for i in 0..n {
                let _ = writeln!(body, "    Service number {i}");
            }
            block(&body).into_bytes()
        },
        5_000,
    );
    assert_linear(
        "long line",
        |n| block(&format!("  root((L))\n    {}\n", "word ".repeat(n))).into_bytes(),
        50_000,
    );
    assert_linear(
        "nesting",
        // Depth d costs d * d / 2 bytes of indentation: double the depth.
        |n| {
            let depth = (n as f64).sqrt() as usize;
            let mut body = String::from("R\n");
            for d in 1..depth {
                body.push_str(&" ".repeat(d));
                let _ = writeln!(body, "n{d}");
            }
            block(&body).into_bytes()
        },
        1_000_000,
    );
    assert_linear(
        "markers with no targets",
        |n| {
            let mut body = String::from("  root((M))\n    S\n");
            for _ in 0..n {
                body.push_str("      :: uses\n");
            }
            block(&body).into_bytes()
        },
        20_000,
    );
    assert_linear(
        "names with one slug",
        |n| {
            let mut body = String::from("  root((Slugs))\n");
            for name in colliding_names(n) {
                let _ = writeln!(body, "    {name}");
            }
            block(&body).into_bytes()
        },
        2_000,
    );
    assert_linear(
        "names with one acronym",
        |n| {
            let mut body = String::from("  root((Acronyms))\n");
            for i in 0..n {
                let _ = writeln!(body, "    Xeno Yak{i}");
            }
            block(&body).into_bytes()
        },
        4_000,
    );
    assert_linear(
        "heading and root of many words",
        |n| {
            let heading: String = (0..n).map(|i| format!("h{i} ")).collect();
            let root: String = (0..n).map(|i| format!("r{i} ")).collect();
            format!("## {heading}\n{}", block(&format!("  root(({root}))\n"))).into_bytes()
        },
        10_000,
    );
    assert_linear(
        "duplicate edges",
        |n| {
            let mut body = String::from("  root((D))\n    Source\n      :: uses\n");
            for _ in 0..n {
                body.push_str("      Target\n");
            }
            block(&body).into_bytes()
        },
        8_000,
    );
    assert_linear(
        "duplicate edges under a long name",
        // Each repeat is reported quoting its parent's name: half the input
        // is that name, half the repeats.
        |n| {
            let mut body = format!("  root((D))\n    {}\n      :: uses\n", "P".repeat(n / 2));
            for _ in 0..n / 16 {
                body.push_str("      T\n");
            }
            block(&body).into_bytes()
        },
        40_000,
    );
    assert_linear(
        "second roots",
        |n| {
            let mut body = String::from("  root((First))\n");
            for i in 0..n {
                let _ = writeln!(body, "  Root {i}");
            }
            block(&body).into_bytes()
        },
        4_000,
    );
    assert_linear(
        "unterminated fences",
        |n| {
            let mut text = String::new();
            for _ in 0..n {
                text.push_str("````\n```\n");
            }
            text.into_bytes()
        },
        20_000,
    );
    assert_linear(
        "invalid bytes and control characters",
        |n| {
            let mut bytes = block("  root((Bytes))\n").into_bytes();
            for i in 0..n {
                bytes.extend_from_slice(b"    Name \xff\x00\x1b");
                bytes.extend_from_slice(i.to_string().as_bytes());
                bytes.push(b'\r');
            }
            bytes
        },
        20_000,
    );
}

#[test]
fn the_parser_alone_handles_every_line_ending_at_scale() {
    let _serial = serial();
    let text = "a\r\n\r\r\n\n".repeat(250_000);
    let doc = parse_document(text.as_bytes());
    assert!(doc.mindmaps.is_empty());
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn the_mindmap_export_grows_linearly() {
    let _serial = serial();
    use servicemap::export::{Format, Selection};
    // Every category with a relation of its own needs a place of its own:
    // finding the next one once scanned every edge, per category.
    let categories = |n: usize| {
        let mut text = String::new();
        for i in 0..n / 100 {
            let _ = write!(
                text,
                "{FENCE}mermaid\nmindmap\n  root((Cat {i}))\n    Cat {i}\n      :: uses\n      Thing {i}\n{FENCE}\n"
            );
        }
        text.into_bytes()
    };
    let export = |input: &[u8]| {
        let snapshot = load_one("export.md", input.to_vec());
        let started = Instant::now();
        let text = Selection::whole(&snapshot.graph).export(Format::Mindmap);
        std::hint::black_box(text.len());
        started.elapsed()
    };
    assert_linear_by(
        "mindmap export of categories with relations",
        categories,
        200_000,
        export,
    );
}
