//! Black-box tests: the real binary, on port 0, over real sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `servicemap serve`, killed when dropped.
pub struct Server {
    pub child: Child,
    pub addr: String,
}

impl Server {
    /// Starts the binary on an ephemeral port and waits until it listens.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_servicemap"))
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(args)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("listening on http://") {
                    let addr = line[at + "listening on http://".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap()
                        .to_owned();
                    let _ = tx.send(addr);
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server reports its address");
        Server { child, addr }
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        http_get(&self.addr, path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET with `Connection: close`.
pub fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn the_binary_serves_the_seed() {
    let server = Server::start(&["--data", "data"]);
    let (status, body) = server.get("/readyz");
    assert_eq!(status, 200, "{body}");
    let (status, body) = server.get("/api/v1/edges?relation=integrates%20with&target=Synapse");
    assert_eq!(status, 200);
    assert!(body.contains("Data Lake Storage"), "{body}");
    let (status, body) = server.get("/api/v1/nodes/nothing-like-this-at-all");
    assert_eq!(status, 404);
    assert!(body.contains("urn:servicemap:problem:not-found"));
}

#[test]
fn the_binary_answers_a_repeated_get_from_the_answer_cache() {
    let server = Server::start(&["--data", "data"]);
    let (_, first) = server.get("/api/v1/nodes/AKS");
    let (_, again) = server.get("/api/v1/nodes/AKS");
    assert_eq!(first, again);
    let (_, metrics) = server.get("/metrics");
    assert!(
        metrics.contains("servicemap_answer_cache_hits_total 1"),
        "the repeat was answered afresh: {metrics}"
    );
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn healthcheck_exits_0_when_ready_and_1_otherwise() {
    let probe = |addr: &str| {
        Command::new(env!("CARGO_BIN_EXE_servicemap"))
            .arg("healthcheck")
            .env("SERVICEMAP_HEALTHCHECK_ADDR", addr)
            .output()
            .unwrap()
    };
    let server = Server::start(&["--data", "data"]);
    let by_flag = run(&["healthcheck", "--addr", &server.addr]);
    assert!(by_flag.status.success(), "{by_flag:?}");
    let by_env = probe(&format!("http://{}/readyz", server.addr));
    assert!(by_env.status.success(), "{by_env:?}");
    let addr = server.addr.clone();
    drop(server);
    for unhealthy in [probe(&addr), probe("not an address")] {
        assert_eq!(unhealthy.status.code(), Some(1), "{unhealthy:?}");
        let stderr = String::from_utf8_lossy(&unhealthy.stderr);
        assert!(stderr.starts_with("servicemap: unhealthy:"), "{stderr}");
    }
}

#[test]
fn a_missing_data_path_is_a_one_line_error_and_exit_2() {
    let started = Instant::now();
    let output = run(&["serve", "--data", "no/such/folder", "--bind", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no/such/folder"));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn check_prints_the_summary_and_diagnostics() {
    let output = run(&["check", "data"]);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("83 nodes (5 categories, 35 services, 43 concepts), 49 relation edges of 22 relation types, 35 memberships"), "{stdout}");
    assert!(stdout.contains("azure-services-map.md:116:"));
    assert!(stdout.contains("azure-services-map.md:173:"));
}

#[test]
fn check_exits_1_when_nothing_loads() {
    let dir = std::env::temp_dir().join(format!("servicemap-check-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.md"), "# nothing here\n").unwrap();
    let output = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    std::fs::remove_dir_all(dir).unwrap();
    let output = run(&["check", "no/such/file.md"]);
    assert_eq!(output.status.code(), Some(2));
}

/// A data folder with a dense generated graph whose path queries take a
/// while, for requests that are in flight on purpose.
pub fn dense_data(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("servicemap-bin-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from("```mermaid\nmindmap\n  Grid\n");
    let n = 20_000;
    for i in 0..n {
        text.push_str(&format!("    n{i}\n      :: links\n"));
        for j in 1..=10 {
            text.push_str(&format!("      n{}\n", (i * 7 + j * 131) % n));
        }
    }
    text.push_str("```\n");
    std::fs::write(dir.join("grid.md"), text).unwrap();
    dir
}

pub fn signal(server: &Server, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn sigterm_lets_requests_in_flight_finish_then_exits_0() {
    let dir = dense_data("shutdown");
    let mut server = Server::start(&[
        "--data",
        dir.to_str().unwrap(),
        "--shutdown-timeout",
        "60",
        "--request-timeout",
        "60",
        "--watch",
        "false",
    ]);
    let addr = server.addr.clone();
    let in_flight = std::thread::spawn(move || {
        let started = Instant::now();
        let reply = http_get(&addr, "/api/v1/graph?format=graphml");
        (reply, started.elapsed())
    });
    // The export (ten edges a node) takes a few hundred ms in a debug build
    // even on an idle machine: signal well within it.
    std::thread::sleep(Duration::from_millis(100));
    let signalled_after = Instant::now();
    signal(&server, "TERM");
    let ((status, body), took) = in_flight.join().unwrap();
    assert!(
        status == 200 || status == 422,
        "the in-flight request got its whole answer: {status} {body}"
    );
    assert!(
        took > Duration::from_millis(100),
        "it was still running when the signal came ({took:?})"
    );
    let exit = server.child.wait().unwrap();
    assert_eq!(exit.code(), Some(0));
    assert!(signalled_after.elapsed() < Duration::from_secs(60));
    assert!(
        TcpStream::connect(&server.addr).is_err(),
        "no longer accepting"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sigterm_right_after_the_listening_line_is_a_graceful_exit() {
    // Whoever starts the server may stop it as soon as it has read the
    // address; a signal then must not be lost (the server kept serving) nor
    // meet no handler (killed by the signal instead of exiting 0). Without
    // the fix about one start in twenty went wrong.
    for _ in 0..20 {
        let mut server = Server::start(&["--data", "data", "--watch", "false"]);
        signal(&server, "TERM");
        let deadline = Instant::now() + Duration::from_secs(20);
        let exit = loop {
            if let Some(exit) = server.child.try_wait().unwrap() {
                break exit;
            }
            assert!(
                Instant::now() < deadline,
                "still serving 20 s after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(exit.code(), Some(0), "{exit:?}");
    }
}

#[test]
fn request_ids_are_in_the_log_lines_and_tokens_are_not() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--data",
            "data",
            "--watch",
            "false",
            "--log-format",
            "json",
        ])
        .env("SERVICEMAP_ADMIN_TOKEN", "top-secret-admin-token")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server logs");
        let json: serde_json::Value = serde_json::from_str(&line).expect("every log line is JSON");
        if let Some(at) = json["fields"]["message"]
            .as_str()
            .and_then(|m| m.strip_prefix("listening on http://"))
        {
            break at.to_owned();
        }
    };
    let mut stream = TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "POST /api/v1/admin/reload HTTP/1.1\r\nHost: x\r\nx-request-id: trace-me-42\r\nAuthorization: Bearer wrong-guess-token\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 401"), "{response}");
    assert!(
        response
            .to_lowercase()
            .contains("x-request-id: trace-me-42")
    );
    let refused = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the refusal is logged");
        if line.contains("admin request refused") {
            break line;
        }
    };
    assert!(
        refused.contains("trace-me-42"),
        "the request id is on the line: {refused}"
    );
    assert!(!refused.contains("wrong-guess-token") && !refused.contains("top-secret-admin-token"));
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn ask_answers_offline_in_a_sentence_or_as_json() {
    let output = run(&["ask", "what does AKS use"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Azure Kubernetes Service uses Virtual Machines.\n"
    );
    let output = run(&["ask", "--json", "what does AKS use"]);
    assert_eq!(output.status.code(), Some(0));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        answer["text"],
        "Azure Kubernetes Service uses Virtual Machines."
    );
    assert_eq!(answer["interpretation"]["intent"], "outgoing");
    assert_eq!(
        answer["interpretation"]["cypher"],
        "MATCH (s {id: 'azure-kubernetes-service'})-[r:`uses`]->(n) RETURN n, r"
    );
    assert_eq!(answer["answer"]["type"], "edges");
    assert_eq!(
        answer["answer"]["edges"][0]["target"]["name"],
        "Virtual Machines"
    );
}

#[test]
fn ask_failures_are_one_line_with_their_own_exit_code() {
    let one_line = |output: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains('{'), "no problem JSON: {stderr}");
        stderr
    };
    let output = run(&["ask", "make me a sandwich"]);
    assert_eq!(output.status.code(), Some(4), "unreadable");
    assert!(one_line(&output).contains("what categories are there"));
    let output = run(&["ask", "how do I deploy AKS with terraform"]);
    assert_eq!(output.status.code(), Some(4), "unreadable");
    assert!(one_line(&output).contains("try \"tell me about Azure Kubernetes Service\""));
    let output = run(&["ask", "what does the gateway manage"]);
    assert_eq!(output.status.code(), Some(3), "ambiguous");
    assert!(one_line(&output).contains("VPN Gateway"));
    let output = run(&["ask", "what does Qqqzzz Xyzzy use"]);
    assert_eq!(output.status.code(), Some(3), "no such node");
    assert!(one_line(&output).contains("did you mean"));
    let output = run(&["ask", "--data", "no/such/folder", "what does AKS use"]);
    assert_eq!(output.status.code(), Some(2), "bad data path");
    one_line(&output);
}

#[test]
fn export_answers_offline() {
    let output = run(&["export", "--format", "mermaid", "--focus", "AKS"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("flowchart LR"));
    let output = run(&["export", "--format", "mermaid", "--focus", "Qqqzzz Xyzzy"]);
    assert_eq!(output.status.code(), Some(3));
    let output = run(&["export", "--format", "pdf"]);
    assert_eq!(output.status.code(), Some(2));
}
