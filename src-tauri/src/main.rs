//! SecSpec desktop: opens the window and serves the UI's commands. All logic lives in the crates.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod startup;

use secspec_render::assets;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::Manager;

/// Without a display the window cannot open: say so in one line and name the alternatives.
fn check_display() -> Result<(), String> {
    let unset = |name: &str| std::env::var_os(name).is_none_or(|v| v.is_empty());
    if cfg!(target_os = "linux") && unset("DISPLAY") && unset("WAYLAND_DISPLAY") {
        return Err("ディスプレイがありません / no display: run `make demo` to write the sample documents headlessly, or `xvfb-run -a make run` to start the app on a virtual display".into());
    }
    Ok(())
}

/// Templates and fonts: beside the installed app (bundle resources), else the source tree.
fn asset_dir(app: &tauri::App, name: &str, marker: &str) -> Result<PathBuf, String> {
    let env_name = format!("SECSPEC_{}", name.to_uppercase());
    let explicit = std::env::var_os(&env_name).map(PathBuf::from);
    if explicit.is_none() {
        if let Ok(res) = app.path().resource_dir() {
            let dir = res.join(name);
            if dir.join(marker).is_file() {
                return Ok(dir);
            }
        }
    }
    assets::locate(name, explicit.as_deref(), marker).map_err(|e| e.to_string())
}

fn database(app: &tauri::App) -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("SECSPEC_DB") {
        return Ok(PathBuf::from(p));
    }
    app.path()
        .app_data_dir()
        .map(|d| d.join("secspec.db"))
        .map_err(|e| format!("データディレクトリが分かりません / no data directory: {e}"))
}

fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    let templates = asset_dir(app, "templates", "library.toml")?;
    let fonts = asset_dir(app, "fonts", "ipaexm.ttf")?;
    let db = database(app)?;
    let service = secspec_api::Service::open(&db, &templates, &fonts).map_err(|e| e.to_string())?;
    app.manage::<commands::Svc>(Arc::new(service));
    lean_webview(app);
    Ok(())
}

/// SecSpec shows one local page of forms and text: WebKit's browser-sized caches only cost memory.
#[cfg(target_os = "linux")]
fn lean_webview(app: &tauri::App) {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn lean_webview(_app: &tauri::App) {}

fn main() {
    startup::begin();
    // A page of forms and text needs no GL compositor; without a GPU WebKit would run it in
    // software GL, which maps all of LLVM (~90 MB PSS here). Set before GTK starts, unless the
    // user chose otherwise.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    if let Err(message) = check_display() {
        eprintln!("secspec-desktop: {message}");
        std::process::exit(1);
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(setup)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::library,
            commands::blank_project,
            commands::list_projects,
            commands::create_project,
            commands::get_project,
            commands::save_project,
            commands::duplicate_project,
            commands::delete_project,
            commands::evaluate,
            commands::preview,
            commands::generate,
            commands::generations,
            commands::history,
            commands::checklist_export,
            commands::checklist_import,
            commands::package_export,
            commands::open_review,
            commands::write_response,
            commands::import_response,
            commands::responses,
            commands::contractor_documents,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("secspec-desktop: {e}");
        std::process::exit(1);
    }
}
