//! Review and response packages exchanged between the agency and the contractor.
//!
//! A package is one zip file: `mimetype` (stored, first), `manifest.json` (format, version,
//! kind, package id, the signer's public key, size and SHA-256 of every other entry),
//! `signature.json` (Ed25519 over the exact manifest bytes) and JSON parts. Writing is
//! deterministic; reading is hardened (sizes, entry count and names, decompression capped while
//! reading, exact manifest, signature verified before any part is trusted, the text rule on
//! every text field) and refuses any package that differs from its manifest or signature.
//! Format version 1 (unsigned) still opens, marked [`SignatureStatus::Unsigned`]. Project files
//! (a whole project for another SecSpec) use the same container.
//! The format is documented in `docs/package-format.md`.

mod build;
mod container;
pub mod docs;
mod error;
pub mod fields;
mod hex;
pub mod keys;
mod manifest;
mod model;
mod project_file;
mod response;
mod review;
mod signature;
pub mod trust;

pub use build::{build_review, ProjectRef};
pub use container::{MAX_ENTRIES, MAX_MANIFEST, MAX_MIMETYPE, MAX_PACKAGE, MAX_PART, MAX_TOTAL};
pub use docs::doc_input;
pub use error::{clean, PackageError};
pub use keys::{Fingerprint, KeyError, KeyPair, KeyRole, PublicKey};
pub use manifest::{
    Kind, Manifest, PartEntry, Signer, FORMAT, MANIFEST, MIMETYPE, SIGNED_VERSION, VERSION,
};
pub use model::*;
pub use project_file::{read_project_file, write_project_file, ARCHIVE};
pub use response::{
    check_answers_export, check_response, check_response_signature, read_response, respond,
    write_response, RESPONSE, REVIEW_REF,
};
pub use review::{read_review, write_review, CHECKLIST, CLAUSES, PROJECT};
pub use signature::{SignatureFile, SignatureStatus, MAX_SIGNATURE, SIGNATURE};
pub use trust::{Trust, TrustLevel};

/// A package that opened: what it carries, its digest, its format version and who signed it.
/// Front ends show `signature` ([`SignatureStatus::summary`]) with every opened package and
/// assess it against the known key with [`trust::assess`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    pub package: T,
    /// The package digest ([`digest`]).
    pub digest: String,
    /// 1 (unsigned) or 2 (signed).
    pub version: u64,
    pub signature: SignatureStatus,
}

impl<T> Opened<T> {
    fn new(package: T, contents: &container::Contents) -> Opened<T> {
        Opened {
            package,
            digest: contents.digest(),
            version: contents.manifest.version,
            signature: contents.signature.clone(),
        }
    }
}

/// The package digest: SHA-256 (lowercase hex) of the exact bytes of `manifest.json`, which
/// lists the SHA-256 of every other entry and, in version 2, the signer's public key. The
/// package is fully verified first (signature included). Compare it with the digest the sender
/// gives out of band, or by hand: `unzip -p file.secspec manifest.json | sha256sum`.
pub fn digest(package: &[u8]) -> Result<String, PackageError> {
    Ok(container::open(package, None)?.digest())
}

/// The kind of a package, from its verified contents.
pub fn kind(package: &[u8]) -> Result<Kind, PackageError> {
    Ok(container::open(package, None)?.kind)
}
