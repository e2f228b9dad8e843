//! Request and response types of the desktop commands (exported to TypeScript).

use secspec_core::applicability::Decision;
use secspec_core::checklist::Profile;
use secspec_core::checklist::{Checklist, ChecklistDecision, ScoreCard};
use secspec_core::compose::ComposedClause;
use secspec_core::library::{Agency, Clause, Definition, Source};
use secspec_core::validate::FieldRule;
use secspec_core::{Document, DocumentKind, Format, Issue, Message, Project};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub library_version: String,
    pub database: String,
}

/// A date as typed, read: the stored form and the two ways it is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DateReading {
    /// `2027-04-01`: what the project stores.
    pub iso: String,
    /// `令和9年4月1日`.
    pub wareki: String,
    /// `2027年4月1日`.
    pub seireki: String,
}

/// A code with its Japanese and English labels (contract kinds, methods).
#[derive(Debug, Clone, Serialize, TS)]
pub struct Labelled {
    pub code: String,
    pub ja: String,
    pub en: String,
}

/// Everything the UI shows from the template library.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LibraryView {
    pub version: String,
    pub clauses: Vec<Clause>,
    pub agencies: Vec<Agency>,
    pub sources: BTreeMap<String, Source>,
    pub national_security: Option<Definition>,
    pub contract_kinds: Vec<Labelled>,
    pub methods: Vec<Labelled>,
    pub translation_note_ja: String,
    pub translation_note_en: String,
    /// The security-by-design checklist (stages, categories, profile questions, items).
    pub checklist: Checklist,
    /// Length limits of the project's text fields.
    pub limits: Limits,
}

/// Length limits (in characters) of the project's text fields, as core checks them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Limits {
    /// Titles, names, one-line values.
    pub short: u32,
    /// Reasons and other notes.
    pub reason: u32,
    /// An edited clause wording.
    pub body: u32,
    /// One stricter addition.
    pub addition: u32,
    /// Additions per clause.
    pub additions: u32,
    /// A checklist answer's evidence.
    pub evidence: u32,
}

/// Whether the database can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseState {
    Ok,
    /// Opened for viewing only (read-only file, folder or medium).
    ReadOnly,
    /// Cannot be opened; `problem` says why.
    Unavailable,
}

/// An older database found where an earlier SecSpec kept it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct LegacyDatabase {
    pub path: String,
    /// Its number of projects (None when it cannot be read).
    pub projects: Option<u32>,
    /// Why it could not be adopted, if it could not.
    pub problem: Option<Message>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct DatabaseStatus {
    pub path: String,
    pub state: DatabaseState,
    pub problem: Option<Message>,
    /// The older database that became this one on this start, if any.
    pub adopted_from: Option<String>,
    /// Older databases still in place, offered for import.
    pub legacy: Vec<LegacyDatabase>,
}

/// The contractor's response as checked by core: its issues and the rule of every field.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ResponseCheck {
    pub issues: Vec<Issue>,
    pub fields: Vec<FieldRule>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectListItem {
    pub id: i64,
    pub title: String,
    pub agency: String,
    /// draft / ready / generated
    pub status: String,
    pub revision: i64,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// The same moment as a 和暦 date (Japan time).
    pub updated_wareki: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectState {
    pub id: i64,
    pub project: Project,
    pub status: String,
    pub revision: i64,
    pub updated_at: String,
    pub updated_wareki: String,
}

/// The live view of a project (saved or not): decision with its trace, lint, each clause as it
/// will print (with redlines), and the documents it produces.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Evaluation {
    pub decision: Decision,
    pub issues: Vec<Issue>,
    pub clauses: Vec<ComposedClause>,
    pub documents: Vec<DocumentKind>,
    /// True when nothing blocks a final document.
    pub ready: bool,
    pub checklist: ChecklistEvaluation,
}

/// Which checklist items apply (with why) and the A–D score of the answers so far.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChecklistEvaluation {
    pub decision: ChecklistDecision,
    /// `None` while an answer cannot be scored (e.g. 一部実施 with more done than targets).
    pub score: Option<ScoreCard>,
    /// The profile as decided: the officer's answers, with facts the project already answers
    /// (国の安全, 再委託) filling unanswered questions.
    pub profile: Profile,
}

/// A file written on request (not a generated document).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ExportedFile {
    pub path: String,
    pub sha256: String,
    pub size_bytes: u64,
}

/// One spreadsheet cell that was not imported, and why.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RejectedCell {
    pub sheet: String,
    /// e.g. "G12".
    pub cell: String,
    pub item_id: Option<String>,
    pub message: Message,
}

