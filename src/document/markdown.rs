//! The Markdown around the diagrams: front matter, headings and fenced
//! ```` ```mermaid ```` blocks. Only as much CommonMark as finding fences needs.

use super::LineDiagnostic;

/// One fenced mermaid block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MermaidBlock<'a> {
    /// Line of the opening fence.
    pub fence_line: usize,
    /// The nearest heading above the block, if no other block came between.
    pub heading: Option<&'a str>,
    /// The lines between the fences, with their line numbers.
    pub lines: Vec<(usize, &'a str)>,
}

/// What a document holds once the Markdown is read.
#[derive(Debug, Default)]
pub struct Markdown<'a> {
    /// `title` from the YAML front matter.
    pub title: Option<String>,
    pub blocks: Vec<MermaidBlock<'a>>,
}

struct Fence {
    marker: char,
    len: usize,
}

/// An opening or closing fence: up to three spaces, then three or more
/// backticks or tildes. Returns the fence and its info string.
fn fence(line: &str) -> Option<(Fence, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(marker).len();
    (len >= 3).then(|| (Fence { marker, len }, rest[len..].trim()))
}

fn closes(open: &Fence, line: &str) -> bool {
    fence(line)
        .is_some_and(|(f, info)| f.marker == open.marker && f.len >= open.len && info.is_empty())
}

fn heading(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    let text = &trimmed[hashes..];
    let valid = (1..=6).contains(&hashes) && (text.is_empty() || text.starts_with([' ', '\t']));
    valid.then(|| text.trim().trim_end_matches('#').trim())
}

/// Skips YAML front matter, returning the lines after it and its title.
fn front_matter<'a>(
    lines: &'a [(usize, &'a str)],
    diagnostics: &mut Vec<LineDiagnostic>,
) -> (&'a [(usize, &'a str)], Option<String>) {
    if lines.first().map(|(_, l)| l.trim_end()) != Some("---") {
        return (lines, None);
    }
    let Some(end) = lines[1..]
        .iter()
        .position(|(_, l)| matches!(l.trim_end(), "---" | "..."))
    else {
        diagnostics.push(LineDiagnostic::new(
            1,
            "front matter starting here never ends; the document is read as if it had none",
        ));
        return (lines, None);
    };
    let title = lines[1..=end].iter().find_map(|(_, l)| {
        let value = l.strip_prefix("title:")?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_owned())
    });
    (&lines[end + 2..], title)
}

/// Finds the front matter's title and every mermaid block.
pub fn scan<'a>(
    lines: &'a [(usize, &'a str)],
    diagnostics: &mut Vec<LineDiagnostic>,
) -> Markdown<'a> {
    let (body, title) = front_matter(lines, diagnostics);
    let mut blocks = Vec::new();
    let mut last_heading = None;
    let mut i = 0;
    while i < body.len() {
        let (number, line) = body[i];
        i += 1;
        if let Some(text) = heading(line) {
            last_heading = Some(text);
            continue;
        }
        let Some((open, info)) = fence(line) else {
            continue;
        };
        if open.marker == '`' && info.contains('`') {
            continue; // not a fence: an inline code span
        }
        let start = i;
        while i < body.len() && !closes(&open, body[i].1) {
            i += 1;
        }
        let content = &body[start..i];
        if i == body.len() {
            diagnostics.push(LineDiagnostic::new(
                number,
                "code fence is never closed; it runs to the end of the document",
            ));
        }
        i += 1; // the closing fence
        let is_mermaid = info
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("mermaid"));
        if is_mermaid {
            blocks.push(MermaidBlock {
                fence_line: number,
                heading: last_heading.take(),
                lines: content.to_vec(),
            });
        }
    }
    Markdown { title, blocks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines::numbered_lines;

    type Scanned = (
        Vec<(usize, Option<String>, Vec<String>)>,
        Option<String>,
        Vec<LineDiagnostic>,
    );

    fn scan_text(text: &str) -> Scanned {
        let lines: Vec<_> = numbered_lines(text).collect();
        let mut diags = Vec::new();
        let md = scan(&lines, &mut diags);
        let blocks = md
            .blocks
            .iter()
            .map(|b| {
                (
                    b.fence_line,
                    b.heading.map(str::to_owned),
                    b.lines.iter().map(|(_, l)| l.to_string()).collect(),
                )
            })
            .collect();
        (blocks, md.title, diags)
    }

    #[test]
    fn finds_mermaid_blocks_with_their_headings() {
        let (blocks, _, diags) = scan_text(
            "# Title\n\n### Compute\n```mermaid\nmindmap\n  root\n```\n```python\nx\n```\n",
        );
        assert_eq!(
            blocks,
            [(
                4,
                Some("Compute".into()),
                vec!["mindmap".into(), "  root".into()]
            )]
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn skips_front_matter_and_keeps_its_title() {
        let (blocks, title, _) =
            scan_text("---\ntitle: Azure Map\ntags:\n- a\n---\n```mermaid\nmindmap\n```");
        assert_eq!(title.as_deref(), Some("Azure Map"));
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn front_matter_that_never_ends_is_reported() {
        let (blocks, title, diags) = scan_text("---\ntitle: x\n```mermaid\nmindmap\n```");
        assert_eq!(title, None);
        assert_eq!(blocks.len(), 1, "the document still loads");
        assert_eq!(diags[0].line, 1);
    }

    #[test]
    fn a_fence_inside_another_fence_is_content() {
        let (blocks, _, _) = scan_text("````markdown\n```mermaid\nmindmap\n```\n````\n");
        assert!(blocks.is_empty());
    }

    #[test]
    fn tilde_fences_and_longer_closers_work() {
        let (blocks, _, _) = scan_text("~~~mermaid\nmindmap\n~~~~\n");
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn unterminated_fence_runs_to_the_end_with_a_diagnostic() {
        let (blocks, _, diags) = scan_text("text\n```mermaid\nmindmap\n  a\n");
        assert_eq!(blocks[0].2, ["mindmap", "  a"]);
        assert_eq!(diags[0].line, 2);
    }

    #[test]
    fn a_heading_belongs_to_one_block_only() {
        let (blocks, _, _) = scan_text("## A\n```mermaid\n```\n```mermaid\n```\n");
        assert_eq!(blocks[0].1.as_deref(), Some("A"));
        assert_eq!(blocks[1].1, None);
    }
}
