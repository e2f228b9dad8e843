//! The clause verifier: checks any document's text against the bundled official clause texts.
//!
//! Input is the document as [`TextBlock`]s (text with its location), as the readers crate makes
//! them from DOCX, ODT, PDF or text; output is a [`CheckReport`] with a verdict per standard
//! clause of the library (`verbatim`, `changed`, `missing`), the evidence (what changed, of which
//! kind, where), the agency names that fill 〔各府省庁名を記載〕, and placeholders left unfilled.
//!
//! The text is aligned with the official text sentence by sentence (each event of the breach
//! clause's list counts as a sentence), so a clause split across paragraphs, table cells, pages
//! or PDF line breaks is still one clause, and a clause whose sentences are reordered is still
//! recognised. A clause is recognised only by sentence-level similarity, never by a few shared
//! words: a specification full of security vocabulary without the clauses reads `missing`.
//!
//! Pure: no I/O, no clock; the same blocks give the same report.

mod carry;
mod clause;
mod engine;
mod official;
pub mod report;
pub mod rules;
pub mod text;

pub use carry::{carry_changes, stated_title};
pub use clause::{check_clause_text, ClauseTextCheck, VersionMatch};
pub use report::{report_document, CheckText, ReportOptions};
pub use rules::Rules;

use crate::document::Lang;
use crate::library::{Group, Library, Origin, Variant};
use serde::{Deserialize, Serialize};

/// Which part of the document a block comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Part {
    #[default]
    Body,
    Header,
    Footer,
    Footnote,
    TextBox,
}

/// A table cell, numbered from 1 in reading order (tables of the whole document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TableCell {
    pub table: u32,
    pub row: u32,
    pub column: u32,
}

/// Where a block stands in its document, as far as the format tells.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Location {
    /// Headings above the block, outermost first, each with its number ("7. 情報セキュリティの確保").
    #[serde(default)]
    pub headings: Vec<String>,
    /// The block's own number or bullet ("(1)", "ア", "・"), from the text or the list numbering.
    #[serde(default)]
    pub label: String,
    /// Paragraph number in reading order, from 1.
    #[serde(default)]
    pub paragraph: Option<u32>,
    #[serde(default)]
    pub table: Option<TableCell>,
    /// Page number, from 1, where the format has pages (PDF).
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub part: Part,
}

impl Location {
    /// A short description for people: `7. 情報セキュリティの確保 > (1)`, with table cell and page.
    pub fn describe(&self, lang: Lang) -> String {
        let mut path: Vec<String> = self.headings.clone();
        let label = self.label.trim();
        if !label.is_empty() && path.last().is_none_or(|h| !h.starts_with(label)) {
            path.push(label.to_string());
        }
        let mut out = path.join(" > ");
        let mut extra: Vec<String> = Vec::new();
        match (self.part, lang) {
            (Part::Body, _) => {}
            (Part::Header, Lang::Ja) => extra.push("ヘッダー".into()),
            (Part::Footer, Lang::Ja) => extra.push("フッター".into()),
            (Part::Footnote, Lang::Ja) => extra.push("脚注".into()),
            (Part::TextBox, Lang::Ja) => extra.push("テキストボックス".into()),
            (Part::Header, Lang::En) => extra.push("header".into()),
            (Part::Footer, Lang::En) => extra.push("footer".into()),
            (Part::Footnote, Lang::En) => extra.push("footnote".into()),
            (Part::TextBox, Lang::En) => extra.push("text box".into()),
        }
        if let Some(t) = self.table {
            extra.push(match lang {
                Lang::Ja => format!("表{} {}行{}列", t.table, t.row, t.column),
                Lang::En => format!("table {}, row {}, column {}", t.table, t.row, t.column),
            });
        }
        if let Some(p) = self.page {
            extra.push(match lang {
                Lang::Ja => format!("{p}ページ"),
                Lang::En => format!("page {p}"),
            });
        }
        if out.is_empty() && extra.is_empty() {
            if let Some(n) = self.paragraph {
                extra.push(match lang {
                    Lang::Ja => format!("第{n}段落"),
                    Lang::En => format!("paragraph {n}"),
                });
            }
        }
        if !extra.is_empty() {
            let joined = extra.join(match lang {
                Lang::Ja => "、",
                Lang::En => ", ",
            });
            if out.is_empty() {
                out = joined;
            } else {
                out = format!("{out}（{joined}）");
                if lang == Lang::En {
                    out = out.replace('（', " (").replace('）', ")");
                }
            }
        }
        out
    }
}

/// One block of a document's text in reading order: a paragraph, a list item, a table cell's
/// paragraph, a line of a text file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TextBlock {
    pub text: String,
    /// The heading level (1 = top) when the block is a heading.
    #[serde(default)]
    pub heading: Option<u8>,
    #[serde(default)]
    pub location: Location,
}

impl TextBlock {
    pub fn new(text: impl Into<String>) -> TextBlock {
        TextBlock {
            text: text.into(),
            ..TextBlock::default()
        }
    }
}

/// The verdict on one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every sentence as the official text (after normalisation); additions allowed.
    Verbatim,
    /// Recognisably present, with differences (see the changes).
    Changed,
    /// Not recognisably present.
    Missing,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Verbatim => "verbatim",
            Status::Changed => "changed",
            Status::Missing => "missing",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A spelling of `verify/notation.toml` (表記ゆれ); not a weakening.
    Notation,
    /// A sentence, event or phrase dropped, or an obligation softened or narrowed.
    Weakened,
    /// Any other change of substance.
    Reworded,
}

