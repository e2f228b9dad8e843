//! What ships with SecSpec: the template library folder and the fonts folder.
//! Found in order: an explicit folder (option or environment variable), folders next to the
//! binary (installed layouts), then the source tree the binary was built from.

use secspec_core::Library;
use std::path::{Path, PathBuf};

/// Template files are small; a huge one is a mistake (or an attack), not a template.
const MAX_TEMPLATE_FILE: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("{name} フォルダが見つかりません（--{name} で指定してください） / cannot find the {name} folder; pass --{name}")]
    NotFound { name: String },
    #[error("{path}: {marker} がありません / not a SecSpec {name} folder (no {marker})")]
    NotAFolder {
        path: String,
        name: String,
        marker: String,
    },
    #[error("{path}: 読み込めません / cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AssetError + '_ {
    move |source| AssetError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn candidates(name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(name));
        out.push(dir.join("../share/secspec").join(name));
        out.push(dir.join("../lib/secspec").join(name));
    }
    out.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(name),
    );
    out
}

/// The folder holding `name` (`templates` or `fonts`), recognised by the file `marker` in it.
pub fn locate(name: &str, explicit: Option<&Path>, marker: &str) -> Result<PathBuf, AssetError> {
    if let Some(dir) = explicit {
        if dir.join(marker).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(AssetError::NotAFolder {
            path: dir.display().to_string(),
            name: name.to_string(),
            marker: marker.to_string(),
        });
    }
    candidates(name)
        .into_iter()
        .find(|d| d.join(marker).is_file())
        .ok_or_else(|| AssetError::NotFound {
            name: name.to_string(),
        })
}

/// Every `.toml` file under `root` as (path relative to root with `/`, contents).
pub fn read_templates(root: &Path) -> Result<Vec<(String, String)>, AssetError> {
    let mut out = Vec::new();
    collect(root, root, &mut out)?;
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), AssetError> {
    let mut entries = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let meta = entry.metadata().map_err(io(&path))?;
        if meta.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        if meta.len() > MAX_TEMPLATE_FILE {
            return Err(AssetError::Invalid {
                path: path.display().to_string(),
                message: "テンプレートが大きすぎます / template file too large".into(),
            });
        }
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let text = String::from_utf8(bytes).map_err(|e| AssetError::Invalid {
            path: path.display().to_string(),
            message: format!(
                "UTF-8 ではありません（{0} バイト目） / not valid UTF-8 at byte {0}",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, text));
    }
    Ok(())
}

pub fn load_library(dir: &Path) -> Result<Library, AssetError> {
    let files = read_templates(dir)?;
    Library::from_files(&files).map_err(|e| AssetError::Invalid {
        path: dir.display().to_string(),
        message: e.to_string(),
    })
}
