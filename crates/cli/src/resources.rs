//! Finding and loading what ships with SecSpec: the template library and the fonts.
//! Looked up in order: the explicit option or environment variable, folders next to the
//! binary (installed layouts), then the source tree the binary was built from.

use anyhow::{anyhow, Context, Result};
use secspec_core::Library;
use secspec_render::FontSet;
use std::path::{Path, PathBuf};

const MAX_TEMPLATE_FILE: u64 = 1 << 20;

fn candidates(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe().ok().and_then(|p| p.parent().map(Path::to_path_buf)) {
        out.push(dir.join(name));
        out.push(dir.join("../share/secspec").join(name));
        out.push(dir.join("../lib/secspec").join(name));
    }
    out.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(name));
    out
}

/// The folder holding `name` (`templates` or `fonts`).
pub fn locate(name: &str, explicit: Option<&Path>, marker: &str) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        if dir.join(marker).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(anyhow!(
            "{}: {marker} がありません / not a SecSpec {name} folder (no {marker})",
            dir.display()
        ));
    }
    candidates(name)
        .into_iter()
        .find(|d| d.join(marker).is_file())
        .ok_or_else(|| anyhow!("{name} フォルダが見つかりません（--{name} で指定してください） / cannot find the {name} folder; pass --{name}"))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: 読み込めません / cannot read", dir.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("{}: 読み込めません / cannot read", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if size > MAX_TEMPLATE_FILE {
                return Err(anyhow!("{}: テンプレートが大きすぎます / template file too large", path.display()));
            }
            let bytes = std::fs::read(&path).with_context(|| format!("{}: 読み込めません / cannot read", path.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow!(
                    "{}: UTF-8 ではありません（{} バイト目） / not valid UTF-8 at byte {}",
                    path.display(),
                    e.utf8_error().valid_up_to(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            out.push((rel, text));
        }
    }
    Ok(())
}

pub fn load_library(explicit: Option<&Path>) -> Result<Library> {
    let dir = locate("templates", explicit, "library.toml")?;
    let mut files = Vec::new();
    collect(&dir, &dir, &mut files)?;
    Library::from_files(&files).map_err(|e| anyhow!("{}/{e}", dir.display()))
}

pub fn load_fonts(explicit: Option<&Path>) -> Result<FontSet> {
    let dir = locate("fonts", explicit, "ipaexm.ttf")?;
    FontSet::load_dir(&dir).map_err(|e| anyhow!("{}: {e}", dir.display()))
}
