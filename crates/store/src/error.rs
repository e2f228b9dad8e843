//! Errors of the store. Messages are Japanese first, then English.

use crate::model::ProjectId;
use rusqlite::ErrorCode;
use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file could not be opened or created (missing folder, permissions, …).
    #[error("データベースを開けません: {}: {source} / cannot open database", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// The file exists but is not an SQLite database (or its header is damaged). It was not modified.
    #[error(
        "SQLite のデータベースではないか、壊れています（ファイルは変更していません）: {} / \
         not an SQLite database or damaged (the file was left unchanged)",
        path.display()
    )]
    NotADatabase { path: PathBuf },

    /// An SQLite database that belongs to another application. It was not modified.
    #[error(
        "SecSpec のデータベースではありません（ファイルは変更していません）: {}: {detail} / \
         not a SecSpec database (the file was left unchanged)",
        path.display()
    )]
    ForeignDatabase { path: PathBuf, detail: String },

    /// The database was written by a newer SecSpec. It was not modified.
    #[error(
        "データベースの形式（バージョン {found}）がこのアプリの対応範囲（{supported} まで）より新しいため開けません。\
         アプリを更新してください（ファイルは変更していません）: {} / database schema version {found} is newer than \
         this app supports ({supported}); update the app (the file was left unchanged)",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// A schema migration failed; the transaction was rolled back, so the database is unchanged.
    #[error(
        "データベースの更新（移行 {version}: {name}）に失敗しました: {source} / schema migration {version} ({name}) failed"
    )]
    Migration {
        version: i64,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// No project with this id.
    #[error("案件 {0} が見つかりません / project {0} not found")]
    NotFound(ProjectId),

    /// The project was changed (by another window or process) since the caller read it.
    #[error(
        "案件 {id} は他で更新されています（想定 版 {expected}、現在 版 {actual}） / \
         project {id} was changed elsewhere (expected revision {expected}, found {actual})"
    )]
    Conflict {
        id: ProjectId,
        expected: i64,
        actual: i64,
    },

    /// The caller passed a value the store cannot accept.
    #[error("入力が正しくありません: {0} / invalid input")]
    Invalid(String),

    /// The database is locked by another process for longer than the busy timeout.
    #[error("データベースが他の処理で使用中です。しばらくしてから再度お試しください: {0} / database is busy")]
    Busy(#[source] rusqlite::Error),

    /// The database (or its folder) cannot be written.
    #[error("データベースに書き込めません（読み取り専用）: {0} / database is read-only")]
    ReadOnly(#[source] rusqlite::Error),

    /// The database file is damaged.
    #[error("データベースが壊れています: {0} / database is corrupt")]
    Corrupt(#[source] rusqlite::Error),

    /// A stored value could not be read back (edited by hand, or written by an incompatible version).
    #[error("保存されたデータを読めません: {0} / stored data is invalid")]
    BadData(String),

    /// Any other SQLite error.
    #[error("データベースのエラー: {0} / database error")]
    Sqlite(#[source] rusqlite::Error),

    /// A value could not be converted to or from JSON.
    #[error("JSON の変換に失敗しました: {0} / JSON conversion failed")]
    Json(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy(e),
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly(e),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt(e),
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
