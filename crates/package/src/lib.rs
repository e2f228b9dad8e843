//! Review and response packages exchanged between the agency and the contractor (issue 6).
//!
//! A package is one zip file: `mimetype` (stored, first), `manifest.json` (format, version,
//! kind, package id, size and SHA-256 of every other entry) and JSON parts. Writing is
//! deterministic; reading is hardened (sizes, entry count and names, decompression capped while
//! reading, exact manifest) and refuses any package that differs from its manifest.
//! The format is documented in `docs/package-format.md`.

mod build;
mod container;
pub mod docs;
mod error;
mod error_message;
mod manifest;
mod model;
mod response;
mod review;

pub use build::{build_review, ProjectRef};
pub use container::{MAX_ENTRIES, MAX_MANIFEST, MAX_MIMETYPE, MAX_PACKAGE, MAX_PART, MAX_TOTAL};
pub use docs::doc_input;
pub use error::PackageError;
pub use manifest::{Kind, Manifest, PartEntry, FORMAT, MANIFEST, MIMETYPE, VERSION};
pub use model::*;
pub use response::{
    check_answers_export, check_response, read_response, respond, write_response, RESPONSE,
    REVIEW_REF,
};
pub use review::{read_review, write_review, CHECKLIST, CLAUSES, PROJECT};

/// The package digest: SHA-256 (lowercase hex) of the exact bytes of `manifest.json`, which
/// lists the SHA-256 of every other entry. The package is fully verified first. Compare it with
/// the digest the sender gives out of band, or by hand:
/// `unzip -p file.secspec manifest.json | sha256sum`.
pub fn digest(package: &[u8]) -> Result<String, PackageError> {
    let opened = container::open(package, None)?;
    Ok(manifest::sha256_hex(&opened.manifest_bytes))
}

/// The kind of a package, from its verified contents.
pub fn kind(package: &[u8]) -> Result<Kind, PackageError> {
    Ok(container::open(package, None)?.kind)
}
