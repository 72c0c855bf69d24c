//! A readiness probe for container runtimes: one HTTP/1.1 `GET /readyz`
//! over a plain [`TcpStream`], so an image needs no curl or shell for its
//! `HEALTHCHECK`.
//!
//! It is deliberately tiny and blocking: it runs once per probe in its own
//! short-lived process, and every step is bounded by [`TIMEOUT`].

use std::io::{self, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// Bound on connecting, and on the whole exchange once connected.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The path probed when the address names none.
pub const READY_PATH: &str = "/readyz";

/// The most of the response read while looking for the status line.
const MAX_STATUS_LINE: usize = 8 * 1024;

/// Why a probe failed.
#[derive(Debug, thiserror::Error)]
pub enum HealthcheckError {
    #[error("invalid address {0:?}: expected HOST:PORT or http://HOST:PORT[/PATH]")]
    InvalidAddress(String),
    #[error("cannot resolve {addr}: {source}")]
    Resolve { addr: String, source: io::Error },
    #[error("cannot connect to {addr}: {source}")]
    Connect { addr: String, source: io::Error },
    #[error("request to {addr} failed: {source}")]
    Exchange { addr: String, source: io::Error },
    #[error("malformed response from {addr}: {status_line:?}")]
    Malformed { addr: String, status_line: String },
    #[error("GET {path} on {addr} answered {status}")]
    Status {
        addr: String,
        path: String,
        status: u16,
    },
}

/// What to probe: `host:port` and a path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    authority: String,
    path: String,
}

impl Target {
    /// Accepts `HOST:PORT`, `http://HOST:PORT` or `http://HOST:PORT/PATH`.
    fn parse(input: &str) -> Result<Self, HealthcheckError> {
        let invalid = || HealthcheckError::InvalidAddress(input.to_owned());
        let trimmed = input.trim();
        let rest = match trimmed.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some(_) => return Err(invalid()),
            None => trimmed,
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let path = match path {
            "" | "/" => READY_PATH,
            p => p,
        };
        let has_port = authority
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
        if !has_port || path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        Ok(Target {
            authority: authority.to_owned(),
            path: path.to_owned(),
        })
    }
}

/// Probes `url_or_addr` (`HOST:PORT` or `http://HOST:PORT[/PATH]`, path
/// `/readyz` by default): healthy exactly when it answers status 200.
///
/// An unspecified address (`0.0.0.0`, `[::]`), as a server's bind address
/// often is, is probed on loopback instead.
pub fn healthcheck(url_or_addr: &str) -> Result<(), HealthcheckError> {
    let target = Target::parse(url_or_addr)?;
    let addr = &target.authority;
    let candidates: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|source| HealthcheckError::Resolve {
            addr: addr.clone(),
            source,
        })?
        .map(loopback_if_unspecified)
        .collect();
    let mut stream = connect(&candidates).map_err(|source| HealthcheckError::Connect {
        addr: addr.clone(),
        source,
    })?;
    let status_line =
        exchange(&mut stream, &target).map_err(|source| HealthcheckError::Exchange {
            addr: addr.clone(),
            source,
        })?;
    let status = parse_status(&status_line).ok_or_else(|| HealthcheckError::Malformed {
        addr: addr.clone(),
        status_line: status_line.clone(),
    })?;
    if status == 200 {
        Ok(())
    } else {
        Err(HealthcheckError::Status {
            addr: addr.clone(),
            path: target.path,
            status,
        })
    }
}

fn loopback_if_unspecified(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

/// The first address that accepts a connection within [`TIMEOUT`].
fn connect(candidates: &[SocketAddr]) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address to connect to");
    for candidate in candidates {
        match TcpStream::connect_timeout(candidate, TIMEOUT) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Sends the request and reads up to the end of the status line, all
/// within [`TIMEOUT`].
fn exchange(stream: &mut TcpStream, target: &Target) -> io::Result<String> {
    let deadline = Instant::now() + TIMEOUT;
    stream.set_write_timeout(Some(TIMEOUT))?;
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: servicemap-healthcheck\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        target.path, target.authority
    )?;
    stream.flush()?;
    let mut received = Vec::with_capacity(256);
    let mut buf = [0u8; 1024];
    loop {
        if let Some(end) = received.windows(2).position(|w| w == b"\r\n") {
            received.truncate(end);
            break;
        }
        if received.len() >= MAX_STATUS_LINE {
            break;
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "no status line in time",
            ));
        }
        stream.set_read_timeout(Some(remaining))?;
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(String::from_utf8_lossy(&received).into_owned())
}

