//! The clause library: clauses, definitions, document layouts, sources and agencies, parsed from
//! the TOML files in `templates/`. Core receives file contents; reading the folder is the shell's job.

use crate::document::{DocumentKind, Lang};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("{file}: TOML として読めません: {message} / invalid TOML: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("テンプレートに {0} がありません / the template library has no {0}")]
    Missing(String),
}

/// Where a text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Quoted verbatim from a government document.
    Official,
    /// Written by SecSpec (based on a described requirement).
    Drafted,
    /// A SecSpec translation of Japanese text.
    Translation,
    /// Standard wording the agency (the ordering party) changed.
    Agency,
}

impl Origin {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Origin::Official, Lang::Ja) => "標準文言（原文どおり）",
            (Origin::Drafted, Lang::Ja) => "SecSpec 作成",
            (Origin::Translation, Lang::Ja) => "SecSpec 訳",
            (Origin::Agency, Lang::Ja) => "発注者が変更",
            (Origin::Official, Lang::En) => "official text (verbatim)",
            (Origin::Drafted, Lang::En) => "drafted by SecSpec",
            (Origin::Translation, Lang::En) => "translation by SecSpec",
            (Origin::Agency, Lang::En) => "changed by the ordering party",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Standard,
    Outsourcing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    Procurement,
    Subsidy,
    Any,
}

/// Project facts a clause's applicability depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    NationalSecurity,
    Outsourcing,
    Subcontracting,
    NoSubcontracting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    Text,
    Choice,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub ja: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub max_len: Option<usize>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub default_from: Option<String>,
    pub placeholder_ja: String,
    pub placeholder_en: String,
    pub label_ja: String,
    pub label_en: String,
    #[serde(default)]
    pub help_ja: String,
    #[serde(default)]
    pub help_en: String,
    pub example: String,
}

