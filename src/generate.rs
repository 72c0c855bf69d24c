//! Deterministic scale data: documents in the same dialect as the bundled
//! map, at any size, for benchmarks and load tests.
//!
//! One seed gives the same bytes on every machine (a private SplitMix64
//! generator, integer arithmetic only). The documents exercise the dialect:
//! several categories per file, names repeated across blocks in other
//! casing and spacing, passive (`used by`) markers, nested relation targets,
//! decorations, acronym aliases and a few empty blocks. Relation edges are
//! de-duplicated while generating, so the loaded graph has exactly the
//! requested number of relation edges.
//!
//! Besides the documents, the generator names a far-apart pair (for path
//! benchmarks: the first node at exactly [`FAR_HOPS`] hops from a
//! low-degree start, else the farthest one) and the hub (the node with the
//! most relation edges). [`PAIR_FILE`] records them; it is not Markdown, so
//! loading the folder ignores it.

use std::collections::{HashSet, VecDeque};
use std::fmt::Write as _;
use std::path::Path;

use crate::snapshot::Source;

/// The file naming the far pair and the hub, next to the documents.
pub const PAIR_FILE: &str = "PAIR.txt";
/// The hop count the far pair aims for.
pub const FAR_HOPS: usize = 5;
/// Categories written to one document.
const CATEGORIES_PER_FILE: usize = 8;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub categories: usize,
    pub services: usize,
    /// Relation edges (memberships come on top, one per listed service).
    pub edges: usize,
    pub seed: u64,
}

impl Spec {
    /// Concepts (nodes named only by relations): about 0.3 nodes per edge
    /// in all, as in hand-written maps.
    pub fn concepts(&self) -> usize {
        (self.edges * 3 / 10).saturating_sub(self.services + self.categories)
    }
}

/// A pair of nodes joined by a shortest path of `hops` relation edges
/// (undirected, memberships not walked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub from: String,
    pub to: String,
    pub hops: usize,
}

/// Generated documents and the names worth benchmarking.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `(file name, Markdown)`, in file-name order.
    pub files: Vec<(String, String)>,
    pub pair: Pair,
    /// The node with the most relation edges, and how many it has.
    pub hub: String,
    pub hub_degree: usize,
    /// Relation edges written (after de-duplication): the loaded count.
    pub relation_edges: usize,
    /// Distinct nodes written.
    pub nodes: usize,
}

impl Generated {
    /// The documents as [`Source`]s, to load without writing them out.
    pub fn sources(&self) -> Vec<Source> {
        self.files
            .iter()
            .map(|(path, text)| Source::new(path.clone(), text.clone()))
            .collect()
    }

    /// The text of [`PAIR_FILE`].
    pub fn pair_text(&self) -> String {
        format!(
            "from: {}\nto: {}\nhops: {}\nhub: {}\nhub_degree: {}\nrelation_edges: {}\nnodes: {}\n",
            self.pair.from,
            self.pair.to,
            self.pair.hops,
            self.hub,
            self.hub_degree,
            self.relation_edges,
            self.nodes
        )
    }
}

/// `(active, inverse, weight)`; `None` inverse means symmetric.
const RELATIONS: &[(&str, Option<&str>, u64)] = &[
    ("integrates with", None, 20),
    ("uses", Some("used by"), 25),
    ("connects to", None, 8),
    ("hosts", Some("hosted by"), 8),
    ("manages", Some("managed by"), 6),
    ("stores", Some("stored by"), 6),
    ("protects", Some("protected by"), 5),
    ("enables", Some("enabled by"), 5),
    ("provides", Some("provided by"), 5),
    ("delivers", Some("delivered by"), 4),
    ("orchestrates", Some("orchestrated by"), 4),
    ("scales with", Some("scaled by"), 4),
];

