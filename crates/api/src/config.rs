//! Where SecSpec's files are: the database, the template library and the fonts. Decided here
//! once for the desktop app and the command line.

use crate::error::{ApiError, ApiResult, ErrorCode};
use std::path::{Path, PathBuf};

/// What a front end knows about the files to use; everything unset is found by default.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The database file (default: [`crate::location::default_database`]).
    pub database: Option<PathBuf>,
    /// The template library folder.
    pub templates: Option<PathBuf>,
    /// The fonts folder.
    pub fonts: Option<PathBuf>,
    /// The installed app's resource folder (holding `templates/` and `fonts/`), if any.
    pub resources: Option<PathBuf>,
}

/// The template library folder is recognised by this file in it.
pub const TEMPLATES_MARKER: &str = "library.toml";
/// The fonts folder is recognised by this file in it.
pub const FONTS_MARKER: &str = "ipaexm.ttf";

impl Config {
    /// The template library folder.
    pub fn templates_dir(&self) -> ApiResult<PathBuf> {
        locate(
            "templates",
            self.templates.as_deref(),
            self.resources.as_deref(),
            TEMPLATES_MARKER,
        )
    }

    /// The fonts folder.
    pub fn fonts_dir(&self) -> ApiResult<PathBuf> {
        locate(
            "fonts",
            self.fonts.as_deref(),
            self.resources.as_deref(),
            FONTS_MARKER,
        )
    }
}

/// Where an installed or built SecSpec keeps `name`, in order: the app's resource folder, the
/// source tree the binary was built from (a development build never reads a stale copy), then
/// next to the binary (installed layouts).
fn candidates(name: &str, resources: Option<&Path>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = resources {
        out.push(dir.join(name));
    }
    out.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(name),
    );
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(name));
        out.push(dir.join("../share/secspec").join(name));
        out.push(dir.join("../lib/secspec").join(name));
        out.push(dir.join("../lib/SecSpec").join(name));
    }
    out.push(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(name),
    );
    out
}

/// The folder holding `name` (`templates` or `fonts`), recognised by the file `marker` in it.
fn locate(
    name: &str,
    explicit: Option<&Path>,
    resources: Option<&Path>,
    marker: &str,
) -> ApiResult<PathBuf> {
    if let Some(dir) = explicit {
        if dir.join(marker).is_file() {
            return Ok(dir.to_path_buf());
        }
        return Err(ApiError::new(
            ErrorCode::Invalid,
            format!(
                "{}: SecSpec の {name} フォルダではありません（{marker} がありません）",
                dir.display()
            ),
            format!(
                "{}: not a SecSpec {name} folder (no {marker})",
                dir.display()
            ),
        )
        .with_field(name));
    }
    candidates(name, resources)
        .into_iter()
        .find(|d| d.join(marker).is_file())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Failure,
                format!("SecSpec の {name} フォルダが見つかりません。SecSpec を入れ直してください"),
                format!("cannot find SecSpec's {name} folder; reinstall SecSpec"),
            )
            .with_field(name)
        })
}
