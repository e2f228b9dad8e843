//! The zip container: deterministic writing and hardened reading of `mimetype`,
//! `manifest.json` and the JSON parts of one package kind.

use crate::error::{clean, foreign, PackageError};
use crate::keys::KeyPair;
use crate::manifest::{self, Kind, Manifest, MANIFEST, MIMETYPE};
use crate::signature::{self, SignatureFile, SignatureStatus, MAX_SIGNATURE, SIGNATURE};
use secspec_core::Message;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter};

/// Largest package file accepted.
pub const MAX_PACKAGE: u64 = 32 * 1024 * 1024;
/// Most entries in a package (a package has at most 6; the rest is headroom for future parts).
pub const MAX_ENTRIES: u64 = 16;
/// Largest decompressed part.
pub const MAX_PART: u64 = 8 * 1024 * 1024;
/// Largest decompressed `manifest.json` and `mimetype`.
pub const MAX_MANIFEST: u64 = 64 * 1024;
pub const MAX_MIMETYPE: u64 = 256;
/// Largest sum of all decompressed entries.
pub const MAX_TOTAL: u64 = 32 * 1024 * 1024;

/// A package whose signature verifies (version 2) and whose entries all match its manifest.
#[derive(Debug)]
pub struct Contents {
    pub kind: Kind,
    pub manifest: Manifest,
    /// The exact bytes of `manifest.json` (the package digest is their SHA-256).
    pub manifest_bytes: Vec<u8>,
    pub signature: SignatureStatus,
    /// JSON parts by name.
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Contents {
    pub fn digest(&self) -> String {
        manifest::sha256_hex(&self.manifest_bytes)
    }
}

fn write_error(e: impl std::fmt::Display) -> PackageError {
    PackageError::Write {
        detail: e.to_string(),
    }
}

/// Writes a version 2 package signed by `key`: `mimetype` first and stored (so `file` and
/// similar tools recognise it), then `manifest.json`, `signature.json` and the parts in
/// `kind.parts()` order, all dated 1980-01-01. Ed25519 signatures are deterministic, so the
/// same package and key give the same bytes.
pub fn write(
    kind: Kind,
    package_id: &str,
    parts: &[(&str, Vec<u8>)],
    key: &KeyPair,
) -> Result<Vec<u8>, PackageError> {
    let names: Vec<&str> = parts.iter().map(|(n, _)| *n).collect();
    if names != kind.parts() {
        return Err(write_error(format!("parts {names:?}")));
    }
    if !manifest::is_package_id(package_id) {
        return Err(write_error(format!("package_id {package_id}")));
    }
    let mut entries: Vec<(&str, &[u8])> = vec![(MIMETYPE, kind.mimetype().as_bytes())];
    entries.extend(parts.iter().map(|(n, b)| (*n, b.as_slice())));
    let manifest = Manifest::new(kind, package_id, &key.public_key(), &entries).to_bytes()?;
    let signature = SignatureFile::sign(&manifest, key).to_bytes()?;
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .system(System::Unix)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut add = |name: &str, bytes: &[u8], options: SimpleFileOptions| {
        zip.start_file(name, options).map_err(write_error)?;
        zip.write_all(bytes).map_err(write_error)
    };
    add(MIMETYPE, kind.mimetype().as_bytes(), stored)?;
    add(MANIFEST, &manifest, deflated)?;
    add(SIGNATURE, &signature, deflated)?;
    for (name, bytes) in parts {
        add(name, bytes, deflated)?;
    }
    Ok(zip.finish().map_err(write_error)?.into_inner())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])))
}

fn not_zip(ja: &str, en: &str) -> PackageError {
    PackageError::NotAZip {
        detail: Message::new(ja, en),
    }
}

