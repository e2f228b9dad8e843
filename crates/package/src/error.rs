//! Why a package cannot be written or opened. Every message is bilingual data (Japanese first)
//! and names the entry; nothing read from a package is ever shown raw (see [`clean`]).

use crate::manifest::{Kind, MANIFEST, MIMETYPE};
use crate::signature::SIGNATURE;
use secspec_core::{Bilingual, Issue, Message};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    TooLarge {
        size: u64,
        max: u64,
    },
    NotAZip {
        detail: Message,
    },
    TooManyEntries {
        count: u64,
        max: u64,
    },
    UnsafeEntryName {
        entry: String,
    },
    UnexpectedEntry {
        entry: String,
    },
    DuplicateEntry {
        entry: String,
    },
    MissingEntry {
        entry: String,
    },
    UnsupportedEntry {
        entry: String,
        reason: Message,
    },
    EntryTooLarge {
        entry: String,
        max: u64,
    },
    TotalTooLarge {
        entry: String,
        max: u64,
    },
    /// The zip library could not read the entry (CRC, damaged data); `detail` is its text.
    Corrupt {
        entry: String,
        detail: String,
    },
    WrongMimetype {
        found: String,
    },
    WrongKind {
        entry: String,
        expected: Kind,
        found: Kind,
    },
    UnsupportedVersion {
        found: u64,
        supported: u64,
    },
    InvalidManifest {
        detail: Message,
    },
    /// An entry differs from what the manifest (or SecSpec's exact form) says.
    Tampered {
        entry: String,
        detail: Message,
    },
    /// A version 2 package without `signature.json`.
    MissingSignature,
    /// `signature.json` does not verify against `manifest.json` with the key the manifest names.
    BadSignature {
        reason: Message,
    },
    /// A signature algorithm this build does not know (only `ed25519`).
    UnsupportedAlgorithm {
        entry: String,
        found: String,
    },
    /// An unsigned (version 1) response to a signed (version 2) review package. No SecSpec
    /// that writes version 1 can read a version 2 review, so the response was rewritten.
    UnsignedResponse {
        review_package_id: String,
    },
    InvalidPart {
        entry: String,
        detail: Message,
    },
    /// A value of a part breaks the text rule or a limit; `issue.field` is its JSON path.
    InvalidContent {
        entry: String,
        issue: Issue,
    },
    Build {
        detail: String,
    },
    Write {
        detail: String,
    },
    NotAnswering {
        package_id: String,
        digest: String,
    },
}

