//! One mermaid block to a tree of labelled nodes, with the relation each
//! child has to its parent. Iterative, so any depth of nesting is safe.
//!
//! The unit tests, one per syntax rule, are in `mindmap/tests.rs`.

use super::LineDiagnostic;
use super::label::{Label, parse_label};
use super::markdown::MermaidBlock;
use super::node_text;
use super::relation::RelationLabel;
use crate::diagnostic::clip;

/// A node of a parsed mindmap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MindmapNode {
    /// Line of the node in its document.
    pub line: usize,
    pub label: Label,
    /// Index of the parent node in the same mindmap; `None` for a root.
    pub parent: Option<usize>,
    /// How the parent relates to this node; `None` for a root and for the
    /// root's children, which are members of its category, not relations.
    pub relation: Option<RelationLabel>,
}

/// A parsed mindmap: its nodes in document order, roots first in their tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mindmap {
    pub nodes: Vec<MindmapNode>,
}

impl Mindmap {
    /// The first root's label, the block's category.
    pub fn root(&self) -> Option<&Label> {
        self.nodes.first().map(|n| &n.label)
    }
}

/// The longest relation a marker may name, in characters. A relation is a
/// short phrase; a longer marker is skipped, which also bounds the work each
/// child under it costs.
pub const MAX_RELATION_CHARS: usize = 200;

/// An open ancestor while reading lines: its indentation, its node, the
/// relation given by the last marker among its children, and the line of
/// that marker while no child has followed it yet.
struct Frame {
    level: usize,
    node: usize,
    relation: Option<RelationLabel>,
    unused_marker: Option<usize>,
}

impl Frame {
    fn new(level: usize, node: usize) -> Self {
        Frame {
            level,
            node,
            relation: None,
            unused_marker: None,
        }
    }
}

/// Closes a frame: a marker no node followed was skipped, and says so.
fn close(frame: Frame, diagnostics: &mut Vec<LineDiagnostic>) {
    if let Some(line) = frame.unused_marker {
        diagnostics.push(LineDiagnostic::new(
            line,
            "relation marker with no node after it ignored",
        ));
    }
}

