//! `POST /api/v1/admin/reload`: reload the documents now.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;
use tracing::Instrument;

use crate::http::error::ApiError;
use crate::http::middleware::REQUEST_ID;
use crate::http::state::AppState;
use crate::http::views::{ReloadView, json};
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
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        if !token.matches(presented.trim()) {
            // The token presented is not logged.
            tracing::warn!("admin request refused: wrong or missing bearer token");
            return Err(ApiError::Unauthorized);
        }
        match state.live().reload().await {
            ReloadOutcome::Failed { reason, version } => {
                Err(ApiError::ReloadFailed { reason, version })
            }
            outcome => Ok(json(&ReloadView::from(&outcome))),
        }
    }
    .instrument(span)
    .await
}
