#![allow(clippy::unwrap_used)]
//! Backups: before migrations, once a day, on request, the last seven kept; restoring a
//! checked file in one transaction, and every file a restore must refuse.

mod common;

use common::simple_project;
use rusqlite::Connection;
use secspec_store::backup::{self, BackupReason, KEEP};
use secspec_store::{
    BackupPolicy, ManualClock, Status, Store, StoreError, MIGRATIONS, SCHEMA_VERSION,
};
use std::fs;
use std::path::{Path, PathBuf};
use time::macros::{datetime, offset};
use time::Duration;

fn clock() -> ManualClock {
    ManualClock::new(datetime!(2026-12-07 04:05:12 UTC))
}

fn open(path: &Path, clock: &ManualClock) -> Store {
    Store::open_with_clock(path, clock.clone()).unwrap()
}

fn titles(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT title FROM projects ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_one(None, "user_version")
        .unwrap()
}

/// A database with one project per title, closed (checkpointed).
fn database_with(path: &Path, clock: &ManualClock, names: &[&str]) {
    let store = open(path, clock);
    for n in names {
        store
            .create_project(&simple_project(n), Status::Draft)
            .unwrap();
    }
}

/// A version-1 database as migration 0001 made it, with one project.
fn version_1_database(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(MIGRATIONS[0].sql).unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute(
        "INSERT INTO projects (title, agency, data, created_at, updated_at)
         VALUES ('版1の案件', 'デジタル庁', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
        [],
    )
    .unwrap();
}

fn reasons(db: &Path) -> Vec<BackupReason> {
    backup::list_backups(db)
        .unwrap()
        .into_iter()
        .map(|b| b.reason)
        .collect()
}

#[test]
fn a_new_database_has_no_backup_and_the_first_open_of_a_day_makes_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["一"]);
    assert!(
        reasons(&db).is_empty(),
        "nothing to back up in a new database"
    );
    assert!(!dir.path().join("backups").exists());

    // Later the same day: the day's backup.
    clock.advance(Duration::hours(1));
    drop(open(&db, &clock));
    assert_eq!(reasons(&db), vec![BackupReason::Daily]);
    let first = backup::list_backups(&db).unwrap().remove(0);
    assert_eq!(first.file_name, "secspec-2026-12-07T050512Z-daily.sqlite3");
    assert_eq!(titles(&first.path), vec!["一"]);
    assert!(first.size > 0);

    // Every other open that day: none.
    for _ in 0..3 {
        clock.advance(Duration::hours(4));
        drop(open(&db, &clock));
    }
    assert_eq!(reasons(&db).len(), 1);

    // The next day (UTC by default): one more.
    clock.set(datetime!(2026-12-08 00:00:01 UTC));
    drop(open(&db, &clock));
    drop(open(&db, &clock));
    assert_eq!(reasons(&db), vec![BackupReason::Daily, BackupReason::Daily]);
}

#[test]
fn the_day_of_the_daily_backup_is_the_calendar_day_of_the_given_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = ManualClock::new(datetime!(2026-12-07 14:00 UTC));
    database_with(&db, &clock, &["一"]);
    let jst = BackupPolicy {
        automatic: true,
        day_offset: offset!(+9),
    };
    let reopen = |clock: &ManualClock| drop(Store::open_with(&db, clock.clone(), jst).unwrap());
    reopen(&clock); // 23:00 JST on the 7th
    clock.set(datetime!(2026-12-07 14:59 UTC));
    reopen(&clock); // still the 7th in Japan
    assert_eq!(reasons(&db).len(), 1);
    clock.set(datetime!(2026-12-07 15:01 UTC));
    reopen(&clock); // 00:01 JST on the 8th, though the same UTC day
    assert_eq!(reasons(&db).len(), 2);
}

