//! What a package carries. Self-contained: a contractor without SecSpec's database or templates
//! can read every required clause, where its wording comes from, and how it differs from the
//! standard text. Field names are the JSON keys documented in `docs/package-format.md`.

use secspec_core::contractor::ContractorResponse;
use secspec_core::library::{Group, Origin, Source};
use secspec_core::{ContractKind, ContractMethod, Date, Lang, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A bilingual explanation line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "PackageText"))]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

/// Whether the requirements apply to the project (see `secspec_core::applicability::Scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "PackageScope"))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Required,
    Voluntary,
    OutOfScope,
}

/// `project.json`: the facts of the procurement and the versions the package was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ProjectFacts {
    /// The project's number and saved revision in the officer's SecSpec (they make the package id).
    pub project_id: i64,
    pub revision: i64,
    pub title: String,
    pub agency: String,
    pub bureau: String,
    pub officer: String,
    pub document_date: Date,
    pub contract_start: Option<Date>,
    pub contract_end: Option<Date>,
    pub lang: Lang,
    pub contract_kind: ContractKind,
    pub method: ContractMethod,
    pub national_security: bool,
    pub national_security_reason: String,
    pub outsourcing: bool,
    pub subcontracting: bool,
    pub voluntary: bool,
    pub scope: Scope,
    pub scope_why: Vec<Text>,
    /// The fixed definition of 「国の安全」, when the project relies on it.
    pub national_security_definition: Option<String>,
    /// Template library version (`templates/library.toml`).
    pub library_version: String,
    /// Checklist version (`templates/checklist/checklist.toml`).
    pub checklist_version: String,
}

/// A block of clause text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Body {
    Paragraph(String),
    /// Items without their `・` marker.
    List(Vec<String>),
}

/// A parameter of a clause and the value it has in this project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClauseParam {
    pub name: String,
    pub label: String,
    pub required: bool,
    /// As printed; `None` when left blank (a required one then prints as its placeholder).
    pub value: Option<String>,
}

/// The officer's change to the standard wording, with the redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClauseDeviation {
    /// Standard text with this project's values.
    pub standard: String,
    /// The officer's text.
    pub edited: String,
    /// Unchanged, deleted and inserted runs in reading order.
    pub redline: Vec<Span>,
    pub inserted_chars: u64,
    pub deleted_chars: u64,
    pub reason: Option<String>,
}

/// One required (included) clause as it prints for the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReviewClause {
    pub id: String,
    /// Version of the clause template.
    pub version: String,
    pub group: Group,
    /// A final document must include it.
    pub mandatory: bool,
    pub heading: String,
    /// What prints: the officer's wording if changed, else the standard text with values.
    pub text: Vec<Body>,
    /// Origin of `text` (`drafted` when the officer changed official wording).
    pub origin: Origin,
    /// The standard text with this project's values.
    pub standard: Vec<Body>,
    /// Origin of the standard text in the package language.
    pub standard_origin: Origin,
    /// Key into [`ClauseSet::sources`].
    pub source: String,
    /// What drafted text is based on.
    pub based_on: Option<String>,
    pub params: Vec<ClauseParam>,
    /// Required parameters still unfilled (the package is then a draft).
    pub unfilled: Vec<String>,
    /// Drafted sentences switched on by filled optional parameters.
    pub supplements: Vec<String>,
    /// The officer's stricter additions.
    pub additions: Vec<String>,
    pub deviation: Option<ClauseDeviation>,
    /// Why the clause is in.
    pub why: Vec<Text>,
}

/// `clauses.json`: the required clauses in print order and the sources they cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClauseSet {
    pub clauses: Vec<ReviewClause>,
    /// Only the sources cited by `clauses`.
    pub sources: BTreeMap<String, Source>,
    /// The note that English wording is a translation.
    pub translation_note: String,
}

/// One applicable checklist item: the sentence it adds to the specification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChecklistRequirement {
    pub id: String,
    pub version: String,
    pub stage: String,
    pub category_code: String,
    pub category: String,
    pub subitem: String,
    /// 「…すること。」
    pub requirement: String,
    pub origin: Origin,
    pub based_on: String,
    /// Keys into [`ChecklistPart::sources`].
    pub sources: Vec<String>,
    /// The officer put the item in or out against the profile rules.
    pub overridden: bool,
    /// The decision rests on an unanswered profile question.
    pub provisional: bool,
}

/// `checklist.json`: the security-by-design requirements that apply to the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ChecklistPart {
    pub version: String,
    pub title: String,
    pub items: Vec<ChecklistRequirement>,
    /// Only the sources cited by `items`.
    pub sources: BTreeMap<String, Source>,
    /// Profile questions not answered yet (items depending on them count as applicable).
    pub unanswered_questions: Vec<String>,
}

/// Officer → contractor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPackage {
    pub project: ProjectFacts,
    pub clauses: ClauseSet,
    pub checklist: ChecklistPart,
}

/// `review-ref.json`: the review package a response answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ReviewRef {
    pub package_id: String,
    /// SHA-256 of the review package's `manifest.json` (see [`crate::digest`]).
    pub digest: String,
    pub title: String,
    pub agency: String,
}

/// Contractor → officer. `response.json` holds [`ContractorResponse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsePackage {
    pub review: ReviewRef,
    pub response: ContractorResponse,
}

impl ReviewPackage {
    /// `SECSPEC-00001-REVIEW-R3`: made from the project number and revision, written to the
    /// manifest and checked against `project.json` on reading.
    pub fn package_id(&self) -> String {
        crate::ProjectRef {
            project_id: self.project.project_id,
            revision: self.project.revision,
        }
        .review_id()
    }
}

impl ResponsePackage {
    /// The review package id followed by `-RESPONSE`; checked against `review-ref.json` on reading.
    pub fn package_id(&self) -> String {
        format!("{}-RESPONSE", self.review.package_id)
    }
}