impl Param {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.label_ja,
            Lang::En => &self.label_en,
        }
    }

    pub fn placeholder(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.placeholder_ja,
            Lang::En => &self.placeholder_en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Supplement {
    pub id: String,
    pub requires: Vec<String>,
    pub origin: Origin,
    pub ja: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClauseText {
    pub heading: String,
    pub body: String,
    #[serde(default)]
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub version: String,
    pub order: i64,
    pub group: Group,
    pub variant: Variant,
    pub mandatory: bool,
    #[serde(default)]
    pub when_any: Vec<Condition>,
    #[serde(default)]
    pub when_all: Vec<Condition>,
    pub origin: Origin,
    pub source: String,
    #[serde(default)]
    pub based_on_ja: Option<String>,
    #[serde(default)]
    pub based_on_en: Option<String>,
    pub ja: ClauseText,
    pub en: ClauseText,
    #[serde(default)]
    pub params: Vec<Param>,
    #[serde(default)]
    pub supplements: Vec<Supplement>,
    /// The file the clause came from (set by the loader, for messages).
    #[serde(skip)]
    pub file: String,
}

impl Clause {
    pub fn text(&self, lang: Lang) -> &ClauseText {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Origin of the text in `lang`: English text of any clause is a translation.
    pub fn origin_in(&self, lang: Lang) -> Origin {
        match lang {
            Lang::Ja => self.origin,
            Lang::En => self.en.origin.unwrap_or(Origin::Translation),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Source {
    pub title_ja: String,
    pub title_en: String,
    #[serde(default)]
    pub issuer_ja: String,
    #[serde(default)]
    pub issuer_en: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub note_ja: String,
    #[serde(default)]
    pub note_en: String,
    #[serde(default)]
    pub published_in_ja: String,
    #[serde(default)]
    pub published_in_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct LibraryFile {
    version: String,
    sources: BTreeMap<String, Source>,
    #[serde(default)]
    translation_note_ja: String,
    #[serde(default)]
    translation_note_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DefinitionText {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Definition {
    pub id: String,
    pub origin: Origin,
    pub source: String,
    pub ja: DefinitionText,
    pub en: DefinitionText,
}

impl Definition {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja.text,
            Lang::En => &self.en.text,
        }
    }
}

/// Drafted connecting text of one document kind. The clause documents need every field;
/// the checklist report needs the common ones and `report`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutText {
    pub title: String,
    /// The document's short name in file names (`…_調達仕様書_R3.pdf`); the title when absent.
    #[serde(default)]
    pub file_label: Option<String>,
    #[serde(default)]
    pub chapter: String,
    #[serde(default)]
    pub intro: String,
    #[serde(default)]
    pub outsourcing_heading: String,
    #[serde(default)]
    pub additions_label: String,
    #[serde(default)]
    pub definition_heading: String,
    #[serde(default)]
    pub voluntary_notice: String,
    pub footer_label: String,
    pub template_label: String,
    pub page_label: String,
    pub subject_label: String,
    #[serde(default)]
    pub provenance_heading: Option<String>,
    #[serde(default)]
    pub draft_notice: Option<String>,
    /// Specification: heading of the section made from the checklist's requirement sentences.
    #[serde(default)]
    pub security_heading: Option<String>,
    /// Specification: the sentence opening that section; `{checklist}` and `{version}` are
    /// replaced by the checklist's title and version.
    #[serde(default)]
    pub security_intro: Option<String>,
    /// Checklist report: its headings, labels and sentences.
    #[serde(default)]
    pub report: Option<ReportText>,
    /// Check report (the clause verifier's): its headings, labels and sentences.
    #[serde(default)]
    pub check: Option<crate::verify::CheckText>,
    /// 作成根拠: its table's labels.
    #[serde(default)]
    pub basis: Option<BasisText>,
    /// 質問回答書: its labels and sentences.
    #[serde(default)]
    pub answers: Option<crate::question_answers::AnswersText>,
}

/// Labels of the 作成根拠 (`documents/basis.toml`): who wrote a clause's wording.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct BasisText {
    /// Clause, wording, source.
    pub columns: [String; 3],
    pub official: String,
    pub drafted: String,
    pub translation: String,
    /// `{original}`: the label of the wording before the agency changed it.
    pub changed: String,
    pub added: String,
    /// `{heading}`: the clause.
    pub supplements: String,
    /// `{heading}`: the clause.
    pub additions: String,
    /// The source column of a row without a catalogued source.
    pub no_source: String,
}

impl BasisText {
    /// Who wrote a text of this origin.
    pub fn label(&self, origin: Origin) -> &str {
        match origin {
            Origin::Official => &self.official,
            Origin::Drafted => &self.drafted,
            Origin::Translation => &self.translation,
            Origin::Agency => &self.added,
        }
    }
}

/// Headings, labels and sentences of the checklist report (`documents/checklist_report.toml`).
/// Column lists are fixed-length, so a missing or extra column is a load error.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReportText {
    /// `{checklist}`, `{version}`: the checklist's title and version.
    pub intro: String,
    pub summary_heading: String,
    /// Rows of the summary table.
    pub overall_label: String,
    pub grade_label: String,
    pub included_label: String,
    pub answered_label: String,
    pub not_applicable_label: String,
    pub unanswered_label: String,
    pub open_label: String,
    pub questions_unanswered_label: String,
    /// Printed for a rate when nothing is scored.
    pub not_scored: String,
    /// `{count}`: the number of unanswered applicable items.
    pub incomplete_note: String,
    pub rounding_note: String,
    pub category_heading: String,
    pub category_chart: String,
    pub stage_heading: String,
    pub stage_chart: String,
    /// Category / stage, included, answered, 対象外, rate, grade, exact value.
    pub group_columns: [String; 7],
    pub grade_heading: String,
    pub grade_intro: String,
    /// Grade, rate range.
    pub grade_columns: [String; 2],
    /// The rate range of grades A, B, C and D, in that order (characters the bundled fonts
    /// print: ≦ rather than ≤).
    pub grade_ranges: [String; 4],
    /// Key of the checklist source the grades come from (`[sources.*]` of `checklist.toml`).
    pub grade_source: String,
    pub source_label: String,
    pub open_heading: String,
    /// Item, category, status, owner, due.
    pub open_columns: [String; 5],
    pub open_none: String,
    pub not_set: String,
    pub overrides_heading: String,
    /// Item, decision, reason.
    pub override_columns: [String; 3],
    pub overrides_none: String,
    pub override_added: String,
    pub override_removed: String,
    pub profile_heading: String,
    /// Question, answer.
    pub profile_columns: [String; 2],
    pub answer_yes: String,
    pub answer_no: String,
    pub answer_unanswered: String,
    pub status_implemented: String,
    /// `{done}`, `{of}`: the counts of a partial answer.
    pub status_partial: String,
    pub status_not_implemented: String,
    pub status_not_applicable: String,
    pub status_unanswered: String,
    pub status_excluded: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Layout {
    pub version: String,
    pub ja: LayoutText,
    pub en: LayoutText,
}

impl Layout {
    pub fn text(&self, lang: Lang) -> &LayoutText {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agency {
    pub name_ja: String,
    pub name_en: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note_ja: String,
    #[serde(default)]
    pub note_en: String,
}

#[derive(Debug, Clone, Deserialize)]
struct AgencyFile {
    agency: Vec<Agency>,
}

/// The whole template library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Library {
    pub version: String,
    pub sources: BTreeMap<String, Source>,
    pub translation_note_ja: String,
    pub translation_note_en: String,
    /// Sorted by (group, order).
    pub clauses: Vec<Clause>,
    pub definitions: Vec<Definition>,
    pub layouts: BTreeMap<DocumentKind, Layout>,
    pub agencies: Vec<Agency>,
    /// The security-by-design checklist (`checklist/`).
    pub checklist: crate::checklist::Checklist,
    /// Wording of the contractor's documents (`contractor/texts.toml`).
    pub contractor: crate::contractor_docs::ContractorTexts,
    /// The clause verifier's notation and weakening tables (`verify/*.toml`).
    pub verify: crate::verify::Rules,
}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, LibraryError> {
    toml::from_str(text).map_err(|e| LibraryError::Parse {
        file: file.to_string(),
        message: e.to_string().trim().replace('\n', " "),
    })
}

fn invalid(file: &str, message: String) -> LibraryError {
    LibraryError::Invalid {
        file: file.to_string(),
        message,
    }
}

impl Library {
    /// Builds the library from `(relative path, contents)` pairs of the `templates/` folder.
    /// Paths use `/` and decide what a file is: `library.toml`, `agencies.toml`,
    /// `clauses/**.toml`, `definitions/*.toml`, `documents/<kind code>.toml`, `contractor/texts.toml`.
    pub fn from_files(files: &[(String, String)]) -> Result<Library, LibraryError> {
        let mut head: Option<LibraryFile> = None;
        let mut clauses = Vec::new();
        let mut definitions = Vec::new();
        let mut layouts = BTreeMap::new();
        let mut agencies = Vec::new();
        let mut contractor = None;
        let mut verify: (Option<&str>, Option<&str>) = (None, None);
        let mut sorted: Vec<&(String, String)> = files.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, text) in sorted {
            if !path.ends_with(".toml") {
                continue;
            }
            if path == "library.toml" {
                head = Some(parse(path, text)?);
            } else if path == "agencies.toml" {
                agencies = parse::<AgencyFile>(path, text)?.agency;
            } else if path.starts_with("clauses/") {
                let mut clause: Clause = parse(path, text)?;
                clause.file = path.clone();
                clauses.push(clause);
            } else if path == crate::verify::rules::NOTATION_FILE {
                verify.0 = Some(text);
            } else if path == crate::verify::rules::WEAKENING_FILE {
                verify.1 = Some(text);
            } else if path == crate::contractor_docs::text::FILE {
                contractor = Some(parse(path, text)?);
            } else if path.starts_with("definitions/") {
                definitions.push(parse(path, text)?);
            } else if let Some(name) = path
                .strip_prefix("documents/")
                .and_then(|p| p.strip_suffix(".toml"))
            {
                let kind = DocumentKind::from_code(name).ok_or_else(|| {
                    invalid(
                        path,
                        format!("文書種別 {name} は不明です / unknown document kind"),
                    )
                })?;
                layouts.insert(kind, parse(path, text)?);
            }
        }
        let head = head.ok_or_else(|| LibraryError::Missing("library.toml".into()))?;
        let verify = match verify {
            (Some(n), Some(w)) => crate::verify::Rules::from_texts(n, w)
                .map_err(|(file, message)| invalid(&file, message))?,
            (None, _) => {
                return Err(LibraryError::Missing(
                    crate::verify::rules::NOTATION_FILE.into(),
                ))
            }
            (_, None) => {
                return Err(LibraryError::Missing(
                    crate::verify::rules::WEAKENING_FILE.into(),
                ))
            }
        };
        clauses
            .sort_by(|a, b| (a.group as u8, a.order, &a.id).cmp(&(b.group as u8, b.order, &b.id)));
        let library = Library {
            version: head.version,
            sources: head.sources,
            translation_note_ja: head.translation_note_ja,
            translation_note_en: head.translation_note_en,
            clauses,
            definitions,
            layouts,
            agencies,
            checklist: crate::checklist::Checklist::from_files(files)?,
            contractor: contractor
                .ok_or_else(|| LibraryError::Missing(crate::contractor_docs::text::FILE.into()))?,
            verify,
        };
        library.check()?;
        Ok(library)
    }

    /// Cross-file consistency: unique ids, known sources, declared parameters, valid templates.
    fn check(&self) -> Result<(), LibraryError> {
        let mut seen = std::collections::BTreeSet::new();
        for clause in &self.clauses {
            let f = clause.file.as_str();
            if !seen.insert(clause.id.as_str()) {
                return Err(invalid(
                    f,
                    format!(
                        "条項 id {} が重複しています / duplicate clause id",
                        clause.id
                    ),
                ));
            }
            if !self.sources.contains_key(&clause.source) {
                return Err(invalid(
                    f,
                    format!(
                        "出典 {} が library.toml にありません / unknown source",
                        clause.source
                    ),
                ));
            }
            crate::template::check_clause(clause).map_err(|m| invalid(f, m))?;
        }
        for kind in DocumentKind::ALL {
            if !self.layouts.contains_key(&kind) {
                return Err(LibraryError::Missing(format!(
                    "documents/{}.toml",
                    kind.code()
                )));
            }
        }
        self.check_checklist_layouts()?;
        for lang in [Lang::Ja, Lang::En] {
            if self
                .layout(DocumentKind::QuestionAnswers)?
                .text(lang)
                .answers
                .is_none()
            {
                return Err(invalid(
                    crate::question_answers::FILE,
                    format!(
                        "[{}.answers] がありません / [{}.answers] is missing",
                        lang.code(),
                        lang.code()
                    ),
                ));
            }
        }
        for lang in [Lang::Ja, Lang::En] {
            if self
                .layout(DocumentKind::CheckReport)?
                .text(lang)
                .check
                .is_none()
            {
                return Err(invalid(
                    "documents/check_report.toml",
                    format!(
                        "[{}.check] がありません / [{}.check] is missing",
                        lang.code(),
                        lang.code()
                    ),
                ));
            }
        }
        for id in self.verify.protected_clauses() {
            if self.clause(id).is_none() {
                return Err(invalid(
                    crate::verify::rules::WEAKENING_FILE,
                    format!("[[protected]] の条項 {id} がありません / unknown clause {id}"),
                ));
            }
        }
        crate::contractor_docs::text::check(&self.contractor, self)
            .map_err(|m| invalid(crate::contractor_docs::text::FILE, m))?;
        if self.definition("national_security").is_none() {
            return Err(LibraryError::Missing(
                "definitions/national_security.toml".into(),
            ));
        }
        Ok(())
    }

    /// The texts the checklist outputs need: the report's labels, the specification's section.
    fn check_checklist_layouts(&self) -> Result<(), LibraryError> {
        for lang in [Lang::Ja, Lang::En] {
            let report = self.layout(DocumentKind::ChecklistReport)?.text(lang);
            let file = "documents/checklist_report.toml";
            let Some(r) = &report.report else {
                return Err(invalid(
                    file,
                    format!(
                        "[{}.report] がありません / [{}.report] is missing",
                        lang.code(),
                        lang.code()
                    ),
                ));
            };
            if !self.checklist.sources.contains_key(&r.grade_source) {
                return Err(invalid(
                    file,
                    format!(
                        "grade_source {} が checklist.toml の出典にありません / unknown checklist source",
                        r.grade_source
                    ),
                ));
            }
            let spec = self.layout(DocumentKind::Specification)?.text(lang);
            if spec.security_heading.is_none() || spec.security_intro.is_none() {
                return Err(invalid(
                    "documents/spec.toml",
                    format!(
                        "[{}] に security_heading と security_intro が必要です / [{}] needs security_heading and security_intro",
                        lang.code(),
                        lang.code()
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn definition(&self, id: &str) -> Option<&Definition> {
        self.definitions.iter().find(|d| d.id == id)
    }

    pub fn layout(&self, kind: DocumentKind) -> Result<&Layout, LibraryError> {
        self.layouts
            .get(&kind)
            .ok_or_else(|| LibraryError::Missing(format!("documents/{}.toml", kind.code())))
    }

    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.get(key)
    }
}

impl crate::Bilingual for LibraryError {
    fn message(&self) -> crate::Message {
        match self {
            LibraryError::Parse { file, message } => crate::Message::new(
                format!("{file}: TOML として読めません: {message}"),
                format!("{file}: invalid TOML: {message}"),
            ),
            LibraryError::Invalid { file, message } => crate::Message::new(
                format!("{file}: テンプレートが正しくありません: {message}"),
                format!("{file}: invalid template: {message}"),
            ),
            LibraryError::Missing(what) => crate::Message::new(
                format!("テンプレートに {what} がありません"),
                format!("the template library has no {what}"),
            ),
        }
    }
}
