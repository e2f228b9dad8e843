//! Review packages: officer → contractor.

use crate::container;
use crate::error::PackageError;
use crate::manifest::Kind;
use crate::model::ReviewPackage;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const PROJECT: &str = "project.json";
pub const CLAUSES: &str = "clauses.json";
pub const CHECKLIST: &str = "checklist.json";

pub(crate) fn to_json(entry: &str, value: &impl Serialize) -> Result<Vec<u8>, PackageError> {
    let mut out = serde_json::to_vec_pretty(value).map_err(|e| PackageError::Write {
        detail: format!("{entry}: {e}"),
    })?;
    out.push(b'\n');
    Ok(out)
}

/// Parses a verified part. Its size is already capped by the container (`MAX_PART`).
pub(crate) fn from_json<T: DeserializeOwned>(
    opened: &container::Opened,
    entry: &str,
) -> Result<T, PackageError> {
    let bytes = opened
        .parts
        .get(entry)
        .ok_or_else(|| PackageError::MissingEntry {
            entry: entry.into(),
        })?;
    serde_json::from_slice(bytes).map_err(|e| PackageError::InvalidPart {
        entry: entry.into(),
        detail: e.to_string(),
    })
}

/// The package file's bytes (deterministic: the same package gives the same bytes).
pub fn write_review(package: &ReviewPackage) -> Result<Vec<u8>, PackageError> {
    let parts = [
        (PROJECT, to_json(PROJECT, &package.project)?),
        (CLAUSES, to_json(CLAUSES, &package.clauses)?),
        (CHECKLIST, to_json(CHECKLIST, &package.checklist)?),
    ];
    container::write(Kind::Review, &package.package_id(), &parts)
}

/// Opens a review package, refusing anything modified, hostile or of another kind or version.
pub fn read_review(bytes: &[u8]) -> Result<ReviewPackage, PackageError> {
    let opened = container::open(bytes, Some(Kind::Review))?;
    let package = ReviewPackage {
        project: from_json(&opened, PROJECT)?,
        clauses: from_json(&opened, CLAUSES)?,
        checklist: from_json(&opened, CHECKLIST)?,
    };
    same_id(&opened, &package.package_id(), PROJECT)?;
    Ok(package)
}

/// The manifest's package id must be the one the (hash-checked) parts give: the only manifest
/// field no other check covers.
pub(crate) fn same_id(
    opened: &container::Opened,
    expected: &str,
    part: &str,
) -> Result<(), PackageError> {
    if opened.manifest.package_id == expected {
        Ok(())
    } else {
        Err(PackageError::Tampered {
            entry: crate::manifest::MANIFEST.into(),
            detail: format!(
                "package_id が {part} と一致しません / package_id does not match {part}"
            ),
        })
    }
}
