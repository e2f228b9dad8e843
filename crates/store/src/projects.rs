//! Projects: create, read, list, update (with one history row per changed field), duplicate,
//! delete and status.

use crate::checklist;
use crate::clock::{parse_timestamp, stored_now};
use crate::connection::Store;
use crate::diff::{diff_projects, project_data, Change};
use crate::error::{Result, StoreError};
use crate::history::{insert_history, HistoryRow};
use crate::model::{
    HistoryAction, ProjectId, ProjectSummary, Status, StoredProject, UpdateOutcome,
};
use rusqlite::{named_params, params, Connection, OptionalExtension};
use secspec_core::{ClauseChoice, Project};
use serde_json::Value;
use std::collections::BTreeMap;

impl Store {
    /// Stores a new project (revision 1, with `status`) with its clause choices, and a `create`
    /// history row holding the whole project.
    pub fn create_project(&self, project: &Project, status: Status) -> Result<ProjectId> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let id = insert_project(&tx, project, status, &now)?;
        insert_history(
            &tx,
            id,
            &now,
            1,
            HistoryRow {
                action: HistoryAction::Create,
                field: None,
                old_value: None,
                new_value: Some(&serde_json::to_string(project)?),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Reads a project with its clause choices.
    pub fn get_project(&self, id: ProjectId) -> Result<StoredProject> {
        let tx = self.read_tx()?;
        let stored = load_project(&tx, id)?;
        tx.commit()?;
        Ok(stored)
    }

    /// All projects, most recently updated first (ties: higher id first).
    pub fn list_projects(&self) -> Result<Vec<ProjectSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, agency, status, updated_at, revision
               FROM projects
              ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, agency, status, updated_at, revision) = row?;
            out.push(ProjectSummary {
                id: ProjectId(id),
                title,
                agency,
                status: parse_status(&status)?,
                updated_at: parse_timestamp(&updated_at)?,
                revision,
            });
        }
        Ok(out)
    }

    /// Replaces the project's content with `project`, only if the stored revision is still
    /// `expected_revision` (otherwise [`StoreError::Conflict`]): a caller that read the project
    /// earlier never overwrites a change made meanwhile by another process. Writes one `update`
    /// history row per changed field, adds 1 to the revision and sets `updated_at` and
    /// `status` (what the new content implies), all in one transaction. When nothing changed,
    /// only a status that is not `generated` is brought up to date.
    pub fn update_project(
        &self,
        id: ProjectId,
        expected_revision: i64,
        project: &Project,
        status: Status,
    ) -> Result<UpdateOutcome> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let old = load_project(&tx, id)?;
        if expected_revision != old.revision {
            return Err(StoreError::Conflict {
                id,
                expected: expected_revision,
                actual: old.revision,
            });
        }
        let changes = diff_projects(&old.project, project)?;
        if changes.is_empty() {
            if old.status != Status::Generated {
                set_status_in(&tx, id, status, &now)?;
                tx.commit()?;
            }
            return Ok(UpdateOutcome {
                revision: old.revision,
                changed_fields: 0,
            });
        }
        let revision = old.revision + 1;
        let data = serde_json::to_string(&project_data(project)?)?;
        tx.execute(
            "UPDATE projects
                SET title = :title, agency = :agency, data = :data,
                    revision = :revision, updated_at = :now
              WHERE id = :id",
            named_params! {
                ":title": project.title,
                ":agency": project.agency,
                ":data": data,
                ":revision": revision,
                ":now": now,
                ":id": id.0,
            },
        )?;
        tx.execute(
            "DELETE FROM clause_params WHERE project_id = ?1",
            params![id.0],
        )?;
        tx.execute(
            "DELETE FROM clause_choices WHERE project_id = ?1",
            params![id.0],
        )?;
        insert_clauses(&tx, id, &project.clauses)?;
        checklist::delete(&tx, id)?;
        checklist::insert(&tx, id, &project.checklist)?;
        for Change { path, old, new } in &changes {
            insert_history(
                &tx,
                id,
                &now,
                revision,
                HistoryRow {
                    action: HistoryAction::Update,
                    field: Some(path),
                    old_value: Some(old),
                    new_value: Some(new),
                },
            )?;
        }
        set_status_in(&tx, id, status, &now)?;
        tx.commit()?;
        Ok(UpdateOutcome {
            revision,
            changed_fields: changes.len(),
        })
    }

    /// Copies a project (content and clause choices; not its history, generations or packages)
    /// into a new project at revision 1 titled `title`, with `status` and a `duplicate` history
    /// row naming the source.
    pub fn duplicate_project(
        &self,
        id: ProjectId,
        title: &str,
        status: Status,
    ) -> Result<ProjectId> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let mut source = load_project(&tx, id)?;
        source.project.title = title.to_string();
        let new_id = insert_project(&tx, &source.project, status, &now)?;
        insert_history(
            &tx,
            new_id,
            &now,
            1,
            HistoryRow {
                action: HistoryAction::Duplicate,
                field: None,
                old_value: Some(&id.0.to_string()),
                new_value: Some(&serde_json::to_string(&source.project)?),
            },
        )?;
        tx.commit()?;
        Ok(new_id)
    }

    /// Deletes a project with its clause choices, generation records and history.
    pub fn delete_project(&self, id: ProjectId) -> Result<()> {
        let tx = self.write_tx()?;
        let n = tx.execute("DELETE FROM projects WHERE id = ?1", params![id.0])?;
        if n == 0 {
            return Err(StoreError::NotFound(id));
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets the status (with a `set_status` history row and a new `updated_at`). The revision,
    /// which counts content changes, stays. Setting the current status writes nothing.
    pub fn set_status(&self, id: ProjectId, status: Status) -> Result<()> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        set_status_in(&tx, id, status, &now)?;
        tx.commit()?;
        Ok(())
    }
}

