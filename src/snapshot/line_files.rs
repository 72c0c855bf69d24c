//! The data folder's line files: the relation vocabulary
//! ([`RELATIONS_FILE`](super::RELATIONS_FILE)) read before the documents, and
//! extra aliases ([`ALIASES_FILE`](super::ALIASES_FILE)) given to the graph's
//! nodes once it is built.

use crate::diagnostic::clip;
use crate::document::{LineDiagnostic, line_file};
use crate::graph::KnowledgeGraph;

/// Gives the nodes an aliases file names (`aks, k8s = Azure Kubernetes
/// Service`) their aliases. A target must be a node's exact name or id.
pub(super) fn add_aliases(graph: &mut KnowledgeGraph, text: &str) -> Vec<LineDiagnostic> {
    let (entries, mut problems) = line_file::entries(text, '=', "alias, alias = node name or id");
    for entry in entries {
        let Some(node) = graph
            .by_id(entry.right)
            .or_else(|| graph.by_name(entry.right))
        else {
            problems.push(LineDiagnostic::new(
                entry.line,
                format!(
                    "alias target `{}` is not a node's name or id; line ignored",
                    clip(entry.right)
                ),
            ));
            continue;
        };
        for alias in entry.left.split(',').map(str::trim) {
            graph.add_alias(node, alias);
        }
    }
    problems.sort_by_key(|p| p.line);
    problems
}
