//! One clause's text, as a package or another file claims it, against the bundled official text.

use super::{engine, ClauseResult, Status, TextBlock};
use crate::document::Lang;
use crate::library::{Library, Origin};
use serde::Serialize;

/// How the version a text claims relates to the bundled clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VersionMatch {
    /// No version was claimed.
    Unclaimed,
    /// The claimed version is the bundled one.
    Same,
    /// The text claims a version this library does not have: the verdict is against the
    /// bundled version, and says so.
    Unknown { claimed: String, bundled: String },
}

/// The verdict on a text claimed for one clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseTextCheck {
    pub result: ClauseResult,
    pub version: VersionMatch,
    /// What the text may be labelled: the bundled clause's origin only when the text is
    /// verbatim (or changed in notation only) against the bundled version it claims; otherwise
    /// `None` — a changed text is never labelled official.
    pub label_origin: Option<Origin>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClauseCheckError {
    #[error(
        "条項 {0} はテンプレートライブラリにありません / the template library has no clause {0}"
    )]
    UnknownClause(String),
}

impl crate::message::Bilingual for ClauseCheckError {
    fn message(&self) -> crate::message::Message {
        match self {
            ClauseCheckError::UnknownClause(id) => crate::message::Message::new(
                format!("条項 {id} はテンプレートライブラリにありません"),
                format!("the template library has no clause {id}"),
            ),
        }
    }
}

/// Checks `text` (a clause body as SecSpec writes it: paragraphs, `・` items, possibly followed
/// by supplements and additions) against clause `clause_id` of the bundled library in `lang`.
/// `claimed_version` is the template version the text says it follows.
pub fn check_clause_text(
    library: &Library,
    clause_id: &str,
    claimed_version: Option<&str>,
    text: &str,
    lang: Lang,
) -> Result<ClauseTextCheck, ClauseCheckError> {
    let clause = library
        .clause(clause_id)
        .ok_or_else(|| ClauseCheckError::UnknownClause(clause_id.to_string()))?;
    let blocks: Vec<TextBlock> = text
        .replace("\r\n", "\n")
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let mut b = TextBlock::new(l);
            b.location.paragraph = Some(i as u32 + 1);
            b
        })
        .collect();
    let result = engine::check_one(library, clause_id, &blocks, lang)
        .ok_or_else(|| ClauseCheckError::UnknownClause(clause_id.to_string()))?;
    let version = match claimed_version.map(str::trim).filter(|v| !v.is_empty()) {
        None => VersionMatch::Unclaimed,
        Some(v) if v == clause.version => VersionMatch::Same,
        Some(v) => VersionMatch::Unknown {
            claimed: v.to_string(),
            bundled: clause.version.clone(),
        },
    };
    let label_origin = (result.acceptable()
        && result.status != Status::Missing
        && !matches!(version, VersionMatch::Unknown { .. }))
    .then(|| clause.origin_in(lang));
    Ok(ClauseTextCheck {
        result,
        version,
        label_origin,
    })
}
