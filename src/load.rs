//! Data paths on disk to a [`Snapshot`]: every document read, parsed and
//! built into one graph, with its diagnostics and a content version.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, clip};
use crate::document::{LineDiagnostic, parse_document, text::numbered_lines};
use crate::graph::vocabulary::Vocabulary;
use crate::graph::{GraphBuilder, KnowledgeGraph, PreparedDocument};
use crate::query::resolve::Resolver;

/// A data folder's file of extra aliases: `alias, alias = node name or id`.
pub const ALIASES_FILE: &str = "aliases.txt";
/// A data folder's relation vocabulary: `active | inverse` or `active | symmetric`.
pub const RELATIONS_FILE: &str = "relations.txt";
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
    /// Betweenness centrality, computed on first use and kept with the graph.
    pub betweenness: std::sync::OnceLock<Option<Vec<f64>>>,
}

/// One document that was read.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentInfo {
    /// Path relative to its data root.
    pub path: String,
    /// `title` from the front matter.
    #[serde(skip_serializing_if = "Option::is_none")]
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
    let snapshot = build(&inputs, diagnostics);
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
/// [`RELATIONS_FILE`] (by file name). `diagnostics` are reported first.
pub fn from_sources(sources: &[Source], diagnostics: Vec<Diagnostic>) -> Snapshot {
    let inputs: Vec<Input> = sources
        .iter()
        .map(|s| Input {
            path: s.path.clone(),
            bytes: Bytes::Loaded(&s.bytes),
        })
        .collect();
    build(&inputs, diagnostics)
}

/// A document to read: in memory already, or a file read when its turn
/// comes.
struct Input<'a> {
    path: String,
    bytes: Bytes<'a>,
}

enum Bytes<'a> {
    Loaded(&'a [u8]),
    File(PathBuf),
}

impl Input<'_> {
    fn read(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match &self.bytes {
            Bytes::Loaded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Bytes::File(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }

    /// Bytes to read (0 when unknown).
    fn size(&self) -> usize {
        match &self.bytes {
            Bytes::Loaded(bytes) => bytes.len(),
            Bytes::File(path) => std::fs::metadata(path).map_or(0, |m| m.len() as usize),
        }
    }

    fn is_data_file(&self) -> bool {
        self.path == ALIASES_FILE || self.path == RELATIONS_FILE
    }
}

/// Documents parsed ahead of the one being added to the graph, at most.
const PARSE_AHEAD: usize = 4;

/// A document read, parsed and prepared for the builder.
struct Ready {
    /// Length and SHA-256 of the bytes, for the content version.
    length: usize,
    digest: [u8; 32],
    title: Option<String>,
    blocks: usize,
    diagnostics: Vec<LineDiagnostic>,
    prepared: PreparedDocument,
}

type Parsed = std::io::Result<Ready>;

fn build(inputs: &[Input], mut diagnostics: Vec<Diagnostic>) -> Snapshot {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let data_file = |name: &str| {
        inputs
            .iter()
            .find(|s| s.path == name)
            .and_then(|s| s.read().ok())
    };
    let relations_file = data_file(RELATIONS_FILE);
    let aliases_file = data_file(ALIASES_FILE);
    let skipped_at = diagnostics.len();
    let mut skipped = Vec::new();
    let vocabulary = match &relations_file {
        Some(bytes) => {
            let (vocabulary, problems) = Vocabulary::with_file(&String::from_utf8_lossy(bytes));
            diagnostics.extend(located(RELATIONS_FILE, problems));
            vocabulary
        }
        None => Vocabulary::default(),
    };
    let mut builder = GraphBuilder::with_vocabulary(vocabulary);
    builder.reserve_for(inputs.iter().map(Input::size).sum());
    let mut hasher = Sha256::new();
    // The version hashes each document's path, length and own digest (the
    // digests are computed on the parsing threads), in order.
    let mut hash = |path: &str, length: usize, digest: &[u8]| {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((length as u64).to_le_bytes());
        hasher.update(digest);
    };
    let documents_in: Vec<&Input> = inputs.iter().filter(|s| !s.is_data_file()).collect();
    let mut documents = Vec::with_capacity(documents_in.len());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(documents_in.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let preparer = builder.preparer();
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Parsed)>();
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, done, documents_in, preparer) = (&next, &done, &documents_in, &preparer);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= documents_in.len() {
                        break;
                    }
                    while i >= done.load(Ordering::Acquire) + PARSE_AHEAD {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    let parsed = documents_in[i].read().map(|bytes| {
                        let parsed = parse_document(&bytes);
                        Ready {
                            prepared: preparer.prepare(&parsed),
                            title: parsed.title,
                            blocks: parsed.mindmaps.len(),
                            diagnostics: parsed.diagnostics,
                            length: bytes.len(),
                            digest: Sha256::digest(&bytes).into(),
                        }
                    });
                    if sender.send((i, parsed)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = std::collections::BTreeMap::new();
        let mut results = receiver.iter();
        let mut doc = 0;
        for input in inputs {
            if input.is_data_file() {
                let file = if input.path == RELATIONS_FILE {
                    &relations_file
                } else {
                    &aliases_file
                };
                if let Some(bytes) = file {
                    hash(&input.path, bytes.len(), &Sha256::digest(bytes));
                }
                continue;
            }
            let parsed = loop {
                if let Some(parsed) = waiting.remove(&doc) {
                    break parsed;
                }
                let (i, parsed) = results.next().expect("every document is parsed");
                waiting.insert(i, parsed);
            };
            match parsed {
                Ok(ready) => {
                    hash(&input.path, ready.length, &ready.digest);
                    diagnostics.extend(located(&input.path, ready.diagnostics));
                    builder.add_prepared(&input.path, &ready.prepared);
                    documents.push(DocumentInfo {
                        path: input.path.clone(),
                        title: ready.title,
                        blocks: ready.blocks,
                    });
                }
                Err(e) => skipped.push(Diagnostic::document(
                    &input.path,
                    format!("document skipped: {e}"),
                )),
            }
            doc += 1;
            done.store(doc, Ordering::Release);
        }
    });
    diagnostics.splice(skipped_at..skipped_at, skipped);
    let (graph, build_diagnostics) = builder.finish();
    diagnostics.extend(build_diagnostics);
    let mut resolver = Resolver::new(&graph);
    if let Some(bytes) = &aliases_file {
        let problems = add_aliases(&graph, &mut resolver, &String::from_utf8_lossy(bytes));
        diagnostics.extend(located(ALIASES_FILE, problems));
    }
    let diagnostics = cap_per_document(diagnostics, MAX_DIAGNOSTICS_PER_DOCUMENT);
    let mut version = String::with_capacity(16);
    for byte in &hasher.finalize()[..8] {
        let _ = write!(version, "{byte:02x}");
    }
    Snapshot {
        graph,
        resolver,
        documents,
        diagnostics,
        version,
        betweenness: std::sync::OnceLock::new(),
    }
}

