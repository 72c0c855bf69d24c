//! Prompts: ready-made tasks for an assistant, each with the facts it
//! starts from already read from the map (within the text budget) and the
//! tools to go further named.

use rmcp::ErrorData;
use rmcp::model::{GetPromptResult, JsonObject, Prompt, PromptArgument, PromptMessage, Role};
use serde_json::Value;

use super::tools::{ToolConfig, call};
use crate::snapshot::Snapshot;

pub fn prompts() -> Vec<Prompt> {
    let argument = |name: &str, description: &str, required: bool| {
        PromptArgument::new(name)
            .with_description(description)
            .with_required(required)
    };
    vec![
        Prompt::new(
            "explain_dependencies",
            Some("Explain what a service depends on and what depends on it, citing the map."),
            Some(vec![argument("service", "The service, as you would type it", true)]),
        )
        .with_title("Explain the dependencies of a service"),
        Prompt::new(
            "connect_services",
            Some("Explain how two services are connected, path by path, citing the map."),
            Some(vec![
                argument("from", "One service", true),
                argument("to", "The other", true),
            ]),
        )
        .with_title("How are two services connected?"),
        Prompt::new(
            "review_map_change",
            Some(
                "Review a document of the map after a change: diagnostics, names that may duplicate others, relations outside the vocabulary.",
            ),
            Some(vec![argument(
                "document",
                "The document's path, as map_summary's resources list it",
                false,
            )]),
        )
        .with_title("Review a change to the map"),
    ]
}

/// The prompt `name` with `arguments`, its facts read from `s`.
pub fn get(
    s: &Snapshot,
    config: &ToolConfig,
    name: &str,
    arguments: &JsonObject,
) -> Result<GetPromptResult, ErrorData> {
    let arg = |key: &str| {
        arguments
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let required = |key: &str| {
        arg(key)
            .ok_or_else(|| ErrorData::invalid_params(format!("argument `{key}` is required"), None))
    };
    // The facts a prompt starts from are a tool's answer, errors included,
    // so the model sees suggestions for a misspelt name.
    let facts = |tool: &str, args: Value| -> String {
        let args = args.as_object().cloned().unwrap_or_default();
        match call(s, config, tool, &args) {
            Some(Ok(reply)) => reply.text,
            Some(Err(error)) => serde_json::to_string(&error.problem()).unwrap_or_default(),
            None => String::new(),
        }
    };
    let (description, text) = match name {
        "explain_dependencies" => {
            let service = required("service")?;
            let described = facts("describe_node", serde_json::json!({ "node": service }));
            (
                format!("The dependencies of {service}"),
                format!(
                    "Explain what `{service}` depends on and what depends on it, using the servicemap map.\n\
                     Start from what the map says about it:\n\n{described}\n\n\
                     Then use `neighbourhood` (direction out, then in, depth 2) and `find_edges` to follow the relations; page with `cursor` when `next_cursor` is given. \
                     Cite the document and line of every fact you use, and say plainly when the map says nothing."
                ),
            )
        }
        "connect_services" => {
            let (from, to) = (required("from")?, required("to")?);
            let paths = facts(
                "find_paths",
                serde_json::json!({ "from": from, "to": to, "k": 3 }),
            );
            (
                format!("How {from} and {to} are connected"),
                format!(
                    "Explain how `{from}` and `{to}` are connected in the servicemap map, path by path, shortest first.\n\
                     The three shortest paths:\n\n{paths}\n\n\
                     Use `describe_node` on the nodes along the way when a relation needs explaining, and cite the document and line of every edge."
                ),
            )
        }
        "review_map_change" => {
            let summary = facts("map_summary", serde_json::json!({ "max_bytes": 4096 }));
            let document = arg("document");
            let target = document.as_deref().map_or_else(
                || "the map's documents (resources servicemap://document/...)".to_owned(),
                |d| format!("the resource {}", super::resources::document_uri(d)),
            );
            (
                "A review of a change to the map".to_owned(),
                format!(
                    "Review {target} as a change to the servicemap map.\n\
                     The map now:\n\n{summary}\n\n\
                     Read the document resource and check: every diagnostic (say how to fix it, with its line); \
                     names that may mean a node already in the map (use `resolve` on each new name and look at the candidates); \
                     relations outside the vocabulary that map_summary lists; relations whose direction reads wrong. \
                     Cite document and line for every finding."
                ),
            )
        }
        other => {
            return Err(ErrorData::invalid_params(
                format!("no prompt `{other}`"),
                Some(
                    serde_json::json!({ "prompts": prompts().iter().map(|p| p.name.clone()).collect::<Vec<_>>() }),
                ),
            ));
        }
    };
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
            .with_description(description),
    )
}
