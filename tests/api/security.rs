//! Security properties of the real binary: it never writes to its data
//! folder, never reads a document through a link that leads outside the
//! data roots, and never shows a secret from its environment or from a
//! request in its logs or answers.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use servicemap::http::routes;

use crate::binary::{Server, http_get};

fn tempdir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("servicemap-security-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file and folder below `root`: its bytes (files), its modification
/// time and its permissions.
fn fingerprint(root: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_owned()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        let bytes = if meta.is_file() {
            std::fs::read(&path).unwrap()
        } else {
            Vec::new()
        };
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        }
        out.insert(
            path,
            (bytes, meta.modified().unwrap(), meta.permissions().mode()),
        );
    }
    out
}

/// A request to every route, successes and errors alike, keyed by route.
fn every_endpoint() -> Vec<(&'static str, String)> {
    let mut uris = vec![
        ("/", "/".to_owned()),
        ("/healthz", "/healthz".to_owned()),
        ("/metrics", "/metrics".to_owned()),
        ("/readyz", "/readyz".to_owned()),
        ("/openapi.yaml", "/openapi.yaml".to_owned()),
        ("/api/v1/stats", "/api/v1/stats".to_owned()),
        (
            "/api/v1/diagnostics",
            "/api/v1/diagnostics?limit=1000".to_owned(),
        ),
        ("/api/v1/changes", "/api/v1/changes".to_owned()),
        ("/api/v1/nodes", "/api/v1/nodes?kind=service&q=a".to_owned()),
        ("/api/v1/nodes", "/api/v1/nodes?category=Compute".to_owned()),
        ("/api/v1/nodes/{ref}", "/api/v1/nodes/AKS".to_owned()),
        (
            "/api/v1/nodes/{ref}",
            "/api/v1/nodes/nothing-like-this".to_owned(),
        ),
        (
            "/api/v1/nodes/{ref}/neighbors",
            "/api/v1/nodes/AKS/neighbors?depth=5".to_owned(),
        ),
        (
            "/api/v1/nodes/{ref}/impact",
            "/api/v1/nodes/AKS/impact?direction=dependencies".to_owned(),
        ),
        (
            "/api/v1/query",
            "/api/v1/query?q=MATCH%20(n)-%5B*1..3%5D-(m)%20RETURN%20count(*)".to_owned(),
        ),
        ("/api/v1/categories", "/api/v1/categories".to_owned()),
        (
            "/api/v1/categories/{ref}",
            "/api/v1/categories/Compute".to_owned(),
        ),
        ("/api/v1/resolve", "/api/v1/resolve?name=sql".to_owned()),
        ("/api/v1/ask", "/api/v1/ask?q=what+uses+AKS".to_owned()),
        (
            "/api/v1/ask",
            "/api/v1/ask?q=how+is+AKS+connected+to+Synapse".to_owned(),
        ),
        ("/api/v1/relations", "/api/v1/relations".to_owned()),
        (
            "/api/v1/query",
            "/api/v1/query?q=MATCH+(a)-[r]->(b)+RETURN+a,r,b".to_owned(),
        ),
        ("/api/v1/edges", "/api/v1/edges?relation=uses".to_owned()),
        (
            "/api/v1/path",
            "/api/v1/path?from=AKS&to=VMSS&k=5&via_categories=true".to_owned(),
        ),
        ("/api/v1/path", "/api/v1/path?from=AKS".to_owned()),
    ];
    for format in ["json", "cytoscape", "dot", "mermaid", "mindmap", "graphml"] {
        uris.push(("/api/v1/graph", format!("/api/v1/graph?format={format}")));
        uris.push((
            "/api/v1/graph",
            format!("/api/v1/graph?format={format}&focus=AKS&depth=2"),
        ));
    }
    for metric in ["degree", "betweenness", "components"] {
        uris.push((
            "/api/v1/analytics",
            format!("/api/v1/analytics?metric={metric}"),
        ));
    }
    uris
}