/// Entry names from the central directory, read directly so that the count is checked before
/// anything is parsed and duplicate or hostile names are seen as stored. SecSpec writes no
/// archive comment and no ZIP64 records, so the end record must close the file exactly.
fn central_names(b: &[u8]) -> Result<Vec<Vec<u8>>, PackageError> {
    const END: usize = 22;
    let truncated = || {
        not_zip(
            "末尾の中央ディレクトリ終端がありません（途中で切れているか余分なデータがあります）",
            "no end-of-central-directory record at the end (truncated or trailing data)",
        )
    };
    let at = b.len().checked_sub(END).ok_or_else(truncated)?;
    if b.get(at..at + 4) != Some(&[0x50, 0x4b, 0x05, 0x06]) || u16_at(b, at + 20) != Some(0) {
        return Err(truncated());
    }
    let bad = || {
        not_zip(
            "中央ディレクトリが壊れています",
            "damaged central directory",
        )
    };
    let on_disk = u16_at(b, at + 8).ok_or_else(bad)?;
    let total = u16_at(b, at + 10).ok_or_else(bad)?;
    let count = u64::from(on_disk.max(total));
    if count > MAX_ENTRIES {
        return Err(PackageError::TooManyEntries {
            count,
            max: MAX_ENTRIES,
        });
    }
    let size = usize::try_from(u32_at(b, at + 12).ok_or_else(bad)?).map_err(|_| bad())?;
    let start = usize::try_from(u32_at(b, at + 16).ok_or_else(bad)?).map_err(|_| bad())?;
    if start.checked_add(size) != Some(at) {
        return Err(bad());
    }
    let mut names = Vec::new();
    let mut p = start;
    for _ in 0..count {
        if b.get(p..p + 4) != Some(&[0x50, 0x4b, 0x01, 0x02]) {
            return Err(bad());
        }
        let field = |at: usize| u16_at(b, p + at).map(usize::from).ok_or_else(bad);
        let (name_len, extra, comment) = (field(28)?, field(30)?, field(32)?);
        let name = b.get(p + 46..p + 46 + name_len).ok_or_else(bad)?;
        names.push(name.to_vec());
        p += 46 + name_len + extra + comment;
    }
    if p != at {
        return Err(bad());
    }
    Ok(names)
}

/// Names SecSpec writes are plain lowercase file names: anything else (folders, `..`,
/// absolute paths, backslashes, drive letters, control characters) is refused outright.
fn is_safe_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name[0] != b'.'
        && !name.windows(2).any(|w| w == b"..")
        && name.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_')
        })
}

/// A name or value from the file, safe to put in a message (see [`clean`]).
fn shown(name: &[u8]) -> String {
    clean(&String::from_utf8_lossy(name), 200)
}

/// Reads one entry, never more than `max` bytes whatever its header declares.
fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    max: u64,
    total: &mut u64,
) -> Result<Vec<u8>, PackageError> {
    let corrupt = |e: &dyn std::fmt::Display| PackageError::Corrupt {
        entry: name.to_string(),
        detail: clean(&e.to_string(), 300),
    };
    let file = archive.by_name(name).map_err(|e| corrupt(&e))?;
    if file.size() > max {
        return Err(PackageError::EntryTooLarge {
            entry: name.into(),
            max,
        });
    }
    let mut out = Vec::new();
    file.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(&e))?;
    let len = out.len() as u64;
    if len > max {
        return Err(PackageError::EntryTooLarge {
            entry: name.into(),
            max,
        });
    }
    *total += len;
    if *total > MAX_TOTAL {
        return Err(PackageError::TotalTooLarge {
            entry: name.into(),
            max: MAX_TOTAL,
        });
    }
    Ok(out)
}

