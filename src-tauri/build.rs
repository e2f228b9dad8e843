// Declares the app's own commands so capabilities can grant exactly these and nothing else.
fn main() {
    const COMMANDS: &[&str] = &[
        "app_info",
        "library",
        "blank_project",
        "list_projects",
        "create_project",
        "get_project",
        "save_project",
        "duplicate_project",
        "delete_project",
        "evaluate",
        "preview",
        "generate",
        "generations",
        "history",
        "checklist_export",
        "checklist_import",
        "package_export",
        "open_review",
        "write_response",
        "import_response",
        "responses",
        "contractor_documents",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|e| panic!("tauri build configuration: {e}"));
}
