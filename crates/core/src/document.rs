//! The one document model every back end renders (DOCX, PDF, preview).
//!
//! Core builds a `Document` from a project; back ends only lay it out. Numbering labels
//! (第１, １, （１）, ア, （ア）) are computed here so every output numbers identically.

use serde::{Deserialize, Serialize};

/// Which document of the set this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 調達仕様書 section 「情報セキュリティ要件」.
    Specification,
    /// 契約書 特記事項 (contract annex).
    ContractAnnex,
    /// 補助金等交付条件 (grant conditions).
    SubsidyConditions,
    /// セキュリティ・バイ・デザイン点検結果報告書 (the checklist report).
    ChecklistReport,
    /// 確認書 (the contractor's confirmation of compliance and management structure).
    Confirmation,
    /// 情報セキュリティ監査対応計画書 (the contractor's audit response plan).
    AuditPlan,
    /// 情報セキュリティ対策履行状況報告書 (the contractor's periodic report form).
    PerformanceReport,
    /// 情報セキュリティインシデント報告書 (the contractor's incident report form).
    IncidentReport,
    /// 仕様書点検結果報告書 (the clause verifier's report on a specification it checked).
    CheckReport,
    /// 作成根拠: who wrote each clause's wording and its source; a separate document the officer
    /// chooses to attach (the clause documents carry no tool labels).
    Basis,
    /// 質問回答書: the agency's answers to the contractor's questions of a response.
    QuestionAnswers,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 11] = [
        DocumentKind::Specification,
        DocumentKind::ContractAnnex,
        DocumentKind::SubsidyConditions,
        DocumentKind::ChecklistReport,
        DocumentKind::Confirmation,
        DocumentKind::AuditPlan,
        DocumentKind::PerformanceReport,
        DocumentKind::IncidentReport,
        DocumentKind::CheckReport,
        DocumentKind::Basis,
        DocumentKind::QuestionAnswers,
    ];

    /// Short stable code used in file names and document ids.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Specification => "spec",
            DocumentKind::ContractAnnex => "annex",
            DocumentKind::SubsidyConditions => "subsidy",
            DocumentKind::ChecklistReport => "checklist_report",
            DocumentKind::Confirmation => "confirmation",
            DocumentKind::AuditPlan => "audit_plan",
            DocumentKind::PerformanceReport => "performance_report",
            DocumentKind::IncidentReport => "incident_report",
            DocumentKind::CheckReport => "check_report",
            DocumentKind::Basis => "basis",
            DocumentKind::QuestionAnswers => "question_answers",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// File format of a rendered document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Docx, Format::Pdf];

    /// File extension and stored code.
    pub fn code(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// Parses a code as users type it (case and surrounding spaces ignored).
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| f.code() == code)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The faces a DOCX names. Officers finish documents in Word on Windows PCs that have no IPAex:
/// they can name 游明朝 / 游ゴシック or ＭＳ 明朝 / ＭＳ ゴシック instead, which every Japanese
/// Windows has. PDFs always use the bundled IPAex fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WordFont {
    /// IPAex明朝 / IPAexゴシック, the faces of the PDF (Word substitutes ＭＳ 明朝 where missing).
    #[default]
    Ipaex,
    /// 游明朝 / 游ゴシック (Windows 8.1 and later).
    Yu,
    /// ＭＳ 明朝 / ＭＳ ゴシック (every Japanese Windows).
    Ms,
}

impl WordFont {
    pub const ALL: [WordFont; 3] = [WordFont::Ipaex, WordFont::Yu, WordFont::Ms];

