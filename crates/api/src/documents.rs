//! The documents of a project: the live preview, writing and recording a document set, and
//! the records of what was written and changed.

use crate::error::{ApiError, ApiResult};
use crate::output;
use crate::service::{wareki_of, Service};
use crate::types::*;
use secspec_core::compose::Mode;
use secspec_core::document_set::{self, BuildError};
use secspec_core::issue::blocks;
use secspec_core::{lint, DocumentKind, Format, Message, Project, ProjectRef};
use secspec_render::html;
use secspec_render::set::{self, SetError};
use secspec_store::{NewGeneration, ProjectId};
use std::path::PathBuf;

/// A document set that could not be made: blocked by open issues, or a rendering failure.
pub(crate) fn set_error(e: SetError, what: Message) -> ApiError {
    match e {
        SetError::Build(BuildError::Blocked(issues)) => ApiError::blocked(issues, what),
        other => ApiError::failure(&other),
    }
}

fn final_documents() -> Message {
    Message::new("最終版の文書", "final documents")
}

impl Service {
    /// The document as it will print, drafted where values are missing.
    pub fn preview(
        &self,
        id: i64,
        revision: i64,
        project: Project,
        kind: DocumentKind,
    ) -> ApiResult<Preview> {
        // What prints matches what "generate" would write: final when nothing blocks it.
        let mode = if blocks(&lint::lint(&project, self.library())) {
            Mode::Draft
        } else {
            Mode::Final
        };
        let at = ProjectRef {
            project_id: id,
            revision,
        };
        let document = document_set::build(&project, self.library(), kind, at, mode)
            .map_err(|e| ApiError::failure(&e))?;
        Ok(Preview {
            kind,
            html: html::render_html(&document),
            document,
        })
    }

    /// Writes the documents of the saved project into `request.dir` and records them against
    /// the revision they were rendered from, in one transaction that checks it is still the
    /// current one. The files are written under temporary names first and put in place only
    /// once recorded; on any failure nothing of this run is left behind.
    pub fn generate(&self, request: GenerateRequest) -> ApiResult<Vec<GeneratedFile>> {
        let stored = self.with_store(|s| Ok(s.get_project(ProjectId(request.id))?))?;
        let mode = if request.draft {
            Mode::Draft
        } else {
            Mode::Final
        };
        let at = ProjectRef {
            project_id: request.id,
            revision: stored.revision,
        };
        let formats = if request.formats.is_empty() {
            Format::ALL.to_vec()
        } else {
            request.formats.clone()
        };
        let outputs: Vec<_> = set::generate(
            &stored.project,
            self.library(),
            self.fonts(),
            at,
            &request.kinds,
            &formats,
            mode,
        )
        .map_err(|e| set_error(e, final_documents()))?;
        let records: Vec<NewGeneration> = outputs
            .iter()
            .map(|o| NewGeneration {
                project_id: stored.id,
                document_kind: o.kind,
                format: o.format,
                file_name: o.file_name.clone(),
                sha256: o.sha256.clone(),
                size_bytes: o.bytes.len() as u64,
                template_versions: o.template_versions.clone(),
                project_revision: stored.revision,
            })
            .collect();
        let staged = output::stage(&PathBuf::from(&request.dir), outputs)?;
        let mark_generated = mode == Mode::Final && !records.is_empty();
        self.with_store(|s| Ok(s.record_generation_set(&records, mark_generated)?))?;
        staged.commit()
    }

    pub fn generations(&self, id: i64) -> ApiResult<Vec<GenerationRecord>> {
        self.with_store(|store| {
            Ok(store
                .generations(ProjectId(id))?
                .into_iter()
                .rev()
                .map(|g| GenerationRecord {
                    file_name: g.file_name,
                    kind: g.document_kind,
                    format: g.format,
                    sha256: g.sha256,
                    size_bytes: g.size_bytes,
                    project_revision: g.project_revision,
                    template_versions: g.template_versions,
                    generated_at: wareki_of(g.generated_at),
                })
                .collect())
        })
    }

    pub fn history(&self, id: i64) -> ApiResult<Vec<HistoryItem>> {
        self.with_store(|store| {
            Ok(store
                .history(ProjectId(id))?
                .into_iter()
                .rev()
                .map(|h| HistoryItem {
                    at: wareki_of(h.at),
                    revision: h.revision,
                    action: h.action.code().into(),
                    field: h.field,
                    old_value: h.old_value,
                    new_value: h.new_value,
                })
                .collect())
        })
    }
}
