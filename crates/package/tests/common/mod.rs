//! Shared test helpers: the real templates and examples, and zip surgery for tamper tests.
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use secspec_core::{Library, Project};
use secspec_package::{
    build_review, write_review, KeyPair, Kind, Manifest, ProjectRef, ReviewPackage, SignatureFile,
};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

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

/// The kind and package id a package's manifest states.
fn manifest_facts(list: &[(String, Vec<u8>)]) -> (Kind, String) {
    let manifest = &list.iter().find(|(n, _)| n == "manifest.json").unwrap().1;
    let value: serde_json::Value = serde_json::from_slice(manifest).unwrap();
    let kind = serde_json::from_value(value["kind"].clone()).unwrap();
    (kind, value["package_id"].as_str().unwrap().to_string())
}

/// The parts a manifest lists (every entry but the manifest and the signature).
fn listed(list: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    list.iter()
        .filter(|(n, _)| n != "manifest.json" && n != "signature.json")
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

/// What a forger without the signer's key can do: a new manifest with the hashes of the
/// (changed) entries, the original signer named in it, the old signature left in place.
pub fn rehash(list: &mut [(String, Vec<u8>)]) {
    let (kind, id) = manifest_facts(list);
    let manifest = &list.iter().find(|(n, _)| n == "manifest.json").unwrap().1;
    let old: Manifest = serde_json::from_slice(manifest).unwrap();
    let signer = old.signer_key().unwrap();
    let new = Manifest::new(kind, &id, &signer, &listed(list))
        .to_bytes()
        .unwrap();
    list.iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1 = new;
}

/// A consistent package made with `key`: new manifest naming `key`, signed with it.
pub fn resign(list: &mut [(String, Vec<u8>)], key: &KeyPair) {
    let (kind, id) = manifest_facts(list);
    let manifest = Manifest::new(kind, &id, &key.public_key(), &listed(list))
        .to_bytes()
        .unwrap();
    let signature = SignatureFile::sign(&manifest, key).to_bytes().unwrap();
    list.iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1 = manifest;
    list.iter_mut()
        .find(|(n, _)| n == "signature.json")
        .unwrap()
        .1 = signature;
}

/// A consistent version 1 (unsigned) package of the same entries: signature removed,
/// manifest rewritten as SecSpec wrote before signatures.
pub fn as_v1(list: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let (kind, id) = manifest_facts(list);
    let mut out: Vec<(String, Vec<u8>)> = list
        .iter()
        .filter(|(n, _)| n != "signature.json")
        .cloned()
        .collect();
    let manifest = Manifest::unsigned_v1(kind, &id, &listed(&out))
        .to_bytes()
        .unwrap();
    out.iter_mut()
        .find(|(n, _)| n == "manifest.json")
        .unwrap()
        .1 = manifest;
    out
}

/// `f` applied to the part `name` (as UTF-8 text).
pub fn edit_part(list: &mut [(String, Vec<u8>)], name: &str, f: impl Fn(String) -> String) {
    let entry = list.iter_mut().find(|(n, _)| n == name).unwrap();
    entry.1 = f(String::from_utf8(entry.1.clone()).unwrap()).into_bytes();
}

/// Every entry of a zip as (name, bytes), in order.
pub fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

/// A zip of `entries` in order (valid CRCs), `mimetype` stored, the rest deflated or stored.
pub fn zip_of(entries: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let method = if deflate && name != "mimetype" {
            CompressionMethod::Deflated
        } else {
            CompressionMethod::Stored
        };
        w.start_file(
            name.as_str(),
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The package with the entry `name` replaced by `f(old bytes)`, re-zipped (valid CRCs).
pub fn with_entry(zip: &[u8], name: &str, f: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut list = entries(zip);
    let entry = list.iter_mut().find(|(n, _)| n == name).unwrap();
    entry.1 = f(&entry.1);
    zip_of(&list, true)
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
