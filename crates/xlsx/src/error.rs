//! Whole-file errors: the workbook cannot be written, or the file as a whole cannot be imported.
//! Problems with single cells are not errors but [`crate::RejectedCell`]s.

use secspec_core::checklist::ScoreError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XlsxError {
    #[error("ファイルが大きすぎます（{size} バイト、上限 {limit} バイト） / the file is too large ({size} bytes, the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },

    #[error("Excel ブック（.xlsx）ではありません（{detail_ja}） / not an Excel workbook (.xlsx): {detail_en}")]
    NotXlsx {
        detail_ja: String,
        detail_en: String,
    },

    #[error("ファイルが壊れているか、途中で切れています（{detail}） / the file is damaged or truncated: {detail}")]
    Damaged { detail: String },

    #[error("展開すると大きくなりすぎるファイルです（zip 爆弾の疑い）：{entry}：{detail_ja} / the file expands too much (possible zip bomb): {entry}: {detail_en}")]
    ZipBomb {
        entry: String,
        detail_ja: String,
        detail_en: String,
    },

    #[error("シート「{expected_ja}」（{expected_en}）がありません。あるシート：{found} / there is no sheet \"{expected_en}\" ({expected_ja}); sheets found: {found}", found = .found.join(", "))]
    MissingSheet {
        expected_ja: String,
        expected_en: String,
        found: Vec<String>,
    },

    #[error("シート「{sheet}」の1行目（見出し）に列「{column_ja}」がありません / sheet \"{sheet}\" has no column \"{column_en}\" in its header row (row 1)")]
    MissingColumn {
        sheet: String,
        column_ja: String,
        column_en: String,
    },

    #[error("シート「{sheet}」の行が多すぎます（{rows} 行以上、上限 {limit} 行） / sheet \"{sheet}\" has too many rows ({rows} or more data rows, the limit is {limit})")]
    TooManyRows {
        sheet: String,
        rows: u64,
        limit: u64,
    },

    #[error("Excel ファイルを作成できません（{0}） / could not write the workbook: {0}")]
    Write(String),

    #[error("集計できません / cannot score the answers: {0}")]
    Score(#[from] ScoreError),
}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError::Write(e.to_string())
    }
}

impl secspec_core::Bilingual for XlsxError {
    fn message(&self) -> secspec_core::Message {
        use secspec_core::Message;
        match self {
            XlsxError::TooLarge { size, limit } => Message::new(
                format!("ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）"),
                format!("the file is too large ({size} bytes, the limit is {limit})"),
            ),
            XlsxError::NotXlsx {
                detail_ja,
                detail_en,
            } => Message::new(
                format!("Excel ブック（.xlsx）ではありません（{detail_ja}）"),
                format!("not an Excel workbook (.xlsx): {detail_en}"),
            ),
            XlsxError::Damaged { detail } => Message::new(
                format!("ファイルが壊れているか、途中で切れています（{detail}）"),
                format!("the file is damaged or truncated: {detail}"),
            ),
            XlsxError::ZipBomb {
                entry,
                detail_ja,
                detail_en,
            } => Message::new(
                format!("展開すると大きくなりすぎるファイルです（zip 爆弾の疑い）：{entry}：{detail_ja}"),
                format!("the file expands too much (possible zip bomb): {entry}: {detail_en}"),
            ),
            XlsxError::MissingSheet {
                expected_ja,
                expected_en,
                found,
            } => Message::new(
                format!(
                    "シート「{expected_ja}」（{expected_en}）がありません。あるシート：{}",
                    found.join(", ")
                ),
                format!(
                    "there is no sheet \"{expected_en}\" ({expected_ja}); sheets found: {}",
                    found.join(", ")
                ),
            ),
            XlsxError::MissingColumn {
                sheet,
                column_ja,
                column_en,
            } => Message::new(
                format!("シート「{sheet}」の1行目（見出し）に列「{column_ja}」がありません"),
                format!("sheet \"{sheet}\" has no column \"{column_en}\" in its header row (row 1)"),
            ),
            XlsxError::TooManyRows { sheet, rows, limit } => Message::new(
                format!("シート「{sheet}」の行が多すぎます（{rows} 行以上、上限 {limit} 行）"),
                format!(
                    "sheet \"{sheet}\" has too many rows ({rows} or more data rows, the limit is {limit})"
                ),
            ),
            XlsxError::Write(detail) => Message::new(
                format!("Excel ファイルを作成できません（{detail}）"),
                format!("could not write the workbook: {detail}"),
            ),
            XlsxError::Score(e) => {
                let m = e.message();
                Message::new(format!("集計できません: {}", m.ja), format!("cannot score the answers: {}", m.en))
            }
        }
    }
}
