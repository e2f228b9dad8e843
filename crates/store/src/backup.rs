//! Backups of the database: copies made with SQLite's online backup API into a `backups`
//! folder next to the database, before every schema migration, once a day on the first open,
//! before a restore and on request; the last [`KEEP`] are kept. Each copy is written under a
//! hidden temporary name, flushed to disk and only then given its final name, so a backup under
//! a final name is always whole. A copy is a plain single-file database (rollback journal), so
//! it can be opened, copied or mailed as it is.
//!
//! File names sort by time and say why they were made, e.g.
//! `secspec-2026-12-07T040512Z-before-migration-1-to-4.sqlite3` (the database's own name first,
//! so the backups of several databases in one folder stay apart; the time in UTC).
//!
//! Restoring copies a checked file into the live database with the same backup API, in one
//! write transaction: every process using the database sees either the old or the restored
//! content, and a crash leaves one of the two.

use crate::clock::{Clock, SystemClock};
use crate::connection::{owner_only, BUSY_TIMEOUT};
use crate::error::{Result, StoreError};
use crate::migrate::{
    check_claimed_version, check_header, migrate, read_header, Header, APPLICATION_ID,
    SCHEMA_VERSION,
};
use rusqlite::{Connection, OpenFlags};
use secspec_core::Message;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// How many backups are kept (the oldest beyond are removed after each new one).
pub const KEEP: usize = 7;

/// The folder of the backups, next to the database.
pub const FOLDER: &str = "backups";

const EXTENSION: &str = ".sqlite3";

/// When the store makes backups on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupPolicy {
    /// Before a migration and once a day on the first open (never for a read-only database, an
    /// in-memory one or one this open has just created).
    pub automatic: bool,
    /// The time zone whose calendar days count for the daily backup.
    pub day_offset: UtcOffset,
}

impl Default for BackupPolicy {
    fn default() -> Self {
        BackupPolicy {
            automatic: true,
            day_offset: UtcOffset::UTC,
        }
    }
}

impl BackupPolicy {
    /// No automatic backups (temporary copies, checks).
    pub const NONE: BackupPolicy = BackupPolicy {
        automatic: false,
        day_offset: UtcOffset::UTC,
    };
}

/// Why a backup was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupReason {
    /// The first open of a day.
    Daily,
    /// Asked for (the desktop app's button, `secspec db backup`).
    Manual,
    /// Before upgrading the schema from one version to another.
    BeforeMigration { from: i64, to: i64 },
    /// The database as it was before a backup was restored over it.
    BeforeRestore,
    /// A database SQLite could not read, copied byte for byte before a restore replaced it.
    DamagedBeforeRestore,
}

impl BackupReason {
    /// The reason as it appears in the file name.
    pub fn slug(&self) -> String {
        match self {
            BackupReason::Daily => "daily".into(),
            BackupReason::Manual => "manual".into(),
            BackupReason::BeforeMigration { from, to } => {
                format!("before-migration-{from}-to-{to}")
            }
            BackupReason::BeforeRestore => "before-restore".into(),
            BackupReason::DamagedBeforeRestore => "damaged-before-restore".into(),
        }
    }

    fn parse(slug: &str) -> Option<BackupReason> {
        Some(match slug {
            "daily" => BackupReason::Daily,
            "manual" => BackupReason::Manual,
            "before-restore" => BackupReason::BeforeRestore,
            "damaged-before-restore" => BackupReason::DamagedBeforeRestore,
            other => {
                let (from, to) = other
                    .strip_prefix("before-migration-")?
                    .split_once("-to-")?;
                BackupReason::BeforeMigration {
                    from: from.parse().ok()?,
                    to: to.parse().ok()?,
                }
            }
        })
    }

    /// The reason in words.
    pub fn label(&self) -> Message {
        match self {
            BackupReason::Daily => Message::new("毎日の自動バックアップ", "Daily backup"),
            BackupReason::Manual => Message::new("手動バックアップ", "Made on request"),
            BackupReason::BeforeMigration { from, to } => Message::new(
                format!("形式の更新（{from} → {to}）の前"),
                format!("Before the schema upgrade {from} → {to}"),
            ),
            BackupReason::BeforeRestore => {
                Message::new("復元の前のデータベース", "The database before a restore")
            }
            BackupReason::DamagedBeforeRestore => Message::new(
                "復元の前の壊れたデータベース（そのままの複製）",
                "The damaged database before a restore (copied as it was)",
            ),
        }
    }
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub file_name: String,
    /// When it was made (from its name).
    pub at: OffsetDateTime,
    pub reason: BackupReason,
    pub size: u64,
}

