//! The HTTP stack's limit on this machine: axum serving one fixed JSON body
//! on one route, with the same runtime as `servicemap serve` (tokio's
//! multi-threaded runtime, default workers, the system allocator;
//! `axum::serve`).
//! Benchmarks of the real server are reported as ratios to this, measured
//! in the same run.
//!
//! `cargo run --release --example baseline -- 127.0.0.1:8090 640`
//! serves `GET /static` with a JSON body of about 640 bytes.

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

fn body(bytes: usize) -> &'static [u8] {
    let mut text = String::from("{\"items\":[");
    let mut i = 0;
    while text.len() + 40 < bytes {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!("{{\"id\":\"node-{i}\",\"kind\":\"service\"}}"));
        i += 1;
    }
    text.push_str("],\"total\":0}");
    Box::leak(text.into_bytes().into_boxed_slice())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let bind = args.next().unwrap_or_else(|| "127.0.0.1:8090".into());
    let bytes: usize = args.next().and_then(|b| b.parse().ok()).unwrap_or(640);
    let body = body(bytes);
    let app = Router::new().route(
        "/static",
        get(move || async move {
            let mut response: Response = body.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }),
    );
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .expect("the address is free");
        let addr = listener.local_addr().expect("a bound address");
        eprintln!(
            "baseline listening on http://{addr} ({} byte body)",
            body.len()
        );
        axum::serve(listener, app).await.expect("serving");
    });
}
