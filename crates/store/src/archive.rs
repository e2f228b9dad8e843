//! A whole project with everything recorded about it (history, generation records, review
//! packages with their bytes, responses), to move it from one database to another: adopting
//! an older database, or a project carried to another machine.

use crate::clock::format_timestamp;
use crate::connection::Store;
use crate::error::Result;
use crate::model::{Generation, HistoryEntry, ProjectId, StoredProject};
use crate::packages::{ReviewExport, StoredResponse};
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// A review package as exported, with its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedReview {
    pub export: ReviewExport,
    pub package: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectArchive {
    pub project: StoredProject,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    pub generations: Vec<Generation>,
    pub reviews: Vec<ArchivedReview>,
    pub responses: Vec<StoredResponse>,
}

impl Store {
    /// Everything about project `id`. Meant for a database nobody else writes meanwhile (a
    /// copy being adopted, or one opened for an export).
    pub fn archive_project(&self, id: ProjectId) -> Result<ProjectArchive> {
        let project = self.get_project(id)?;
        let history = self.history(id)?;
        let generations = self.generations(id)?;
        let mut reviews = Vec::new();
        for export in self.review_exports(id)? {
            let package = self
                .review_package_bytes(id, &export.digest)?
                .unwrap_or_default();
            reviews.push(ArchivedReview { export, package });
        }
        let responses = self.responses(id)?;
        Ok(ProjectArchive {
            project,
            history,
            generations,
            reviews,
            responses,
        })
    }

    /// Adds an archived project as a new project of this database (a new id; its revision,
    /// status, dates, history, records, packages and responses as they were), in one
    /// transaction. Returns the new id.
    pub fn restore_project(&self, archive: &ProjectArchive) -> Result<ProjectId> {
        let tx = self.write_tx()?;
        let p = &archive.project;
        let id = crate::projects::insert_project(
            &tx,
            &p.project,
            p.status,
            &format_timestamp(p.created_at)?,
        )?;
        tx.execute(
            "UPDATE projects SET revision = ?1, updated_at = ?2 WHERE id = ?3",
            params![p.revision, format_timestamp(p.updated_at)?, id.0],
        )?;
        for h in &archive.history {
            tx.prepare_cached(
                "INSERT INTO history (project_id, at, revision, action, field, old_value, new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                id.0,
                format_timestamp(h.at)?,
                h.revision,
                h.action.code(),
                h.field,
                h.old_value,
                h.new_value
            ])?;
        }
        for g in &archive.generations {
            tx.prepare_cached(
                "INSERT INTO generations
                     (project_id, document_kind, format, file_name, sha256, size_bytes,
                      template_versions, project_revision, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                id.0,
                g.document_kind.code(),
                g.format.code(),
                g.file_name,
                g.sha256,
                i64::try_from(g.size_bytes).unwrap_or(i64::MAX),
                g.template_versions,
                g.project_revision,
                format_timestamp(g.generated_at)?
            ])?;
        }
        for r in &archive.reviews {
            let e = &r.export;
            tx.prepare_cached(
                "INSERT INTO review_packages
                     (project_id, package_id, digest, project_revision, file_name, size_bytes,
                      exported_at, package)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id.0,
                e.package_id,
                e.digest,
                e.project_revision,
                e.file_name,
                i64::try_from(r.package.len()).unwrap_or(i64::MAX),
                format_timestamp(e.exported_at)?,
                r.package
            ])?;
        }
        for r in &archive.responses {
            tx.prepare_cached(
                "INSERT INTO responses (project_id, review_digest, digest, response, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.0,
                r.review_digest,
                r.digest,
                serde_json::to_string(&r.response)?,
                format_timestamp(r.imported_at)?
            ])?;
        }
        tx.commit()?;
        Ok(id)
    }
}
