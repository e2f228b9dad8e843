//! SecSpec desktop: opens the window and serves the UI's commands. All logic lives in the crates.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod screen_fonts;
mod startup;

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

/// Where the service finds its files: the bundle's resource folder for templates and fonts,
/// `SECSPEC_DB`, `SECSPEC_TEMPLATES`, `SECSPEC_FONTS` when set, else the defaults (one database
/// shared with the command line).
fn config(app: &tauri::App) -> secspec_api::Config {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    secspec_api::Config {
        database: env("SECSPEC_DB"),
        templates: env("SECSPEC_TEMPLATES"),
        fonts: env("SECSPEC_FONTS"),
        resources: app.path().resource_dir().ok(),
    }
}

fn setup(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    // The database opens on first use: a database that cannot be used is reported in the
    // window (database_status), never by a failed start.
    let service = secspec_api::Service::open(&config(app)).map_err(|e| e.to_string())?;
    app.manage::<commands::Svc>(Arc::new(service));
    lean_webview(app);
    apply_zoom(app);
    Ok(())
}

/// `SECSPEC_ZOOM` (1.25 or 125%) enlarges the whole window as a 125 % display setting does,
/// for officers who want larger text on a small screen.
fn apply_zoom(app: &tauri::App) {
    let Some(raw) = std::env::var_os("SECSPEC_ZOOM").filter(|v| !v.is_empty()) else {
        return;
    };
    let raw = raw.to_string_lossy();
    let Some(zoom) = parse_zoom(&raw) else {
        eprintln!("secspec-desktop: SECSPEC_ZOOM={raw:?} ignored: give a factor from 0.5 to 3, e.g. 1.25 or 125%");
        return;
    };
    if let Some(window) = app.get_webview_window("main") {
        if let Err(e) = window.set_zoom(zoom) {
            eprintln!("secspec-desktop: zoom {zoom} not applied: {e}");
        }
    }
}

/// A zoom factor written as 1.25 or 125%, within 0.5–3.
fn parse_zoom(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let factor = match raw.strip_suffix('%') {
        Some(percent) => percent.trim().parse::<f64>().ok()? / 100.0,
        None => raw.parse::<f64>().ok()?,
    };
    (0.5..=3.0).contains(&factor).then_some(factor)
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
        .register_asynchronous_uri_scheme_protocol(screen_fonts::SCHEME, screen_fonts::handle)
        .setup(setup)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("secspec-desktop: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::parse_zoom;

    #[test]
    fn zoom_is_a_factor_or_a_percentage_within_bounds() {
        assert_eq!(parse_zoom("1.25"), Some(1.25));
        assert_eq!(parse_zoom(" 125% "), Some(1.25));
        assert_eq!(parse_zoom("0.5"), Some(0.5));
        assert_eq!(parse_zoom("4"), None);
        assert_eq!(parse_zoom("NaN"), None);
        assert_eq!(parse_zoom("large"), None);
        assert_eq!(parse_zoom("%"), None);
    }
}
