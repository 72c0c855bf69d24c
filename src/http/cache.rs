//! Answers kept by graph version and request target. A snapshot never
//! changes, so a GET asked again of the same version has the same answer
//! (the assumption the ETag already rests on): the repeat costs a lookup
//! instead of a trip to a work thread, a computation and a serialisation.
//!
//! What is kept: `200` answers to `GET /api/...` without credentials, each
//! of at most the entry bound (`ANSWER_CACHE_MAX_ENTRY`, 256 KiB) of body as
//! sent (so compressed answers are kept per `Accept-Encoding`). The body is copied while it is
//! sent, never buffered ahead of the client, and kept only once it has all
//! gone out. Memory is bounded by a byte budget over two generations: new
//! answers go into the young one; when it is full it becomes the old one
//! and the previous old one is dropped, so what is asked often stays and a
//! version no longer served ages out.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use http_body::{Body as _, Frame, SizeHint};

/// The answer cache; with a budget of 0 it keeps nothing.
pub struct AnswerCache {
    /// Bytes (bodies and targets) each generation may hold.
    generation_bytes: usize,
    max_entry: usize,
    generations: RwLock<Generations>,
}

#[derive(Default)]
struct Generations {
    young: HashMap<u64, Arc<Entry>>,
    young_bytes: usize,
    old: HashMap<u64, Arc<Entry>>,
}

/// What a request is answered by: the version, the target and the
/// encodings the client accepts. Borrowed: a lookup allocates nothing.
#[derive(Clone, Copy)]
pub struct Key<'a> {
    hash: u64,
    version: &'a str,
    target: &'a str,
    encoding: Option<&'a HeaderValue>,
}

impl<'a> Key<'a> {
    /// The key of a request for `target` (path and query) of `version`,
    /// from a client that sent `Accept-Encoding: encoding`.
    pub fn new(version: &'a str, target: &'a str, encoding: Option<&'a HeaderValue>) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        version.hash(&mut hasher);
        target.hash(&mut hasher);
        encoding.map(HeaderValue::as_bytes).hash(&mut hasher);
        Self {
            hash: hasher.finish(),
            version,
            target,
            encoding,
        }
    }

    fn to_owned(self) -> OwnedKey {
        OwnedKey {
            hash: self.hash,
            version: self.version.into(),
            target: self.target.into(),
            encoding: self.encoding.cloned(),
        }
    }
}

struct OwnedKey {
    hash: u64,
    version: Box<str>,
    target: Box<str>,
    encoding: Option<HeaderValue>,
}

impl OwnedKey {
    fn is(&self, key: &Key<'_>) -> bool {
        self.hash == key.hash
            && *self.version == *key.version
            && *self.target == *key.target
            && self.encoding.as_ref() == key.encoding
    }
}

