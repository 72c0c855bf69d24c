//! In-process benchmarks of every step a question takes, at each size:
//! parse, build (parse + graph + indexes), resolve, neighbours, edge
//! patterns, shortest path, k shortest paths, /ask interpretation, Cypher
//! (one hop and a three-hop variable-length pattern from a named node),
//! export.
//!
//! Sizes: the bundled seed, then generated data of 10k and 100k relation
//! edges (written to `bench-data/` on first use, deterministic); 1M edges
//! only with `SERVICEMAP_BENCH_1M=1`, so a default `cargo bench` stays
//! short. `SERVICEMAP_BENCH_SIZES=seed,10k` picks sizes explicitly.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkGroup, Criterion, SamplingMode, criterion_group, criterion_main};
use servicemap::document::parse_document;
use servicemap::export::{Format, Selection};
use servicemap::nlq::{Wordings, interpret};
use servicemap::query::edges::{EdgePattern, RelationTerm, matching_edges};
use servicemap::query::neighbors::{Direction, neighbors};
use servicemap::query::path::{PathOptions, shortest_paths};
use servicemap::snapshot::{Snapshot, Source, from_sources};
use servicemap_gen::{PAIR_FILE, Spec, write};

/// A data set and the names its questions use.
struct Size {
    name: &'static str,
    dir: PathBuf,
    from: String,
    to: String,
    hub: String,
}

const GENERATED: &[(&str, Spec)] = &[
    ("10k", Spec::sized(20, 1_000, 10_000, 1)),
    ("100k", Spec::sized(100, 10_000, 100_000, 1)),
    ("1m", Spec::sized(500, 100_000, 1_000_000, 1)),
];

fn sizes() -> Vec<Size> {
    let wanted: Vec<String> = match std::env::var("SERVICEMAP_BENCH_SIZES") {
        Ok(list) => list.split(',').map(|s| s.trim().to_lowercase()).collect(),
        Err(_) => {
            let mut all = vec!["seed".into(), "10k".into(), "100k".into()];
            if std::env::var("SERVICEMAP_BENCH_1M").is_ok_and(|v| v == "1") {
                all.push("1m".into());
            }
            all
        }
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sizes = Vec::new();
    if wanted.iter().any(|w| w == "seed") {
        sizes.push(Size {
            name: "seed",
            dir: root.join("data"),
            from: "AKS".into(),
            to: "VMSS".into(),
            hub: "Azure Synapse Analytics".into(),
        });
    }
    for (name, spec) in GENERATED {
        if !wanted.iter().any(|w| w == name) {
            continue;
        }
        let dir = root.join("bench-data").join(name);
        let pair_file = dir.join(PAIR_FILE);
        if !pair_file.exists() {
            write(spec, &dir).expect("bench data can be written");
        }
        let text = std::fs::read_to_string(&pair_file).expect("the pair file");
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_owned())
                .expect("a field of the pair file")
        };
        sizes.push(Size {
            name,
            dir,
            from: field("from:"),
            to: field("to:"),
            hub: field("hub:"),
        });
    }
    sizes
}

/// Every data file of a folder, as the loader sees them.
fn sources(dir: &Path) -> Vec<Source> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a data folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md")
                || p.file_name()
                    .is_some_and(|n| n == "aliases.txt" || n == "relations.txt")
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            Source::new(
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn configure(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, heavy: bool) {
    if heavy {
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(200));
        group.measurement_time(Duration::from_secs(3));
    } else {
        group.sample_size(30);
        group.warm_up_time(Duration::from_millis(300));
        group.measurement_time(Duration::from_secs(1));
    }
}

