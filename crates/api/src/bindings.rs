//! TypeScript for the UI, generated from the Rust types and the command table so the two sides
//! cannot drift: the type bindings in `ui/src/lib/backend/bindings/`, the command map
//! `ui/src/lib/backend/commands.ts` and the form limits `ui/src/lib/backend/rules.ts`. `UPDATE_BINDINGS=1 cargo test -p secspec-api bindings`
//! regenerates them; otherwise the test fails when a committed file differs.

#![allow(clippy::unwrap_used)]

use crate::types::*;
use crate::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};
use ts_rs::{Config, TS};

fn export_all(dir: &Path) {
    let cfg = Config::new().with_large_int("number").with_out_dir(dir);
    AppInfo::export_all(&cfg).unwrap();
    DateReading::export_all(&cfg).unwrap();
    ProjectFileExport::export_all(&cfg).unwrap();
    ProjectFileImport::export_all(&cfg).unwrap();
    DatabaseStatus::export_all(&cfg).unwrap();
    BackupList::export_all(&cfg).unwrap();
    RestoreOutcome::export_all(&cfg).unwrap();
    DatabaseCheck::export_all(&cfg).unwrap();
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
    ResponseCheck::export_all(&cfg).unwrap();
    ResponseWritten::export_all(&cfg).unwrap();
    ResponseImported::export_all(&cfg).unwrap();
    ResponseRecord::export_all(&cfg).unwrap();
    AcknowledgeAll::export_all(&cfg).unwrap();
    QuestionAnswers::export_all(&cfg).unwrap();
    CheckOutcome::export_all(&cfg).unwrap();
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

fn backend_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/backend")
}

const HINT: &str = "run UPDATE_BINDINGS=1 cargo test -p secspec-api bindings";

#[test]
fn typescript_bindings_are_current() {
    let committed = backend_dir().join("bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        export_all(&committed);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let expected = files(fresh.path(), "ts");
    assert!(!expected.is_empty());
    let found = files(&committed, "ts");
    // Only the names of the files that differ: the contents are long.
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let stale: Vec<&String> = expected
        .iter()
        .filter(|e| !found.contains(e))
        .map(|(n, _)| n)
        .collect();
    let extra: Vec<String> = names(&found)
        .into_iter()
        .filter(|n| !expected.iter().any(|(e, _)| e == n))
        .collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/lib/backend/bindings is out of date (changed or missing: {stale:?}; not generated: {extra:?}): {HINT}"
    );
}

/// A generated file of the UI's backend folder equals what Rust makes now (or is rewritten
/// with `UPDATE_BINDINGS=1`).
fn check_generated(name: &str, fresh: &str) {
    let path = backend_dir().join(name);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/backend/{name} is out of date: {HINT}"
    );
}

#[test]
fn typescript_command_map_is_current() {
    check_generated("commands.ts", &crate::commands::typescript());
}

/// The desktop's capability file grants each command of the table (`allow-<name>`) and no
/// other own command, so the table stays the one list.
#[test]
fn tauri_capabilities_grant_exactly_the_table() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/capabilities/default.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let table: Vec<String> = crate::commands::specs()
        .iter()
        .map(|c| format!("allow-{}", c.name.replace('_', "-")))
        .collect();
    let granted: Vec<serde_json::Value> = json["permissions"].as_array().unwrap().clone();
    let own: Vec<String> = granted
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|p| p.starts_with("allow-"))
        .map(str::to_string)
        .collect();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let mut out: Vec<serde_json::Value> = granted
            .iter()
            .filter(|v| v.as_str().is_some_and(|p| p.starts_with("core:")))
            .cloned()
            .collect();
        out.extend(table.iter().map(|p| serde_json::Value::from(p.as_str())));
        out.extend(
            granted
                .iter()
                .filter(|v| {
                    v.as_str()
                        .is_some_and(|p| !p.starts_with("core:") && !p.starts_with("allow-"))
                })
                .cloned(),
        );
        json["permissions"] = serde_json::Value::Array(out);
        let pretty = serde_json::to_string_pretty(&json).unwrap();
        std::fs::write(&path, format!("{pretty}\n")).unwrap();
        return;
    }
    assert_eq!(own, table, "{} is out of date: {HINT}", path.display());
}

#[test]
fn typescript_form_rules_are_current() {
    check_generated("rules.ts", &crate::limits::typescript());
}