/// Text from a package or a library made safe to show: every character the text rule refuses
/// (controls, bidi controls, invisible characters, ...) is written as `\u{…}`, and at most
/// `max` characters are kept, so that an error message never carries an escape sequence or a
/// megabyte of input to the terminal.
pub fn clean(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut buf = [0u8; 4];
    for (i, c) in text.chars().enumerate() {
        if i >= max {
            out.push('…');
            break;
        }
        if secspec_core::validate::hidden_character(c.encode_utf8(&mut buf), false).is_some() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A library's (English) error text as a message in both languages, made safe to show.
pub(crate) fn foreign(detail: impl std::fmt::Display) -> Message {
    let text = clean(&detail.to_string(), 300);
    Message::new(text.clone(), text)
}

impl Bilingual for PackageError {
    fn message(&self) -> Message {
        use PackageError::*;
        let m = |ja: String, en: String| Message::new(ja, en);
        match self {
            TooLarge { size, max } => m(
                format!("パッケージが大きすぎます（{size} バイト、上限 {max} バイト）"),
                format!("the package is too large ({size} bytes, at most {max})"),
            ),
            NotAZip { detail } => m(
                format!("SecSpec のパッケージ（zip）として読めません: {}", detail.ja),
                format!("not a SecSpec package (zip): {}", detail.en),
            ),
            TooManyEntries { count, max } => m(
                format!("パッケージの項目が多すぎます（{count} 個、上限 {max} 個）"),
                format!("the package has too many entries ({count}, at most {max})"),
            ),
            UnsafeEntryName { entry } => m(
                format!("項目名「{entry}」は使用できません（フォルダ、..、絶対パス、\\ を含む名前は拒否します）"),
                format!("entry name \"{entry}\" is not allowed (folders, .., absolute paths and backslashes are refused)"),
            ),
            UnexpectedEntry { entry } => m(
                format!("{entry}: この形式のパッケージにない項目です（追加又は名前の変更）"),
                format!("{entry}: not an entry of this package format (added or renamed)"),
            ),
            DuplicateEntry { entry } => m(
                format!("{entry}: 項目が重複しています"),
                format!("{entry}: the entry appears twice"),
            ),
            MissingEntry { entry } => m(
                format!("{entry}: 必要な項目がありません（削除又は名前の変更）"),
                format!("{entry}: a required entry is missing (removed or renamed)"),
            ),
            UnsupportedEntry { entry, reason } => m(
                format!("{entry}: 項目の形式に対応していません（{}）", reason.ja),
                format!("{entry}: unsupported entry ({})", reason.en),
            ),
            EntryTooLarge { entry, max } => m(
                format!("{entry}: 展開後の大きさが上限 {max} バイトを超えます"),
                format!("{entry}: larger than {max} bytes when decompressed"),
            ),
            TotalTooLarge { entry, max } => m(
                format!("{entry}: 展開後の合計が上限 {max} バイトを超えます"),
                format!("{entry}: the decompressed entries exceed {max} bytes in total"),
            ),
            Corrupt { entry, detail } => m(
                format!("{entry}: 壊れていて読めません: {detail}"),
                format!("{entry}: damaged, cannot be read: {detail}"),
            ),
            WrongMimetype { found } => m(
                format!("{MIMETYPE}: SecSpec のパッケージではありません（「{found}」）"),
                format!("{MIMETYPE}: not a SecSpec package (\"{found}\")"),
            ),
            WrongKind {
                entry,
                expected,
                found,
            } => m(
                format!("{entry}: {} ではなく {} です", expected.label_ja(), found.label_ja()),
                format!(
                    "{entry}: this is a {} package, not a {} package",
                    found.label_en(),
                    expected.label_en()
                ),
            ),
            UnsupportedVersion { found, supported } => m(
                format!("{MANIFEST}: このパッケージは形式バージョン {found} です。この SecSpec が読めるのはバージョン {supported} までです。SecSpec を更新してください"),
                format!("{MANIFEST}: this package uses format version {found}; this SecSpec reads up to version {supported}. Please update SecSpec"),
            ),
            InvalidManifest { detail } => m(
                format!("{MANIFEST}: 目録が不正です: {}", detail.ja),
                format!("{MANIFEST}: invalid manifest: {}", detail.en),
            ),
            Tampered { entry, detail } => m(
                format!("{entry}: パッケージ作成後に変更されています（{}）。このパッケージは開きません", detail.ja),
                format!("{entry}: modified after the package was made ({}); the package is refused", detail.en),
            ),
            MissingSignature => m(
                format!("{SIGNATURE}: 形式バージョン 2 のパッケージに署名がありません（署名が取り除かれています）。このパッケージは開きません"),
                format!("{SIGNATURE}: a format version 2 package without its signature (the signature was removed); the package is refused"),
            ),
            BadSignature { reason } => m(
                format!("{SIGNATURE}: 署名を確認できません（{}）。署名の後に変更されたか、署名が差し替えられています。このパッケージは開きません", reason.ja),
                format!("{SIGNATURE}: the signature does not verify ({}); the package was changed after it was signed, or the signature was replaced. The package is refused", reason.en),
            ),
            UnsupportedAlgorithm { entry, found } => m(
                format!("{entry}: 署名方式「{found}」に対応していません（ed25519 のみ）"),
                format!("{entry}: unsupported signature algorithm \"{found}\" (only ed25519)"),
            ),
            UnsignedResponse { review_package_id } => m(
                format!("この回答パッケージには署名がありませんが、回答先のレビュー用パッケージ {review_package_id} は署名付き（形式バージョン 2）です。署名付きのパッケージを読める SecSpec は必ず署名付きで回答するため、この回答は書き換えられています。取り込みません"),
                format!("this response package is unsigned, but the review package it answers ({review_package_id}) is signed (format version 2). A SecSpec that can read a signed package always signs its response, so this response was rewritten; it is not imported"),
            ),
            InvalidPart { entry, detail } => m(
                format!("{entry}: 内容が不正です: {}", detail.ja),
                format!("{entry}: invalid content: {}", detail.en),
            ),
            InvalidContent { entry, issue } => m(
                format!("{entry}: 入力エラーがあります: {}: {}", issue.field, issue.ja),
                format!("{entry}: invalid values: {}: {}", issue.field, issue.en),
            ),
            Build { detail } => m(
                format!("レビュー用パッケージを作成できません: {detail}"),
                format!("cannot build the review package: {detail}"),
            ),
            Write { detail } => m(
                format!("パッケージを書き出せません: {detail}"),
                format!("cannot write the package: {detail}"),
            ),
            NotAnswering { package_id, digest } => m(
                format!("{}: この回答は、この案件から書き出していないパッケージ {package_id}（ダイジェスト {digest}）への回答です", crate::response::REVIEW_REF),
                format!("{}: this response answers package {package_id} (digest {digest}), which this project did not export", crate::response::REVIEW_REF),
            ),
        }
    }
}

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for PackageError {}

impl PackageError {
    /// The package entry the error concerns, if any.
    pub fn entry(&self) -> Option<&str> {
        use PackageError::*;
        match self {
            UnsafeEntryName { entry }
            | UnexpectedEntry { entry }
            | DuplicateEntry { entry }
            | MissingEntry { entry }
            | UnsupportedEntry { entry, .. }
            | EntryTooLarge { entry, .. }
            | TotalTooLarge { entry, .. }
            | Corrupt { entry, .. }
            | WrongKind { entry, .. }
            | Tampered { entry, .. }
            | UnsupportedAlgorithm { entry, .. }
            | InvalidPart { entry, .. }
            | InvalidContent { entry, .. } => Some(entry),
            WrongMimetype { .. } => Some(MIMETYPE),
            UnsupportedVersion { .. } | InvalidManifest { .. } => Some(MANIFEST),
            MissingSignature | BadSignature { .. } => Some(SIGNATURE),
            NotAnswering { .. } => Some(crate::response::REVIEW_REF),
            UnsignedResponse { .. }
            | TooLarge { .. }
            | NotAZip { .. }
            | TooManyEntries { .. }
            | Build { .. }
            | Write { .. } => None,
        }
    }

    /// The JSON path of the refused value inside [`PackageError::entry`], for
    /// [`PackageError::InvalidContent`] (e.g. `title`, `clauses[3].text[0].text`).
    pub fn field(&self) -> Option<&str> {
        match self {
            PackageError::InvalidContent { issue, .. } => Some(&issue.field),
            _ => None,
        }
    }

    /// True when the refusal is about the signature (missing, not verifying, downgraded).
    pub fn is_signature_error(&self) -> bool {
        matches!(
            self,
            PackageError::MissingSignature
                | PackageError::BadSignature { .. }
                | PackageError::UnsupportedAlgorithm { .. }
                | PackageError::UnsignedResponse { .. }
        )
    }
}
