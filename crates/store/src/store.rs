//! The store: one SQLite connection and the operations on projects.

use crate::checklist;
use crate::clock::{parse_timestamp, stored_now, Clock, SystemClock};
use crate::diff::{diff_projects, project_data, Change};
use crate::error::{Result, StoreError};
use crate::migrate::{check_header, migrate, read_header, SCHEMA_VERSION};
use crate::model::{
    Format, Generation, GenerationId, HistoryAction, HistoryEntry, NewGeneration, ProjectId,
    ProjectSummary, Status, StoredProject, UpdateOutcome,
};
use rusqlite::{
    named_params, params, Connection, OpenFlags, OptionalExtension, Transaction,
    TransactionBehavior,
};
use secspec_core::{ClauseChoice, DocumentKind, Project};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a write waits for another process (the desktop app or the CLI) to finish its write.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The SecSpec database. Not `Sync`: share it behind a `Mutex` if needed.
pub struct Store {
    conn: Connection,
    pub(crate) clock: Box<dyn Clock>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating the file if needed, not its folder) and migrates the database at `path`,
    /// with the system clock.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with_clock(path, SystemClock)
    }

    /// Like [`Store::open`], with timestamps from `clock`.
    ///
    /// A file that is not an SQLite database, another application's database, or a database
    /// from a newer SecSpec is refused with an error and left unchanged.
    pub fn open_with_clock(path: &Path, clock: impl Clock + 'static) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        Store::init(conn, path, Box::new(clock), true)
    }

    /// A private in-memory database (for tests), with the system clock.
    pub fn open_in_memory() -> Result<Store> {
        Store::open_in_memory_with_clock(SystemClock)
    }

    /// A private in-memory database with timestamps from `clock`.
    pub fn open_in_memory_with_clock(clock: impl Clock + 'static) -> Result<Store> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, path, Box::new(clock), false)
    }

    fn init(mut conn: Connection, path: &Path, clock: Box<dyn Clock>, wal: bool) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite does not always call the busy handler while another connection switches the
        // file to WAL or migrates it (several processes opening a new database at once), so
        // retry the whole preparation until the busy timeout.
        let deadline = Instant::now() + BUSY_TIMEOUT;
        loop {
            match prepare(&mut conn, path, wal) {
                Err(StoreError::Busy(_)) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => return Err(e),
                Ok(()) => break,
            }
        }
        Ok(Store {
            conn,
            clock,
            path: path.to_path_buf(),
        })
    }

    /// The path the store was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_one(None, "user_version")?)
    }

    /// The journal mode in effect (`wal` for a file database).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self.conn.pragma_query_one(None, "journal_mode")?)
    }

    /// Whether foreign keys are enforced on this connection.
    pub fn foreign_keys_enabled(&self) -> Result<bool> {
        Ok(self.conn.pragma_query_one(None, "foreign_keys")?)
    }

    // Transactions are opened on `&self`: the connection is not `Sync`, and no method opens a
    // transaction while another one of this store is active, so they never nest.
    pub(crate) fn write_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    pub(crate) fn read_tx(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Deferred,
        )?)
    }

    /// Stores a new project (status draft, revision 1) with its clause choices, and a `create`
    /// history row holding the whole project.
    pub fn create_project(&self, project: &Project) -> Result<ProjectId> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let id = insert_project(&tx, project, &now)?;
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

    /// Replaces the project's content with `project`. Writes one `update` history row per changed
    /// field, adds 1 to the revision and sets `updated_at`; when nothing changed, writes nothing.
    pub fn update_project(&self, id: ProjectId, project: &Project) -> Result<UpdateOutcome> {
        self.update_inner(id, None, project)
    }

    /// Like [`Store::update_project`], but only if the stored revision is still
    /// `expected_revision` (otherwise [`StoreError::Conflict`]): for a caller that read the
    /// project earlier and must not overwrite a change made meanwhile by another process.
    pub fn update_project_checked(
        &self,
        id: ProjectId,
        expected_revision: i64,
        project: &Project,
    ) -> Result<UpdateOutcome> {
        self.update_inner(id, Some(expected_revision), project)
    }

    fn update_inner(
        &self,
        id: ProjectId,
        expected_revision: Option<i64>,
        project: &Project,
    ) -> Result<UpdateOutcome> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let old = load_project(&tx, id)?;
        if let Some(expected) = expected_revision {
            if expected != old.revision {
                return Err(StoreError::Conflict {
                    id,
                    expected,
                    actual: old.revision,
                });
            }
        }
        let changes = diff_projects(&old.project, project)?;
        if changes.is_empty() {
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
        tx.commit()?;
        Ok(UpdateOutcome {
            revision,
            changed_fields: changes.len(),
        })
    }

    /// Copies a project (content and clause choices; not its status, history or generations)
    /// into a new draft at revision 1, with a `duplicate` history row.
    pub fn duplicate_project(&self, id: ProjectId) -> Result<ProjectId> {
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let source = load_project(&tx, id)?;
        let new_id = insert_project(&tx, &source.project, &now)?;
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
        let row: Option<(String, i64)> = tx
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
        tx.execute(
            "UPDATE projects SET status = ?1, updated_at = ?2 WHERE id = ?3",
            params![status.code(), now, id.0],
        )?;
        insert_history(
            &tx,
            id,
            &now,
            revision,
            HistoryRow {
                action: HistoryAction::SetStatus,
                field: Some("/status"),
                old_value: Some(&serde_json::to_string(&old)?),
                new_value: Some(&serde_json::to_string(&status)?),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a written document and adds a `generate` history row. Does not change the
    /// project's status (call [`Store::set_status`] for that).
    pub fn record_generation(&self, generation: &NewGeneration) -> Result<GenerationId> {
        let sha256 = generation.sha256.to_ascii_lowercase();
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!(
                "SHA-256 は 16 進 64 桁で指定してください / sha256 must be 64 hex digits: {:?}",
                generation.sha256
            )));
        }
        let size_bytes = i64::try_from(generation.size_bytes).map_err(|_| {
            StoreError::Invalid(format!(
                "ファイルサイズが大きすぎます / size too large: {}",
                generation.size_bytes
            ))
        })?;
        let now = stored_now(self.clock.as_ref())?;
        let project_id = generation.project_id;
        let tx = self.write_tx()?;
        let revision = current_revision(&tx, project_id)?;
        if !(1..=revision).contains(&generation.project_revision) {
            return Err(StoreError::Invalid(format!(
                "案件 {project_id} の版 {} はありません（現在 {revision}） / project {project_id} has no revision {}",
                generation.project_revision, generation.project_revision
            )));
        }
        tx.execute(
            "INSERT INTO generations
                 (project_id, document_kind, format, file_name, sha256, size_bytes,
                  template_versions, project_revision, generated_at)
             VALUES (:project_id, :kind, :format, :file_name, :sha256, :size_bytes,
                     :template_versions, :project_revision, :now)",
            named_params! {
                ":project_id": project_id.0,
                ":kind": generation.document_kind.code(),
                ":format": generation.format.code(),
                ":file_name": generation.file_name,
                ":sha256": sha256,
                ":size_bytes": size_bytes,
                ":template_versions": generation.template_versions,
                ":project_revision": generation.project_revision,
                ":now": now,
            },
        )?;
        let gen_id = GenerationId(tx.last_insert_rowid());
        let summary = serde_json::json!({
            "generation_id": gen_id.0,
            "document_kind": generation.document_kind,
            "format": generation.format,
            "file_name": generation.file_name,
            "sha256": sha256,
            "project_revision": generation.project_revision,
        });
        insert_history(
            &tx,
            project_id,
            &now,
            revision,
            HistoryRow {
                action: HistoryAction::Generate,
                field: None,
                old_value: None,
                new_value: Some(&summary.to_string()),
            },
        )?;
        tx.commit()?;
        Ok(gen_id)
    }

    /// The project's generation records, oldest first.
    pub fn generations(&self, project_id: ProjectId) -> Result<Vec<Generation>> {
        self.project_rows(
            project_id,
            "SELECT id, document_kind, format, file_name, sha256, size_bytes,
                    template_versions, project_revision, generated_at
               FROM generations
              WHERE project_id = ?1
              ORDER BY id",
            |r| {
                let id: i64 = r.get(0)?;
                let kind: String = r.get(1)?;
                let format: String = r.get(2)?;
                let size: i64 = r.get(5)?;
                Ok(Generation {
                    id: GenerationId(id),
                    project_id,
                    document_kind: DocumentKind::from_code(&kind).ok_or_else(|| {
                        StoreError::BadData(format!("document_kind {kind:?} (generation {id})"))
                    })?,
                    format: Format::from_code(&format).ok_or_else(|| {
                        StoreError::BadData(format!("format {format:?} (generation {id})"))
                    })?,
                    file_name: r.get(3)?,
                    sha256: r.get(4)?,
                    size_bytes: u64::try_from(size).map_err(|_| {
                        StoreError::BadData(format!("size_bytes {size} (generation {id})"))
                    })?,
                    template_versions: r.get(6)?,
                    project_revision: r.get(7)?,
                    generated_at: parse_timestamp(&r.get::<_, String>(8)?)?,
                })
            },
        )
    }

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

    /// Rows of one project (`?1` in `sql` is its id), read in one transaction after checking
    /// the project exists, each turned into a value by `row`.
    pub(crate) fn project_rows<T>(
        &self,
        project_id: ProjectId,
        sql: &str,
        mut row: impl FnMut(&rusqlite::Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let tx = self.read_tx()?;
        current_revision(&tx, project_id)?;
        let mut out = Vec::new();
        {
            let mut stmt = tx.prepare_cached(sql)?;
            let mut rows = stmt.query(params![project_id.0])?;
            while let Some(r) = rows.next()? {
                out.push(row(r)?);
            }
        }
        tx.commit()?;
        Ok(out)
    }
}