/// The backups folder of the database at `db`.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

/// The part of the database's file name the backups' names start with (`secspec` for
/// `secspec.db`).
fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "secspec".into())
}

const STAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour][minute][second]Z");

/// The file name of a backup of `db` made at `at` for `reason`; `n` > 1 tells apart two made
/// in the same second.
fn file_name(db: &Path, at: OffsetDateTime, reason: &BackupReason, n: u32) -> Result<String> {
    let stamp = at.to_offset(UtcOffset::UTC).format(STAMP).map_err(|e| {
        StoreError::invalid(
            format!("日時を書式化できません: {e}"),
            format!("cannot format the time: {e}"),
        )
    })?;
    let count = if n > 1 {
        format!(".{n}")
    } else {
        String::new()
    };
    Ok(format!(
        "{}-{stamp}-{}{count}{EXTENSION}",
        stem(db),
        reason.slug()
    ))
}

/// Reads a backup's name back: (time, reason, same-second counter).
fn parse_name(db: &Path, name: &str) -> Option<(OffsetDateTime, BackupReason, u32)> {
    let rest = name.strip_prefix(&format!("{}-", stem(db)))?;
    let rest = rest.strip_suffix(EXTENSION)?;
    let stamp = rest.get(..18)?;
    let at = PrimitiveDateTime::parse(stamp, STAMP).ok()?.assume_utc();
    let rest = rest.get(18..)?.strip_prefix('-')?;
    let (slug, n) = match rest.rsplit_once('.') {
        Some((slug, n)) => (slug, n.parse().ok()?),
        None => (rest, 1),
    };
    Some((at, BackupReason::parse(slug)?, n))
}

/// The backups of the database at `db`, newest first. No folder: none.
pub fn list_backups(db: &Path) -> Result<Vec<BackupFile>> {
    let dir = backup_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Io { path: dir, source }),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((at, reason, n)) = parse_name(db, &name) else {
            continue;
        };
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        if !meta.is_file() {
            continue;
        }
        // Names hold the second; two backups of one second (a manual one, then the one a
        // restore makes) are told apart by when they were written.
        let written = meta.modified().ok();
        found.push((
            (written, n),
            BackupFile {
                path: entry.path(),
                file_name: name,
                at,
                reason,
                size: meta.len(),
            },
        ));
    }
    found.sort_by(|(ka, a), (kb, b)| (b.at, kb, &b.file_name).cmp(&(a.at, ka, &a.file_name)));
    Ok(found.into_iter().map(|(_, b)| b).collect())
}

