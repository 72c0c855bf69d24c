//! Data roots on disk to the list of files to read: a file itself, or every
//! `*.md` below a folder in sorted order, with the data folder's line files
//! first.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::{ALIASES_FILE, LINT_FILE, LoadError, RELATIONS_FILE};
use crate::diagnostic::Diagnostic;

/// A file to read: in memory already, or read from disk when its turn comes.
pub(super) struct Input<'a> {
    /// Path relative to its data root, with `/` separators.
    pub path: String,
    pub bytes: Bytes<'a>,
}

pub(super) enum Bytes<'a> {
    Loaded(&'a [u8]),
    File(PathBuf),
}

impl Input<'_> {
    pub fn read(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match &self.bytes {
            Bytes::Loaded(bytes) => Ok(Cow::Borrowed(bytes)),
            Bytes::File(path) => std::fs::read(path).map(Cow::Owned),
        }
    }

    /// Bytes to read (0 when unknown).
    pub fn size(&self) -> usize {
        match &self.bytes {
            Bytes::Loaded(bytes) => bytes.len(),
            Bytes::File(path) => std::fs::metadata(path).map_or(0, |m| m.len() as usize),
        }
    }

    /// Whether this is one of the line files rather than a document.
    pub fn is_line_file(&self) -> bool {
        self.path == ALIASES_FILE || self.path == RELATIONS_FILE || self.path == LINT_FILE
    }
}

/// Adds the files under one data root: the file itself, or every `*.md`
/// below a folder in sorted order. Symbolic links are followed only while
/// they stay inside the root.
pub(super) fn collect(
    root: &Path,
    inputs: &mut Vec<Input<'static>>,
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
        inputs.push(Input {
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
    for line_file in [RELATIONS_FILE, ALIASES_FILE, LINT_FILE] {
        let path = canonical_root.join(line_file);
        if path.is_file() {
            named.insert(0, (line_file.to_owned(), path));
        }
    }
    for (name, path) in named {
        inputs.push(Input {
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
