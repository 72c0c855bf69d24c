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
use params::{NoParams, PageParams, Param, QueryParams};
pub use state::AppState;

/// One route: what the spec must document, and what serves it.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    /// The query parameters it takes: its handler's
    /// [`QueryParams::PARAMS`](params::QueryParams::PARAMS).
    pub params: &'static [Param],
    pub handler: MethodRouter<AppState>,
}

fn route<P: QueryParams>(path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method: Method::GET,
        path,
        params: P::PARAMS,
        handler,
    }
}

fn post_route(path: &'static str, handler: MethodRouter<AppState>) -> Route {
    Route {
        method: Method::POST,
        ..route::<NoParams>(path, handler)
    }
}

/// The route table: every route the service answers, with the struct of
/// the query parameters it takes.
#[rustfmt::skip] // one route per line reads as a table
pub fn routes() -> Vec<Route> {
    vec![
        route::<NoParams>("/",                                   get(dashboard::index)),
        route::<NoParams>("/assets/{file}",                      get(dashboard::assets)),
        route::<NoParams>("/healthz",                            get(meta::healthz)),
        route::<NoParams>("/readyz",                             get(meta::readyz)),
        route::<NoParams>("/metrics",                            get(meta::metrics)),
        route::<NoParams>("/openapi.yaml",                       get(meta::openapi)),
        route::<NoParams>("/api/v1/stats",                       get(meta::stats)),
        route::<PageParams>("/api/v1/diagnostics",               get(meta::diagnostics)),
        route::<changes::ChangesParams>("/api/v1/changes",       get(changes::changes)),
        route::<NoParams>("/api/v1/events",                      get(changes::events)),
        route::<nodes::ListParams>("/api/v1/nodes",              get(nodes::list)),
        route::<nodes::ShowParams>("/api/v1/nodes/{ref}",        get(nodes::show)),
        route::<nodes::NeighborsParams>("/api/v1/nodes/{ref}/neighbors", get(nodes::neighbors)),
        route::<impact::ImpactParams>("/api/v1/nodes/{ref}/impact", get(impact::impact_of)),
        route::<PageParams>("/api/v1/categories",                get(nodes::categories)),
        route::<NoParams>("/api/v1/categories/{ref}",            get(nodes::category)),
        route::<nodes::ResolveParams>("/api/v1/resolve",         get(nodes::resolve_candidates)),
        route::<ask::AskParams>("/api/v1/ask",                   get(ask::ask)),
        route::<export::GraphParams>("/api/v1/graph",            get(export::graph)),
        route::<analytics::AnalyticsParams>("/api/v1/analytics", get(analytics::analytics)),
        route::<PageParams>("/api/v1/relations",                 get(graph::relations)),
        route::<graph::EdgesParams>("/api/v1/edges",             get(graph::edges)),
        route::<graph::PathParams>("/api/v1/path",               get(graph::path)),
        route::<query::GetQueryParams>("/api/v1/query",          get(query::get_query)),
        post_route("/api/v1/query",                              post(query::post_query)),
        post_route("/api/v1/admin/reload",                       post(admin::reload)),
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