fn benches(c: &mut Criterion) {
    for size in sizes() {
        let files = sources(&size.dir);
        let big = size.name != "seed" && size.name != "10k";

        let mut group = c.benchmark_group(format!("load/{}", size.name));
        configure(&mut group, big);
        group.bench_function("parse", |b| {
            b.iter(|| {
                for file in files.iter().filter(|f| f.path.ends_with(".md")) {
                    black_box(parse_document(&file.bytes));
                }
            })
        });
        group.bench_function("build", |b| {
            b.iter(|| black_box(from_sources(&files, vec![])))
        });
        group.finish();

        let s: Snapshot = from_sources(&files, vec![]);
        let g = &s.graph;
        let node = |name: &str| s.resolver.resolve(g, name, |_| true).expect(name);
        let (from, to, hub) = (node(&size.from), node(&size.to), node(&size.hub));
        let mut group = c.benchmark_group(format!("query/{}", size.name));
        configure(&mut group, false);
        group.bench_function("resolve exact", |b| {
            b.iter(|| s.resolver.resolve(g, black_box(&size.hub), |_| true))
        });
        let first_word = size.hub.split(' ').nth(1).unwrap_or("x").to_lowercase();
        group.bench_function("resolve loose", |b| {
            b.iter(|| s.resolver.candidates(black_box(&first_word), |_| true))
        });
        group.bench_function("resolve miss", |b| {
            b.iter(|| s.resolver.resolve(g, black_box("qqzx wvvy"), |_| true))
        });
        group.bench_function("neighbours depth 1", |b| {
            b.iter(|| neighbors(g, black_box(hub), Direction::Both, None, 1))
        });
        group.bench_function("neighbours depth 2", |b| {
            b.iter(|| neighbors(g, black_box(hub), Direction::Both, None, 2))
        });
        let integrates = g.relation_by_label("integrates with").expect("a relation");
        let pattern = EdgePattern {
            source: None,
            relations: Some(vec![RelationTerm {
                relation: integrates,
                inverse: false,
            }]),
            target: Some(hub),
        };
        group.bench_function("edge pattern", |b| {
            b.iter(|| matching_edges(g, black_box(&pattern)))
        });
        let one = PathOptions::default();
        group.bench_function("shortest path", |b| {
            b.iter(|| shortest_paths(g, black_box(from), to, &one))
        });
        let five = PathOptions {
            k: 5,
            ..PathOptions::default()
        };
        group.bench_function("k=5 shortest paths", |b| {
            b.iter(|| shortest_paths(g, black_box(from), to, &five))
        });
        let wordings = Wordings::new(g);
        let question = format!("what integrates with {}", size.hub);
        group.bench_function("ask interpretation", |b| {
            b.iter(|| interpret(g, &s.resolver, &wordings, black_box(&question)))
        });
        let described = format!("tell me about the {}?", size.hub.to_lowercase());
        group.bench_function("ask interpretation describe", |b| {
            b.iter(|| interpret(g, &s.resolver, &wordings, black_box(&described)))
        });
        let pathq = format!("how are {} and {} connected", size.from, size.to);
        group.bench_function("ask interpretation path", |b| {
            b.iter(|| interpret(g, &s.resolver, &wordings, black_box(&pathq)))
        });
        group.bench_function("ask answered", |b| {
            b.iter(|| servicemap::app::ask(&s, black_box(&question), 20_000_000))
        });
        // Cypher: parse, plan, optimise and run, as POST /api/v1/query does
        // (without the JSON). The three-hop walk is bounded by the budget:
        // past it the query stops with too-expensive, which is measured too.
        let bounds = servicemap::cypher::Bounds::default();
        let mut named = servicemap::cypher::Parameters::new();
        named.insert("name".into(), g.node(from).name.clone().into());
        let mut at_hub = servicemap::cypher::Parameters::new();
        at_hub.insert("name".into(), g.node(hub).name.clone().into());
        let one_hop = "MATCH (a {name: $name})-[r]->(b) RETURN b.name, type(r)";
        group.bench_function("cypher one-hop from named node", |b| {
            b.iter(|| servicemap::cypher::run(g, &s.resolver, black_box(one_hop), &named, &bounds))
        });
        // As the server runs a query it has seen before: planned once.
        let planned =
            servicemap::cypher::plan(g, one_hop, &named, &bounds, servicemap::cypher::Rules::ALL)
                .expect("the query plans");
        let never = std::sync::atomic::AtomicBool::new(false);
        group.bench_function("cypher one-hop from named node, planned", |b| {
            b.iter(|| {
                servicemap::cypher::execute(
                    g,
                    &s.resolver,
                    black_box(&planned),
                    &bounds,
                    &never,
                    std::time::Instant::now(),
                )
            })
        });
        group.bench_function("cypher one-hop from hub", |b| {
            b.iter(|| servicemap::cypher::run(g, &s.resolver, black_box(one_hop), &at_hub, &bounds))
        });
        let three_hops = "MATCH (a {name: $name})-[*1..3]->(b) RETURN count(DISTINCT b)";
        group.bench_function("cypher three-hop variable-length from named node", |b| {
            b.iter(|| {
                servicemap::cypher::run(g, &s.resolver, black_box(three_hops), &named, &bounds)
            })
        });
        group.bench_function("export json around hub", |b| {
            b.iter(|| Selection::around(g, black_box(hub), 1).export(Format::Json))
        });
        group.finish();
        if !big {
            let mut group = c.benchmark_group(format!("export/{}", size.name));
            configure(&mut group, true);
            group.bench_function("whole graph json", |b| {
                b.iter(|| Selection::whole(g).export(Format::Json))
            });
            group.finish();
        }
    }
}

criterion_group!(all, benches);
criterion_main!(all);
