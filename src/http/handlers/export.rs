//! `GET /api/v1/graph`: the graph, or the part around a focus node, in one
//! of the export formats.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::resolve;
use crate::export::{Format, Selection};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{NodeName, Param, Params, Query, QueryParams};
use crate::http::state::AppState;
use crate::query::bounds::{Bounded, Depth};

/// `GET /api/v1/graph`: `depth` only with `focus`.
pub struct GraphParams {
    pub format: Format,
    pub focus: Option<NodeName>,
    pub depth: Option<Depth>,
}

impl QueryParams for GraphParams {
    const PARAMS: &'static [Param] = &[
        Param::word::<Format>("format"),
        Param::text("focus"),
        Param::int::<Depth>(),
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let format = p.word_or_default("format")?;
        let depth = p.int_given()?;
        let focus = p.node("focus")?;
        if depth.is_some() && focus.is_none() {
            return Err(ApiError::bad("depth", "only applies with focus"));
        }
        Ok(Self {
            format,
            focus,
            depth,
        })
    }
}
/// Elements past which an export is a large answer (a few megabytes).
const LARGE_EXPORT: usize = 20_000;

pub async fn graph(
    State(state): State<AppState>,
    Current(snapshot): Current,
    Query(params): Query<GraphParams>,
) -> Result<Response, ApiError> {
    let format = params.format;
    let depth = params.depth.unwrap_or_default().get();
    let limit = state.limits().export_max_elements;
    super::off_the_workers(move || {
        let g = &snapshot.graph;
        let selection = match &params.focus {
            Some(focus) => {
                Selection::around(g, resolve(&snapshot, "focus", focus.as_str())?, depth)
            }
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
