//! What changed: `/api/v1/changes` answers the diff between two kept
//! versions, `/api/v1/events` streams one Server-Sent Event per reload
//! (with heartbeats, and a replay from the kept snapshots for a client
//! that reconnects with `Last-Event-ID`).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::off_the_workers;
use crate::app::history::{Change, History};
use crate::diff::{At, Diff, EdgeSide, NodeSide, RenameBy, Summary};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{NoParams, Param, Params, Query, QueryParams, Text};
use crate::http::state::AppState;
use crate::http::views::json;

/// `GET /api/v1/changes`: two versions, each defaulted by the handler
/// (an empty one is the default too).
pub struct ChangesParams {
    pub from: Option<Text>,
    pub to: Option<Text>,
}

impl QueryParams for ChangesParams {
    const PARAMS: &'static [Param] = &[Param::text("from"), Param::text("to")];
    fn read(p: &Params) -> Result<Self, ApiError> {
        Ok(Self {
            to: p.text("to")?,
            from: p.text("from")?,
        })
    }
}

fn place(at: Option<&At>) -> (Option<&str>, Option<usize>) {
    at.map_or((None, None), |a| (Some(a.document.as_str()), a.line))
}

fn node(n: &NodeSide) -> Value {
    let (document, line) = place(n.at.as_ref());
    json!({"id": n.id, "name": n.name, "kind": n.kind.as_str(), "document": document, "line": line})
}

fn edge(e: &EdgeSide) -> Value {
    json!({"source": e.source, "relation": e.relation, "target": e.target,
           "document": e.at.document, "line": e.at.line})
}

/// The counts of a diff, as the API writes them.
pub fn summary_json(s: &Summary) -> Value {
    json!({
        "nodes_added": s.nodes_added, "nodes_removed": s.nodes_removed,
        "renamed": s.renamed, "moved": s.moved,
        "relations_added": s.edges_added, "relations_removed": s.edges_removed,
        "aliases_changed": s.aliases_changed, "vocabulary_changed": s.vocabulary_changed,
        "diagnostics_new": s.diagnostics_new, "diagnostics_resolved": s.diagnostics_resolved,
    })
}

/// A diff as the API and `servicemap diff --format json` write it.
pub fn diff_json(d: &Diff) -> Value {
    let alias = |a: &crate::diff::AliasChange| json!({"node": a.node, "alias": a.alias});
    let diagnostic = |x: &crate::diff::DiagnosticSide| json!({"document": x.at.document, "line": x.at.line, "message": x.message});
    json!({
        "from": d.from,
        "to": d.to,
        "summary": summary_json(&d.summary()),
        "nodes": {
            "added": d.nodes_added.iter().map(node).collect::<Vec<_>>(),
            "removed": d.nodes_removed.iter().map(node).collect::<Vec<_>>(),
            "renamed": d.renamed.iter().map(|r| json!({
                "before": node(&r.before),
                "after": node(&r.after),
                "by": match r.by { RenameBy::SameId => "same_id", RenameBy::SameName => "same_name" },
            })).collect::<Vec<_>>(),
            "moved": d.moved.iter().map(|m| json!({"node": node(&m.node), "from": m.from, "to": m.to})).collect::<Vec<_>>(),
        },
        "relations": {
            "added": d.edges_added.iter().map(edge).collect::<Vec<_>>(),
            "removed": d.edges_removed.iter().map(edge).collect::<Vec<_>>(),
        },
        "aliases": {
            "added": d.aliases_added.iter().map(alias).collect::<Vec<_>>(),
            "removed": d.aliases_removed.iter().map(alias).collect::<Vec<_>>(),
        },
        "vocabulary": {"added": d.vocabulary_added, "removed": d.vocabulary_removed},
        "diagnostics": {
            "new": d.diagnostics_new.iter().map(diagnostic).collect::<Vec<_>>(),
            "resolved": d.diagnostics_resolved.iter().map(diagnostic).collect::<Vec<_>>(),
        },
    })
}

fn not_kept(parameter: &str, version: &str) -> ApiError {
    ApiError::NotFound {
        what: "kept version",
        parameter: parameter.to_owned(),
        query: version.to_owned(),
        suggestions: Vec::new(),
    }
}

