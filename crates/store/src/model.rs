//! Values the store hands out and takes in.

use secspec_core::{DocumentKind, Project};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::OffsetDateTime;

/// Id of a stored project (its row id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProjectId(pub i64);

impl fmt::Display for ProjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl From<i64> for ProjectId {
    fn from(id: i64) -> Self {
        ProjectId(id)
    }
}

/// Id of a generation record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GenerationId(pub i64);

impl fmt::Display for GenerationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 作成中
    #[default]
    Draft,
    /// 確認済み
    Ready,
    /// 文書作成済み
    Generated,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Ready, Status::Generated];

    /// The value stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Generated => "generated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// File format of a generated document (defined once, in core).
pub use secspec_core::Format;

/// A project as stored: the core project (with its clause choices) plus bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredProject {
    pub id: ProjectId,
    pub project: Project,
    pub status: Status,
    /// Starts at 1; each update that changes something adds 1.
    pub revision: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// One line of the project list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: ProjectId,
    pub title: String,
    pub agency: String,
    pub status: Status,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub revision: i64,
}

/// What [`crate::Store::update_project`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateOutcome {
    /// The revision after the update (unchanged when nothing changed).
    pub revision: i64,
    /// How many history rows (changed fields) were written; 0 for a no-op.
    pub changed_fields: usize,
}

/// A document that was just written, to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGeneration {
    pub project_id: ProjectId,
    pub document_kind: DocumentKind,
    pub format: Format,
    /// File name as written (no directory needed).
    pub file_name: String,
    /// SHA-256 of the file, 64 hex digits (stored in lower case).
    pub sha256: String,
    pub size_bytes: u64,
    /// The template versions the document was made from, as the caller describes them (e.g. JSON).
    pub template_versions: String,
    /// The project revision the document was made from (1 ..= current revision).
    pub project_revision: i64,
}

/// A recorded generation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generation {
    pub id: GenerationId,
    pub project_id: ProjectId,
    pub document_kind: DocumentKind,
    pub format: Format,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: u64,
    pub template_versions: String,
    pub project_revision: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub generated_at: OffsetDateTime,
}

/// Kind of a history row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// The project was created. `new_value`: the whole project as JSON.
    Create,
    /// The project was created as a copy. `old_value`: the source project id;
    /// `new_value`: the whole project as JSON.
    Duplicate,
    /// One field changed. `field`: JSON Pointer; `old_value` / `new_value`: JSON (`null` = absent).
    Update,
    /// The status changed. `field`: `/status`; values: JSON strings.
    SetStatus,
    /// A document was generated. `new_value`: JSON with the generation id, kind, format, file name, sha256.
    Generate,
    /// A review package was written for the contractor. `field`: `/review_packages/<digest>`;
    /// `new_value`: JSON with the package id, digest, file name, size and project revision.
    ExportPackage,
    /// A contractor response was imported: one row per changed field of the response
    /// (`/responses/clause_responses/<clause id>`, `/responses/profile/executive/name`, …), or one
    /// row with `field` `/responses` and the digests when nothing changed.
    ImportResponse,
}

impl HistoryAction {
    pub const ALL: [HistoryAction; 7] = [
        HistoryAction::Create,
        HistoryAction::Duplicate,
        HistoryAction::Update,
        HistoryAction::SetStatus,
        HistoryAction::Generate,
        HistoryAction::ExportPackage,
        HistoryAction::ImportResponse,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HistoryAction::Create => "create",
            HistoryAction::Duplicate => "duplicate",
            HistoryAction::Update => "update",
            HistoryAction::SetStatus => "set_status",
            HistoryAction::Generate => "generate",
            HistoryAction::ExportPackage => "export_package",
            HistoryAction::ImportResponse => "import_response",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        HistoryAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// One row of a project's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub project_id: ProjectId,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The project's revision after this change.
    pub revision: i64,
    pub action: HistoryAction,
    /// JSON Pointer (RFC 6901) of the changed field, e.g. `/title`, `/clauses/SEC-1/params/期間`.
    pub field: Option<String>,
    /// JSON text.
    pub old_value: Option<String>,
    /// JSON text.
    pub new_value: Option<String>,
}

impl HistoryEntry {
    /// The field path split into its unescaped segments (`/clauses/a~1b/include` -> `["clauses", "a/b", "include"]`).
    pub fn path_segments(&self) -> Vec<String> {
        self.field
            .as_deref()
            .map(crate::diff::pointer_segments)
            .unwrap_or_default()
    }
}
