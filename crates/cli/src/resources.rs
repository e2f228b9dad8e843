//! The template library and fonts for this run (explicit folders or the bundled ones).

use anyhow::{anyhow, Result};
use secspec_core::Library;
use secspec_render::{assets, FontSet};
use std::path::{Path, PathBuf};

pub fn templates_dir(explicit: Option<&Path>) -> Result<PathBuf> {
    Ok(assets::locate("templates", explicit, "library.toml")?)
}

pub fn load_library(explicit: Option<&Path>) -> Result<Library> {
    Ok(assets::load_library(&templates_dir(explicit)?)?)
}

pub fn load_fonts(explicit: Option<&Path>) -> Result<FontSet> {
    let dir = assets::locate("fonts", explicit, "ipaexm.ttf")?;
    FontSet::load_dir(&dir).map_err(|e| anyhow!("{}: {e}", dir.display()))
}
