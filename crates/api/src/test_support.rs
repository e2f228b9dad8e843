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

/// A service on an in-memory store whose clock stands at `at`.
pub fn service_at(at: time::OffsetDateTime) -> Service {
    let clock = secspec_store::ManualClock::new(at);
    service_on(Store::open_in_memory_with_clock(clock).unwrap())
}

/// The officer's example answers (templates/examples/procurement.toml).
pub fn example_project() -> secspec_core::Project {
    let text = std::fs::read_to_string(repo().join("templates/examples/procurement.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// The contractor's example answers (templates/examples/response.toml).
pub fn example_response() -> secspec_core::contractor::ContractorResponse {
    let text = std::fs::read_to_string(repo().join("templates/examples/response.toml")).unwrap();
    toml::from_str(&text).unwrap()
}