#[test]
fn the_last_seven_backups_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["一"]);
    let store = open(&db, &clock); // same day as the creation: no daily backup yet
    let mut made = Vec::new();
    for i in 0..10 {
        clock.advance(Duration::minutes(1));
        store
            .create_project(&simple_project(&format!("案件{i}")), Status::Draft)
            .unwrap();
        made.push(store.backup_now(&BackupReason::Manual).unwrap());
    }
    let kept = backup::list_backups(&db).unwrap();
    assert_eq!(kept.len(), KEEP);
    // The newest seven, newest first, each with the projects of its moment.
    let expected: Vec<PathBuf> = made
        .iter()
        .rev()
        .take(KEEP)
        .map(|b| b.path.clone())
        .collect();
    assert_eq!(
        kept.iter().map(|b| b.path.clone()).collect::<Vec<_>>(),
        expected
    );
    for b in &made[..3] {
        assert!(!b.path.exists(), "{} was not removed", b.path.display());
    }
    assert_eq!(titles(&kept[0].path).len(), 11);
    assert_eq!(titles(&kept[6].path).len(), 5);
    // Names sort by time.
    let mut names: Vec<String> = kept.iter().map(|b| b.file_name.clone()).collect();
    names.reverse();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    // No temporary files left, and backups are standalone files (no WAL).
    let all: Vec<String> = fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(all.len(), KEEP, "{all:?}");
    let mode: String = Connection::open(&kept[0].path)
        .unwrap()
        .pragma_query_one(None, "journal_mode")
        .unwrap();
    assert_eq!(mode, "delete");
    // Two in the same second get different names.
    let a = store.backup_now(&BackupReason::Manual).unwrap();
    let b = store.backup_now(&BackupReason::Manual).unwrap();
    assert_ne!(a.path, b.path);
    assert!(a.path.exists() && b.path.exists());
}

#[cfg(unix)]
#[test]
fn backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["一"]);
    let b = open(&db, &clock).backup_now(&BackupReason::Manual).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&b.path), 0o600);
    assert_eq!(mode(&dir.path().join("backups")), 0o700);
}

#[test]
fn a_migration_is_preceded_by_a_backup_of_the_old_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    version_1_database(&db);
    let clock = clock();
    let store = open(&db, &clock);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let list = backup::list_backups(&db).unwrap();
    // One backup: the migration's stands for the day's too.
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(
        list[0].reason,
        BackupReason::BeforeMigration {
            from: 1,
            to: SCHEMA_VERSION
        }
    );
    assert_eq!(
        list[0].file_name,
        format!("secspec-2026-12-07T040512Z-before-migration-1-to-{SCHEMA_VERSION}.sqlite3")
    );
    assert_eq!(user_version(&list[0].path), 1);
    assert_eq!(titles(&list[0].path), vec!["版1の案件"]);
    // Opening again migrates nothing and backs up nothing more that day.
    drop(store);
    drop(open(&db, &clock));
    assert_eq!(backup::list_backups(&db).unwrap().len(), 1);
}

#[test]
fn no_migration_without_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    version_1_database(&db);
    // A file where the backups folder should be.
    fs::write(dir.path().join("backups"), b"not a folder").unwrap();
    let err = Store::open_with_clock(&db, clock()).unwrap_err();
    assert!(matches!(err, StoreError::BackupFailed { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("バックアップを作れない") && msg.contains("was not upgraded"),
        "{msg}"
    );
    assert_eq!(user_version(&db), 1, "migrated without a backup");
    assert_eq!(titles(&db), vec!["版1の案件"]);
}

/// Overwrites one page in the middle of the file (not the header) with garbage.
fn damage_a_page(db: &Path) {
    let mut bytes = fs::read(db).unwrap();
    let page = 4096;
    assert!(bytes.len() >= 4 * page, "{} bytes", bytes.len());
    let at = bytes.len() / page / 2 * page;
    for b in &mut bytes[at..at + page] {
        *b = 0x5a;
    }
    fs::write(db, &bytes).unwrap();
}

fn many_projects(db: &Path, clock: &ManualClock) {
    let names: Vec<String> = (0..60)
        .map(|i| format!("案件 {i} {}", "長い件名".repeat(20)))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    database_with(db, clock, &refs);
}

#[test]
fn a_damaged_database_is_refused_unchanged_naming_the_latest_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    many_projects(&db, &clock);
    clock.advance(Duration::hours(1));
    drop(open(&db, &clock)); // the day's backup
    let latest = backup::latest_backup(&db).unwrap();
    damage_a_page(&db);
    let before = fs::read(&db).unwrap();

    // The next day's first open checks before backing up, and refuses.
    clock.advance(Duration::days(1));
    let err = Store::open_with_clock(&db, clock.clone()).unwrap_err();
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&latest.display().to_string()), "{msg}");
    assert!(msg.contains("secspec db restore"), "{msg}");
    assert!(
        msg.contains("壊れています") && msg.contains("damaged"),
        "{msg}"
    );
    assert_eq!(fs::read(&db).unwrap(), before, "the file was changed");
    assert_eq!(
        backup::list_backups(&db).unwrap().len(),
        1,
        "a damaged backup was added"
    );
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());

    // A damaged header names the backup too.
    let mut bytes = before.clone();
    bytes[..16].copy_from_slice(b"NOT SQLITE AT AL");
    fs::write(&db, &bytes).unwrap();
    let err = Store::open_with_clock(&db, clock.clone()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert!(err.to_string().contains(&latest.display().to_string()));
    assert_eq!(fs::read(&db).unwrap(), bytes);
}

