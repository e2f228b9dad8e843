//! The IPC surface: each command hands its arguments to `secspec_api::Service` and returns a
//! typed result or a typed `ApiError`. Work that may take a while runs off the main thread.

use secspec_api::*;
use secspec_core::{DocumentKind, Project};
use std::sync::Arc;
use tauri::State;

pub type Svc = Arc<Service>;

/// Runs `f` on the blocking pool; a panic there becomes an error, never a crash of the window.
async fn blocking<T: Send + 'static>(
    svc: &Svc,
    f: impl FnOnce(&Service) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let svc = Arc::clone(svc);
    tauri::async_runtime::spawn_blocking(move || f(&svc))
        .await
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Failure,
                format!("内部エラー: {e}"),
                format!("internal error: {e}"),
            )
        })?
}

#[tauri::command]
pub fn app_info(svc: State<'_, Svc>) -> AppInfo {
    svc.info()
}

#[tauri::command]
pub fn library(svc: State<'_, Svc>) -> LibraryView {
    svc.library_view()
}

#[tauri::command]
pub fn blank_project(svc: State<'_, Svc>) -> Project {
    svc.blank_project_today()
}

#[tauri::command]
pub async fn list_projects(svc: State<'_, Svc>) -> ApiResult<Vec<ProjectListItem>> {
    let result = blocking(&svc, |s| s.list_projects()).await;
    crate::startup::mark("list_projects served");
    result
}

#[tauri::command]
pub async fn create_project(svc: State<'_, Svc>, project: Project) -> ApiResult<ProjectState> {
    blocking(&svc, move |s| s.create_project(&project)).await
}

#[tauri::command]
pub async fn get_project(svc: State<'_, Svc>, id: i64) -> ApiResult<ProjectState> {
    blocking(&svc, move |s| s.get_project(id)).await
}

#[tauri::command]
pub async fn save_project(
    svc: State<'_, Svc>,
    id: i64,
    revision: i64,
    project: Project,
) -> ApiResult<ProjectState> {
    blocking(&svc, move |s| s.save_project(id, revision, &project)).await
}

#[tauri::command]
pub async fn duplicate_project(svc: State<'_, Svc>, id: i64) -> ApiResult<ProjectState> {
    blocking(&svc, move |s| s.duplicate_project(id)).await
}

#[tauri::command]
pub async fn delete_project(svc: State<'_, Svc>, id: i64) -> ApiResult<()> {
    blocking(&svc, move |s| s.delete_project(id)).await
}

#[tauri::command]
pub async fn evaluate(svc: State<'_, Svc>, project: Project) -> ApiResult<Evaluation> {
    blocking(&svc, move |s| Ok(s.evaluate(&project))).await
}

#[tauri::command]
pub async fn preview(
    svc: State<'_, Svc>,
    id: i64,
    revision: i64,
    project: Project,
    kind: DocumentKind,
) -> ApiResult<Preview> {
    blocking(&svc, move |s| s.preview(id, revision, &project, kind)).await
}

#[tauri::command]
pub async fn generate(
    svc: State<'_, Svc>,
    request: GenerateRequest,
) -> ApiResult<Vec<GeneratedFile>> {
    blocking(&svc, move |s| s.generate(&request)).await
}

#[tauri::command]
pub async fn generations(svc: State<'_, Svc>, id: i64) -> ApiResult<Vec<GenerationRecord>> {
    blocking(&svc, move |s| s.generations(id)).await
}

#[tauri::command]
pub async fn history(svc: State<'_, Svc>, id: i64) -> ApiResult<Vec<HistoryItem>> {
    blocking(&svc, move |s| s.history(id)).await
}

#[tauri::command]
pub async fn checklist_export(
    svc: State<'_, Svc>,
    id: i64,
    path: String,
) -> ApiResult<ExportedFile> {
    blocking(&svc, move |s| s.checklist_export(id, &path)).await
}

#[tauri::command]
pub async fn checklist_import(
    svc: State<'_, Svc>,
    id: i64,
    revision: i64,
    path: String,
) -> ApiResult<ChecklistImport> {
    blocking(&svc, move |s| s.checklist_import(id, revision, &path)).await
}

#[tauri::command]
pub async fn package_export(
    svc: State<'_, Svc>,
    id: i64,
    path: String,
) -> ApiResult<PackageExport> {
    blocking(&svc, move |s| s.package_export(id, &path)).await
}

#[tauri::command]
pub async fn open_review(svc: State<'_, Svc>, path: String) -> ApiResult<ReviewOpened> {
    blocking(&svc, move |s| s.open_review(&path)).await
}

#[tauri::command]
pub async fn write_response(
    svc: State<'_, Svc>,
    review_path: String,
    response: secspec_core::contractor::ContractorResponse,
    out_path: String,
) -> ApiResult<ResponseWritten> {
    blocking(&svc, move |s| {
        s.write_response(&review_path, response, &out_path)
    })
    .await
}

#[tauri::command]
pub async fn import_response(
    svc: State<'_, Svc>,
    id: i64,
    path: String,
) -> ApiResult<ResponseImported> {
    blocking(&svc, move |s| s.import_response(id, &path)).await
}

#[tauri::command]
pub async fn responses(svc: State<'_, Svc>, id: i64) -> ApiResult<Vec<ResponseRecord>> {
    blocking(&svc, move |s| s.responses(id)).await
}

#[tauri::command]
pub async fn contractor_documents(
    svc: State<'_, Svc>,
    review_path: String,
    response: secspec_core::contractor::ContractorResponse,
    dir: String,
    draft: Option<bool>,
) -> ApiResult<Vec<GeneratedFile>> {
    // Final unless the UI asks for drafts: blank required values then refuse with the issues.
    let draft = draft.unwrap_or(false);
    blocking(&svc, move |s| {
        s.contractor_documents(&review_path, response, &dir, draft)
    })
    .await
}
