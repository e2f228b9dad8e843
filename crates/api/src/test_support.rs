//! What the API's unit tests share: the repository and a service on the bundled assets.

#![allow(clippy::unwrap_used)]

use crate::Service;
use secspec_store::Store;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A service on `store` with the repository's templates and fonts.
pub fn service_on(store: Store) -> Service {
    let repo = repo();
    let library = secspec_render::assets::load_library(&repo.join("templates")).unwrap();
    let fonts = secspec_render::FontSet::load_dir(&repo.join("fonts")).unwrap();
    Service::from_parts(store, library, fonts)
}
