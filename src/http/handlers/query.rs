//! `POST /api/v1/query` and `GET /api/v1/query?q=`: a read-only Cypher
//! query, answered in the shape of Neo4j's Query API. Small queries run
//! here within a few microseconds' budget; the rest on the blocking pool,
//! so the request timeout still fires.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Deserialize;

use crate::cypher::{Bound, Bounds, CypherError, Parameters};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::state::{AppState, Limits};
use crate::http::views::json;
use crate::snapshot::Snapshot;

pub const QUERY_PARAMS: &[&str] = &["q", "parameters"];

/// Work a query may do on an async worker before it moves to the
/// blocking pool.
pub const INLINE_QUERY_WORK: usize = 20_000;

/// The body of `POST /api/v1/query`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryBody {
    query: String,
    #[serde(default)]
    parameters: Parameters,
}

pub async fn get_query(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), QUERY_PARAMS)?;
    let text = params.required("q")?.to_owned();
    let parameters = match params.one("parameters")? {
        None => Parameters::new(),
        Some(raw) => serde_json::from_str(raw).map_err(|_| {
            ApiError::bad(
                "parameters",
                "must be a JSON object, e.g. {\"name\":\"App Service\"}",
            )
        })?,
    };
    answer(state.limits(), snapshot, text, parameters).await
}

pub async fn post_query(
    State(state): State<AppState>,
    Current(snapshot): Current,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body: QueryBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad(
            "body",
            format!("must be {{\"query\": \"...\", \"parameters\": {{...}}}}: {e}"),
        )
    })?;
    answer(state.limits(), snapshot, body.query, body.parameters).await
}

/// The query's bounds under these limits.
pub fn bounds(limits: &Limits) -> Bounds {
    Bounds {
        max_work: limits.query_work_budget,
        max_rows: limits.query_max_rows,
        max_query_bytes: limits.query_max_bytes,
        max_depth: limits.query_max_depth,
    }
}

async fn answer(
    limits: Limits,
    snapshot: std::sync::Arc<Snapshot>,
    text: String,
    parameters: Parameters,
) -> Result<Response, ApiError> {
    let full = bounds(&limits);
    let quick = Bounds {
        max_work: full.max_work.min(INLINE_QUERY_WORK),
        ..full
    };
    match run(&snapshot, &text, &parameters, &quick) {
        Err(ApiError::Cypher(CypherError::TooExpensive {
            bound: Bound::Work, ..
        })) if quick.max_work < full.max_work => {}
        answer => return answer,
    }
    super::off_the_workers(move || run(&snapshot, &text, &parameters, &full)).await
}

fn run(
    snapshot: &Snapshot,
    text: &str,
    parameters: &Parameters,
    bounds: &Bounds,
) -> Result<Response, ApiError> {
    let g = &snapshot.graph;
    let answer = crate::cypher::run(g, &snapshot.resolver, text, parameters, bounds)?;
    Ok(json(&crate::cypher::render::answer_json(
        g,
        &answer,
        &snapshot.version,
    )))
}
