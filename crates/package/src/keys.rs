//! Ed25519 key pairs, public keys, fingerprints, and the key file that moves a key pair to a
//! second computer of the same office (docs/package-format.md, "Keys").

use secspec_core::{Bilingual, Message};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The one signature algorithm of format version 2.
pub const ALGORITHM: &str = "ed25519";

/// Whose key pair: the agency signs review packages, the contractor signs responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    Agency,
    Contractor,
}

impl KeyRole {
    /// The code stored in the database and written to key files.
    pub fn code(self) -> &'static str {
        match self {
            KeyRole::Agency => "agency",
            KeyRole::Contractor => "contractor",
        }
    }

    pub fn from_code(code: &str) -> Option<KeyRole> {
        [KeyRole::Agency, KeyRole::Contractor]
            .into_iter()
            .find(|r| r.code() == code)
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            KeyRole::Agency => "発注者（府省庁）の鍵",
            KeyRole::Contractor => "受注者の鍵",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            KeyRole::Agency => "agency key",
            KeyRole::Contractor => "contractor key",
        }
    }
}

/// Why a key or a key file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// The operating system gave no random bytes.
    Random {
        detail: String,
    },
    InvalidPublicKey {
        detail: Message,
    },
    /// A secret key is exactly 32 bytes.
    InvalidSecretKey,
    /// The secret key does not give the public key stored with it.
    Mismatch,
    /// The key file is not one SecSpec wrote (`detail` says which field).
    KeyFile {
        detail: Message,
    },
    KeyFileVersion {
        found: u64,
        supported: u64,
    },
    KeyFileTooLarge {
        size: u64,
        max: u64,
    },
    /// A key file of the other role.
    WrongRole {
        expected: KeyRole,
        found: KeyRole,
    },
    Io {
        path: PathBuf,
        detail: String,
    },
}

impl Bilingual for KeyError {
    fn message(&self) -> Message {
        let m = |ja: String, en: String| Message::new(ja, en);
        match self {
            KeyError::Random { detail } => m(
                format!("鍵を作るための乱数を OS から得られません: {detail}"),
                format!("the operating system gave no random bytes for a key: {detail}"),
            ),
            KeyError::InvalidPublicKey { detail } => m(
                format!("公開鍵が不正です: {}", detail.ja),
                format!("invalid public key: {}", detail.en),
            ),
            KeyError::InvalidSecretKey => m(
                "秘密鍵が不正です（32 バイトではありません）".into(),
                "invalid secret key (not 32 bytes)".into(),
            ),
            KeyError::Mismatch => m(
                "秘密鍵と公開鍵が対応していません（鍵が書き換えられています）".into(),
                "the secret key does not match its public key (the key was altered)".into(),
            ),
            KeyError::KeyFile { detail } => m(
                format!("SecSpec の鍵ファイルとして読めません: {}", detail.ja),
                format!("not a SecSpec key file: {}", detail.en),
            ),
            KeyError::KeyFileVersion { found, supported } => m(
                format!("鍵ファイルの形式バージョン {found} には対応していません（{supported} まで）。SecSpec を更新してください"),
                format!("key file format version {found} is not supported (up to {supported}). Please update SecSpec"),
            ),
            KeyError::KeyFileTooLarge { size, max } => m(
                format!("鍵ファイルが大きすぎます（{size} バイト、上限 {max} バイト）"),
                format!("the key file is too large ({size} bytes, at most {max})"),
            ),
            KeyError::WrongRole { expected, found } => m(
                format!("この鍵ファイルは{}です（{}が必要です）", found.label_ja(), expected.label_ja()),
                format!("this key file holds the {} (the {} is needed)", found.label_en(), expected.label_en()),
            ),
            KeyError::Io { path, detail } => m(
                format!("{}: 鍵ファイルを読み書きできません: {detail}", path.display()),
                format!("{}: cannot read or write the key file: {detail}", path.display()),
            ),
        }
    }
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for KeyError {}

/// An Ed25519 public key (32 bytes; a valid curve point that is not of small order).
/// Serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct PublicKey([u8; 32]);

impl PublicKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Result<PublicKey, KeyError> {
        let invalid = |ja: &str, en: &str| KeyError::InvalidPublicKey {
            detail: Message::new(ja, en),
        };
        let key = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| invalid("曲線上の点ではありません", "not a point on the curve"))?;
        if key.is_weak() {
            return Err(invalid(
                "位数の小さい点です（署名の検証に使えません）",
                "a point of small order (useless for verification)",
            ));
        }
        Ok(PublicKey(bytes))
    }

    /// 64 lowercase hex digits.
    pub fn from_hex(text: &str) -> Result<PublicKey, KeyError> {
        let bytes = crate::hex::decode::<32>(text).ok_or_else(|| KeyError::InvalidPublicKey {
            detail: Message::new(
                "16 進小文字 64 桁ではありません",
                "not 64 lowercase hex digits",
            ),
        })?;
        PublicKey::from_bytes(bytes)
    }

    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.0)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(self)
    }

    /// Strict Ed25519 verification (RFC 8032 with canonical encodings, no small-order points),
    /// so that one message has one valid signature per key.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(&self.0) else {
            return false;
        };
        let signature = ed25519_dalek::Signature::from_bytes(signature);
        key.verify_strict(message, &signature).is_ok()
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        PublicKey::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// The fingerprint of a public key, short enough to read aloud and to print in a document
/// footer: the first 16 bytes of SHA-256 over the 32 key bytes, as 8 groups of 4 uppercase
/// hex digits separated by single spaces, e.g. `3F2A 9C01 77B4 E0D2 5A6C 11F8 0B3E 94D7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Fingerprint(String);

