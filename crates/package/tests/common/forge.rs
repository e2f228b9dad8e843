//! Forgeries of a package made without the signer's key: parts edited, the manifest recomputed,
//! the signature stripped or made with another key. Shared with the command line's end-to-end
//! tests (tests/e2e), which include this file by path, so it needs only what both have.
// Each test binary uses a different subset of these helpers; failures here are test failures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use secspec_package::{KeyPair, Kind, Manifest, SignatureFile};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

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
