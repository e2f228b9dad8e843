//! The one error type that crosses the IPC boundary: a code the UI can branch on, a message
//! in both languages, and the field (and issues) it concerns.

use secspec_core::Issue;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input cannot be used; `field` and `issues` say why.
    Invalid,
    /// No such project.
    NotFound,
    /// The project changed elsewhere since it was loaded (stale revision).
    Conflict,
    /// A final document is blocked by open issues (see `issues`).
    Blocked,
    /// Anything else: files, database, rendering.
    Failure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message_ja} / {message_en}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message_ja: String,
    pub message_en: String,
    pub field: Option<String>,
    pub issues: Vec<Issue>,
}

impl ApiError {
    pub fn new(code: ErrorCode, ja: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError {
            code,
            message_ja: ja.into(),
            message_en: en.into(),
            field: None,
            issues: Vec::new(),
        }
    }

    /// An error whose text is already bilingual (`日本語 / English`) from a lower layer.
    pub fn failure(e: impl std::fmt::Display) -> Self {
        let text = e.to_string();
        let (ja, en) = match text.split_once(" / ") {
            Some((ja, en)) => (ja.to_string(), en.to_string()),
            None => (text.clone(), text),
        };
        ApiError::new(ErrorCode::Failure, ja, en)
    }

    pub fn invalid(issues: Vec<Issue>) -> Self {
        let first = issues.first().cloned();
        ApiError {
            code: ErrorCode::Invalid,
            message_ja: first
                .as_ref()
                .map(|i| format!("{}: {}", i.field, i.ja))
                .unwrap_or_default(),
            message_en: first
                .as_ref()
                .map(|i| format!("{}: {}", i.field, i.en))
                .unwrap_or_default(),
            field: first.map(|i| i.field),
            issues,
        }
    }
}

impl From<secspec_store::StoreError> for ApiError {
    fn from(e: secspec_store::StoreError) -> Self {
        match e {
            secspec_store::StoreError::NotFound(id) => ApiError::new(
                ErrorCode::NotFound,
                format!("案件 {id} はありません"),
                format!("no project {id}"),
            ),
            secspec_store::StoreError::Conflict { .. } => {
                let mut err = ApiError::failure(&e);
                err.code = ErrorCode::Conflict;
                err
            }
            other => ApiError::failure(other),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