/// The outcome of importing an edited checklist workbook.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChecklistImport {
    /// The project after the import (unchanged when nothing was accepted).
    pub state: ProjectState,
    /// Items whose answer changed.
    pub changed: Vec<String>,
    pub rejected: Vec<RejectedCell>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct Preview {
    pub kind: DocumentKind,
    /// Escaped HTML fragment made by the preview back end from the document model.
    pub html: String,
    pub document: Document,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct GenerateRequest {
    pub id: i64,
    /// Folder to write into (chosen with the native dialog).
    pub dir: String,
    pub kinds: Vec<DocumentKind>,
    pub formats: Vec<Format>,
    /// Write drafts (placeholders shown, marked 【案】) even when issues block a final document.
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GeneratedFile {
    pub path: String,
    pub file_name: String,
    pub kind: DocumentKind,
    pub format: Format,
    pub sha256: String,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct GenerationRecord {
    pub file_name: String,
    pub kind: DocumentKind,
    pub format: Format,
    pub sha256: String,
    pub size_bytes: u64,
    pub project_revision: i64,
    pub template_versions: String,
    pub generated_at: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct HistoryItem {
    pub at: String,
    pub revision: i64,
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

// --- The review round trip: review packages out, contractor responses in. ---

/// A review package written for the contractor from the saved project.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackageExport {
    pub path: String,
    /// e.g. `SECSPEC-00001-REVIEW-R3`.
    pub package_id: String,
    /// SHA-256 of the package's `manifest.json`: tell it to the contractor by another channel.
    pub digest: String,
    /// The fingerprint of the agency key that signed it (printed in the documents' footers).
    pub fingerprint: String,
    pub size_bytes: u64,
}

/// A project written to a project file for another SecSpec.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectFileExport {
    pub path: String,
    pub title: String,
    /// e.g. `SECSPEC-00001-PROJECT-R3`.
    pub package_id: String,
    /// SHA-256 of the file's `manifest.json`.
    pub digest: String,
    /// The fingerprint of the key that signed it.
    pub fingerprint: String,
    pub size_bytes: u64,
}

/// A project file added as a new project.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectFileImport {
    /// The new project's number.
    pub id: i64,
    pub title: String,
    /// The id the project had where it was written, e.g. `SECSPEC-00001-PROJECT-R3`.
    pub package_id: String,
    pub digest: String,
    pub fingerprint: String,
    /// Signed with this SecSpec's own agency key (the same office's key).
    pub own_key: bool,
    /// What to tell the user about the signature.
    pub signature: Message,
    pub history: usize,
    pub reviews: usize,
    pub responses: usize,
}

/// Who signed a package, as trust on first use judges it, and what to tell the user.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SignerView {
    pub trust: secspec_package::Trust,
    pub level: secspec_package::TrustLevel,
    pub message: Message,
}

/// A review package opened on the contractor's side (verified; needs no project).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewOpened {
    /// Compare with the digest the agency gave out of band.
    pub digest: String,
    pub package_id: String,
    pub signature: secspec_package::SignatureStatus,
    pub signer: SignerView,
    pub project: secspec_package::ProjectFacts,
    pub clauses: secspec_package::ClauseSet,
    pub checklist: secspec_package::ChecklistPart,
    /// Every clause checked against this SecSpec's own bundled library: the status a front end
    /// shows. The package's own claims (origin, deviation) are shown only beside it.
    pub verification: ReviewVerification,
}

/// The clauses of a review package as this SecSpec's bundled library judges them.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ReviewVerification {
    /// The bundled library the clauses were checked against.
    pub library_version: String,
    /// The library version the package says it was made from.
    pub package_library_version: String,
    pub clauses: Vec<ClauseVerification>,
    /// Every clause is verbatim or differs in notation only, with no claim disputed.
    pub all_standard: bool,
}

/// The verdict on one clause text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Verbatim,
    Changed,
    Missing,
    /// The bundled library has no clause of this id: nothing can be confirmed.
    UnknownClause,
}

/// What a package says about one of its clauses (shown only beside the verdict).
#[derive(Debug, Clone, Serialize, TS)]
pub struct PackageClaim {
    /// The origin the package gives the printed text.
    pub origin: secspec_core::library::Origin,
    pub standard_origin: secspec_core::library::Origin,
    /// The package declares a change to the standard wording.
    pub deviation: bool,
    /// The clause template version the package names.
    pub version: String,
}

/// One clause of a review package checked with the verifier against the bundled library.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClauseVerification {
    pub id: String,
    pub heading: String,
    pub status: Verdict,
    pub weakened: bool,
    /// Changed, and every change is notation (表記ゆれ).
    pub notation_only: bool,
    pub changes: Vec<secspec_core::verify::Change>,
    pub additions: Vec<String>,
    #[serde(rename = "where")]
    pub place: String,
    /// The printed text against the official one (deleted and inserted runs).
    pub redline: Vec<secspec_core::Span>,
    /// The verdict in words (the label to show instead of the package's).
    pub verdict: Message,
    /// How the template version the package names relates to the bundled one (`None` for an
    /// unknown clause).
    pub version: Option<secspec_core::verify::VersionMatch>,
    /// What the text may be labelled: the bundled clause's origin only when verified.
    pub label_origin: Option<secspec_core::library::Origin>,
    /// The verdict on the package's own copy of the standard text.
    pub standard_copy: Option<Verdict>,
    pub claim: PackageClaim,
    /// The package's claim disagrees with the verdict (it says "unchanged" of a changed text,
    /// or its standard copy is not the standard text).
    pub claim_disputed: bool,
}

