//! SecSpec's desktop commands as plain functions: the Tauri shell wraps each one in a
//! `#[tauri::command]` and nothing more, so everything here is testable without a window.

mod checklist;
mod error;
mod files;
mod package;
mod service;
mod types;

pub use error::{ApiError, ApiResult, ErrorCode};
pub use service::Service;
pub use types::*;

#[cfg(test)]
mod bindings;
