//! Nothing a client sends can stall, bloat or outlive its request: the
//! findings of the robustness review, each reproduced (issue 18).

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use servicemap::http::state::{AdminToken, Config, Limits};
use servicemap::http::{AppState, router};
use servicemap::snapshot::{Source, from_sources};

use crate::binary::{Server, dense_data, http_get, signal};
use crate::support::{assert_problem, get, send};

/// Layers of `width` nodes, each joined to every node of the next.
fn layered(layers: usize, width: usize) -> String {
    let mut doc = String::new();
    for layer in 0..layers {
        let _ = write!(doc, "```mermaid\nmindmap\n  root((Layer {layer}))\n");
        for i in 0..width {
            let _ = writeln!(doc, "    L{layer}N{i}");
            if layer + 1 < layers {
                doc.push_str("      :: connects to\n");
                for j in 0..width {
                    let _ = writeln!(doc, "      L{}N{j}", layer + 1);
                }
            }
        }
        doc.push_str("```\n");
    }
    doc
}

fn state_of(text: &str, limits: Limits) -> AppState {
    let snapshot = from_sources(&[Source::new("g.md", text)], Vec::new());
    AppState::with_snapshot(snapshot).with_limits(limits)
}

#[tokio::test]
async fn analytics_never_compute_while_a_request_waits() {
    // Betweenness here is a few hundred million units: background work.
    let app = router(state_of(&layered(30, 30), Limits::default()));
    let started = Instant::now();
    let first = get(&app, "/api/v1/analytics?metric=betweenness&limit=1").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    if first.status == 503 {
        assert_problem(&first, 503, "computing");
    }
    let degree = get(&app, "/api/v1/analytics?metric=degree&limit=1").await;
    assert!(
        matches!(degree.status.as_u16(), 200 | 503),
        "{}",
        degree.text
    );
    // The background computation finishes, and its answer is kept.
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let reply = get(&app, "/api/v1/analytics?metric=betweenness&limit=1").await;
        if reply.status == 200 {
            assert!(reply.body["items"][0]["score"].as_f64().unwrap() > 0.0);
            break;
        }
        assert_problem(&reply, 503, "computing");
        assert!(Instant::now() < deadline, "betweenness never finished");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_request_stops_its_work_and_holds_its_slot_until_then() {
    let limits = Limits {
        request_timeout: Duration::from_millis(300),
        ..Limits::default()
    };
    let state = state_of(&layered(21, 50), limits);
    let app = router(state.clone());
    let reply = get(
        &app,
        "/api/v1/path?from=L0N0&to=L20N49&k=10&max_hops=32&via_categories=true",
    )
    .await;
    if reply.status == 200 || reply.status == 422 {
        return; // answered within 300 ms: nothing to cancel on this machine
    }
    assert_problem(&reply, 503, "timeout");
    let timed_out = Instant::now();
    while state.in_flight() > 0 {
        assert!(
            timed_out.elapsed() < Duration::from_secs(3),
            "the work went on after its request timed out"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_long_unknown_ref_is_bounded_work() {
    let app = router(state_of(&layered(200, 30), Limits::default()));
    let long = "L10N".repeat(2000);
    let started = Instant::now();
    let reply = get(&app, &format!("/api/v1/nodes/{long}")).await;
    assert_problem(&reply, 404, "not-found");
    assert!(reply.text.len() < 16 * 1024, "{} bytes", reply.text.len());
    let words = vec!["node"; 1000].join("%20");
    let reply = get(&app, &format!("/api/v1/path?from={words}&to={long}")).await;
    assert!(reply.status.is_client_error(), "{}", reply.status);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_409_lists_a_bounded_number_of_candidates_and_their_total() {
    use axum::response::IntoResponse;
    let text = layered(1, 60);
    let s = from_sources(&[Source::new("g.md", text.as_str())], Vec::new());
    let candidates: Vec<_> = s.graph.nodes().map(|(n, _)| n).collect();
    let error = servicemap::matcher::ResolveError::Ambiguous {
        query: "x".repeat(10_000),
        candidates,
    };
    let api = servicemap::http::error::ApiError::resolve(error, &s.graph, "ref", "node");
    let response = api.into_response();
    assert_eq!(response.status(), 409);
    let body = futures_executor(response);
    assert_eq!(body["candidates"].as_array().unwrap().len(), 20);
    assert_eq!(body["candidates_total"], 61);
    assert_eq!(body["truncated"], true);
    assert!(body["detail"].as_str().unwrap().len() < 1000);
}

fn futures_executor(response: axum::response::Response) -> serde_json::Value {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let bytes = runtime
        .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_hub_s_neighbourhood_is_truncated_not_unbounded() {
    let mut text = String::from("```mermaid\nmindmap\n R\n  Hub\n   :: uses\n");
    for i in 0..15_000 {
        let _ = writeln!(text, "   S{i}");
    }
    text.push_str("```");
    let app = router(state_of(&text, Limits::default()));
    let reply = get(&app, "/api/v1/nodes/Hub/neighbors?depth=5&direction=both").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["truncated"], true);
    let elements = reply.body["nodes"].as_array().unwrap().len()
        + reply.body["edges"].as_array().unwrap().len();
    assert!(elements <= 10_000, "{elements}");
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive_and_bad_asset_names_are_problems() {
    let dir = crate::production::data_folder("bearer");
    std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n  S\n```").unwrap();
    let live = servicemap::live::LiveGraph::new(vec![dir.clone()]);
    live.install(servicemap::snapshot::load(std::slice::from_ref(&dir)).unwrap());
    let config = Config {
        admin_token: AdminToken::new("s3cret"),
        ..Config::default()
    };
    let app = router(AppState::new(live, config));
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let reply = send(
            &app,
            Request::post("/api/v1/admin/reload")
                .header("authorization", format!("{scheme} s3cret"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(reply.status, 200, "{scheme}: {}", reply.text);
    }
    let reply = get(&app, "/assets/%ff").await;
    assert_problem(&reply, 404, "unknown-route");
    std::fs::remove_dir_all(dir).unwrap();
}

/// The longest of `probes` GETs of `path`, one after another.
fn slowest_probe(addr: &str, path: &str, probes: usize) -> Duration {
    (0..probes)
        .map(|_| {
            let started = Instant::now();
            let (status, _) = http_get(addr, path);
            assert!(status == 200, "{path}: {status}");
            std::thread::sleep(Duration::from_millis(50));
            started.elapsed()
        })
        .max()
        .unwrap()
}

#[test]
fn probes_answer_and_the_shutdown_deadline_holds_under_heavy_requests() {
    let dir = dense_data("robust");
    let mut server = Server::start(&[
        "--data",
        dir.to_str().unwrap(),
        "--shutdown-timeout",
        "2",
        "--request-timeout",
        "60",
        "--watch",
        "false",
    ]);
    let heavy = [
        "/api/v1/path?from=n0&to=n19999&k=10&max_hops=32&via_categories=true",
        "/api/v1/graph?format=json",
        "/api/v1/nodes/n0/neighbors?depth=5&direction=both",
        "/api/v1/analytics?metric=betweenness",
        "/api/v1/nodes/n1/neighbors?depth=5&direction=both",
        "/api/v1/graph?format=graphml",
    ];
    let clients: Vec<_> = heavy
        .iter()
        .map(|path| {
            let addr = server.addr.clone();
            let path = path.to_string();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).unwrap();
                let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
                let mut sink = Vec::new();
                let _ = stream.read_to_end(&mut sink);
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let healthz = slowest_probe(&server.addr, "/healthz", 10);
    let readyz = slowest_probe(&server.addr, "/readyz", 10);
    eprintln!("slowest probe under heavy requests: /healthz {healthz:?}, /readyz {readyz:?}");
    // 100 ms in a release build (scripts/robust.sh); a debug build on a
    // shared machine gets more room.
    assert!(healthz < Duration::from_millis(500), "{healthz:?}");
    assert!(readyz < Duration::from_millis(500), "{readyz:?}");
    // A request without Host is refused with a problem (RFC 9112).
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.write_all(b"GET /healthz HTTP/1.1\r\n\r\n").unwrap();
    let mut answer = String::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");

    let signalled = Instant::now();
    signal(&server, "TERM");
    let exit = server.child.wait().unwrap();
    let took = signalled.elapsed();
    eprintln!(
        "exit {:?} after {took:?} with --shutdown-timeout 2",
        exit.code()
    );
    assert!(took < Duration::from_secs(4), "{took:?}");
    for client in clients {
        let _ = client.join();
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_data_folder_does_not_stop_start_up() {
    let dir = crate::production::data_folder("fifo");
    std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n  S\n```").unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let server = Server::start(&["--data", dir.to_str().unwrap(), "--watch", "false"]);
    assert_eq!(server.get("/readyz").0, 200);
    let (_, diagnostics) = server.get("/api/v1/diagnostics");
    assert!(diagnostics.contains("not a regular file"), "{diagnostics}");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}
