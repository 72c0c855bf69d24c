//! The accept loop: HTTP/1.1 connections with a header read timeout and a
//! bounded header buffer, and a graceful shutdown with a deadline.
//!
//! Written on hyper directly (rather than `axum::serve`) for those three
//! knobs: slow clients cannot hold a connection open by trickling headers,
//! and a shutdown cannot hang on a request that never finishes.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use crate::http::error::ApiError;

mod write_timeout;
use write_timeout::WriteTimeout;

/// Connection-level settings.
#[derive(Debug, Clone, Copy)]
pub struct ServerOptions {
    /// How long a client may take to send its request headers.
    pub header_read_timeout: Duration,
    /// Bytes buffered for a request head (hyper's floor is 8 KiB).
    pub max_head_bytes: usize,
    /// From the shutdown signal to the exit, at most: the drain delay, then
    /// in-flight requests finishing.
    pub shutdown_timeout: Duration,
    /// How long to keep accepting after the shutdown signal (while
    /// `/readyz` says 503), so that a load balancer's health check sees the
    /// replica leave before its listener closes.
    pub drain_delay: Duration,
    /// How long one write to a client may wait for it to read; a client
    /// that does not read is disconnected (and its request's work stops).
    pub write_timeout: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_head_bytes: 64 * 1024,
            shutdown_timeout: Duration::from_secs(10),
            drain_delay: Duration::ZERO,
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes; then keeps
/// accepting for the drain delay, stops, lets in-flight requests finish
/// until [`ServerOptions::shutdown_timeout`] after the signal, and returns
/// (the caller cancels what is left). Taking the listener lets tests bind
/// port 0.
pub async fn run(
    listener: TcpListener,
    app: Router,
    options: ServerOptions,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout)
        .max_buf_size(options.max_head_bytes.max(8 * 1024))
        // Header lines are bounded by bytes (the head buffer), not by a
        // count: hyper's default of 100 refused smaller heads than that.
        .max_headers(MAX_HEADERS);
    tokio::pin!(shutdown);
    let mut deadline = None;
    loop {
        let draining = async {
            match deadline {
                Some((drained, _)) => tokio::time::sleep_until(drained).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(error) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let app = app.clone();
                let service = tower::service_fn(move |request: Request<Incoming>| {
                    let app = app.clone();
                    async move {
                        // RFC 9112, section 3.2: an HTTP/1.1 request without Host is a 400.
                        if request.version() == axum::http::Version::HTTP_11
                            && !request.headers().contains_key(axum::http::header::HOST)
                        {
                            return Ok(ApiError::bad("Host", "an HTTP/1.1 request must send a Host header").into_response());
                        }
                        app.oneshot(request.map(Body::new)).await
                    }
                });
                let stream = WriteTimeout::new(stream, options.write_timeout);
                let connection = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                });
            }
            () = &mut shutdown, if deadline.is_none() => {
                let now = tokio::time::Instant::now();
                let drain = options.drain_delay.min(options.shutdown_timeout);
                deadline = Some((now + drain, now + options.shutdown_timeout));
            }
            () = draining => break,
        }
    }
    drop(listener);
    let (_, exit_at) = deadline.expect("the loop ends after the signal");
    match tokio::time::timeout_at(exit_at, graceful.shutdown()).await {
        Ok(()) => tracing::info!("every connection closed; shutting down"),
        Err(_) => tracing::warn!(
            "requests still in flight after {:?}; shutting down anyway",
            options.shutdown_timeout
        ),
    }
}

/// Header lines one request may have; their bytes are bounded by the head
/// buffer.
const MAX_HEADERS: usize = 1024;

/// A future that completes on SIGINT or SIGTERM. The listeners are
/// registered when this is called, not when the future is first polled: a
/// signal that comes after the server has said it listens is never lost
/// (registered lazily, a SIGTERM sent right after the first answer could
/// reach the process between the handler's installation and the listener's,
/// and the server kept serving). Call it inside the runtime.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let listeners = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        )
    };
    async move {
        #[cfg(unix)]
        {
            async fn next(listener: std::io::Result<tokio::signal::unix::Signal>) {
                match listener {
                    Ok(mut signal) => {
                        signal.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            }
            let (interrupt, terminate) = listeners;
            tokio::select! {
                () = next(interrupt) => {},
                () = next(terminate) => {},
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received; finishing in-flight requests");
    }
}
