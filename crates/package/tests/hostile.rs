//! Hostile packages: traversal names, zip bombs, too many entries, huge parts, newer versions,
//! wrong kinds. Each is refused with the error kind that says why, naming the entry.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::contractor::{ClauseResponse, ContractorResponse, ResponseKind};
use secspec_package::*;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn response_bytes() -> Vec<u8> {
    let file = review_bytes();
    let review = read_review(&file).unwrap().package;
    let mut r = ContractorResponse::default();
    r.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Comment,
            text: "監査の時期について協議を希望します。".into(),
        },
    );
    write_response(
        &respond(&review, &digest(&file).unwrap(), r),
        &contractor_key(),
    )
    .unwrap()
}

/// The review package plus one entry named `name` (written under a same-length placeholder,
/// then renamed in the headers, so that no zip library can clean the name up).
fn with_hostile_name(name: &str) -> Vec<u8> {
    let placeholder = "q".repeat(name.len());
    let mut list = entries(&review_bytes());
    list.push((placeholder.clone(), b"{}".to_vec()));
    rename_raw(&zip_of(&list, true), &placeholder, name)
}

#[test]
fn traversal_and_odd_names_are_refused() {
    for name in [
        "../x",
        "/etc/passwd",
        "a\\b",
        "..",
        "dir/x.json",
        "C:x",
        "x\u{0}y",
        "Project.json",
        ".hidden",
    ] {
        let err = read_review(&with_hostile_name(name)).unwrap_err();
        // Named, with a control character written as an escape, never raw.
        let shown = clean(name, 200);
        assert_eq!(
            err,
            PackageError::UnsafeEntryName {
                entry: shown.clone()
            },
            "{name:?}"
        );
        assert!(err.to_string().contains(&shown), "{err}");
        assert!(!err.to_string().contains('\u{0}'), "{err}");
    }
    // A folder entry is refused as well.
    let mut list = entries(&review_bytes());
    list.push(("qqqq".into(), Vec::new()));
    let err = read_review(&rename_raw(&zip_of(&list, true), "qqqq", "sub/")).unwrap_err();
    assert!(matches!(&err, PackageError::UnsafeEntryName { entry } if entry == "sub/"));
}

#[test]
fn zip_bomb_is_stopped_while_reading() {
    // A part that declares its real (small) size but inflates to 40 MiB of zeros.
    let bytes = review_bytes();
    let real = entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "clauses.json")
        .unwrap()
        .1;
    let bomb = with_entry(&bytes, "clauses.json", |_| vec![0u8; 40 << 20]);
    assert!(
        bomb.len() < 1 << 20,
        "the bomb is small on disk: {}",
        bomb.len()
    );
    let bomb = declare_size(&bomb, "clauses.json", real.len() as u32);
    let err = read_review(&bomb).unwrap_err();
    assert_eq!(
        err,
        PackageError::EntryTooLarge {
            entry: "clauses.json".into(),
            max: MAX_PART
        }
    );
    assert!(err.to_string().contains("clauses.json"));

    // The same bomb in the manifest, which has a smaller cap.
    let bomb = with_entry(&bytes, "manifest.json", |_| vec![b' '; 1 << 20]);
    let bomb = declare_size(&bomb, "manifest.json", 100);
    let err = read_review(&bomb).unwrap_err();
    assert_eq!(
        err,
        PackageError::EntryTooLarge {
            entry: "manifest.json".into(),
            max: MAX_MANIFEST
        }
    );
}

#[test]
fn huge_json_part_is_refused() {
    // 40 MiB of valid JSON (whitespace around `{}`), with a matching manifest.
    let bytes = review_bytes();
    let mut huge = vec![b' '; 40 << 20];
    huge.extend_from_slice(b"{}");
    let mut list = entries(&bytes);
    list.iter_mut()
        .find(|(n, _)| n == "clauses.json")
        .unwrap()
        .1 = huge;
    // Signed (with a key of its own), so that only the size cap can refuse it.
    resign(&mut list, &forger_key());
    let err = read_review(&zip_of(&list, true)).unwrap_err();
    assert_eq!(
        err,
        PackageError::EntryTooLarge {
            entry: "clauses.json".into(),
            max: MAX_PART
        }
    );
}

#[test]
fn deeply_nested_json_is_refused_not_overflowing_the_stack() {
    // A consistent package (manifest matches) whose part nests 100 000 arrays.
    let bytes = review_bytes();
    let mut list = entries(&bytes);
    let mut deep = vec![b'['; 100_000];
    deep.extend(vec![b']'; 100_000]);
    list.iter_mut()
        .find(|(n, _)| n == "project.json")
        .unwrap()
        .1 = deep;
    resign(&mut list, &forger_key());
    let err = read_review(&zip_of(&list, true)).unwrap_err();
    assert!(
        matches!(&err, PackageError::InvalidPart { entry, .. } if entry == "project.json"),
        "{err:?}"
    );
}

#[test]
fn ten_thousand_entries_are_refused_before_reading_them() {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(Kind::Review.mimetype().as_bytes()).unwrap();
    for i in 1..10_000 {
        w.start_file(format!("e{i}.json"), stored).unwrap();
    }
    let bytes = w.finish().unwrap().into_inner();
    let err = read_review(&bytes).unwrap_err();
    assert_eq!(
        err,
        PackageError::TooManyEntries {
            count: 10_000,
            max: MAX_ENTRIES
        }
    );
    assert!(err.to_string().contains("10000"));
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let big = vec![0u8; MAX_PACKAGE as usize + 1];
    let err = read_review(&big).unwrap_err();
    assert!(matches!(err, PackageError::TooLarge { .. }));
}

