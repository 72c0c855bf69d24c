//! The size budget and the cursor: no tool call answers with more than its
//! budget of JSON, and a cursor fetches the next part.
//!
//! An answer is a head (always whole: the node described, the counts) and a
//! list of items (edges, candidates, paths). Items are measured as they are
//! serialised and taken, in order, while they fit; the part says where the
//! next one starts. The cursor names the graph version, the arguments and
//! the offset, so it cannot be replayed against another map or another
//! question: the client passes it back with the same arguments.

use std::collections::BTreeMap;
use std::io::Write;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::error::ToolError;
use super::views::Bounded;

/// The default budget: about four thousand tokens of JSON, a small part
/// of any model's context.
pub const DEFAULT_MAX_BYTES: usize = 16 * 1024;
/// The largest budget a call may ask for unless the server allows more.
pub const CEILING_BYTES: usize = 256 * 1024;
/// The smallest budget a call may ask for.
pub const MIN_BYTES: usize = 1024;
/// The most bytes of the short text rendering beside the structured answer.
pub const TEXT_BYTES: usize = 1024;

/// Bytes kept for the text rendering of an answer of `max_bytes`: an
/// eighth of the budget, from 384 bytes to [`TEXT_BYTES`].
pub fn text_bytes(max_bytes: usize) -> usize {
    (max_bytes / 8).clamp(384, TEXT_BYTES)
}
/// Room kept for the cursor and the counts, which are known only at the end.
const TAIL_BYTES: usize = 128;

/// How large answers may be, for the whole server.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// The budget of a call that names none.
    pub default_bytes: usize,
    /// The most a call may ask for.
    pub ceiling_bytes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self {
            default_bytes: DEFAULT_MAX_BYTES,
            ceiling_bytes: CEILING_BYTES,
        }
    }
}

/// The paging arguments every listing tool takes.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct Paging {
    /// The `next_cursor` of the previous part, to get the next one (with
    /// the same other arguments).
    #[serde(default)]
    pub cursor: Option<String>,
    /// Only the head and the counts, no items: how big is the answer?
    #[serde(default)]
    pub summary_only: bool,
    /// The size budget of this answer in bytes of JSON (default 16384).
    #[serde(default)]
    #[schemars(range(min = 1024))]
    pub max_bytes: Option<usize>,
}

/// Arguments that do not change what the whole answer is.
const PAGING_ARGUMENTS: &[&str] = &["cursor", "summary_only", "max_bytes"];

/// Where one call's part starts and how large it may be.
#[derive(Debug, Clone)]
pub struct Window {
    pub offset: usize,
    pub max_bytes: usize,
    pub summary_only: bool,
    version: String,
    arguments: u64,
}

impl Window {
    /// The window `paging` asks for, checked against `version` and the
    /// call's other `arguments`.
    pub fn open(
        tool: &str,
        arguments: &Map<String, Value>,
        paging: &Paging,
        version: &str,
        budget: Budget,
    ) -> Result<Self, ToolError> {
        let max_bytes = paging.max_bytes.unwrap_or(budget.default_bytes);
        if !(MIN_BYTES..=budget.ceiling_bytes).contains(&max_bytes) {
            return Err(ToolError::bad(
                "max_bytes",
                format!("must be from {MIN_BYTES} to {} bytes", budget.ceiling_bytes),
            ));
        }
        let hash = arguments_hash(tool, arguments);
        let offset = match &paging.cursor {
            None => 0,
            Some(cursor) => read_cursor(cursor, version, hash)?,
        };
        Ok(Self {
            offset,
            max_bytes,
            summary_only: paging.summary_only,
            version: version.to_owned(),
            arguments: hash,
        })
    }

    /// The part of `all` this window holds, each item shown by `view`,
    /// under `head`.
    pub fn cut<H, X, T>(
        &self,
        head: H,
        all: &[X],
        view: impl Fn(&X) -> T,
    ) -> Result<Bounded<H, T>, ToolError>
    where
        H: Serialize,
        T: Serialize,
    {
        let mut part = Bounded {
            version: self.version.clone(),
            head,
            total: all.len(),
            returned: 0,
            offset: self.offset.min(all.len()),
            items: Vec::new(),
            next_cursor: None,
            max_bytes: self.max_bytes,
        };
        let envelope = measure(&part) + TAIL_BYTES + text_bytes(self.max_bytes);
        if envelope > self.max_bytes {
            return Err(ToolError::TooLarge(format!(
                "the answer's head alone is {envelope} bytes; ask with max_bytes of at least {envelope}"
            )));
        }
        if self.summary_only {
            part.next_cursor = (!all.is_empty()).then(|| self.cursor_at(0));
            return Ok(part);
        }
        let mut used = envelope;
        for x in &all[part.offset..] {
            let item = view(x);
            // An item and the comma before it.
            let size = measure(&item) + 1;
            if used + size > self.max_bytes {
                if part.items.is_empty() {
                    return Err(ToolError::TooLarge(format!(
                        "item {} alone is {size} bytes; ask with max_bytes of at least {}",
                        part.offset,
                        used + size
                    )));
                }
                break;
            }
            used += size;
            part.items.push(item);
        }
        part.returned = part.items.len();
        let end = part.offset + part.returned;
        part.next_cursor = (end < all.len()).then(|| self.cursor_at(end));
        Ok(part)
    }