/// Checks the header, sets the connection pragmas and migrates. Nothing is written before the
/// header check passed.
fn prepare(conn: &mut Connection, path: &Path, wal: bool) -> Result<()> {
    let header = read_header(conn).map_err(|e| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
            }
        }
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy(e)
        }
        _ => StoreError::Open {
            path: path.to_path_buf(),
            source: e,
        },
    })?;
    check_header(header, path, SCHEMA_VERSION)?;

    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: bool = conn.pragma_query_one(None, "foreign_keys")?;
    if !fk {
        return Err(StoreError::Invalid(
            "この SQLite は外部キーに対応していません / SQLite without foreign key support".into(),
        ));
    }
    if wal {
        // Returns the mode in effect; a file system without WAL support keeps the old mode,
        // which still works (only with less concurrency), so that is not an error.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    }
    if header.user_version != SCHEMA_VERSION {
        migrate(conn, path)?;
    }
    Ok(())
}

fn parse_status(code: &str) -> Result<Status> {
    Status::from_code(code).ok_or_else(|| StoreError::BadData(format!("status {code:?}")))
}

pub(crate) fn current_revision(conn: &Connection, id: ProjectId) -> Result<i64> {
    conn.query_row(
        "SELECT revision FROM projects WHERE id = ?1",
        params![id.0],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound(id))
}

