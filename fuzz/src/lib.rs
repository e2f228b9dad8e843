//! What the fuzz targets share: the real template library (loaded once) and packages built
//! around fuzzed parts, so the JSON readers behind the SHA-256 and signature checks are reached.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use secspec_core::library::Library;
use secspec_package::{KeyPair, Kind, Manifest, SignatureFile};
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::OnceLock;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The library of `templates/` (the one the app ships), loaded at the first call.
pub fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates");
        let mut files = Vec::new();
        read_dir(&dir, &dir, &mut files);
        Library::from_files(&files).expect("templates/ loads")
    })
}

/// Every `.toml` file under `dir` as (path relative to `root` with `/`, contents).
fn read_dir(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("templates/ is readable") {
        let path = entry.expect("templates/ entry").path();
        if path.is_dir() {
            read_dir(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let rel = path.strip_prefix(root).expect("under root");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, std::fs::read_to_string(&path).expect("UTF-8 template")));
        }
    }
}

/// A well-formed package of `kind` whose parts are `parts` (missing ones empty), version 1
/// (unsigned) or version 2 signed with a fixed key: the container, hashes and signature are
/// right, so what the fuzzer varies is the JSON inside.
pub fn package_of(kind: Kind, parts: &[&[u8]], signed: bool, deflate: bool) -> Vec<u8> {
    let names = kind.parts();
    let entries: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, parts.get(i).copied().unwrap_or(b"")))
        .collect();
    let id = match kind {
        Kind::Review => "SECSPEC-00001-REVIEW-R1",
        Kind::Response => "SECSPEC-00001-REVIEW-R1-RESPONSE",
        Kind::Project => "SECSPEC-00001-PROJECT-R1",
    };
    let key = KeyPair::from_secret(&[7u8; 32]).expect("fixed key");
    let manifest = if signed {
        Manifest::new(kind, id, &key.public_key(), &entries)
    } else {
        Manifest::unsigned_v1(kind, id, &entries)
    }
    .to_bytes()
    .expect("manifest serialises");
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let packed = if deflate {
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
    } else {
        stored
    };
    w.start_file("mimetype", stored).unwrap();
    w.write_all(kind.mimetype().as_bytes()).unwrap();
    w.start_file("manifest.json", packed).unwrap();
    w.write_all(&manifest).unwrap();
    if signed {
        let sig = SignatureFile::sign(&manifest, &key).to_bytes().unwrap();
        w.start_file("signature.json", packed).unwrap();
        w.write_all(&sig).unwrap();
    }
    for (name, data) in &entries {
        w.start_file(*name, packed).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `data` split at 0xFF bytes (never in UTF-8 text, so JSON parts cannot contain them).
pub fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    data.split(|b| *b == 0xFF).collect()
}
