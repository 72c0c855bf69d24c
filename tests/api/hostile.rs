//! Hostile requests: very long and repeated parameters, broken encodings,
//! out-of-range numbers, and the loosest path queries over a large
//! generated graph. Every answer is a clear 4xx problem or a success, never
//! a 5xx, and every one comes quickly (each request is bounded by a timeout
//! so that a hang fails the test instead of stalling it).

use std::fmt::Write as _;
use std::sync::LazyLock;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::Request;

use servicemap::http::state::Limits;
use servicemap::http::{AppState, router};
use servicemap::snapshot::{Source, from_sources};

use crate::support::{Reply, assert_problem, get, seed_app, send};

/// How long one request may take, even in a debug build on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

async fn get_in_time(app: &Router, uri: &str) -> Reply {
    let short: String = uri.chars().take(120).collect();
    tokio::time::timeout(PATIENCE, get(app, uri))
        .await
        .unwrap_or_else(|_| panic!("no answer within {PATIENCE:?}: {short}"))
}

/// Asserts a 4xx problem (never a 5xx) and returns the status.
fn assert_client_error(reply: &Reply, uri: &str) -> u16 {
    let status = reply.status.as_u16();
    let short: String = uri.chars().take(120).collect();
    assert!(
        (400..500).contains(&status),
        "{short}: expected a 4xx, got {status}: {}",
        reply.text
    );
    assert_eq!(
        reply.content_type(),
        "application/problem+json",
        "{short}: {}",
        reply.text
    );
    assert!(reply.body["detail"].is_string(), "{short}: {}", reply.text);
    status
}

#[tokio::test]
async fn very_long_request_targets_are_414() {
    let app = seed_app();
    // (Past 64 KB a URI cannot even be built; the real server's answer to
    // those is checked over a socket below.)
    for len in [8 * 1024 + 1, 32 * 1024, 60 * 1024] {
        let uri = format!("/api/v1/nodes?q={}", "a".repeat(len));
        let reply = get_in_time(&app, &uri).await;
        assert_problem(&reply, 414, "uri-too-long");
        assert!(
            reply.body["detail"]
                .as_str()
                .unwrap()
                .contains("longer than")
        );
    }
    // Just under the limit is read, and answered.
    let uri = format!("/api/v1/nodes?q={}", "a".repeat(8 * 1024 - 20));
    assert_eq!(get_in_time(&app, &uri).await.status, 200);
}

#[tokio::test]
async fn long_values_within_the_limit_are_answered_quickly() {
    let app = seed_app();
    let long = "Kubernetes ".repeat(700); // ~7.7 KB of words
    let encoded = long.replace(' ', "+");
    for uri in [
        format!("/api/v1/nodes/{}", long.replace(' ', "%20")),
        format!("/api/v1/resolve?name={encoded}"),
        format!("/api/v1/edges?source={encoded}"),
        format!("/api/v1/path?from={encoded}&to=AKS"),
        format!("/api/v1/graph?focus={encoded}"),
        format!("/api/v1/nodes?q={encoded}"),
        format!("/api/v1/ask?q={encoded}"),
        format!("/api/v1/edges?relation={}", "x,".repeat(3000)),
        format!(
            "/api/v1/path?from=AKS&to=Synapse&avoid={}",
            "zz,".repeat(2500)
        ),
    ] {
        let reply = get_in_time(&app, &uri).await;
        let status = reply.status.as_u16();
        assert!(status < 500, "{status} for {}", &uri[..80]);
        if status >= 400 {
            assert_client_error(&reply, &uri);
        }
    }
}