fn insert_project(conn: &Connection, project: &Project, now: &str) -> Result<ProjectId> {
    let data = serde_json::to_string(&project_data(project)?)?;
    conn.execute(
        "INSERT INTO projects (title, agency, status, data, revision, created_at, updated_at)
         VALUES (:title, :agency, :status, :data, 1, :now, :now)",
        named_params! {
            ":title": project.title,
            ":agency": project.agency,
            ":status": Status::Draft.code(),
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
            title: "t".into(),
            agency: "a".into(),
            bureau: String::new(),
            officer: String::new(),
            contract_kind: ContractKind::Sale,
            method: ContractMethod::OpenTender,
            national_security: false,
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
        let id = s.create_project(&project()).unwrap();
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
        let id = s.create_project(&project()).unwrap();
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
        let id = s.create_project(&project()).unwrap();
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
        let id = s.create_project(&project()).unwrap();
        let json = serde_json::to_value(s.get_project(id).unwrap()).unwrap();
        assert_eq!(json["id"], id.0);
        assert_eq!(json["status"], "draft");
        assert_eq!(json["created_at"], "2026-01-05T00:00:00Z");
        assert_eq!(json["project"]["clauses"]["c"]["params"]["p"], "v");
        let list = serde_json::to_value(s.list_projects().unwrap()).unwrap();
        assert_eq!(list[0]["updated_at"], "2026-01-05T00:00:00Z");
    }
}