#[test]
fn restore_puts_the_backup_back_after_backing_up_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["一"]);
    let store = open(&db, &clock);
    let saved = store.backup_now(&BackupReason::Manual).unwrap();
    store
        .create_project(&simple_project("二"), Status::Draft)
        .unwrap();
    // Another connection (another window or command) keeps the database open meanwhile.
    clock.advance(Duration::minutes(5));
    let restored = backup::restore(&db, &saved.path, &clock).unwrap();
    assert_eq!(restored.schema_version, SCHEMA_VERSION);
    let previous = restored.previous.unwrap();
    assert_eq!(previous.reason, BackupReason::BeforeRestore);
    assert_eq!(titles(&previous.path), vec!["一", "二"]);
    // The open store sees the restored content on its next read, and can write on.
    let list = store.list_projects().unwrap();
    assert_eq!(
        list.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        vec!["一"]
    );
    store
        .create_project(&simple_project("三"), Status::Draft)
        .unwrap();
    drop(store);
    assert_eq!(titles(&db), vec!["一", "三"]);
    assert!(open(&db, &clock).integrity_check().unwrap().is_empty());
    // The backup restored from is untouched, and the folder holds no temporary files.
    assert_eq!(titles(&saved.path), vec!["一"]);
    let hidden: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .chain(fs::read_dir(dir.path().join("backups")).unwrap())
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn restoring_the_oldest_of_seven_backups_keeps_it_until_it_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["最古"]);
    let store = open(&db, &clock);
    let mut made = Vec::new();
    for i in 0..KEEP {
        clock.advance(Duration::minutes(1));
        made.push(store.backup_now(&BackupReason::Manual).unwrap());
        store
            .create_project(&simple_project(&format!("後{i}")), Status::Draft)
            .unwrap();
    }
    drop(store);
    clock.advance(Duration::minutes(1));
    // The backup before the restore pushes the oldest out of the seven: it is restored anyway.
    backup::restore(&db, &made[0].path, &clock).unwrap();
    assert_eq!(titles(&db), vec!["最古"]);
    assert_eq!(backup::list_backups(&db).unwrap().len(), KEEP);
}

#[test]
fn restore_upgrades_an_older_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["今"]);
    let old = dir.path().join("old.sqlite3");
    version_1_database(&old);
    let restored = backup::restore(&db, &old, &clock).unwrap();
    assert_eq!(restored.schema_version, 1);
    assert_eq!(user_version(&db), SCHEMA_VERSION);
    assert_eq!(titles(&db), vec!["版1の案件"]);
    assert_eq!(user_version(&old), 1, "the file restored from was changed");
}

/// Restoring `src` over a database with one project fails with an error `check` accepts, and
/// changes nothing: the database, its backups, the file.
fn refused(src: &Path, check: impl Fn(&StoreError) -> bool) -> String {
    let dir = src.parent().unwrap();
    let db = dir.join("live").join("secspec.db");
    fs::create_dir_all(db.parent().unwrap()).unwrap();
    let clock = clock();
    database_with(&db, &clock, &["現在"]);
    let before = fs::read(&db).unwrap();
    let src_before = fs::read(src).unwrap();
    let err = backup::restore(&db, src, &clock).unwrap_err();
    assert!(check(&err), "{err:?}");
    assert_eq!(fs::read(&db).unwrap(), before);
    assert_eq!(fs::read(src).unwrap(), src_before);
    assert!(
        reasons(&db).is_empty(),
        "a backup was made for a refused restore"
    );
    let left: Vec<String> = fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("secspec.db"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    err.to_string()
}

#[test]
fn restore_refuses_a_file_that_is_not_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("notes.txt");
    fs::write(&src, "これはデータベースではありません\n".repeat(300)).unwrap();
    let msg = refused(&src, |e| matches!(e, StoreError::NotADatabase { .. }));
    assert!(msg.contains("notes.txt"), "{msg}");
}

#[test]
fn restore_refuses_another_applications_database_and_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("other.sqlite3");
    Connection::open(&src)
        .unwrap()
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
        .unwrap();
    let msg = refused(&src, |e| matches!(e, StoreError::ForeignDatabase { .. }));
    assert!(
        msg.contains("SecSpec のデータベースではありません"),
        "{msg}"
    );

    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("blank.sqlite3");
    Connection::open(&src)
        .unwrap()
        .pragma_update(None, "user_version", 0)
        .unwrap();
    fs::write(&src, fs::read(&src).unwrap()).unwrap();
    if fs::metadata(&src).unwrap().len() == 0 {
        refused(&src, |e| matches!(e, StoreError::EmptyFile { .. }));
    } else {
        refused(&src, |e| matches!(e, StoreError::ForeignDatabase { .. }));
    }
}

