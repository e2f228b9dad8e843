//! Problems found in a project, each naming the field it concerns.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Bad input: the value cannot be stored or used as given.
    Invalid,
    /// Stops a final document (unfilled placeholder, missing mandatory clause, unexplained deviation).
    Blocking,
    /// Worth knowing; does not stop anything.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Invalid => "入力エラー / invalid",
            Severity::Blocking => "要対応 / blocking",
            Severity::Warning => "注意 / warning",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Issue {
    pub severity: Severity,
    /// Dotted path of the field, e.g. `clauses.breach.params.agency`, as in the answers file.
    pub field: String,
    pub ja: String,
    pub en: String,
}

impl Issue {
    pub fn new(
        severity: Severity,
        field: impl Into<String>,
        ja: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Issue {
            severity,
            field: field.into(),
            ja: ja.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} / {}", self.field, self.ja, self.en)
    }
}

/// True when any issue stops a final document.
pub fn blocks(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity <= Severity::Blocking)
}
