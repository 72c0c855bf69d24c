//! The HTTP layer: one route table, one error type, views of the snapshot,
//! and the middleware that makes it behave in production.

pub mod error;
pub mod handlers;
pub mod middleware;
pub mod params;
pub mod state;
pub mod views;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::{MethodRouter, get, post};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use handlers::{admin, analytics, ask, dashboard, export, graph, meta, nodes};
pub use state::AppState;

/// One route: what the spec must document, and what serves it.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    /// The query parameters it takes.
    pub params: &'static [&'static str],
    pub handler: MethodRouter<AppState>,
}

fn route(
    path: &'static str,
    params: &'static [&'static str],
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method: Method::GET,
        path,
        params,
        handler,
    }
}

/// The route table: every route the service answers.
#[rustfmt::skip] // one route per line reads as a table
pub fn routes() -> Vec<Route> {
    vec![
        route("/",                              meta::NO_PARAMS,         get(dashboard::index)),
        route("/assets/{file}",                 meta::NO_PARAMS,         get(dashboard::assets)),
        route("/healthz",                       meta::NO_PARAMS,         get(meta::healthz)),
        route("/readyz",                        meta::NO_PARAMS,         get(meta::readyz)),
        route("/metrics",                       meta::NO_PARAMS,         get(meta::metrics)),
        route("/openapi.yaml",                  meta::NO_PARAMS,         get(meta::openapi)),
        route("/api/v1/stats",                  meta::NO_PARAMS,         get(meta::stats)),
        route("/api/v1/diagnostics",            meta::PAGE_PARAMS,       get(meta::diagnostics)),
        route("/api/v1/nodes",                  nodes::NODES_PARAMS,     get(nodes::list)),
        route("/api/v1/nodes/{ref}",            meta::NO_PARAMS,         get(nodes::show)),
        route("/api/v1/nodes/{ref}/neighbors",  nodes::NEIGHBORS_PARAMS, get(nodes::neighbors)),
        route("/api/v1/categories",             nodes::CATEGORIES_PARAMS, get(nodes::categories)),
        route("/api/v1/categories/{ref}",       meta::NO_PARAMS,         get(nodes::category)),
        route("/api/v1/resolve",                nodes::RESOLVE_PARAMS,   get(nodes::resolve_candidates)),
        route("/api/v1/ask",                    ask::ASK_PARAMS,         get(ask::ask)),
        route("/api/v1/graph",                  export::GRAPH_PARAMS,    get(export::graph)),
        route("/api/v1/analytics",              analytics::ANALYTICS_PARAMS, get(analytics::analytics)),
        route("/api/v1/relations",              graph::RELATIONS_PARAMS, get(graph::relations)),
        route("/api/v1/edges",                  graph::EDGES_PARAMS,     get(graph::edges)),
        route("/api/v1/path",                   graph::PATH_PARAMS,      get(graph::path)),
        Route { method: Method::POST, path: "/api/v1/admin/reload", params: meta::NO_PARAMS, handler: post(admin::reload) },
    ]
}

/// The service: the route table behind its middleware, over `state`.
///
/// From the outside in: request id, tracing, metrics, load shedding and the
/// request timeout, size limits, CORS, compression, and the per-request
/// snapshot with its version and ETag.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler.fallback(meta::method_not_allowed));
    }
    let request_id = HeaderName::from_static("x-request-id");
    router
        .fallback(meta::unknown_route)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::versioned,
        ))
        .layer(CompressionLayer::new())
        .layer(cors(&state.config().cors_origins))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::limit_sizes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::shed_and_time_out,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::record,
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", id, method = %request.method(), uri = %request.uri())
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, middleware::Sequential))
        .with_state(state)
}

/// CORS for other origins' dashboards: none by default (same-origin only),
/// a list, or `*`.
fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([
            axum::http::header::IF_NONE_MATCH,
            axum::http::header::CONTENT_TYPE,
            HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            axum::http::header::ETAG,
            HeaderName::from_static(middleware::VERSION_HEADER),
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(std::time::Duration::from_secs(600));
    if origins.iter().any(|o| o == "*") {
        layer.allow_origin(AllowOrigin::any())
    } else {
        let list: Vec<HeaderValue> = origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim()).ok())
            .collect();
        layer.allow_origin(AllowOrigin::list(list))
    }
}
