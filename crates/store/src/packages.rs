//! Review packages exported to the contractor and the responses imported from them (migration
//! 0003). The exact package bytes are kept so that a response can be checked against the review
//! it answers; every import is kept, the newest is current.

use crate::clock::{parse_timestamp, stored_now};
use crate::connection::{current_revision, Store};
use crate::diff::pointer;
use crate::error::{Result, StoreError};
use crate::history::{insert_history, HistoryRow};
use crate::model::{HistoryAction, ProjectId};
use rusqlite::{named_params, params, Connection, OptionalExtension};
use secspec_core::contractor::ContractorResponse;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;

/// A review package that was just written, to be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReviewExport<'a> {
    pub project_id: ProjectId,
    /// e.g. `SECSPEC-00001-REVIEW-R3`.
    pub package_id: String,
    /// The package digest (SHA-256 of its `manifest.json`), 64 hex digits.
    pub digest: String,
    /// The project revision the package was made from (1 ..= current revision).
    pub project_revision: i64,
    /// File name as written (no directory needed).
    pub file_name: String,
    /// The exact bytes of the package file.
    pub package: &'a [u8],
}

/// A recorded review package (without its bytes: see [`Store::review_package_bytes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewExport {
    pub id: i64,
    pub project_id: ProjectId,
    pub package_id: String,
    pub digest: String,
    pub project_revision: i64,
    pub file_name: String,
    pub size_bytes: u64,
    /// When it was (last) written.
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
}

/// One imported response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub id: i64,
    /// Digest of the review package it answers.
    pub review_digest: String,
    /// Digest of the response package.
    pub digest: String,
    #[serde(with = "time::serde::rfc3339")]
    pub imported_at: OffsetDateTime,
    pub response: ContractorResponse,
}

/// One field of a response that differs from the previous response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// JSON Pointer, e.g. `/responses/clause_responses/breach`, `/responses/profile/executive/name`.
    pub field: String,
    /// JSON text; `null` when absent.
    pub old: String,
    /// JSON text; `null` when absent.
    pub new: String,
}

/// What [`Store::record_response`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedResponse {
    pub id: i64,
    /// Differences from the previous response of the project (against nothing for the first).
    pub changes: Vec<FieldChange>,
}

fn check_digest(what: &str, digest: &str) -> Result<()> {
    if digest.len() == 64
        && digest
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(StoreError::invalid(
            format!("{what}: ダイジェストは 16 進小文字 64 桁で指定してください: {digest:?}"),
            format!("{what}: must be 64 lowercase hex digits: {digest:?}"),
        ))
    }
}

/// Leaves of a response as JSON Pointers under `/responses`: objects are flattened, arrays are
/// whole values, and each clause response (kind and text) is one value.
fn leaves(response: &Value) -> BTreeMap<String, Value> {
    fn walk(path: &mut Vec<String>, value: &Value, out: &mut BTreeMap<String, Value>) {
        let clause = path.len() == 3 && path[1] == "clause_responses";
        match value {
            Value::Object(map) if !clause => {
                for (key, v) in map {
                    path.push(key.clone());
                    walk(path, v, out);
                    path.pop();
                }
            }
            other => {
                let segments: Vec<&str> = path.iter().map(String::as_str).collect();
                out.insert(pointer(&segments), other.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&mut vec!["responses".to_string()], response, &mut out);
    out
}

/// Field-by-field differences between two responses (`None`: no previous response).
fn diff_responses(old: Option<&Value>, new: &Value) -> Result<Vec<FieldChange>> {
    let old = old.map(leaves).unwrap_or_default();
    let new = leaves(new);
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let o = old.get(key).unwrap_or(&Value::Null);
        let n = new.get(key).unwrap_or(&Value::Null);
        if o != n {
            out.push(FieldChange {
                field: key.clone(),
                old: serde_json::to_string(o)?,
                new: serde_json::to_string(n)?,
            });
        }
    }
    Ok(out)
}

fn latest_response(conn: &Connection, id: ProjectId) -> Result<Option<Value>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT response FROM responses WHERE project_id = ?1 ORDER BY id DESC LIMIT 1",
            params![id.0],
            |r| r.get(0),
        )
        .optional()?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| StoreError::BadData(format!("project {id} response: {e}")))
    })
    .transpose()
}