const FIRST: &[&str] = &[
    "Quantum", "Stellar", "Cobalt", "Amber", "Crimson", "Silver", "Nimbus", "Vector", "Prism",
    "Atlas", "Orbit", "Summit", "Harbor", "Falcon", "Cedar", "Aurora", "Beacon", "Cipher", "Delta",
    "Echo", "Fusion", "Granite", "Helix", "Ion", "Jade", "Kinetic", "Lumen", "Meridian", "Nova",
    "Onyx", "Pulse", "Quartz", "Radiant", "Sierra", "Titan", "Umbra", "Vertex", "Willow", "Xenon",
    "Zephyr",
];
const SECOND: &[&str] = &[
    "Data", "Stream", "Ledger", "Identity", "Search", "Cache", "Queue", "Vault", "Edge", "Mesh",
    "Insight", "Signal", "Render", "Compute", "Storage", "Network", "Backup", "Policy", "Monitor",
    "Catalog", "Workflow", "Event", "Media", "Device", "Billing", "Secret", "Config", "Model",
    "Vision", "Speech", "Graph", "Archive", "Sync", "Batch", "Kernel", "Shard", "Token", "Packet",
    "Pixel", "Tensor", "Spatial", "Quota", "Audit", "Trace", "Cluster", "Replica", "Schema",
    "Form", "Notice", "Ticket",
];
const THIRD: &[&str] = &[
    "Gateway",
    "Engine",
    "Hub",
    "Studio",
    "Manager",
    "Analytics",
    "Fabric",
    "Firewall",
    "Registry",
    "Broker",
    "Pipeline",
    "Portal",
    "Store",
    "Index",
    "Bridge",
    "Console",
    "Agent",
    "Scheduler",
    "Router",
    "Lake",
    "Warehouse",
    "Tunnel",
    "Relay",
    "Sentinel",
    "Director",
    "Composer",
    "Factory",
    "Notebook",
    "Tracker",
    "Balancer",
    "Shield",
    "Center",
    "Connector",
    "Explorer",
    "Forge",
    "Grid",
    "Lens",
    "Pool",
    "Desk",
    "Workbench",
];

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    fn percent(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The name of the `i`-th node name: three words, numbered past the
/// word lists' product.
fn node_name(i: usize) -> String {
    let (a, b, c) = (FIRST.len(), SECOND.len(), THIRD.len());
    let round = i / (a * b * c);
    let i = i % (a * b * c);
    let mut name = format!(
        "{} {} {}",
        FIRST[i % a],
        SECOND[(i / a) % b],
        THIRD[i / (a * b)]
    );
    if round > 0 {
        let _ = write!(name, " {}", round + 1);
    }
    name
}

fn category_name(i: usize) -> String {
    let (a, b) = (FIRST.len(), SECOND.len());
    let round = i / (a * b);
    let i = i % (a * b);
    let mut name = format!("{} {}", FIRST[(i + 7) % a], SECOND[i / a]);
    if round > 0 {
        let _ = write!(name, " {}", round + 1);
    }
    name.push_str(" Services");
    name
}

/// Another spelling of the same name: other casing or extra spaces.
fn variant(name: &str, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => name.to_lowercase(),
        1 => name.to_uppercase(),
        _ => name.replacen(' ', "  ", 1),
    }
}

struct Writer {
    rng: Rng,
    names: Vec<String>,
    /// Services then concepts, in the order they may be picked as targets.
    pool: Vec<u32>,
    services: usize,
    next_concept: usize,
    concepts_end: usize,
    written: Vec<bool>,
    edges: HashSet<(u32, u32, u8)>,
    edge_list: Vec<(u32, u32)>,
    remaining: usize,
}

impl Writer {
    /// A name as written at a mention: the first mention is canonical,
    /// later ones sometimes spelt differently.
    fn mention(&mut self, node: u32) -> String {
        let i = node as usize;
        if !self.written[i] {
            self.written[i] = true;
            return self.names[i].clone();
        }
        if self.rng.percent(20) {
            let name = self.names[i].clone();
            variant(&name, &mut self.rng)
        } else {
            self.names[i].clone()
        }
    }

    /// A relation target: a new concept at the rate that writes them all,
    /// else a known node, preferring early ones (which become hubs).
    fn pick(&mut self) -> u32 {
        let unwritten = self.concepts_end - self.next_concept;
        if unwritten > 0 && self.rng.below(self.remaining.max(1)) < unwritten {
            let node = self.next_concept as u32;
            self.next_concept += 1;
            self.pool.push(node);
            return node;
        }
        let n = self.pool.len();
        if self.rng.percent(30) {
            // Squared uniform: heavily skewed to the start of the pool.
            let u = self.rng.below(1 << 20) as u64;
            let at = (u * u) >> 20;
            return self.pool[(at as usize * n) >> 20];
        }
        self.pool[self.rng.below(n)]
    }

