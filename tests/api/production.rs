//! Production behaviour in-process: versions and ETags, compression,
//! request ids, limits, load shedding, admin reloads, metrics, CORS.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use servicemap::http::state::{AdminToken, Config, Limits};
use servicemap::http::{AppState, router};
use servicemap::live::LiveGraph;

use crate::support::{Reply, assert_problem, get, seed_app, send};

/// A GET with one request header.
async fn get_with(app: &axum::Router, uri: &str, name: &str, value: &str) -> Reply {
    send(
        app,
        Request::get(uri)
            .header(name, value)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// A data folder of its own, so a test can change it.
pub fn data_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("servicemap-prod-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        "data/azure-services-map.md",
        dir.join("azure-services-map.md"),
    )
    .unwrap();
    dir
}

fn live_state(dir: &std::path::Path, config: Config) -> AppState {
    let live = LiveGraph::new(vec![dir.to_owned()]);
    live.install(servicemap::snapshot::load(&[dir.to_owned()]).unwrap());
    AppState::new(live, config)
}

fn admin_config() -> Config {
    Config {
        admin_token: AdminToken::new("s3cret-token"),
        ..Config::default()
    }
}

async fn reload(app: &axum::Router, token: Option<&str>) -> Reply {
    let mut builder = Request::post("/api/v1/admin/reload");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    send(app, builder.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn every_api_response_carries_the_version() {
    let app = seed_app();
    let stats = get(&app, "/api/v1/stats").await;
    let version = stats.body["version"].as_str().unwrap().to_owned();
    for uri in [
        "/api/v1/stats",
        "/api/v1/nodes/AKS",
        "/api/v1/nodes/qqqqzzzz",
        "/nope",
        "/readyz",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(reply.headers["x-graph-version"], version.as_str(), "{uri}");
    }
}

#[tokio::test]
async fn etags_answer_304_until_the_content_changes() {
    let dir = data_folder("etag");
    let app = router(live_state(&dir, admin_config()));
    let first = get(&app, "/api/v1/nodes/AKS").await;
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(
        first.headers["cache-control"],
        "public, max-age=5, must-revalidate"
    );
    let other = get(&app, "/api/v1/nodes/VMSS").await;
    assert_ne!(
        other.headers["etag"].to_str().unwrap(),
        etag,
        "the ETag depends on the request"
    );

    let cached = get_with(&app, "/api/v1/nodes/AKS", "if-none-match", &etag).await;
    assert_eq!(cached.status, 304);
    assert!(cached.text.is_empty());
    assert_eq!(cached.headers["etag"].to_str().unwrap(), etag);
    let listed = get_with(
        &app,
        "/api/v1/nodes/AKS",
        "if-none-match",
        &format!("\"x\", {etag}"),
    )
    .await;
    assert_eq!(listed.status, 304);

    std::fs::write(
        dir.join("more.md"),
        "```mermaid\nmindmap\n  Extra\n    Thing\n```\n",
    )
    .unwrap();
    assert_eq!(reload(&app, Some("s3cret-token")).await.status, 200);
    let after = get_with(&app, "/api/v1/nodes/AKS", "if-none-match", &etag).await;
    assert_eq!(after.status, 200, "a new version answers in full");
    assert_ne!(after.headers["etag"].to_str().unwrap(), etag);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn errors_are_not_cached() {
    let reply = get(&seed_app(), "/api/v1/nodes/qqqqzzzz").await;
    assert!(!reply.headers.contains_key("etag"));
    assert_eq!(reply.headers["cache-control"], "no-cache");
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = seed_app();
    for encoding in ["gzip", "br"] {
        let reply = get_with(&app, "/api/v1/graph", "accept-encoding", encoding).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.headers["content-encoding"], encoding);
        assert_eq!(reply.headers["vary"], "accept-encoding");
        assert!(reply.text.len() < 10_000, "compressed");
    }
    // Without Accept-Encoding the answer is sent as is, and still says
    // that it varies by it, so caches keep the two apart.
    let plain = get(&app, "/api/v1/graph").await;
    assert!(!plain.headers.contains_key("content-encoding"));
    assert_eq!(plain.headers["vary"], "accept-encoding");
    assert!(plain.text.len() > 10_000);
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let app = seed_app();
    let given = get_with(&app, "/healthz", "x-request-id", "abc-123").await;
    assert_eq!(given.headers["x-request-id"], "abc-123");
    let made = get(&app, "/healthz").await;
    let again = get(&app, "/healthz").await;
    assert!(!made.headers["x-request-id"].is_empty());
    assert_ne!(made.headers["x-request-id"], again.headers["x-request-id"]);
}

#[tokio::test]
async fn long_targets_and_large_headers_are_refused() {
    let app = seed_app();
    let long = format!("/api/v1/nodes?q={}", "a".repeat(9000));
    assert_problem(&get(&app, &long).await, 414, "uri-too-long");
    let big = get_with(&app, "/healthz", "x-big", &"b".repeat(17_000)).await;
    assert_problem(&big, 431, "headers-too-large");
}

#[tokio::test]
async fn requests_past_the_concurrency_limit_are_shed() {
    let state =
        servicemap::http::AppState::with_snapshot(crate::support::seed()).with_limits(Limits {
            concurrency_limit: 2,
            ..Limits::default()
        });
    let app = router(state.clone());
    let held = [state.admit().unwrap(), state.admit().unwrap()];
    assert!(state.admit().is_none(), "two in flight is the limit");
    let shed = get(&app, "/api/v1/stats").await;
    assert_problem(&shed, 503, "overloaded");
    assert_eq!(shed.headers["retry-after"], "1");
    drop(held);
    assert_eq!(
        get(&app, "/api/v1/stats").await.status,
        200,
        "served again once a slot is free"
    );
}

#[tokio::test]
async fn slow_requests_time_out_with_503() {
    // Exports and path searches run on the blocking pool, so the timeout fires while one runs.
    let mut text = String::from("```mermaid\nmindmap\n  Grid\n");
    for i in 0..3000 {
        text.push_str(&format!("    n{i}\n      :: links\n"));
        for j in 1..=4 {
            text.push_str(&format!("      n{}\n", (i * 7 + j * 131) % 3000));
        }
    }
    text.push_str("```\n");
    let snapshot = servicemap::snapshot::from_sources(
        &[servicemap::snapshot::Source::new("g.md", text)],
        vec![],
    );
    let limits = Limits {
        request_timeout: std::time::Duration::from_millis(1),
        ..Limits::default()
    };
    let app = router(AppState::with_snapshot(snapshot).with_limits(limits));
    let reply = get(&app, "/api/v1/graph?format=graphml").await;
    assert_problem(&reply, 503, "timeout");
}

#[tokio::test]
async fn admin_needs_a_configured_token() {
    let app = seed_app();
    assert_problem(&reload(&app, Some("anything")).await, 404, "admin-disabled");
    let dir = data_folder("admin");
    let app = router(live_state(&dir, admin_config()));
    let missing = reload(&app, None).await;
    assert_problem(&missing, 401, "unauthorized");
    assert_eq!(
        missing.headers["www-authenticate"],
        "Bearer realm=\"servicemap\""
    );
    assert_problem(
        &reload(&app, Some("s3cret-tokem")).await,
        401,
        "unauthorized",
    );
    assert!(
        !reload(&app, Some("wrong")).await.text.contains("s3cret"),
        "the token never leaks"
    );
    let ok = reload(&app, Some("s3cret-token")).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    assert_eq!(ok.body["outcome"], "unchanged");
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_bad_reload_keeps_the_last_good_graph() {
    let dir = data_folder("lastgood");
    let app = router(live_state(&dir, admin_config()));
    let before = get(&app, "/api/v1/stats").await.body["version"].clone();
    std::fs::write(dir.join("azure-services-map.md"), "no diagrams any more").unwrap();
    let failed = reload(&app, Some("s3cret-token")).await;
    assert_problem(&failed, 422, "reload-failed");
    let stats = get(&app, "/api/v1/stats").await;
    assert_eq!(
        stats.body["version"], before,
        "still serving the last good version"
    );
    assert_eq!(stats.body["nodes"]["total"], 83);
    let diagnostics = get(&app, "/api/v1/diagnostics").await;
    assert!(
        diagnostics.body["items"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("reload failed"),
        "{}",
        diagnostics.text
    );
    let metrics = get(&app, "/metrics").await.text;
    assert!(
        metrics.contains("servicemap_reloads_total{outcome=\"failed\"} 1"),
        "{metrics}"
    );

    std::fs::copy(
        "data/azure-services-map.md",
        dir.join("azure-services-map.md"),
    )
    .unwrap();
    std::fs::write(
        dir.join("partly.md"),
        "```mermaid\nmindmap\n  Extra\n    Thing\n```\n```mermaid\nflowchart\n```\n",
    )
    .unwrap();
    let ok = reload(&app, Some("s3cret-token")).await;
    assert_eq!(ok.body["outcome"], "reloaded", "{}", ok.text);
    let diagnostics = get(&app, "/api/v1/diagnostics?limit=100").await;
    let messages: Vec<_> = diagnostics.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !messages.iter().any(|m| m.starts_with("reload failed")),
        "a good reload clears the failure"
    );
    assert!(
        messages.iter().any(|m| m.contains("flowchart")),
        "partly bad documents load with diagnostics"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reloads_under_load_drop_nothing_and_mix_no_versions() {
    let dir = data_folder("underload");
    let app = router(live_state(&dir, admin_config()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut readers = Vec::new();
    for _ in 0..8 {
        let (app, stop) = (app.clone(), stop.clone());
        readers.push(tokio::spawn(async move {
            let (mut served, mut versions) = (0, std::collections::BTreeSet::new());
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let reply = get(&app, "/api/v1/stats").await;
                assert_eq!(reply.status, 200, "{}", reply.text);
                let body_version = reply.body["version"].as_str().unwrap().to_owned();
                assert_eq!(
                    reply.headers["x-graph-version"],
                    body_version.as_str(),
                    "one version per response"
                );
                versions.insert(body_version);
                served += 1;
                // Handlers finish without waiting; let the timer and the reloads run.
                tokio::task::yield_now().await;
            }
            (served, versions)
        }));
    }
    for i in 0..10 {
        std::fs::write(
            dir.join("extra.md"),
            format!("```mermaid\nmindmap\n  Extra\n    Thing {i}\n```\n"),
        )
        .unwrap();
        let reply = reload(&app, Some("s3cret-token")).await;
        assert_eq!(reply.body["outcome"], "reloaded", "{}", reply.text);
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut seen = std::collections::BTreeSet::new();
    let mut total = 0;
    for reader in readers {
        let (served, versions) = reader.await.expect("no reader failed");
        total += served;
        seen.extend(versions);
    }
    assert!(total > 100, "readers kept being served ({total})");
    assert!(
        seen.len() > 2,
        "readers saw the versions change ({})",
        seen.len()
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn metrics_count_requests_and_describe_the_graph() {
    let app = seed_app();
    get(&app, "/api/v1/nodes/AKS").await;
    get(&app, "/api/v1/nodes/qqqqzzzz").await;
    let reply = get(&app, "/metrics").await;
    assert!(
        reply
            .content_type()
            .starts_with("application/openmetrics-text")
    );
    let text = reply.text;
    for expected in [
        "servicemap_http_requests_total{route=\"/api/v1/nodes/{ref}\",method=\"GET\",status=\"200\"} 1",
        "servicemap_http_requests_total{route=\"/api/v1/nodes/{ref}\",method=\"GET\",status=\"404\"} 1",
        "servicemap_http_request_duration_seconds_bucket{le=",
        "servicemap_graph_nodes{kind=\"service\"} 35",
        "servicemap_graph_edges{kind=\"relation\"} 49",
        "servicemap_graph_info{version=\"",
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
}

async fn preflight(app: &axum::Router, origin: &str) -> Reply {
    let request = Request::builder()
        .method("OPTIONS")
        .uri("/api/v1/stats")
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

#[tokio::test]
async fn cors_is_same_origin_unless_configured() {
    let closed = seed_app();
    let reply = preflight(&closed, "https://dash.example").await;
    assert!(!reply.headers.contains_key("access-control-allow-origin"));

    let state = AppState::with_snapshot(crate::support::seed()).with_config(Config {
        cors_origins: vec!["https://dash.example".into()],
        ..Config::default()
    });
    let open = router(state);
    let reply = preflight(&open, "https://dash.example").await;
    assert_eq!(
        reply.headers["access-control-allow-origin"],
        "https://dash.example"
    );
    assert!(
        reply.headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("GET")
    );
    let simple = get_with(&open, "/api/v1/stats", "origin", "https://dash.example").await;
    assert_eq!(
        simple.headers["access-control-allow-origin"],
        "https://dash.example"
    );
    assert!(
        simple.headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("x-graph-version")
    );
    let other = preflight(&open, "https://evil.example").await;
    assert!(!other.headers.contains_key("access-control-allow-origin"));

    let any = router(
        AppState::with_snapshot(crate::support::seed()).with_config(Config {
            cors_origins: vec!["*".into()],
            ..Config::default()
        }),
    );
    assert_eq!(
        preflight(&any, "https://anyone.example").await.headers["access-control-allow-origin"],
        "*"
    );
}

#[tokio::test]
async fn the_watcher_reloads_after_a_change() {
    let dir = data_folder("watch");
    let state = live_state(&dir, Config::default());
    let _watch = servicemap::watch::spawn(state.live().clone()).unwrap();
    let before = state.snapshot().unwrap().version.clone();
    std::fs::write(
        dir.join("new.md"),
        "```mermaid\nmindmap\n  Watched\n    Service\n```\n",
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while state.snapshot().unwrap().version == before {
        assert!(
            std::time::Instant::now() < deadline,
            "no reload within 15 s of the change"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(state.snapshot().unwrap().graph.by_name("Watched").is_some());
    // The reload read every document; reading is not a change, so the
    // folder, now quiet, is not loaded again.
    tokio::time::sleep(servicemap::watch::DEBOUNCE * 5).await;
    let metrics = state.metrics().render();
    let reloads: Vec<&str> = metrics
        .lines()
        .filter(|line| line.starts_with("servicemap_reloads_total{"))
        .collect();
    assert_eq!(
        reloads,
        ["servicemap_reloads_total{outcome=\"reloaded\"} 1"],
        "{metrics}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn path_searches_too_big_to_answer_in_place_are_answered_off_the_workers() {
    // Two hubs with many leaves each, joined through one leaf of each: the
    // search examines every leaf of both hubs before the ends meet.
    let leaves = servicemap::http::handlers::graph::INLINE_PATH_WORK;
    let mut text = String::from("```mermaid\nmindmap\n  Grid\n");
    for hub in ["Alpha", "Beta"] {
        text.push_str(&format!("    {hub}\n      :: links\n"));
        for i in 0..leaves {
            text.push_str(&format!("      {hub} leaf {i}\n"));
        }
    }
    text.push_str("    Alpha leaf 7\n      :: links\n      Middle\n");
    text.push_str("    Beta leaf 9\n      :: links\n      Middle\n");
    text.push_str("```\n");
    let snapshot = servicemap::snapshot::from_sources(
        &[servicemap::snapshot::Source::new("hubs.md", text)],
        vec![],
    );
    let g = &snapshot.graph;
    let (alpha, beta) = (g.by_name("Alpha").unwrap(), g.by_name("Beta").unwrap());
    let quick = servicemap::query::path::PathOptions {
        budget: leaves,
        ..Default::default()
    };
    assert!(
        servicemap::query::path::shortest_paths(g, alpha, beta, &quick).is_err(),
        "the search does not fit the in-place budget"
    );
    let app = router(AppState::with_snapshot(snapshot));
    let reply = get(&app, "/api/v1/path?from=Alpha&to=Beta").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["paths"][0]["hops"], 4);
}

/// What the service logs while `work` runs on this thread, as JSON lines.
async fn logged<F: std::future::Future>(work: F) -> String {
    #[derive(Clone, Default)]
    struct Lines(Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);
    work.await;
    String::from_utf8(lines.0.lock().unwrap().clone()).unwrap()
}

#[tokio::test]
async fn server_errors_are_logged_with_their_request_id() {
    let state = AppState::with_snapshot(crate::support::seed()).with_limits(Limits {
        concurrency_limit: 1,
        ..Limits::default()
    });
    let app = router(state.clone());
    let _held = state.admit().unwrap();
    let log = logged(async {
        let shed = get_with(&app, "/api/v1/stats", "x-request-id", "shed-me-7").await;
        assert_eq!(shed.status, 503);
        assert_eq!(get(&app, "/healthz").await.status, 503);
    })
    .await;
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "one line per server error: {log}");
    assert!(lines[0].contains("shed-me-7"), "{}", lines[0]);
    assert!(lines[0].contains("/api/v1/stats"), "{}", lines[0]);
    assert!(
        lines[1].contains("\"request_id\""),
        "a made id: {}",
        lines[1]
    );
}

/// The answer cache's hit and miss counters, from `/metrics`.
async fn answer_cache_counts(app: &axum::Router) -> (u64, u64) {
    let metrics = get(app, "/metrics").await.text;
    let count = |name: &str| -> u64 {
        metrics
            .lines()
            .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {metrics}"))
    };
    (
        count("servicemap_answer_cache_hits_total"),
        count("servicemap_answer_cache_misses_total"),
    )
}

#[tokio::test]
async fn a_repeated_get_is_answered_from_the_cache_with_the_same_answer() {
    let app = seed_app();
    let first = get(&app, "/api/v1/nodes/AKS").await;
    assert_eq!(answer_cache_counts(&app).await, (0, 1));
    let again = get(&app, "/api/v1/nodes/AKS").await;
    assert_eq!(answer_cache_counts(&app).await, (1, 1), "answered afresh");
    assert_eq!(again.text, first.text);
    for header in [
        "etag",
        "x-graph-version",
        "cache-control",
        "content-type",
        "vary",
    ] {
        assert_eq!(again.headers[header], first.headers[header], "{header}");
    }
    assert_ne!(
        again.headers["x-request-id"], first.headers["x-request-id"],
        "each answer has its own request id"
    );
    // Another target, another encoding: answered afresh, and kept apart.
    get(&app, "/api/v1/nodes/aks").await;
    let gzip = get_with(&app, "/api/v1/nodes/AKS", "accept-encoding", "gzip").await;
    assert_eq!(answer_cache_counts(&app).await, (1, 3));
    let plain = get(&app, "/api/v1/nodes/AKS").await;
    assert!(!plain.headers.contains_key("content-encoding"));
    assert_eq!(plain.text, first.text);
    let gzip_again = get_with(&app, "/api/v1/nodes/AKS", "accept-encoding", "gzip").await;
    assert_eq!(gzip_again.headers["content-encoding"], "gzip");
    assert_eq!(gzip_again.text, gzip.text);
    assert_eq!(answer_cache_counts(&app).await, (3, 3));
}

#[tokio::test]
async fn errors_and_requests_with_credentials_are_never_answered_from_the_cache() {
    let app = seed_app();
    for _ in 0..2 {
        assert_eq!(get(&app, "/api/v1/nodes/qqqqzzzz").await.status, 404);
        get_with(&app, "/api/v1/stats", "authorization", "Bearer x").await;
    }
    // Errors are looked up (the answer might have been kept) but never
    // kept; requests with credentials are not even looked up.
    assert_eq!(answer_cache_counts(&app).await, (0, 2));
}

#[tokio::test]
async fn a_reload_is_answered_afresh_never_from_the_cache() {
    let dir = data_folder("answer-cache");
    let app = router(live_state(&dir, admin_config()));
    let before = get(&app, "/api/v1/stats").await;
    assert_eq!(get(&app, "/api/v1/stats").await.text, before.text);
    std::fs::write(
        dir.join("more.md"),
        "```mermaid\nmindmap\n  Extra\n    Thing\n```\n",
    )
    .unwrap();
    assert_eq!(reload(&app, Some("s3cret-token")).await.status, 200);
    let after = get(&app, "/api/v1/stats").await;
    assert_ne!(after.body["version"], before.body["version"]);
    assert_eq!(
        after.body["nodes"]["total"].as_u64(),
        before.body["nodes"]["total"].as_u64().map(|n| n + 2)
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_zero_answer_cache_keeps_nothing() {
    let state = AppState::with_snapshot(crate::support::seed()).with_config(Config {
        answer_cache_bytes: 0,
        ..Config::default()
    });
    let app = router(state);
    for _ in 0..3 {
        assert_eq!(get(&app, "/api/v1/nodes/AKS").await.status, 200);
    }
    assert_eq!(answer_cache_counts(&app).await, (0, 0));
}
