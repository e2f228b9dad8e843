//! Format version 2: every change made without the signer's key is refused naming the
//! signature; another key verifies but is reported as another signer (which TOFU flags);
//! version 1 packages open as unsigned; a stripped signature on a response is refused.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::contractor::{ClauseResponse, ContractorResponse, Respondent, ResponseKind};
use secspec_package::trust::{assess, Trust, TrustLevel};
use secspec_package::*;

fn answers() -> ContractorResponse {
    let text = std::fs::read_to_string(repo().join("templates/examples/response.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// A signed review and the signed response to it.
fn exchange() -> (Vec<u8>, Vec<u8>) {
    let review_file = review_bytes();
    let review = read_review(&review_file).unwrap();
    let package = respond(&review.package, &review.digest, answers());
    let response_file = write_response(&package, &contractor_key()).unwrap();
    (review_file, response_file)
}

fn bad_signature(err: &PackageError) {
    assert!(
        matches!(err, PackageError::BadSignature { .. }),
        "expected a bad signature: {err:?}"
    );
    assert_eq!(err.entry(), Some("signature.json"));
    assert!(err.is_signature_error());
    let text = err.to_string();
    assert!(
        text.contains("signature.json") && text.contains("署名"),
        "{text}"
    );
}

#[test]
fn every_part_changed_and_rehashed_without_the_key_is_refused() {
    let (review_file, response_file) = exchange();
    for (file, parts) in [
        (
            &review_file,
            &["project.json", "clauses.json", "checklist.json"][..],
        ),
        (&response_file, &["review-ref.json", "response.json"][..]),
    ] {
        for part in parts {
            let mut list = entries(file);
            // A real edit: one more space of indentation on the first nested line.
            edit_part(&mut list, part, |t| t.replacen("\n  ", "\n   ", 1));
            rehash(&mut list);
            let bad = zip_of(&list, true);
            let err = if file == &review_file {
                read_review(&bad).unwrap_err()
            } else {
                read_response(&bad).unwrap_err()
            };
            bad_signature(&err);
            assert!(
                digest(&bad).is_err(),
                "{part}: no digest for a refused package"
            );
        }
    }
}

#[test]
fn forged_response_with_recomputed_manifest_is_refused() {
    // Changed answer and respondent, manifest recomputed, no key: refused.
    let (review_file, response_file) = exchange();
    let mut list = entries(&response_file);
    let original = read_response(&response_file).unwrap().package;
    let mut forged = original.response.clone();
    forged.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Acknowledge,
            text: String::new(),
        },
    );
    forged.respondent = Respondent {
        name: "偽 名義".into(),
        department: "不明".into(),
        contact: "forger@example.com".into(),
    };
    assert_ne!(forged, original.response);
    let mut json = serde_json::to_vec_pretty(&forged).unwrap();
    json.push(b'\n');
    list.iter_mut()
        .find(|(n, _)| n == "response.json")
        .unwrap()
        .1 = json;
    rehash(&mut list);
    bad_signature(&read_response(&zip_of(&list, true)).unwrap_err());

    // The same forgery with the signature stripped (rewritten as version 1) opens, unsigned,
    // but the officer's import refuses it: the review it answers is signed.
    let downgraded = zip_of(&as_v1(&list), true);
    let opened = read_response(&downgraded).unwrap();
    assert_eq!(opened.signature, SignatureStatus::Unsigned);
    assert_eq!(opened.version, 1);
    assert_eq!(opened.package.response, forged);
    let review = read_review(&review_file).unwrap();
    let err = check_response_signature(&opened, &review).unwrap_err();
    assert_eq!(
        err,
        PackageError::UnsignedResponse {
            review_package_id: "SECSPEC-00007-REVIEW-R3".into()
        }
    );
    assert!(err.is_signature_error());
    assert!(err.to_string().contains("SECSPEC-00007-REVIEW-R3"));
    // And TOFU with the contractor's known key calls it a downgrade.
    let trust = assess(Some(&contractor_key().public_key()), &opened.signature);
    assert_eq!(trust.level(), TrustLevel::Alarm);

    // Signed with the forger's own key instead: verifies, but it is another signer.
    resign(&mut list, &forger_key());
    let opened = read_response(&zip_of(&list, true)).unwrap();
    assert_eq!(
        opened.signature.public_key(),
        Some(&forger_key().public_key())
    );
    check_response_signature(&opened, &review).unwrap();
    assert_eq!(
        assess(Some(&contractor_key().public_key()), &opened.signature),
        Trust::Changed {
            previous: contractor_key().fingerprint(),
            presented: forger_key().fingerprint(),
        }
    );
}

#[test]
fn another_key_verifies_but_is_reported_as_another_signer() {
    let bytes = review_bytes();
    let mut list = entries(&bytes);
    edit_part(&mut list, "project.json", |t| {
        t.replace("府省間ネットワーク運用監視業務", "偽の業務")
    });
    resign(&mut list, &forger_key());
    let forged = zip_of(&list, true);
    let opened = read_review(&forged).unwrap();
    assert_eq!(opened.package.project.title, "偽の業務");
    assert_eq!(
        opened.signature,
        SignatureStatus::signed(forger_key().public_key())
    );
    assert_ne!(
        opened.signature.fingerprint(),
        Some(&agency_key().fingerprint())
    );
    // The digest changes with the signer too (the manifest names the key).
    assert_ne!(opened.digest, digest(&bytes).unwrap());
    let trust = assess(Some(&agency_key().public_key()), &opened.signature);
    assert_eq!(trust.level(), TrustLevel::Alarm);
    assert!(matches!(trust, Trust::Changed { .. }));

    // The same content re-signed with a new key but the old signature kept: refused.
    let mut list = entries(&bytes);
    let original_signature = list
        .iter()
        .find(|(n, _)| n == "signature.json")
        .unwrap()
        .1
        .clone();
    resign(&mut list, &forger_key());
    list.iter_mut()
        .find(|(n, _)| n == "signature.json")
        .unwrap()
        .1 = original_signature;
    bad_signature(&read_review(&zip_of(&list, true)).unwrap_err());
}

#[test]
fn the_manifest_cannot_name_another_key_without_its_signature() {
    let bytes = review_bytes();
    let agency = agency_key();
    let forger = forger_key();
    // The signer's key swapped for another valid key (fingerprint updated too).
    let swap = |t: String| {
        t.replace(&agency.public_key().to_hex(), &forger.public_key().to_hex())
            .replace(agency.fingerprint().as_str(), forger.fingerprint().as_str())
    };
    let bad = with_entry(&bytes, "manifest.json", |b| {
        swap(String::from_utf8(b.to_vec()).unwrap()).into_bytes()
    });
    bad_signature(&read_review(&bad).unwrap_err());

    // Only the key swapped: its fingerprint no longer matches.
    let bad = with_entry(&bytes, "manifest.json", |b| {
        String::from_utf8(b.to_vec())
            .unwrap()
            .replace(&agency.public_key().to_hex(), &forger.public_key().to_hex())
            .into_bytes()
    });
    let err = read_review(&bad).unwrap_err();
    assert!(
        matches!(err, PackageError::InvalidManifest { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("fingerprint"));

    // Another algorithm named.
    for entry in ["manifest.json", "signature.json"] {
        let bad = with_entry(&bytes, entry, |b| {
            String::from_utf8(b.to_vec())
                .unwrap()
                .replace("\"ed25519\"", "\"rsa\"")
                .into_bytes()
        });
        let err = read_review(&bad).unwrap_err();
        assert_eq!(
            err,
            PackageError::UnsupportedAlgorithm {
                entry: entry.into(),
                found: "rsa".into()
            }
        );
    }

    // Version 1 with a signer, or version 2 without: invalid.
    let bad = with_entry(&bytes, "manifest.json", |b| {
        String::from_utf8(b.to_vec())
            .unwrap()
            .replace("\"version\": 2,", "\"version\": 1,")
            .into_bytes()
    });
    assert!(matches!(
        read_review(&bad).unwrap_err(),
        PackageError::InvalidManifest { .. }
    ));
}

#[test]
fn signature_file_changes_are_refused() {
    let bytes = review_bytes();
    let signature = entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "signature.json")
        .unwrap()
        .1;
    let text = String::from_utf8(signature.clone()).unwrap();
    let file: SignatureFile = serde_json::from_slice(&signature).unwrap();
    assert_eq!(file.algorithm, "ed25519");
    assert_eq!(file.signature.len(), 128);
    // Every hex digit of the signature flipped in turn.
    let start = text.find(&file.signature).unwrap();
    for i in 0..128 {
        let mut changed = text.clone().into_bytes();
        changed[start + i] = if changed[start + i] == b'0' {
            b'1'
        } else {
            b'0'
        };
        let bad = with_entry(&bytes, "signature.json", |_| changed.clone());
        bad_signature(&read_review(&bad).unwrap_err());
    }
    for changed in [
        text.replace("\"signature\"", "\"sig\""),
        text.replace('\n', "\r\n"),
        text.replacen('{', "{\"note\": \"x\", ", 1),
        text.replace(&file.signature, &file.signature.to_uppercase()),
        text.replace(&file.signature, &file.signature[..126]),
        String::new(),
        "\u{1b}[2J".into(),
    ] {
        let bad = with_entry(&bytes, "signature.json", |_| changed.clone().into_bytes());
        let err = read_review(&bad).unwrap_err();
        bad_signature(&err);
        assert!(!err.to_string().contains('\u{1b}'), "{err}");
    }
    // A signature.json too large to be one.
    let bad = with_entry(&bytes, "signature.json", |_| vec![b' '; 4096]);
    assert_eq!(
        read_review(&bad).unwrap_err(),
        PackageError::EntryTooLarge {
            entry: "signature.json".into(),
            max: MAX_SIGNATURE
        }
    );
    // The signature of another package (the response) replayed on this one.
    let (_, response_file) = exchange();
    let other = entries(&response_file)
        .into_iter()
        .find(|(n, _)| n == "signature.json")
        .unwrap()
        .1;
    let bad = with_entry(&bytes, "signature.json", |_| other.clone());
    bad_signature(&read_review(&bad).unwrap_err());
}

#[test]
fn version_1_packages_open_as_unsigned() {
    let review_v1 = fixture("review-v1.secspec");
    let opened = read_review(&review_v1).unwrap();
    assert_eq!(opened.version, 1);
    assert_eq!(opened.signature, SignatureStatus::Unsigned);
    assert_eq!(
        opened.digest,
        "e605fbce9a1da4aa7b56f936a7ae1698addd0a912c0b39d907dd9678f7460ac4"
    );
    assert_eq!(digest(&review_v1).unwrap(), opened.digest);
    assert_eq!(opened.package.package_id(), "SECSPEC-00007-REVIEW-R3");
    assert_eq!(opened.package.project.agency, "デジタル庁");
    let summary = opened.signature.summary();
    assert!(summary.ja.contains("署名なし") && summary.en.contains("unsigned"));
    assert_eq!(
        assess(None, &opened.signature),
        Trust::Unsigned { previous: None }
    );
    // A known agency key and an unsigned package: a downgrade, shown as an alarm.
    let trust = assess(Some(&agency_key().public_key()), &opened.signature);
    assert_eq!(trust.level(), TrustLevel::Alarm);
    assert!(trust.message("デジタル庁").en.starts_with("WARNING"));

    let response_v1 = fixture("response-v1.secspec");
    let response = read_response(&response_v1).unwrap();
    assert_eq!(response.signature, SignatureStatus::Unsigned);
    assert_eq!(response.package.review.digest, opened.digest);
    // An unsigned response to an unsigned review is what old builds exchange: allowed (the
    // front end warns); to a signed review it is refused.
    check_response_signature(&response, &opened).unwrap();
    let signed_review = read_review(&review_bytes()).unwrap();
    assert!(matches!(
        check_response_signature(&response, &signed_review),
        Err(PackageError::UnsignedResponse { .. })
    ));

    // The old package still passes every other check: one changed byte is refused.
    let bad = with_entry(&review_v1, "clauses.json", |b| {
        let mut b = b.to_vec();
        let i = b.len() / 2;
        b[i] ^= 1;
        b
    });
    assert!(matches!(
        read_review(&bad).unwrap_err(),
        PackageError::Tampered { entry, .. } if entry == "clauses.json"
    ));
    // A signature.json added to a version 1 package is not part of that format.
    let mut list = entries(&review_v1);
    list.insert(2, ("signature.json".into(), b"{}".to_vec()));
    assert_eq!(
        read_review(&zip_of(&list, true)).unwrap_err(),
        PackageError::UnexpectedEntry {
            entry: "signature.json".into()
        }
    );
}

#[test]
fn signing_is_deterministic_and_the_key_matters() {
    let review = review();
    let a = write_review(&review, &agency_key()).unwrap();
    assert_eq!(a, write_review(&review, &agency_key()).unwrap());
    let b = write_review(&review, &forger_key()).unwrap();
    assert_ne!(a, b);
    assert_ne!(digest(&a).unwrap(), digest(&b).unwrap());
    // The parts are the same bytes; only the manifest (signer) and the signature differ.
    let (ea, eb) = (entries(&a), entries(&b));
    for ((na, ba), (nb, bb)) in ea.iter().zip(eb.iter()) {
        assert_eq!(na, nb);
        let same = !matches!(na.as_str(), "manifest.json" | "signature.json");
        assert_eq!(ba == bb, same, "{na}");
    }
    // A freshly generated key signs packages that verify with it.
    let fresh = KeyPair::generate().unwrap();
    let opened = read_review(&write_review(&review, &fresh).unwrap()).unwrap();
    assert_eq!(opened.signature.public_key(), Some(&fresh.public_key()));
}
