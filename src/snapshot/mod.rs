//! A [`Snapshot`]: the graph, its name index, diagnostics and content
//! version, everything a request is answered from, loaded from data paths
//! on disk or from files in memory.
//!
//! - [`files`]: data roots to the files to read;
//! - [`build`]: files to a snapshot, parsed on worker threads in order;
//! - [`line_files`]: the relation vocabulary and the aliases file;
//! - [`git`]: a data path as it was at a git revision, read with gix.

mod build;
mod files;
pub mod git;
mod line_files;

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::document::suppress::Suppression;
use crate::graph::KnowledgeGraph;
use crate::matcher::Resolver;
use files::{Bytes, Input, collect};

/// A data folder's file of extra aliases: `alias, alias = node name or id`.
pub const ALIASES_FILE: &str = "aliases.txt";
/// A data folder's relation vocabulary: `active | inverse` or `active | symmetric`.
pub const RELATIONS_FILE: &str = "relations.txt";
/// A data folder's configuration of the checks (`servicemap check`):
/// `rule = off|note|warning|error` per line. Kept as text; the checks read it.
pub const LINT_FILE: &str = "lint.txt";
/// The most diagnostics kept per document; past it one more says how many
/// were left out, so a hostile document cannot flood memory or the log.
pub const MAX_DIAGNOSTICS_PER_DOCUMENT: usize = 1000;

/// A loaded graph and everything known about how it was loaded. Immutable:
/// a reload builds a new snapshot and swaps it in whole.
#[derive(Debug)]
pub struct Snapshot {
    pub graph: KnowledgeGraph,
    pub resolver: Resolver,
    pub documents: Vec<DocumentInfo>,
    pub diagnostics: Vec<Diagnostic>,
    /// Hash of every document's path and bytes: changes exactly when the
    /// content does.
    pub version: String,
    /// Every `%% lint-ignore` comment, with its document.
    pub suppressions: Vec<(String, Suppression)>,
    /// The text of the data folder's [`LINT_FILE`], if it has one.
    pub lint_file: Option<String>,
    /// Betweenness centrality, computed on first use and kept with the graph.
    pub betweenness: std::sync::OnceLock<Option<Vec<f64>>>,
    /// The relation wordings questions are read with, worked out on first use.
    pub wordings: std::sync::OnceLock<crate::nlq::Wordings>,
    /// Compiled plans of the queries questions read as, by query text: a
    /// plan depends only on its text and this snapshot's graph.
    pub plans: crate::cypher::PlanCache,
}

/// One document that was read.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    /// Path relative to its data root.
    pub path: String,
    /// `title` from the front matter.
    pub title: Option<String>,
    /// Mindmap blocks read from it.
    pub blocks: usize,
}

/// A document's path (relative to its data root) and bytes.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Source {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Why nothing could be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("data path {} does not exist", .0.display())]
    Missing(PathBuf),
    #[error("cannot read data path {}: {source}", .path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no mindmap could be loaded from {paths}")]
    Empty {
        paths: String,
        diagnostics: Vec<Diagnostic>,
    },
}

/// Reads every document under `paths` and builds a snapshot. Documents are
/// read and parsed on worker threads while the graph is built from those
/// already parsed, in order; only a few documents are in memory at a time.
pub fn load(paths: &[PathBuf]) -> Result<Snapshot, LoadError> {
    let mut diagnostics = Vec::new();
    let mut inputs = Vec::new();
    for root in paths {
        collect(root, &mut inputs, &mut diagnostics)?;
    }
    let snapshot = build::build(&inputs, diagnostics);
    if snapshot.graph.is_empty() {
        let paths = paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(LoadError::Empty {
            paths,
            diagnostics: snapshot.diagnostics,
        });
    }
    Ok(snapshot)
}

