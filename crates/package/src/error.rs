//! Why a package cannot be written or opened. Every message is bilingual and names the entry.

use crate::manifest::Kind;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PackageError {
    #[error("パッケージが大きすぎます（{size} バイト、上限 {max} バイト） / the package is too large ({size} bytes, at most {max})")]
    TooLarge { size: u64, max: u64 },
    #[error("SecSpec のパッケージ（zip）として読めません: {detail} / not a SecSpec package (zip): {detail}")]
    NotAZip { detail: String },
    #[error("パッケージの項目が多すぎます（{count} 個、上限 {max} 個） / the package has too many entries ({count}, at most {max})")]
    TooManyEntries { count: u64, max: u64 },
    #[error("項目名「{entry}」は使用できません（フォルダ、..、絶対パス、\\ を含む名前は拒否します） / entry name \"{entry}\" is not allowed (folders, .., absolute paths and backslashes are refused)")]
    UnsafeEntryName { entry: String },
    #[error("{entry}: この形式のパッケージにない項目です（追加又は名前の変更） / {entry}: not an entry of this package format (added or renamed)")]
    UnexpectedEntry { entry: String },
    #[error("{entry}: 項目が重複しています / {entry}: the entry appears twice")]
    DuplicateEntry { entry: String },
    #[error("{entry}: 必要な項目がありません（削除又は名前の変更） / {entry}: a required entry is missing (removed or renamed)")]
    MissingEntry { entry: String },
    #[error(
        "{entry}: 項目の形式に対応していません（{reason}） / {entry}: unsupported entry ({reason})"
    )]
    UnsupportedEntry { entry: String, reason: String },
    #[error("{entry}: 展開後の大きさが上限 {max} バイトを超えます / {entry}: larger than {max} bytes when decompressed")]
    EntryTooLarge { entry: String, max: u64 },
    #[error("{entry}: 展開後の合計が上限 {max} バイトを超えます / {entry}: the decompressed entries exceed {max} bytes in total")]
    TotalTooLarge { entry: String, max: u64 },
    #[error(
        "{entry}: 壊れていて読めません: {detail} / {entry}: damaged, cannot be read: {detail}"
    )]
    Corrupt { entry: String, detail: String },
    #[error("mimetype: SecSpec のパッケージではありません（「{found}」） / mimetype: not a SecSpec package (\"{found}\")")]
    WrongMimetype { found: String },
    #[error("{entry}: {} ではなく {} です / {entry}: this is a {} package, not a {} package", .found.label_ja(), .expected.label_ja(), .found.label_en(), .expected.label_en())]
    WrongKind {
        entry: String,
        expected: Kind,
        found: Kind,
    },
    #[error("manifest.json: このパッケージは形式バージョン {found} です。この SecSpec が読めるのはバージョン {supported} までです。SecSpec を更新してください / manifest.json: this package uses format version {found}; this SecSpec reads up to version {supported}. Please update SecSpec")]
    UnsupportedVersion { found: u64, supported: u64 },
    #[error("manifest.json: 目録が不正です: {detail} / manifest.json: invalid manifest: {detail}")]
    InvalidManifest { detail: String },
    #[error("{entry}: パッケージ作成後に変更されています（{detail}）。このパッケージは開きません / {entry}: modified after the package was made ({detail}); the package is refused")]
    Tampered { entry: String, detail: String },
    #[error("{entry}: 内容が不正です: {detail} / {entry}: invalid content: {detail}")]
    InvalidPart { entry: String, detail: String },
    #[error("{entry}: 入力エラーがあります: {first} / {entry}: invalid values: {first}")]
    InvalidContent { entry: String, first: String },
    #[error("レビュー用パッケージを作成できません: {detail} / cannot build the review package: {detail}")]
    Build { detail: String },
    #[error("パッケージを書き出せません: {detail} / cannot write the package: {detail}")]
    Write { detail: String },
    #[error("review-ref.json: この回答は、この案件から書き出していないパッケージ {package_id}（ダイジェスト {digest}）への回答です / review-ref.json: this response answers package {package_id} (digest {digest}), which this project did not export")]
    NotAnswering { package_id: String, digest: String },
}

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
            | InvalidPart { entry, .. }
            | InvalidContent { entry, .. } => Some(entry),
            WrongMimetype { .. } => Some(crate::manifest::MIMETYPE),
            UnsupportedVersion { .. } | InvalidManifest { .. } => Some(crate::manifest::MANIFEST),
            NotAnswering { .. } => Some(crate::response::REVIEW_REF),
            TooLarge { .. }
            | NotAZip { .. }
            | TooManyEntries { .. }
            | Build { .. }
            | Write { .. } => None,
        }
    }
}