/// The status code of an `HTTP/1.x NNN reason` line.
fn parse_status(line: &str) -> Option<u16> {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next()?;
    let code = parts.next()?;
    if !version.starts_with("HTTP/1.") || code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    use std::thread::{self, JoinHandle};

    use super::*;

    /// A listener on a free loopback port that answers one request with
    /// `status_line` and hands back the request line it got.
    fn one_shot_server(status_line: &'static str) -> (SocketAddr, JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                line.clear();
            }
            let body = r#"{"status":"ready"}"#;
            let mut stream = stream;
            let response = format!(
                "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            // The probe may hang up once it has the status line.
            let _ = stream.write_all(response.as_bytes());
            request_line
        });
        (addr, handle)
    }

    #[test]
    fn healthy_when_readyz_answers_200() {
        let (addr, server) = one_shot_server("HTTP/1.1 200 OK");
        healthcheck(&addr.to_string()).unwrap();
        assert_eq!(server.join().unwrap(), "GET /readyz HTTP/1.1\r\n");
    }

    #[test]
    fn unhealthy_when_readyz_answers_503() {
        let (addr, server) = one_shot_server("HTTP/1.1 503 Service Unavailable");
        let error = healthcheck(&format!("http://{addr}")).unwrap_err();
        assert!(
            matches!(error, HealthcheckError::Status { status: 503, .. }),
            "{error}"
        );
        server.join().unwrap();
    }

    #[test]
    fn unhealthy_when_nothing_listens() {
        // Bind then drop: the port was free a moment ago and now nothing
        // listens on it.
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let error = healthcheck(&addr.to_string()).unwrap_err();
        assert!(matches!(error, HealthcheckError::Connect { .. }), "{error}");
    }

    #[test]
    fn probes_the_path_given_in_a_url() {
        let (addr, server) = one_shot_server("HTTP/1.0 200 OK");
        healthcheck(&format!("http://{addr}/healthz")).unwrap();
        assert_eq!(server.join().unwrap(), "GET /healthz HTTP/1.1\r\n");
    }

    #[test]
    fn unspecified_addresses_are_probed_on_loopback() {
        let (addr, server) = one_shot_server("HTTP/1.1 200 OK");
        healthcheck(&format!("0.0.0.0:{}", addr.port())).unwrap();
        server.join().unwrap();
    }

    #[test]
    fn addresses_parse() {
        let t = Target::parse("127.0.0.1:8080").unwrap();
        assert_eq!(
            (t.authority.as_str(), t.path.as_str()),
            ("127.0.0.1:8080", "/readyz")
        );
        let t = Target::parse("http://localhost:9000/").unwrap();
        assert_eq!(
            (t.authority.as_str(), t.path.as_str()),
            ("localhost:9000", "/readyz")
        );
        let t = Target::parse("HTTP://[::1]:80/healthz").unwrap();
        assert_eq!(
            (t.authority.as_str(), t.path.as_str()),
            ("[::1]:80", "/healthz")
        );
        for bad in [
            "",
            "8080",
            "localhost",
            ":8080",
            "https://a:1",
            "a:99999",
            "a:1/x y",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn status_lines_parse() {
        assert_eq!(parse_status("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(parse_status("HTTP/1.0 503"), Some(503));
        assert_eq!(parse_status("SSH-2.0-OpenSSH"), None);
        assert_eq!(parse_status("HTTP/1.1 20 OK"), None);
        assert_eq!(parse_status(""), None);
    }
}
