//! The one default database of the desktop app and the command line, and adopting the
//! databases earlier versions kept elsewhere (the app and the CLI used to have one each).
//!
//! The default is `<data directory>/SecSpec/secspec.db`: `~/.local/share/SecSpec/secspec.db`
//! on Linux, `%APPDATA%\SecSpec\secspec.db` on Windows,
//! `~/Library/Application Support/SecSpec/secspec.db` on macOS.

use crate::error::{ApiError, ApiResult, ErrorCode};
use secspec_store::{BackupPolicy, Store};
use std::path::{Path, PathBuf};

/// The user's data directory, as the operating system defines it.
#[derive(Debug, Clone)]
pub struct DataDirs {
    pub data_dir: PathBuf,
}

/// The folder under the data directory.
const FOLDER: &str = "SecSpec";
const FILE: &str = "secspec.db";
/// Suffix given to an older database once its projects live in the default one.
pub const ADOPTED_SUFFIX: &str = ".adopted";
/// Suffix given to an older database once its projects were imported into the default one.
pub const IMPORTED_SUFFIX: &str = ".imported";

impl DataDirs {
    /// The data directory of the user running SecSpec.
    pub fn system() -> ApiResult<DataDirs> {
        directories::BaseDirs::new()
            .map(|b| DataDirs {
                data_dir: b.data_dir().to_path_buf(),
            })
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Failure,
                    "ユーザーのデータフォルダが分かりません（ホームフォルダがありません）",
                    "cannot find the user's data folder (no home folder)",
                )
            })
    }

    /// The default database.
    pub fn database(&self) -> PathBuf {
        self.data_dir.join(FOLDER).join(FILE)
    }

    /// Where earlier versions kept their databases: the command line's folder, then the
    /// desktop app's (its Tauri identifier `jp.secspec.desktop`).
    pub fn legacy(&self) -> Vec<PathBuf> {
        let cli = if cfg!(target_os = "windows") {
            self.data_dir.join("SecSpec").join("secspec").join("data")
        } else if cfg!(target_os = "macos") {
            self.data_dir.join("jp.SecSpec.secspec")
        } else {
            self.data_dir.join("secspec")
        };
        vec![
            cli.join(FILE),
            self.data_dir.join("jp.secspec.desktop").join(FILE),
        ]
    }
}

/// What was found at the older locations on this start.
#[derive(Debug, Clone, Default)]
pub struct Adoption {
    /// The older database that became the default one (moved after an integrity check).
    pub adopted: Option<PathBuf>,
    /// Older databases still in place: their projects are offered for import.
    pub others: Vec<PathBuf>,
    /// Older databases that could not be adopted, and why.
    pub refused: Vec<(PathBuf, crate::Message)>,
}

fn same_file_as(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Renames a database file and its WAL side files, so it is never taken up again.
fn set_aside(path: &Path, suffix: &str) -> ApiResult<()> {
    for side in ["", "-wal", "-shm"] {
        let from = same_file_as(path, side);
        if from.exists() {
            let to = same_file_as(path, &format!("{suffix}{side}"));
            std::fs::rename(&from, &to).map_err(|e| io_error(&from, e))?;
        }
    }
    Ok(())
}

pub(crate) fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Failure,
        format!("{}: ファイルを操作できません: {e}", path.display()),
        format!("{}: file operation failed: {e}", path.display()),
    )
}

