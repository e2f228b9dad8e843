//! `manifest.json`: what the package is and the size and SHA-256 of every other entry.

use crate::error::PackageError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MIMETYPE: &str = "mimetype";
pub const MANIFEST: &str = "manifest.json";
/// The value of `format` in every manifest.
pub const FORMAT: &str = "secspec-package";
/// The format version this build writes and the newest it reads.
pub const VERSION: u64 = 1;

/// Which side of the round trip a package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Officer → contractor: the required clauses and checklist requirements.
    Review,
    /// Contractor → officer: responses per clause and the organization profile.
    Response,
}

impl Kind {
    pub fn mimetype(self) -> &'static str {
        match self {
            Kind::Review => "application/vnd.secspec.review+zip",
            Kind::Response => "application/vnd.secspec.response+zip",
        }
    }

    pub fn from_mimetype(text: &str) -> Option<Kind> {
        [Kind::Review, Kind::Response]
            .into_iter()
            .find(|k| k.mimetype() == text)
    }

    /// The JSON parts after `mimetype` and `manifest.json`, in package order.
    pub fn parts(self) -> &'static [&'static str] {
        match self {
            Kind::Review => &["project.json", "clauses.json", "checklist.json"],
            Kind::Response => &["review-ref.json", "response.json"],
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Kind::Review => "レビュー用パッケージ",
            Kind::Response => "回答パッケージ",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Response => "response",
        }
    }
}

/// One entry listed in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartEntry {
    pub name: String,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u64,
    pub kind: Kind,
    pub package_id: String,
    /// Every entry except `manifest.json`, in package order.
    pub parts: Vec<PartEntry>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    /// The manifest of `entries` (name, bytes), which must be every entry but the manifest.
    pub fn new(kind: Kind, package_id: &str, entries: &[(&str, &[u8])]) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            kind,
            package_id: package_id.into(),
            parts: entries
                .iter()
                .map(|(name, bytes)| PartEntry {
                    name: (*name).into(),
                    size: bytes.len() as u64,
                    sha256: sha256_hex(bytes),
                })
                .collect(),
        }
    }

    /// The exact bytes written; reading requires them to be reproduced exactly, so that
    /// every change to the manifest is noticed and its digest stays meaningful.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PackageError> {
        let mut out = serde_json::to_vec_pretty(self).map_err(|e| PackageError::Write {
            detail: e.to_string(),
        })?;
        out.push(b'\n');
        Ok(out)
    }

    /// Parses and checks the manifest of a package expected to be `kind`.
    pub fn parse(bytes: &[u8], kind: Kind) -> Result<Manifest, PackageError> {
        let invalid = |detail: String| PackageError::InvalidManifest { detail };
        // The version is read first on its own, so that a newer package is refused politely
        // even when the rest of its manifest has a shape this build does not know.
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(invalid(format!(
                "format が {FORMAT} ではありません / format is not {FORMAT}"
            )));
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| invalid("version がありません / no version".into()))?;
        if version > VERSION {
            return Err(PackageError::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        if version != VERSION {
            return Err(invalid(format!(
                "バージョン {version} は存在しません / there is no version {version}"
            )));
        }
        let manifest: Manifest =
            serde_json::from_value(value).map_err(|e| invalid(e.to_string()))?;
        if manifest.to_bytes()? != bytes {
            return Err(PackageError::Tampered {
                entry: MANIFEST.into(),
                detail: "SecSpec が書いた形と一致しません / not as SecSpec wrote it".into(),
            });
        }
        if manifest.kind != kind {
            return Err(PackageError::WrongKind {
                entry: MANIFEST.into(),
                expected: kind,
                found: manifest.kind,
            });
        }
        if !is_package_id(&manifest.package_id) {
            return Err(invalid(
                "package_id が不正です / malformed package_id".into(),
            ));
        }
        // Exactly the entries of this kind, in order: anything else was added, removed or renamed.
        let expected: Vec<&str> = std::iter::once(MIMETYPE)
            .chain(kind.parts().iter().copied())
            .collect();
        let listed: Vec<&str> = manifest.parts.iter().map(|p| p.name.as_str()).collect();
        if listed != expected {
            return Err(invalid(format!(
                "項目の一覧が {} ではありません / parts are not {}",
                expected.join(", "),
                expected.join(", ")
            )));
        }
        Ok(manifest)
    }

    pub fn part(&self, name: &str) -> Option<&PartEntry> {
        self.parts.iter().find(|p| p.name == name)
    }
}

/// `SECSPEC-00001-REVIEW-R3`-like: capitals, digits and hyphens, at most 100 characters.
pub fn is_package_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// 64 lowercase hex digits.
pub fn is_digest(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
