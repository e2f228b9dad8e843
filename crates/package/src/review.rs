//! Review packages: officer → contractor.

use crate::container;
use crate::error::{foreign, PackageError};
use crate::keys::KeyPair;
use crate::manifest::Kind;
use crate::model::ReviewPackage;
use crate::Opened;
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
    opened: &container::Contents,
    entry: &str,
) -> Result<T, PackageError> {
    let bytes = opened
        .parts
        .get(entry)
        .ok_or_else(|| PackageError::MissingEntry {
            entry: entry.into(),
        })?;
    // serde_json quotes offending values in its messages: shown cleaned, never raw.
    serde_json::from_slice(bytes).map_err(|e| PackageError::InvalidPart {
        entry: entry.into(),
        detail: foreign(e),
    })
}

/// The package file's bytes, signed by the agency's `key` (deterministic: the same package
/// and key give the same bytes). Refuses a package it would not read back (text rule, limits).
pub fn write_review(package: &ReviewPackage, key: &KeyPair) -> Result<Vec<u8>, PackageError> {
    crate::fields::check_review(package)?;
    let parts = [
        (PROJECT, to_json(PROJECT, &package.project)?),
        (CLAUSES, to_json(CLAUSES, &package.clauses)?),
        (CHECKLIST, to_json(CHECKLIST, &package.checklist)?),
    ];
    container::write(Kind::Review, &package.package_id(), &parts, key)
}

/// Opens a review package, refusing anything modified, badly signed, hostile (every text
/// field checked by the text rule and its limit) or of another kind or version. A version 1
/// package opens as [`crate::SignatureStatus::Unsigned`]; the caller must say so, and should
/// assess the signer with [`crate::trust::assess`].
pub fn read_review(bytes: &[u8]) -> Result<Opened<ReviewPackage>, PackageError> {
    let contents = container::open(bytes, Some(Kind::Review))?;
    let package = ReviewPackage {
        project: from_json(&contents, PROJECT)?,
        clauses: from_json(&contents, CLAUSES)?,
        checklist: from_json(&contents, CHECKLIST)?,
    };
    crate::fields::check_review(&package)?;
    same_id(&contents, &package.package_id(), PROJECT)?;
    Ok(Opened::new(package, &contents))
}

/// The manifest's package id must be the one the (hash-checked) parts give: the only manifest
/// field no other check covers.
pub(crate) fn same_id(
    opened: &container::Contents,
    expected: &str,
    part: &str,
) -> Result<(), PackageError> {
    if opened.manifest.package_id == expected {
        Ok(())
    } else {
        Err(PackageError::Tampered {
            entry: crate::manifest::MANIFEST.into(),
            detail: secspec_core::Message::new(
                format!("package_id が {part} と一致しません"),
                format!("package_id does not match {part}"),
            ),
        })
    }
}
