//! A whole project with everything recorded about it (history, generation records, review
//! packages with their bytes, responses and who signed them, the contractor keys seen, the
//! officer's answers to questions), to move it from one database to another: adopting an older
//! database, or a project carried to another machine.

use crate::answers::StoredAnswer;
use crate::clock::format_timestamp;
use crate::connection::Store;
use crate::error::Result;
use crate::keys::KnownKey;
use crate::model::{Generation, HistoryEntry, ProjectId, StoredProject};
use crate::packages::{ReviewExport, StoredResponse};
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// A review package as exported, with its exact bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedReview {
    pub export: ReviewExport,
    /// Lowercase hex in JSON (a byte array would be four times the size).
    #[serde(with = "hex_bytes")]
    pub package: Vec<u8>,
}

mod hex_bytes {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        let digits = text.as_bytes();
        if digits.len() % 2 != 0 {
            return Err(D::Error::custom("odd number of hex digits"));
        }
        digits
            .chunks(2)
            .map(|pair| {
                std::str::from_utf8(pair)
                    .ok()
                    .and_then(|p| u8::from_str_radix(p, 16).ok())
                    .ok_or_else(|| D::Error::custom("not lowercase hex"))
            })
            .collect()
    }
}

/// An imported response with the key that signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivedResponse {
    pub response: StoredResponse,
    /// Whether the signer was recorded (responses imported before signed packages were not).
    pub signer_recorded: bool,
    /// The signing key (64 hex), `None` for an unsigned response.
    pub signer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectArchive {
    pub project: StoredProject,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    pub generations: Vec<Generation>,
    pub reviews: Vec<ArchivedReview>,
    pub responses: Vec<ArchivedResponse>,
    /// The contractor keys seen for the project, oldest first.
    pub contractor_keys: Vec<KnownKey>,
    pub question_answers: Vec<StoredAnswer>,
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
        let mut responses = Vec::new();
        for response in self.responses(id)? {
            let signer = self.response_signer(response.id)?;
            responses.push(ArchivedResponse {
                response,
                signer_recorded: signer.is_some(),
                signer: signer.flatten(),
            });
        }
        Ok(ProjectArchive {
            project,
            history,
            generations,
            reviews,
            responses,
            contractor_keys: self.contractor_keys(id)?,
            question_answers: self.question_answers(id)?,
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
        for a in &archive.responses {
            let r = &a.response;
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
            if a.signer_recorded {
                let response_id = tx.last_insert_rowid();
                tx.prepare_cached(
                    "INSERT INTO response_signers (response_id, public_key) VALUES (?1, ?2)",
                )?
                .execute(params![response_id, a.signer])?;
            }
        }
        for k in &archive.contractor_keys {
            tx.prepare_cached(
                "INSERT INTO contractor_keys
                     (project_id, public_key, first_seen, last_seen, replaced_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.0,
                k.public_key,
                format_timestamp(k.first_seen)?,
                format_timestamp(k.last_seen)?,
                k.replaced_at.map(format_timestamp).transpose()?
            ])?;
        }
        for q in &archive.question_answers {
            tx.prepare_cached(
                "INSERT INTO question_answers (project_id, target, question, answer, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id.0,
                q.target,
                q.question,
                q.answer,
                format_timestamp(q.answered_at)?
            ])?;
        }
        tx.commit()?;
        Ok(id)
    }
}
