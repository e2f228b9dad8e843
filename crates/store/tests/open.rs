#![allow(clippy::unwrap_used)]
//! Opening databases: migrations, pragmas, and files the store must refuse without touching.

mod common;

use common::{file_store, simple_project, StoreExt};
use rusqlite::Connection;
use secspec_store::{Status, Store, StoreError, APPLICATION_ID, SCHEMA_VERSION};
use std::fs;
use std::path::Path;

fn table_names(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn migrates_an_empty_file_and_sets_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    let (store, _) = file_store(&path);
    assert!(path.exists());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, 5);
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert!(store.foreign_keys_enabled().unwrap());
    assert_eq!(store.path(), path);
    drop(store);

    assert_eq!(
        table_names(&path),
        [
            "agency_keys",
            "checklist_answers",
            "checklist_overrides",
            "checklist_profile",
            "clause_choices",
            "clause_params",
            "contractor_keys",
            "generations",
            "history",
            "own_keys",
            "projects",
            "question_answers",
            "response_signers",
            "responses",
            "review_packages"
        ]
    );
    // WAL is a property of the file: another connection sees it too.
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.pragma_query_one(None, "journal_mode").unwrap();
    assert_eq!(mode, "wal");
    let app: i64 = conn.pragma_query_one(None, "application_id").unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn a_zero_byte_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    fs::write(&path, b"").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::EmptyFile { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("空のファイル") && msg.contains("empty"),
        "{msg}"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        0,
        "the file was written"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no side files"
    );
}

#[cfg(unix)]
#[test]
fn a_new_database_is_readable_by_its_owner_only_and_leaves_no_temporary_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    drop(file_store(&path));
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("secspec.db"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn reopening_is_idempotent_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    let id = {
        let (store, _) = file_store(&path);
        store
            .create_project(&simple_project("一回目"), Status::Draft)
            .unwrap()
    };
    for _ in 0..3 {
        let (store, _) = file_store(&path);
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.list_projects().unwrap().len(), 1);
        assert_eq!(store.get_project(id).unwrap().project.title, "一回目");
    }
    assert_eq!(table_names(&path).len(), 15);
}

#[test]
fn two_stores_share_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    let (app, _) = file_store(&path);
    let (cli, _) = file_store(&path);
    let id = app
        .create_project(&simple_project("共有"), Status::Draft)
        .unwrap();
    assert_eq!(cli.get_project(id).unwrap().project.title, "共有");
}

#[test]
fn missing_folder_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("secspec.db");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NoFolder { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("フォルダがありません"), "{msg}");
    assert!(msg.contains("folder does not exist"), "{msg}");
    assert!(msg.contains("no-such-dir"), "{msg}");
    assert!(!path.exists());
}

fn assert_untouched(path: &Path, before: &[u8]) {
    assert_eq!(fs::read(path).unwrap(), before, "file was modified");
    let dir = path.parent().unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    for suffix in ["-wal", "-journal"] {
        assert!(
            !dir.join(format!("{name}{suffix}")).exists(),
            "{suffix} file created"
        );
    }
}

#[test]
fn garbage_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in [
        (
            "text.db",
            "これはデータベースではありません。\n"
                .repeat(200)
                .into_bytes(),
        ),
        ("short.db", b"hello".to_vec()),
        (
            "binary.db",
            (0..8192u32).map(|i| (i * 7 % 251) as u8).collect(),
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, &content).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains("not an SQLite database"), "{msg}");
        assert!(msg.contains(name), "{msg}");
        assert_untouched(&path, &content);
    }
}

#[test]
fn damaged_header_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    {
        let (store, _) = file_store(&path);
        store
            .create_project(&simple_project("壊れる前"), Status::Draft)
            .unwrap();
    }
    // Checkpointed on close; now scribble over the header magic.
    let mut bytes = fs::read(&path).unwrap();
    bytes[..16].copy_from_slice(b"NOT SQLITE AT AL");
    fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn future_schema_version_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    drop(file_store(&path));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    match &err {
        StoreError::TooNew {
            found, supported, ..
        } => {
            assert_eq!(*found, SCHEMA_VERSION + 1);
            assert_eq!(*supported, SCHEMA_VERSION);
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("SecSpec を更新してください"), "{msg}");
    assert!(msg.contains("made by a newer SecSpec"), "{msg}");
    assert_untouched(&path, &before);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.pragma_query_one(None, "journal_mode").unwrap();
    assert_eq!(mode, "delete", "journal mode was changed");
}

