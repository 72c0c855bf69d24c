//! The tool table: each tool's name, description, input and output
//! schemas and read-only annotations, and the dispatch of a call to the
//! tool's function. Every tool reads one snapshot and changes nothing.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::budget::{Budget, Paging, Window};
use super::error::ToolError;
use super::inputs::*;
use super::reply::Reply;
use super::{graph, impact, nodes, query};
use crate::matcher::closest_words;
use crate::snapshot::Snapshot;

/// What the tools need besides the snapshot.
#[derive(Debug, Clone, Copy)]
pub struct ToolConfig {
    pub budget: Budget,
    /// Edges one path search may examine.
    pub path_work_budget: usize,
    /// What one Cypher query may do.
    pub query_bounds: crate::cypher::Bounds,
}

impl Default for ToolConfig {
    fn default() -> Self {
        Self {
            budget: Budget::default(),
            path_work_budget: crate::query::path::WORK_BUDGET,
            query_bounds: crate::cypher::Bounds::default(),
        }
    }
}

const PAGING: &str = " Answers are cut to a size budget (max_bytes, default 16384 bytes of JSON): pass next_cursor back as cursor, with the same arguments, for the next part; summary_only gives the counts alone. Every fact carries its document and line, and every answer the map version.";

fn tool<I: JsonSchema + 'static, O: JsonSchema + 'static>(
    name: &'static str,
    title: &'static str,
    description: &'static str,
) -> Tool {
    let description = format!("{description}{PAGING}");
    Tool::new(name, description, Arc::new(JsonObject::new()))
        .with_input_schema::<I>()
        .with_output_schema::<O>()
        .with_title(title)
        .with_annotations(
            ToolAnnotations::with_title(title)
                .read_only(true)
                .destructive(false)
                .idempotent(true)
                .open_world(false),
        )
}

/// Every tool, in the order listed.
pub fn tools() -> Vec<Tool> {
    vec![
        tool::<ResolveInput, nodes::ResolveOutput>(
            "resolve",
            "Resolve a name",
            "Find the nodes a name means, as people type it (an id, a name, an alias, an acronym such as AKS, part of a name, or a misspelling), ranked best first with why each matched. Use it before the other tools when unsure of a name.",
        ),
        tool::<NodeInput, nodes::DescribeOutput>(
            "describe_node",
            "Describe a node",
            "Everything the map says about one node: a summary, its kind, aliases, categories and where it is written, then its relations in and out (memberships included), each with the document and line that states it.",
        ),
        tool::<EdgesInput, graph::EdgesOutput>(
            "find_edges",
            "Find edges",
            "Relation edges matching a pattern of source, relation and target, any of them left open. A relation may be given in its inverse wording (`used by` for `uses`), which swaps the ends; map_summary lists the relations.",
        ),
        tool::<NeighbourhoodInput, nodes::NeighbourhoodOutput>(
            "neighbourhood",
            "Neighbourhood of a node",
            "The relation edges within depth hops (1 to 5) of a node, walking out, in or both ways, optionally only some relations.",
        ),
        tool::<PathsInput, graph::PathsOutput>(
            "find_paths",
            "Find paths",
            "The k shortest loopless paths between two nodes over relation edges, optionally directed, only some relations, avoiding nodes, or through category memberships; the search has a bounded amount of work.",
        ),
        tool::<ImpactInput, impact::ImpactOutput>(
            "impact",
            "Impact of a node",
            "What depends on a node, transitively (dependents: what breaks if it fails), or what it depends on (dependencies), over the relations that carry dependence, nearest first; each node with its distance and a shortest path, every edge cited.",
        ),
        tool::<AskInput, graph::AskOutput>(
            "ask",
            "Ask a question",
            "A question in plain words (what uses X, what does X use, what is in category C, how is X connected to Y, tell me about X), answered in one sentence with the facts it rests on.",
        ),
        tool::<QueryInput, query::QueryOutput>(
            "query",
            "Run an openCypher query",
            "A read-only openCypher query over the map, bounded in work and rows: nodes have the labels Category, Service and Concept and the properties id, name and kind; relation edges have their relation as the type in upper case with underscores (USES, INTEGRATES_WITH; map_summary lists the relations) and memberships the type HAS_SERVICE; edges are directed as written. Writing clauses are refused.",
        ),
        tool::<SummaryInput, graph::SummaryOutput>(
            "map_summary",
            "Summarise the map",
            "The map at a glance: counts of nodes, edges, documents and diagnostics, the version, then the relation vocabulary with counts and the categories with their sizes.",
        ),
    ]
}

