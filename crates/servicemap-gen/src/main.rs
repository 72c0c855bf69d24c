//! `servicemap-gen`: writes deterministic scale data and prints the pair
//! file (`cargo run -p servicemap-gen -- --out DIR`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use servicemap_gen::{Names, Shape, Spec, write};

/// Write deterministic scale data: documents in servicemap's dialect.
#[derive(Debug, Parser)]
#[command(name = "servicemap-gen", version)]
struct Args {
    /// Categories (mindmap roots).
    #[arg(long, default_value_t = Spec::DEFAULT.categories)]
    categories: usize,
    /// Services (children of the roots).
    #[arg(long, default_value_t = Spec::DEFAULT.services)]
    services: usize,
    /// Relation edges.
    #[arg(long, default_value_t = Spec::DEFAULT.edges)]
    edges: usize,
    #[arg(long, default_value_t = Spec::DEFAULT.seed)]
    seed: u64,
    /// Categories per document: 1 for many small documents, as many as
    /// --categories for one large one.
    #[arg(long, default_value_t = Shape::DEFAULT.categories_per_file)]
    categories_per_file: usize,
    /// How node names are written.
    #[arg(long, value_enum, default_value_t = Names::Words)]
    names: Names,
    /// Relation types: the library's vocabulary first, then invented ones.
    #[arg(long, default_value_t = Shape::DEFAULT.relation_types)]
    relation_types: usize,
    /// The folder to write (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let spec = Spec {
        categories: args.categories,
        services: args.services,
        edges: args.edges,
        seed: args.seed,
        shape: Shape {
            categories_per_file: args.categories_per_file,
            names: args.names,
            relation_types: args.relation_types,
        },
    };
    match write(&spec, &args.out) {
        Ok(generated) => {
            println!(
                "{} documents in {}",
                generated.files.len(),
                args.out.display()
            );
            print!("{}", generated.pair_text());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("servicemap-gen: cannot write {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
