//! Deterministic scale data for servicemap: documents in the same dialect
//! as the bundled map, at any size, for benchmarks and load tests. A
//! development tool of the workspace, not part of the product:
//! `cargo run -p servicemap-gen -- --edges 100000 --out bench-data/100k`.
//!
//! One seed gives the same bytes on every machine. The documents exercise
//! the dialect: several categories per file, names repeated across blocks
//! in other casing and spacing, passive (`used by`) markers, nested
//! relation targets, decorations, acronym aliases and a few empty blocks.
//! Relation edges are de-duplicated while generating, so the loaded graph
//! has exactly the requested number of relation edges.
//!
//! The same size can come in several [`Shape`]s: few large documents or
//! many small ones, short or long names, few or many relation types.
//!
//! Besides the documents, the generator names a far-apart pair (for path
//! benchmarks: the first node at exactly [`FAR_HOPS`] hops from a
//! low-degree start, else the farthest one) and the hub (the node with the
//! most relation edges). [`PAIR_FILE`] records them; it is not Markdown, so
//! loading the folder ignores it.
//!
//! # Layout
//!
//! - `documents`: the files: names over nodes, edges over services,
//!   categories over files.
//! - `writer`: the relation lines under one service.
//! - `relations`: which relations, how often, worded by the library's
//!   vocabulary.
//! - `names`: node and category names and their other spellings.
//! - `landmarks`: the hub and the far pair.
//! - `rng`: the seeded random numbers.

mod documents;
mod landmarks;
mod names;
mod relations;
mod rng;
mod writer;

use std::path::Path;

use servicemap::snapshot::Source;

pub use documents::generate;

/// The file naming the far pair and the hub, next to the documents.
pub const PAIR_FILE: &str = "PAIR.txt";
/// The hop count the far pair aims for.
pub const FAR_HOPS: usize = 5;

/// What to generate: the size, and the shape of the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub categories: usize,
    pub services: usize,
    /// Relation edges (memberships come on top, one per listed service).
    pub edges: usize,
    pub seed: u64,
    pub shape: Shape,
}

impl Spec {
    /// 20 categories, 1,000 services, 10,000 relation edges, seed 1, the
    /// default shape.
    pub const DEFAULT: Spec = Spec {
        categories: 20,
        services: 1_000,
        edges: 10_000,
        seed: 1,
        shape: Shape::DEFAULT,
    };

    /// A size with the default shape.
    pub const fn sized(categories: usize, services: usize, edges: usize, seed: u64) -> Spec {
        Spec {
            categories,
            services,
            edges,
            seed,
            shape: Shape::DEFAULT,
        }
    }

    /// Concepts (nodes named only by relations): about 0.3 nodes per edge
    /// in all, as in hand-written maps.
    pub fn concepts(&self) -> usize {
        (self.edges * 3 / 10).saturating_sub(self.services + self.categories)
    }
}

impl Default for Spec {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How the same graph is spread over documents and written: few large
/// documents or many small ones, long or short names, few or many
/// relation types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Mindmap blocks (categories) per document: 1 for many small
    /// documents, the category count for one large one.
    pub categories_per_file: usize,
    pub names: Names,
    /// Relation types drawn from: the most used of the library's
    /// vocabulary first, then all of it, then invented ones.
    pub relation_types: usize,
}

impl Shape {
    /// Eight categories per document, three-word names, 12 relation types.
    pub const DEFAULT: Shape = Shape {
        categories_per_file: 8,
        names: Names::Words,
        relation_types: relations::WEIGHTED,
    };
}

impl Default for Shape {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How node names are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Names {
    /// Three words, as in hand-written maps: "Quantum Data Gateway".
    #[default]
    Words,
    /// Two or three letters: "Qa".
    Short,
    /// Three words and a long qualifier, about 60 characters.
    Long,
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