    fn cursor_at(&self, offset: usize) -> String {
        format!(
            "{}.{:016x}.{offset}",
            version_tag(&self.version),
            self.arguments
        )
    }
}

/// The bytes `value` serialises to, counted without keeping them.
pub fn measure(value: &impl Serialize) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Serialising plain data into a counter cannot fail.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

fn version_tag(version: &str) -> &str {
    version.get(..16).unwrap_or(version)
}

/// A hash of the tool and its arguments in a fixed key order, paging
/// arguments left out.
fn arguments_hash(tool: &str, arguments: &Map<String, Value>) -> u64 {
    let sorted: BTreeMap<&String, &Value> = arguments
        .iter()
        .filter(|(k, v)| !PAGING_ARGUMENTS.contains(&k.as_str()) && !v.is_null())
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(tool.as_bytes());
    hasher.update([0]);
    hasher.update(serde_json::to_vec(&sorted).unwrap_or_default());
    let digest = hasher.finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("eight bytes"))
}

fn read_cursor(cursor: &str, version: &str, arguments: u64) -> Result<usize, ToolError> {
    let mut parts = cursor.split('.');
    let (Some(tag), Some(hash), Some(offset), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ToolError::BadCursor("not a cursor this server made".into()));
    };
    let (Ok(hash), Ok(offset)) = (u64::from_str_radix(hash, 16), offset.parse::<usize>()) else {
        return Err(ToolError::BadCursor("not a cursor this server made".into()));
    };
    if tag != version_tag(version) {
        return Err(ToolError::StaleCursor {
            version: version.to_owned(),
        });
    }
    if hash != arguments {
        return Err(ToolError::BadCursor(
            "the cursor was made for other arguments; pass it back with the same ones".into(),
        ));
    }
    Ok(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap()
    }

    fn window(arguments: &Map<String, Value>, cursor: Option<String>, max: usize) -> Window {
        let paging = Paging {
            cursor,
            max_bytes: Some(max),
            ..Paging::default()
        };
        Window::open(
            "t",
            arguments,
            &paging,
            "abcdef0123456789ff",
            Budget::default(),
        )
        .unwrap()
    }

    #[test]
    fn parts_fit_the_budget_and_the_cursor_walks_them_all() {
        let a = args(json!({"node": "x"}));
        let all: Vec<String> = (0..500).map(|i| format!("item number {i}")).collect();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let w = window(&a, cursor, 2048);
            let part = w.cut(json!({}), &all, |s| s.clone()).unwrap();
            assert!(measure(&part) + text_bytes(2048) <= 2048);
            assert_eq!(part.offset, seen.len());
            seen.extend(part.items);
            match part.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, all);
    }

    #[test]
    fn cursors_are_bound_to_version_and_arguments() {
        let a = args(json!({"node": "x", "max_bytes": 2048}));
        let all: Vec<u32> = (0..1000).collect();
        let next = window(&a, None, 2048)
            .cut(json!({}), &all, |n| *n)
            .unwrap()
            .next_cursor
            .unwrap();
        // Another budget is the same question.
        assert!(window(&a, Some(next.clone()), 4096).offset > 0);
        let other = args(json!({"node": "y"}));
        let paging = Paging {
            cursor: Some(next.clone()),
            ..Paging::default()
        };
        assert!(matches!(
            Window::open(
                "t",
                &other,
                &paging,
                "abcdef0123456789ff",
                Budget::default()
            ),
            Err(ToolError::BadCursor(_))
        ));
        assert!(matches!(
            Window::open("t", &a, &paging, "0000000000000000ff", Budget::default()),
            Err(ToolError::StaleCursor { .. })
        ));
        let garbage = Paging {
            cursor: Some("nope".into()),
            ..Paging::default()
        };
        assert!(matches!(
            Window::open("t", &a, &garbage, "v", Budget::default()),
            Err(ToolError::BadCursor(_))
        ));
    }

    #[test]
    fn summary_only_has_counts_and_no_items_and_budgets_are_bounded() {
        let a = args(json!({}));
        let paging = Paging {
            summary_only: true,
            ..Paging::default()
        };
        let w = Window::open("t", &a, &paging, "v", Budget::default()).unwrap();
        let part = w.cut(json!({}), &[1, 2, 3], |n| *n).unwrap();
        assert_eq!((part.total, part.returned), (3, 0));
        for bad in [10, CEILING_BYTES + 1] {
            let paging = Paging {
                max_bytes: Some(bad),
                ..Paging::default()
            };
            assert!(Window::open("t", &a, &paging, "v", Budget::default()).is_err());
        }
    }

    #[test]
    fn an_item_larger_than_the_budget_is_an_error_not_a_larger_answer() {
        let a = args(json!({}));
        let big = vec!["x".repeat(5000)];
        let w = window(&a, None, 2048);
        assert!(matches!(
            w.cut(json!({}), &big, |s| s.clone()),
            Err(ToolError::TooLarge(_))
        ));
    }
}
