//! Black-box tests of the map-in-git workflow with the real binary: `diff`
//! between revisions of a real git repository made here, `check --format
//! sarif` in it, and the `/events` stream over a real reload of a running
//! server.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::binary::Server;

const BEFORE: &str = "```mermaid\nmindmap\n  Compute\n    VM\n      :: uses\n      Disk\n    Batch\n      :: uses\n      VM\n```\n";
const AFTER: &str = "```mermaid\nmindmap\n  Compute\n    VM\n      :: uses\n      Cache\n    Batch\n      :: uses\n      VM\n```\n";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("servicemap-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    dir
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git is installed");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// A repository with two commits of `data/m.md`: BEFORE, then AFTER.
fn repository(name: &str) -> PathBuf {
    let repo = temp(name);
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("data/m.md"), BEFORE).unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);
    git(&repo, &["tag", "v1"]);
    std::fs::write(repo.join("data/m.md"), AFTER).unwrap();
    git(&repo, &["commit", "-q", "-am", "second"]);
    repo
}

fn servicemap(repo: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.code() != Some(101), "a panic: {stderr}");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn diff_reads_revisions_of_a_real_git_repository() {
    let repo = repository("diff");
    let (code, out) = servicemap(&repo, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, Some(0), "{out}");
    let diff: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diff["from"]["spec"], "HEAD~1");
    assert_eq!(diff["nodes"]["added"][0]["name"], "Cache");
    assert_eq!(diff["nodes"]["added"][0]["document"], "m.md");
    assert_eq!(diff["nodes"]["removed"][0]["name"], "Disk");
    assert_eq!(diff["relations"]["added"][0]["line"], 6);

    let (_, markdown) = servicemap(&repo, &["diff", "v1", "HEAD", "--format", "markdown"]);
    assert!(
        markdown.contains("```diff\n+ VM -[uses]-> Cache (m.md:6)"),
        "{markdown}"
    );
    let (_, text) = servicemap(&repo, &["diff", "v1", "data"]);
    assert!(text.contains("- concept Disk (m.md:6)"), "{text}");
    assert!(!text.contains('\x1b'), "no colour into a pipe");
    let (same, nothing) = servicemap(&repo, &["diff", "HEAD", "data"]);
    assert_eq!(same, Some(0));
    assert!(nothing.contains("0 nodes added, 0 removed"), "{nothing}");

    let (code, _) = servicemap(&repo, &["diff", "no-such-branch", "HEAD"]);
    assert_eq!(code, Some(2));
    std::fs::remove_dir_all(repo).unwrap();
}

#[test]
fn check_writes_sarif_that_names_the_repositorys_lines() {
    let repo = repository("sarif");
    std::fs::write(
        repo.join("data/m.md"),
        format!("{AFTER}```mermaid\nmindmap\n  Storage\n    Blob\n```\n"),
    )
    .unwrap();
    let (code, out) = servicemap(&repo, &["check", "data", "--format", "sarif"]);
    assert_eq!(code, Some(0), "warnings only: {out}");
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "isolated-service", "{out}");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "data/m.md");
    assert_eq!(location["region"]["startLine"], 14);

    std::fs::write(repo.join("data/lint.txt"), "isolated-service = error\n").unwrap();
    let (code, out) = servicemap(&repo, &["check", "data", "--format", "sarif"]);
    assert_eq!(code, Some(1), "an error-level finding: {out}");
    assert!(out.contains("\"level\": \"error\""));
    let (code, text) = servicemap(&repo, &["check", "data"]);
    assert_eq!(code, Some(1));
    assert!(
        text.contains("m.md:14: error[isolated-service]: service `Blob` has no relations"),
        "{text}"
    );
    let (_, json) = servicemap(&repo, &["check", "data", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["findings"][0]["severity"], "error");
    std::fs::remove_dir_all(repo).unwrap();
}

/// Reads the next SSE event from a raw (chunked) connection.
fn next_event(reader: &mut impl BufRead) -> String {
    loop {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).unwrap() > 0, "the stream ended");
            if line.trim_end_matches(['\r', '\n']).is_empty() {
                break;
            }
            event.push_str(&line);
        }
        // Chunk sizes, heartbeat comments and the response head are not events.
        if event.contains("event: ") && !event.starts_with("HTTP/") {
            return event;
        }
    }
}

fn post_reload(addr: &str, token: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST /api/v1/admin/reload HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    std::io::Read::read_to_string(&mut stream, &mut response).unwrap();
    response
}

#[test]
fn the_event_stream_of_a_running_server_reports_a_real_reload() {
    let dir = temp("events");
    let data = dir.join("data");
    std::fs::write(data.join("m.md"), BEFORE).unwrap();
    std::fs::write(dir.join("token"), "t0ken").unwrap();
    let server = Server::start(&[
        "--data",
        data.to_str().unwrap(),
        "--watch",
        "false",
        "--admin-token-file",
        dir.join("token").to_str().unwrap(),
    ]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /api/v1/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let hello = next_event(&mut reader);
    assert!(hello.contains("event: version"), "{hello}");

    std::fs::write(data.join("m.md"), AFTER).unwrap();
    let reloaded = post_reload(&server.addr, "t0ken");
    assert!(reloaded.starts_with("HTTP/1.1 200"), "{reloaded}");
    let event = next_event(&mut reader);
    assert!(event.contains("event: reload"), "{event}");
    assert!(event.contains("\"nodes_added\":1"), "{event}");
    let (status, changes) = server.get("/api/v1/changes");
    assert_eq!(status, 200);
    assert!(changes.contains("\"Cache\""), "{changes}");
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}