#[tokio::test]
async fn repeated_parameters_are_400() {
    let app = seed_app();
    for uri in [
        "/api/v1/nodes?limit=1&limit=2",
        "/api/v1/nodes?offset=0&offset=0",
        "/api/v1/path?from=AKS&from=AKS&to=Synapse",
        "/api/v1/path?from=AKS&to=Synapse&k=2&k=2",
        "/api/v1/graph?format=dot&format=json",
        "/api/v1/ask?q=what+uses+AKS&q=what+uses+AKS",
        "/api/v1/nodes/AKS/neighbors?depth=1&depth=1",
        "/api/v1/analytics?metric=degree&metric=degree",
    ] {
        let reply = get_in_time(&app, uri).await;
        assert_problem(&reply, 400, "bad-parameter");
        assert!(
            reply.body["detail"]
                .as_str()
                .unwrap()
                .contains("more than once"),
            "{uri}: {}",
            reply.text
        );
    }
    // A list parameter may repeat, many times over.
    let many = "&relation=uses".repeat(500);
    let reply = get_in_time(&app, &format!("/api/v1/edges?source=AKS{many}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn invalid_percent_encoding_is_400_or_read_literally() {
    let app = seed_app();
    for uri in [
        "/api/v1/nodes?q=%FF",
        "/api/v1/nodes?q=%C3%28",
        "/api/v1/nodes?%FF=x",
        "/api/v1/ask?q=%ED%A0%80", // a UTF-16 surrogate
        "/api/v1/nodes/%FF",
        "/api/v1/nodes/%C0%AF/neighbors",
        "/api/v1/categories/%FE%FF",
    ] {
        let reply = get_in_time(&app, uri).await;
        assert_problem(&reply, 400, "bad-parameter");
    }
    // Incomplete escapes are not escapes: read as the text they are.
    for uri in [
        "/api/v1/nodes?q=%",
        "/api/v1/nodes?q=%G1",
        "/api/v1/nodes?q=100%25",
        "/api/v1/nodes?q=%00",
        "/api/v1/resolve?name=%",
    ] {
        let reply = get_in_time(&app, uri).await;
        assert_eq!(reply.status, 200, "{uri}: {}", reply.text);
    }
    for uri in [
        "/api/v1/nodes/%",
        "/api/v1/nodes/%00",
        "/api/v1/nodes/%2F%2E%2E",
    ] {
        let reply = get_in_time(&app, uri).await;
        let status = assert_client_error(&reply, uri);
        assert!(matches!(status, 400 | 404 | 409), "{uri}: {status}");
    }
}

#[tokio::test]
async fn paths_that_are_no_routes_are_404_and_other_methods_405() {
    let app = seed_app();
    for uri in [
        "/api/v1/nodes/AKS/neighbors/extra",
        "/api/v1/../../etc/passwd",
        "/api//nodes",
        "/%FF%FE",
        "/api/v1/nodes/AKS/..%2F..%2Fsecret",
    ] {
        let reply = get_in_time(&app, uri).await;
        let status = assert_client_error(&reply, uri);
        assert!(matches!(status, 400 | 404), "{uri}: {status}");
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri("/api/v1/nodes")
            .body(Body::from(vec![b'x'; 1 << 20]))
            .unwrap();
        let reply = send(&app, request).await;
        assert_problem(&reply, 405, "method-not-allowed");
    }
}

#[tokio::test]
async fn huge_and_negative_numbers_are_400() {
    let app = seed_app();
    let huge = "9".repeat(400);
    for uri in [
        format!("/api/v1/nodes?limit={huge}"),
        "/api/v1/nodes?limit=18446744073709551616".to_owned(),
        "/api/v1/nodes?limit=1001".to_owned(),
        "/api/v1/nodes?limit=0".to_owned(),
        "/api/v1/nodes?limit=-1".to_owned(),
        "/api/v1/nodes?limit=1e3".to_owned(),
        "/api/v1/nodes?limit=".to_owned(),
        format!("/api/v1/nodes?offset={huge}"),
        "/api/v1/nodes?offset=-1".to_owned(),
        "/api/v1/nodes?offset=18446744073709551616".to_owned(),
        format!("/api/v1/nodes/AKS/neighbors?depth={huge}"),
        "/api/v1/nodes/AKS/neighbors?depth=6".to_owned(),
        "/api/v1/nodes/AKS/neighbors?depth=0".to_owned(),
        format!("/api/v1/graph?focus=AKS&depth={huge}"),
        format!("/api/v1/path?from=AKS&to=Synapse&k={huge}"),
        "/api/v1/path?from=AKS&to=Synapse&k=11".to_owned(),
        "/api/v1/path?from=AKS&to=Synapse&k=0".to_owned(),
        format!("/api/v1/path?from=AKS&to=Synapse&max_hops={huge}"),
        "/api/v1/path?from=AKS&to=Synapse&max_hops=33".to_owned(),
        "/api/v1/path?from=AKS&to=Synapse&max_hops=0".to_owned(),
        "/api/v1/path?from=AKS&to=Synapse&directed=2".to_owned(),
        "/api/v1/analytics?limit=100000".to_owned(),
    ] {
        let reply = get_in_time(&app, &uri).await;
        assert_problem(&reply, 400, "bad-parameter");
    }
    // The largest offset is valid and simply past the end.
    let reply = get_in_time(&app, "/api/v1/nodes?offset=18446744073709551615").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["items"].as_array().unwrap().len(), 0);
    for uri in [
        "/api/v1/diagnostics?offset=18446744073709551615&limit=1000",
        "/api/v1/relations?offset=18446744073709551615",
        "/api/v1/categories?offset=18446744073709551615",
        "/api/v1/edges?offset=18446744073709551615",
        "/api/v1/analytics?metric=components&offset=18446744073709551615",
        "/api/v1/resolve?name=a&offset=18446744073709551615",
    ] {
        assert_eq!(get_in_time(&app, uri).await.status, 200, "{uri}");
    }
}

/// Layers of `width` nodes, every node of a layer related to every node of
/// the next; each layer is a category of its nodes.
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

/// The router over one generated document. The request timeout is a wall
/// clock, which a debug build on a busy machine can overrun: here it is
/// lifted so that what bounds each query is its work budget (422), and
/// [`PATIENCE`] still catches a hang.
fn large_app(name: &str, text: &str) -> Router {
    let snapshot = from_sources(&[Source::new(name, text)], Vec::new());
    let limits = Limits {
        request_timeout: Duration::from_secs(600),
        ..Limits::default()
    };
    router(AppState::with_snapshot(snapshot).with_limits(limits))
}

/// A long graph: 1,000 layers of 7 (about 49,000 relation edges).
static LONG: LazyLock<Router> = LazyLock::new(|| large_app("long.md", &layered(1000, 7)));
/// A dense graph: 21 layers of 50 (50,000 relation edges), with a
/// combinatorial number of shortest paths between its ends.
static DENSE: LazyLock<Router> = LazyLock::new(|| large_app("dense.md", &layered(21, 50)));

const LOOSEST: &str = "k=10&max_hops=32&via_categories=true";

#[tokio::test]
async fn the_loosest_path_queries_on_a_large_graph_answer_in_time() {
    let long = LONG.clone();
    let stats = get_in_time(&long, "/api/v1/stats").await;
    assert!(stats.body["edges"]["relation"].as_u64().unwrap() >= 48_000);
    for options in [
        LOOSEST,
        "k=10&max_hops=32",
        "max_hops=32&via_categories=true&directed=true",
    ] {
        let uri = format!("/api/v1/path?from=L0N0&to=L999N6&{options}");
        let reply = get_in_time(&long, &uri).await;
        assert_problem(&reply, 404, "no-path");
    }
    let reply = get_in_time(&long, &format!("/api/v1/path?from=L0N0&to=L20N3&{LOOSEST}")).await;
    assert!(matches!(reply.status.as_u16(), 200 | 422), "{}", reply.text);

    let dense = DENSE.clone();
    for options in [
        LOOSEST,
        "k=10&max_hops=32",
        "k=10&max_hops=32&directed=true",
    ] {
        let uri = format!("/api/v1/path?from=L0N0&to=L20N49&{options}");
        let reply = get_in_time(&dense, &uri).await;
        match reply.status.as_u16() {
            200 => {
                let paths = reply.body["paths"].as_array().unwrap();
                assert!(!paths.is_empty() && paths.len() <= 10);
            }
            422 => assert_problem(&reply, 422, "too-expensive"),
            other => panic!("{uri}: {other} {}", reply.text),
        }
    }
}

#[tokio::test]
async fn other_queries_on_a_large_graph_answer_in_time() {
    let dense = DENSE.clone();
    let long_ref = "L10N".repeat(2000);
    for uri in [
        "/api/v1/nodes/L10N10/neighbors?depth=5".to_owned(),
        "/api/v1/nodes/Layer%2010/neighbors?depth=5".to_owned(),
        "/api/v1/graph?focus=L10N10&depth=5&format=mindmap".to_owned(),
        "/api/v1/graph?format=json".to_owned(),
        "/api/v1/edges?relation=connects+to&limit=1000&offset=40000".to_owned(),
        "/api/v1/analytics?metric=degree&limit=1000".to_owned(),
        "/api/v1/analytics?metric=components".to_owned(),
        "/api/v1/nodes?q=n1&limit=1000".to_owned(),
        "/api/v1/resolve?name=L10N1O&limit=1000".to_owned(),
        "/api/v1/ask?q=how+is+L0N0+connected+to+L20N49".to_owned(),
        format!("/api/v1/nodes/{long_ref}"),
        format!("/api/v1/resolve?name={long_ref}"),
        format!("/api/v1/path?from={long_ref}&to=L0N0"),
    ] {
        let reply = get_in_time(&dense, &uri).await;
        let status = reply.status.as_u16();
        assert!(status < 500, "{status} for {}", &uri[..uri.len().min(80)]);
        if status >= 400 {
            assert_client_error(&reply, &uri);
        }
    }
}

/// Sends raw bytes to the real server and returns the status line's code,
/// or `None` when the server closed the connection without an answer.
fn raw_status(addr: &str, request: &[u8]) -> Option<u16> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok())
}

