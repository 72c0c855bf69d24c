//! The dashboard: `index.html` at `/` and its files at `/assets/{file}`,
//! embedded at build time by `build.rs` (see `docs/dashboard.md`).
//!
//! Only names in the embedded table are served, so no request can reach
//! the file system. Asset names carry a content hash and are cached for a
//! year; the page is revalidated on every load so a new build is seen at
//! once.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::http::error::ApiError;

include!(concat!(env!("OUT_DIR"), "/dashboard_assets.rs"));

/// Everything the page loads comes from this origin; nothing inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSET_CACHE: &str = "public, max-age=31536000, immutable";
const PAGE_CACHE: &str = "no-cache";

/// An embedded asset by its served name.
pub fn asset(name: &str) -> Option<&'static [u8]> {
    ASSETS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ASSETS[i].1)
}

/// The Content-Type for a served name, by its extension.
pub fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// A strong validator for `bytes`: FNV-1a 64, quoted.
fn etag(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

fn serve(
    request: &HeaderMap,
    bytes: &'static [u8],
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let tag = etag(bytes);
    let fresh = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        bytes.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    response
}

/// `GET /`: the page, with its security policy.
pub async fn index(request: HeaderMap) -> Response {
    let mut response = serve(&request, INDEX_HTML, content_type("index.html"), PAGE_CACHE);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// `GET /assets/{file}`: one embedded file, or a 404 problem.
pub async fn assets(
    file: Result<Path<String>, axum::extract::rejection::PathRejection>,
    request: HeaderMap,
) -> Result<Response, ApiError> {
    // A name that is not UTF-8 once decoded (`%ff`) names no asset.
    let Ok(Path(file)) = file else {
        return Err(ApiError::UnknownRoute("/assets/<not UTF-8>".into()));
    };
    let bytes = asset(&file).ok_or_else(|| ApiError::UnknownRoute(format!("/assets/{file}")))?;
    Ok(serve(&request, bytes, content_type(&file), ASSET_CACHE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_names_are_plain() {
        assert!(ASSETS.windows(2).all(|w| w[0].0 < w[1].0));
        for (name, bytes) in ASSETS {
            assert!(!bytes.is_empty(), "{name} is empty");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
                "{name}"
            );
            assert_ne!(content_type(name), "application/octet-stream", "{name}");
        }
    }

    #[test]
    fn the_page_refers_only_to_embedded_assets() {
        let page = std::str::from_utf8(INDEX_HTML).unwrap();
        let mut seen = 0;
        for part in page.split("\"/assets/").skip(1) {
            let name = &part[..part.find('"').unwrap()];
            assert!(asset(name).is_some(), "index.html loads missing {name}");
            seen += 1;
        }
        assert!(seen >= 2, "index.html loads its script and styles");
    }

    #[test]
    fn modules_import_only_embedded_assets() {
        for (name, bytes) in ASSETS.iter().filter(|(n, _)| n.ends_with(".js")) {
            let text = String::from_utf8_lossy(bytes);
            for part in text.split("from './").skip(1) {
                let target = &part[..part.find('\'').unwrap()];
                assert!(asset(target).is_some(), "{name} imports missing {target}");
            }
        }
    }

    #[test]
    fn traversal_and_unknown_names_are_not_found() {
        for name in [
            "../Cargo.toml",
            "..%2fCargo.toml",
            "index.html",
            "",
            "/etc/passwd",
        ] {
            assert!(asset(name).is_none(), "{name}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a.b.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("x.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
