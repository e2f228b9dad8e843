//! Backups of the database: the list, a backup now (into the backups folder or to a file),
//! restoring one after checking it, and checking the database. None of these needs the
//! database to open: a damaged one is listed, checked and restored over.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::{stamp, Service};
use crate::types::{BackupItem, BackupList, DatabaseCheck, RestoreOutcome};
use secspec_store::backup::{self, BackupFile, BackupReason, KEEP};
use secspec_store::StoreError;
use std::path::PathBuf;

pub(crate) fn item(b: &BackupFile) -> BackupItem {
    BackupItem {
        path: b.path.display().to_string(),
        file_name: b.file_name.clone(),
        at: stamp(b.at),
        reason: b.reason.slug(),
        reason_label: b.reason.label(),
        size_bytes: b.size,
    }
}

/// A file from outside: named in the error, which counts as bad input.
fn input_error(e: StoreError) -> ApiError {
    let code = match &e {
        StoreError::Busy(_)
        | StoreError::ReadOnly(_)
        | StoreError::DiskFull(_)
        | StoreError::NoFolder { .. } => ErrorCode::Database,
        _ => ErrorCode::Invalid,
    };
    ApiError::of(code, &e)
}

impl Service {
    /// The backups of the database, newest first.
    pub fn backups(&self) -> ApiResult<BackupList> {
        let db = self.database_path();
        let backups = backup::list_backups(db)?;
        Ok(BackupList {
            database: db.display().to_string(),
            folder: backup::backup_dir(db).display().to_string(),
            backups: backups.iter().map(item).collect(),
            keep: KEEP as u32,
            problem: self.backup_problem(),
        })
    }

    /// A backup into the backups folder now.
    pub fn backup_now(&self) -> ApiResult<BackupItem> {
        self.with_store(|store| Ok(item(&store.backup_now(&BackupReason::Manual)?)))
    }

    /// A backup written to `path` (a new file; an existing one is never replaced).
    pub fn export_backup(&self, path: String) -> ApiResult<BackupItem> {
        let out = PathBuf::from(&path);
        self.with_store(|store| {
            store.export_backup(&out).map_err(|e| match e {
                StoreError::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    ApiError::new(
                        ErrorCode::Invalid,
                        format!("{path}: ファイルが既にあります（上書きしません）"),
                        format!("{path}: the file exists already (it is not overwritten)"),
                    )
                }
                e => input_error(e),
            })
        })?;
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        let now = self.clock().now();
        Ok(BackupItem {
            path: out.display().to_string(),
            file_name: out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            at: stamp(now),
            reason: BackupReason::Manual.slug(),
            reason_label: BackupReason::Manual.label(),
            size_bytes: size,
        })
    }

    /// Restores the database from the file at `path` (a backup from the list or any SecSpec
    /// database): refused when it is not a SecSpec database, fails `PRAGMA integrity_check`
    /// or has a newer schema; the current database is backed up first; the restore itself is
    /// one transaction. The database is closed for it and opened again afterwards.
    pub fn restore_backup(&self, path: String) -> ApiResult<RestoreOutcome> {
        let src = PathBuf::from(&path);
        let db = self.database_path().to_path_buf();
        let restored = {
            let mut state = self.lock_state();
            // Closed first: the restore writes through its own connection.
            state.store = None;
            backup::restore(&db, &src, self.clock().as_ref()).map_err(|e| match e {
                StoreError::Io { ref source, .. }
                    if source.kind() == std::io::ErrorKind::NotFound =>
                {
                    ApiError::new(
                        ErrorCode::Invalid,
                        format!("{path}: ファイルがありません"),
                        format!("{path}: no such file"),
                    )
                }
                e => input_error(e),
            })?
        };
        let projects = self.with_store(|store| Ok(store.list_projects()?.len() as u32))?;
        Ok(RestoreOutcome {
            restored_from: src.display().to_string(),
            schema_version: restored.schema_version,
            previous: restored.previous.as_ref().map(item),
            projects,
        })
    }

    /// Checks the database without changing it (and without opening it for the service).
    pub fn check_database(&self) -> ApiResult<DatabaseCheck> {
        let db = self.database_path();
        if !db.exists() {
            return Err(ApiError::new(
                ErrorCode::Invalid,
                format!("データベースがありません: {}", db.display()),
                format!("no database at {}", db.display()),
            ));
        }
        // The database's own file damaged beyond reading is a problem found (exit 1 of
        // `secspec db check`); another application's file or an empty one is bad input.
        let c = backup::check_database(db).map_err(|e| match e {
            StoreError::NotADatabase { .. } | StoreError::Damaged { .. } => {
                ApiError::from(e.naming_backup(db))
            }
            e => input_error(e),
        })?;
        Ok(DatabaseCheck {
            path: c.path.display().to_string(),
            ok: c.ok(),
            schema_version: c.schema_version,
            supported: c.supported,
            integrity: c.integrity.clone(),
            foreign_keys: c.foreign_keys.clone(),
            backups: c.backups.iter().map(item).collect(),
        })
    }
}
