//! The connection: opening (and refusing) database files, pragmas, migrations and the
//! transaction helpers every table module uses.

use crate::backup::{self, BackupFile, BackupPolicy, BackupReason};
use crate::clock::{Clock, SystemClock};
use crate::error::{Result, StoreError};
use crate::migrate::{
    check_claimed_version, check_header, migrate_with, read_header, MIGRATIONS, SCHEMA_VERSION,
};
use crate::model::ProjectId;
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use secspec_core::{Bilingual, Message};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a write waits for another process (the desktop app or the CLI) to finish its write.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The SecSpec database. Not `Sync`: share it behind a `Mutex` if needed.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) clock: Box<dyn Clock>,
    path: PathBuf,
    read_only: bool,
    /// Why this open's daily backup could not be made (the database still opened).
    backup_problem: Option<Message>,
}

/// How a connection is being prepared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A file opened for writing: WAL, migrations.
    ReadWrite,
    /// A file that cannot be written: checked, never changed.
    ReadOnly,
    /// A private in-memory database.
    Memory,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens and migrates the database at `path` with the system clock; see
    /// [`Store::open_with_clock`].
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_clock(path, SystemClock)
    }

    /// Opens the database at `path`, with timestamps from `clock`.
    ///
    /// Where no file exists, a new database is made under a temporary name, migrated, and only
    /// then linked into place (readable by the owner only), so no other process ever sees a
    /// half-made database. An existing file is never re-created: an empty file, a file that
    /// is not an SQLite database, another application's database, a database from a newer
    /// SecSpec and one whose tables are ahead of the schema version it states are refused and
    /// left unchanged. A database that cannot be written (read-only
    /// file, folder or medium) opens read-only for viewing; writes then fail with
    /// [`StoreError::ReadOnly`].
    pub fn open_with_clock(path: &Path, clock: impl Clock + 'static) -> Result<Store> {
        Store::open_with(path, clock, BackupPolicy::default())
    }

    /// Opens the database at `path` with timestamps from `clock`, making backups as `policy`
    /// says: before a schema migration (after `PRAGMA quick_check`; the migration does not run
    /// when the backup cannot be made) and on the first open of a day. A damaged database is
    /// refused, unchanged, with its newest backup named.
    pub fn open_with(
        path: &Path,
        clock: impl Clock + 'static,
        policy: BackupPolicy,
    ) -> Result<Store> {
        Store::open_inner(path, Box::new(clock), policy).map_err(|e| e.naming_backup(path))
    }

    fn open_inner(path: &Path, clock: Box<dyn Clock>, policy: BackupPolicy) -> Result<Store> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                latest_backup: None,
            }),
            Ok(meta) if meta.len() == 0 => Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            }),
            Ok(_) => open_existing(path, clock, policy),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
                if folder.is_some_and(|f| !f.is_dir()) {
                    return Err(StoreError::NoFolder {
                        path: folder.map(Path::to_path_buf).unwrap_or_default(),
                    });
                }
                create_new(path)?;
                // Nothing to back up in a database made just now.
                open_existing(
                    path,
                    clock,
                    BackupPolicy {
                        automatic: false,
                        ..policy
                    },
                )
            }
            Err(e) => Err(StoreError::Io {
                path: path.to_path_buf(),
                source: e,
            }),
        }
    }

    /// A private in-memory database (for tests), with the system clock.
    pub fn open_in_memory() -> Result<Store> {
        Store::open_in_memory_with_clock(SystemClock)
    }

    /// A private in-memory database with timestamps from `clock`.
    pub fn open_in_memory_with_clock(clock: impl Clock + 'static) -> Result<Store> {
        let path = Path::new(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        prepare_with_retry(&mut conn, path, Mode::Memory, None)?;
        Ok(Store {
            conn,
            clock: Box::new(clock),
            path: path.to_path_buf(),
            read_only: false,
            backup_problem: None,
        })
    }

    /// True when the database could only be opened for reading.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_one(None, "user_version")?)
    }

    /// The journal mode in effect (`wal` for a file database).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self.conn.pragma_query_one(None, "journal_mode")?)
    }

    /// Whether foreign keys are enforced on this connection.
    pub fn foreign_keys_enabled(&self) -> Result<bool> {
        Ok(self.conn.pragma_query_one(None, "foreign_keys")?)
    }

    // Transactions are opened on `&self`: the connection is not `Sync`, and no method opens a
    // transaction while another one of this store is active, so they never nest.
    pub(crate) fn write_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    pub(crate) fn read_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Deferred,
        )?)
    }

    /// Rows of one project (`?1` in `sql` is its id), read in one transaction after checking
    /// the project exists, each turned into a value by `row`.
    pub(crate) fn project_rows<T>(
        &self,
        project_id: ProjectId,
        sql: &str,
        mut row: impl FnMut(&rusqlite::Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let tx = self.read_tx()?;
        current_revision(&tx, project_id)?;
        let mut out = Vec::new();
        {
            let mut stmt = tx.prepare_cached(sql)?;
            let mut rows = stmt.query(params![project_id.0])?;
            while let Some(r) = rows.next()? {
                out.push(row(r)?);
            }
        }
        tx.commit()?;
        Ok(out)
    }
}