/// The newest backup of the database at `db`, if any.
pub fn latest_backup(db: &Path) -> Option<PathBuf> {
    list_backups(db)
        .ok()
        .and_then(|l| l.into_iter().next())
        .map(|b| b.path)
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Flushes a folder's entries (a crash after this keeps the new names).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The hidden name a file is written under before it gets its final name.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

/// Gives `tmp` the name `dest` unless a file is there already (then `Ok(false)`).
fn link_into_place(tmp: &Path, dest: &Path) -> Result<bool> {
    match std::fs::hard_link(tmp, dest) {
        Ok(()) => {
            let _ = std::fs::remove_file(tmp);
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        // File systems without hard links (FAT on a USB stick).
        Err(_) if !dest.exists() => {
            std::fs::rename(tmp, dest).map_err(io(dest))?;
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

/// Copies the database of `conn` into a new file at `tmp` with the online backup API, as a
/// standalone file (rollback journal), flushed to disk. The copy waits for writers of other
/// processes at most [`BUSY_TIMEOUT`] per step.
fn copy_to(conn: &Connection, tmp: &Path) -> Result<()> {
    let _ = std::fs::remove_file(tmp);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut target =
        Connection::open_with_flags(tmp, flags).map_err(|source| StoreError::Open {
            path: tmp.to_path_buf(),
            source,
        })?;
    owner_only(tmp);
    {
        let b = rusqlite::backup::Backup::new(conn, &mut target)?;
        run(&b, 256)?;
    }
    // The copy of a WAL database says WAL in its header: make it a plain single file.
    let _mode: String =
        target.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    target.close().map_err(|(_, e)| StoreError::from(e))?;
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(tmp))?;
    Ok(())
}

/// Runs a backup to the end, giving up after [`BUSY_TIMEOUT`] without progress (the
/// rusqlite helper would wait for ever on a lock held by another process).
fn run(b: &rusqlite::backup::Backup<'_, '_>, pages: std::os::raw::c_int) -> Result<()> {
    use rusqlite::backup::StepResult;
    let mut deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match b.step(pages)? {
            StepResult::Done => return Ok(()),
            StepResult::More => deadline = Instant::now() + BUSY_TIMEOUT,
            StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                return Err(StoreError::Busy(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    None,
                )))
            }
        }
    }
}

/// Removes hidden temporary files of killed backups (their process is gone; only where
/// `/proc` tells which processes run).
fn remove_leftovers(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            continue;
        }
        let Some(pid) = name
            .strip_suffix(".part")
            .and_then(|n| n.rsplit_once('.'))
            .map(|(_, pid)| pid)
        else {
            continue;
        };
        let dead = !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && pid != std::process::id().to_string()
            && !proc.join(pid).exists();
        if dead && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes the backups folder (readable by its owner only: the backups hold the keys too).
fn make_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// Puts a finished temporary copy in the backups folder under the first free name, then keeps
/// the last [`KEEP`].
fn place(db: &Path, tmp: &Path, at: OffsetDateTime, reason: &BackupReason) -> Result<BackupFile> {
    let dir = backup_dir(db);
    for n in 1..100 {
        let name = file_name(db, at, reason, n)?;
        let dest = dir.join(&name);
        if link_into_place(tmp, &dest)? {
            sync_dir(&dir);
            let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
            rotate(db, KEEP);
            return Ok(BackupFile {
                path: dest,
                file_name: name,
                at,
                reason: reason.clone(),
                size,
            });
        }
    }
    let _ = std::fs::remove_file(tmp);
    Err(StoreError::Io {
        path: dir,
        source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "too many backups"),
    })
}

/// A backup of the database of `conn` (whose file is `db`) into its backups folder.
pub(crate) fn take(
    conn: &Connection,
    db: &Path,
    reason: &BackupReason,
    at: OffsetDateTime,
) -> Result<BackupFile> {
    let dir = backup_dir(db);
    make_dir(&dir)?;
    remove_leftovers(&dir);
    let tmp = temporary(&dir.join(file_name(db, at, reason, 1)?));
    let made = copy_to(conn, &tmp).and_then(|()| place(db, &tmp, at, reason));
    if made.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    made
}

/// A byte-for-byte copy of a database SQLite cannot read (and of its WAL, kept beside the copy
/// under the name SQLite looks for) into the backups folder.
fn take_raw(db: &Path, at: OffsetDateTime) -> Result<BackupFile> {
    let reason = BackupReason::DamagedBeforeRestore;
    let dir = backup_dir(db);
    make_dir(&dir)?;
    let tmp = temporary(&dir.join(file_name(db, at, &reason, 1)?));
    let made = (|| {
        std::fs::copy(db, &tmp).map_err(io(db))?;
        owner_only(&tmp);
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(io(&tmp))?;
        let placed = place(db, &tmp, at, &reason)?;
        let wal = side(db, "-wal");
        if wal.is_file() {
            let dest = side(&placed.path, "-wal");
            std::fs::copy(&wal, &dest).map_err(io(&wal))?;
            File::open(&dest)
                .and_then(|f| f.sync_all())
                .map_err(io(&dest))?;
        }
        Ok(placed)
    })();
    if made.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    made
}

