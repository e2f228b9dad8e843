//! Schema migrations: SQL files in `crates/store/migrations/`, applied in order, tracked by
//! `PRAGMA user_version` (0 = empty database, N = migration N applied).

use crate::error::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};
use std::collections::BTreeSet;
use std::path::Path;

/// One migration file.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The schema version after this migration (= the number in the file name).
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, in order. Versions are 1, 2, 3, … without gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_checklist",
        sql: include_str!("../migrations/0002_checklist.sql"),
    },
    Migration {
        version: 3,
        name: "0003_packages",
        sql: include_str!("../migrations/0003_packages.sql"),
    },
    Migration {
        version: 4,
        name: "0004_keys",
        sql: include_str!("../migrations/0004_keys.sql"),
    },
    Migration {
        version: 5,
        name: "0005_question_answers",
        sql: include_str!("../migrations/0005_question_answers.sql"),
    },
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of a SecSpec database ('SecS'); set by migration 1.
pub const APPLICATION_ID: i64 = 0x5365_6353;

/// Header facts read before anything is written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header {
    pub user_version: i64,
    pub application_id: i64,
    pub schema_objects: i64,
}

/// Reads the header, in one statement so that the three values come from one snapshot. On a file
/// that is not an SQLite database this is the first statement that fails, and it fails without
/// writing anything.
pub(crate) fn read_header(conn: &Connection) -> rusqlite::Result<Header> {
    conn.query_row(
        "SELECT (SELECT user_version FROM pragma_user_version),
                (SELECT application_id FROM pragma_application_id),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| {
            Ok(Header {
                user_version: r.get(0)?,
                application_id: r.get(1)?,
                schema_objects: r.get(2)?,
            })
        },
    )
}

/// Refuses databases this build must not touch: another application's, or a newer schema.
pub(crate) fn check_header(header: Header, path: &Path, supported: i64) -> Result<()> {
    let foreign = |detail: String| StoreError::ForeignDatabase {
        path: path.to_path_buf(),
        detail,
    };
    if header.application_id != 0 && header.application_id != APPLICATION_ID {
        return Err(foreign(format!(
            "application_id = {:#x}",
            header.application_id
        )));
    }
    if header.application_id == 0 && (header.user_version != 0 || header.schema_objects != 0) {
        return Err(foreign(format!(
            "既存の表があります / has {} schema objects, user_version = {}",
            header.schema_objects, header.user_version
        )));
    }
    if header.user_version > supported {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: header.user_version,
            supported,
        });
    }
    Ok(())
}

/// Refuses a database whose tables are ahead of the schema version it states: a table that only
/// a later migration of `migrations` makes is already there (the version was lowered by hand,
/// or the file was pieced together). Migrating it would fail part-way, or worse succeed on a
/// schema it does not know; it is reported as damaged before anything is written.
pub(crate) fn check_claimed_version(
    conn: &Connection,
    header: Header,
    path: &Path,
    migrations: &[Migration],
) -> Result<()> {
    let latest = migrations.last().map_or(0, |m| m.version);
    if header.user_version >= latest || header.schema_objects == 0 {
        return Ok(());
    }
    let later = later_tables(header.user_version, migrations)?;
    let mut stmt =
        conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for name in names {
        let name = name?;
        if later.contains(&name) {
            return Err(StoreError::VersionMismatch {
                path: path.to_path_buf(),
                claimed: header.user_version,
                table: name,
                latest_backup: None,
            });
        }
    }
    Ok(())
}

/// The tables the latest schema has that the schema at `version` does not: the migrations
/// applied to an empty in-memory database (the SQL files are the only description of a schema).
fn later_tables(version: i64, migrations: &[Migration]) -> Result<BTreeSet<String>> {
    fn tables(conn: &Connection) -> Result<BTreeSet<String>> {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
    let conn = Connection::open_in_memory()?;
    let mut earlier = BTreeSet::new();
    for m in migrations {
        if m.version == version.saturating_add(1) {
            earlier = tables(&conn)?;
        }
        conn.execute_batch(m.sql)
            .map_err(|source| StoreError::Migration {
                version: m.version,
                name: m.name,
                source,
            })?;
    }
    Ok(tables(&conn)?.difference(&earlier).cloned().collect())
}

/// Applies the missing migrations in one IMMEDIATE transaction (so two processes opening a new
/// database at once do not both migrate it). Returns the schema version afterwards.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<i64> {
    apply(conn, path, MIGRATIONS, &mut |_, _| Ok(()))
}

/// Like [`migrate`], calling `before` with the connection and the version found inside the
/// write lock, before the first migration runs, when an existing schema is about to be
/// upgraded (not for an empty database). An error of `before` changes nothing.
pub(crate) fn migrate_with(
    conn: &mut Connection,
    path: &Path,
    before: &mut dyn FnMut(&Connection, i64) -> Result<()>,
) -> Result<i64> {
    apply(conn, path, MIGRATIONS, before)
}