fn open_error(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    }
}

/// Opens an existing file for writing, or read-only when it (or its folder) cannot be written.
fn open_existing(path: &Path, clock: Box<dyn Clock>, policy: BackupPolicy) -> Result<Store> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(open_error(path))?;
    // SQLite opens a write-protected file read-only without an error.
    let mut read_only = conn.is_readonly(c"main").unwrap_or(false);
    let mode = if read_only {
        Mode::ReadOnly
    } else {
        Mode::ReadWrite
    };
    let backups = policy.automatic.then_some(clock.as_ref());
    match prepare_with_retry(&mut conn, path, mode, backups) {
        Ok(()) => {}
        // A WAL database in a read-only folder cannot make its -shm file: read it as an
        // immutable file instead (nothing can write it meanwhile).
        Err(StoreError::ReadOnly(_) | StoreError::Open { .. }) | Err(StoreError::CannotOpen(_)) => {
            conn = open_immutable(path)?;
            read_only = true;
            prepare_with_retry(&mut conn, path, Mode::ReadOnly, None)?;
        }
        Err(e) => return Err(e),
    }
    let mut backup_problem = None;
    if policy.automatic && !read_only {
        let now = clock.now();
        if !backup::made_today(path, now, policy.day_offset) {
            // Never a damaged database among the backups (it would push out sound ones).
            refuse_damaged(&conn, path)?;
            if let Err(e) = backup::take(&conn, path, &BackupReason::Daily, now) {
                backup_problem = Some(e.message());
            }
        }
    }
    Ok(Store {
        conn,
        clock,
        path: path.to_path_buf(),
        read_only,
        backup_problem,
    })
}

/// `PRAGMA quick_check`, with a damaged database refused.
fn refuse_damaged(conn: &Connection, path: &Path) -> Result<()> {
    let problems = backup::quick_check(conn).or_else(|e| match e {
        StoreError::Corrupt(e) => Ok(vec![crate::error::reason(&e)]),
        e => Err(e),
    })?;
    if problems.is_empty() {
        return Ok(());
    }
    Err(StoreError::Damaged {
        path: path.to_path_buf(),
        detail: problems.into_iter().take(3).collect::<Vec<_>>().join("; "),
        latest_backup: None,
    })
}

fn open_immutable(path: &Path) -> Result<Connection> {
    let mut uri = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(char::from(b))
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri.push_str("?immutable=1");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(uri, flags).map_err(open_error(path))
}

/// Makes a new, migrated database at `path` without ever showing a partial one there: built
/// under a temporary name in the same folder, then hard-linked into place (which fails instead
/// of replacing a file another process made meanwhile).
fn create_new(path: &Path) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let tmp = path.with_file_name(format!(".{name}.{}.{nanos}.new", std::process::id()));
    let made = (|| {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&tmp, flags).map_err(open_error(path))?;
        prepare_with_retry(&mut conn, path, Mode::ReadWrite, None)?;
        // Closing checkpoints the WAL into the file and removes -wal/-shm.
        conn.close().map_err(|(_, e)| StoreError::from(e))?;
        owner_only(&tmp);
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            // File systems without hard links (FAT on a USB stick): rename, unless a file
            // appeared meanwhile.
            Err(_) if !path.exists() => std::fs::rename(&tmp, path).map_err(|e| StoreError::Io {
                path: path.to_path_buf(),
                source: e,
            }),
            Err(_) => Ok(()),
        }
    })();
    for leftover in [
        tmp.clone(),
        tmp.with_extension("new-wal"),
        tmp.with_extension("new-shm"),
    ] {
        let _ = std::fs::remove_file(leftover);
    }
    made
}

