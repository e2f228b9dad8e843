//! Modified packages are refused, naming the entry; version 2 packages changed and re-hashed
//! without the signer's key are refused naming the signature.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_package::*;

const ENTRIES: [&str; 6] = [
    "mimetype",
    "manifest.json",
    "signature.json",
    "project.json",
    "clauses.json",
    "checklist.json",
];

fn refused(bytes: &[u8]) -> PackageError {
    read_review(bytes).expect_err("a modified package must be refused")
}

fn names(err: &PackageError, entry: &str) {
    assert!(
        err.to_string().contains(entry),
        "message does not name {entry}: {err}"
    );
}

#[test]
fn stored_copy_is_still_valid() {
    // The tamper helpers re-zip; the untouched re-zip must read, or the tests prove nothing.
    let bytes = review_bytes();
    let stored = zip_of(&entries(&bytes), false);
    assert_eq!(read_review(&stored).unwrap().package, review());
    assert_eq!(digest(&stored).unwrap(), digest(&bytes).unwrap());
}

#[test]
fn one_flipped_byte_in_the_raw_data_of_each_entry_is_refused() {
    // Stored entries: the part's bytes are in the file as is, and the manifest is untouched.
    let stored = zip_of(&entries(&review_bytes()), false);
    for entry in ENTRIES {
        let (start, len) = data_range(&stored, entry);
        let mut bad = stored.clone();
        bad[start + len / 2] ^= 0x01;
        let err = refused(&bad);
        assert!(
            matches!(&err, PackageError::Corrupt { entry: e, .. } if e == entry),
            "{entry}: {err:?}"
        );
        assert_eq!(err.entry(), Some(entry));
        names(&err, entry);
    }
}

#[test]
fn one_changed_byte_in_each_part_with_a_valid_zip_is_refused() {
    // Re-zipped with valid CRCs: only the manifest can tell.
    let bytes = review_bytes();
    for entry in ["project.json", "clauses.json", "checklist.json"] {
        let bad = with_entry(&bytes, entry, |b| {
            let mut b = b.to_vec();
            let i = b.len() / 2;
            b[i] ^= 0x01;
            b
        });
        let err = refused(&bad);
        assert!(
            matches!(&err, PackageError::Tampered { entry: e, .. } if e == entry),
            "{entry}: {err:?}"
        );
        names(&err, entry);
        assert!(err.to_string().contains("SHA-256"));
    }
    // Same length, one character changed in the text of a clause.
    let bad = with_entry(&bytes, "clauses.json", |b| {
        String::from_utf8(b.to_vec())
            .unwrap()
            .replacen("直ちに", "速やかに", 1)
            .into_bytes()
    });
    let err = refused(&bad);
    assert!(matches!(&err, PackageError::Tampered { entry, .. } if entry == "clauses.json"));

    let bad = with_entry(&bytes, "mimetype", |b| {
        let mut b = b.to_vec();
        b[5] ^= 0x01;
        b
    });
    let err = refused(&bad);
    assert!(matches!(err, PackageError::WrongMimetype { .. }), "{err:?}");
    names(&err, "mimetype");
}

#[test]
fn any_changed_byte_of_the_manifest_is_refused() {
    let bytes = review_bytes();
    let manifest = entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1;
    // Every position: a manifest byte changed in any place is refused, and the message names
    // the manifest (a changed hash names the part it lists and says the manifest disagrees).
    for i in 0..manifest.len() {
        let bad = with_entry(&bytes, "manifest.json", |b| {
            let mut b = b.to_vec();
            b[i] = if b[i] == b'1' { b'2' } else { b'1' };
            b
        });
        let err = refused(&bad);
        names(&err, "manifest.json");
    }
}

#[test]
fn renamed_added_removed_and_duplicated_entries_are_refused() {
    let bytes = review_bytes();

    let err = refused(&rename_raw(&bytes, "clauses.json", "clauzes.json"));
    assert_eq!(
        err,
        PackageError::UnexpectedEntry {
            entry: "clauzes.json".into()
        }
    );
    names(&err, "clauzes.json");

    let err = refused(&rename_raw(&bytes, "manifest.json", "manifest.jsom"));
    assert!(matches!(&err, PackageError::UnexpectedEntry { entry } if entry == "manifest.jsom"));

    // Renamed onto another part's name.
    let err = refused(&rename_raw(&bytes, "clauses.json", "project.json"));
    assert_eq!(
        err,
        PackageError::DuplicateEntry {
            entry: "project.json".into()
        }
    );
    names(&err, "project.json");

    let mut list = entries(&bytes);
    list.push(("extra.json".into(), b"{}".to_vec()));
    let err = refused(&zip_of(&list, true));
    assert_eq!(
        err,
        PackageError::UnexpectedEntry {
            entry: "extra.json".into()
        }
    );
    names(&err, "extra.json");

    for gone in ENTRIES {
        let list: Vec<_> = entries(&bytes)
            .into_iter()
            .filter(|(n, _)| n != gone)
            .collect();
        let err = refused(&zip_of(&list, true));
        if gone == "signature.json" {
            assert_eq!(err, PackageError::MissingSignature);
        } else {
            assert_eq!(
                err,
                PackageError::MissingEntry { entry: gone.into() },
                "{gone}"
            );
        }
        names(&err, gone);
    }

    // Reordered: `mimetype` must come first.
    let mut list = entries(&bytes);
    list.swap(0, 1);
    let err = refused(&zip_of(&list, true));
    assert!(matches!(&err, PackageError::UnsupportedEntry { entry, .. } if entry == "mimetype"));
}

#[test]
fn truncated_files_are_refused() {
    let bytes = review_bytes();
    let len = bytes.len();
    for cut in [0, 1, 30, 100, len / 3, len / 2, len - 23, len - 22, len - 1] {
        let err = refused(&bytes[..cut]);
        assert!(
            matches!(err, PackageError::NotAZip { .. }),
            "cut at {cut}: {err:?}"
        );
    }
    // Trailing bytes after the end record are refused too.
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(refused(&longer), PackageError::NotAZip { .. }));
}