    fn relation(&mut self) -> usize {
        let total: u64 = RELATIONS.iter().map(|r| r.2).sum();
        let mut x = self.rng.next() % total;
        for (i, r) in RELATIONS.iter().enumerate() {
            if x < r.2 {
                return i;
            }
            x -= r.2;
        }
        0
    }

    /// Records the stored edge `parent -[relation]-> target` (or reversed
    /// when `passive`); false for a self-loop or a duplicate.
    fn add(&mut self, parent: u32, relation: usize, target: u32, passive: bool) -> bool {
        let (s, t) = if passive {
            (target, parent)
        } else {
            (parent, target)
        };
        if s == t || !self.edges.insert((s, t, relation as u8)) {
            return false;
        }
        self.edge_list.push((s, t));
        self.remaining -= 1;
        true
    }

    /// A group of relation lines under `parent` at `indent`, up to `quota`
    /// edges; nested targets get groups of their own. Returns edges added.
    fn group(&mut self, out: &mut String, parent: u32, indent: usize, quota: usize) -> usize {
        let relation = self.relation();
        let (active, inverse, _) = RELATIONS[relation];
        let passive = inverse.is_some() && self.rng.percent(25);
        let marker = if passive {
            inverse.unwrap_or(active)
        } else {
            active
        };
        let pad = " ".repeat(indent);
        let _ = writeln!(out, "{pad}:: {marker}");
        let size = (1 + self.rng.below(5)).min(quota);
        let mut added = 0;
        for _ in 0..size {
            let mut target = None;
            for _ in 0..8 {
                let candidate = self.pick();
                if self.add(parent, relation, candidate, passive) {
                    target = Some(candidate);
                    break;
                }
            }
            let Some(target) = target else { continue };
            added += 1;
            let name = self.mention(target);
            let _ = writeln!(out, "{pad}{name}");
            if indent < 10 && added < quota && self.remaining > 0 && self.rng.percent(12) {
                let nested = (1 + self.rng.below(3)).min(quota - added);
                added += self.group(out, target, indent + 2, nested);
            }
            if added >= quota || self.remaining == 0 {
                break;
            }
        }
        added
    }

    /// A service line and its relation groups.
    fn service(&mut self, out: &mut String, service: u32, quota: usize) {
        let name = self.mention(service);
        let _ = writeln!(out, "    {name}");
        if self.rng.percent(2) {
            out.push_str("      ::icon(fa fa-cloud)\n");
        }
        let mut left = quota.min(self.remaining);
        let mut stalls = 0;
        while left > 0 && stalls < 4 {
            let added = self.group(out, service, 6, left);
            left -= added;
            stalls = if added == 0 { stalls + 1 } else { 0 };
        }
    }
}

