//! TypeScript bindings for the UI, generated from the Rust types so the two sides cannot drift.
//! `cargo test -p secspec-api` regenerates `ui/src/lib/backend/bindings/` when `UPDATE_BINDINGS=1`
//! is set, and otherwise fails if the committed files differ from what the types produce.

use crate::types::*;
use crate::{ApiError, ErrorCode};
use std::path::Path;
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    AppInfo::export_all(&cfg).unwrap();
    LibraryView::export_all(&cfg).unwrap();
    ProjectListItem::export_all(&cfg).unwrap();
    ProjectState::export_all(&cfg).unwrap();
    Evaluation::export_all(&cfg).unwrap();
    Preview::export_all(&cfg).unwrap();
    GenerateRequest::export_all(&cfg).unwrap();
    GeneratedFile::export_all(&cfg).unwrap();
    GenerationRecord::export_all(&cfg).unwrap();
    HistoryItem::export_all(&cfg).unwrap();
    ExportedFile::export_all(&cfg).unwrap();
    ChecklistImport::export_all(&cfg).unwrap();
    PackageExport::export_all(&cfg).unwrap();
    ReviewOpened::export_all(&cfg).unwrap();
    ResponseWritten::export_all(&cfg).unwrap();
    ResponseImported::export_all(&cfg).unwrap();
    ResponseRecord::export_all(&cfg).unwrap();
    ApiError::export_all(&cfg).unwrap();
    ErrorCode::export_all(&cfg).unwrap();
}

/// (file name, contents) of every `*.ext` file in `dir`, sorted.
fn files(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(&p).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn typescript_bindings_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/backend/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        export_all(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let expected = files(fresh.path(), "ts");
    assert!(!expected.is_empty());
    assert_eq!(
        files(&committed, "ts"),
        expected,
        "ui/src/lib/backend/bindings is out of date: run UPDATE_BINDINGS=1 cargo test -p secspec-api bindings"
    );
}

/// Real output of the Rust service for the sample project, replayed by the UI's mocked IPC in
/// browser tests, so the UI is tested against what Rust actually sends.
fn export_fixtures(dir: &Path) {
    use secspec_core::DocumentKind;
    use secspec_store::{ManualClock, Store};
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let library = secspec_render::assets::load_library(&repo.join("templates")).unwrap();
    let fonts = secspec_render::FontSet::load_dir(&repo.join("fonts")).unwrap();
    let clock = ManualClock::new(time::macros::datetime!(2026-11-22 01:30 UTC));
    let store = Store::open_in_memory_with_clock(clock).unwrap();
    let svc = crate::Service::from_parts(store, library, fonts, Path::new(":memory:"));
    let text = std::fs::read_to_string(repo.join("templates/examples/procurement.toml")).unwrap();
    let project: secspec_core::Project = toml::from_str(&text).unwrap();
    let state = svc.create_project(&project).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let write = |name: &str, value: serde_json::Value| {
        std::fs::write(
            dir.join(name),
            serde_json::to_string_pretty(&value).unwrap() + "\n",
        )
        .unwrap();
    };
    write(
        "library.json",
        serde_json::to_value(svc.library_view()).unwrap(),
    );
    write("project.json", serde_json::to_value(&state).unwrap());
    write(
        "evaluation.json",
        serde_json::to_value(svc.evaluate(&state.project)).unwrap(),
    );
    for (name, kind) in [
        ("preview-spec.json", DocumentKind::Specification),
        ("preview-annex.json", DocumentKind::ContractAnnex),
    ] {
        write(
            name,
            serde_json::to_value(
                svc.preview(state.id, state.revision, &state.project, kind)
                    .unwrap(),
            )
            .unwrap(),
        );
    }
}

#[test]
fn ui_fixtures_are_current() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/tests/fixtures");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        export_fixtures(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_fixtures(fresh.path());
    assert_eq!(
        files(&committed, "json"),
        files(fresh.path(), "json"),
        "ui/tests/fixtures is out of date: run UPDATE_BINDINGS=1 cargo test -p secspec-api bindings"
    );
}