/// A specification checked against the bundled clause library.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CheckOutcome {
    #[serde(flatten)]
    pub report: secspec_core::verify::CheckReport,
    /// Every standard clause is verbatim or differs in notation only.
    pub passes: bool,
    /// Notes from reading (e.g. the extension does not match the content).
    pub notes: Vec<Message>,
    /// The report written, when one was asked for.
    pub report_file: Option<ExportedFile>,
}

/// A response package written by the contractor.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ResponseWritten {
    pub path: String,
    /// e.g. `SECSPEC-00001-RESPONSE-R3`.
    pub package_id: String,
    pub digest: String,
    /// The fingerprint of the contractor key that signed it.
    pub fingerprint: String,
    /// What is still incomplete (blocking / warnings); the package was written anyway.
    pub issues: Vec<Issue>,
}

/// One field of the response that differs from the previously imported response.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ResponseChange {
    /// JSON Pointer, e.g. `/responses/clause_responses/breach`, `/responses/profile/executive/name`.
    pub field: String,
    /// JSON text; `null` when absent.
    pub old: String,
    /// JSON text; `null` when absent.
    pub new: String,
}

/// The contractor's answer to one required clause of the exported review.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ClauseAnswer {
    pub clause_id: String,
    pub heading: String,
    /// `None`: not answered.
    pub kind: Option<secspec_core::contractor::ResponseKind>,
    pub text: String,
}

/// The outcome of importing a response package into a project.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ResponseImported {
    pub package_id: String,
    pub review_digest: String,
    pub digest: String,
    pub response: secspec_core::contractor::ContractorResponse,
    /// Differences from the previous response (everything, for the first one).
    pub changes: Vec<ResponseChange>,
    /// Every required clause of the review answered, unanswered ones included.
    pub clauses: Vec<ClauseAnswer>,
    /// Clauses answered with a question (質問) for the agency.
    pub open_questions: usize,
    /// Blocking issues and warnings of the response (clauses without answer, blank profile fields).
    pub issues: Vec<Issue>,
    pub signature: secspec_package::SignatureStatus,
    pub signer: SignerView,
}

/// One imported response, for the officer's list (newest first).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ResponseRecord {
    pub id: i64,
    pub review_digest: String,
    pub digest: String,
    /// RFC 3339, UTC.
    pub imported_at: String,
    /// The same moment in Japan time, 和暦 (令和8年12月7日 21:05), as shown.
    pub imported_wareki: String,
    pub response: secspec_core::contractor::ContractorResponse,
}

/// One backup of the database.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupItem {
    pub path: String,
    pub file_name: String,
    /// When it was made, in UTC (`2026-12-07T04:05:12.000Z`); the UI shows it in local time.
    pub at: String,
    /// `daily`, `manual`, `before-migration-1-to-4`, `before-restore`, `damaged-before-restore`.
    pub reason: String,
    pub reason_label: Message,
    pub size_bytes: u64,
}

/// The backups of the database, newest first.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupList {
    pub database: String,
    /// The folder they are in (next to the database).
    pub folder: String,
    pub backups: Vec<BackupItem>,
    /// How many are kept.
    pub keep: u32,
    /// Why today's automatic backup could not be made, if it could not.
    pub problem: Option<Message>,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreOutcome {
    pub restored_from: String,
    /// The schema version of the file restored (an older one was upgraded).
    pub schema_version: i64,
    /// The backup of the database as it was before (none when there was no database).
    pub previous: Option<BackupItem>,
    /// The number of projects in the restored database.
    pub projects: u32,
}

/// `PRAGMA integrity_check`, `PRAGMA foreign_key_check`, the schema version and the backups.
#[derive(Debug, Clone, Serialize, TS)]
pub struct DatabaseCheck {
    pub path: String,
    pub ok: bool,
    pub schema_version: i64,
    /// The schema version this SecSpec writes (an older database is upgraded on open).
    pub supported: i64,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub backups: Vec<BackupItem>,
}

/// 「すべて了承」: the response with 了承 for every clause and checklist requirement that had no
/// answer, and what was done (questions and comments are kept as they were).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AcknowledgeAll {
    pub response: secspec_core::contractor::ContractorResponse,
    pub done: secspec_core::contractor::AcknowledgedAll,
}

/// One question of the current response with the officer's answer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionItem {
    /// `clause:<clause id>` or `requirement:<checklist item id>`.
    pub target: String,
    /// 該当箇所: the clause's heading, or the requirement's number and category.
    pub location: String,
    /// The contractor's question, verbatim.
    pub question: String,
    /// The officer's answer ('' when none).
    pub answer: String,
    pub answered: bool,
    /// An answer written against an earlier wording of the question (to be reviewed): that
    /// wording and the answer. Such an answer does not count until it is stored again.
    pub previous_question: Option<String>,
    pub previous_answer: Option<String>,
}

/// The questions of a project's current response and the officer's answers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct QuestionAnswers {
    /// Digest of the current response package; `None` when none was imported.
    pub response_digest: Option<String>,
    /// The contractor.
    pub company: String,
    /// Language of the locations.
    pub lang: secspec_core::Lang,
    pub items: Vec<QuestionItem>,
    pub answered: u32,
}