impl Fingerprint {
    /// Characters of a written fingerprint (39: 32 digits and 7 spaces).
    pub const LEN: usize = 39;

    pub fn of(key: &PublicKey) -> Fingerprint {
        let digest = Sha256::digest(key.as_bytes());
        let groups: Vec<String> = digest
            .chunks_exact(2)
            .take(8)
            .map(|pair| pair.iter().map(|b| format!("{b:02X}")).collect())
            .collect();
        Fingerprint(groups.join(" "))
    }

    /// A fingerprint as a person types it: 32 hex digits in either case, with any spaces,
    /// hyphens or colons between them. `None` for anything else.
    pub fn parse(text: &str) -> Option<Fingerprint> {
        let digits: Vec<char> = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | ':'))
            .collect();
        if digits.len() != 32 || !digits.iter().all(char::is_ascii_hexdigit) {
            return None;
        }
        let groups: Vec<String> = digits
            .chunks(4)
            .map(|g| g.iter().map(char::to_ascii_uppercase).collect())
            .collect();
        Some(Fingerprint(groups.join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, key: &PublicKey) -> bool {
        *self == key.fingerprint()
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Fingerprint::parse(&text)
            .filter(|f| f.0 == text)
            .ok_or_else(|| serde::de::Error::custom("malformed fingerprint"))
    }
}

/// An Ed25519 key pair. `Debug` shows only the fingerprint; the secret key bytes are wiped
/// from memory when the pair is dropped (ed25519-dalek's `zeroize`).
#[derive(Clone)]
pub struct KeyPair(ed25519_dalek::SigningKey);