/// Sends `method path` with extra header lines; returns status and body.
fn request(addr: &str, method: &str, path: &str, headers: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n{headers}\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

#[test]
fn the_service_never_writes_to_its_data_folder() {
    let dir = tempdir("readonly");
    let data = dir.join("data");
    copy_dir(Path::new("data"), &data);
    std::fs::create_dir_all(data.join("nested")).unwrap();
    std::fs::write(
        data.join("nested/more.md"),
        "```mermaid\nmindmap\n  root((Nested))\n    Thing\n```\n",
    )
    .unwrap();
    let before = fingerprint(&data);
    // Let any write show as a new modification time.
    std::thread::sleep(Duration::from_millis(20));

    let token = "data-folder-test-token";
    let log = dir.join("server.log");
    let (mut child, addr) = start_logged(&data, &[("SERVICEMAP_ADMIN_TOKEN", token)], &log);
    let mut uris = every_endpoint();
    // The dashboard's assets, as its page names them.
    let (_, page) = http_get(&addr, "/");
    let asset = page
        .split("/assets/")
        .nth(1)
        .and_then(|rest| rest.split(['"', '\'', '?']).next())
        .expect("the page names an asset")
        .to_owned();
    uris.push(("/assets/{file}", format!("/assets/{asset}")));
    uris.push(("/assets/{file}", "/assets/..%2F..%2FCargo.toml".to_owned()));
    let mut covered: std::collections::BTreeSet<&str> = uris.iter().map(|(r, _)| *r).collect();
    covered.insert("/api/v1/admin/reload");
    // A stream that never ends; tests/api/workflow.rs reads it from the binary.
    covered.insert("/api/v1/events");
    for route in routes() {
        assert!(
            covered.contains(route.path),
            "no request for {}",
            route.path
        );
    }
    for (_, uri) in &uris {
        let (status, body) = http_get(&addr, uri);
        assert!(status < 500, "{uri}: {status} {body}");
    }
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let (status, _) = request(&addr, method, "/api/v1/nodes", "");
        assert_eq!(status, 405);
    }
    let bearer = format!("Authorization: Bearer {token}\r\n");
    let (status, body) = request(&addr, "POST", "/api/v1/admin/reload", &bearer);
    assert!((200..300).contains(&status), "{body}");
    let (status, _) = request(&addr, "POST", "/api/v1/admin/reload", "");
    assert!((400..500).contains(&status));
    child.stop();

    let after = fingerprint(&data);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file was added or removed"
    );
    for (path, (bytes, modified, mode)) in &before {
        let (bytes_after, modified_after, mode_after) = &after[path];
        assert!(bytes == bytes_after, "{} changed", path.display());
        assert_eq!(modified, modified_after, "{} was touched", path.display());
        assert_eq!(mode, mode_after, "{} changed permissions", path.display());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn documents_outside_the_data_roots_are_never_read() {
    let dir = tempdir("links");
    let data = dir.join("data");
    let outside = dir.join("outside");
    std::fs::create_dir_all(data.join("sub")).unwrap();
    std::fs::create_dir_all(outside.join("folder")).unwrap();
    let secret =
        |name: &str| format!("```mermaid\nmindmap\n  root(({name}))\n    Leaked Service\n```\n");
    std::fs::write(outside.join("secret.md"), secret("Secret File")).unwrap();
    std::fs::write(outside.join("folder/inner.md"), secret("Secret Folder")).unwrap();
    std::fs::write(
        data.join("inside.md"),
        "```mermaid\nmindmap\n  root((Inside))\n    Kept Service\n```\n",
    )
    .unwrap();
    use std::os::unix::fs::symlink;
    symlink(outside.join("secret.md"), data.join("absolute.md")).unwrap();
    symlink("../../outside/secret.md", data.join("sub/relative.md")).unwrap();
    symlink(outside.join("folder"), data.join("folder-link")).unwrap();
    symlink("/etc/passwd", data.join("passwd.md")).unwrap();
    symlink(data.join("loop-b.md"), data.join("loop-a.md")).unwrap();
    symlink(data.join("loop-a.md"), data.join("loop-b.md")).unwrap();
    symlink(&data, data.join("sub/self")).unwrap();
    // A link that stays inside is followed.
    symlink(data.join("inside.md"), data.join("sub/alias.md")).unwrap();

    let server = Server::start(&["--data", data.to_str().unwrap()]);
    let (status, body) = server.get("/api/v1/stats");
    assert_eq!(status, 200, "{body}");
    let stats: serde_json::Value = serde_json::from_str(&body).unwrap();
    let mut paths: Vec<&str> = stats["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, ["inside.md", "sub/alias.md"], "{body}");
    for name in ["Secret%20File", "Secret%20Folder", "Leaked%20Service"] {
        let (status, _) = server.get(&format!("/api/v1/nodes/{name}"));
        assert_eq!(status, 404, "{name} must not be loaded");
    }
    let (_, diagnostics) = server.get("/api/v1/diagnostics?limit=1000");
    for skipped in ["absolute.md", "sub/relative.md", "folder-link", "passwd.md"] {
        assert!(
            diagnostics.contains(skipped) && diagnostics.contains("outside the data folder"),
            "{skipped} is reported: {diagnostics}"
        );
    }
    assert!(
        !diagnostics.contains("root:"),
        "nothing of /etc/passwd shows"
    );
    drop(server);
    std::fs::remove_dir_all(dir).unwrap();
}

/// Starts the binary on `data` with `env`, its log in a file; returns the
/// child and its address.
fn start_logged(data: &Path, env: &[(&str, &str)], log: &Path) -> (Running, String) {
    let file = std::fs::File::create(log).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_servicemap"));
    command
        .args(["serve", "--bind", "127.0.0.1:0", "--data"])
        .arg(data)
        .env("RUST_LOG", "trace")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(file);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command.spawn().unwrap();
    let started = Instant::now();
    let addr = loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if let Some(at) = text.find("listening on http://") {
            break text[at + "listening on http://".len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                .collect::<String>();
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no address: {text}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (Running(child), addr)
}

/// A started server, killed when dropped, so that a failing assertion
/// does not leave it running.
struct Running(Child);

impl Running {
    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[test]
fn secrets_never_appear_in_logs_or_answers() {
    // The admin token goes to the reload endpoint the right and the wrong
    // ways, and to other routes; neither the log nor an answer shows it.
    let token = "s3cr3t-admin-token-0123456789";
    let dir = tempdir("secrets");
    let log = dir.join("server.log");
    for format in ["text", "json"] {
        let (mut child, addr) = start_logged(
            Path::new("data"),
            &[
                ("SERVICEMAP_ADMIN_TOKEN", token),
                ("SERVICEMAP_LOG_FORMAT", format),
            ],
            &log,
        );
        let mut answers = String::new();
        for (method, path, headers) in [
            (
                "POST",
                "/api/v1/admin/reload",
                format!("Authorization: Bearer {token}\r\n"),
            ),
            (
                "POST",
                "/api/v1/admin/reload",
                "Authorization: Bearer wrong\r\n".to_owned(),
            ),
            ("POST", "/api/v1/admin/reload", String::new()),
            (
                "GET",
                "/api/v1/admin/reload",
                format!("Authorization: Bearer {token}\r\n"),
            ),
            (
                "GET",
                "/api/v1/nodes/AKS",
                format!("Authorization: Bearer {token}\r\nCookie: t={token}\r\n"),
            ),
        ] {
            let (status, response) = request(&addr, method, path, &headers);
            assert!(status != 0 && status < 500, "{method} {path}: {status}");
            answers.push_str(&response);
        }
        child.stop();
        let logged = std::fs::read_to_string(&log).unwrap();
        assert!(
            !logged.contains(token),
            "the token is in the {format} log:\n{logged}"
        );
        assert!(
            !answers.contains(token),
            "the token leaks into an answer:\n{answers}"
        );
        // The right token was taken: the first reload succeeded.
        assert!(answers.starts_with("HTTP/1.1 2"), "{answers}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}
