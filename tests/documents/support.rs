//! Loading one document the way the service does, and summing it up.

use servicemap::diagnostic::Diagnostic;
use servicemap::snapshot::{Snapshot, Source, from_sources};

/// Builds a snapshot from one document, as `load` would from a data folder.
pub fn load_one(path: &str, bytes: Vec<u8>) -> Snapshot {
    from_sources(
        &[Source {
            path: path.to_owned(),
            bytes,
        }],
        Vec::new(),
    )
}

/// What a loaded document amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub nodes: usize,
    pub relation_edges: usize,
    pub memberships: usize,
    pub mindmaps: usize,
}

pub fn counts(snapshot: &Snapshot) -> Counts {
    Counts {
        nodes: snapshot.graph.node_count(),
        relation_edges: snapshot.graph.relation_edge_count(),
        memberships: snapshot.graph.membership_count(),
        mindmaps: snapshot.documents.iter().map(|d| d.blocks).sum(),
    }
}

/// `line: message` as the expected files write it (`-` for no line).
pub fn show(d: &Diagnostic) -> String {
    match d.line {
        Some(line) => format!("{line}: {}", d.message),
        None => format!("-: {}", d.message),
    }
}
