//! A readiness probe for container runtimes: one `GET /readyz` with hyper's
//! HTTP/1.1 client, so an image needs no curl or shell for its
//! `HEALTHCHECK`. It runs once per probe in its own short-lived process, on
//! a single-threaded runtime, and the whole probe (resolving, connecting,
//! the exchange) is bounded by [`TIMEOUT`].

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use http_body_util::Empty;
use hyper::body::Bytes;
use hyper::{Request, Uri, header};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// Bound on the whole probe.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The path probed when the address names none.
pub const READY_PATH: &str = "/readyz";

/// Why a probe failed.
#[derive(Debug, thiserror::Error)]
pub enum HealthcheckError {
    #[error("invalid address {0:?}: expected HOST:PORT or http://HOST:PORT[/PATH]")]
    InvalidAddress(String),
    #[error("cannot start the probe's runtime: {0}")]
    Runtime(io::Error),
    #[error("cannot connect to {addr}: {source}")]
    Connect { addr: String, source: io::Error },
    #[error("request to {addr} failed: {source}")]
    Exchange { addr: String, source: hyper::Error },
    #[error("no answer from {addr} within {timeout:?}")]
    TimedOut { addr: String, timeout: Duration },
    #[error("GET {path} on {addr} answered {status}")]
    Status {
        addr: String,
        path: String,
        status: u16,
    },
}

/// Probes `url_or_addr` (`HOST:PORT` or `http://HOST:PORT[/PATH]`, path
/// `/readyz` by default): healthy exactly when it answers status 200
/// within [`TIMEOUT`]. An unspecified address (`0.0.0.0`, `[::]`), as a
/// server's bind address often is, is probed on loopback instead.
pub fn healthcheck(url_or_addr: &str) -> Result<(), HealthcheckError> {
    healthcheck_within(url_or_addr, TIMEOUT)
}

/// [`healthcheck`] with another bound.
pub fn healthcheck_within(url_or_addr: &str, timeout: Duration) -> Result<(), HealthcheckError> {
    let (addr, path) = target(url_or_addr)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(HealthcheckError::Runtime)?;
    let status = runtime
        .block_on(async { tokio::time::timeout(timeout, probe(&addr, &path)).await })
        .map_err(|_| HealthcheckError::TimedOut {
            addr: addr.clone(),
            timeout,
        })??;
    match status {
        200 => Ok(()),
        status => Err(HealthcheckError::Status { addr, path, status }),
    }
}

/// The authority and path of `HOST:PORT` or `http://HOST:PORT[/PATH]`.
fn target(input: &str) -> Result<(String, String), HealthcheckError> {
    let invalid = || HealthcheckError::InvalidAddress(input.to_owned());
    let input = input.trim();
    let uri: Uri = match input.split_once("://") {
        Some((scheme, _)) if !scheme.eq_ignore_ascii_case("http") => return Err(invalid()),
        Some(_) => input.parse(),
        None => format!("http://{input}").parse(),
    }
    .map_err(|_| invalid())?;
    let authority = uri
        .authority()
        .filter(|a| !a.host().is_empty() && a.port_u16().is_some())
        .ok_or_else(invalid)?;
    let path = match uri.path_and_query().map(|p| p.as_str()) {
        None | Some("" | "/") => READY_PATH,
        Some(path) => path,
    };
    Ok((authority.as_str().to_owned(), path.to_owned()))
}

/// Connects to the first address of `addr` that accepts and sends the GET;
/// the status it answers.
async fn probe(addr: &str, path: &str) -> Result<u16, HealthcheckError> {
    let connect = |source| HealthcheckError::Connect {
        addr: addr.to_owned(),
        source,
    };
    let candidates: Vec<SocketAddr> = tokio::net::lookup_host(addr)
        .await
        .map_err(connect)?
        .map(loopback_if_unspecified)
        .collect();
    // Each address in turn, until one accepts.
    let stream = TcpStream::connect(&candidates[..]).await.map_err(connect)?;
    let exchange = |source| HealthcheckError::Exchange {
        addr: addr.to_owned(),
        source,
    };
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(exchange)?;
    tokio::spawn(connection);
    let request = Request::get(path)
        .header(header::HOST, addr)
        .header(header::USER_AGENT, "servicemap-healthcheck")
        .body(Empty::<Bytes>::new())
        .expect("a checked path and authority make a valid request");
    let response = sender.send_request(request).await.map_err(exchange)?;
    Ok(response.status().as_u16())
}

fn loopback_if_unspecified(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::thread::{self, JoinHandle};

    use super::*;

    /// A listener on a free loopback port that answers one request with
    /// `status_line` and hands back the request line it got.
    fn one_shot_server(status_line: &'static str) -> (SocketAddr, JoinHandle<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            reader.read_line(&mut request_line).unwrap();
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 0 && line != "\r\n" {
                line.clear();
            }
            let body = r#"{"status":"ready"}"#;
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
    fn unhealthy_when_the_server_never_answers() {
        // Accepts (the kernel's backlog does) but never reads or writes.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let error = healthcheck_within(&addr.to_string(), Duration::from_millis(200)).unwrap_err();
        assert!(
            matches!(error, HealthcheckError::TimedOut { .. }),
            "{error}"
        );
        drop(listener);
    }

    #[test]
    fn unhealthy_when_the_answer_is_not_http() {
        let (addr, server) = one_shot_server("SSH-2.0-OpenSSH");
        let error = healthcheck(&addr.to_string()).unwrap_err();
        assert!(
            matches!(error, HealthcheckError::Exchange { .. }),
            "{error}"
        );
        server.join().unwrap();
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
        let parsed = |input: &str| target(input).unwrap();
        assert_eq!(
            parsed("127.0.0.1:8080"),
            ("127.0.0.1:8080".into(), "/readyz".into())
        );
        assert_eq!(
            parsed("http://localhost:9000/"),
            ("localhost:9000".into(), "/readyz".into())
        );
        assert_eq!(
            parsed("HTTP://[::1]:80/healthz"),
            ("[::1]:80".into(), "/healthz".into())
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
            assert!(target(bad).is_err(), "{bad:?} parsed");
        }
    }
}
