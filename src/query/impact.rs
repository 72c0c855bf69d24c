//! Impact: what depends on a node, transitively ("what breaks if X
//! fails"), or what it depends on, all the way down. Breadth-first over
//! the relations that carry dependence (declared in the relation
//! vocabulary), so each node is reached at its distance with one shortest
//! path; bounded by depth and by the work budget of the path search.

use hashbrown::HashMap;

use crate::graph::vocabulary::Dependence;
use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};
use crate::query::path::{Path, PathError};

/// Which way to follow dependence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactDirection {
    /// What depends on the node: what breaks if it fails.
    Dependents,
    /// What the node depends on.
    Dependencies,
}

impl super::choice::Choice for ImpactDirection {
    const ALL: &'static [Self] = &[ImpactDirection::Dependents, ImpactDirection::Dependencies];
    const DEFAULT: Option<Self> = Some(ImpactDirection::Dependents);

    fn word(self) -> &'static str {
        match self {
            ImpactDirection::Dependents => "dependents",
            ImpactDirection::Dependencies => "dependencies",
        }
    }
}

/// The relations an impact question follows, each with the way it carries
/// dependence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependenceRelations(pub Vec<(RelationId, Dependence)>);

impl DependenceRelations {
    /// Every relation of the graph whose vocabulary entry declares dependence.
    pub fn declared(graph: &KnowledgeGraph) -> Self {
        Self(
            graph
                .relations()
                .filter_map(|(id, r)| {
                    let wording = graph.vocabulary().wording(&r.label)?;
                    wording.dependence.map(|d| (id, d))
                })
                .collect(),
        )
    }

    /// The given relations, as declared, or read as "the source depends on
    /// the target" when their entry says nothing.
    pub fn chosen(graph: &KnowledgeGraph, relations: &[RelationId]) -> Self {
        Self(
            relations
                .iter()
                .map(|id| {
                    let label = &graph.relation(*id).label;
                    let dependence = graph
                        .vocabulary()
                        .wording(label)
                        .and_then(|w| w.dependence)
                        .unwrap_or(Dependence::SourceOnTarget);
                    (*id, dependence)
                })
                .collect(),
        )
    }

    fn of(&self, relation: RelationId) -> Option<Dependence> {
        self.0.iter().find(|(r, _)| *r == relation).map(|(_, d)| *d)
    }
}

/// One node reached, at its distance, with a shortest path from the start
/// (edges in their stored direction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    pub node: NodeRef,
    pub distance: usize,
    pub path: Path,
}

