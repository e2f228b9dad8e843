//! Answers the window's `secspec-font://localhost/<name>` requests (its `@font-face` rules in
//! ui/src/app.css) with the bundled fonts, unhinted, from the service.

use crate::commands::Svc;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "secspec-font";

/// Builds the font on a worker thread (the fallback font is 45 MB) and answers when done.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let name = request.uri().path().trim_start_matches('/').to_string();
    std::thread::spawn(move || {
        let result = match app.try_state::<Svc>() {
            Some(svc) => svc.screen_font(&name).map_err(|e| e.message.en),
            None => Err("the service is not ready".to_string()),
        };
        responder.respond(match result {
            Ok(bytes) => response(StatusCode::OK, "font/ttf", bytes),
            Err(message) => response(StatusCode::NOT_FOUND, "text/plain", message.into_bytes()),
        });
    });
}

fn response(status: StatusCode, kind: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    // Fonts are fetched with CORS: the page (tauri://localhost) is another origin.
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, kind)
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .body(body)
        .unwrap_or_else(|_| Response::new(Vec::new()))
}
