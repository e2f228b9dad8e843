//! `manifest.json`: what the package is and the size and SHA-256 of every other entry.

use crate::error::PackageError;
use crate::keys::{Fingerprint, PublicKey, ALGORITHM};
use secspec_core::Message;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub const MIMETYPE: &str = "mimetype";
pub const MANIFEST: &str = "manifest.json";
/// The value of `format` in every manifest.
pub const FORMAT: &str = "secspec-package";
/// The format version this build writes and the newest it reads: 2, signed. Version 1
/// (unsigned) is still read, as [`crate::SignatureStatus::Unsigned`].
pub const VERSION: u64 = 2;
/// The first format version with a signature.
pub const SIGNED_VERSION: u64 = 2;

/// Which side of the round trip a package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Officer → contractor: the required clauses and checklist requirements.
    Review,
    /// Contractor → officer: responses per clause and the organization profile.
    Response,
    /// A whole project, carried from one SecSpec to another (the same office's second laptop).
    Project,
}

impl Kind {
    pub fn mimetype(self) -> &'static str {
        match self {
            Kind::Review => "application/vnd.secspec.review+zip",
            Kind::Response => "application/vnd.secspec.response+zip",
            Kind::Project => "application/vnd.secspec.project+zip",
        }
    }

    pub fn from_mimetype(text: &str) -> Option<Kind> {
        [Kind::Review, Kind::Response, Kind::Project]
            .into_iter()
            .find(|k| k.mimetype() == text)
    }

    /// The JSON parts after `mimetype` and `manifest.json`, in package order.
    pub fn parts(self) -> &'static [&'static str] {
        match self {
            Kind::Review => &["project.json", "clauses.json", "checklist.json"],
            Kind::Response => &["review-ref.json", "response.json"],
            Kind::Project => &["archive.json"],
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Kind::Review => "レビュー用パッケージ",
            Kind::Response => "回答パッケージ",
            Kind::Project => "案件ファイル",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::Response => "response",
            Kind::Project => "project file",
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

/// Who signed a version 2 package: the key `signature.json` must verify with. The
/// fingerprint is written too, so that a person can read it with
/// `unzip -p file.secspec manifest.json`; it must be the key's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub algorithm: String,
    /// 64 lowercase hex digits.
    pub public_key: String,
    /// `XXXX XXXX XXXX XXXX XXXX XXXX XXXX XXXX` ([`Fingerprint`]).
    pub fingerprint: String,
}

impl Signer {
    pub fn of(key: &PublicKey) -> Signer {
        Signer {
            algorithm: ALGORITHM.into(),
            public_key: key.to_hex(),
            fingerprint: key.fingerprint().to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u64,
    pub kind: Kind,
    pub package_id: String,
    /// Version 2: the signing key. Absent in version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<Signer>,
    /// Every entry except `manifest.json` (and `signature.json`), in package order.
    pub parts: Vec<PartEntry>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn part_entries(entries: &[(&str, &[u8])]) -> Vec<PartEntry> {
    entries
        .iter()
        .map(|(name, bytes)| PartEntry {
            name: (*name).into(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        })
        .collect()
}

impl Manifest {
    /// The version 2 manifest of `entries` (name, bytes), which must be every entry but the
    /// manifest and the signature, signed by `signer`.
    pub fn new(
        kind: Kind,
        package_id: &str,
        signer: &PublicKey,
        entries: &[(&str, &[u8])],
    ) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: VERSION,
            kind,
            package_id: package_id.into(),
            signer: Some(Signer::of(signer)),
            parts: part_entries(entries),
        }
    }

    /// A version 1 (unsigned) manifest, as SecSpec wrote before signatures. This build never
    /// writes one; it exists to make version 1 packages in tests and tools.
    pub fn unsigned_v1(kind: Kind, package_id: &str, entries: &[(&str, &[u8])]) -> Manifest {
        Manifest {
            format: FORMAT.into(),
            version: 1,
            kind,
            package_id: package_id.into(),
            signer: None,
            parts: part_entries(entries),
        }
    }

    /// The signing key of a version 2 manifest (checked by [`Manifest::parse`]).
    pub fn signer_key(&self) -> Option<PublicKey> {
        self.signer
            .as_ref()
            .and_then(|s| PublicKey::from_hex(&s.public_key).ok())
    }

    /// The exact bytes written; reading requires them to be reproduced exactly, so that
    /// every change to the manifest is noticed and its digest stays meaningful.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PackageError> {
        crate::review::to_json(MANIFEST, self)
    }

    /// Parses and checks the manifest of a package expected to be `kind`: version 1
    /// (unsigned, no `signer`) or version 2 (a valid Ed25519 `signer` with its fingerprint).
    pub fn parse(bytes: &[u8], kind: Kind) -> Result<Manifest, PackageError> {
        let invalid = |ja: String, en: String| PackageError::InvalidManifest {
            detail: Message::new(ja, en),
        };
        let foreign = |e: serde_json::Error| PackageError::InvalidManifest {
            detail: crate::error::foreign(e),
        };
        // The version is read first on its own, so that a newer package is refused politely
        // even when the rest of its manifest has a shape this build does not know.
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(foreign)?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(invalid(
                format!("format が {FORMAT} ではありません"),
                format!("format is not {FORMAT}"),
            ));
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| invalid("version がありません".into(), "no version".into()))?;
        if version > VERSION {
            return Err(PackageError::UnsupportedVersion {
                found: version,
                supported: VERSION,
            });
        }
        if version == 0 {
            return Err(invalid(
                format!("バージョン {version} は存在しません"),
                format!("there is no version {version}"),
            ));
        }
        let manifest: Manifest = serde_json::from_value(value).map_err(foreign)?;
        if manifest.to_bytes()? != bytes {
            return Err(PackageError::Tampered {
                entry: MANIFEST.into(),
                detail: Message::new(
                    "SecSpec が書いた形と一致しません",
                    "not as SecSpec wrote it",
                ),
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
                "package_id が不正です".into(),
                "malformed package_id".into(),
            ));
        }
        match (&manifest.signer, version >= SIGNED_VERSION) {
            (None, false) => {}
            (Some(_), false) => {
                return Err(invalid(
                    format!("バージョン {version} には signer がありません"),
                    format!("version {version} has no signer"),
                ))
            }
            (None, true) => {
                return Err(invalid(
                    format!("バージョン {version} には signer が必要です"),
                    format!("version {version} needs a signer"),
                ))
            }
            (Some(signer), true) => check_signer(signer)?,
        }
        // Exactly the entries of this kind, in order: anything else was added, removed or renamed.
        let expected: Vec<&str> = std::iter::once(MIMETYPE)
            .chain(kind.parts().iter().copied())
            .collect();
        let listed: Vec<&str> = manifest.parts.iter().map(|p| p.name.as_str()).collect();
        if listed != expected {
            let list = expected.join(", ");
            return Err(invalid(
                format!("項目の一覧が {list} ではありません"),
                format!("parts are not {list}"),
            ));
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

fn check_signer(signer: &Signer) -> Result<(), PackageError> {
    if signer.algorithm != ALGORITHM {
        return Err(PackageError::UnsupportedAlgorithm {
            entry: MANIFEST.into(),
            found: crate::error::clean(&signer.algorithm, 40),
        });
    }
    let key = PublicKey::from_hex(&signer.public_key).map_err(|e| {
        let m = secspec_core::Bilingual::message(&e);
        PackageError::InvalidManifest {
            detail: Message::new(
                format!("signer.public_key: {}", m.ja),
                format!("signer.public_key: {}", m.en),
            ),
        }
    })?;
    if Fingerprint::of(&key).as_str() != signer.fingerprint {
        return Err(PackageError::InvalidManifest {
            detail: Message::new(
                "signer.fingerprint が公開鍵のフィンガープリントではありません",
                "signer.fingerprint is not the fingerprint of signer.public_key",
            ),
        });
    }
    Ok(())
}