#[test]
fn a_lowered_schema_version_is_refused_as_damaged_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    {
        let (store, _) = file_store(&path);
        store
            .create_project(&simple_project("残す案件"), Status::Draft)
            .unwrap();
    }
    for claimed in [1, 0, SCHEMA_VERSION - 1] {
        {
            // The tables of the current schema, with a version that says otherwise; not in WAL
            // mode, so that switching the journal mode would show in the file.
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", claimed).unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(
            matches!(&err, StoreError::VersionMismatch { claimed: c, .. } if *c == claimed),
            "{claimed}: {err:?}"
        );
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "one line: {msg}");
        for want in [
            "壊れています",
            "バックアップから復元してください",
            "is damaged",
            "restore it from a backup",
            &format!("schema {claimed}"),
            path.to_str().unwrap(),
        ] {
            assert!(msg.contains(want), "{want} missing in: {msg}");
        }
        assert!(
            !msg.contains("CREATE") && !msg.contains("already exists"),
            "{msg}"
        );
        assert_untouched(&path, &before);
        let conn = Connection::open(&path).unwrap();
        let mode: String = conn.pragma_query_one(None, "journal_mode").unwrap();
        assert_eq!(mode, "delete", "journal mode was changed");
    }
    // With its version back, the database opens with its project.
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.list_projects().unwrap()[0].title, "残す案件");
}

#[test]
fn another_applications_database_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();

    let plain = dir.path().join("other.db");
    {
        let conn = Connection::open(&plain).unwrap();
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');")
            .unwrap();
    }
    let before = fs::read(&plain).unwrap();
    let err = Store::open(&plain).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
    assert_untouched(&plain, &before);

    let tagged = dir.path().join("tagged.db");
    {
        let conn = Connection::open(&tagged).unwrap();
        conn.pragma_update(None, "application_id", 0x1234).unwrap();
    }
    let before = fs::read(&tagged).unwrap();
    let err = Store::open(&tagged).unwrap_err();
    assert!(matches!(err, StoreError::ForeignDatabase { .. }), "{err:?}");
    assert_untouched(&tagged, &before);
}

#[test]
fn deleting_a_project_cascades_on_a_file_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    let (store, _) = file_store(&path);
    let id = store
        .create_project(&common::full_project(), Status::Draft)
        .unwrap();
    let keep = store
        .create_project(&common::full_project(), Status::Draft)
        .unwrap();
    for pid in [id, keep] {
        store
            .record_one(&secspec_store::NewGeneration {
                project_id: pid,
                document_kind: secspec_core::DocumentKind::Specification,
                format: secspec_store::Format::Docx,
                file_name: "spec.docx".into(),
                sha256: "ab".repeat(32),
                size_bytes: 1234,
                template_versions: "{}".into(),
                project_revision: 1,
            })
            .unwrap();
    }
    store.delete_project(id).unwrap();
    assert!(matches!(
        store.get_project(id),
        Err(StoreError::NotFound(x)) if x == id
    ));
    drop(store);

    let conn = Connection::open(&path).unwrap();
    for sql in [
        "SELECT count(*) FROM projects WHERE id = ?1",
        "SELECT count(*) FROM clause_choices WHERE project_id = ?1",
        "SELECT count(*) FROM clause_params WHERE project_id = ?1",
        "SELECT count(*) FROM generations WHERE project_id = ?1",
        "SELECT count(*) FROM history WHERE project_id = ?1",
    ] {
        let gone: i64 = conn.query_row(sql, [id.0], |r| r.get(0)).unwrap();
        let kept: i64 = conn.query_row(sql, [keep.0], |r| r.get(0)).unwrap();
        assert_eq!(gone, 0, "{sql}");
        assert!(kept > 0, "{sql}");
    }
}

#[test]
fn concurrent_writers_on_one_file_wait_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secspec.db");
    drop(file_store(&path));
    let workers: Vec<_> = (0..2)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let store = Store::open(&path).unwrap();
                for i in 0..25 {
                    let id = store
                        .create_project(&simple_project(&format!("w{w}-{i}")), Status::Draft)
                        .unwrap();
                    let mut p = simple_project(&format!("w{w}-{i}-edited"));
                    p.officer = "並行".into();
                    store.update_unchecked(id, &p).unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let (store, _) = file_store(&path);
    let list = store.list_projects().unwrap();
    assert_eq!(list.len(), 50);
    assert!(list
        .iter()
        .all(|p| p.revision == 2 && p.title.ends_with("-edited")));
}

#[test]
fn simultaneous_first_opens_migrate_once() {
    for round in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("fresh-{round}.db"));
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let openers: Vec<_> = (0..4)
            .map(|_| {
                let path = path.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    let store = Store::open(&path).unwrap();
                    store.schema_version().unwrap()
                })
            })
            .collect();
        for o in openers {
            assert_eq!(o.join().unwrap(), SCHEMA_VERSION);
        }
        assert_eq!(table_names(&path).len(), 15);
    }
}