struct Entry {
    key: OwnedKey,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Entry {
    fn bytes(&self) -> usize {
        self.body.len() + self.key.target.len() + 256
    }
}

impl AnswerCache {
    /// A cache of at most `budget` bytes, keeping answers of at most
    /// `max_entry` bytes; a budget of 0 keeps nothing.
    pub fn new(budget: usize, max_entry: usize) -> Self {
        Self {
            generation_bytes: budget / 2,
            max_entry: max_entry.min(budget / 2),
            generations: RwLock::default(),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.max_entry > 0
    }

    /// The kept answer for `key`, as a new response.
    pub fn get(&self, key: &Key<'_>) -> Option<Response> {
        let generations = self.generations.read().unwrap_or_else(|e| e.into_inner());
        let entry = generations
            .young
            .get(&key.hash)
            .or_else(|| generations.old.get(&key.hash))
            .filter(|entry| entry.key.is(key))?;
        let mut response = Response::new(Body::from(entry.body.clone()));
        *response.status_mut() = entry.status;
        *response.headers_mut() = entry.headers.clone();
        Some(response)
    }

    /// Forgets every answer (a new version is served).
    pub fn clear(&self) {
        let mut generations = self.generations.write().unwrap_or_else(|e| e.into_inner());
        *generations = Generations::default();
    }

    fn insert(&self, entry: Entry) {
        let bytes = entry.bytes();
        let mut generations = self.generations.write().unwrap_or_else(|e| e.into_inner());
        if generations.young_bytes + bytes > self.generation_bytes {
            let young = std::mem::take(&mut generations.young);
            generations.old = young;
            generations.young_bytes = 0;
        }
        generations.young_bytes += bytes;
        generations.young.insert(entry.key.hash, Arc::new(entry));
    }

    /// `response`, whose body is copied as it is sent and kept under `key`
    /// once it has all gone out, if it is an answer worth keeping.
    pub fn keep(self: &Arc<Self>, key: Key<'_>, response: Response) -> Response {
        let fits = response
            .body()
            .size_hint()
            .upper()
            .is_none_or(|upper| upper <= self.max_entry as u64);
        let private = response
            .headers()
            .get(axum::http::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("no-store") || v.contains("private"));
        if response.status() != StatusCode::OK || !fits || private {
            return response;
        }
        let (parts, body) = response.into_parts();
        let copy = Copy {
            length: body.size_hint().exact(),
            body,
            kept: Vec::new(),
            pending: Some(Pending {
                cache: self.clone(),
                key: key.to_owned(),
                status: parts.status,
                headers: parts.headers.clone(),
            }),
        };
        Response::from_parts(parts, Body::new(copy))
    }
}

/// What an answer needs, besides its body, to be kept.
struct Pending {
    cache: Arc<AnswerCache>,
    key: OwnedKey,
    status: StatusCode,
    headers: HeaderMap,
}

impl Copy {
    /// Keeps the copy: the whole body has gone out.
    fn finish(&mut self) {
        if let Some(pending) = self.pending.take() {
            pending.cache.insert(Entry {
                key: pending.key,
                status: pending.status,
                headers: pending.headers,
                body: Bytes::from(std::mem::take(&mut self.kept)),
            });
        }
    }
}

/// A body passed through as it is, with a copy kept on the side until it
/// grows past the cache's largest entry (then the copy is dropped).
struct Copy {
    body: Body,
    /// The body's length, when it is known: the server stops reading
    /// once that much has been sent, without asking for the end.
    length: Option<u64>,
    kept: Vec<u8>,
    pending: Option<Pending>,
}

impl http_body::Body for Copy {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let frame = std::task::ready!(Pin::new(&mut this.body).poll_frame(cx));
        match &frame {
            Some(Ok(frame)) => match (frame.data_ref(), &this.pending) {
                (Some(data), Some(pending)) => {
                    if this.kept.len() + data.len() <= pending.cache.max_entry {
                        this.kept.extend_from_slice(data);
                        if this.length == Some(this.kept.len() as u64) {
                            this.finish();
                        }
                    } else {
                        this.pending = None;
                        this.kept = Vec::new();
                    }
                }
                // Trailers are not kept: neither is the answer.
                (None, _) => this.pending = None,
                (Some(_), None) => {}
            },
            Some(Err(_)) => this.pending = None,
            None => this.finish(),
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        // While the copy is not yet kept, the end must be polled for.
        self.pending.is_none() && self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn key<'a>(version: &'a str, target: &'a str) -> Key<'a> {
        Key::new(version, target, None)
    }

    async fn sent(response: Response) -> Bytes {
        response.into_body().collect().await.unwrap().to_bytes()
    }

    fn answer(status: StatusCode, body: &'static str) -> Response {
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = status;
        response
            .headers_mut()
            .insert("x-test", HeaderValue::from_static("kept"));
        response
    }

    #[tokio::test]
    async fn an_answer_is_kept_once_it_has_been_sent() {
        let cache = Arc::new(AnswerCache::new(1 << 20, 1 << 16));
        let k = key("v1", "/api/v1/nodes/AKS");
        let response = cache.keep(k, answer(StatusCode::OK, "{\"a\":1}"));
        assert!(cache.get(&k).is_none(), "kept before it was sent");
        assert_eq!(sent(response).await, "{\"a\":1}");
        let hit = cache.get(&k).expect("kept");
        assert_eq!(hit.headers()["x-test"], "kept");
        assert_eq!(sent(hit).await, "{\"a\":1}");
    }

    #[tokio::test]
    async fn an_answer_of_known_length_is_kept_without_polling_for_its_end() {
        // As hyper does: once Content-Length bytes are out, it stops.
        let cache = Arc::new(AnswerCache::new(1 << 20, 1 << 16));
        let k = key("v1", "/api/v1/stats");
        let mut body = cache.keep(k, answer(StatusCode::OK, "{}")).into_body();
        let frame = body.frame().await.unwrap().unwrap();
        assert_eq!(frame.into_data().unwrap(), "{}");
        assert!(cache.get(&k).is_some(), "not kept");
    }

    #[tokio::test]
    async fn versions_targets_and_encodings_are_kept_apart() {
        let cache = Arc::new(AnswerCache::new(1 << 20, 1 << 16));
        let k = key("v1", "/api/v1/nodes/AKS");
        sent(cache.keep(k, answer(StatusCode::OK, "x"))).await;
        assert!(cache.get(&key("v2", "/api/v1/nodes/AKS")).is_none());
        assert!(cache.get(&key("v1", "/api/v1/nodes/aks")).is_none());
        let gzip = HeaderValue::from_static("gzip");
        assert!(
            cache
                .get(&Key::new("v1", "/api/v1/nodes/AKS", Some(&gzip)))
                .is_none()
        );
        assert!(cache.get(&k).is_some());
    }

    #[tokio::test]
    async fn only_whole_ok_answers_within_the_entry_bound_are_kept() {
        let cache = Arc::new(AnswerCache::new(1 << 20, 4));
        let missing = key("v1", "/missing");
        sent(cache.keep(missing, answer(StatusCode::NOT_FOUND, "x"))).await;
        assert!(cache.get(&missing).is_none(), "a 404 was kept");
        let large = key("v1", "/large");
        sent(cache.keep(large, answer(StatusCode::OK, "too large"))).await;
        assert!(
            cache.get(&large).is_none(),
            "a body past the bound was kept"
        );
        // A body dropped before its end (the client went away) is not kept.
        let cut = key("v1", "/cut");
        drop(cache.keep(cut, answer(StatusCode::OK, "ok")));
        assert!(cache.get(&cut).is_none(), "an unsent answer was kept");
    }

    #[tokio::test]
    async fn memory_stays_within_two_generations() {
        let cache = Arc::new(AnswerCache::new(2 * 1024, 64));
        for i in 0..100 {
            let target = format!("/api/{i}");
            sent(cache.keep(key("v1", &target), answer(StatusCode::OK, "0123456789"))).await;
        }
        let generations = cache.generations.read().unwrap();
        let held: usize = generations
            .young
            .values()
            .chain(generations.old.values())
            .map(|e| e.bytes())
            .sum();
        assert!(held <= 2 * 1024, "{held} bytes held");
        assert!(
            cache.get(&key("v1", "/api/99")).is_some(),
            "the newest went"
        );
        assert!(
            cache.get(&key("v1", "/api/0")).is_none(),
            "the oldest stayed"
        );
    }

    #[test]
    fn a_zero_budget_keeps_nothing() {
        assert!(!AnswerCache::new(0, 1 << 16).is_enabled());
    }
}
