//! The checklist part of a project in its own tables (migration 0002): profile answers,
//! overrides and item answers. Replaced as a whole on every update, like the clause choices.

use crate::error::{Result, StoreError};
use crate::model::ProjectId;
use rusqlite::{params, Connection};
use secspec_core::checklist::{Answer, ChecklistState, ItemAnswer, Override};
use secspec_core::Date;

fn status_code(answer: Answer) -> (&'static str, Option<u32>, Option<u32>) {
    match answer {
        Answer::Implemented => ("implemented", None, None),
        Answer::Partial { done, of } => ("partial", Some(done), Some(of)),
        Answer::NotImplemented => ("not_implemented", None, None),
        Answer::NotApplicable => ("not_applicable", None, None),
    }
}

fn answer_of(
    id: ProjectId,
    item: &str,
    status: &str,
    done: Option<u32>,
    of: Option<u32>,
) -> Result<Answer> {
    match (status, done, of) {
        ("implemented", _, _) => Ok(Answer::Implemented),
        ("partial", Some(done), Some(of)) => Ok(Answer::Partial { done, of }),
        ("not_implemented", _, _) => Ok(Answer::NotImplemented),
        ("not_applicable", _, _) => Ok(Answer::NotApplicable),
        _ => Err(StoreError::BadData(format!(
            "project {id} checklist answer {item:?}: status {status:?} ({done:?} / {of:?})"
        ))),
    }
}

pub(crate) fn delete(conn: &Connection, id: ProjectId) -> Result<()> {
    for table in [
        "DELETE FROM checklist_profile WHERE project_id = ?1",
        "DELETE FROM checklist_overrides WHERE project_id = ?1",
        "DELETE FROM checklist_answers WHERE project_id = ?1",
    ] {
        conn.execute(table, params![id.0])?;
    }
    Ok(())
}

pub(crate) fn insert(conn: &Connection, id: ProjectId, state: &ChecklistState) -> Result<()> {
    // No `..`: a new field must fail to compile until it is stored.
    let ChecklistState {
        profile,
        overrides,
        answers,
    } = state;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO checklist_profile (project_id, question_id, answer) VALUES (?1, ?2, ?3)",
    )?;
    for (question, yes) in &profile.answers {
        stmt.execute(params![id.0, question, yes])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO checklist_overrides (project_id, item_id, include, reason)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (item, Override { include, reason }) in overrides {
        stmt.execute(params![id.0, item, include, reason])?;
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO checklist_answers
             (project_id, item_id, status, done_count, target_count, evidence, owner, due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (item, a) in answers {
        let ItemAnswer {
            answer,
            evidence,
            owner,
            due,
        } = a;
        let (status, done, of) = status_code(*answer);
        stmt.execute(params![
            id.0,
            item,
            status,
            done,
            of,
            evidence,
            owner,
            due.map(|d| d.to_string()),
        ])
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::invalid(
                    format!("checklist.answers.{item}: 一部実施は 対象数 ≥ 1 かつ 実施数 ≤ 対象数 としてください"),
                    format!("checklist.answers.{item}: partly implemented needs at least one target and no more done than targets"),
                )
            }
            other => other.into(),
        })?;
    }
    Ok(())
}

pub(crate) fn load(conn: &Connection, id: ProjectId) -> Result<ChecklistState> {
    let mut state = ChecklistState::default();
    let mut stmt = conn.prepare_cached(
        "SELECT question_id, answer FROM checklist_profile WHERE project_id = ?1",
    )?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?))
    })?;
    for row in rows {
        let (question, yes) = row?;
        state.profile.answers.insert(question, yes);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, include, reason FROM checklist_overrides WHERE project_id = ?1",
    )?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, bool>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (item, include, reason) = row?;
        state.overrides.insert(item, Override { include, reason });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT item_id, status, done_count, target_count, evidence, owner, due
           FROM checklist_answers WHERE project_id = ?1",
    )?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<u32>>(2)?,
            r.get::<_, Option<u32>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    for row in rows {
        let (item, status, done, of, evidence, owner, due) = row?;
        let answer = answer_of(id, &item, &status, done, of)?;
        let due = match due {
            None => None,
            Some(text) => Some(Date::parse(&text).map_err(|e| {
                StoreError::BadData(format!("project {id} checklist answer {item:?} due: {e}"))
            })?),
        };
        state.answers.insert(
            item,
            ItemAnswer {
                answer,
                evidence,
                owner,
                due,
            },
        );
    }
    Ok(state)
}