/// Keeps the first `max` diagnostics of each document, in order, and adds
/// one per document saying how many more there were.
fn cap_per_document(diagnostics: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(max * 4));
    let mut order = Vec::new();
    for d in diagnostics {
        let count = seen.entry(d.document.clone()).or_insert_with(|| {
            order.push(d.document.clone());
            0
        });
        *count += 1;
        if *count <= max {
            kept.push(d);
        }
    }
    for document in order {
        let count = seen[&document];
        if count > max {
            kept.push(Diagnostic::document(
                &document,
                format!(
                    "{} more diagnostics for this document not listed (only the first {max} are kept)",
                    count - max
                ),
            ));
        }
    }
    kept
}

fn located(
    path: &str,
    diagnostics: impl IntoIterator<Item = LineDiagnostic>,
) -> impl Iterator<Item = Diagnostic> {
    diagnostics
        .into_iter()
        .map(move |d| Diagnostic::at(path, d.line, d.message))
}

/// Reads an aliases file (`aks, k8s = Azure Kubernetes Service`) into the
/// resolver. A target must be a node's exact name or id.
fn add_aliases(graph: &KnowledgeGraph, resolver: &mut Resolver, text: &str) -> Vec<LineDiagnostic> {
    let mut problems = Vec::new();
    for (line, raw) in numbered_lines(text) {
        let content = raw.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        let Some((aliases, target)) = content.split_once('=') else {
            problems.push(LineDiagnostic::new(
                line,
                "expected `alias, alias = node name or id`",
            ));
            continue;
        };
        let target = target.trim();
        let Some(node) = graph.by_id(target).or_else(|| graph.by_name(target)) else {
            problems.push(LineDiagnostic::new(
                line,
                format!(
                    "alias target `{}` is not a node's name or id; line ignored",
                    clip(target)
                ),
            ));
            continue;
        };
        for alias in aliases.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            resolver.add_alias(alias, node);
        }
    }
    problems
}

/// Adds the documents under one data root: the file itself, or every `*.md`
/// below a folder in sorted order. Symbolic links are followed only while
/// they stay inside the root.
fn collect(
    root: &Path,
    sources: &mut Vec<Input<'static>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), LoadError> {
    let unreadable = |source| LoadError::Unreadable {
        path: root.to_owned(),
        source,
    };
    let metadata = match std::fs::metadata(root) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(LoadError::Missing(root.to_owned()));
        }
        Err(e) => return Err(unreadable(e)),
    };
    if metadata.is_file() {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Read now, so an unreadable file is an error, as a folder is.
        std::fs::File::open(root).map_err(unreadable)?;
        sources.push(Input {
            path: name,
            bytes: Bytes::File(root.to_owned()),
        });
        return Ok(());
    }
    let canonical_root = std::fs::canonicalize(root).map_err(unreadable)?;
    let mut files = Vec::new();
    let mut folders = vec![canonical_root.clone()];
    let mut first = true;
    while let Some(folder) = folders.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if first => return Err(unreadable(e)),
            Err(e) => {
                diagnostics.push(Diagnostic::document(
                    &relative(&canonical_root, &folder),
                    format!("folder skipped: {e}"),
                ));
                continue;
            }
        };
        first = false;
        for entry in entries.flatten() {
            // Hidden entries are not documents: editors' and tools' files,
            // and the `..data` and `..<timestamp>` folders behind the links
            // of a Kubernetes ConfigMap volume, which would load twice.
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let Ok(real) = std::fs::canonicalize(&path) else {
                continue;
            };
            if !real.starts_with(&canonical_root) {
                diagnostics.push(Diagnostic::document(
                    &relative(&canonical_root, &path),
                    "skipped: a link that leads outside the data folder",
                ));
                continue;
            }
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if real.is_dir() {
                if !is_link {
                    folders.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
            {
                files.push(path);
            }
        }
    }
    let mut named: Vec<_> = files
        .into_iter()
        .map(|p| (relative(&canonical_root, &p), p))
        .collect();
    named.sort();
    for data_file in [RELATIONS_FILE, ALIASES_FILE] {
        let path = canonical_root.join(data_file);
        if path.is_file() {
            named.insert(0, (data_file.to_owned(), path));
        }
    }
    for (name, path) in named {
        sources.push(Input {
            path: name,
            bytes: Bytes::File(path),
        });
    }
    Ok(())
}

/// `path` relative to `root`, with `/` separators.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