/// A migrated, checked copy of the older database at `src`, in a temporary file next to
/// `near` (the original is only read). The caller removes the copy.
pub(crate) fn checked_copy(src: &Path, near: &Path) -> ApiResult<(PathBuf, Store)> {
    let tmp = same_file_as(near, &format!(".import-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        secspec_store::copy_database(src, &tmp)
            .map_err(|e| ApiError::from(e).prefixed(&src.display().to_string()))?;
        // A private temporary copy: no backups of it.
        let store = Store::open_with(&tmp, secspec_store::SystemClock, BackupPolicy::NONE)
            .map_err(|e| ApiError::from(e).prefixed(&src.display().to_string()))?;
        let problems = store.integrity_check()?;
        if !problems.is_empty() {
            return Err(ApiError::new(
                ErrorCode::Database,
                format!(
                    "{}: データベースが壊れています: {}",
                    src.display(),
                    problems.join("; ")
                ),
                format!(
                    "{}: the database is damaged: {}",
                    src.display(),
                    problems.join("; ")
                ),
            ));
        }
        Ok(store)
    })();
    match result {
        Ok(store) => Ok((tmp, store)),
        Err(e) => {
            remove_db(&tmp);
            Err(e)
        }
    }
}

pub(crate) fn remove_db(path: &Path) {
    for side in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(same_file_as(path, side));
    }
}

/// On first start with no default database, the most recently used older database becomes the
/// default one: copied (online backup), migrated and checked, put in place, and the original
/// renamed with [`ADOPTED_SUFFIX`]. Other older databases are left where they are and
/// reported, so their projects can be imported. Nothing is ever overwritten.
pub fn adopt_legacy(dirs: &DataDirs) -> ApiResult<Adoption> {
    let target = dirs.database();
    let mut found: Vec<PathBuf> = dirs
        .legacy()
        .into_iter()
        .filter(|p| p.is_file() && p != &target)
        .collect();
    let mut adoption = Adoption::default();
    if found.is_empty() {
        return Ok(adoption);
    }
    if let Some(folder) = target.parent() {
        std::fs::create_dir_all(folder).map_err(|e| io_error(folder, e))?;
    }
    if !target.exists() {
        // The most recently changed one first.
        found.sort_by_key(|p| {
            std::cmp::Reverse(
                std::fs::metadata(p)
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH),
            )
        });
        let mut rest = Vec::new();
        for candidate in found {
            if adoption.adopted.is_some() {
                rest.push(candidate);
                continue;
            }
            match checked_copy(&candidate, &target) {
                Ok((tmp, store)) => {
                    drop(store);
                    let linked =
                        std::fs::hard_link(&tmp, &target).or_else(|_| match target.exists() {
                            true => Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists)),
                            false => std::fs::copy(&tmp, &target).map(drop),
                        });
                    remove_db(&tmp);
                    match linked {
                        Ok(()) => {
                            set_aside(&candidate, ADOPTED_SUFFIX)?;
                            adoption.adopted = Some(candidate);
                        }
                        // Another SecSpec made the default database meanwhile.
                        Err(_) => rest.push(candidate),
                    }
                }
                Err(e) => adoption.refused.push((candidate, e.message)),
            }
        }
        found = rest;
    }
    adoption.others = found;
    Ok(adoption)
}

/// Imports every project of the older database at `src` into `store` (as new projects, with
/// their history, records, packages and responses), then renames `src` with
/// [`IMPORTED_SUFFIX`]. Returns the new project ids.
pub(crate) fn import_legacy(store: &Store, src: &Path) -> ApiResult<Vec<i64>> {
    let (tmp, old) = checked_copy(src, store.path())?;
    let result = (|| -> ApiResult<Vec<i64>> {
        let mut archives = Vec::new();
        for p in old.list_projects()? {
            archives.push(old.archive_project(p.id)?);
        }
        // Oldest first, so that the new ids keep their order.
        archives.sort_by_key(|a| a.project.id.0);
        let mut ids = Vec::new();
        for a in &archives {
            ids.push(store.restore_project(a)?.0);
        }
        Ok(ids)
    })();
    drop(old);
    remove_db(&tmp);
    let ids = result?;
    set_aside(src, IMPORTED_SUFFIX)?;
    Ok(ids)
}

/// The number of projects in an older database (read through a checked copy).
pub(crate) fn count_projects(src: &Path, near: &Path) -> ApiResult<usize> {
    let (tmp, old) = checked_copy(src, near)?;
    let n = old.list_projects().map(|l| l.len());
    drop(old);
    remove_db(&tmp);
    Ok(n?)
}
