//! Bytes to lines: decoding and line splitting that accept anything.

use std::borrow::Cow;

/// Decodes a document's bytes: a UTF-8 byte-order mark is dropped and
/// invalid UTF-8 is replaced (U+FFFD). Returns the text and, when bytes were
/// replaced, the 1-based line of the first invalid byte.
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Option<usize>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), None),
        Err(err) => {
            let before = &bytes[..err.valid_up_to()];
            let line = 1 + count_line_breaks(before);
            (String::from_utf8_lossy(bytes), Some(line))
        }
    }
}

fn count_line_breaks(bytes: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => count += 1,
            b'\r' => {
                count += 1;
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    count
}

/// Replaces control characters other than tab and line ends with spaces, so
/// that names never carry them into logs, terminals or XML exports. Returns
/// the text and the 1-based lines where something was replaced (each once).
pub fn replace_controls(text: Cow<'_, str>) -> (Cow<'_, str>, Vec<usize>) {
    let is_hostile = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.contains(is_hostile) {
        return (text, Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = Vec::new();
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    out.push(c);
                    chars.next();
                    out.push('\n');
                    line += 1;
                    continue;
                }
                line += 1;
            }
            c if is_hostile(c) => {
                if lines.last() != Some(&line) {
                    lines.push(line);
                }
                out.push(' ');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    (Cow::Owned(out), lines)
}

/// Splits text into `(line number, line)` pairs, 1-based, accepting `\n`,
/// `\r\n` and a lone `\r` as line ends.
pub fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    Lines {
        rest: text,
        done: text.is_empty(),
    }
    .enumerate()
    .map(|(i, line)| (i + 1, line))
}

struct Lines<'a> {
    rest: &'a str,
    done: bool,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        match self.rest.find(['\n', '\r']) {
            Some(end) => {
                let line = &self.rest[..end];
                let skip = if self.rest[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                self.rest = &self.rest[end + skip..];
                if self.rest.is_empty() {
                    self.done = true;
                }
                Some(line)
            }
            None => {
                self.done = true;
                Some(self.rest)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, &str)> {
        numbered_lines(text).collect()
    }

    #[test]
    fn splits_on_every_line_ending() {
        assert_eq!(
            lines("a\nb\r\nc\rd"),
            [(1, "a"), (2, "b"), (3, "c"), (4, "d")]
        );
        assert_eq!(lines("a\n"), [(1, "a")]);
        assert_eq!(lines("\n\n"), [(1, ""), (2, "")]);
        assert!(lines("").is_empty());
    }

    #[test]
    fn replaces_control_characters_and_reports_their_lines() {
        let (text, lines) = replace_controls(Cow::Borrowed("a\x00b\r\nc\td\re\x1b[31m\x7f\n"));
        assert_eq!(text, "a b\r\nc\td\re [31m \n");
        assert_eq!(lines, [1, 3]);
        let (text, lines) = replace_controls(Cow::Borrowed("plain\ttext\n"));
        assert!(matches!(text, Cow::Borrowed(_)));
        assert!(lines.is_empty());
    }

    #[test]
    fn drops_the_byte_order_mark() {
        let (text, bad) = decode(b"\xEF\xBB\xBFmindmap");
        assert_eq!(text, "mindmap");
        assert_eq!(bad, None);
    }

    #[test]
    fn replaces_invalid_utf8_and_reports_its_line() {
        let (text, bad) = decode(b"one\r\ntwo\n\xFFthree");
        assert_eq!(text, "one\r\ntwo\n\u{FFFD}three");
        assert_eq!(bad, Some(3));
    }
}