    /// The body face, as Word and LibreOffice know it.
    pub fn mincho(self) -> &'static str {
        match self {
            WordFont::Ipaex => "IPAex明朝",
            WordFont::Yu => "游明朝",
            WordFont::Ms => "ＭＳ 明朝",
        }
    }

    /// The heading face.
    pub fn gothic(self) -> &'static str {
        match self {
            WordFont::Ipaex => "IPAexゴシック",
            WordFont::Yu => "游ゴシック",
            WordFont::Ms => "ＭＳ ゴシック",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            WordFont::Ipaex => "ipaex",
            WordFont::Yu => "yu",
            WordFont::Ms => "ms",
        }
    }

    pub fn from_code(code: &str) -> Option<WordFont> {
        WordFont::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Language of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// Facts printed in the title block, header/footer and file metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Metadata {
    pub kind: DocumentKind,
    pub lang: Lang,
    /// Stable document id printed in the footer, e.g. `SECSPEC-0001-SPEC-R3`.
    pub document_id: String,
    /// Document title, e.g. 「調達仕様書（情報セキュリティ要件）」.
    pub title: String,
    /// 件名 of the procurement.
    pub subject: String,
    /// Agency (and bureau) issuing the document.
    pub agency: String,
    /// Document date already formatted (和暦 in Japanese documents).
    pub date_text: String,
    /// Combined template version string, e.g. `clauses 2012.1 / layout 1`.
    pub template_version: String,
    /// Footer line without the page number.
    pub footer: String,
    /// Label before page numbers ("ページ" / "Page"); back ends print `label N / M`.
    pub page_label: String,
    /// A short note printed under the title block (e.g. voluntary-use marking), if any.
    pub notice: Option<String>,
    /// The faces the DOCX names (the PDF always uses the bundled fonts).
    #[serde(default)]
    pub word_font: WordFont,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Span {
    pub text: String,
    pub style: SpanStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SpanStyle {
    #[default]
    Normal,
    Bold,
    /// Redline: text the officer added to standard wording.
    Inserted,
    /// Redline: standard wording the officer removed.
    Deleted,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Span {
            text: text.into(),
            style: SpanStyle::Normal,
        }
    }

    pub fn styled(text: impl Into<String>, style: SpanStyle) -> Self {
        Span {
            text: text.into(),
            style,
        }
    }
}

/// One block of the document body, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A heading in Gothic. `level` 1 is the top (第１ / 第１条), 2 is the next (１ …).
    Heading {
        level: u8,
        /// Number label, e.g. "第１", "１", "第３条"; empty when unnumbered.
        label: String,
        text: String,
    },
    /// A body paragraph in Mincho. `level` 0 is flush with the heading text; each level
    /// indents one step. `label` is the number (（１）, ア, （ア）, ２ …) or empty.
    Paragraph {
        level: u8,
        label: String,
        spans: Vec<Span>,
    },
    /// A bulleted list; each item is one paragraph. Items hang under `marker`.
    List {
        level: u8,
        marker: String,
        items: Vec<Vec<Span>>,
    },
    /// A simple grid. The first row is the header when `header` is true.
    Table {
        header: bool,
        /// Relative column widths (any positive numbers; back ends normalise).
        widths: Vec<u16>,
        rows: Vec<Vec<String>>,
    },
    /// A quoted or cited note in a smaller size (provenance, definitions).
    Note { spans: Vec<Span> },
    /// Horizontal bars on a 0–100 % scale with grid lines at the grade boundaries
    /// (0, 60, 80, 100 %). Back ends draw what they can; the text is always printed.
    BarChart { title: String, bars: Vec<Bar> },
    /// Vertical space of about one line.
    Spacer,
}

/// One bar of a [`Block::BarChart`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Bar {
    pub label: String,
    /// Length in tenths of a percent, 0..=1000 (back ends clamp larger values).
    pub percent_tenths: u32,
    /// Printed after the bar, e.g. "87.5% B".
    pub value_label: String,
}

impl Bar {
    /// The length as a fraction of the full scale, clamped to 0..=1.
    pub fn fraction(&self) -> f32 {
        self.percent_tenths.min(1000) as f32 / 1000.0
    }
}

/// Grid lines of a bar chart, in percent: the grade boundaries of seed 003.
pub const BAR_GRID: [u32; 4] = [0, 60, 80, 100];

/// A complete document: metadata and body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Document {
    pub meta: Metadata,
    pub blocks: Vec<Block>,
}

impl Document {
    /// All text of the body in reading order, one line per block/item (for tests and previews).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Heading { label, text, .. } => push_line(&mut out, label, text),
                Block::Paragraph { label, spans, .. } => push_line(&mut out, label, &join(spans)),
                Block::List { marker, items, .. } => {
                    for item in items {
                        push_line(&mut out, marker, &join(item));
                    }
                }
                Block::Table { rows, .. } => {
                    for row in rows {
                        out.push_str(&row.join("\t"));
                        out.push('\n');
                    }
                }
                Block::Note { spans } => push_line(&mut out, "", &join(spans)),
                Block::BarChart { title, bars } => {
                    push_line(&mut out, "", title);
                    for bar in bars {
                        out.push_str(&bar.label);
                        out.push('\t');
                        out.push_str(&bar.value_label);
                        out.push('\n');
                    }
                }
                Block::Spacer => {}
            }
        }
        out
    }

    /// Every character that will be printed, for font-coverage checks.
    pub fn all_text(&self) -> String {
        let m = &self.meta;
        let mut s = format!(
            "{}{}{}{}{}{}{}",
            m.title,
            m.subject,
            m.agency,
            m.date_text,
            m.footer,
            m.page_label,
            m.notice.as_deref().unwrap_or("")
        );
        s.push_str(&self.plain_text());
        s
    }
}

fn join(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

fn push_line(out: &mut String, label: &str, text: &str) {
    if !label.is_empty() {
        out.push_str(label);
        out.push('\u{3000}');
    }
    out.push_str(text);
    out.push('\n');
}
