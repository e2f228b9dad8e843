//! `signature.json` (format version 2): the Ed25519 signature over the exact bytes of
//! `manifest.json`, made with the key the manifest names in `signer`.

use crate::error::PackageError;
use crate::keys::{Fingerprint, KeyPair, PublicKey, ALGORITHM};
use secspec_core::Message;
use serde::{Deserialize, Serialize};

pub const SIGNATURE: &str = "signature.json";
/// Largest `signature.json` read (a real one is 160 bytes).
pub const MAX_SIGNATURE: u64 = 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureFile {
    /// `ed25519`.
    pub algorithm: String,
    /// 128 lowercase hex digits: the 64-byte Ed25519 signature over `manifest.json`.
    pub signature: String,
}

impl SignatureFile {
    /// The signature of `manifest` (its exact bytes) by `key`.
    pub fn sign(manifest: &[u8], key: &KeyPair) -> SignatureFile {
        SignatureFile {
            algorithm: ALGORITHM.into(),
            signature: crate::hex::encode(&key.sign(manifest)),
        }
    }

    /// The exact bytes written (pretty JSON and a newline, like every part).
    pub fn to_bytes(&self) -> Result<Vec<u8>, PackageError> {
        crate::review::to_json(SIGNATURE, self)
    }
}

/// Whether an opened package was signed, and by which key. A version 1 package is
/// `Unsigned`: every front end must say so ("unsigned: anyone could have written or changed
/// it"). A `Signed` package verified with `public_key`; whether that key is the one expected
/// is for [`crate::trust::assess`] to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureStatus {
    Signed {
        public_key: PublicKey,
        fingerprint: Fingerprint,
    },
    Unsigned,
}

impl SignatureStatus {
    pub fn signed(public_key: PublicKey) -> SignatureStatus {
        SignatureStatus::Signed {
            public_key,
            fingerprint: public_key.fingerprint(),
        }
    }

    pub fn public_key(&self) -> Option<&PublicKey> {
        match self {
            SignatureStatus::Signed { public_key, .. } => Some(public_key),
            SignatureStatus::Unsigned => None,
        }
    }

    pub fn fingerprint(&self) -> Option<&Fingerprint> {
        match self {
            SignatureStatus::Signed { fingerprint, .. } => Some(fingerprint),
            SignatureStatus::Unsigned => None,
        }
    }

    pub fn is_signed(&self) -> bool {
        matches!(self, SignatureStatus::Signed { .. })
    }

    /// One line to show with the package: the signer's fingerprint, or the unsigned warning.
    pub fn summary(&self) -> Message {
        match self {
            SignatureStatus::Signed { fingerprint, .. } => Message::new(
                format!("署名あり（鍵のフィンガープリント {fingerprint}）"),
                format!("signed (key fingerprint {fingerprint})"),
            ),
            SignatureStatus::Unsigned => Message::new(
                "署名なし（形式バージョン 1）: 誰が作成したか、途中で書き換えられていないかを確認できません。ダイジェストを別の経路で照合してください",
                "unsigned (format version 1): who made it and whether it was changed on the way cannot be checked. Compare its digest by another channel",
            ),
        }
    }
}

fn bad(ja: &str, en: &str) -> PackageError {
    PackageError::BadSignature {
        reason: Message::new(ja, en),
    }
}

/// Checks `signature.json` (its exact bytes) against the exact bytes of `manifest.json` with
/// `signer`, the key the manifest names.
pub(crate) fn verify(
    manifest: &[u8],
    signature_bytes: &[u8],
    signer: &PublicKey,
) -> Result<(), PackageError> {
    let file: SignatureFile = serde_json::from_slice(signature_bytes).map_err(|e| {
        let detail = crate::error::foreign(e);
        bad(&detail.ja, &detail.en)
    })?;
    if file.algorithm != ALGORITHM {
        return Err(PackageError::UnsupportedAlgorithm {
            entry: SIGNATURE.into(),
            found: crate::error::clean(&file.algorithm, 40),
        });
    }
    if file.to_bytes()? != signature_bytes {
        return Err(bad(
            "SecSpec が書いた形と一致しません",
            "not as SecSpec wrote it",
        ));
    }
    let signature = crate::hex::decode::<64>(&file.signature).ok_or_else(|| {
        bad(
            "signature が 16 進小文字 128 桁ではありません",
            "signature is not 128 lowercase hex digits",
        )
    })?;
    if !signer.verifies(manifest, &signature) {
        return Err(bad(
            "manifest.json の署名として正しくありません",
            "not a valid signature of manifest.json by the key it names",
        ));
    }
    Ok(())
}
