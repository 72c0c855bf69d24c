//! A data path as it was at a git revision (`HEAD~1`, a branch, a tag, a
//! commit), read from the repository that holds it with gix, not by
//! running git: the folder's tree at that commit, its `*.md` files and
//! line files, built into a [`Snapshot`] as [`load`](super::load) builds
//! one from disk.

use std::path::{Path, PathBuf};

use gix::ObjectId;

use super::{ALIASES_FILE, LINT_FILE, RELATIONS_FILE, Snapshot, Source, from_sources};

/// Why a revision of a data path could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot read the git repository holding {}: {source}", .path.display())]
    Repository { path: PathBuf, source: gix::Error },
    #[error("{} is not inside a git work tree", .0.display())]
    NoWorkTree(PathBuf),
    #[error("`{revision}` is not a revision of the repository: {source}")]
    Revision {
        revision: String,
        source: gix::Error,
    },
    #[error("{} does not exist at `{revision}`", .path.display())]
    NotInRevision { path: PathBuf, revision: String },
    #[error("cannot read the objects of `{revision}`: {source}")]
    Object {
        revision: String,
        source: gix::Error,
    },
    #[error("cannot resolve {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The data folder's line files, in the order a folder on disk lists them.
const LINE_FILES: [&str; 3] = [LINT_FILE, ALIASES_FILE, RELATIONS_FILE];

/// The most files read from one revision; past it the rest are left out,
/// as a folder on disk would list them all but a revision may be anything.
const MAX_FILES: usize = 100_000;

/// Loads the data path `data` (a folder or a file in a git work tree) as
/// it was at `revision`.
pub fn load_revision(data: &Path, revision: &str) -> Result<Snapshot, GitError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| GitError::Io { path, source }
    };
    let absolute = std::fs::canonicalize(data).map_err(io(data))?;
    let repo = gix::discover(&absolute).map_err(|source| GitError::Repository {
        path: data.to_owned(),
        source,
    })?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| GitError::NoWorkTree(data.to_owned()))?;
    let workdir = std::fs::canonicalize(workdir).map_err(io(workdir))?;
    let inside = absolute
        .strip_prefix(&workdir)
        .map_err(|_| GitError::NoWorkTree(data.to_owned()))?
        .to_owned();
    let object = |source| GitError::Object {
        revision: revision.to_owned(),
        source,
    };
    let tree = repo
        .rev_parse_single(revision)
        .and_then(|id| id.object())
        .and_then(|o| o.peel_to_tree())
        .map_err(|source| GitError::Revision {
            revision: revision.to_owned(),
            source,
        })?;
    let missing = || GitError::NotInRevision {
        path: data.to_owned(),
        revision: revision.to_owned(),
    };
    let mut files: Vec<(String, ObjectId)> = Vec::new();
    let mut line_files: Vec<(String, ObjectId)> = Vec::new();
    let root = if inside.as_os_str().is_empty() {
        tree.id
    } else {
        let entry = tree
            .lookup_entry_by_path(&inside)
            .map_err(object)?
            .ok_or_else(missing)?;
        if !entry.mode().is_tree() {
            let name = entry.filename().to_string();
            files.push((name, entry.oid().to_owned()));
            return read(&repo, files, revision);
        }
        entry.oid().to_owned()
    };
    // Depth first, entries in the tree's own (sorted) order.
    let mut stack = vec![(String::new(), root)];
    while let Some((prefix, id)) = stack.pop() {
        let tree = repo.find_tree(id).map_err(object)?;
        let decoded = tree.decode().map_err(object)?;
        let mut subtrees = Vec::new();
        for entry in &decoded.entries {
            let name = entry.filename.to_string();
            if name.starts_with('.') {
                continue;
            }
            let path = format!("{prefix}{name}");
            if entry.mode.is_tree() {
                subtrees.push((format!("{path}/"), entry.oid.to_owned()));
            } else if entry.mode.is_blob() && files.len() < MAX_FILES {
                let markdown = Path::new(&name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("md"));
                if markdown {
                    files.push((path, entry.oid.to_owned()));
                } else if prefix.is_empty() && LINE_FILES.contains(&name.as_str()) {
                    line_files.push((path, entry.oid.to_owned()));
                }
            }
        }
        stack.extend(subtrees.into_iter().rev());
    }
    // The order a folder on disk is read in, so the same content has the
    // same version: line files first, then documents by path.
    files.sort_by(|a, b| a.0.cmp(&b.0));
    line_files.sort_by_key(|(name, _)| LINE_FILES.iter().position(|l| l == name));
    line_files.extend(files);
    read(&repo, line_files, revision)
}

fn read(
    repo: &gix::Repository,
    files: Vec<(String, ObjectId)>,
    revision: &str,
) -> Result<Snapshot, GitError> {
    let mut sources = Vec::with_capacity(files.len());
    for (path, id) in files {
        let blob = repo.find_blob(id).map_err(|source| GitError::Object {
            revision: revision.to_owned(),
            source,
        })?;
        sources.push(Source::new(path, blob.data.clone()));
    }
    Ok(from_sources(&sources, Vec::new()))
}
