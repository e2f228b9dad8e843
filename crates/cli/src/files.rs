//! Writing what the commands produce: folders and files (atomically), each written file printed
//! with its SHA-256.

use crate::error::CliResult;
use anyhow::Context;
use std::path::Path;

pub fn create_dir(dir: &Path) -> CliResult {
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "{}: フォルダを作成できません / cannot create folder",
            dir.display()
        )
    })?;
    Ok(())
}

pub fn write(path: &Path, bytes: &[u8]) -> CliResult {
    secspec_render::set::write_file(path, bytes)
        .with_context(|| format!("{}: 書き込めません / cannot write", path.display()))?;
    Ok(())
}

/// Writes `bytes` and prints `<path>  <sha256>`.
pub fn write_printed(path: &Path, bytes: &[u8]) -> CliResult {
    write(path, bytes)?;
    out!(
        "{}  {}",
        path.display(),
        secspec_render::set::sha256_hex(bytes)
    );
    Ok(())
}