/// Generates the documents of `spec` in memory.
pub fn generate(spec: &Spec) -> Generated {
    let categories = spec.categories.max(1);
    let services = spec.services.max(categories);
    let concepts = spec.concepts();
    let total = services + concepts;
    let mut rng = Rng(spec.seed ^ 0x5EED_0F5E_AF1C_E000);
    // Shuffle which name each node gets, so sizes and seeds differ in names.
    let mut order: Vec<usize> = (0..total).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut names: Vec<String> = order.into_iter().map(node_name).collect();
    for (i, name) in names.iter_mut().enumerate().take(services) {
        if i % 29 == 3 {
            let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
            let _ = write!(name, " ({initials}{})", i % 97);
        }
    }
    // Relation edges per service: weights 1..=4, scaled to the total.
    let weights: Vec<usize> = (0..services).map(|_| 1 + rng.below(4)).collect();
    let weight_sum: usize = weights.iter().sum();
    let mut quotas: Vec<usize> = weights
        .iter()
        .map(|w| spec.edges * w / weight_sum)
        .collect();
    let short = spec.edges - quotas.iter().sum::<usize>();
    for q in quotas.iter_mut().take(short) {
        *q += 1;
    }

    let mut writer = Writer {
        rng,
        names,
        pool: (0..services as u32).collect(),
        services,
        next_concept: services,
        concepts_end: total,
        written: vec![false; total],
        edges: HashSet::with_capacity(spec.edges),
        edge_list: Vec::with_capacity(spec.edges),
        remaining: spec.edges,
    };
    let mut files = Vec::new();
    let per_category = services / categories;
    let mut next_service = 0;
    for file_start in (0..categories).step_by(CATEGORIES_PER_FILE) {
        let file_index = files.len() + 1;
        let mut out = format!(
            "---\ntitle: Generated services map, part {file_index}\ngenerator: servicemap generate --seed {}\n---\n\n",
            spec.seed
        );
        let file_end = (file_start + CATEGORIES_PER_FILE).min(categories);
        for category in file_start..file_end {
            let name = category_name(category);
            let _ = write!(out, "### {name}\n\n```mermaid\nmindmap\n  root(({name}))\n");
            let end = if category + 1 == categories {
                services
            } else {
                next_service + per_category
            };
            for (service, &quota) in quotas.iter().enumerate().take(end).skip(next_service) {
                writer.service(&mut out, service as u32, quota);
                // Now and then, a service of an earlier block listed again
                // in this one, spelt differently, with a few more edges.
                if service > per_category && writer.rng.percent(3) {
                    let other = writer.rng.below(next_service.max(1)) as u32;
                    let spelt = variant(&writer.names[other as usize].clone(), &mut writer.rng);
                    let _ = writeln!(out, "    {spelt}");
                    let quota = 1 + writer.rng.below(2);
                    if writer.remaining > 0 {
                        writer.group(&mut out, other, 6, quota);
                    }
                }
            }
            next_service = end;
            out.push_str("```\n\n");
        }
        if file_index % 16 == 1 {
            out.push_str("### Notes\n\n```mermaid\n\n```\n");
        }
        files.push((format!("part-{file_index:05}.md"), out));
    }
    // Edges not yet placed (duplicates redrawn, stalls): one last block.
    if writer.remaining > 0 {
        let mut out = String::from(
            "---\ntitle: Generated services map, remainder\n---\n\n### Remainder Services\n\n```mermaid\nmindmap\n  root((Remainder Services))\n",
        );
        let mut stalls = 0;
        while writer.remaining > 0 && stalls < 1000 {
            let service = writer.rng.below(writer.services) as u32;
            let before = writer.remaining;
            let name = writer.mention(service);
            let _ = writeln!(out, "    {name}");
            writer.group(&mut out, service, 6, before);
            stalls = if writer.remaining == before {
                stalls + 1
            } else {
                0
            };
        }
        out.push_str("```\n");
        files.push(("part-99999-remainder.md".into(), out));
    }

    let (pair, hub, hub_degree) = landmarks(&writer);
    Generated {
        files,
        pair,
        hub,
        hub_degree,
        relation_edges: writer.edge_list.len(),
        nodes: categories + writer.written.iter().filter(|w| **w).count(),
    }
}

/// The far pair and the hub, over undirected relation edges.
fn landmarks(writer: &Writer) -> (Pair, String, usize) {
    let n = writer.names.len();
    let mut degree = vec![0u32; n + 1];
    for &(s, t) in &writer.edge_list {
        degree[s as usize] += 1;
        degree[t as usize] += 1;
    }
    let mut offsets = vec![0usize; n + 1];
    for i in 0..n {
        offsets[i + 1] = offsets[i] + degree[i] as usize;
    }
    let mut fill = offsets.clone();
    let mut adjacent = vec![0u32; offsets[n]];
    for &(s, t) in &writer.edge_list {
        adjacent[fill[s as usize]] = t;
        fill[s as usize] += 1;
        adjacent[fill[t as usize]] = s;
        fill[t as usize] += 1;
    }
    let hub = (0..n).max_by_key(|&i| (degree[i], std::cmp::Reverse(i)));
    let (hub, hub_degree) = hub.map_or((String::new(), 0), |h| {
        (writer.names[h].clone(), degree[h] as usize)
    });
    // Start: the last-written concept with a relation edge (low degree).
    let start = (0..n)
        .rev()
        .find(|&i| writer.written[i] && degree[i] > 0)
        .unwrap_or(0);
    let mut distance = vec![usize::MAX; n];
    distance[start] = 0;
    let mut queue = VecDeque::from([start]);
    let mut farthest = start;
    let mut at_target = None;
    while let Some(node) = queue.pop_front() {
        let d = distance[node];
        if d > distance[farthest] {
            farthest = node;
        }
        if d == FAR_HOPS && at_target.is_none() {
            at_target = Some(node);
            break;
        }
        for &next in &adjacent[offsets[node]..offsets[node + 1]] {
            let next = next as usize;
            if distance[next] == usize::MAX {
                distance[next] = d + 1;
                queue.push_back(next);
            }
        }
    }
    let end = at_target.unwrap_or(farthest);
    let pair = Pair {
        from: writer.names[start].clone(),
        to: writer.names[end].clone(),
        hops: distance[end],
    };
    (pair, hub, hub_degree)
}

