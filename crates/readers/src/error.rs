//! Read errors: one line naming the file and the problem, in Japanese and English.

use secspec_core::{Bilingual, Message};

/// What went wrong, without the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("too large")]
    TooLarge { size: u64, limit: u64 },
    #[error("empty")]
    Empty,
    #[error("unsupported")]
    Unsupported { what: String },
    #[error("legacy or protected Office file")]
    OleFile,
    #[error("damaged zip")]
    BadZip { detail: String },
    #[error("zip bomb")]
    ZipBomb { entry: String, detail: String },
    #[error("too many entries")]
    TooManyEntries { count: usize, limit: usize },
    #[error("missing part")]
    MissingPart { part: String },
    #[error("xml")]
    BadXml { part: String, detail: String },
    #[error("xml too deep")]
    XmlTooDeep { part: String, limit: usize },
    #[error("too much text")]
    TooMuchText { limit: usize },
    #[error("damaged pdf")]
    BadPdf { detail: String },
    #[error("encrypted pdf")]
    EncryptedPdf,
    #[error("no text layer")]
    NoTextLayer,
    #[error("pdf nested too deep")]
    PdfTooDeep { limit: usize },
    #[error("undecodable text")]
    BadEncoding { offset: usize },
    #[error("binary")]
    Binary,
    #[error("io")]
    Io { detail: String },
}

impl Problem {
    fn message(&self) -> Message {
        let mb = |n: u64| format!("{:.1} MB", n as f64 / 1_000_000.0);
        match self {
            Problem::TooLarge { size, limit } => Message::new(
                format!("ファイルが大きすぎます（{}、上限 {}）", mb(*size), mb(*limit)),
                format!("file too large ({}, the limit is {})", mb(*size), mb(*limit)),
            ),
            Problem::Empty => Message::new("ファイルが空です", "the file is empty"),
            Problem::Unsupported { what } => Message::new(
                format!("対応していない形式です（{what}）。DOCX、ODT、PDF、テキスト又は Markdown を指定してください"),
                format!("unsupported format ({what}); use DOCX, ODT, PDF, plain text or Markdown"),
            ),
            Problem::OleFile => Message::new(
                "旧形式の Word 文書（.doc）又はパスワードで保護された Office 文書は読めません。DOCX として保存し直してください",
                "a legacy Word (.doc) or password-protected Office file cannot be read; save it as DOCX without a password",
            ),
            Problem::BadZip { detail } => Message::new(
                format!("ZIP として壊れています（途中で切れているか破損しています）: {detail}"),
                format!("damaged or truncated ZIP container: {detail}"),
            ),
            Problem::ZipBomb { entry, detail } => Message::new(
                format!("展開後の大きさが上限を超えるため読みません（zip bomb の疑い）: {entry}: {detail}"),
                format!("refused: expands beyond the limit (suspected zip bomb): {entry}: {detail}"),
            ),
            Problem::TooManyEntries { count, limit } => Message::new(
                format!("ZIP の項目が多すぎます（{count} 個、上限 {limit} 個）"),
                format!("too many entries in the ZIP container ({count}, the limit is {limit})"),
            ),
            Problem::MissingPart { part } => Message::new(
                format!("文書の本体 {part} がありません（壊れた文書です）"),
                format!("the document has no {part} (damaged document)"),
            ),
            Problem::BadXml { part, detail } => Message::new(
                format!("{part} の XML が壊れています: {detail}"),
                format!("malformed XML in {part}: {detail}"),
            ),
            Problem::XmlTooDeep { part, limit } => Message::new(
                format!("{part} の XML の入れ子が深すぎます（上限 {limit} 段）"),
                format!("XML nested too deeply in {part} (more than {limit} levels)"),
            ),
            Problem::TooMuchText { limit } => Message::new(
                format!("文字数が上限（{limit} 文字）を超えています"),
                format!("more text than the limit of {limit} characters"),
            ),
            Problem::BadPdf { detail } => Message::new(
                format!("PDF として壊れています: {detail}"),
                format!("damaged PDF: {detail}"),
            ),
            Problem::EncryptedPdf => Message::new(
                "暗号化（パスワード又は権限設定）された PDF は読めません。保護を解除した PDF を指定してください",
                "encrypted PDF (password or permissions): save an unprotected copy first",
            ),
            Problem::NoTextLayer => Message::new(
                "PDF に文字情報（テキストレイヤー）がありません。スキャンした PDF は先に OCR が必要です",
                "no text layer: a scanned PDF needs OCR first",
            ),
            Problem::PdfTooDeep { limit } => Message::new(
                format!("PDF のオブジェクトの入れ子が深すぎます（上限 {limit} 段）"),
                format!("PDF objects nested too deeply (more than {limit} levels)"),
            ),
            Problem::BadEncoding { offset } => Message::new(
                format!("文字コードを判別できません（UTF-8 としても Shift_JIS としても不正なバイトがあります。{offset} バイト目）"),
                format!("unknown text encoding: invalid UTF-8 (and not Shift_JIS either) at byte {offset}"),
            ),
            Problem::Binary => Message::new(
                "テキストファイルではありません（バイナリデータです）",
                "not a text file (binary data)",
            ),
            Problem::Io { detail } => Message::new(
                format!("読み込めません: {detail}"),
                format!("cannot read: {detail}"),
            ),
        }
    }
}

/// A file that could not be read: the file's name and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    pub problem: Problem,
}

impl ReadError {
    pub fn new(file: &str, problem: Problem) -> ReadError {
        ReadError {
            file: file.to_string(),
            problem,
        }
    }
}

impl Bilingual for ReadError {
    fn message(&self) -> Message {
        self.problem.message().prefixed(&self.file)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message())
    }
}

impl std::error::Error for ReadError {}