impl KeyPair {
    /// A new key pair from 32 bytes of the operating system's random generator (RFC 8032:
    /// the secret key is 32 random bytes).
    pub fn generate() -> Result<KeyPair, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| KeyError::Random {
            detail: e.to_string(),
        })?;
        let pair = KeyPair(ed25519_dalek::SigningKey::from_bytes(&seed));
        seed.fill(0);
        Ok(pair)
    }

    /// The key pair of a 32-byte secret key.
    pub fn from_secret(secret: &[u8]) -> Result<KeyPair, KeyError> {
        let seed: [u8; 32] = secret.try_into().map_err(|_| KeyError::InvalidSecretKey)?;
        Ok(KeyPair(ed25519_dalek::SigningKey::from_bytes(&seed)))
    }

    /// A key pair kept as its secret key and public key (hex), e.g. in the store: refused
    /// unless the secret key gives exactly that public key.
    pub fn from_stored(secret: &[u8], public_key: &str) -> Result<KeyPair, KeyError> {
        let pair = KeyPair::from_secret(secret)?;
        if pair.public_key() != PublicKey::from_hex(public_key)? {
            return Err(KeyError::Mismatch);
        }
        Ok(pair)
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key().to_bytes())
    }

    pub fn fingerprint(&self) -> Fingerprint {
        self.public_key().fingerprint()
    }

    /// The 32 secret key bytes, to store or export. Treat them as a password.
    pub fn secret_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// Ed25519 signatures are deterministic: the same key and message give the same bytes.
    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        use ed25519_dalek::Signer;
        self.0.sign(message).to_bytes()
    }
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// `format` of every key file.
pub const KEY_FILE_FORMAT: &str = "secspec-key";
/// The key file version this build writes and the newest it reads.
pub const KEY_FILE_VERSION: u64 = 1;
/// Largest key file read (a real one is about 400 bytes).
pub const MAX_KEY_FILE: u64 = 4096;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFileJson {
    format: String,
    version: u64,
    role: KeyRole,
    algorithm: String,
    public_key: String,
    fingerprint: String,
    secret_key: String,
}

/// A key pair read from a key file, with the role it was exported as.
#[derive(Debug, Clone)]
pub struct KeyFile {
    pub role: KeyRole,
    pub key: KeyPair,
}

/// The key file of `key` (deterministic; JSON, UTF-8, ends with a newline). It holds the
/// secret key in clear: write it with [`write_key_file`] (owner-only permissions) and delete
/// it once imported.
pub fn key_file_bytes(role: KeyRole, key: &KeyPair) -> Vec<u8> {
    let file = KeyFileJson {
        format: KEY_FILE_FORMAT.into(),
        version: KEY_FILE_VERSION,
        role,
        algorithm: ALGORITHM.into(),
        public_key: key.public_key().to_hex(),
        fingerprint: key.fingerprint().to_string(),
        secret_key: crate::hex::encode(&key.secret_bytes()),
    };
    // Serializing plain strings and integers cannot fail.
    let mut out = serde_json::to_vec_pretty(&file).unwrap_or_default();
    out.push(b'\n');
    out
}

fn key_file_error(ja: impl Into<String>, en: impl Into<String>) -> KeyError {
    KeyError::KeyFile {
        detail: Message::new(ja, en),
    }
}