/// Opens a package and checks everything but the JSON contents: the container, the manifest,
/// the signature of a version 2 package (before any part is trusted), and every entry's size
/// and SHA-256. `expected`: the kind the caller wants (`None` accepts either, for
/// [`crate::digest`]).
pub fn open(bytes: &[u8], expected: Option<Kind>) -> Result<Contents, PackageError> {
    let size = bytes.len() as u64;
    if size > MAX_PACKAGE {
        return Err(PackageError::TooLarge {
            size,
            max: MAX_PACKAGE,
        });
    }
    let names = central_names(bytes)?;
    let mut seen = BTreeSet::new();
    for name in &names {
        if !is_safe_name(name) {
            return Err(PackageError::UnsafeEntryName { entry: shown(name) });
        }
        if !seen.insert(name.as_slice()) {
            return Err(PackageError::DuplicateEntry { entry: shown(name) });
        }
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::NotAZip { detail: foreign(e) })?;
    if archive.len() != names.len() {
        return Err(not_zip("項目数が一致しません", "entry count mismatch"));
    }
    // What the package is comes from `mimetype`, the first entry, stored uncompressed.
    if names.first().map(Vec::as_slice) != Some(MIMETYPE.as_bytes()) {
        return Err(if seen.contains(MIMETYPE.as_bytes()) {
            PackageError::UnsupportedEntry {
                entry: MIMETYPE.into(),
                reason: Message::new("先頭の項目ではありません", "not the first entry"),
            }
        } else {
            PackageError::MissingEntry {
                entry: MIMETYPE.into(),
            }
        });
    }
    let mut total = 0;
    let stored = archive
        .by_index_raw(0)
        .map(|f| f.compression() == CompressionMethod::Stored)
        .map_err(|e| PackageError::Corrupt {
            entry: MIMETYPE.into(),
            detail: clean(&e.to_string(), 300),
        })?;
    if !stored {
        return Err(PackageError::UnsupportedEntry {
            entry: MIMETYPE.into(),
            reason: Message::new("圧縮されています", "compressed"),
        });
    }
    let mime = read_entry(&mut archive, MIMETYPE, MAX_MIMETYPE, &mut total)?;
    let found = std::str::from_utf8(&mime)
        .ok()
        .and_then(Kind::from_mimetype)
        .ok_or_else(|| PackageError::WrongMimetype {
            found: shown(&mime),
        })?;
    if let Some(kind) = expected.filter(|k| *k != found) {
        return Err(PackageError::WrongKind {
            entry: MIMETYPE.into(),
            expected: kind,
            found,
        });
    }
    let kind = found;
    // `signature.json` belongs to version 2, which the manifest tells; it is checked below.
    let allowed: Vec<&str> = [MIMETYPE, MANIFEST, SIGNATURE]
        .into_iter()
        .chain(kind.parts().iter().copied())
        .collect();
    for (index, name) in names.iter().enumerate() {
        let Some(name) = allowed.iter().find(|a| a.as_bytes() == name.as_slice()) else {
            return Err(PackageError::UnexpectedEntry { entry: shown(name) });
        };
        let file = archive
            .by_index_raw(index)
            .map_err(|e| PackageError::Corrupt {
                entry: (*name).into(),
                detail: clean(&e.to_string(), 300),
            })?;
        let reason = if file.is_dir() {
            Some(("フォルダ", "a folder"))
        } else if file.encrypted() {
            Some(("暗号化", "encrypted"))
        } else if !matches!(
            file.compression(),
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            Some(("圧縮方式", "compression method"))
        } else {
            None
        };
        if let Some((ja, en)) = reason {
            return Err(PackageError::UnsupportedEntry {
                entry: (*name).into(),
                reason: Message::new(ja, en),
            });
        }
    }
    for name in allowed.iter().filter(|n| **n != SIGNATURE) {
        if !seen.contains(name.as_bytes()) {
            return Err(PackageError::MissingEntry {
                entry: (*name).into(),
            });
        }
    }
    let manifest_bytes = read_entry(&mut archive, MANIFEST, MAX_MANIFEST, &mut total)?;
    let manifest = Manifest::parse(&manifest_bytes, kind)?;
    let has_signature = seen.contains(SIGNATURE.as_bytes());
    // The signature is checked before any part is hashed or parsed: a version 2 package whose
    // manifest was rewritten without the key is refused as such, whatever else it changed.
    let signature = match manifest.signer_key() {
        Some(key) => {
            if !has_signature {
                return Err(PackageError::MissingSignature);
            }
            let signature_bytes = read_entry(&mut archive, SIGNATURE, MAX_SIGNATURE, &mut total)?;
            signature::verify(&manifest_bytes, &signature_bytes, &key)?;
            SignatureStatus::signed(key)
        }
        None if has_signature => {
            // A signature on an unsigned version could only mislead a reader.
            return Err(PackageError::UnexpectedEntry {
                entry: SIGNATURE.into(),
            });
        }
        None => SignatureStatus::Unsigned,
    };
    let mut parts = BTreeMap::new();
    for entry in &manifest.parts {
        let data = if entry.name == MIMETYPE {
            mime.clone()
        } else {
            read_entry(&mut archive, &entry.name, MAX_PART, &mut total)?
        };
        let tampered = |detail: Message| PackageError::Tampered {
            entry: entry.name.clone(),
            detail,
        };
        if data.len() as u64 != entry.size {
            return Err(tampered(Message::new(
                format!(
                    "大きさ {} バイトが manifest.json の {} バイトと異なります",
                    data.len(),
                    entry.size
                ),
                format!(
                    "size {} bytes, manifest.json says {}",
                    data.len(),
                    entry.size
                ),
            )));
        }
        if manifest::sha256_hex(&data) != entry.sha256 {
            return Err(tampered(Message::new(
                "SHA-256 が manifest.json の記載と一致しません",
                "SHA-256 does not match manifest.json",
            )));
        }
        if entry.name != MIMETYPE {
            parts.insert(entry.name.clone(), data);
        }
    }
    Ok(Contents {
        kind,
        manifest,
        manifest_bytes,
        signature,
        parts,
    })
}
