//! Writing what the commands produce: folders, single files (atomically) and rendered outputs,
//! with one bilingual message per failure.

use crate::error::{ApiError, ApiResult};
use crate::types::GeneratedFile;
use secspec_render::set::{self, Output};
use std::path::Path;

pub(crate) fn create_dir(dir: &Path) -> ApiResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| {
        ApiError::failure(format!(
            "{}: フォルダを作成できません: {e} / cannot create folder: {e}",
            dir.display()
        ))
    })
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> ApiResult<()> {
    set::write_file(path, bytes).map_err(|e| {
        ApiError::failure(format!(
            "{}: 書き込めません: {e} / cannot write: {e}",
            path.display()
        ))
    })
}

/// Writes one rendered document into `dir` under its own file name.
pub(crate) fn write_output(dir: &Path, o: Output) -> ApiResult<GeneratedFile> {
    let path = dir.join(&o.file_name);
    write(&path, &o.bytes)?;
    Ok(GeneratedFile {
        path: path.display().to_string(),
        size_bytes: o.bytes.len() as u64,
        file_name: o.file_name,
        kind: o.kind,
        format: o.format,
        sha256: o.sha256,
    })
}
