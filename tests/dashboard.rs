//! The dashboard's routes: the page, its assets, caching and the policy.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use servicemap::http::{AppState, router};
use servicemap::snapshot::load;
use tower::ServiceExt;

fn app() -> axum::Router {
    let snapshot = load(&["data".into()]).expect("the seed loads");
    router(AppState::with_snapshot(snapshot))
}

async fn get(uri: &str, etag: Option<&str>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut request = Request::builder().uri(uri);
    if let Some(tag) = etag {
        request = request.header(header::IF_NONE_MATCH, tag);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body.to_vec())
}

fn asset_names(page: &str) -> Vec<String> {
    page.split("\"/assets/")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn the_page_is_served_with_a_strict_policy_and_revalidated() {
    let (status, headers, body) = get("/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<title>servicemap</title>"));
    assert!(!page.contains("<script>"), "no inline script");
    assert!(!page.contains("<style"), "no inline style");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing from elsewhere"
    );

    let tag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, _, body) = get("/", Some(&tag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
}

#[tokio::test]
async fn assets_are_hashed_typed_and_cached_for_good() {
    let (_, _, page) = get("/", None).await;
    let names = asset_names(&String::from_utf8(page).unwrap());
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("main.") && n.ends_with(".js"))
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("styles.") && n.ends_with(".css"))
    );
    for name in names {
        let (status, headers, body) = get(&format!("/assets/{name}"), None).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        assert!(!body.is_empty(), "{name}");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable",
            "{name}"
        );
        let expected = if name.ends_with(".css") {
            "text/css; charset=utf-8"
        } else if name.ends_with(".svg") {
            "image/svg+xml"
        } else {
            "text/javascript; charset=utf-8"
        };
        assert_eq!(headers[header::CONTENT_TYPE], expected, "{name}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}

#[tokio::test]
async fn unknown_assets_and_traversal_are_404_problems() {
    for uri in [
        "/assets/nope.js",
        "/assets/main.js",
        "/assets/..%2FCargo.toml",
        "/assets/%2e%2e%2fsrc%2fmain.rs",
        "/assets/index.html",
    ] {
        let (status, headers, body) = get(uri, None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{uri}"
        );
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["status"], 404, "{uri}");
    }
    let (status, _, _) = get("/assets/a/b.js", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The names a script refers to as `'./name'` (imports, the worker's URL,
/// the worker's `importScripts`).
fn script_references(text: &str) -> Vec<String> {
    text.split("'./")
        .skip(1)
        .filter_map(|rest| rest.find('\'').map(|end| rest[..end].to_owned()))
        .filter(|name| name.ends_with(".js"))
        .collect()
}

#[tokio::test]
async fn the_layout_worker_and_the_libraries_it_loads_are_served() {
    let (_, _, page) = get("/", None).await;
    let mut pending = asset_names(&String::from_utf8(page).unwrap());
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !name.ends_with(".js") || !seen.insert(name.clone()) {
            continue;
        }
        let (status, _, body) = get(&format!("/assets/{name}"), None).await;
        assert_eq!(status, StatusCode::OK, "{name}");
        pending.extend(script_references(&String::from_utf8_lossy(&body)));
    }
    for library in [
        "layoutworker.",
        "cytoscape.min.",
        "layout-base.",
        "cose-base.",
        "cytoscape-fcose.",
    ] {
        assert!(
            seen.iter().any(|n| n.starts_with(library)),
            "{library} is reached from the page: {seen:?}"
        );
    }
}
