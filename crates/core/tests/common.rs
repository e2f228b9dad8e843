//! Shared test helpers: the real template library from the repository.
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used)]

use secspec_core::{Library, Project};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

/// Every `.toml` under `templates/` as (path relative to `templates/`, contents): the listing the
/// app passes to `Library::from_files` (and the checklist loader).
pub fn template_files() -> Vec<(String, String)> {
    let root = repo().join("templates");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files
}

pub fn library() -> Library {
    Library::from_files(&template_files())
        .unwrap_or_else(|e| panic!("template library does not load: {e}"))
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/official").join(name)).unwrap()
}

pub fn example(name: &str) -> Project {
    let text = std::fs::read_to_string(repo().join("templates/examples").join(name)).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}
