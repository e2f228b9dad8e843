//! The applicable security-by-design checklist as OSCAL 1.1 JSON, for agencies whose tooling
//! reads OSCAL: a **catalog** (categories as groups, applicable items as controls) and
//! **assessment results** (one result with a finding per answered item, the rates and grades).
//!
//! Deterministic: timestamps come from the project's document date, UUIDs are version 5 (SHA-1
//! of a fixed namespace and a name made of the project id, the revision and item ids), object
//! keys are ordered by `serde_json`. Every sentence comes from `templates/` or from the project.
//! Pure: no files, no clock.

mod catalog;
mod common;
mod results;
pub mod uuid;

pub use catalog::catalog;
pub use results::assessment_results;

use secspec_core::checklist::ScoreError;
use secspec_core::library::LibraryError;
use secspec_core::{Library, Project};
use sha2::{Digest, Sha256};

/// The OSCAL version the output is written for (and validated against in the tests).
pub const OSCAL_VERSION: &str = "1.1.3";

/// Which stored project (and which revision of it) is exported: part of the document ids and
/// of the UUIDs.
pub use secspec_core::ProjectRef;

#[derive(Debug, thiserror::Error)]
pub enum OscalError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Score(#[from] ScoreError),
    #[error("{}", secspec_core::Bilingual::message(self))]
    Json(String),
}

/// `SECSPEC-00001-OSCAL-R3`: the document id printed in both files and their file-name stem.
pub fn document_id(meta: &ProjectRef) -> String {
    meta.id_for("oscal")
}

/// `<document id>-catalog.json`
pub fn catalog_file_name(meta: &ProjectRef) -> String {
    format!("{}-catalog.json", document_id(meta))
}

/// `<document id>-assessment-results.json`
pub fn results_file_name(meta: &ProjectRef) -> String {
    format!("{}-assessment-results.json", document_id(meta))
}

/// Pretty-printed JSON with a final newline: the bytes written to disk.
pub fn to_bytes(value: &serde_json::Value) -> Result<Vec<u8>, OscalError> {
    let mut bytes =
        serde_json::to_vec_pretty(value).map_err(|e| OscalError::Json(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One file of the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OscalFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Both files, catalog first. The assessment results name the catalog file and its SHA-256.
pub fn export(
    library: &Library,
    project: &Project,
    meta: &ProjectRef,
) -> Result<Vec<OscalFile>, OscalError> {
    let catalog = to_bytes(&catalog(library, project, meta))?;
    let results = to_bytes(&assessment_results(library, project, meta)?)?;
    Ok(vec![
        OscalFile {
            file_name: catalog_file_name(meta),
            bytes: catalog,
        },
        OscalFile {
            file_name: results_file_name(meta),
            bytes: results,
        },
    ])
}

impl secspec_core::Bilingual for OscalError {
    fn message(&self) -> secspec_core::Message {
        match self {
            OscalError::Library(e) => e.message(),
            OscalError::Score(e) => e.message(),
            OscalError::Json(detail) => secspec_core::Message::new(
                format!("OSCAL の JSON を作成できません: {detail}"),
                format!("cannot write the OSCAL JSON: {detail}"),
            ),
        }
    }
}
