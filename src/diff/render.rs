//! A [`Diff`] for people: grouped text for a terminal (coloured when asked:
//! additions green, removals red) and Markdown for a pull-request comment.

use std::fmt::Write as _;

use super::{At, Diff};

fn place(at: Option<&At>) -> String {
    match at {
        Some(At {
            document,
            line: Some(line),
        }) => format!("{document}:{line}"),
        Some(At {
            document,
            line: None,
        }) => document.clone(),
        None => "-".to_owned(),
    }
}

/// One group: a title and its lines, each `+`, `-` or `~`.
struct Group {
    title: &'static str,
    lines: Vec<(char, String)>,
}

fn groups(d: &Diff) -> Vec<Group> {
    let mut out = Vec::new();
    let mut push = |title, lines: Vec<(char, String)>| {
        if !lines.is_empty() {
            out.push(Group { title, lines });
        }
    };
    let nodes = d
        .nodes_added
        .iter()
        .map(|n| {
            (
                '+',
                format!(
                    "{} `{}` ({})",
                    n.kind.as_str(),
                    n.name,
                    place(n.at.as_ref())
                ),
            )
        })
        .chain(d.nodes_removed.iter().map(|n| {
            (
                '-',
                format!(
                    "{} `{}` ({})",
                    n.kind.as_str(),
                    n.name,
                    place(n.at.as_ref())
                ),
            )
        }))
        .collect();
    push("Nodes", nodes);
    let renamed = d
        .renamed
        .iter()
        .map(|r| {
            let how = match r.by {
                super::RenameBy::SameId => format!("same id `{}`", r.after.id),
                super::RenameBy::SameName => {
                    format!("id `{}` -> `{}`", r.before.id, r.after.id)
                }
            };
            (
                '~',
                format!(
                    "`{}` -> `{}`, {how} ({})",
                    r.before.name,
                    r.after.name,
                    place(r.after.at.as_ref())
                ),
            )
        })
        .collect();
    push("Renamed", renamed);
    let moved = d
        .moved
        .iter()
        .map(|m| {
            let list = |l: &[String]| {
                if l.is_empty() {
                    "none".to_owned()
                } else {
                    l.join(", ")
                }
            };
            (
                '~',
                format!(
                    "`{}`: {} -> {} ({})",
                    m.node.name,
                    list(&m.from),
                    list(&m.to),
                    place(m.node.at.as_ref())
                ),
            )
        })
        .collect();
    push("Moved between categories", moved);
    let edge = |e: &super::EdgeSide| {
        format!(
            "`{}` -[{}]-> `{}` ({})",
            e.source,
            e.relation,
            e.target,
            place(Some(&e.at))
        )
    };
    let edges = d
        .edges_added
        .iter()
        .map(|e| ('+', edge(e)))
        .chain(d.edges_removed.iter().map(|e| ('-', edge(e))))
        .collect();
    push("Relations", edges);
    let alias = |a: &super::AliasChange| format!("`{}` for `{}`", a.alias, a.node);
    let aliases = d
        .aliases_added
        .iter()
        .map(|a| ('+', alias(a)))
        .chain(d.aliases_removed.iter().map(|a| ('-', alias(a))))
        .collect();
    push("Aliases", aliases);
    let words = d
        .vocabulary_added
        .iter()
        .map(|w| ('+', format!("`{w}`")))
        .chain(d.vocabulary_removed.iter().map(|w| ('-', format!("`{w}`"))))
        .collect();
    push("Vocabulary", words);
    let diag = |x: &super::DiagnosticSide| format!("{}: {}", place(Some(&x.at)), x.message);
    let diagnostics = d
        .diagnostics_new
        .iter()
        .map(|x| ('+', diag(x)))
        .chain(d.diagnostics_resolved.iter().map(|x| ('-', diag(x))))
        .collect();
    push("Diagnostics (+ new, - resolved)", diagnostics);
    out
}

/// One line of counts.
pub fn summary_line(d: &Diff) -> String {
    let s = d.summary();
    format!(
        "{} nodes added, {} removed, {} renamed, {} moved; {} relations added, {} removed; {} alias and {} vocabulary changes; {} new diagnostics, {} resolved",
        s.nodes_added,
        s.nodes_removed,
        s.renamed,
        s.moved,
        s.edges_added,
        s.edges_removed,
        s.aliases_changed,
        s.vocabulary_changed,
        s.diagnostics_new,
        s.diagnostics_resolved
    )
}

/// Grouped text; with `colour`, ANSI green for `+` lines and red for `-`.
pub fn text(d: &Diff, colour: bool) -> String {
    let mut out = format!("{} -> {}: {}\n", d.from, d.to, summary_line(d));
    for group in groups(d) {
        let _ = writeln!(out, "\n{}", group.title);
        for (sign, line) in group.lines {
            let paint = match (colour, sign) {
                (true, '+') => "\x1b[32m",
                (true, '-') => "\x1b[31m",
                (true, _) => "\x1b[33m",
                _ => "",
            };
            let reset = if colour { "\x1b[0m" } else { "" };
            let _ = writeln!(out, "  {paint}{sign} {}{reset}", line.replace('`', ""));
        }
    }
    out
}

/// Markdown for a pull-request comment: a heading, the counts, and one
/// `diff` block per group, so `+` and `-` lines show green and red.
pub fn markdown(d: &Diff) -> String {
    let mut out = format!(
        "### servicemap: what this change does to the graph\n\n`{}` -> `{}`: {}\n",
        d.from,
        d.to,
        summary_line(d)
    );
    for group in groups(d) {
        let _ = writeln!(out, "\n**{}**\n\n```diff", group.title);
        for (sign, line) in group.lines {
            let sign = if sign == '~' { '!' } else { sign };
            let _ = writeln!(out, "{sign} {}", line.replace('`', ""));
        }
        out.push_str("```\n");
    }
    out
}