/// Reads a key file, refusing anything SecSpec would not have written: another format or a
/// newer version, unknown or missing fields, another algorithm, a malformed key, a
/// fingerprint that is not the public key's, a secret key that does not give the public key,
/// or a key of the other role.
pub fn parse_key_file(bytes: &[u8], expected: KeyRole) -> Result<KeyFile, KeyError> {
    let size = bytes.len() as u64;
    if size > MAX_KEY_FILE {
        return Err(KeyError::KeyFileTooLarge {
            size,
            max: MAX_KEY_FILE,
        });
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let detail = crate::error::foreign(e);
        key_file_error(detail.ja, detail.en)
    })?;
    if value.get("format").and_then(|f| f.as_str()) != Some(KEY_FILE_FORMAT) {
        return Err(key_file_error(
            format!("format が {KEY_FILE_FORMAT} ではありません"),
            format!("format is not {KEY_FILE_FORMAT}"),
        ));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(KEY_FILE_VERSION) => {}
        Some(found) if found > KEY_FILE_VERSION => {
            return Err(KeyError::KeyFileVersion {
                found,
                supported: KEY_FILE_VERSION,
            })
        }
        _ => return Err(key_file_error("version が不正です", "invalid version")),
    }
    let file: KeyFileJson = serde_json::from_value(value).map_err(|e| {
        let detail = crate::error::foreign(e);
        key_file_error(detail.ja, detail.en)
    })?;
    if file.algorithm != ALGORITHM {
        return Err(key_file_error(
            format!(
                "署名方式「{}」に対応していません",
                crate::error::clean(&file.algorithm, 40)
            ),
            format!(
                "unsupported algorithm \"{}\"",
                crate::error::clean(&file.algorithm, 40)
            ),
        ));
    }
    let public = PublicKey::from_hex(&file.public_key)?;
    if public.fingerprint().as_str() != file.fingerprint {
        return Err(key_file_error(
            "fingerprint が公開鍵のフィンガープリントではありません",
            "fingerprint is not the fingerprint of public_key",
        ));
    }
    let secret = crate::hex::decode::<32>(&file.secret_key).ok_or_else(|| {
        key_file_error(
            "secret_key が 16 進小文字 64 桁ではありません",
            "secret_key is not 64 lowercase hex digits",
        )
    })?;
    let key = KeyPair::from_secret(&secret)?;
    if key.public_key() != public {
        return Err(KeyError::Mismatch);
    }
    if file.role != expected {
        return Err(KeyError::WrongRole {
            expected,
            found: file.role,
        });
    }
    Ok(KeyFile {
        role: file.role,
        key,
    })
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> KeyError {
    KeyError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Writes the key file of `key` to `path`, readable and writable by its owner only (mode
/// 0600 on Unix, set when the file is created, so the key is never readable by others even
/// for a moment). Written to a temporary file in the same folder and renamed into place.
pub fn write_key_file(path: &Path, role: KeyRole, key: &KeyPair) -> Result<(), KeyError> {
    let bytes = key_file_bytes(role, key);
    let name = path
        .file_name()
        .ok_or_else(|| io_error(path, "ファイル名がありません / no file name"))?;
    let temp = path.with_file_name(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = (|| {
        let mut file = options.open(&temp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = written {
        // Best effort: the temporary file holds the secret key.
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(path, e));
    }
    Ok(())
}

/// Reads and checks a key file ([`parse_key_file`]); a file over [`MAX_KEY_FILE`] bytes is
/// refused before it is read.
pub fn read_key_file(path: &Path, expected: KeyRole) -> Result<KeyFile, KeyError> {
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(path, e))?
        .len();
    if size > MAX_KEY_FILE {
        return Err(KeyError::KeyFileTooLarge {
            size,
            max: MAX_KEY_FILE,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    parse_key_file(&bytes, expected)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn fixed() -> KeyPair {
        KeyPair::from_secret(&[7u8; 32]).unwrap()
    }

    #[test]
    fn fingerprint_is_eight_groups_of_four_upper_hex_of_sha256() {
        let key = fixed().public_key();
        let fp = key.fingerprint();
        assert_eq!(fp.as_str().len(), Fingerprint::LEN);
        let groups: Vec<&str> = fp.as_str().split(' ').collect();
        assert_eq!(groups.len(), 8);
        assert!(groups.iter().all(|g| g.len() == 4
            && g.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())));
        let digest = crate::hex::encode(&Sha256::digest(key.as_bytes())).to_uppercase();
        assert_eq!(fp.as_str().replace(' ', ""), digest[..32]);
        // Typed as a person would.
        let typed = fp.as_str().to_lowercase().replace(' ', "-");
        assert_eq!(Fingerprint::parse(&typed).unwrap(), fp);
        assert!(Fingerprint::parse(&fp.as_str()[..30]).is_none());
        assert!(Fingerprint::parse("ZZZZ 9C01 77B4 E0D2 5A6C 11F8 0B3E 94D7").is_none());
    }

    #[test]
    fn generated_keys_differ_and_sign_deterministically() {
        let a = KeyPair::generate().unwrap();
        let b = KeyPair::generate().unwrap();
        assert_ne!(a.public_key(), b.public_key());
        assert_eq!(a.sign(b"m"), a.sign(b"m"));
        assert!(a.public_key().verifies(b"m", &a.sign(b"m")));
        assert!(!b.public_key().verifies(b"m", &a.sign(b"m")));
        assert!(!a.public_key().verifies(b"n", &a.sign(b"m")));
        assert!(!format!("{a:?}").contains(&crate::hex::encode(&a.secret_bytes())));
    }

    #[test]
    fn stored_pairs_must_match() {
        let a = fixed();
        let other = KeyPair::from_secret(&[8u8; 32]).unwrap();
        let pair = KeyPair::from_stored(&a.secret_bytes(), &a.public_key().to_hex()).unwrap();
        assert_eq!(pair.public_key(), a.public_key());
        assert_eq!(
            KeyPair::from_stored(&a.secret_bytes(), &other.public_key().to_hex()).unwrap_err(),
            KeyError::Mismatch
        );
        assert_eq!(
            KeyPair::from_stored(&[1, 2, 3], &a.public_key().to_hex()).unwrap_err(),
            KeyError::InvalidSecretKey
        );
    }

    #[test]
    fn invalid_and_small_order_public_keys_are_refused() {
        // The identity point (small order) and a y with no point on the curve.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(PublicKey::from_bytes(identity).is_err());
        let mut off_curve = [0u8; 32];
        off_curve[0] = 2;
        assert!(PublicKey::from_bytes(off_curve).is_err());
        assert!(PublicKey::from_hex(&"A".repeat(64)).is_err());
    }

    #[test]
    fn key_file_round_trips_and_refuses_what_secspec_does_not_write() {
        let key = fixed();
        let bytes = key_file_bytes(KeyRole::Agency, &key);
        assert_eq!(bytes, key_file_bytes(KeyRole::Agency, &key));
        let read = parse_key_file(&bytes, KeyRole::Agency).unwrap();
        assert_eq!(read.role, KeyRole::Agency);
        assert_eq!(read.key.public_key(), key.public_key());
        assert_eq!(
            parse_key_file(&bytes, KeyRole::Contractor).unwrap_err(),
            KeyError::WrongRole {
                expected: KeyRole::Contractor,
                found: KeyRole::Agency
            }
        );
        let text = String::from_utf8(bytes.clone()).unwrap();
        let other = KeyPair::from_secret(&[9u8; 32]).unwrap();
        let cases = [
            text.replace("\"version\": 1", "\"version\": 2"),
            text.replace("\"version\": 1", "\"version\": 0"),
            text.replace("secspec-key", "secspec-kex"),
            text.replace("\"ed25519\"", "\"rsa\""),
            text.replace(&key.public_key().to_hex(), &other.public_key().to_hex()),
            text.replace(
                &crate::hex::encode(&key.secret_bytes()),
                &crate::hex::encode(&other.secret_bytes()),
            ),
            text.replace(key.fingerprint().as_str(), other.fingerprint().as_str()),
            text.replace("\"role\"", "\"rôle\""),
            text.replace('{', "{\"extra\": 1, "),
            text[..text.len() / 2].to_string(),
            "\u{1b}[2J".to_string(),
        ];
        for (n, case) in cases.iter().enumerate() {
            let err = parse_key_file(case.as_bytes(), KeyRole::Agency).unwrap_err();
            assert!(!err.to_string().contains('\u{1b}'), "{n}: {err}");
            if n == 0 {
                assert_eq!(
                    err,
                    KeyError::KeyFileVersion {
                        found: 2,
                        supported: 1
                    }
                );
            }
        }
        let huge = vec![b' '; MAX_KEY_FILE as usize + 1];
        assert!(matches!(
            parse_key_file(&huge, KeyRole::Agency),
            Err(KeyError::KeyFileTooLarge { .. })
        ));
    }
}