/// `servicemap generate`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// Categories (mindmap roots).
    #[arg(long, default_value_t = 20)]
    pub categories: usize,
    /// Services (children of the roots).
    #[arg(long, default_value_t = 1_000)]
    pub services: usize,
    /// Relation edges.
    #[arg(long, default_value_t = 10_000)]
    pub edges: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created if missing).
    #[arg(long)]
    pub out: std::path::PathBuf,
}

/// Runs `servicemap generate`: writes the data and prints the pair file.
pub fn run(args: &GenerateArgs) -> std::process::ExitCode {
    let spec = Spec {
        categories: args.categories,
        services: args.services,
        edges: args.edges,
        seed: args.seed,
    };
    match write(&spec, &args.out) {
        Ok(generated) => {
            println!(
                "{} documents in {}",
                generated.files.len(),
                args.out.display()
            );
            print!("{}", generated.pair_text());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("servicemap: cannot write {}: {e}", args.out.display());
            std::process::ExitCode::FAILURE
        }
    }
}

/// Generates into `dir`: removes the `part-*.md` files of an earlier run,
/// writes the documents and [`PAIR_FILE`].
pub fn write(spec: &Spec, dir: &Path) -> std::io::Result<Generated> {
    std::fs::create_dir_all(dir)?;
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(".md") {
            std::fs::remove_file(entry.path())?;
        }
    }
    let generated = generate(spec);
    for (name, text) in &generated.files {
        std::fs::write(dir.join(name), text)?;
    }
    std::fs::write(dir.join(PAIR_FILE), generated.pair_text())?;
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::path::{PathOptions, shortest_paths};
    use crate::snapshot::from_sources;

    const SMALL: Spec = Spec {
        categories: 12,
        services: 300,
        edges: 3_000,
        seed: 7,
    };

    fn load(generated: &Generated) -> crate::snapshot::Snapshot {
        from_sources(&generated.sources(), vec![])
    }

    #[test]
    fn one_seed_gives_the_same_documents() {
        let a = generate(&SMALL);
        let b = generate(&SMALL);
        assert_eq!(a.files, b.files);
        assert_eq!(a.pair, b.pair);
        let other = generate(&Spec { seed: 8, ..SMALL });
        assert_ne!(a.files, other.files);
    }

    #[test]
    fn the_loaded_graph_has_the_requested_shape() {
        let generated = generate(&SMALL);
        assert_eq!(generated.relation_edges, SMALL.edges);
        let s = load(&generated);
        let g = &s.graph;
        let edges = g.relation_edge_count();
        assert!(
            edges.abs_diff(SMALL.edges) <= SMALL.edges / 100,
            "{edges} relation edges"
        );
        assert_eq!(edges, generated.relation_edges);
        assert_eq!(
            g.count_kind(crate::graph::NodeKind::Category),
            SMALL.categories
        );
        assert!(g.count_kind(crate::graph::NodeKind::Concept) > 0);
        assert!(g.node_count().abs_diff(generated.nodes) <= 1);
        // Passive markers and re-spelt names are in the documents.
        let text: String = generated.files.iter().map(|(_, t)| t.as_str()).collect();
        assert!(text.contains(":: used by"));
        assert!(s.diagnostics.iter().any(|d| d.message.contains("empty")));
        assert!(
            s.diagnostics
                .iter()
                .all(|d| d.message.contains("empty mermaid block")),
            "{:?}",
            s.diagnostics.iter().take(3).collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_far_pair_is_connected_at_its_recorded_distance() {
        let generated = generate(&SMALL);
        let s = load(&generated);
        let g = &s.graph;
        let from = g.by_name(&generated.pair.from).unwrap();
        let to = g.by_name(&generated.pair.to).unwrap();
        let paths = shortest_paths(g, from, to, &PathOptions::default()).unwrap();
        assert_eq!(paths[0].hops(), generated.pair.hops);
        assert!(generated.pair.hops >= 3, "{:?}", generated.pair);
        let hub = g.by_name(&generated.hub).unwrap();
        assert_eq!(
            g.degrees()[hub.index()].0 + g.degrees()[hub.index()].1,
            generated.hub_degree
        );
        assert!(
            generated
                .pair_text()
                .contains(&format!("hub: {}", generated.hub))
        );
    }
}