/// Answers the call of tool `name` with `arguments` from `snapshot`.
/// `Ok(None)` when there is no such tool.
pub fn call(
    snapshot: &Snapshot,
    config: &ToolConfig,
    name: &str,
    arguments: &Map<String, Value>,
) -> Option<Result<Reply, ToolError>> {
    let s = snapshot;
    let work = config.path_work_budget;
    Some(match name {
        "resolve" => run(name, s, config, arguments, |i: ResolveInput, w| {
            nodes::resolve(s, &i, &w)
        }),
        "describe_node" => run(name, s, config, arguments, |i: NodeInput, w| {
            nodes::describe(s, &i, &w)
        }),
        "find_edges" => run(name, s, config, arguments, |i: EdgesInput, w| {
            graph::find_edges(s, &i, &w)
        }),
        "neighbourhood" => run(name, s, config, arguments, |i: NeighbourhoodInput, w| {
            nodes::neighbourhood(s, &i, &w)
        }),
        "find_paths" => run(name, s, config, arguments, |i: PathsInput, w| {
            graph::find_paths(s, &i, &w, work)
        }),
        "impact" => run(name, s, config, arguments, |i: ImpactInput, w| {
            impact::impact(s, &i, &w, work)
        }),
        "ask" => run(name, s, config, arguments, |i: AskInput, w| {
            graph::ask(s, &i, &w, work)
        }),
        "query" => run(name, s, config, arguments, |i: QueryInput, w| {
            query::query(s, &i, &w, &config.query_bounds)
        }),
        "map_summary" => run(name, s, config, arguments, |i: SummaryInput, w| {
            graph::map_summary(s, &i, &w)
        }),
        _ => return None,
    })
}

/// Inputs that carry paging arguments.
trait Paged {
    fn paging(&self) -> &Paging;
}

macro_rules! paged {
    ($($t:ty),*) => {$(impl Paged for $t { fn paging(&self) -> &Paging { &self.paging } })*};
}
paged!(
    ResolveInput,
    NodeInput,
    EdgesInput,
    NeighbourhoodInput,
    PathsInput,
    ImpactInput,
    AskInput,
    QueryInput,
    SummaryInput
);

fn run<I: DeserializeOwned + JsonSchema + Paged>(
    name: &str,
    snapshot: &Snapshot,
    config: &ToolConfig,
    arguments: &Map<String, Value>,
    answer: impl FnOnce(I, Window) -> Result<Reply, ToolError>,
) -> Result<Reply, ToolError> {
    let input: I = parse(arguments)?;
    let window = Window::open(
        name,
        arguments,
        input.paging(),
        &snapshot.version,
        config.budget,
    )?;
    answer(input, window)
}

/// The arguments as the tool's input type; an argument the tool does not
/// take is refused with the closest names it does take.
fn parse<I: DeserializeOwned + JsonSchema>(arguments: &Map<String, Value>) -> Result<I, ToolError> {
    let schema = schemars::schema_for!(I);
    let known: Vec<&str> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    if let Some(unknown) = arguments.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(ToolError::BadParameter {
            name: unknown.clone(),
            reason: format!(
                "not an argument of this tool; it takes {}",
                known.join(", ")
            ),
            suggestions: closest_words(unknown, known.iter().copied(), 0.7, 3)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        });
    }
    serde_json::from_value(Value::Object(arguments.clone())).map_err(|e| ToolError::BadParameter {
        name: "arguments".into(),
        reason: e.to_string(),
        suggestions: Vec::new(),
    })
}