fn apply(
    conn: &mut Connection,
    path: &Path,
    migrations: &[Migration],
    before: &mut dyn FnMut(&Connection, i64) -> Result<()>,
) -> Result<i64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the write lock: another process may have migrated meanwhile.
    let header = read_header(&tx)?;
    let latest = migrations.last().map_or(0, |m| m.version);
    check_header(header, path, latest)?;
    check_claimed_version(&tx, header, path, migrations)?;
    let current = header.user_version;
    if current > 0 && current < latest {
        before(&tx, current)?;
    }
    let mut version = current;
    for m in migrations.iter().filter(|m| m.version > current) {
        let fail = |source| StoreError::Migration {
            version: m.version,
            name: m.name,
            source,
        };
        tx.execute_batch(m.sql).map_err(fail)?;
        tx.pragma_update(None, "user_version", m.version)
            .map_err(fail)?;
        version = m.version;
    }
    tx.commit()?;
    Ok(version)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive_and_match_file_names() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
            assert_eq!(m.name[..4].parse::<i64>().unwrap(), m.version, "{}", m.name);
        }
    }

    #[test]
    fn every_migration_file_is_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(files, listed);
    }

    #[test]
    fn migration_sets_application_id() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        let header = read_header(&conn).unwrap();
        assert_eq!(header.application_id, APPLICATION_ID);
        assert_eq!(header.user_version, SCHEMA_VERSION);
    }

    fn table_exists(conn: &Connection, name: &str) -> bool {
        conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    }

    #[test]
    fn later_migrations_apply_on_top_and_only_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        assert_eq!(migrate(&mut conn, path).unwrap(), SCHEMA_VERSION);
        let mut next = MIGRATIONS.to_vec();
        next.push(Migration {
            version: SCHEMA_VERSION + 1,
            name: "next_test",
            sql: "CREATE TABLE test_next (x INTEGER) STRICT;",
        });
        assert_eq!(
            apply(&mut conn, path, &next, &mut |_, _| Ok(())).unwrap(),
            SCHEMA_VERSION + 1
        );
        assert!(table_exists(&conn, "test_next"));
        // Again: nothing to do (CREATE TABLE would fail if it ran twice).
        assert_eq!(
            apply(&mut conn, path, &next, &mut |_, _| Ok(())).unwrap(),
            SCHEMA_VERSION + 1
        );
        // And the real list now refuses the newer database.
        assert!(matches!(
            migrate(&mut conn, path),
            Err(StoreError::TooNew { found, supported, .. })
                if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION
        ));
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        let mut broken = MIGRATIONS.to_vec();
        broken.push(Migration {
            version: SCHEMA_VERSION + 1,
            name: "broken",
            sql: "CREATE TABLE half_done (x INTEGER); THIS IS NOT SQL;",
        });
        let err = apply(&mut conn, path, &broken, &mut |_, _| Ok(())).unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Migration {
                    version,
                    name: "broken",
                    ..
                } if version == SCHEMA_VERSION + 1
            ),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.contains(&format!("migration {} broken", SCHEMA_VERSION + 1)),
            "{text}"
        );
        // One readable line, without the migration's SQL.
        assert!(
            !text.contains('\n') && !text.contains("CREATE TABLE"),
            "{text}"
        );
        // The whole batch, the earlier migrations included, was rolled back.
        assert_eq!(read_header(&conn).unwrap().user_version, 0);
        assert!(!table_exists(&conn, "projects"));
        assert!(!table_exists(&conn, "half_done"));
    }

    #[test]
    fn a_version_2_database_is_upgraded_and_keeps_its_history() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        let path = Path::new(":memory:");
        assert_eq!(
            apply(&mut conn, path, &MIGRATIONS[..2], &mut |_, _| Ok(())).unwrap(),
            2
        );
        conn.execute_batch(
            "INSERT INTO projects (id, title, agency, data, created_at, updated_at)
             VALUES (5, 't', 'a', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
             INSERT INTO history (id, project_id, at, revision, action, field, old_value, new_value)
             VALUES (11, 5, '2026-01-01T00:00:00.000Z', 1, 'create', NULL, NULL, '{}'),
                    (12, 5, '2026-01-02T00:00:00.000Z', 2, 'update', '/title', '\"a\"', '\"t\"');",
        )
        .unwrap();
        // Version 2 refuses the new actions.
        let new_action = "INSERT INTO history (project_id, at, revision, action)
                          VALUES (5, '2026-01-03T00:00:00.000Z', 2, 'export_package')";
        assert!(conn.execute(new_action, []).is_err());

        assert_eq!(migrate(&mut conn, path).unwrap(), SCHEMA_VERSION);
        let rows: Vec<(i64, String, Option<String>, Option<String>)> = conn
            .prepare("SELECT id, action, field, new_value FROM history ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (11, "create".into(), None, Some("{}".into())),
                (
                    12,
                    "update".into(),
                    Some("/title".into()),
                    Some("\"t\"".into())
                ),
            ]
        );
        conn.execute(new_action, []).unwrap();
        // The index is back, the other actions are still checked, and deleting the project
        // still takes its history with it.
        let index: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'history_by_project' AND tbl_name = 'history'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        assert!(conn
            .execute(
                "INSERT INTO history (project_id, at, revision, action) VALUES (5, 'x', 2, 'bogus')",
                [],
            )
            .is_err());
        assert!(table_exists(&conn, "review_packages"));
        assert!(table_exists(&conn, "responses"));
        assert!(!table_exists(&conn, "history_v3"));
        conn.execute("DELETE FROM projects WHERE id = 5", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn a_version_1_database_is_upgraded_and_keeps_its_projects() {
        let mut conn = Connection::open_in_memory().unwrap();
        let path = Path::new(":memory:");
        assert_eq!(
            apply(&mut conn, path, &MIGRATIONS[..1], &mut |_, _| Ok(())).unwrap(),
            1
        );
        conn.execute(
            "INSERT INTO projects (title, agency, data, created_at, updated_at)
             VALUES ('t', 'a', '{}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
            [],
        )
        .unwrap();
        assert_eq!(migrate(&mut conn, path).unwrap(), SCHEMA_VERSION);
        assert!(table_exists(&conn, "checklist_answers"));
        let n: i64 = conn
            .query_row("SELECT count(*) FROM projects", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