/// [`load`] on a thread of its own at the lowest scheduling priority: for
/// reloads while serving, so that readers keep the processors and the
/// reload takes what is left (threads it starts inherit the priority).
/// Where the priority cannot be lowered, it loads as [`load`] does.
pub fn load_in_background(paths: &[PathBuf]) -> Result<Snapshot, LoadError> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                lower_this_threads_priority();
                load(paths)
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Linux gives each thread its own nice value: `setpriority` on this
/// thread's id. Best effort.
#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

/// Builds a snapshot from files already in memory, in the given order:
/// Markdown documents, and at most one [`ALIASES_FILE`] and one
/// [`RELATIONS_FILE`] and one [`LINT_FILE`] (by file name). `diagnostics` are reported first.
///
/// ```
/// use servicemap::snapshot::{Source, from_sources};
///
/// let map = "```mermaid\nmindmap\n  Storage\n    Blob Storage\n```";
/// let s = from_sources(&[Source::new("map.md", map)], vec![]);
/// assert_eq!(s.graph.node_count(), 2);
/// assert_eq!(s.version.len(), 16);
/// ```
pub fn from_sources(sources: &[Source], diagnostics: Vec<Diagnostic>) -> Snapshot {
    let inputs: Vec<Input> = sources
        .iter()
        .map(|s| Input {
            path: s.path.clone(),
            bytes: Bytes::Loaded(&s.bytes),
        })
        .collect();
    build::build(&inputs, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_changes_exactly_when_the_content_does() {
        let a = from_sources(
            &[Source::new("a.md", "```mermaid\nmindmap\n R\n```")],
            vec![],
        );
        let same = from_sources(
            &[Source::new("a.md", "```mermaid\nmindmap\n R\n```")],
            vec![],
        );
        let other = from_sources(
            &[Source::new("a.md", "```mermaid\nmindmap\n S\n```")],
            vec![],
        );
        let renamed = from_sources(
            &[Source::new("b.md", "```mermaid\nmindmap\n R\n```")],
            vec![],
        );
        assert_eq!(a.version, same.version);
        assert_ne!(a.version, other.version);
        assert_ne!(a.version, renamed.version);
        assert_eq!(a.version.len(), 16);
    }

    #[test]
    fn aliases_and_relations_files_extend_the_defaults() {
        let doc = Source::new(
            "m.md",
            "```mermaid\nmindmap\n R\n  Azure Kubernetes Service\n   :: fed by\n   Feeder\n```",
        );
        let aliases = Source::new(
            ALIASES_FILE,
            "# comment\nk8s, kube = Azure Kubernetes Service\nbad line\nx = Nothing Here\n",
        );
        let relations = Source::new(RELATIONS_FILE, "feeds | fed by\n");
        let s = from_sources(&[relations, aliases, doc], vec![]);
        let aks = s.graph.by_name("Azure Kubernetes Service").unwrap();
        assert_eq!(s.graph.node(aks).aliases, ["k8s", "kube"]);
        assert_eq!(s.resolver.resolve(&s.graph, "K8S", |_| true), Ok(aks));
        assert_eq!(s.resolver.resolve(&s.graph, "kube", |_| true), Ok(aks));
        let lines: Vec<_> = s
            .diagnostics
            .iter()
            .map(|d| (d.document.as_str(), d.line))
            .collect();
        assert_eq!(lines, [(ALIASES_FILE, Some(3)), (ALIASES_FILE, Some(4))]);
        let feeds = s.graph.relation_by_label("feeds").unwrap();
        let edge = s.graph.edge(s.graph.edges_with_relation(feeds)[0]);
        assert_eq!(s.graph.node(edge.source).name, "Feeder");
        assert_eq!(s.documents.len(), 1);
    }

    #[test]
    fn the_bundled_aliases_all_resolve() {
        let s = load(&[PathBuf::from("data")]).unwrap();
        assert!(
            s.diagnostics
                .iter()
                .all(|d| d.document == "azure-services-map.md"),
            "{:?}",
            s.diagnostics
        );
        for (alias, name) in [
            ("vnet", "Virtual Network"),
            ("synw", "Azure Synapse Analytics"),
            ("dbw", "Azure Databricks"),
            ("mlw", "Azure Machine Learning"),
            ("sqldb", "Azure SQL Database"),
            ("afw", "Azure Firewall"),
            ("agw", "Application Gateway"),
        ] {
            let node = s.resolver.resolve(&s.graph, alias, |_| true).unwrap();
            assert_eq!(s.graph.node(node).name, name, "{alias}");
        }
    }

    #[test]
    fn loading_in_the_background_gives_the_same_snapshot() {
        let a = load(&[PathBuf::from("data")]).unwrap();
        let b = load_in_background(&[PathBuf::from("data")]).unwrap();
        assert_eq!(a.version, b.version);
        assert_eq!(a.graph.edge_count(), b.graph.edge_count());
        assert!(matches!(
            load_in_background(&[PathBuf::from("no/such/place")]),
            Err(LoadError::Missing(_))
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn background_loads_run_at_the_lowest_priority() {
        let nice = std::thread::spawn(|| {
            lower_this_threads_priority();
            rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap()
        })
        .join()
        .unwrap();
        assert_eq!(nice, 19);
        // Only that thread: this one keeps its priority.
        let own = rustix::process::getpriority_process(Some(rustix::thread::gettid())).unwrap();
        assert!(own < 19, "{own}");
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let err = load(&[PathBuf::from("no/such/place")]).unwrap_err();
        assert!(matches!(err, LoadError::Missing(_)), "{err}");
    }

    #[test]
    fn folders_are_read_in_sorted_order_and_only_markdown() {
        let dir = tempdir("sorted");
        std::fs::create_dir_all(dir.join("z/inner")).unwrap();
        std::fs::write(dir.join("z/inner/b.md"), "```mermaid\nmindmap\n B\n```").unwrap();
        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n```").unwrap();
        std::fs::write(dir.join("notes.txt"), "```mermaid\nmindmap\n C\n```").unwrap();
        let snapshot = load(std::slice::from_ref(&dir)).unwrap();
        let paths: Vec<_> = snapshot.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "z/inner/b.md"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn nothing_usable_is_an_error_with_the_reasons() {
        let dir = tempdir("empty");
        std::fs::write(dir.join("a.md"), "no diagrams here\n```mermaid\n```").unwrap();
        match load(std::slice::from_ref(&dir)) {
            Err(LoadError::Empty { diagnostics, .. }) => assert_eq!(diagnostics.len(), 1),
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn links_out_of_the_data_folder_are_not_followed() {
        let dir = tempdir("links");
        let outside = tempdir("links-outside");
        std::fs::write(
            outside.join("secret.md"),
            "```mermaid\nmindmap\n Secret\n```",
        )
        .unwrap();
        std::fs::write(dir.join("a.md"), "```mermaid\nmindmap\n A\n```").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.md"), dir.join("secret.md")).unwrap();
        let snapshot = load(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(snapshot.documents.len(), 1);
        assert!(
            snapshot
                .diagnostics
                .iter()
                .any(|d| d.message.contains("outside"))
        );
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(outside).unwrap();
    }

    #[test]
    fn hidden_entries_are_skipped_so_a_configmap_volume_loads_once() {
        // The layout of a mounted ConfigMap: the files live in a hidden,
        // timestamped folder; `..data` links to it; each key links through it.
        let dir = tempdir("configmap");
        let stamped = dir.join("..2026_01_01_00_00_00.000000001");
        std::fs::create_dir_all(&stamped).unwrap();
        std::fs::write(stamped.join("a.md"), "```mermaid\nmindmap\n A\n```").unwrap();
        std::os::unix::fs::symlink("..2026_01_01_00_00_00.000000001", dir.join("..data")).unwrap();
        std::os::unix::fs::symlink("..data/a.md", dir.join("a.md")).unwrap();
        std::fs::write(dir.join(".draft.md"), "```mermaid\nmindmap\n Draft\n```").unwrap();
        let snapshot = load(std::slice::from_ref(&dir)).unwrap();
        let paths: Vec<_> = snapshot.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.md"]);
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("servicemap-load-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
