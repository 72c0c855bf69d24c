//! What each tool takes: one struct per tool, its JSON Schema derived from
//! it, so the schema a client sees is the one the server reads.

use schemars::JsonSchema;
use serde::Deserialize;

use super::budget::Paging;
use crate::query::bounds::{DEPTH, IMPACT_DEPTH, MAX_HOPS, PATHS};

/// `resolve`: a name as people type it.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ResolveInput {
    /// A name, id, alias, acronym, part of a name, or a misspelling of one.
    pub name: String,
    /// Only nodes of this kind: `category`, `service` or `concept`.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `describe_node`: one node.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NodeInput {
    /// The node: an id (best), a name, an alias or an acronym.
    pub node: String,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `find_edges`: an edge pattern; leave any part open.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EdgesInput {
    /// The edge's source node.
    #[serde(default)]
    pub source: Option<String>,
    /// A relation, in its active (`uses`) or inverse (`used by`) wording;
    /// an inverse wording swaps source and target.
    #[serde(default)]
    pub relation: Option<String>,
    /// The edge's target node.
    #[serde(default)]
    pub target: Option<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `neighbourhood`: the nodes and relations around one node.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NeighbourhoodInput {
    /// The node at the centre.
    pub node: String,
    /// Relation hops to walk, 1 to 5 (default 1).
    #[serde(default)]
    #[schemars(range(min = DEPTH.min, max = DEPTH.max))]
    pub depth: Option<usize>,
    /// `out` (what it points at), `in` (what points at it) or `both` (default).
    #[serde(default)]
    pub direction: Option<String>,
    /// Walk only these relations.
    #[serde(default)]
    pub relations: Vec<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `find_paths`: how two nodes are connected.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct PathsInput {
    pub from: String,
    pub to: String,
    /// How many shortest loopless paths, 1 to 10 (default 1).
    #[serde(default)]
    #[schemars(range(min = PATHS.min, max = PATHS.max))]
    pub k: Option<usize>,
    /// Walk only these relations.
    #[serde(default)]
    pub relations: Vec<String>,
    /// Nodes no path may pass through.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Also walk category memberships (default false).
    #[serde(default)]
    pub via_categories: bool,
    /// Follow relations only from source to target (default false).
    #[serde(default)]
    pub directed: bool,
    /// Longest path considered, 1 to 32 hops (default 16).
    #[serde(default)]
    #[schemars(range(min = MAX_HOPS.min, max = MAX_HOPS.max))]
    pub max_hops: Option<usize>,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `ask`: a question in plain words.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct AskInput {
    /// For example "what integrates with Synapse?", "what is in Databases?",
    /// "how is Bot Service connected to Blob Storage?".
    pub question: String,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `map_summary`: the whole map, counted.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SummaryInput {
    #[serde(flatten)]
    pub paging: Paging,
}

/// `query`: a read-only openCypher query.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct QueryInput {
    /// For example `MATCH (s:Service)-[:USES]->(t) RETURN s.name, t.name`.
    /// Only MATCH, OPTIONAL MATCH, WITH, UNWIND and RETURN are served.
    pub query: String,
    /// Values for `$name` parameters in the query.
    #[serde(default)]
    pub parameters: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(flatten)]
    pub paging: Paging,
}

/// `impact`: what depends on a node, transitively, or what it depends on.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct ImpactInput {
    /// The node asked about.
    pub node: String,
    /// `dependents` (what breaks if it fails; the default) or
    /// `dependencies` (what it needs).
    #[serde(default)]
    pub direction: Option<String>,
    /// Dependence steps to follow, 1 to 16 (default 8).
    #[serde(default)]
    #[schemars(range(min = IMPACT_DEPTH.min, max = IMPACT_DEPTH.max))]
    pub depth: Option<usize>,
    /// Follow only these relations (default: those the relation vocabulary
    /// declares dependence for).
    #[serde(default)]
    pub relations: Vec<String>,
    #[serde(flatten)]
    pub paging: Paging,
}
