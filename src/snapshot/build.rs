//! Files read to a snapshot: documents are read and parsed on worker
//! threads while the graph is built from those already parsed, in order,
//! and the content version is hashed along the way.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Mutex, PoisonError};

use sha2::{Digest, Sha256};

use super::files::Input;
use super::line_files::add_aliases;
use super::{
    ALIASES_FILE, DocumentInfo, LINT_FILE, MAX_DIAGNOSTICS_PER_DOCUMENT, RELATIONS_FILE, Snapshot,
};
use crate::diagnostic::{Diagnostic, cap_per_document};
use crate::document::suppress::Suppression;
use crate::document::{LineDiagnostic, parse_document};
use crate::graph::vocabulary::Vocabulary;
use crate::graph::{GraphBuilder, PreparedDocument, Preparer};
use crate::matcher::Resolver;

/// Documents handed to the parsing threads ahead of the one being added to
/// the graph, at most: only a few documents are in memory at a time.
const PARSE_AHEAD: usize = 4;

/// A document read, parsed and prepared for the builder.
struct Ready {
    /// Length and SHA-256 of the bytes, for the content version.
    length: usize,
    digest: [u8; 32],
    title: Option<String>,
    blocks: usize,
    diagnostics: Vec<LineDiagnostic>,
    suppressions: Vec<Suppression>,
    prepared: PreparedDocument,
}

type Parsed = std::io::Result<Ready>;

/// Reads, parses and builds every input, in order; `diagnostics` come first.
pub(super) fn build(inputs: &[Input], mut diagnostics: Vec<Diagnostic>) -> Snapshot {
    let line_file = |name: &str| {
        inputs
            .iter()
            .find(|s| s.path == name)
            .and_then(|s| s.read().ok())
    };
    let relations_file = line_file(RELATIONS_FILE);
    let aliases_file = line_file(ALIASES_FILE);
    let lint_file = line_file(LINT_FILE);
    // Skipped documents are reported after the caller's diagnostics.
    let skipped_at = diagnostics.len();
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
    let mut version = Version::default();
    // Line files are hashed where they stand among the documents.
    let hash_line_file = |version: &mut Version, input: &Input| {
        let file = match input.path.as_str() {
            RELATIONS_FILE => &relations_file,
            LINT_FILE => &lint_file,
            _ => &aliases_file,
        };
        if let Some(bytes) = file {
            version.add(&input.path, bytes.len(), &Sha256::digest(bytes).into());
        }
    };
    let documents_in: Vec<&Input> = inputs.iter().filter(|s| !s.is_line_file()).collect();
    let mut documents = Vec::with_capacity(documents_in.len());
    let mut skipped = Vec::new();
    let mut suppressions = Vec::new();
    let mut rest = inputs.iter();
    let preparer = builder.preparer();
    parse_in_order(&documents_in, &preparer, |parsed| {
        let Some(input) = rest.by_ref().find(|input| {
            let line_file = input.is_line_file();
            if line_file {
                hash_line_file(&mut version, input);
            }
            !line_file
        }) else {
            return;
        };
        match parsed {
            Ok(ready) => {
                version.add(&input.path, ready.length, &ready.digest);
                diagnostics.extend(located(&input.path, ready.diagnostics));
                suppressions
                    .extend((ready.suppressions.into_iter()).map(|s| (input.path.clone(), s)));
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
    });
    for input in rest {
        hash_line_file(&mut version, input);
    }
    diagnostics.splice(skipped_at..skipped_at, skipped);
    let (mut graph, build_diagnostics) = builder.finish();
    diagnostics.extend(build_diagnostics);
    if let Some(bytes) = &aliases_file {
        let problems = add_aliases(&mut graph, &String::from_utf8_lossy(bytes));
        diagnostics.extend(located(ALIASES_FILE, problems));
    }
    let resolver = Resolver::new(&graph);
    Snapshot {
        graph,
        resolver,
        documents,
        diagnostics: cap_per_document(diagnostics, MAX_DIAGNOSTICS_PER_DOCUMENT),
        version: version.finish(),
        suppressions,
        lint_file: lint_file.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        betweenness: std::sync::OnceLock::new(),
        wordings: std::sync::OnceLock::new(),
        plans: crate::cypher::PlanCache::default(),
    }
}

/// Reads and parses `documents` on worker threads and hands each result to
/// `each` in order. The threads take document numbers from a bounded
/// queue that is refilled as results are used, so at most [`PARSE_AHEAD`]
/// documents are read ahead of the builder.
fn parse_in_order(documents: &[&Input], preparer: &Preparer, mut each: impl FnMut(Parsed)) {
    let count = documents.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count)
        .max(1);
    let (queue, work) = sync_channel::<usize>(PARSE_AHEAD);
    let work = Mutex::new(work);
    let (sender, results) = channel::<(usize, Parsed)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (sender, work) = (sender.clone(), &work);
            scope.spawn(move || {
                loop {
                    let next = work.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok(i) = next else { break };
                    if sender.send((i, parse(documents[i], preparer))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut queued = 0;
        let offer = |queued: &mut usize| {
            if *queued < count && queue.send(*queued).is_ok() {
                *queued += 1;
            }
        };
        for _ in 0..PARSE_AHEAD {
            offer(&mut queued);
        }
        let mut waiting = BTreeMap::new();
        for doc in 0..count {
            let parsed = loop {
                if let Some(parsed) = waiting.remove(&doc) {
                    break parsed;
                }
                let (i, parsed) = results.recv().expect("every document is parsed");
                waiting.insert(i, parsed);
            };
            offer(&mut queued);
            each(parsed);
        }
        drop(queue);
    });
}

fn parse(input: &Input, preparer: &Preparer) -> Parsed {
    input.read().map(|bytes| {
        let parsed = parse_document(&bytes);
        Ready {
            prepared: preparer.prepare(&parsed),
            title: parsed.title,
            blocks: parsed.mindmaps.len(),
            diagnostics: parsed.diagnostics,
            suppressions: parsed.suppressions,
            length: bytes.len(),
            digest: Sha256::digest(&bytes).into(),
        }
    })
}

/// The content version: a hash of each file's path, length and own digest,
/// in order. It changes exactly when the content does.
#[derive(Default)]
struct Version(Sha256);

impl Version {
    fn add(&mut self, path: &str, length: usize, digest: &[u8; 32]) {
        self.0.update((path.len() as u64).to_le_bytes());
        self.0.update(path.as_bytes());
        self.0.update((length as u64).to_le_bytes());
        self.0.update(digest);
    }

    /// The first 8 bytes of the hash, in hex.
    fn finish(self) -> String {
        let mut version = String::with_capacity(16);
        for byte in &self.0.finalize()[..8] {
            let _ = write!(version, "{byte:02x}");
        }
        version
    }
}

/// A document's line diagnostics, located in that document.
fn located(
    path: &str,
    diagnostics: impl IntoIterator<Item = LineDiagnostic>,
) -> impl Iterator<Item = Diagnostic> {
    diagnostics
        .into_iter()
        .map(move |d| Diagnostic::at(path, d.line, d.message))
}
