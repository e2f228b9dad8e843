//! Writing what the commands produce. Nothing is ever left half-written under its final name:
//! each file is written under a temporary name in the same folder, flushed to disk, renamed
//! into place, and the folder flushed; a document set is renamed only after it is recorded.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::types::GeneratedFile;
use secspec_core::Message;
use secspec_render::set::Output;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

fn io_error(path: &Path, what: Message, e: &std::io::Error) -> ApiError {
    let (ja, en) = if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull {
        (
            "ディスクがいっぱいです".to_string(),
            "the disk is full".to_string(),
        )
    } else if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30) {
        (
            "書き込みが許可されていません（読み取り専用）".to_string(),
            "writing is not permitted (read-only)".to_string(),
        )
    } else {
        (e.to_string(), e.to_string())
    };
    ApiError::new(
        ErrorCode::Failure,
        format!("{}: {}: {ja}", path.display(), what.ja),
        format!("{}: {}: {en}", path.display(), what.en),
    )
}

pub(crate) fn create_dir(dir: &Path) -> ApiResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        io_error(
            dir,
            Message::new("フォルダを作成できません", "cannot create the folder"),
            &e,
        )
    })
}

/// The temporary name of `path` while it is being written.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Flushes the folder entry of renamed files (a crash after this keeps the new names).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

fn cannot_write() -> Message {
    Message::new("書き込めません", "cannot write")
}

/// Writes one file atomically.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    let tmp = temporary(path);
    let result = write_synced(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    match result {
        Ok(()) => {
            sync_dir(path.parent().unwrap_or(Path::new(".")));
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io_error(path, cannot_write(), &e))
        }
    }
}

/// Rendered documents written under temporary names, waiting to be put in place. Dropped
/// without [`Staged::commit`], the temporary files are removed.
pub(crate) struct Staged {
    dir: PathBuf,
    files: Vec<(PathBuf, PathBuf)>,
    outputs: Vec<GeneratedFile>,
}

/// Writes `outputs` into `dir` under temporary names (the folder is made first).
pub(crate) fn stage(dir: &Path, outputs: Vec<Output>) -> ApiResult<Staged> {
    create_dir(dir)?;
    let mut staged = Staged {
        dir: dir.to_path_buf(),
        files: Vec::new(),
        outputs: Vec::new(),
    };
    for o in outputs {
        let path = dir.join(&o.file_name);
        let tmp = temporary(&path);
        // Pushed first, so a failed write is removed too.
        staged.files.push((tmp.clone(), path.clone()));
        write_synced(&tmp, &o.bytes).map_err(|e| io_error(&path, cannot_write(), &e))?;
        staged.outputs.push(GeneratedFile {
            path: path.display().to_string(),
            size_bytes: o.bytes.len() as u64,
            file_name: o.file_name,
            kind: o.kind,
            format: o.format,
            sha256: o.sha256,
        });
    }
    Ok(staged)
}

impl Staged {
    /// Renames every file into place.
    pub(crate) fn commit(mut self) -> ApiResult<Vec<GeneratedFile>> {
        let files = std::mem::take(&mut self.files);
        for (n, (tmp, path)) in files.iter().enumerate() {
            if let Err(e) = std::fs::rename(tmp, path) {
                // Put back what this run already renamed, so no partial set remains.
                for (_, done) in files.iter().take(n) {
                    let _ = std::fs::remove_file(done);
                }
                for (rest, _) in files.iter().skip(n) {
                    let _ = std::fs::remove_file(rest);
                }
                return Err(io_error(path, cannot_write(), &e));
            }
        }
        sync_dir(&self.dir);
        Ok(std::mem::take(&mut self.outputs))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (tmp, _) in &self.files {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes `outputs` into `dir` at once (documents that need no record).
pub(crate) fn write_outputs(dir: &Path, outputs: Vec<Output>) -> ApiResult<Vec<GeneratedFile>> {
    stage(dir, outputs)?.commit()
}
