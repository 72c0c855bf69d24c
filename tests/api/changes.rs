//! What changed, checks and live updates through the router: `/changes`
//! between kept versions, `/diagnostics` with rule ids and severities, and
//! the `/events` stream over a real reload, its heartbeats and its replay
//! for a client that reconnects with `Last-Event-ID`.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::Request;
use http_body_util::BodyExt;
use servicemap::http::state::Config;
use servicemap::http::{AppState, router};
use servicemap::live::LiveGraph;
use servicemap::snapshot::{Source, from_sources};
use tower::ServiceExt;

use crate::support::{assert_problem, get};

fn snapshot(body: &str) -> servicemap::snapshot::Snapshot {
    let text = format!("```mermaid\nmindmap\n  Compute\n{body}```\n");
    from_sources(&[Source::new("m.md", text)], vec![])
}

const BEFORE: &str = "    VM\n      :: uses\n      Disk\n";
const AFTER: &str = "    VM\n      :: uses\n      Cache\n";

#[tokio::test]
async fn with_one_version_served_nothing_changed() {
    let state = AppState::with_snapshot(snapshot(BEFORE));
    let reply = get(&router(state), "/api/v1/changes").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["from"], reply.body["to"]);
    assert_eq!(reply.body["summary"]["nodes_added"], 0);
}

#[tokio::test]
async fn changes_default_to_the_previous_version_and_take_any_two_kept() {
    let state = AppState::with_snapshot(snapshot(BEFORE));
    let app = router(state.clone());
    let first = get(&app, "/api/v1/stats").await.body["version"].clone();
    state.install(snapshot(AFTER));
    let reply = get(&app, "/api/v1/changes").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["from"], first);
    assert_eq!(reply.body["nodes"]["added"][0]["name"], "Cache");
    assert_eq!(reply.body["nodes"]["added"][0]["document"], "m.md");
    assert_eq!(reply.body["nodes"]["added"][0]["line"], 6);
    assert_eq!(reply.body["relations"]["removed"][0]["target"], "Disk");
    let second = reply.body["to"].as_str().unwrap().to_owned();
    let back = get(
        &app,
        &format!(
            "/api/v1/changes?from={second}&to={}",
            first.as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(back.body["nodes"]["added"][0]["name"], "Disk");
}

#[tokio::test]
async fn a_version_not_kept_is_a_404_and_unknown_parameters_a_400() {
    let app = router(AppState::with_snapshot(snapshot(BEFORE)));
    assert_problem(
        &get(&app, "/api/v1/changes?from=0123456789abcdef").await,
        404,
        "not-found",
    );
    assert_problem(
        &get(&app, "/api/v1/changes?to=nope").await,
        404,
        "not-found",
    );
    assert_problem(
        &get(&app, "/api/v1/changes?since=x").await,
        400,
        "bad-parameter",
    );
}

#[tokio::test]
async fn diagnostics_carry_their_rule_and_severity() {
    let app = router(AppState::with_snapshot(snapshot("    Lonely\n")));
    let reply = get(&app, "/api/v1/diagnostics").await;
    assert_eq!(reply.status, 200);
    let item = &reply.body["items"][0];
    assert_eq!(item["rule"], "isolated-service", "{}", reply.text);
    assert_eq!(item["severity"], "warning");
    assert_eq!(
        (item["document"].as_str(), item["line"].as_u64()),
        (Some("m.md"), Some(4))
    );
}

/// Reads the stream until `wanted` events (not comments) have come.
async fn events(body: &mut Body, wanted: usize) -> Vec<String> {
    let mut text = String::new();
    let mut found = Vec::new();
    while found.len() < wanted {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame())
            .await
            .expect("an event within 10 s")
            .expect("the stream goes on")
            .unwrap();
        let bytes: Bytes = frame.into_data().unwrap_or_default();
        text.push_str(&String::from_utf8_lossy(&bytes));
        while let Some(end) = text.find("\n\n") {
            let event: String = text.drain(..end + 2).collect();
            if !event.starts_with(':') {
                found.push(event);
            }
        }
    }
    found
}

fn data_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("servicemap-events-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn open(app: &axum::Router, last_event_id: Option<&str>) -> Body {
    let mut request = Request::get("/api/v1/events");
    if let Some(id) = last_event_id {
        request = request.header("last-event-id", id);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    response.into_body()
}

#[tokio::test]
async fn a_reload_is_an_event_with_the_versions_and_the_summary_and_is_replayed() {
    let dir = data_folder("reload");
    let write = |body: &str| {
        std::fs::write(
            dir.join("m.md"),
            format!("```mermaid\nmindmap\n  Compute\n{body}```\n"),
        )
        .unwrap()
    };
    write(BEFORE);
    let live = LiveGraph::new(vec![dir.clone()]);
    live.install(servicemap::snapshot::load(std::slice::from_ref(&dir)).unwrap());
    let state = AppState::new(live, Config::default());
    let app = router(state.clone());
    let mut stream = open(&app, None).await;
    let hello = events(&mut stream, 1).await;
    assert!(hello[0].starts_with("event: version\n"), "{hello:?}");
    let first = state.snapshot().unwrap().version.clone();
    assert!(hello[0].contains(&format!("id: {first}")));

    write(AFTER);
    state.live().reload().await;
    let second = state.snapshot().unwrap().version.clone();
    let reload = events(&mut stream, 1).await.remove(0);
    assert!(reload.starts_with("event: reload\n"), "{reload}");
    assert!(reload.contains(&format!("id: {second}")), "{reload}");
    let data: serde_json::Value = serde_json::from_str(
        reload
            .lines()
            .find_map(|l| l.strip_prefix("data: "))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(data["previous"], first.as_str());
    assert_eq!(data["version"], second.as_str());
    assert_eq!(data["summary"]["nodes_added"], 1);
    assert_eq!(data["summary"]["relations_removed"], 1);

    // A client that saw only the first version gets the reload replayed.
    let mut again = open(&app, Some(&first)).await;
    let replayed = events(&mut again, 1).await.remove(0);
    assert!(replayed.contains(&format!("id: {second}")), "{replayed}");
    // One whose version is no longer kept is told to start afresh.
    let mut lost = open(&app, Some("0000000000000000")).await;
    assert!(events(&mut lost, 1).await[0].starts_with("event: reset\n"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_quiet_stream_sends_heartbeats() {
    let state = AppState::with_snapshot(snapshot(BEFORE)).with_config(Config {
        event_heartbeat: Duration::from_millis(50),
        ..Config::default()
    });
    let mut body = open(&router(state), None).await;
    let mut seen = String::new();
    for _ in 0..20 {
        let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
            .await
            .expect("a frame within 5 s")
            .expect("the stream goes on")
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(
            &frame.into_data().unwrap_or_default(),
        ));
        if seen
            .lines()
            .any(|l| l.starts_with(':') && l.contains("heartbeat"))
        {
            return;
        }
    }
    panic!("no heartbeat comment in {seen:?}");
}
