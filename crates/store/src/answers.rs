//! The officer's answers to the contractor's questions (migration 0005): one per question
//! target of a project, with the question text it was written against.

use crate::clock::{parse_timestamp, stored_now};
use crate::connection::{current_revision, Store};
use crate::diff::pointer;
use crate::error::{Result, StoreError};
use crate::history::{insert_history, HistoryRow};
use crate::model::{HistoryAction, ProjectId};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Longest question target accepted (`clause:<id>` / `requirement:<id>`).
pub const MAX_TARGET: usize = 200;

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAnswer {
    /// `clause:<clause id>` or `requirement:<checklist item id>`.
    pub target: String,
    /// The contractor's question as it read when the answer was written.
    pub question: String,
    pub answer: String,
    #[serde(with = "time::serde::rfc3339")]
    pub answered_at: OffsetDateTime,
}

fn check_target(target: &str) -> Result<()> {
    let ok = target.len() <= MAX_TARGET
        && ["clause:", "requirement:"]
            .iter()
            .any(|p| target.strip_prefix(p).is_some_and(|rest| !rest.is_empty()));
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid(
            format!(
                "質問の対象は clause:<id> 又は requirement:<id> で指定してください: {target:?}"
            ),
            format!("a question target is clause:<id> or requirement:<id>: {target:?}"),
        ))
    }
}

impl Store {
    /// The answers of a project, by target.
    pub fn question_answers(&self, project_id: ProjectId) -> Result<Vec<StoredAnswer>> {
        self.project_rows(
            project_id,
            "SELECT target, question, answer, answered_at
               FROM question_answers
              WHERE project_id = ?1
              ORDER BY target",
            |r| {
                Ok(StoredAnswer {
                    target: r.get(0)?,
                    question: r.get(1)?,
                    answer: r.get(2)?,
                    answered_at: parse_timestamp(&r.get::<_, String>(3)?)?,
                })
            },
        )
    }

    /// Stores the answer to the question at `target` (asked as `question`); a blank answer
    /// removes it. A change writes one `update` history row at `/question_answers/<target>`
    /// (values as JSON strings, `null` when absent); storing the same text again writes nothing.
    pub fn set_question_answer(
        &self,
        project_id: ProjectId,
        target: &str,
        question: &str,
        answer: &str,
    ) -> Result<()> {
        check_target(target)?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let revision = current_revision(&tx, project_id)?;
        let old: Option<(String, String)> = tx
            .query_row(
                "SELECT question, answer FROM question_answers WHERE project_id = ?1 AND target = ?2",
                params![project_id.0, target],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let blank = answer.trim().is_empty();
        let unchanged = match &old {
            Some((q, a)) => !blank && q == question && a == answer,
            None => blank,
        };
        if unchanged {
            return Ok(());
        }
        if blank {
            tx.execute(
                "DELETE FROM question_answers WHERE project_id = ?1 AND target = ?2",
                params![project_id.0, target],
            )?;
        } else {
            tx.execute(
                "INSERT INTO question_answers (project_id, target, question, answer, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (project_id, target) DO UPDATE SET
                     question = excluded.question,
                     answer = excluded.answer,
                     answered_at = excluded.answered_at",
                params![project_id.0, target, question, answer, now],
            )?;
        }
        let json = |v: Option<&str>| serde_json::to_string(&v).unwrap_or_else(|_| "null".into());
        let old_answer = old.as_ref().map(|(_, a)| a.as_str());
        let new_answer = (!blank).then_some(answer);
        insert_history(
            &tx,
            project_id,
            &now,
            revision,
            HistoryRow {
                action: HistoryAction::Update,
                field: Some(&pointer(&["question_answers", target])),
                old_value: Some(&json(old_answer)),
                new_value: Some(&json(new_answer)),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn targets_name_a_clause_or_a_requirement() {
        assert!(check_target("clause:breach").is_ok());
        assert!(check_target("requirement:A-1").is_ok());
        assert!(check_target("clause:").is_err());
        assert!(check_target("breach").is_err());
        assert!(check_target(&format!("clause:{}", "x".repeat(300))).is_err());
    }
}
