//! Checklist commands: the live checklist view of a project, the Excel round trip (export the
//! sheet, import it after offline editing with a report of rejected cells), the checklist
//! report and the OSCAL export.

use crate::answers::read_limited;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::output;
use crate::projects::project_state;
use crate::service::Service;
use crate::types::*;
use secspec_core::checklist::{score_answers, ChecklistDecision};
use secspec_core::{DocumentKind, Format, Message, Project, ProjectRef};
use secspec_store::ProjectId;
use std::path::{Path, PathBuf};

/// Spreadsheets bigger than this are refused before they are read (the reader checks too).
const MAX_WORKBOOK_BYTES: u64 = 20 << 20;

/// The same decision the documents use (profile facts the project already answers filled in).
pub(crate) fn decision_of(project: &Project, svc: &Service) -> ChecklistDecision {
    secspec_core::checklist::report::decision_for(svc.library(), project)
}

/// Decision and score of the checklist as it is on screen (saved or not).
pub(crate) fn evaluate(project: &Project, svc: &Service) -> ChecklistEvaluation {
    let decision = decision_of(project, svc);
    let score = score_answers(
        &svc.library().checklist,
        &decision,
        &project.checklist.answers,
    )
    .ok();
    // As decided: facts the project already answers (国の安全, 再委託) fill unanswered questions.
    let mut profile = project.checklist.profile.clone();
    profile.prefill_from(project);
    ChecklistEvaluation {
        decision,
        score,
        profile,
    }
}

impl Service {
    /// Writes the whole checklist of a saved project as an Excel workbook.
    pub fn checklist_export(&self, id: i64, path: String) -> ApiResult<ExportedFile> {
        let stored = self.with_store(|s| Ok(s.get_project(ProjectId(id))?))?;
        let project = &stored.project;
        let decision = decision_of(project, self);
        let meta = secspec_xlsx::WorkbookMeta {
            project_title: project.title.clone(),
            agency: project.agency.clone(),
            project_id: Some(id),
            revision: Some(stored.revision),
            document_date: project.document_date,
        };
        let bytes = secspec_xlsx::export(
            &self.library().checklist,
            &project.checklist,
            &decision,
            &meta,
            project.lang,
        )
        .map_err(|e| ApiError::failure(&e))?;
        let path = PathBuf::from(path);
        output::write_file(&path, &bytes)?;
        Ok(ExportedFile {
            path: path.display().to_string(),
            sha256: secspec_render::set::sha256_hex(&bytes),
            size_bytes: bytes.len() as u64,
        })
    }

    /// Reads an edited workbook and stores the accepted answers as one update (history rows per
    /// changed item). Refuses a stale revision; rejected cells leave their items unchanged.
    pub fn checklist_import(
        &self,
        id: i64,
        revision: i64,
        path: String,
    ) -> ApiResult<ChecklistImport> {
        let path = PathBuf::from(path);
        let name = path.display().to_string();
        let bytes = read_limited(&path, MAX_WORKBOOK_BYTES)?;
        let stored = self.with_store(|s| Ok(s.get_project(ProjectId(id))?))?;
        let imported =
            secspec_xlsx::import(&bytes, &self.library().checklist, &stored.project.checklist)
                .map_err(|e| ApiError::of(ErrorCode::Invalid, &e).prefixed(&name))?;
        let state = if imported.changed.is_empty() {
            project_state(stored)
        } else {
            let mut project = stored.project;
            project.checklist = imported.state;
            self.save_project(id, revision, project)?
        };
        Ok(ChecklistImport {
            state,
            changed: imported.changed,
            rejected: imported
                .rejected
                .into_iter()
                .map(|r| RejectedCell {
                    sheet: r.sheet,
                    cell: r.cell,
                    item_id: r.item_id,
                    message: Message::new(r.message_ja, r.message_en),
                })
                .collect(),
        })
    }

    /// Writes the checklist report (セキュリティ・バイ・デザイン点検結果報告書) and records it.
    pub fn checklist_report(
        &self,
        id: i64,
        dir: String,
        formats: Vec<Format>,
        draft: bool,
    ) -> ApiResult<Vec<GeneratedFile>> {
        self.generate(GenerateRequest {
            id,
            dir,
            kinds: vec![DocumentKind::ChecklistReport],
            formats,
            draft,
        })
    }

    /// Writes the applicable checklist as an OSCAL 1.1 catalog and the answers as OSCAL
    /// assessment results (JSON) into `dir`.
    pub fn checklist_oscal(&self, id: i64, dir: String) -> ApiResult<Vec<ExportedFile>> {
        let stored = self.with_store(|s| Ok(s.get_project(ProjectId(id))?))?;
        let at = ProjectRef {
            project_id: stored.id.0,
            revision: stored.revision,
        };
        let files = secspec_oscal::export(self.library(), &stored.project, &at).map_err(|e| {
            match e {
                // A stored answer the checklist refuses is the project's data, not a program fault.
                secspec_oscal::OscalError::Score(_) => ApiError::of(ErrorCode::Invalid, &e),
                other => ApiError::failure(&other),
            }
        })?;
        let dir = Path::new(&dir);
        output::create_dir(dir)?;
        let mut written = Vec::new();
        for f in files {
            let path = dir.join(&f.file_name);
            output::write_file(&path, &f.bytes)?;
            written.push(ExportedFile {
                path: path.display().to_string(),
                sha256: secspec_render::set::sha256_hex(&f.bytes),
                size_bytes: f.bytes.len() as u64,
            });
        }
        Ok(written)
    }
}