#[test]
fn restore_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("newer.sqlite3");
    database_with(&src, &clock(), &["新しい版"]);
    {
        let conn = Connection::open(&src).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let msg = refused(
        &src,
        |e| matches!(e, StoreError::TooNew { found, .. } if *found == SCHEMA_VERSION + 1),
    );
    assert!(msg.contains("SecSpec を更新してください"), "{msg}");
}

#[test]
fn restore_refuses_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("damaged.sqlite3");
    many_projects(&src, &clock());
    damage_a_page(&src);
    let msg = refused(&src, |e| matches!(e, StoreError::Damaged { .. }));
    assert!(msg.contains("damaged.sqlite3"), "{msg}");
}

#[test]
fn restore_refuses_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let err = backup::restore(&db, &dir.path().join("none.sqlite3"), &clock()).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    assert!(!db.exists());
}

#[test]
fn a_database_sqlite_cannot_read_is_kept_byte_for_byte_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["良い"]);
    let good = open(&db, &clock).backup_now(&BackupReason::Manual).unwrap();
    let garbage = [b"SQLite format 3\0".as_slice(), &[0x5a; 4080]].concat();
    fs::write(&db, &garbage).unwrap();
    assert!(Store::open_with_clock(&db, clock.clone()).is_err());
    fs::write(format!("{}-wal", db.display()), b"stale wal").unwrap();

    clock.advance(Duration::minutes(1));
    let restored = backup::restore(&db, &good.path, &clock).unwrap();
    let previous = restored.previous.unwrap();
    assert_eq!(previous.reason, BackupReason::DamagedBeforeRestore);
    assert_eq!(fs::read(&previous.path).unwrap(), garbage);
    assert_eq!(
        fs::read(format!("{}-wal", previous.path.display())).unwrap(),
        b"stale wal"
    );
    // The damaged file's WAL is gone with it: never applied to the restored one.
    assert!(!Path::new(&format!("{}-wal", db.display())).exists());
    let store = open(&db, &clock);
    assert_eq!(store.list_projects().unwrap()[0].title, "良い");
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn a_reader_sees_the_old_or_the_restored_content_never_a_mix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["旧"]);
    let src = dir.path().join("new.sqlite3");
    many_projects(&src, &clock);
    let reader = Connection::open(&db).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let count = |c: &Connection| -> i64 {
        c.query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(count(&reader), 1);
    backup::restore(&db, &src, &clock).unwrap();
    // Inside its transaction the reader still sees the old database whole.
    assert_eq!(count(&reader), 1);
    reader.execute_batch("COMMIT").unwrap();
    assert_eq!(count(&reader), 60);
}

#[test]
fn a_restore_that_cannot_take_the_write_lock_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["旧"]);
    let src = dir.path().join("new.sqlite3");
    database_with(&src, &clock, &["新"]);
    // Another program holds the write lock for longer than the busy timeout.
    let holder = Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = backup::restore(&db, &src, &clock).unwrap_err();
    assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(titles(&db), vec!["旧"]);
    let hidden: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
}

#[test]
fn check_reports_integrity_foreign_keys_version_and_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("secspec.db");
    let clock = clock();
    database_with(&db, &clock, &["一"]);
    open(&db, &clock).backup_now(&BackupReason::Manual).unwrap();
    let before = fs::read(&db).unwrap();
    let check = backup::check_database(&db).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(check.schema_version, SCHEMA_VERSION);
    // The day's backup of that open, and the one asked for.
    assert_eq!(check.backups.len(), 2);
    assert_eq!(check.backups[0].reason, BackupReason::Manual);
    assert_eq!(fs::read(&db).unwrap(), before);

    // A row pointing at a missing project.
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO history (project_id, at, revision, action) VALUES (99, '2026-01-01T00:00:00.000Z', 1, 'create');",
        )
        .unwrap();
    }
    let check = backup::check_database(&db).unwrap();
    assert!(!check.ok());
    assert!(!check.foreign_keys.is_empty(), "{check:?}");
    assert!(check.foreign_keys[0].starts_with("history"), "{check:?}");

    let other = dir.path().join("many.db");
    many_projects(&other, &clock);
    damage_a_page(&other);
    let check = backup::check_database(&other).unwrap();
    assert!(!check.ok() && !check.integrity.is_empty(), "{check:?}");
}