#[test]
fn newer_version_is_refused_politely() {
    let bytes = review_bytes();
    let bad = with_entry(&bytes, "manifest.json", |b| {
        String::from_utf8(b.to_vec())
            .unwrap()
            .replace("\"version\": 2,", "\"version\": 99,")
            .into_bytes()
    });
    let err = read_review(&bad).unwrap_err();
    assert_eq!(
        err,
        PackageError::UnsupportedVersion {
            found: 99,
            supported: 2
        }
    );
    let msg = err.to_string();
    assert!(msg.contains("manifest.json") && msg.contains("99"), "{msg}");
    assert!(msg.contains("SecSpec を更新してください") && msg.contains("update SecSpec"));
    assert_eq!(err.entry(), Some("manifest.json"));

    // Version 0 does not exist; a missing version is not a package of this format.
    for (from, to) in [
        ("\"version\": 2,", "\"version\": 0,"),
        ("\"version\": 2,", ""),
    ] {
        let bad = with_entry(&bytes, "manifest.json", |b| {
            String::from_utf8(b.to_vec())
                .unwrap()
                .replace(from, to)
                .into_bytes()
        });
        let err = read_review(&bad).unwrap_err();
        assert!(
            matches!(err, PackageError::InvalidManifest { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("manifest.json"));
    }
}

#[test]
fn not_a_zip_is_refused() {
    for bytes in [
        &b""[..],
        b"hello",
        b"%PDF-1.7\n",
        &[0x50, 0x4b, 0x03, 0x04, 0, 0],
    ] {
        let err = read_review(bytes).unwrap_err();
        assert!(matches!(err, PackageError::NotAZip { .. }), "{err:?}");
    }
}

#[test]
fn wrong_mimetype_is_refused() {
    let bad = with_entry(&review_bytes(), "mimetype", |_| b"application/zip".to_vec());
    let err = read_review(&bad).unwrap_err();
    assert_eq!(
        err,
        PackageError::WrongMimetype {
            found: "application/zip".into()
        }
    );
    assert!(err.to_string().contains("mimetype"));
}

#[test]
fn wrong_kind_is_refused() {
    let response = response_bytes();
    let err = read_review(&response).unwrap_err();
    assert_eq!(
        err,
        PackageError::WrongKind {
            entry: "mimetype".into(),
            expected: Kind::Review,
            found: Kind::Response
        }
    );
    assert!(err.to_string().contains("回答パッケージ"), "{err}");
    assert!(err.to_string().contains("mimetype"));
    let err = read_response(&review_bytes()).unwrap_err();
    assert!(matches!(
        err,
        PackageError::WrongKind {
            expected: Kind::Response,
            ..
        }
    ));

    // A review mimetype on a response manifest: the manifest says otherwise.
    let bad = with_entry(&response, "mimetype", |_| {
        Kind::Review.mimetype().as_bytes().to_vec()
    });
    let err = read_review(&bad).unwrap_err();
    assert!(
        matches!(err, PackageError::UnexpectedEntry { .. }),
        "{err:?}"
    );
}

#[test]
fn response_packages_follow_the_same_integrity_rules() {
    let bytes = response_bytes();
    assert!(read_response(&bytes).is_ok());
    let stored = zip_of(&entries(&bytes), false);
    assert!(read_response(&stored).is_ok());
    for entry in [
        "mimetype",
        "manifest.json",
        "signature.json",
        "review-ref.json",
        "response.json",
    ] {
        let (start, len) = data_range(&stored, entry);
        let mut bad = stored.clone();
        bad[start + len / 2] ^= 0x01;
        let err = read_response(&bad).unwrap_err();
        assert_eq!(err.entry(), Some(entry), "{err:?}");
    }
    for entry in ["review-ref.json", "response.json"] {
        let bad = with_entry(&bytes, entry, |b| {
            let mut b = b.to_vec();
            let i = b.len() / 2;
            b[i] ^= 0x01;
            b
        });
        let err = read_response(&bad).unwrap_err();
        assert!(
            matches!(&err, PackageError::Tampered { entry: e, .. } if e == entry),
            "{entry}: {err:?}"
        );
    }
    let list: Vec<_> = entries(&bytes)
        .into_iter()
        .filter(|(n, _)| n != "review-ref.json")
        .collect();
    let err = read_response(&zip_of(&list, true)).unwrap_err();
    assert_eq!(
        err,
        PackageError::MissingEntry {
            entry: "review-ref.json".into()
        }
    );
}

#[test]
fn hostile_response_content_is_refused_even_with_a_matching_manifest() {
    // Someone writes a consistent package by hand with an escape sequence in a field.
    let bytes = response_bytes();
    let mut list = entries(&bytes);
    let response = &mut list
        .iter_mut()
        .find(|(n, _)| n == "response.json")
        .unwrap()
        .1;
    let text = String::from_utf8(response.clone()).unwrap();
    *response = text
        .replace("\"company\": \"\"", "\"company\": \"\\u001b[2J\"")
        .into_bytes();
    assert!(String::from_utf8_lossy(response).contains("\\u001b"));
    resign(&mut list, &forger_key());
    let err = read_response(&zip_of(&list, true)).unwrap_err();
    assert!(
        matches!(&err, PackageError::InvalidContent { entry, .. } if entry == "response.json"),
        "{err:?}"
    );
    assert_eq!(err.field(), Some("profile.company"));
    assert!(!err.to_string().contains('\u{1b}'));
    // The same in a version 1 (unsigned) package.
    let err = read_response(&zip_of(&as_v1(&list), true)).unwrap_err();
    assert_eq!(err.field(), Some("profile.company"));
}