/// `path` with `suffix` added to its name (`-wal`, `-shm`).
fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Keeps the newest `keep` backups of `db` and removes the others (with a WAL copied beside).
pub(crate) fn rotate(db: &Path, keep: usize) {
    let Ok(all) = list_backups(db) else {
        return;
    };
    for old in all.into_iter().skip(keep) {
        let _ = std::fs::remove_file(&old.path);
        let _ = std::fs::remove_file(side(&old.path, "-wal"));
    }
    sync_dir(&backup_dir(db));
}

/// Whether a backup was made on the calendar day (in `offset`) of `now`.
pub(crate) fn made_today(db: &Path, now: OffsetDateTime, offset: UtcOffset) -> bool {
    let today = now.to_offset(offset).date();
    list_backups(db)
        .unwrap_or_default()
        .iter()
        .any(|b| b.at.to_offset(offset).date() == today)
}

/// `PRAGMA quick_check` (the B-tree structure, without the slower index contents): empty when
/// SQLite finds nothing wrong.
pub(crate) fn quick_check(conn: &Connection) -> Result<Vec<String>> {
    pragma_lines(conn, "PRAGMA quick_check")
}

fn pragma_lines(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
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

/// `PRAGMA foreign_key_check`: one line per row that points at a missing row.
fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{} rowid {} → {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?
                .map_or_else(|| "-".to_string(), |v| v.to_string()),
            r.get::<_, String>(2)?
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes a backup of the database of `conn` to `out` (a new file; an existing one is never
/// replaced), through a temporary name beside it.
pub(crate) fn export(conn: &Connection, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(StoreError::Io {
            path: out.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
        });
    }
    if let Some(folder) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !folder.is_dir() {
            return Err(StoreError::NoFolder {
                path: folder.to_path_buf(),
            });
        }
    }
    let tmp = temporary(out);
    let made = copy_to(conn, &tmp).and_then(|()| match link_into_place(&tmp, out)? {
        true => {
            sync_dir(out.parent().unwrap_or(Path::new(".")));
            Ok(())
        }
        false => Err(StoreError::Io {
            path: out.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
        }),
    });
    if made.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    made
}

/// What `check_database` found.
#[derive(Debug, Clone)]
pub struct DatabaseCheck {
    pub path: PathBuf,
    /// `PRAGMA user_version` of the file.
    pub schema_version: i64,
    /// The schema version this build writes.
    pub supported: i64,
    /// `PRAGMA integrity_check` lines other than `ok`.
    pub integrity: Vec<String>,
    /// `PRAGMA foreign_key_check` rows.
    pub foreign_keys: Vec<String>,
    pub backups: Vec<BackupFile>,
}

impl DatabaseCheck {
    /// Nothing wrong (an older schema is not a problem: it is upgraded on the next open).
    pub fn ok(&self) -> bool {
        self.integrity.is_empty()
            && self.foreign_keys.is_empty()
            && self.schema_version <= self.supported
    }
}

/// Opens `path` read-only (without changing it), checked to be a SecSpec database of a schema
/// this build knows, with the header's facts.
fn open_checked(path: &Path, refuse_newer: bool) -> Result<(Connection, Header)> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(StoreError::NotADatabase {
                path: path.to_path_buf(),
                latest_backup: None,
            })
        }
        Ok(m) if m.len() == 0 => {
            return Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            })
        }
        Ok(_) => {}
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let header = read_header(&conn).map_err(|e| not_a_database(e, path))?;
    if header.application_id != APPLICATION_ID {
        check_header(header, path, SCHEMA_VERSION)?;
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            detail: "application_id = 0".into(),
        });
    }
    let supported = if refuse_newer {
        SCHEMA_VERSION
    } else {
        i64::MAX
    };
    check_header(header, path, supported)?;
    check_claimed_version(&conn, header, path, crate::migrate::MIGRATIONS)?;
    Ok((conn, header))
}

fn not_a_database(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                latest_backup: None,
            }
        }
        _ => StoreError::from(e),
    }
}

