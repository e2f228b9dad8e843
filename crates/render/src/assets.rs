//! Reading the template library folder that ships with SecSpec (finding it is the service's job).

use secspec_core::library::LibraryError;
use secspec_core::{Bilingual, Library, Message};
use std::path::Path;

/// Template files are small; a huge one is a mistake (or an attack), not a template.
const MAX_TEMPLATE_FILE: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("{}", self.message())]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", self.message())]
    Invalid { path: String, message: Message },
    #[error("{}", self.message())]
    Library { path: String, source: LibraryError },
}

impl Bilingual for AssetError {
    fn message(&self) -> Message {
        match self {
            AssetError::Io { path, source } => Message::new(
                format!("{path}: 読み込めません: {source}"),
                format!("{path}: cannot read: {source}"),
            ),
            AssetError::Invalid { path, message } => message.clone().prefixed(path),
            AssetError::Library { path, source } => source.message().prefixed(path),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AssetError + '_ {
    move |source| AssetError::Io {
        path: path.display().to_string(),
        source,
    }
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
                message: Message::new("テンプレートが大きすぎます", "template file too large"),
            });
        }
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let text = String::from_utf8(bytes).map_err(|e| AssetError::Invalid {
            path: path.display().to_string(),
            message: Message::new(
                format!(
                    "UTF-8 ではありません（{} バイト目）",
                    e.utf8_error().valid_up_to()
                ),
                format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
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
    Library::from_files(&files).map_err(|source| AssetError::Library {
        path: dir.display().to_string(),
        source,
    })
}
