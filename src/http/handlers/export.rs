//! `GET /api/v1/graph`: the graph, or the part around a focus node, in one
//! of the export formats.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::resolve;
use crate::export::{Format, Selection};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::state::AppState;
use crate::query::bounds::DEPTH;

pub const GRAPH_PARAMS: &[&str] = &["format", "focus", "depth"];
/// Elements past which an export is a large answer (a few megabytes).
const LARGE_EXPORT: usize = 20_000;

pub async fn graph(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), GRAPH_PARAMS)?;
    let format = match params.typed("format")? {
        None => Format::Json,
        Some(name) => Format::parse(name).ok_or_else(|| {
            let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
            ApiError::bad("format", format!("must be one of {}", names.join(", ")))
        })?,
    };
    let depth = params.int(&DEPTH)?;
    if params.typed("depth")?.is_some() && params.one("focus")?.is_none() {
        return Err(ApiError::bad("depth", "only applies with focus"));
    }
    let limit = state.limits().export_max_elements;
    super::off_the_workers(move || {
        let g = &snapshot.graph;
        let selection = match params.one("focus")? {
            Some(focus) => Selection::around(g, resolve(&snapshot, "focus", focus)?, depth),
            None => Selection::whole(g),
        };
        if selection.size() > limit {
            return Err(ApiError::TooLarge(format!(
                "the export would hold {} elements, more than the {limit} one request may; export the part around a focus node",
                selection.size()
            )));
        }
        // Large answers one at a time: each costs a multiple of its size
        // in memory while it is written; the others are shed.
        let _large = if selection.size() > LARGE_EXPORT {
            Some(state.large_answer().ok_or(ApiError::Overloaded)?)
        } else {
            None
        };
        let body = selection.export(format);
        if crate::work::cancelled() {
            return Err(ApiError::Timeout);
        }
        let mut response = body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(format.content_type()),
        );
        let disposition = format!(
            "inline; filename=\"servicemap-{}.{}\"",
            snapshot.version,
            format.extension()
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
        Ok(response)
    })
    .await
}
