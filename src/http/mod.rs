//! The HTTP layer: one route table, one error type, views of the snapshot.

pub mod error;
pub mod handlers;
pub mod params;
pub mod state;
pub mod views;

use axum::Router;
use axum::http::Method;
use axum::routing::{MethodRouter, get};

use handlers::{dashboard, graph, meta, nodes};
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
pub fn routes() -> Vec<Route> {
    vec![
        route("/healthz", meta::NO_PARAMS, get(meta::healthz)),
        route("/readyz", meta::NO_PARAMS, get(meta::readyz)),
        route("/openapi.yaml", meta::NO_PARAMS, get(meta::openapi)),
        route("/api/v1/stats", meta::NO_PARAMS, get(meta::stats)),
        route(
            "/api/v1/diagnostics",
            meta::PAGE_PARAMS,
            get(meta::diagnostics),
        ),
        route("/api/v1/nodes", nodes::NODES_PARAMS, get(nodes::list)),
        route("/api/v1/nodes/{ref}", meta::NO_PARAMS, get(nodes::show)),
        route(
            "/api/v1/nodes/{ref}/neighbors",
            nodes::NEIGHBORS_PARAMS,
            get(nodes::neighbors),
        ),
        route(
            "/api/v1/categories",
            nodes::CATEGORIES_PARAMS,
            get(nodes::categories),
        ),
        route(
            "/api/v1/categories/{ref}",
            meta::NO_PARAMS,
            get(nodes::category),
        ),
        route(
            "/api/v1/relations",
            graph::RELATIONS_PARAMS,
            get(graph::relations),
        ),
        route("/api/v1/edges", graph::EDGES_PARAMS, get(graph::edges)),
        route("/api/v1/path", graph::PATH_PARAMS, get(graph::path)),
        route("/", meta::NO_PARAMS, get(dashboard::index)),
        route("/assets/{file}", meta::NO_PARAMS, get(dashboard::assets)),
    ]
}

/// The service's router over `state`.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    for route in routes() {
        router = router.route(route.path, route.handler.fallback(meta::method_not_allowed));
    }
    router.fallback(meta::unknown_route).with_state(state)
}
