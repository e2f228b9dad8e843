//! The edit history: one row per changed field, export, import, generation or status change.

use crate::clock::parse_timestamp;
use crate::connection::Store;
use crate::error::{Result, StoreError};
use crate::model::{HistoryAction, HistoryEntry, ProjectId};
use rusqlite::{params, Connection};

impl Store {
    /// The project's history, oldest first.
    pub fn history(&self, project_id: ProjectId) -> Result<Vec<HistoryEntry>> {
        self.project_rows(
            project_id,
            "SELECT id, at, revision, action, field, old_value, new_value
               FROM history
              WHERE project_id = ?1
              ORDER BY id",
            |r| {
                let id: i64 = r.get(0)?;
                let action: String = r.get(3)?;
                Ok(HistoryEntry {
                    id,
                    project_id,
                    at: parse_timestamp(&r.get::<_, String>(1)?)?,
                    revision: r.get(2)?,
                    action: HistoryAction::from_code(&action).ok_or_else(|| {
                        StoreError::BadData(format!("history action {action:?} (row {id})"))
                    })?,
                    field: r.get(4)?,
                    old_value: r.get(5)?,
                    new_value: r.get(6)?,
                })
            },
        )
    }
}

/// The variable part of a history row.
pub(crate) struct HistoryRow<'a> {
    pub action: HistoryAction,
    pub field: Option<&'a str>,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
}

pub(crate) fn insert_history(
    conn: &Connection,
    id: ProjectId,
    at: &str,
    revision: i64,
    row: HistoryRow<'_>,
) -> Result<()> {
    let HistoryRow {
        action,
        field,
        old_value,
        new_value,
    } = row;
    conn.prepare_cached(
        "INSERT INTO history (project_id, at, revision, action, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id.0,
        at,
        revision,
        action.code(),
        field,
        old_value,
        new_value
    ])?;
    Ok(())
}
