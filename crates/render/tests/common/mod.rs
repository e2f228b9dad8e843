//! Helpers shared by the render test binaries: the repository, the bundled fonts, a folder under
//! `target/tmp/` to keep outputs for a visual check, and poppler (required, never skipped).
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use secspec_core::compose::Mode;
use secspec_core::{Format, Lang, Library, Project, ProjectRef};
use secspec_render::set::{generate, Output};
use secspec_render::{assets, FontSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontSet::load_dir(&repo().join("fonts")).expect("bundled fonts"))
}

/// `target/tmp/<name>/`, created.
pub fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `bytes` to `target/tmp/<dir>/<name>` and returns the path.
pub fn keep(dir: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let path = out_dir(dir).join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs a poppler tool; a missing tool fails the test (it must not silently skip).
pub fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{tool} could not be run ({e}): install poppler-utils (apt-get install poppler-utils)"
        )
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The project and revision the test documents are rendered from.
pub const CTX: ProjectRef = ProjectRef {
    project_id: 1,
    revision: 3,
};

/// Every document of `project`'s set in `formats`, with the bundled library and fonts.
pub fn render_set(project: &Project, formats: &[Format], mode: Mode) -> Vec<Output> {
    generate(project, library(), fonts(), CTX, &[], formats, mode).unwrap()
}

/// The bundled clause library, loaded once per test binary.
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| assets::load_library(&repo().join("templates")).unwrap())
}

/// The sample procurement (`templates/examples/procurement.toml`) in `lang`.
pub fn sample(lang: Lang) -> Project {
    let text = std::fs::read_to_string(repo().join("templates/examples/procurement.toml")).unwrap();
    let mut p: Project = toml::from_str(&text).unwrap();
    p.lang = lang;
    p
}

/// The body text of a DOCX as the project's reader sees it: one line per paragraph or table
/// cell, Word's automatic numbering labels computed from numbering.xml and put in front.
pub fn docx_body_text(bytes: &[u8]) -> String {
    let doc = secspec_readers::read(bytes, "document.docx").expect("our DOCX reads");
    let mut out = String::new();
    for block in doc
        .blocks
        .iter()
        .filter(|b| b.location.part == secspec_core::verify::Part::Body)
    {
        out.push_str(&block.location.label);
        out.push_str(&block.text);
        out.push('\n');
    }
    out
}