/// The database holds an office's only copy of its work: readable by its owner only.
#[cfg(unix)]
pub(crate) fn owner_only(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
pub(crate) fn owner_only(_path: &Path) {}

/// `backups`: the clock of the backup before a migration, when backups are made.
fn prepare_with_retry(
    conn: &mut Connection,
    path: &Path,
    mode: Mode,
    backups: Option<&dyn Clock>,
) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLite does not always call the busy handler while another connection switches the
    // file to WAL or migrates it (several processes opening a database at once), so retry
    // the whole preparation until the busy timeout.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match prepare(conn, path, mode, backups) {
            Err(StoreError::Busy(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// Checks the header, sets the connection pragmas and migrates. Nothing is written before the
/// header check passed, and nothing at all in read-only mode.
fn prepare(
    conn: &mut Connection,
    path: &Path,
    mode: Mode,
    backups: Option<&dyn Clock>,
) -> Result<()> {
    let header = read_header(conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                latest_backup: None,
            }
        }
        _ => StoreError::from(e),
    })?;
    check_header(header, path, SCHEMA_VERSION)?;
    check_claimed_version(conn, header, path, MIGRATIONS)?;

    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: bool = conn.pragma_query_one(None, "foreign_keys")?;
    if !fk {
        return Err(StoreError::invalid(
            "この SQLite は外部キーに対応していません",
            "SQLite without foreign key support",
        ));
    }
    if mode == Mode::ReadWrite {
        // Returns the mode in effect; a file system without WAL support keeps the old mode,
        // which still works (only with less concurrency), so that is not an error.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    }
    if header.user_version != SCHEMA_VERSION {
        if mode == Mode::ReadOnly {
            return Err(StoreError::NeedsUpgrade {
                path: path.to_path_buf(),
                found: header.user_version,
            });
        }
        // Inside the migration's write lock: only the process that migrates makes the backup,
        // and it holds exactly what the migration starts from.
        migrate_with(conn, path, &mut |tx, from| {
            let Some(clock) = backups else {
                return Ok(());
            };
            refuse_damaged(tx, path)?;
            let reason = BackupReason::BeforeMigration {
                from,
                to: SCHEMA_VERSION,
            };
            // SQLite does not copy from a connection in a write transaction: a second one
            // reads the last committed state, which nobody can change while this one holds
            // the write lock.
            let failed = |e| StoreError::BackupFailed {
                path: path.to_path_buf(),
                source: Box::new(e),
            };
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let reader = Connection::open_with_flags(path, flags)
                .map_err(|e| failed(StoreError::from(e)))?;
            reader
                .busy_timeout(BUSY_TIMEOUT)
                .map_err(|e| failed(StoreError::from(e)))?;
            backup::take(&reader, path, &reason, clock.now())
                .map(drop)
                .map_err(failed)
        })?;
    }
    Ok(())
}

pub(crate) fn current_revision(conn: &Connection, id: ProjectId) -> Result<i64> {
    conn.query_row(
        "SELECT revision FROM projects WHERE id = ?1",
        params![id.0],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound(id))
}

impl Store {
    /// `PRAGMA integrity_check`: `Ok(())` when SQLite finds the file sound, else the problems.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// Why the daily backup of this open could not be made, if it could not.
    pub fn backup_problem(&self) -> Option<&Message> {
        self.backup_problem.as_ref()
    }

    /// A backup into the backups folder now (for `reason`), then the last
    /// [`crate::backup::KEEP`] are kept.
    pub fn backup_now(&self, reason: &BackupReason) -> Result<BackupFile> {
        if self.path == Path::new(":memory:") {
            return Err(StoreError::invalid(
                "メモリ上のデータベースはバックアップしません",
                "an in-memory database has no backups",
            ));
        }
        backup::take(&self.conn, &self.path, reason, self.clock.now())
    }

    /// Writes a backup to `out` (a new file) through a temporary name beside it.
    pub fn export_backup(&self, out: &Path) -> Result<()> {
        backup::export(&self.conn, out)
    }

    /// A consistent copy of the whole database at `dest` (which must not exist), made with
    /// SQLite's online backup API while others may keep using the database.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup(&self.conn, dest)
    }
}

/// Copies the database file at `src` (any SecSpec schema version; opened read-only, never
/// changed) to `dest` with the online backup API.
pub fn copy_database(src: &Path, dest: &Path) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(src, flags).map_err(open_error(src))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    read_header(&conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: src.to_path_buf(),
                latest_backup: None,
            }
        }
        _ => StoreError::from(e),
    })?;
    backup(&conn, dest)
}

fn backup(conn: &Connection, dest: &Path) -> Result<()> {
    if dest.exists() {
        return Err(StoreError::Io {
            path: dest.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
        });
    }
    let result = (|| {
        let mut target = Connection::open(dest).map_err(open_error(dest))?;
        {
            let b = rusqlite::backup::Backup::new(conn, &mut target)?;
            b.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        target.close().map_err(|(_, e)| StoreError::from(e))?;
        owner_only(dest);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}
