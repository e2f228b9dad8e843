//! Errors of the store, each with its message in Japanese and English (as data).

use crate::model::ProjectId;
use rusqlite::ErrorCode;
use secspec_core::{Bilingual, Message};
use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file could not be opened or created (missing folder, permissions, …).
    #[error("{}", self.message())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// A file operation around the database failed.
    #[error("{}", self.message())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The folder the database should be in does not exist.
    #[error("{}", self.message())]
    NoFolder { path: PathBuf },

    /// SQLite could not open a file it needs (e.g. the -shm file in a read-only folder).
    #[error("{}", self.message())]
    CannotOpen(#[source] rusqlite::Error),

    /// The file exists but is empty: never taken as a new database. It was not modified.
    #[error("{}", self.message())]
    EmptyFile { path: PathBuf },

    /// The file exists but is not an SQLite database (or its header is damaged). It was not modified.
    #[error("{}", self.message())]
    NotADatabase {
        path: PathBuf,
        /// The newest backup of this database, named in the message.
        latest_backup: Option<PathBuf>,
    },

    /// SQLite reads the file but finds it damaged (`PRAGMA quick_check` or `integrity_check`).
    /// It was not modified.
    #[error("{}", self.message())]
    Damaged {
        path: PathBuf,
        detail: String,
        latest_backup: Option<PathBuf>,
    },

    /// The backup before a schema migration could not be made, so the database was not
    /// upgraded (and not changed).
    #[error("{}", self.message())]
    BackupFailed {
        path: PathBuf,
        #[source]
        source: Box<StoreError>,
    },

    /// An SQLite database that belongs to another application. It was not modified.
    #[error("{}", self.message())]
    ForeignDatabase { path: PathBuf, detail: String },

    /// The database was written by a newer SecSpec. It was not modified.
    #[error("{}", self.message())]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// The database states an older schema version than its tables show (the version was
    /// lowered, or the file pieced together): damaged. It was not modified.
    #[error("{}", self.message())]
    VersionMismatch {
        path: PathBuf,
        claimed: i64,
        /// A table of a later schema that is already there.
        table: String,
        latest_backup: Option<PathBuf>,
    },

    /// An older database that needs an upgrade but can only be read.
    #[error("{}", self.message())]
    NeedsUpgrade { path: PathBuf, found: i64 },

    /// A schema migration failed; the transaction was rolled back, so the database is unchanged.
    #[error("{}", self.message())]
    Migration {
        version: i64,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// No project with this id.
    #[error("{}", self.message())]
    NotFound(ProjectId),

    /// The project was changed (by another window or process) since the caller read it.
    #[error("{}", self.message())]
    Conflict {
        id: ProjectId,
        expected: i64,
        actual: i64,
    },

    /// The caller passed a value the store cannot accept.
    #[error("{}", self.message())]
    Invalid(Message),

    /// The database is locked by another process for longer than the busy timeout.
    #[error("{}", self.message())]
    Busy(#[source] rusqlite::Error),

    /// The database (or its folder) cannot be written.
    #[error("{}", self.message())]
    ReadOnly(#[source] rusqlite::Error),

    /// The disk (or the quota) is full.
    #[error("{}", self.message())]
    DiskFull(#[source] rusqlite::Error),

    /// The database file is damaged.
    #[error("{}", self.message())]
    Corrupt(#[source] rusqlite::Error),

    /// A stored value could not be read back (edited by hand, or written by an incompatible version).
    #[error("{}", self.message())]
    BadData(String),

    /// Any other SQLite error.
    #[error("{}", self.message())]
    Sqlite(#[source] rusqlite::Error),

    /// A value could not be converted to or from JSON.
    #[error("{}", self.message())]
    Json(#[from] serde_json::Error),
}

impl StoreError {
    pub(crate) fn invalid(ja: impl Into<String>, en: impl Into<String>) -> StoreError {
        StoreError::Invalid(Message::new(ja, en))
    }
}

/// The first line of an SQLite error, without the SQL text it may carry.
pub(crate) fn reason(e: &rusqlite::Error) -> String {
    let text = match e {
        rusqlite::Error::SqliteFailure(f, Some(msg)) => format!("{msg} ({:?})", f.code),
        rusqlite::Error::SqlInputError { msg, .. } => msg.clone(),
        other => other.to_string(),
    };
    text.lines().next().unwrap_or_default().to_string()
}

impl Bilingual for StoreError {
    fn message(&self) -> Message {
        fn m(ja: impl Into<String>, en: impl Into<String>) -> Message {
            Message::new(ja, en)
        }
        match self {
            StoreError::Open { path, source } => m(
                format!("データベースを開けません: {}: {}", path.display(), reason(source)),
                format!("cannot open the database {}: {}", path.display(), reason(source)),
            ),
            StoreError::Io { path, source } => m(
                format!("{}: ファイルを操作できません: {source}", path.display()),
                format!("{}: file operation failed: {source}", path.display()),
            ),
            StoreError::NoFolder { path } => m(
                format!("データベースのフォルダがありません: {}", path.display()),
                format!("the database's folder does not exist: {}", path.display()),
            ),
            StoreError::CannotOpen(e) => m(
                format!("データベースの作業ファイルを作れません: {}", reason(e)),
                format!("cannot create the database's working files: {}", reason(e)),
            ),
            StoreError::EmptyFile { path } => m(
                format!(
                    "空のファイルです。SecSpec のデータベースとしては使いません（ファイルは変更していません）: {}",
                    path.display()
                ),
                format!(
                    "the file is empty; it is not used as a SecSpec database (the file was left unchanged): {}",
                    path.display()
                ),
            ),
            StoreError::NotADatabase {
                path,
                latest_backup,
            } => with_backup(
                m(
                    format!(
                        "SQLite のデータベースではないか、壊れています（ファイルは変更していません）: {}",
                        path.display()
                    ),
                    format!(
                        "not an SQLite database or damaged (the file was left unchanged): {}",
                        path.display()
                    ),
                ),
                latest_backup.as_deref(),
            ),
            StoreError::Damaged {
                path,
                detail,
                latest_backup,
            } => with_backup(
                m(
                    format!(
                        "データベースが壊れています（ファイルは変更していません）: {}: {detail}",
                        path.display()
                    ),
                    format!(
                        "the database is damaged (the file was left unchanged): {}: {detail}",
                        path.display()
                    ),
                ),
                latest_backup.as_deref(),
            ),
            StoreError::BackupFailed { path, source } => {
                let why = source.message();
                m(
                    format!(
                        "形式の更新の前のバックアップを作れないため、データベースを更新していません（ファイルは変更していません）: {}: {}",
                        path.display(),
                        why.ja
                    ),
                    format!(
                        "the backup before the schema upgrade could not be made, so the database was not upgraded (the file was left unchanged): {}: {}",
                        path.display(),
                        why.en
                    ),
                )
            }
            StoreError::ForeignDatabase { path, detail } => m(
                format!(
                    "SecSpec のデータベースではありません（ファイルは変更していません）: {}: {detail}",
                    path.display()
                ),
                format!(
                    "not a SecSpec database (the file was left unchanged): {}: {detail}",
                    path.display()
                ),
            ),
            StoreError::TooNew {
                path,
                found,
                supported,
            } => m(
                format!(
                    "このデータベースは新しい版の SecSpec で作られています（形式 {found}、この版は {supported} まで）。SecSpec を更新してください（ファイルは変更していません）: {}",
                    path.display()
                ),
                format!(
                    "this database was made by a newer SecSpec (schema {found}; this version reads up to {supported}); update SecSpec (the file was left unchanged): {}",
                    path.display()
                ),
            ),
            StoreError::VersionMismatch {
                path,
                claimed,
                table,
                latest_backup,
            } => with_backup(m(
                format!(
                    "データベースが壊れています（形式 {claimed} と記録されていますが、それより新しい形式の表 {table} があります）。バックアップから復元してください（ファイルは変更していません）: {}",
                    path.display()
                ),
                format!(
                    "the database is damaged (it says schema {claimed} but already has the table {table} of a later schema); restore it from a backup (the file was left unchanged): {}",
                    path.display()
                ),
            ), latest_backup.as_deref()),
            StoreError::NeedsUpgrade { path, found } => m(
                format!(
                    "古い形式（{found}）のデータベースですが、書き込めないため更新できません: {}",
                    path.display()
                ),
                format!(
                    "the database has an older schema ({found}) and cannot be upgraded because it cannot be written: {}",
                    path.display()
                ),
            ),
            StoreError::Migration {
                version,
                name,
                source,
            } => m(
                format!(
                    "データベースの形式を更新できませんでした（移行 {version} {name}: {}）。データベースは変更していません",
                    reason(source)
                ),
                format!(
                    "could not upgrade the database (migration {version} {name}: {}); the database was left unchanged",
                    reason(source)
                ),
            ),
            StoreError::NotFound(id) => m(
                format!("案件 {id} はありません"),
                format!("no project {id}"),
            ),
            StoreError::Conflict {
                id,
                expected,
                actual,
            } => m(
                format!("案件 {id} は他で更新されています（想定 版 {expected}、現在 版 {actual}）"),
                format!(
                    "project {id} was changed elsewhere (expected revision {expected}, found {actual})"
                ),
            ),
            StoreError::Invalid(what) => m(
                format!("入力が正しくありません: {}", what.ja),
                format!("invalid input: {}", what.en),
            ),
            StoreError::Busy(_) => m(
                "データベースが他のプログラム（SecSpec の別のウィンドウまたはコマンド）で使用中です。しばらくしてから再度お試しください",
                "the database is in use by another program (another SecSpec window or command); try again in a moment",
            ),
            StoreError::ReadOnly(_) => m(
                "データベースに書き込めません（読み取り専用のファイル、フォルダまたは媒体です）",
                "the database cannot be written (read-only file, folder or medium)",
            ),
            StoreError::DiskFull(_) => m(
                "ディスクがいっぱいです。空き容量を増やしてから再度お試しください（保存済みの内容は失われていません）",
                "the disk is full; free some space and try again (nothing saved before was lost)",
            ),
            StoreError::Corrupt(e) => m(
                format!("データベースが壊れています: {}", reason(e)),
                format!("the database is damaged: {}", reason(e)),
            ),
            StoreError::BadData(detail) => m(
                format!("保存されたデータを読めません: {detail}"),
                format!("stored data cannot be read: {detail}"),
            ),
            StoreError::Sqlite(e) => m(
                format!("データベースのエラー: {}", reason(e)),
                format!("database error: {}", reason(e)),
            ),
            StoreError::Json(e) => m(
                format!("JSON の変換に失敗しました: {e}"),
                format!("JSON conversion failed: {e}"),
            ),
        }
    }
}

/// The message with the newest backup named, and how to restore it.
fn with_backup(message: Message, latest: Option<&std::path::Path>) -> Message {
    match latest {
        Some(p) => Message::new(
            format!(
                "{}。最新のバックアップ: {}（デスクトップアプリの「バックアップ」又は secspec db restore {} で復元できます）",
                message.ja,
                p.display(),
                p.display()
            ),
            format!(
                "{}; the latest backup is {} (restore it from the desktop app's Backups screen or with secspec db restore {})",
                message.en,
                p.display(),
                p.display()
            ),
        ),
        None => message,
    }
}

impl StoreError {
    /// The same error naming the newest backup of the database at `db`, when it says the file
    /// is damaged.
    pub fn naming_backup(mut self, db: &std::path::Path) -> StoreError {
        if let StoreError::NotADatabase { latest_backup, .. }
        | StoreError::Damaged { latest_backup, .. }
        | StoreError::VersionMismatch { latest_backup, .. } = &mut self
        {
            if latest_backup.is_none() {
                *latest_backup = crate::backup::latest_backup(db);
            }
        }
        self
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        // SQLite reports a full disk as SQLITE_FULL only for writes to the database and its
        // WAL. The first connection to a WAL database (a reader too) grows the -shm file, and
        // when that fails it reports SQLITE_IOERR_SHMSIZE: a write extending the file was
        // refused, which on a working disk means no space (or quota) is left.
        let shm_full = e
            .sqlite_error()
            .is_some_and(|f| f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE);
        if shm_full {
            return StoreError::DiskFull(e);
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(e),
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(e),
            Some(ErrorCode::DiskFull) => StoreError::DiskFull(e),
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen(e),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(e),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
