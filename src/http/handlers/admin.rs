//! `POST /api/v1/admin/reload`: reload the documents now.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use tracing::Instrument;

use crate::http::error::ApiError;
use crate::http::middleware::REQUEST_ID;
use crate::http::state::AppState;
use crate::http::views::{ReloadView, json, json_with_status};
use crate::live::ReloadOutcome;

/// Reloads when the bearer token matches; 404 when no token is configured.
pub async fn reload(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(token) = &state.config().admin_token else {
        return Err(ApiError::AdminDisabled);
    };
    // Admin requests are rare: what they log carries the request id at
    // `info` (other requests have their span at `debug` only).
    let id = headers
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let span = tracing::info_span!("request", id, method = "POST", uri = "/api/v1/admin/reload");
    async {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .unwrap_or_default();
        if !token.matches(presented.trim()) {
            // The token presented is not logged.
            tracing::warn!("admin request refused: wrong or missing bearer token");
            return Err(ApiError::Unauthorized);
        }
        // The reload is not the request's: it runs to its end and is
        // installed even when this answer has to go before it is done.
        let reload = state.live().reload_detached();
        let wait = state.limits().request_timeout / 2;
        match tokio::time::timeout(wait, reload).await {
            Ok(Ok(ReloadOutcome::Failed { reason, version })) => {
                Err(ApiError::ReloadFailed { reason, version })
            }
            Ok(Ok(outcome)) => Ok(json(&ReloadView::from(&outcome))),
            Ok(Err(join)) => std::panic::resume_unwind(join.into_panic()),
            Err(_) => Ok(json_with_status(
                StatusCode::ACCEPTED,
                &serde_json::json!({
                    "status": "reloading",
                    "detail": "the reload goes on after this answer; /readyz and the x-graph-version header show when it is served",
                }),
            )),
        }
    }
    .instrument(span)
    .await
}

/// The token of an `Authorization: Bearer <token>` value; the scheme is
/// case-insensitive (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        for value in ["Bearer t", "bearer t", "BEARER t"] {
            assert_eq!(super::bearer_token(value), Some("t"));
        }
        assert_eq!(super::bearer_token("Basic t"), None);
        assert_eq!(super::bearer_token("Bearert"), None);
    }
}
