//! Black-box tests: the real binary, on port 0, over real sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `servicemap serve`, killed when dropped.
pub struct Server {
    child: Child,
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

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args(args)
        .output()
        .unwrap()
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