impl Store {
    /// Records a review package written for the contractor (with its exact bytes) and adds an
    /// `export_package` history row. Writing the same package again (same digest) refreshes
    /// the file name and time of its row. Returns the row id.
    pub fn record_review_export(&self, export: &NewReviewExport<'_>) -> Result<i64> {
        check_digest("digest", &export.digest)?;
        let size_bytes = i64::try_from(export.package.len()).map_err(|_| {
            StoreError::invalid(
                format!("パッケージが大きすぎます: {}", export.package.len()),
                format!("package too large: {}", export.package.len()),
            )
        })?;
        let now = stored_now(self.clock.as_ref())?;
        let project_id = export.project_id;
        let tx = self.write_tx()?;
        let revision = current_revision(&tx, project_id)?;
        if !(1..=revision).contains(&export.project_revision) {
            return Err(StoreError::invalid(
                format!(
                    "案件 {project_id} の版 {} はありません（現在 {revision}）",
                    export.project_revision
                ),
                format!(
                    "project {project_id} has no revision {}",
                    export.project_revision
                ),
            ));
        }
        let id: i64 = tx.query_row(
            "INSERT INTO review_packages
                 (project_id, package_id, digest, project_revision, file_name, size_bytes,
                  exported_at, package)
             VALUES (:project_id, :package_id, :digest, :revision, :file_name, :size,
                     :now, :package)
             ON CONFLICT (project_id, digest)
                 DO UPDATE SET file_name = excluded.file_name, exported_at = excluded.exported_at
             RETURNING id",
            named_params! {
                ":project_id": project_id.0,
                ":package_id": export.package_id,
                ":digest": export.digest,
                ":revision": export.project_revision,
                ":file_name": export.file_name,
                ":size": size_bytes,
                ":now": now,
                ":package": export.package,
            },
            |r| r.get(0),
        )?;
        let record = json!({
            "package_id": export.package_id,
            "digest": export.digest,
            "file_name": export.file_name,
            "size_bytes": size_bytes,
            "project_revision": export.project_revision,
        });
        insert_history(
            &tx,
            project_id,
            &now,
            revision,
            HistoryRow {
                action: HistoryAction::ExportPackage,
                field: Some(&pointer(&["review_packages", &export.digest])),
                old_value: None,
                new_value: Some(&record.to_string()),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// The review packages written from a project, oldest first (without their bytes).
    pub fn review_exports(&self, project_id: ProjectId) -> Result<Vec<ReviewExport>> {
        self.project_rows(
            project_id,
            "SELECT id, package_id, digest, project_revision, file_name, size_bytes, exported_at
               FROM review_packages
              WHERE project_id = ?1
              ORDER BY id",
            |r| {
                let id: i64 = r.get(0)?;
                let size: i64 = r.get(5)?;
                Ok(ReviewExport {
                    id,
                    project_id,
                    package_id: r.get(1)?,
                    digest: r.get(2)?,
                    project_revision: r.get(3)?,
                    file_name: r.get(4)?,
                    size_bytes: u64::try_from(size).map_err(|_| {
                        StoreError::BadData(format!("size_bytes {size} (review package {id})"))
                    })?,
                    exported_at: parse_timestamp(&r.get::<_, String>(6)?)?,
                })
            },
        )
    }

    /// The exact bytes of a review package the project exported, if it did.
    pub fn review_package_bytes(
        &self,
        project_id: ProjectId,
        digest: &str,
    ) -> Result<Option<Vec<u8>>> {
        let tx = self.read_tx()?;
        current_revision(&tx, project_id)?;
        let bytes = tx
            .query_row(
                "SELECT package FROM review_packages WHERE project_id = ?1 AND digest = ?2",
                params![project_id.0, digest],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()?;
        tx.commit()?;
        Ok(bytes)
    }

    /// Stores an imported response to the review package `review_digest` of this project and
    /// writes one `import_response` history row per field that differs from the previous
    /// response (one row at `/responses` with the digests when nothing differs). Refuses a
    /// response to a review package the project did not export.
    pub fn record_response(
        &self,
        project_id: ProjectId,
        review_digest: &str,
        digest: &str,
        response: &ContractorResponse,
    ) -> Result<RecordedResponse> {
        self.record_signed_response(project_id, review_digest, digest, response, None)
    }

    /// [`Store::record_response`] together with the key that signed it (`Some((key, remember))`;
    /// `remember`: keep it as the contractor's key for this project), in one transaction, so a
    /// crash never leaves a response without its signer or a first key unremembered.
    pub fn record_signed_response(
        &self,
        project_id: ProjectId,
        review_digest: &str,
        digest: &str,
        response: &ContractorResponse,
        signer: Option<(Option<&str>, bool)>,
    ) -> Result<RecordedResponse> {
        check_digest("review_digest", review_digest)?;
        check_digest("digest", digest)?;
        let value = serde_json::to_value(response)?;
        let now = stored_now(self.clock.as_ref())?;
        let tx = self.write_tx()?;
        let revision = current_revision(&tx, project_id)?;
        let exported: i64 = tx.query_row(
            "SELECT count(*) FROM review_packages WHERE project_id = ?1 AND digest = ?2",
            params![project_id.0, review_digest],
            |r| r.get(0),
        )?;
        if exported == 0 {
            return Err(StoreError::invalid(
                format!("案件 {project_id} はダイジェスト {review_digest} のレビュー用パッケージを書き出していません"),
                format!("project {project_id} did not export a review package with digest {review_digest}"),
            ));
        }
        let previous = latest_response(&tx, project_id)?;
        let changes = diff_responses(previous.as_ref(), &value)?;
        tx.execute(
            "INSERT INTO responses (project_id, review_digest, digest, response, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![project_id.0, review_digest, digest, value.to_string(), now],
        )?;
        let id = tx.last_insert_rowid();
        for c in &changes {
            insert_history(
                &tx,
                project_id,
                &now,
                revision,
                HistoryRow {
                    action: HistoryAction::ImportResponse,
                    field: Some(&c.field),
                    old_value: Some(&c.old),
                    new_value: Some(&c.new),
                },
            )?;
        }
        if changes.is_empty() {
            let digests = json!({ "review_digest": review_digest, "digest": digest });
            insert_history(
                &tx,
                project_id,
                &now,
                revision,
                HistoryRow {
                    action: HistoryAction::ImportResponse,
                    field: Some("/responses"),
                    old_value: None,
                    new_value: Some(&digests.to_string()),
                },
            )?;
        }
        if let Some((key, remember)) = signer {
            crate::keys::record_signer_in(&tx, project_id, id, key, remember, &now)?;
        }
        tx.commit()?;
        Ok(RecordedResponse { id, changes })
    }

    /// Every imported response of a project, oldest first (the last one is current).
    pub fn responses(&self, project_id: ProjectId) -> Result<Vec<StoredResponse>> {
        self.project_rows(
            project_id,
            "SELECT id, review_digest, digest, imported_at, response
               FROM responses
              WHERE project_id = ?1
              ORDER BY id",
            |r| {
                let id: i64 = r.get(0)?;
                let text: String = r.get(4)?;
                Ok(StoredResponse {
                    id,
                    review_digest: r.get(1)?,
                    digest: r.get(2)?,
                    imported_at: parse_timestamp(&r.get::<_, String>(3)?)?,
                    response: serde_json::from_str(&text)
                        .map_err(|e| StoreError::BadData(format!("response {id}: {e}")))?,
                })
            },
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn leaves_flatten_objects_keep_arrays_and_clause_responses_whole() {
        let v = json!({
            "clause_responses": { "a/b": { "kind": "question", "text": "?" } },
            "profile": { "executive": { "name": "山田" }, "practitioners": [{ "name": "x" }] },
        });
        let got: Vec<(String, String)> = leaves(&v)
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "/responses/clause_responses/a~1b".to_string(),
                    r#"{"kind":"question","text":"?"}"#.to_string()
                ),
                (
                    "/responses/profile/executive/name".to_string(),
                    r#""山田""#.to_string()
                ),
                (
                    "/responses/profile/practitioners".to_string(),
                    r#"[{"name":"x"}]"#.to_string()
                ),
            ]
        );
    }

    #[test]
    fn diff_reports_added_changed_and_removed_leaves() {
        let old = json!({ "clause_responses": { "a": { "kind": "acknowledge", "text": "" } },
                          "respondent": { "name": "x" } });
        let new = json!({ "clause_responses": { "b": { "kind": "comment", "text": "c" } },
                          "respondent": { "name": "y" } });
        let changes = diff_responses(Some(&old), &new).unwrap();
        let got: Vec<(&str, &str, &str)> = changes
            .iter()
            .map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "/responses/clause_responses/a",
                    r#"{"kind":"acknowledge","text":""}"#,
                    "null"
                ),
                (
                    "/responses/clause_responses/b",
                    "null",
                    r#"{"kind":"comment","text":"c"}"#
                ),
                ("/responses/respondent/name", r#""x""#, r#""y""#),
            ]
        );
        assert!(diff_responses(Some(&new), &new).unwrap().is_empty());
    }
}
