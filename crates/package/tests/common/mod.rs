//! Shared test helpers: the real templates and examples, and zip surgery for tamper tests
//! (the forgeries made without the signer's key are in `forge.rs`, shared with tests/e2e).
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

mod forge;

// Like the helpers below, not every test binary uses these.
#[allow(unused_imports)]
pub use forge::*;
use secspec_core::{Library, Project};
use secspec_package::{build_review, write_review, KeyPair, ProjectRef, ReviewPackage};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use zip::ZipArchive;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn library() -> Library {
    secspec_render::assets::load_library(&repo().join("templates"))
        .unwrap_or_else(|e| panic!("template library does not load: {e}"))
}

pub fn example(name: &str) -> Project {
    let text = std::fs::read_to_string(repo().join("templates/examples").join(name)).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub const REF: ProjectRef = ProjectRef {
    project_id: 7,
    revision: 3,
};

pub fn review() -> ReviewPackage {
    build_review(&library(), &example("procurement.toml"), REF).unwrap()
}

/// The agency's key in these tests (fixed, so that packages are reproducible).
pub fn agency_key() -> KeyPair {
    KeyPair::from_secret(&[0xA1; 32]).unwrap()
}

/// The contractor's key in these tests.
pub fn contractor_key() -> KeyPair {
    KeyPair::from_secret(&[0xC2; 32]).unwrap()
}

/// Someone else's key: verifies cryptographically, but it is not the signer's.
pub fn forger_key() -> KeyPair {
    KeyPair::from_secret(&[0x66; 32]).unwrap()
}

pub fn review_bytes() -> Vec<u8> {
    write_review(&review(), &agency_key()).unwrap()
}

/// Version 1 (unsigned) packages written by SecSpec before signatures (see fixtures/README.md).
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Positions where `name` is the file name of a local (`PK\3\4`) or central (`PK\1\2`) header.
pub fn name_positions(zip: &[u8], name: &str) -> Vec<(usize, usize)> {
    let n = name.as_bytes();
    let mut out = Vec::new();
    for i in 0..zip.len().saturating_sub(n.len()) {
        if &zip[i..i + n.len()] != n {
            continue;
        }
        let len_ok = |at: usize| u16::from_le_bytes([zip[at], zip[at + 1]]) as usize == n.len();
        if i >= 30 && zip[i - 30..i - 26] == [0x50, 0x4b, 0x03, 0x04] && len_ok(i - 4) {
            out.push((i, i - 30));
        } else if i >= 46 && zip[i - 46..i - 42] == [0x50, 0x4b, 0x01, 0x02] && len_ok(i - 18) {
            out.push((i, i - 46));
        }
    }
    out
}

/// Renames an entry in place in both headers (names of equal length: offsets stay valid).
pub fn rename_raw(zip: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = zip.to_vec();
    let positions = name_positions(zip, from);
    assert_eq!(positions.len(), 2, "{from}: local and central header");
    for (at, _) in positions {
        out[at..at + to.len()].copy_from_slice(to.as_bytes());
    }
    out
}

/// Sets the declared uncompressed size of `name` in both headers.
pub fn declare_size(zip: &[u8], name: &str, size: u32) -> Vec<u8> {
    let mut out = zip.to_vec();
    for (_, header) in name_positions(zip, name) {
        let field = if zip[header + 2] == 0x03 { 22 } else { 24 };
        out[header + field..header + field + 4].copy_from_slice(&size.to_le_bytes());
    }
    out
}

/// Where the stored data of `name` starts in the zip, and its length.
pub fn data_range(zip: &[u8], name: &str) -> (usize, usize) {
    let mut archive = ZipArchive::new(Cursor::new(zip)).unwrap();
    let f = archive.by_name(name).unwrap();
    (
        f.data_start().unwrap() as usize,
        f.compressed_size() as usize,
    )
}
