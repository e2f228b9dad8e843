//! Project files: an edited archive is refused whether or not the forger recomputed the
//! manifest, and a file signed by another key says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_package::*;

fn key() -> KeyPair {
    KeyPair::from_secret(&[7; 32]).unwrap()
}

fn project_file() -> Vec<u8> {
    write_project_file(
        r#"{"title":"庁内ネットワーク運用保守業務"}"#.as_bytes().to_vec(),
        "SECSPEC-00001-PROJECT-R3",
        &key(),
    )
    .unwrap()
}

fn edited(list: &mut [(String, Vec<u8>)]) {
    edit_part(list, ARCHIVE, |s| s.replace("運用保守", "運用"));
}

#[test]
fn an_edited_archive_is_refused_naming_the_entry() {
    let mut list = entries(&project_file());
    edited(&mut list);
    let err = read_project_file(&zip_of(&list, true)).unwrap_err();
    assert_eq!(err.entry(), Some(ARCHIVE), "{err:?}");
}

#[test]
fn an_edited_archive_with_a_recomputed_manifest_fails_the_signature() {
    let mut list = entries(&project_file());
    edited(&mut list);
    rehash(&mut list);
    let err = read_project_file(&zip_of(&list, true)).unwrap_err();
    assert_eq!(err.entry(), Some(SIGNATURE), "{err:?}");
}

#[test]
fn a_file_signed_again_by_another_key_names_that_key() {
    let mut list = entries(&project_file());
    edited(&mut list);
    let other = KeyPair::from_secret(&[9; 32]).unwrap();
    resign(&mut list, &other);
    let opened = read_project_file(&zip_of(&list, true)).unwrap();
    assert_eq!(opened.signature.public_key(), Some(&other.public_key()));
    assert_ne!(opened.signature.public_key(), Some(&key().public_key()));
}