/// Every node within `depth` steps of `start` along dependence, nearest
/// first (ties in the order found), the start itself excluded.
pub fn impact(
    graph: &KnowledgeGraph,
    start: NodeRef,
    direction: ImpactDirection,
    relations: &DependenceRelations,
    depth: usize,
    budget: usize,
) -> Result<Vec<Reached>, PathError> {
    let mut via: HashMap<NodeRef, Option<(NodeRef, EdgeRef)>> = HashMap::new();
    via.insert(start, None);
    let mut order = Vec::new();
    let mut frontier = vec![start];
    let mut work = 0;
    for distance in 1..=depth {
        let mut next = Vec::new();
        for &u in &frontier {
            for (outgoing, edge) in graph
                .edges_at(u, true)
                .map(|e| (true, e))
                .chain(graph.edges_at(u, false).map(|e| (false, e)))
            {
                work += 1;
                if work > budget {
                    return Err(PathError::BudgetExceeded { budget });
                }
                let EdgeKind::Relation(r) = edge.kind else {
                    continue;
                };
                let Some(dependence) = relations.of(r) else {
                    continue;
                };
                // Walking from the dependent to what it depends on?
                let towards_dependency = match dependence {
                    Dependence::SourceOnTarget => outgoing,
                    Dependence::TargetOnSource => !outgoing,
                };
                let wanted = match direction {
                    ImpactDirection::Dependencies => towards_dependency,
                    ImpactDirection::Dependents => !towards_dependency,
                };
                let v = if outgoing { edge.target } else { edge.source };
                if !wanted || via.contains_key(&v) {
                    continue;
                }
                via.insert(v, Some((u, edge.id)));
                order.push((v, distance));
                next.push(v);
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    Ok(order
        .into_iter()
        .map(|(node, distance)| {
            let mut nodes = vec![node];
            let mut edges = Vec::new();
            let mut at = node;
            while let Some(Some((previous, edge))) = via.get(&at) {
                nodes.push(*previous);
                edges.push(*edge);
                at = *previous;
            }
            nodes.reverse();
            edges.reverse();
            Reached {
                node,
                distance,
                path: Path { nodes, edges },
            }
        })
        .collect())
}

/// The same question in Cypher, as `POST /api/v1/query` answers it.
pub fn as_cypher(
    graph: &KnowledgeGraph,
    start: NodeRef,
    direction: ImpactDirection,
    relations: &DependenceRelations,
    depth: usize,
) -> String {
    // Each relation written the way that points from dependent to dependency.
    let types: Vec<String> = relations
        .0
        .iter()
        .filter_map(|(id, dependence)| {
            let label = &graph.relation(*id).label;
            let written = match dependence {
                Dependence::SourceOnTarget => Some(label.clone()),
                Dependence::TargetOnSource => graph
                    .vocabulary()
                    .wording(label)
                    .and_then(|w| w.inverse.clone()),
            }?;
            Some(format!("`{written}`"))
        })
        .collect();
    let (left, right) = match direction {
        ImpactDirection::Dependencies => ("-", "->"),
        ImpactDirection::Dependents => ("<-", "-"),
    };
    format!(
        "MATCH p = (x {{id: '{}'}}){left}[:{}*1..{depth}]{right}(d) WHERE d <> x WITH d, min(length(p)) AS distance RETURN d.id, d.name, distance ORDER BY distance, d.name",
        graph.node(start).id.replace('\'', "\\'"),
        types.join("|"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::load;

    #[test]
    fn dependents_and_dependencies_are_converse() {
        let s = load(&["data".into()]).unwrap();
        let g = &s.graph;
        let relations = DependenceRelations::declared(g);
        let vm = g.by_name("Virtual Machines").unwrap();
        let aks = g.by_name("Azure Kubernetes Service").unwrap();
        let dependents = impact(g, vm, ImpactDirection::Dependents, &relations, 8, 1_000).unwrap();
        assert!(dependents.iter().any(|r| r.node == aks && r.distance == 1));
        let dependencies =
            impact(g, aks, ImpactDirection::Dependencies, &relations, 8, 1_000).unwrap();
        let reached: Vec<&str> = dependencies
            .iter()
            .map(|r| g.node(r.node).name.as_str())
            .collect();
        assert!(reached.contains(&"Virtual Machines"), "{reached:?}");
        let host = dependencies
            .iter()
            .find(|r| g.node(r.node).name == "Azure Dedicated Host")
            .unwrap();
        assert_eq!(host.distance, 2);
        assert_eq!(host.path.nodes.len(), 3);
        assert!(matches!(
            impact(g, vm, ImpactDirection::Dependents, &relations, 8, 1),
            Err(PathError::BudgetExceeded { .. })
        ));
    }

    #[test]
    fn the_cypher_form_gives_the_same_nodes_and_distances() {
        let s = load(&["data".into()]).unwrap();
        let g = &s.graph;
        let relations = DependenceRelations::declared(g);
        for name in [
            "Virtual Machines",
            "Azure Kubernetes Service",
            "App Service",
            "Blob Storage",
        ] {
            let node = g.by_name(name).unwrap();
            for direction in [ImpactDirection::Dependents, ImpactDirection::Dependencies] {
                let mut expected: Vec<(String, i64)> =
                    impact(g, node, direction, &relations, 8, usize::MAX)
                        .unwrap()
                        .iter()
                        .map(|r| (g.node(r.node).id.clone(), r.distance as i64))
                        .collect();
                expected.sort();
                let query = as_cypher(g, node, direction, &relations, 8);
                let answer = crate::cypher::run(
                    g,
                    &s.resolver,
                    &query,
                    &Default::default(),
                    &Default::default(),
                )
                .unwrap_or_else(|e| panic!("{query}: {e}"));
                let mut got: Vec<(String, i64)> = answer
                    .rows
                    .iter()
                    .map(|row| match (&row[0], &row[2]) {
                        (
                            crate::cypher::value::Value::String(id),
                            crate::cypher::value::Value::Int(d),
                        ) => (id.clone(), *d),
                        other => panic!("{other:?}"),
                    })
                    .collect();
                got.sort();
                assert_eq!(got, expected, "{query}");
            }
        }
    }
}
