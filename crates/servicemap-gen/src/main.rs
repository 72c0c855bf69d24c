//! `servicemap-gen`: writes deterministic scale data and prints the pair
//! file (`cargo run -p servicemap-gen -- --out DIR`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use servicemap_gen::{Spec, write};

/// Write deterministic scale data: documents in servicemap's dialect.
#[derive(Debug, Parser)]
#[command(name = "servicemap-gen", version)]
struct Args {
    /// Categories (mindmap roots).
    #[arg(long, default_value_t = 20)]
    categories: usize,
    /// Services (children of the roots).
    #[arg(long, default_value_t = 1_000)]
    services: usize,
    /// Relation edges.
    #[arg(long, default_value_t = 10_000)]
    edges: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
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
