//! Trust on first use (TOFU): whether the key that signed a package is the one earlier
//! packages from the same signer used. Pure logic; the known keys are kept by the store
//! (`secspec_store`, migration 0004): per agency name on the contractor's side, per project
//! on the officer's side.

use crate::keys::{Fingerprint, PublicKey};
use crate::signature::SignatureStatus;
use secspec_core::Message;
use serde::Serialize;

/// What the presented signature means against the key known for the signer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "trust", rename_all = "snake_case")]
pub enum Trust {
    /// No key known for this signer yet. Record it, and show the fingerprint so that the user
    /// compares it with the published one (tender documents, the agency's footer).
    FirstUse { fingerprint: Fingerprint },
    /// The key earlier packages used.
    Same { fingerprint: Fingerprint },
    /// Signed, but by another key than earlier packages: someone else made it, or the signer
    /// changed keys. A loud warning; record the new key only if the user confirms (after
    /// checking the new fingerprint by telephone or in the published documents).
    Changed {
        previous: Fingerprint,
        presented: Fingerprint,
    },
    /// Not signed (format version 1). With `previous`, the signer used to sign: a downgrade,
    /// as loud as a changed key.
    Unsigned { previous: Option<Fingerprint> },
}

/// How loudly a front end must show a [`Trust`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TrustLevel {
    /// Nothing to say beyond the fingerprint.
    Ok,
    /// Show the fingerprint and ask the user to compare it once.
    Notice,
    /// An unsigned package from a signer not known to sign.
    Warning,
    /// A changed key, or an unsigned package from a signer known to sign.
    Alarm,
}

/// `known`: the key recorded for the signer (the agency name of a review package; the project
/// of a response), if any. `presented`: the opened package's signature.
pub fn assess(known: Option<&PublicKey>, presented: &SignatureStatus) -> Trust {
    let previous = known.map(PublicKey::fingerprint);
    match (presented.public_key(), known) {
        (None, _) => Trust::Unsigned { previous },
        (Some(key), None) => Trust::FirstUse {
            fingerprint: key.fingerprint(),
        },
        (Some(key), Some(known)) if key == known => Trust::Same {
            fingerprint: key.fingerprint(),
        },
        (Some(key), Some(known)) => Trust::Changed {
            previous: known.fingerprint(),
            presented: key.fingerprint(),
        },
    }
}

impl Trust {
    pub fn level(&self) -> TrustLevel {
        match self {
            Trust::Same { .. } => TrustLevel::Ok,
            Trust::FirstUse { .. } => TrustLevel::Notice,
            Trust::Unsigned { previous: None } => TrustLevel::Warning,
            Trust::Changed { .. } | Trust::Unsigned { previous: Some(_) } => TrustLevel::Alarm,
        }
    }

    /// Whether the caller records the presented key without asking: on first use, and to
    /// update "last seen" when it is the same. A changed key is recorded only after the user
    /// confirms it; nothing is recorded for an unsigned package.
    pub fn records_without_asking(&self) -> bool {
        matches!(self, Trust::FirstUse { .. } | Trust::Same { .. })
    }

    /// What to tell the user. `signer` names who the package says it is from (the agency
    /// name, or the contractor's company).
    pub fn message(&self, signer: &str) -> Message {
        match self {
            Trust::FirstUse { fingerprint } => Message::new(
                format!("{signer} の鍵を初めて受け取りました。フィンガープリント {fingerprint} を、公表されている値（入札公告・調達仕様書の末尾等）と照合してください。以後この鍵を {signer} の鍵として記憶します"),
                format!("first key received from {signer}. Compare its fingerprint {fingerprint} with the published one (tender notice, the footer of the specification); it is remembered as the key of {signer} from now on"),
            ),
            Trust::Same { fingerprint } => Message::new(
                format!("{signer} の署名を確認しました（以前と同じ鍵 {fingerprint}）"),
                format!("signed by {signer} (the same key as before, {fingerprint})"),
            ),
            Trust::Changed { previous, presented } => Message::new(
                format!("警告: {signer} の署名の鍵が以前と異なります（以前 {previous}、今回 {presented}）。第三者が作成したパッケージの可能性があります。電話等の別の経路で {signer} に新しいフィンガープリントを確認するまで、このパッケージを信用しないでください"),
                format!("WARNING: {signer} signed with a different key than before (previously {previous}, now {presented}). The package may have been made by someone else. Do not trust it until {signer} confirms the new fingerprint by another channel, such as a telephone call"),
            ),
            Trust::Unsigned { previous: Some(previous) } => Message::new(
                format!("警告: このパッケージには署名がありませんが、{signer} は以前は署名していました（鍵 {previous}）。署名が取り除かれた可能性があります。別の経路で {signer} に確認するまで信用しないでください"),
                format!("WARNING: this package is unsigned, but {signer} signed before (key {previous}). The signature may have been stripped. Do not trust it until {signer} confirms by another channel"),
            ),
            Trust::Unsigned { previous: None } => Message::new(
                format!("このパッケージには署名がありません（形式バージョン 1）。{signer} が作成したものか、途中で書き換えられていないかを確認できません。ダイジェストを別の経路で照合してください"),
                format!("this package is unsigned (format version 1): whether {signer} made it and whether it was changed on the way cannot be checked. Compare its digest by another channel"),
            ),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::keys::KeyPair;

    #[test]
    fn first_use_same_changed_and_unsigned() {
        let a = KeyPair::from_secret(&[1u8; 32]).unwrap().public_key();
        let b = KeyPair::from_secret(&[2u8; 32]).unwrap().public_key();
        let by_a = SignatureStatus::signed(a);
        let by_b = SignatureStatus::signed(b);
        assert_eq!(
            assess(None, &by_a),
            Trust::FirstUse {
                fingerprint: a.fingerprint()
            }
        );
        assert_eq!(
            assess(Some(&a), &by_a),
            Trust::Same {
                fingerprint: a.fingerprint()
            }
        );
        let changed = assess(Some(&a), &by_b);
        assert_eq!(
            changed,
            Trust::Changed {
                previous: a.fingerprint(),
                presented: b.fingerprint()
            }
        );
        assert_eq!(changed.level(), TrustLevel::Alarm);
        assert!(!changed.records_without_asking());
        let msg = changed.message("デジタル庁");
        assert!(msg.ja.starts_with("警告") && msg.en.starts_with("WARNING"));
        assert!(
            msg.en.contains(a.fingerprint().as_str()) && msg.en.contains(b.fingerprint().as_str())
        );

        let downgrade = assess(Some(&a), &SignatureStatus::Unsigned);
        assert_eq!(downgrade.level(), TrustLevel::Alarm);
        let unsigned = assess(None, &SignatureStatus::Unsigned);
        assert_eq!(unsigned, Trust::Unsigned { previous: None });
        assert_eq!(unsigned.level(), TrustLevel::Warning);
        assert!(!unsigned.records_without_asking());
        assert!(assess(None, &by_a).records_without_asking());
    }
}