/// `GET /api/v1/changes?from=&to=`: `to` defaults to the current version,
/// `from` to the version served before `to` (or `to` itself when none was).
pub async fn changes(
    State(state): State<AppState>,
    Current(snapshot): Current,
    Query(params): Query<ChangesParams>,
) -> Result<Response, ApiError> {
    let history = state.history().clone();
    let to = params
        .to
        .map_or_else(|| snapshot.version.clone(), Text::into_string);
    if history.get(&to).is_none() {
        return Err(not_kept("to", &to));
    }
    let from = match params.from {
        Some(from) => from.into_string(),
        None => history.before(&to).unwrap_or_else(|| to.clone()),
    };
    if history.get(&from).is_none() {
        return Err(not_kept("from", &from));
    }
    off_the_workers(move || {
        let d = history
            .diff(&from, &to)
            .ok_or_else(|| not_kept("from", &from))?;
        Ok(json(&diff_json(&d)))
    })
    .await
}

/// What the stream still has to send, and what it sent last.
struct Pending {
    history: Arc<History>,
    events: tokio::sync::broadcast::Receiver<Arc<Change>>,
    pending: VecDeque<Event>,
    changes: VecDeque<Change>,
    sent: VecDeque<String>,
}

/// The event of one change: `reload`, its id the new version.
async fn reload_event(history: &Arc<History>, change: &Change) -> Event {
    let (h, c) = (history.clone(), change.clone());
    let summary = tokio::task::spawn_blocking(move || h.diff(&c.previous, &c.version))
        .await
        .ok()
        .flatten()
        .map(|d| summary_json(&d.summary()));
    Event::default().event("reload").id(&change.version).data(
        json!({"version": change.version, "previous": change.previous, "summary": summary})
            .to_string(),
    )
}

fn next_events(s: Pending) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold(s, |mut s| async move {
        loop {
            if let Some(event) = s.pending.pop_front() {
                return Some((Ok(event), s));
            }
            if let Some(change) = s.changes.pop_front() {
                if s.sent.contains(&change.version) {
                    continue;
                }
                let event = reload_event(&s.history, &change).await;
                s.sent.push_back(change.version);
                if s.sent.len() > 64 {
                    s.sent.pop_front();
                }
                return Some((Ok(event), s));
            }
            match s.events.recv().await {
                Ok(change) => s.changes.push_back((*change).clone()),
                Err(RecvError::Lagged(_)) => {
                    // Missed some: replay them from the kept snapshots.
                    let last = s.sent.back().cloned().unwrap_or_default();
                    s.changes
                        .extend(s.history.changes_after(&last).unwrap_or_default());
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

/// `GET /api/v1/events`: a `version` event with the version served now,
/// then a `reload` event per change. With `Last-Event-ID` (a version), the
/// changes since it are replayed first; when it is no longer kept, a
/// `reset` event says so and the client should fetch afresh.
pub async fn events(
    State(state): State<AppState>,
    Current(snapshot): Current,
    Query(NoParams): Query<NoParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let history = state.history().clone();
    // Subscribe before reading the history, so no change falls between.
    let events = history.subscribe();
    let current = snapshot.version.clone();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let mut pending = VecDeque::new();
    let mut changes = VecDeque::new();
    let mut sent = VecDeque::new();
    match last.map(|l| (l, history.changes_after(l))) {
        Some((_, Some(missed))) => changes.extend(missed),
        Some((l, None)) => pending.push_back(
            Event::default()
                .event("reset")
                .id(&current)
                .data(json!({"version": current, "last_event_id": l}).to_string()),
        ),
        None => {
            pending.push_back(
                Event::default()
                    .event("version")
                    .id(&current)
                    .data(json!({"version": current}).to_string()),
            );
            sent.push_back(current.clone());
        }
    }
    let stream = next_events(Pending {
        history,
        events,
        pending,
        changes,
        sent,
    });
    let heartbeat = KeepAlive::new()
        .interval(state.config().event_heartbeat)
        .text("heartbeat");
    Ok(Sse::new(stream).keep_alive(heartbeat).into_response())
}