/// [`Store::set_status`] inside the caller's transaction.
pub(crate) fn set_status_in(
    conn: &Connection,
    id: ProjectId,
    status: Status,
    now: &str,
) -> Result<()> {
    let row: Option<(String, i64)> = conn
        .query_row(
            "SELECT status, revision FROM projects WHERE id = ?1",
            params![id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (old, revision) = row.ok_or(StoreError::NotFound(id))?;
    let old = parse_status(&old)?;
    if old == status {
        return Ok(());
    }
    conn.execute(
        "UPDATE projects SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![status.code(), now, id.0],
    )?;
    insert_history(
        conn,
        id,
        now,
        revision,
        HistoryRow {
            action: HistoryAction::SetStatus,
            field: Some("/status"),
            old_value: Some(&serde_json::to_string(&old)?),
            new_value: Some(&serde_json::to_string(&status)?),
        },
    )
}

fn parse_status(code: &str) -> Result<Status> {
    Status::from_code(code).ok_or_else(|| StoreError::BadData(format!("status {code:?}")))
}

pub(crate) fn insert_project(
    conn: &Connection,
    project: &Project,
    status: Status,
    now: &str,
) -> Result<ProjectId> {
    let data = serde_json::to_string(&project_data(project)?)?;
    conn.execute(
        "INSERT INTO projects (title, agency, status, data, revision, created_at, updated_at)
         VALUES (:title, :agency, :status, :data, 1, :now, :now)",
        named_params! {
            ":title": project.title,
            ":agency": project.agency,
            ":status": status.code(),
            ":data": data,
            ":now": now,
        },
    )?;
    let id = ProjectId(conn.last_insert_rowid());
    insert_clauses(conn, id, &project.clauses)?;
    checklist::insert(conn, id, &project.checklist)?;
    Ok(id)
}

fn insert_clauses(
    conn: &Connection,
    id: ProjectId,
    clauses: &BTreeMap<String, ClauseChoice>,
) -> Result<()> {
    let mut choice_stmt = conn.prepare_cached(
        "INSERT INTO clause_choices
             (project_id, clause_id, include, custom_body, deviation_reason, additions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut param_stmt = conn.prepare_cached(
        "INSERT INTO clause_params (project_id, clause_id, name, value) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (clause_id, choice) in clauses {
        // No `..`: a new ClauseChoice field must fail to compile until it is stored.
        let ClauseChoice {
            include,
            params: clause_params,
            custom_body,
            deviation_reason,
            additions,
        } = choice;
        choice_stmt.execute(params![
            id.0,
            clause_id,
            include,
            custom_body,
            deviation_reason,
            serde_json::to_string(additions)?,
        ])?;
        for (name, value) in clause_params {
            param_stmt.execute(params![id.0, clause_id, name, value])?;
        }
    }
    Ok(())
}

fn load_project(conn: &Connection, id: ProjectId) -> Result<StoredProject> {
    let row: Option<(String, String, i64, String, String)> = conn
        .query_row(
            "SELECT status, data, revision, created_at, updated_at FROM projects WHERE id = ?1",
            params![id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let (status, data, revision, created_at, updated_at) = row.ok_or(StoreError::NotFound(id))?;

    let data: Value = serde_json::from_str(&data)
        .map_err(|e| StoreError::BadData(format!("project {id} data: {e}")))?;
    let mut project: Project = serde_json::from_value(data)
        .map_err(|e| StoreError::BadData(format!("project {id} data: {e}")))?;
    project.clauses = load_clauses(conn, id)?;
    project.checklist = checklist::load(conn, id)?;

    Ok(StoredProject {
        id,
        project,
        status: parse_status(&status)?,
        revision,
        created_at: parse_timestamp(&created_at)?,
        updated_at: parse_timestamp(&updated_at)?,
    })
}

fn load_clauses(conn: &Connection, id: ProjectId) -> Result<BTreeMap<String, ClauseChoice>> {
    let mut clauses = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT clause_id, include, custom_body, deviation_reason, additions
           FROM clause_choices WHERE project_id = ?1",
    )?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<bool>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (clause_id, include, custom_body, deviation_reason, additions) = row?;
        let additions: Vec<String> = serde_json::from_str(&additions).map_err(|e| {
            StoreError::BadData(format!("project {id} clause {clause_id:?} additions: {e}"))
        })?;
        clauses.insert(
            clause_id,
            ClauseChoice {
                include,
                params: BTreeMap::new(),
                custom_body,
                deviation_reason,
                additions,
            },
        );
    }

    let mut stmt = conn
        .prepare_cached("SELECT clause_id, name, value FROM clause_params WHERE project_id = ?1")?;
    let rows = stmt.query_map(params![id.0], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (clause_id, name, value) = row?;
        let choice = clauses.get_mut(&clause_id).ok_or_else(|| {
            StoreError::BadData(format!(
                "project {id}: parameter {name:?} of missing clause {clause_id:?}"
            ))
        })?;
        choice.params.insert(name, value);
    }
    Ok(clauses)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use secspec_core::{ContractKind, ContractMethod, Date, Lang};
    use time::macros::datetime;

    fn project() -> Project {
        Project {
            word_font: Default::default(),
            title: "t".into(),
            agency: "a".into(),
            bureau: String::new(),
            officer: String::new(),
            contract_kind: ContractKind::Sale,
            method: ContractMethod::OpenTender,
            national_security: Some(false),
            national_security_reason: String::new(),
            outsourcing: false,
            subcontracting: false,
            voluntary: false,
            document_date: Date::parse("2026-01-05").unwrap(),
            contract_start: None,
            contract_end: None,
            lang: Lang::Ja,
            clauses: [(
                "c".to_string(),
                ClauseChoice {
                    params: [("p".to_string(), "v".to_string())].into(),
                    ..Default::default()
                },
            )]
            .into(),
            checklist: Default::default(),
        }
    }

    fn store() -> Store {
        Store::open_in_memory_with_clock(ManualClock::new(datetime!(2026-01-05 00:00 UTC))).unwrap()
    }

    #[test]
    fn store_is_send() {
        fn send<T: Send>() {}
        send::<Store>();
    }

    #[test]
    fn in_memory_store_has_foreign_keys() {
        let s = store();
        assert!(s.foreign_keys_enabled().unwrap());
        let id = s.create_project(&project(), Status::Draft).unwrap();
        s.delete_project(id).unwrap();
        let count = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM clause_choices"), 0);
        assert_eq!(count("SELECT count(*) FROM clause_params"), 0);
        assert_eq!(count("SELECT count(*) FROM history"), 0);
        // A row pointing at no project is refused.
        let err = s
            .conn
            .execute(
                "INSERT INTO history (project_id, at, revision, action) VALUES (999, 'x', 1, 'create')",
                [],
            )
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::ConstraintViolation)
        );
    }

    #[test]
    fn data_column_holds_the_project_without_clauses() {
        let s = store();
        let id = s.create_project(&project(), Status::Draft).unwrap();
        let data: String = s
            .conn
            .query_row("SELECT data FROM projects WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .unwrap();
        let value: Value = serde_json::from_str(&data).unwrap();
        assert!(value.get("clauses").is_none());
        assert_eq!(value["title"], "t");
        assert_eq!(value["document_date"], "2026-01-05");
    }

    #[test]
    fn hand_edited_bad_data_is_an_error_not_a_panic() {
        let s = store();
        let id = s.create_project(&project(), Status::Draft).unwrap();
        s.conn
            .execute(
                "UPDATE projects SET data = ?1 WHERE id = ?2",
                params![r#"{"unexpected": 1}"#, id.0],
            )
            .unwrap();
        assert!(matches!(s.get_project(id), Err(StoreError::BadData(_))));
        s.conn
            .execute(
                "UPDATE projects SET updated_at = 'yesterday' WHERE id = ?1",
                params![id.0],
            )
            .unwrap();
        assert!(matches!(s.list_projects(), Err(StoreError::BadData(_))));
    }

    #[test]
    fn stored_values_serialise_for_the_ui() {
        let s = store();
        let id = s.create_project(&project(), Status::Draft).unwrap();
        let json = serde_json::to_value(s.get_project(id).unwrap()).unwrap();
        assert_eq!(json["id"], id.0);
        assert_eq!(json["status"], "draft");
        assert_eq!(json["created_at"], "2026-01-05T00:00:00Z");
        assert_eq!(json["project"]["clauses"]["c"]["params"]["p"], "v");
        let list = serde_json::to_value(s.list_projects().unwrap()).unwrap();
        assert_eq!(list[0]["updated_at"], "2026-01-05T00:00:00Z");
    }
}
