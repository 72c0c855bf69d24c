//! The HTTP layer: one route table, one error type, views of the snapshot,
//! and the middleware that makes it behave in production.

pub mod cache;
pub mod error;
pub mod handlers;
pub mod middleware;
pub mod params;
pub mod state;
pub mod views;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method};
use axum::routing::{MethodRouter, get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

use handlers::{
    admin, analytics, ask, changes, dashboard, export, graph, impact, meta, nodes, query,
};
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
        route("/api/v1/changes",                changes::CHANGES_PARAMS, get(changes::changes)),
        route("/api/v1/events",                 changes::EVENTS_PARAMS,  get(changes::events)),
        route("/api/v1/nodes",                  nodes::NODES_PARAMS,     get(nodes::list)),
        route("/api/v1/nodes/{ref}",            nodes::SHOW_PARAMS,      get(nodes::show)),
        route("/api/v1/nodes/{ref}/neighbors",  nodes::NEIGHBORS_PARAMS, get(nodes::neighbors)),
        route("/api/v1/nodes/{ref}/impact",     impact::IMPACT_PARAMS,   get(impact::impact_of)),
        route("/api/v1/categories",             nodes::CATEGORIES_PARAMS, get(nodes::categories)),
        route("/api/v1/categories/{ref}",       meta::NO_PARAMS,         get(nodes::category)),
        route("/api/v1/resolve",                nodes::RESOLVE_PARAMS,   get(nodes::resolve_candidates)),
        route("/api/v1/ask",                    ask::ASK_PARAMS,         get(ask::ask)),
        route("/api/v1/graph",                  export::GRAPH_PARAMS,    get(export::graph)),
        route("/api/v1/analytics",              analytics::ANALYTICS_PARAMS, get(analytics::analytics)),
        route("/api/v1/relations",              graph::RELATIONS_PARAMS, get(graph::relations)),
        route("/api/v1/edges",                  graph::EDGES_PARAMS,     get(graph::edges)),
        route("/api/v1/path",                   graph::PATH_PARAMS,      get(graph::path)),
        route("/api/v1/query",                  query::QUERY_PARAMS,     get(query::get_query)),
        Route { method: Method::POST, path: "/api/v1/query", params: meta::NO_PARAMS, handler: post(query::post_query) },
        Route { method: Method::POST, path: "/api/v1/admin/reload", params: meta::NO_PARAMS, handler: post(admin::reload) },
    ]
}

/// The service: the route table behind its middleware, over `state`.
///
/// From the outside in: CORS (only when origins are configured: with none,
/// answers are the same for every origin), then [`middleware::around`]
/// (request id, metrics, size limits, load shedding, timeout, snapshot,
/// version and ETag), then compression.
pub fn router(state: AppState) -> Router {
    // Methods of one path share its router (and its 405 fallback).
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for route in routes() {
        match by_path.iter_mut().find(|(path, _)| *path == route.path) {
            Some((_, handler)) => *handler = std::mem::take(handler).merge(route.handler),
            None => by_path.push((route.path, route.handler)),
        }
    }
    let mut router = Router::new();
    for (path, handler) in by_path {
        router = router.route(path, handler.fallback(meta::method_not_allowed));
    }
    // The MCP server, outside the REST contract but inside its middleware.
    let mut mcp = state.config().mcp.clone();
    mcp.tools.path_work_budget = state.limits().path_work_budget;
    mcp.tools.query_bounds = handlers::query::bounds(&state.limits());
    let router = router
        .route_service(
            crate::mcp::transport::PATH,
            crate::mcp::transport::http_service(state.live().clone(), &mcp),
        )
        .fallback(meta::unknown_route)
        .layer(middleware::CompressWhenAsked)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::around,
        ));
    let origins = &state.config().cors_origins;
    let router = if origins.is_empty() {
        router
    } else {
        router.layer(cors(origins))
    };
    router.with_state(state)
}

/// CORS for other origins' dashboards: none by default (same-origin only),
/// a list, or `*`.
fn cors(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([
            axum::http::header::IF_NONE_MATCH,
            axum::http::header::CONTENT_TYPE,
            middleware::REQUEST_ID,
        ])
        .expose_headers([
            axum::http::header::ETAG,
            HeaderName::from_static(middleware::VERSION_HEADER),
            middleware::REQUEST_ID,
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
