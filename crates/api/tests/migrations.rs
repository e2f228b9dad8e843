//! Every migration from every earlier schema version, on databases written by the SecSpec of that
//! version (tests/fixtures/migrations, remade with its make.sh from the commits it names): the
//! file opens, is upgraded after a backup of the old file, loses no row, reads back as projects,
//! checklists, packages and keys, takes new writes, and still gives the official documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rusqlite::{Connection, OpenFlags};
use secspec_api::{GenerateRequest, Service};
use secspec_store::backup::{list_backups, BackupReason};
use secspec_store::{KeyRole, Store, SCHEMA_VERSION};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Tables of each schema version whose rows must all survive, with the column order to compare.
const TABLES: [(i64, &str, &str); 13] = [
    (
        1,
        "projects",
        "id, title, agency, status, data, revision, created_at, updated_at",
    ),
    (
        1,
        "clause_choices",
        "project_id, clause_id, include, custom_body, deviation_reason",
    ),
    (1, "clause_params", "project_id, clause_id, name, value"),
    (
        1,
        "history",
        "id, project_id, at, revision, action, field, old_value, new_value",
    ),
    (
        1,
        "generations",
        "id, project_id, document_kind, format, file_name, sha256, size_bytes",
    ),
    (2, "checklist_profile", "project_id, question_id, answer"),
    (
        2,
        "checklist_overrides",
        "project_id, item_id, include, reason",
    ),
    (
        2,
        "checklist_answers",
        "project_id, item_id, status, done_count, target_count, evidence, owner, due",
    ),
    (
        3,
        "review_packages",
        "id, project_id, package_id, digest, package",
    ),
    (
        3,
        "responses",
        "id, project_id, review_digest, digest, response",
    ),
    (4, "own_keys", "id, role, public_key, secret_key"),
    (4, "agency_keys", "id, agency, public_key"),
    (4, "contractor_keys", "id, project_id, public_key"),
];

/// Every row of every table the version had, as text.
fn rows(db: &Path, version: i64) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    TABLES
        .iter()
        .filter(|(since, _, _)| *since <= version)
        .map(|(_, table, columns)| {
            let sql = format!(
                "SELECT quote({}) FROM {table} ORDER BY 1",
                columns.replace(", ", ") || '|' || quote(")
            );
            let mut stmt = conn.prepare(&sql).unwrap();
            let list = stmt
                .query_map([], |r| r.get::<_, String>(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (table.to_string(), list)
        })
        .collect()
}

fn service(store: Store) -> Service {
    let library = secspec_render::assets::load_library(&repo().join("templates")).unwrap();
    let fonts = secspec_render::FontSet::load_dir(&repo().join("fonts")).unwrap();
    Service::from_parts(store, library, fonts)
}

fn upgraded(version: i64) {
    let fixture = repo().join(format!("tests/fixtures/migrations/v{version}.sqlite3"));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    std::fs::copy(&fixture, &db).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    let before = rows(&db, version);
    assert!(
        before
            .iter()
            .filter(|(t, _)| t != "clause_params")
            .all(|(_, r)| !r.is_empty()),
        "v{version}: the fixture has rows in every table of its version: {:?}",
        before.iter().map(|(t, r)| (t, r.len())).collect::<Vec<_>>()
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    // The old file was backed up, as it was, before the upgrade.
    let backups = list_backups(&db).unwrap();
    let backup = backups
        .iter()
        .find(|b| {
            b.reason
                == BackupReason::BeforeMigration {
                    from: version,
                    to: SCHEMA_VERSION,
                }
        })
        .unwrap_or_else(|| panic!("v{version}: no backup before the migration: {backups:?}"));
    assert_eq!(
        rows(&backup.path, version),
        before,
        "v{version}: the backup"
    );
    drop(store);
    // No row lost or changed (history is rebuilt by migration 0003: same rows).
    assert_eq!(
        rows(&db, version),
        before,
        "v{version}: rows after the upgrade"
    );

    let store = Store::open(&db).unwrap();
    let projects = store.list_projects().unwrap();
    assert_eq!(projects.len(), 2, "v{version}");
    let id = projects
        .iter()
        .find(|p| p.title == "府省間ネットワーク運用監視業務")
        .map(|p| p.id)
        .unwrap_or_else(|| panic!("v{version}: {projects:?}"));
    for p in &projects {
        store.get_project(p.id).unwrap();
        store.archive_project(p.id).unwrap();
    }
    let project = store.get_project(id).unwrap();
    assert_eq!(project.project.agency, "デジタル庁");
    let history = store.history(id).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.new_value.as_deref() == Some("\"総務省\"")),
        "v{version}: the edit is in the history"
    );
    assert!(!store.generations(id).unwrap().is_empty());
    if version >= 2 {
        assert_eq!(project.project.checklist.answers.len(), 70, "v{version}");
    }
    if version >= 3 {
        let exports = store.review_exports(id).unwrap();
        assert_eq!(exports.len(), 1);
        let bytes = store
            .review_package_bytes(id, &exports[0].digest)
            .unwrap()
            .unwrap();
        let opened = secspec_package::read_review(&bytes).unwrap();
        assert_eq!(opened.digest, exports[0].digest);
        assert_eq!(opened.version, if version >= 4 { 2 } else { 1 });
        let responses = store.responses(id).unwrap();
        assert_eq!(responses.len(), 1);
        assert_eq!(responses[0].review_digest, exports[0].digest);
    }
    if version >= 4 {
        let own = store.own_key(KeyRole::Agency).unwrap().unwrap();
        let exports = store.review_exports(id).unwrap();
        let bytes = store
            .review_package_bytes(id, &exports[0].digest)
            .unwrap()
            .unwrap();
        let signer = secspec_package::read_review(&bytes).unwrap().signature;
        assert_eq!(
            signer.public_key().map(|k| k.to_hex()),
            Some(own.public_key)
        );
        assert!(store.contractor_key(id).unwrap().is_some());
        let response = &store.responses(id).unwrap()[0];
        assert!(matches!(
            store.response_signer(response.id).unwrap(),
            Some(Some(_))
        ));
    }

    // New writes, including a table the old version did not have.
    let svc = service(store);
    let mut edited = svc.get_project(id.0).unwrap();
    edited.project.officer = "移行 確認".into();
    svc.save_project(id.0, edited.revision, edited.project)
        .unwrap();
    if version >= 3 {
        svc.set_question_answer(id.0, "clause:breach".into(), "書面で回答します。".into())
            .unwrap();
        assert_eq!(svc.question_answers(id.0, None).unwrap().answered, 1);
    }
    // And the documents: the official breach clause with the agency filled in.
    let out = dir.path().join("docs");
    let files = svc
        .generate(GenerateRequest {
            id: id.0,
            dir: out.display().to_string(),
            kinds: vec![secspec_core::DocumentKind::Specification],
            formats: vec![secspec_core::Format::Docx],
            draft: true,
        })
        .unwrap();
    assert_eq!(files.len(), 1);
    // SecSpec's own verifier reads the DOCX: every standard clause is the official text.
    let check = svc.check_file(files[0].path.clone(), None, None).unwrap();
    assert!(check.passes, "v{version}: {:?}", check.report);
}

#[test]
fn schema_1_upgrades_with_every_row() {
    upgraded(1);
}

#[test]
fn schema_2_upgrades_with_every_row() {
    upgraded(2);
}

#[test]
fn schema_3_upgrades_with_every_row() {
    upgraded(3);
}

#[test]
fn schema_4_upgrades_with_every_row() {
    upgraded(4);
}