impl ChangeKind {
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Notation => "notation",
            ChangeKind::Weakened => "weakened",
            ChangeKind::Reworded => "reworded",
        }
    }
}

/// One difference from the official text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub kind: ChangeKind,
    /// The official words (empty for an insertion).
    pub official: String,
    /// What the document has instead (empty when dropped).
    pub found: String,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Option<Location>,
}

/// How one official sentence was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SentenceStatus {
    Exact,
    Notation,
    Changed,
    Missing,
}

/// One official sentence (or event) and the text aligned with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SentenceResult {
    /// The official sentence, normalised (NFKC, no spaces), with this document's agency names
    /// where it has them and 〔各府省庁名を記載〕 otherwise.
    pub official: String,
    /// The document's sentence, normalised the same way; `None` when not found.
    pub found: Option<String>,
    pub status: SentenceStatus,
    /// Share of characters in common (0–1000), 2·matches / (official + found).
    pub similarity: u32,
    /// An item of a list (the breach clause's events).
    pub event: bool,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Option<Location>,
}

/// A sentence near a clause that the official text lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Addition {
    pub text: String,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Location,
}

/// The verdict on one clause of the library and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseResult {
    pub id: String,
    /// Version of the bundled clause the text was compared with.
    pub version: String,
    pub heading: String,
    pub group: Group,
    pub variant: Variant,
    /// Provenance of the text compared with: official (the 2012 notice) or drafted by SecSpec.
    pub origin: Origin,
    /// Key of the library source (`[sources.*]` of library.toml).
    pub source: String,
    pub status: Status,
    pub weakened: bool,
    /// Changed, and every change is notation (表記ゆれ).
    pub notation_only: bool,
    /// The sentences stand in another order than the official text's.
    pub reordered: bool,
    pub changes: Vec<Change>,
    /// Sentences around the clause that the official text lacks (never counted against it).
    pub additions: Vec<String>,
    pub addition_details: Vec<Addition>,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Option<Location>,
    /// Agency names this clause's text uses where the notice has 〔各府省庁名を記載〕.
    pub agencies: Vec<String>,
    pub sentences: Vec<SentenceResult>,
}

impl ClauseResult {
    /// Verbatim, or changed in notation only: what may still be called the standard text.
    pub fn acceptable(&self) -> bool {
        self.status == Status::Verbatim || (self.status == Status::Changed && self.notation_only)
    }

    /// The clause's text against the official one, sentence by sentence, as a redline:
    /// deleted official words and inserted document words (normalised text).
    pub fn redline(&self) -> Vec<crate::document::Span> {
        let mut spans: Vec<crate::document::Span> = Vec::new();
        for (i, s) in self.sentences.iter().enumerate() {
            let found = s.found.as_deref().unwrap_or("");
            let mut part = crate::deviation::redline(&s.official, found);
            if i + 1 < self.sentences.len() {
                part.push(crate::document::Span::plain("\n"));
            }
            for span in part {
                match spans.last_mut() {
                    Some(last) if last.style == span.style => last.text.push_str(&span.text),
                    _ => spans.push(span),
                }
            }
        }
        spans
    }
}

/// A placeholder of the notice (〔…を記載〕) left in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Placeholder {
    pub text: String,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Location,
}

/// One agency name filling 〔各府省庁名を記載〕.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgencyUse {
    pub name: String,
    pub clause: String,
    /// The name is in the bundled agency list (`agencies.toml`).
    pub known: bool,
    #[serde(rename = "where")]
    pub place: String,
    pub location: Option<Location>,
}

/// Everything the verifier found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    /// The file's name, set by the caller (`with_source`).
    pub file: String,
    /// The format read (`docx`, `odt`, `pdf`, `text`, `markdown`), set by the caller.
    pub format: String,
    pub library_version: String,
    /// Whether the document reads as a procurement or as subsidy conditions (交付の条件).
    pub variant: Variant,
    /// Agency names used for 〔各府省庁名を記載〕, in order of first use.
    pub agencies: Vec<String>,
    /// Each use of an agency name, with its clause and location.
    pub agency_uses: Vec<AgencyUse>,
    /// More than one agency name is used.
    pub agency_mismatch: bool,
    /// The four standard clauses of the notice (or their subsidy wording).
    pub clauses: Vec<ClauseResult>,
    /// Clauses drafted by SecSpec (outsourcing items, CSIRT): compared with SecSpec's wording.
    pub drafted: Vec<ClauseResult>,
    pub unfilled_placeholders: Vec<Placeholder>,
    /// Number of blocks read.
    pub blocks: usize,
}

impl CheckReport {
    /// Names the file and format the blocks were read from.
    pub fn with_source(mut self, file: impl Into<String>, format: impl Into<String>) -> Self {
        self.file = file.into();
        self.format = format.into();
        self
    }

    /// Every standard clause is verbatim or changed in notation only.
    pub fn passes(&self) -> bool {
        !self.clauses.is_empty() && self.clauses.iter().all(ClauseResult::acceptable)
    }

    pub fn clause(&self, id: &str) -> Option<&ClauseResult> {
        self.clauses
            .iter()
            .chain(self.drafted.iter())
            .find(|c| c.id == id)
    }
}

/// Checks a document's blocks against every clause of the library (Japanese text).
pub fn check(library: &Library, blocks: &[TextBlock]) -> CheckReport {
    engine::check(library, blocks)
}