/// Checks the database at `path` without changing it: `PRAGMA integrity_check`,
/// `PRAGMA foreign_key_check`, its schema version, and lists its backups. A file that is not
/// a SecSpec database is an error.
pub fn check_database(path: &Path) -> Result<DatabaseCheck> {
    let (conn, header) = open_checked(path, false)?;
    let integrity = pragma_lines(&conn, "PRAGMA integrity_check").or_else(|e| match e {
        StoreError::Corrupt(e) => Ok(vec![crate::error::reason(&e)]),
        e => Err(e),
    })?;
    let foreign_keys = if integrity.is_empty() {
        foreign_key_problems(&conn)?
    } else {
        Vec::new()
    };
    Ok(DatabaseCheck {
        path: path.to_path_buf(),
        schema_version: header.user_version,
        supported: SCHEMA_VERSION,
        integrity,
        foreign_keys,
        backups: list_backups(path)?,
    })
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// The schema version of the file restored (it was upgraded when older).
    pub schema_version: i64,
    /// The backup of the database as it was before the restore (none when there was no file).
    pub previous: Option<BackupFile>,
}

/// Checks `src` and makes a private, migrated copy of it at `tmp`: refused when it is not an
/// SQLite database, not SecSpec's, of a newer schema, or fails `PRAGMA integrity_check` or
/// `PRAGMA foreign_key_check`. `src` itself is only read.
fn checked_copy(src: &Path, tmp: &Path) -> Result<i64> {
    let (conn, header) = open_checked(src, true)?;
    let damaged = |detail: String| StoreError::Damaged {
        path: src.to_path_buf(),
        detail,
        latest_backup: None,
    };
    let problems = pragma_lines(&conn, "PRAGMA integrity_check").map_err(|e| match e {
        StoreError::Corrupt(e) => damaged(crate::error::reason(&e)),
        e => e,
    })?;
    if !problems.is_empty() {
        return Err(damaged(problems.join("; ")));
    }
    let orphans = foreign_key_problems(&conn)?;
    if !orphans.is_empty() {
        return Err(damaged(orphans.join("; ")));
    }
    copy_to(&conn, tmp)?;
    drop(conn);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut copy = Connection::open_with_flags(tmp, flags).map_err(|source| StoreError::Open {
        path: tmp.to_path_buf(),
        source,
    })?;
    copy.pragma_update(None, "foreign_keys", true)?;
    if header.user_version < SCHEMA_VERSION {
        migrate(&mut copy, src)?;
    }
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    File::open(tmp)
        .and_then(|f| f.sync_all())
        .map_err(io(tmp))?;
    Ok(header.user_version)
}

/// Restores the database at `db` from the file `src` (a backup, or any SecSpec database):
/// `src` is checked (see [`check_database`]; a newer schema is refused, an older one upgraded)
/// into a private copy, the current database is backed up (byte for byte when SQLite cannot
/// read it), and the copy replaces the content of the database in one transaction. A damaged
/// database SQLite cannot open at all is replaced by renaming the copy over it instead.
pub fn restore(db: &Path, src: &Path, clock: &dyn Clock) -> Result<Restored> {
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|f| !f.is_dir()) {
        return Err(StoreError::NoFolder {
            path: folder.map(Path::to_path_buf).unwrap_or_default(),
        });
    }
    let tmp = temporary(&side(db, ".restore"));
    let result = (|| {
        let schema_version = checked_copy(src, &tmp)?;
        let now = clock.now();
        let previous = match std::fs::metadata(db) {
            Ok(m) if m.len() > 0 => Some(backup_current(db, now)?),
            _ => None,
        };
        install(db, &tmp)?;
        Ok(Restored {
            schema_version,
            previous,
        })
    })();
    let _ = std::fs::remove_file(&tmp);
    let _ = std::fs::remove_file(side(&tmp, "-journal"));
    result
}

/// The current database's backup before a restore: through SQLite when it can read the file,
/// else the file's bytes.
fn backup_current(db: &Path, now: OffsetDateTime) -> Result<BackupFile> {
    let readable = (|| {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(db, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        read_header(&conn)?;
        Ok::<_, rusqlite::Error>(conn)
    })();
    match readable {
        Ok(conn) => match take(&conn, db, &BackupReason::BeforeRestore, now) {
            Err(StoreError::Corrupt(_)) => take_raw(db, now),
            other => other,
        },
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
            ) =>
        {
            take_raw(db, now)
        }
        Err(e) => Err(StoreError::from(e)),
    }
}

