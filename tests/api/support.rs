//! Shared helpers: the seed app and one-call requests.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use servicemap::http::{AppState, router};
use servicemap::snapshot::{Source, from_sources};
use tower::ServiceExt;

/// The router over the bundled data folder (the seed, its aliases and
/// relation vocabulary).
pub fn seed_app() -> Router {
    router(AppState::with_snapshot(seed()))
}

pub fn seed() -> servicemap::snapshot::Snapshot {
    servicemap::snapshot::load(&["data".into()]).expect("the bundled data loads")
}

/// The router over documents given inline.
pub fn app_with(documents: &[(&str, &str)]) -> Router {
    let sources: Vec<_> = documents
        .iter()
        .map(|&(path, text)| Source::new(path, text))
        .collect();
    router(AppState::with_snapshot(from_sources(&sources, vec![])))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The `name` of every item of a list, or of a `nodes` array.
    pub fn names(&self, key: &str) -> Vec<String> {
        self.body[key]
            .as_array()
            .unwrap_or_else(|| panic!("no array `{key}` in {}", self.text))
            .iter()
            .map(|i| i["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the router never fails");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
        text,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Asserts a problem response and returns it.
pub fn assert_problem(reply: &Reply, status: u16, kind: &str) {
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    assert_eq!(
        reply.content_type(),
        "application/problem+json",
        "{}",
        reply.text
    );
    assert_eq!(
        reply.body["type"],
        format!("urn:servicemap:problem:{kind}"),
        "{}",
        reply.text
    );
    assert_eq!(reply.body["status"], status);
    assert!(reply.body["title"].is_string() && reply.body["detail"].is_string());
}
