//! Checklist commands: the live checklist view of a project, and the Excel round trip
//! (export the sheet, import it after offline editing with a report of rejected cells).

use crate::error::{ApiError, ApiResult};
use crate::service::{project_state, Service};
use crate::types::*;
use secspec_core::checklist::{score_answers, ChecklistDecision};
use secspec_core::Project;
use secspec_store::ProjectId;
use std::path::Path;

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
    ChecklistEvaluation { decision, score }
}

fn read_limited(path: &Path) -> ApiResult<Vec<u8>> {
    let name = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| ApiError::failure(format!("{name}: 開けません: {e} / cannot open: {e}")))?;
    if meta.len() > MAX_WORKBOOK_BYTES {
        return Err(ApiError::failure(format!(
            "{name}: ファイルが大きすぎます（{} バイト、上限 {MAX_WORKBOOK_BYTES}） / file too large ({} bytes, at most {MAX_WORKBOOK_BYTES})",
            meta.len(),
            meta.len()
        )));
    }
    std::fs::read(path)
        .map_err(|e| ApiError::failure(format!("{name}: 読み込めません: {e} / cannot read: {e}")))
}

impl Service {
    /// Writes the whole checklist of a saved project as an Excel workbook.
    pub fn checklist_export(&self, id: i64, path: &str) -> ApiResult<ExportedFile> {
        let stored = self.store()?.get_project(ProjectId(id))?;
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
        .map_err(ApiError::failure)?;
        let path = Path::new(path);
        crate::files::write(path, &bytes)?;
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
        expected_revision: i64,
        path: &str,
    ) -> ApiResult<ChecklistImport> {
        let bytes = read_limited(Path::new(path))?;
        let store = self.store()?;
        let stored = store.get_project(ProjectId(id))?;
        let imported =
            secspec_xlsx::import(&bytes, &self.library().checklist, &stored.project.checklist)
                .map_err(ApiError::failure)?;
        let mut project = stored.project.clone();
        project.checklist = imported.state;
        drop(store);
        let state = if imported.changed.is_empty() {
            project_state(self.store()?.get_project(ProjectId(id))?)
        } else {
            self.save_project(id, expected_revision, &project)?
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
                    message_ja: r.message_ja,
                    message_en: r.message_en,
                })
                .collect(),
        })
    }
}
