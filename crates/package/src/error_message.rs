//! The messages of [`PackageError`] in both languages, as data.

use crate::error::PackageError;
use secspec_core::{Bilingual, Message};

impl Bilingual for PackageError {
    fn message(&self) -> Message {
        match self {
            PackageError::TooLarge { size, max } => Message::new(
                format!("パッケージが大きすぎます（{size} バイト、上限 {max} バイト）"),
                format!("the package is too large ({size} bytes, at most {max})"),
            ),
            PackageError::NotAZip { detail } => Message::new(
                format!("SecSpec のパッケージ（zip）として読めません: {detail}"),
                format!("not a SecSpec package (zip): {detail}"),
            ),
            PackageError::TooManyEntries { count, max } => Message::new(
                format!("パッケージの項目が多すぎます（{count} 個、上限 {max} 個）"),
                format!("the package has too many entries ({count}, at most {max})"),
            ),
            PackageError::UnsafeEntryName { entry } => Message::new(
                format!("項目名「{entry}」は使用できません（フォルダ、..、絶対パス、\\ を含む名前は拒否します）"),
                format!("entry name \"{entry}\" is not allowed (folders, .., absolute paths and backslashes are refused)"),
            ),
            PackageError::UnexpectedEntry { entry } => Message::new(
                format!("{entry}: この形式のパッケージにない項目です（追加又は名前の変更）"),
                format!("{entry}: not an entry of this package format (added or renamed)"),
            ),
            PackageError::DuplicateEntry { entry } => Message::new(
                format!("{entry}: 項目が重複しています"),
                format!("{entry}: the entry appears twice"),
            ),
            PackageError::MissingEntry { entry } => Message::new(
                format!("{entry}: 必要な項目がありません（削除又は名前の変更）"),
                format!("{entry}: a required entry is missing (removed or renamed)"),
            ),
            PackageError::UnsupportedEntry { entry, reason } => Message::new(
                format!("{entry}: 項目の形式に対応していません（{reason}）"),
                format!("{entry}: unsupported entry ({reason})"),
            ),
            PackageError::EntryTooLarge { entry, max } => Message::new(
                format!("{entry}: 展開後の大きさが上限 {max} バイトを超えます"),
                format!("{entry}: larger than {max} bytes when decompressed"),
            ),
            PackageError::TotalTooLarge { entry, max } => Message::new(
                format!("{entry}: 展開後の合計が上限 {max} バイトを超えます"),
                format!("{entry}: the decompressed entries exceed {max} bytes in total"),
            ),
            PackageError::Corrupt { entry, detail } => Message::new(
                format!("{entry}: 壊れていて読めません: {detail}"),
                format!("{entry}: damaged, cannot be read: {detail}"),
            ),
            PackageError::WrongMimetype { found } => Message::new(
                format!("mimetype: SecSpec のパッケージではありません（「{found}」）"),
                format!("mimetype: not a SecSpec package (\"{found}\")"),
            ),
            PackageError::WrongKind { entry, expected, found } => Message::new(
                format!("{entry}: {} ではなく {} です", found.label_ja(), expected.label_ja()),
                format!("{entry}: this is a {} package, not a {} package", found.label_en(), expected.label_en()),
            ),
            PackageError::UnsupportedVersion { found, supported } => Message::new(
                format!("manifest.json: このパッケージは形式バージョン {found} です。この SecSpec が読めるのはバージョン {supported} までです。SecSpec を更新してください"),
                format!("manifest.json: this package uses format version {found}; this SecSpec reads up to version {supported}. Please update SecSpec"),
            ),
            PackageError::InvalidManifest { detail } => Message::new(
                format!("manifest.json: 目録が不正です: {detail}"),
                format!("manifest.json: invalid manifest: {detail}"),
            ),
            PackageError::Tampered { entry, detail } => Message::new(
                format!("{entry}: パッケージ作成後に変更されています（{detail}）。このパッケージは開きません"),
                format!("{entry}: modified after the package was made ({detail}); the package is refused"),
            ),
            PackageError::InvalidPart { entry, detail } => Message::new(
                format!("{entry}: 内容が不正です: {detail}"),
                format!("{entry}: invalid content: {detail}"),
            ),
            PackageError::InvalidContent { entry, first } => Message::new(
                format!("{entry}: 入力エラーがあります: {first}"),
                format!("{entry}: invalid values: {first}"),
            ),
            PackageError::Build { detail } => Message::new(
                format!("レビュー用パッケージを作成できません: {detail}"),
                format!("cannot build the review package: {detail}"),
            ),
            PackageError::Write { detail } => Message::new(
                format!("パッケージを書き出せません: {detail}"),
                format!("cannot write the package: {detail}"),
            ),
            PackageError::NotAnswering { package_id, digest } => Message::new(
                format!("review-ref.json: この回答は、この案件から書き出していないパッケージ {package_id}（ダイジェスト {digest}）への回答です"),
                format!("review-ref.json: this response answers package {package_id} (digest {digest}), which this project did not export"),
            ),
        }
    }
}