#[test]
fn the_real_server_refuses_what_cannot_be_routed() {
    let server = crate::binary::Server::start(&["--data", "data"]);
    let host = format!("Host: {}\r\nConnection: close\r\n", server.addr);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "a 1 MB URI",
            format!(
                "GET /api/v1/nodes?q={} HTTP/1.1\r\n{host}\r\n",
                "a".repeat(1 << 20)
            )
            .into_bytes(),
        ),
        (
            "raw non-UTF-8 bytes in the path",
            [
                b"GET /api/v1/nodes/\xff\xfe HTTP/1.1\r\n".as_slice(),
                host.as_bytes(),
                b"\r\n",
            ]
            .concat(),
        ),
        (
            "a 1 MB header",
            format!(
                "GET /healthz HTTP/1.1\r\n{host}X-Big: {}\r\n\r\n",
                "b".repeat(1 << 20)
            )
            .into_bytes(),
        ),
        (
            "10,000 headers",
            format!(
                "GET /healthz HTTP/1.1\r\n{host}{}\r\n",
                "X-A: 1\r\n".repeat(10_000)
            )
            .into_bytes(),
        ),
        ("not HTTP", b"\x00\x01\x02 hello\r\n\r\n".to_vec()),
        (
            "a body on a GET",
            format!("GET /healthz HTTP/1.1\r\n{host}Content-Length: 5\r\n\r\nhello").into_bytes(),
        ),
    ];
    for (name, request) in cases {
        match raw_status(&server.addr, &request) {
            None => {} // closed without an answer: refused, not crashed
            Some(status) => assert!(status < 500, "{name}: {status}"),
        }
    }
    // And the server is still there, answering.
    let (status, _) = server.get("/readyz");
    assert_eq!(status, 200);
}

#[test]
fn a_reader_that_goes_away_does_not_crash_the_cli() {
    use std::process::{Command, Stdio};
    for args in [
        ["export", "--format", "graphml"].as_slice(),
        ["check", "data"].as_slice(),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_servicemap"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before anything is read
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