/// Pops every frame at `level` or deeper (keeping at least `keep`).
fn pop_to(
    stack: &mut Vec<Frame>,
    level: usize,
    keep: usize,
    diagnostics: &mut Vec<LineDiagnostic>,
) {
    while stack.len() > keep && stack.last().is_some_and(|f| f.level >= level) {
        let frame = stack.pop().expect("checked non-empty");
        close(frame, diagnostics);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Indent {
    Spaces,
    Tabs,
}

/// Parses a block; `None` when it is not a mindmap or has nothing in it
/// (with a diagnostic saying so).
pub fn parse_block(
    block: &MermaidBlock<'_>,
    diagnostics: &mut Vec<LineDiagnostic>,
) -> Option<Mindmap> {
    let body = skip_diagram_front_matter(&block.lines, diagnostics);
    let header = body
        .iter()
        .position(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("%%"));
    match header.map(|i| body[i]) {
        None => {
            diagnostics.push(LineDiagnostic::new(
                block.fence_line,
                "empty mermaid block skipped",
            ));
            return None;
        }
        Some((_, l)) if l.trim() == "mindmap" => {}
        Some((number, l)) => {
            let kind = l.split_whitespace().next().unwrap_or_default();
            diagnostics.push(LineDiagnostic::new(
                number,
                format!(
                    "`{}` diagram skipped: only mindmap diagrams are read",
                    clip(kind)
                ),
            ));
            return None;
        }
    }
    let lines = &body[header.map_or(body.len(), |i| i + 1)..];

    let mut map = Mindmap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root_level = 0;
    let mut block_indent: Option<Indent> = None;
    let mut next = 0;
    while let Some(&(number, raw)) = lines.get(next) {
        next += 1;
        let content = raw.trim();
        if content.is_empty() || content.starts_with("%%") {
            continue;
        }
        let whitespace = &raw[..raw.len() - raw.trim_start().len()];
        let level = whitespace.chars().count();
        check_indentation(whitespace, number, &mut block_indent, diagnostics);

        if content.starts_with(":::") || content.starts_with("::icon(") {
            if map.nodes.is_empty() {
                diagnostics.push(LineDiagnostic::new(
                    number,
                    "decoration before any node ignored",
                ));
            }
            continue;
        }
        if let Some(text) = content.strip_prefix("::") {
            relation_marker(text, number, level, &mut stack, &map, diagnostics);
            continue;
        }

        let label = match node_text::spanning(content, &lines[next..]) {
            Some((text, more)) => {
                next += more;
                parse_label(&text)
            }
            None => parse_label(node_text::without_trailing_comment(content)),
        };
        if label.name.is_empty() {
            diagnostics.push(LineDiagnostic::new(
                number,
                "node with an empty name skipped",
            ));
            continue;
        }
        if map.nodes.is_empty() || level <= root_level {
            if let Some(first) = map.root() {
                diagnostics.push(LineDiagnostic::new(
                    number,
                    format!(
                        "second root `{}` in a mindmap whose root is `{}`: it starts another category",
                        clip(&label.name),
                        clip(&first.name)
                    ),
                ));
            }
            root_level = level;
            pop_to(&mut stack, 0, 0, diagnostics);
            stack.push(Frame::new(level, map.nodes.len()));
            map.nodes.push(MindmapNode {
                line: number,
                label,
                parent: None,
                relation: None,
            });
            continue;
        }
        pop_to(&mut stack, level, 1, diagnostics);
        let under_root = stack.len() == 1;
        let parent = stack
            .last_mut()
            .expect("the root frame stays below any deeper line");
        parent.unused_marker = None;
        let relation = if under_root {
            None
        } else {
            Some(
                parent
                    .relation
                    .clone()
                    .unwrap_or_else(RelationLabel::default_relation),
            )
        };
        let parent = parent.node;
        stack.push(Frame::new(level, map.nodes.len()));
        map.nodes.push(MindmapNode {
            line: number,
            label,
            parent: Some(parent),
            relation,
        });
    }
    pop_to(&mut stack, 0, 0, diagnostics);
    if map.nodes.is_empty() {
        diagnostics.push(LineDiagnostic::new(
            block.fence_line,
            "mindmap with no nodes skipped",
        ));
        return None;
    }
    Some(map)
}

/// A `:: relation` line: sets the relation for the following siblings.
fn relation_marker(
    text: &str,
    number: usize,
    level: usize,
    stack: &mut Vec<Frame>,
    map: &Mindmap,
    diagnostics: &mut Vec<LineDiagnostic>,
) {
    pop_to(stack, level, 1, diagnostics);
    let under_root = stack.len() == 1;
    let Some(parent) = stack.last_mut().filter(|f| f.level < level) else {
        diagnostics.push(LineDiagnostic::new(
            number,
            "relation marker outside any node ignored",
        ));
        return;
    };
    if under_root {
        let root = &map.nodes[parent.node].label.name;
        diagnostics.push(LineDiagnostic::new(
            number,
            format!(
                "relation marker directly under the root `{}` ignored: the root's children are its services",
                clip(root)
            ),
        ));
        return;
    }
    if text.trim().chars().nth(MAX_RELATION_CHARS).is_some() {
        diagnostics.push(LineDiagnostic::new(
            number,
            format!("relation marker longer than {MAX_RELATION_CHARS} characters ignored"),
        ));
        return;
    }
    match RelationLabel::parse(text) {
        Some(relation) => {
            if let Some(line) = parent.unused_marker.replace(number) {
                diagnostics.push(LineDiagnostic::new(
                    line,
                    "relation marker with no node after it ignored",
                ));
            }
            parent.relation = Some(relation);
        }
        None => diagnostics.push(LineDiagnostic::new(number, "empty relation marker ignored")),
    }
}

/// Mermaid allows a diagram to start with its own `---` front matter: the
/// lines after it. Front matter that never ends is reported and the block
/// is read as if it had none.
fn skip_diagram_front_matter<'b, 'a>(
    lines: &'b [(usize, &'a str)],
    diagnostics: &mut Vec<LineDiagnostic>,
) -> &'b [(usize, &'a str)] {
    let start = lines
        .iter()
        .position(|(_, l)| !l.trim().is_empty())
        .unwrap_or(lines.len());
    let Some((open_line, "---")) = lines.get(start).map(|(n, l)| (*n, l.trim())) else {
        return lines;
    };
    match lines[start + 1..]
        .iter()
        .position(|(_, l)| l.trim() == "---")
    {
        Some(end) => &lines[start + 1 + end + 1..],
        None => {
            diagnostics.push(LineDiagnostic::new(
                open_line,
                "diagram front matter starting here never ends; the block is read as if it had none",
            ));
            &lines[start + 1..]
        }
    }
}

fn check_indentation(
    whitespace: &str,
    number: usize,
    block_indent: &mut Option<Indent>,
    diagnostics: &mut Vec<LineDiagnostic>,
) {
    let tabs = whitespace.contains('\t');
    let spaces = whitespace.contains(|c: char| c != '\t');
    if tabs && spaces {
        diagnostics.push(LineDiagnostic::new(
            number,
            "indentation mixes tabs and spaces; each counts as one level step",
        ));
        return;
    }
    let this = match (tabs, spaces) {
        (true, _) => Indent::Tabs,
        (_, true) => Indent::Spaces,
        _ => return,
    };
    match block_indent {
        None => *block_indent = Some(this),
        Some(seen) if *seen != this => {
            diagnostics.push(LineDiagnostic::new(
                number,
                "indentation switches between tabs and spaces in one mindmap; each counts as one level step",
            ));
            *block_indent = Some(this);
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests;