/// Puts the checked copy at `tmp` in place of the database at `db`.
fn install(db: &Path, tmp: &Path) -> Result<()> {
    if !db.exists() && link_into_place(tmp, db)? {
        sync_dir(db.parent().unwrap_or(Path::new(".")));
        return Ok(());
    }
    match install_by_backup(db, tmp) {
        Ok(()) => Ok(()),
        Err(StoreError::Corrupt(_) | StoreError::NotADatabase { .. }) => replace_file(db, tmp),
        Err(e) => Err(e),
    }
}

/// Copies `tmp` into the live database with the backup API: one write transaction of the
/// database itself (WAL or journal), so other connections see the old or the new content and a
/// crash leaves one of them.
fn install_by_backup(db: &Path, tmp: &Path) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut live = Connection::open_with_flags(db, flags).map_err(|source| StoreError::Open {
        path: db.to_path_buf(),
        source,
    })?;
    live.busy_timeout(BUSY_TIMEOUT)?;
    read_header(&live).map_err(|e| not_a_database(e, db))?;
    let src = Connection::open_with_flags(tmp, flags).map_err(|source| StoreError::Open {
        path: tmp.to_path_buf(),
        source,
    })?;
    // A WAL database cannot change its page size: give the copy the live one.
    let live_page: i64 = live.pragma_query_one(None, "page_size")?;
    let src_page: i64 = src.pragma_query_one(None, "page_size")?;
    if live_page != src_page {
        src.pragma_update(None, "page_size", live_page)?;
        src.execute_batch("VACUUM")?;
    }
    {
        let b = rusqlite::backup::Backup::new(&src, &mut live)?;
        // All pages in one step: one transaction on the live database.
        run(&b, -1)?;
    }
    live.close().map_err(|(_, e)| StoreError::from(e))?;
    Ok(())
}

/// Renames the copy over a database SQLite cannot open (its WAL and shared-memory files go
/// first: they belong to the damaged file and must never be applied to the restored one).
fn replace_file(db: &Path, tmp: &Path) -> Result<()> {
    for suffix in ["-wal", "-shm", "-journal"] {
        let f = side(db, suffix);
        match std::fs::remove_file(&f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&f)(e)),
        }
    }
    std::fs::rename(tmp, db).map_err(io(db))?;
    sync_dir(db.parent().unwrap_or(Path::new(".")));
    Ok(())
}

/// A backup now, of the database at `db` (for callers without an open store).
pub fn backup_now(db: &Path, reason: &BackupReason) -> Result<BackupFile> {
    let (conn, _) = open_checked(db, false)?;
    take(&conn, db, reason, SystemClock.now())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_sort_by_time_and_read_back() {
        let db = Path::new("/x/secspec.db");
        let at = datetime!(2026-12-07 04:05:12 UTC);
        let reason = BackupReason::BeforeMigration { from: 1, to: 4 };
        let name = file_name(db, at, &reason, 1).unwrap();
        assert_eq!(
            name,
            "secspec-2026-12-07T040512Z-before-migration-1-to-4.sqlite3"
        );
        assert_eq!(parse_name(db, &name), Some((at, reason.clone(), 1)));
        let second = file_name(db, at, &BackupReason::Daily, 2).unwrap();
        assert_eq!(second, "secspec-2026-12-07T040512Z-daily.2.sqlite3");
        assert_eq!(parse_name(db, &second), Some((at, BackupReason::Daily, 2)));
        // Another database's backups and other files are not this database's.
        assert_eq!(parse_name(Path::new("/x/other.db"), &name), None);
        assert_eq!(
            parse_name(db, "secspec-old-2026-12-07T040512Z-daily.sqlite3"),
            None
        );
        assert_eq!(
            parse_name(db, "secspec-2026-12-07T040512Z-daily.sqlite3-wal"),
            None
        );
        assert_eq!(
            parse_name(db, "secspec-2026-12-07T040512Z-bogus.sqlite3"),
            None
        );
        for r in [
            BackupReason::Daily,
            BackupReason::Manual,
            BackupReason::BeforeRestore,
            BackupReason::DamagedBeforeRestore,
        ] {
            assert_eq!(BackupReason::parse(&r.slug()), Some(r));
        }
    }
}
