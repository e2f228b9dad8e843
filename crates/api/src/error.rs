//! The one error type that crosses the IPC boundary and reaches the CLI: a code the front end
//! branches on, the message in both languages as data, and the field (and issues) it concerns.

use secspec_core::{Bilingual, Issue, Message, Severity};
use secspec_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input cannot be used (a value, a file from outside); `field` and `issues` say why.
    Invalid,
    /// No such project.
    NotFound,
    /// The project changed elsewhere since it was loaded (stale revision).
    Conflict,
    /// A final document is blocked by open issues (see `issues`).
    Blocked,
    /// The database cannot be used as it is (locked, read-only, full disk, damaged, newer).
    Database,
    /// Anything else: files, rendering.
    Failure,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: Message,
    pub field: Option<String>,
    pub issues: Vec<Issue>,
}

impl ApiError {
    pub fn new(code: ErrorCode, ja: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::from_message(code, Message::new(ja, en))
    }

    pub fn from_message(code: ErrorCode, message: Message) -> Self {
        ApiError {
            code,
            message,
            field: None,
            issues: Vec::new(),
        }
    }

    /// An error of a lower layer, with its own bilingual message.
    pub fn of(code: ErrorCode, e: &impl Bilingual) -> Self {
        ApiError::from_message(code, e.message())
    }

    /// A failure of a lower layer (rendering, writing a file, …).
    pub fn failure(e: &impl Bilingual) -> Self {
        ApiError::of(ErrorCode::Failure, e)
    }

    /// Input that cannot be used: the first issue is the message, all are listed.
    pub fn invalid(issues: Vec<Issue>) -> Self {
        let first = issues.first();
        ApiError {
            code: ErrorCode::Invalid,
            message: first
                .map(|i| Message::new(i.ja.clone(), i.en.clone()))
                .unwrap_or_default(),
            field: first.map(|i| i.field.clone()),
            issues,
        }
    }

    /// A final document is blocked by these issues.
    pub fn blocked(issues: Vec<Issue>, what: Message) -> Self {
        let issues: Vec<Issue> = issues
            .into_iter()
            .filter(|i| i.severity <= Severity::Blocking)
            .collect();
        let n = issues.len();
        ApiError {
            code: ErrorCode::Blocked,
            message: Message::new(
                format!("{}を作成できません（要対応 {n} 件）", what.ja),
                format!("cannot make {} ({n} blocking issue(s))", what.en),
            ),
            field: issues.first().map(|i| i.field.clone()),
            issues,
        }
    }

    /// The same error with `prefix` (usually a file name) before the message.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = self.message.prefixed(prefix);
        self
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Conflict { .. } => ErrorCode::Conflict,
            StoreError::Invalid(_) | StoreError::BadData(_) | StoreError::Json(_) => {
                ErrorCode::Failure
            }
            _ => ErrorCode::Database,
        };
        ApiError::of(code, &e)
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
