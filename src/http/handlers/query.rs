//! `POST /api/v1/query` and `GET /api/v1/query?q=`: a read-only Cypher
//! query, answered in the shape of Neo4j's Query API. Small queries run
//! here within a few microseconds' budget; the rest on the blocking pool,
//! so the request timeout still fires.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use crate::cypher::plan::Plan;
use crate::cypher::{Bound, Bounds, CypherError, Mode, Parameters};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{Param, Params, Query, QueryParams, Text};
use crate::http::state::{AppState, Limits};
use crate::http::views::json;
use crate::snapshot::Snapshot;

/// `GET /api/v1/query`: the query and its parameters (a JSON object).
pub struct GetQueryParams {
    pub q: Text,
    pub parameters: Parameters,
}

impl QueryParams for GetQueryParams {
    const PARAMS: &'static [Param] = &[Param::required("q"), Param::text("parameters")];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let q = p.required("q")?;
        let parameters = match p.one("parameters")? {
            None => Parameters::new(),
            Some(raw) => serde_json::from_str(raw).map_err(|_| {
                ApiError::bad(
                    "parameters",
                    "must be a JSON object, e.g. {\"name\":\"App Service\"}",
                )
            })?,
        };
        Ok(Self { q, parameters })
    }
}

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
    Query(params): Query<GetQueryParams>,
) -> Result<Response, ApiError> {
    answer(&state, snapshot, params.q.into_string(), params.parameters).await
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
    answer(&state, snapshot, body.query, body.parameters).await
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
    state: &AppState,
    snapshot: std::sync::Arc<Snapshot>,
    text: String,
    parameters: Parameters,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let full = bounds(&state.limits());
    let quick = Bounds {
        max_work: full.max_work.min(INLINE_QUERY_WORK),
        ..full
    };
    // Planning is bounded by the text length; the plan is kept for the
    // next time the same query comes over the same graph.
    let plan = state.query_plans().plan(
        &snapshot.graph,
        &snapshot.version,
        &text,
        &parameters,
        &full,
    )?;
    match run(&snapshot, &plan, &quick, &AtomicBool::new(false), started) {
        Err(ApiError::Cypher(CypherError::TooExpensive {
            bound: Bound::Work, ..
        })) if quick.max_work < full.max_work => {}
        answer => return answer,
    }
    // Dropped with this future (the request timed out or its client left),
    // the guard tells the query on the blocking pool to stop.
    let cancel = Arc::new(AtomicBool::new(false));
    let _guard = CancelOnDrop(cancel.clone());
    super::off_the_workers(move || run(&snapshot, &plan, &full, &cancel, started)).await
}

struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn run(
    snapshot: &Snapshot,
    plan: &(Mode, Plan),
    bounds: &Bounds,
    cancel: &AtomicBool,
    started: Instant,
) -> Result<Response, ApiError> {
    let g = &snapshot.graph;
    let answer = crate::cypher::execute(g, &snapshot.resolver, plan, bounds, cancel, started)?;
    Ok(json(&crate::cypher::render::answer_json(
        g,
        &answer,
        &snapshot.version,
    )))
}
