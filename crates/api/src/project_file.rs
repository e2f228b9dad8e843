//! A whole project to one file and back: `secspec project export` on one machine,
//! `secspec project import` on another. The file is a signed container like the review
//! packages; on import nothing in it is trusted until checked here: the project against the
//! same rules as anything typed, every review package re-opened and its digest recomputed,
//! every response and answer through the text rule, and the counts bounded.

use crate::answers::read_limited;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::output;
use crate::package::{own_key, package_error};
use crate::service::Service;
use crate::types::{ProjectFileExport, ProjectFileImport};
use secspec_core::validate::{self, MAX_BODY, MAX_SHORT};
use secspec_core::{Issue, Message, ProjectRef};
use secspec_package::{PublicKey, SignatureStatus};
use secspec_store::{KeyRole, ProjectArchive, ProjectId};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// More rows than any real project has; a file with more is refused, not stored.
const MAX_ROWS: usize = 100_000;
const MAX_PACKAGES: usize = 1_000;

fn refused(path: &Path, ja: String, en: String) -> ApiError {
    ApiError::new(ErrorCode::Invalid, ja, en).prefixed(&path.display().to_string())
}

/// Every text of the archive that is not part of the project itself (those go through
/// [`Service::storable`]): history values, record names, answers, responses.
fn text_issues(archive: &ProjectArchive) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut check = |field: String, value: &str, max: usize, multiline: bool| {
        if let Some(issue) = validate::text(&field, value, max, multiline) {
            issues.push(issue);
        }
    };
    for (i, h) in archive.history.iter().enumerate() {
        for (name, value) in [
            ("field", &h.field),
            ("old_value", &h.old_value),
            ("new_value", &h.new_value),
        ] {
            if let Some(v) = value {
                check(format!("history[{i}].{name}"), v, 4 * MAX_BODY, true);
            }
        }
    }
    for (i, g) in archive.generations.iter().enumerate() {
        check(
            format!("generations[{i}].file_name"),
            &g.file_name,
            1_000,
            false,
        );
        check(
            format!("generations[{i}].template_versions"),
            &g.template_versions,
            MAX_BODY,
            true,
        );
    }
    for (i, r) in archive.reviews.iter().enumerate() {
        check(
            format!("reviews[{i}].file_name"),
            &r.export.file_name,
            1_000,
            false,
        );
    }
    for (i, q) in archive.question_answers.iter().enumerate() {
        check(
            format!("question_answers[{i}].target"),
            &q.target,
            MAX_SHORT,
            false,
        );
        check(
            format!("question_answers[{i}].question"),
            &q.question,
            MAX_BODY,
            true,
        );
        check(
            format!("question_answers[{i}].answer"),
            &q.answer,
            MAX_BODY,
            true,
        );
    }
    for (i, r) in archive.responses.iter().enumerate() {
        for mut issue in r.response.response.check() {
            if issue.severity == secspec_core::Severity::Invalid {
                issue.field = format!("responses[{i}].{}", issue.field);
                issues.push(issue);
            }
        }
    }
    issues
}

/// The review packages must be what their records say: each re-opened (signature and text
/// rule), its digest recomputed, and every response must answer one of them.
fn check_packages(path: &Path, archive: &ProjectArchive) -> ApiResult<()> {
    let mut digests = BTreeSet::new();
    for r in &archive.reviews {
        let opened = secspec_package::read_review(&r.package).map_err(|e| {
            package_error(path, e).prefixed(&format!("reviews/{}", r.export.package_id))
        })?;
        if opened.digest != r.export.digest || opened.package.package_id() != r.export.package_id {
            return Err(refused(
                path,
                format!(
                    "レビュー用パッケージ {} の記録（ダイジェスト {}）が、含まれているパッケージ（{}、{}）と一致しません",
                    r.export.package_id, r.export.digest, opened.package.package_id(), opened.digest
                ),
                format!(
                    "the record of review package {} (digest {}) does not match the package it carries ({}, {})",
                    r.export.package_id, r.export.digest, opened.package.package_id(), opened.digest
                ),
            ));
        }
        digests.insert(opened.digest);
    }
    for a in &archive.responses {
        let r = &a.response;
        if !digests.contains(&r.review_digest) {
            return Err(refused(
                path,
                format!(
                    "回答 {} が答えるレビュー用パッケージ（{}）がファイルにありません",
                    r.digest, r.review_digest
                ),
                format!(
                    "response {} answers a review package ({}) the file does not carry",
                    r.digest, r.review_digest
                ),
            ));
        }
    }
    Ok(())
}

impl Service {
    /// Writes project `id` with everything recorded about it (answers, checklist, history,
    /// review packages, responses, generation records, answers to questions) to `path`, signed
    /// with this SecSpec's agency key.
    pub fn project_export(&self, id: i64, path: String) -> ApiResult<ProjectFileExport> {
        let archive = self.with_store(|s| Ok(s.archive_project(ProjectId(id))?))?;
        let json = serde_json::to_vec(&archive).map_err(|e| {
            ApiError::new(
                ErrorCode::Failure,
                format!("案件を書き出せません: {e}"),
                format!("cannot write the project: {e}"),
            )
        })?;
        let package_id = ProjectRef {
            project_id: id,
            revision: archive.project.revision,
        }
        .id_for("project");
        let key = self.with_store(|store| own_key(store, KeyRole::Agency))?;
        let path = PathBuf::from(path);
        let bytes = secspec_package::write_project_file(json, &package_id, &key)
            .map_err(|e| package_error(&path, e))?;
        let digest = secspec_package::digest(&bytes).map_err(|e| ApiError::failure(&e))?;
        output::write_file(&path, &bytes)?;
        Ok(ProjectFileExport {
            path: path.display().to_string(),
            title: archive.project.project.title.clone(),
            package_id,
            digest,
            fingerprint: key.fingerprint().as_str().to_string(),
            size_bytes: bytes.len() as u64,
        })
    }

    /// Adds the project of a project file as a new project (a new number; its revision, dates,
    /// history and records as they were). Refuses, naming the reason, a file that was changed,
    /// is unsigned, or carries anything SecSpec would not store from its own screens.
    pub fn project_import(&self, path: String) -> ApiResult<ProjectFileImport> {
        let path = PathBuf::from(path);
        let bytes = read_limited(&path, secspec_package::MAX_PACKAGE)?;
        let opened =
            secspec_package::read_project_file(&bytes).map_err(|e| package_error(&path, e))?;
        let SignatureStatus::Signed { public_key, .. } = &opened.signature else {
            return Err(refused(
                &path,
                "署名がありません。案件ファイルは必ず署名されています".into(),
                "it is not signed; project files are always signed".into(),
            ));
        };
        let archive: ProjectArchive = serde_json::from_slice(&opened.package).map_err(|e| {
            refused(
                &path,
                format!(
                    "{}: 内容を読めません: {}",
                    secspec_package::ARCHIVE,
                    clean(&e)
                ),
                format!(
                    "{}: cannot read it: {}",
                    secspec_package::ARCHIVE,
                    clean(&e)
                ),
            )
        })?;
        let rows = archive.history.len()
            + archive.generations.len()
            + archive.responses.len()
            + archive.question_answers.len()
            + archive.contractor_keys.len();
        if rows > MAX_ROWS || archive.reviews.len() > MAX_PACKAGES {
            return Err(refused(
                &path,
                format!("記録が多すぎます（{rows} 件、上限 {MAX_ROWS} 件）"),
                format!("too many records ({rows}, at most {MAX_ROWS})"),
            ));
        }
        self.storable(&archive.project.project)
            .map_err(|e| e.prefixed(&path.display().to_string()))?;
        let issues = text_issues(&archive);
        if !issues.is_empty() {
            return Err(ApiError::invalid(issues).prefixed(&path.display().to_string()));
        }
        check_packages(&path, &archive)?;
        let own = self.with_store(|s| Ok(s.own_key(KeyRole::Agency)?))?;
        let own_key = own
            .and_then(|k| PublicKey::from_hex(&k.public_key).ok())
            .is_some_and(|k| &k == public_key);
        let id = self.with_store(|s| Ok(s.restore_project(&archive)?))?;
        Ok(ProjectFileImport {
            id: id.0,
            title: archive.project.project.title.clone(),
            package_id: opened_id(&archive),
            digest: opened.digest.clone(),
            fingerprint: public_key.fingerprint().as_str().to_string(),
            own_key,
            signature: signature_note(own_key, public_key.fingerprint().as_str()),
            history: archive.history.len(),
            reviews: archive.reviews.len(),
            responses: archive.responses.len(),
        })
    }
}

fn opened_id(archive: &ProjectArchive) -> String {
    ProjectRef {
        project_id: archive.project.id.0,
        revision: archive.project.revision,
    }
    .id_for("project")
}

/// What to tell about the signer: this SecSpec's own key, or another one to compare.
fn signature_note(own_key: bool, fingerprint: &str) -> Message {
    if own_key {
        Message::new(
            format!("この SecSpec の鍵で署名されています（{fingerprint}）"),
            format!("signed with this SecSpec's key ({fingerprint})"),
        )
    } else {
        Message::new(
            format!("別の SecSpec の鍵で署名されています。書き出した PC の指紋と照合してください: {fingerprint}"),
            format!("signed with another SecSpec's key: compare it with the fingerprint on the PC that wrote it: {fingerprint}"),
        )
    }
}

/// serde_json quotes offending values: shown cut and without control characters.
fn clean(e: &serde_json::Error) -> String {
    secspec_package::clean(&e.to_string(), 300)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::test_support::{example_project, example_response, service_at};
    use secspec_core::contractor::ResponseKind;
    use time::macros::datetime;

    fn s(p: &Path) -> String {
        p.to_str().unwrap().to_string()
    }

    /// A project with every kind of record: history, a review package, two responses (signed),
    /// the contractor's key, and an answer to one of the contractor's questions.
    fn project_with_records(svc: &Service, dir: &Path) -> i64 {
        let id = svc.create_project(example_project()).unwrap().id;
        let review = dir.join("review.secspec");
        svc.package_export(id, s(&review)).unwrap();
        let out = dir.join("response.secspec");
        svc.write_response(s(&review), example_response(), s(&out))
            .unwrap();
        svc.import_response(id, s(&out), None).unwrap();
        let (clause, _) = example_response()
            .clause_responses
            .into_iter()
            .find(|(_, r)| r.kind == ResponseKind::Question)
            .unwrap();
        svc.set_question_answer(
            id,
            format!("clause:{clause}"),
            "5営業日以内とします。".into(),
        )
        .unwrap();
        id
    }

    /// The archive with the numbers a database gives (ids) taken out.
    fn comparable(svc: &Service, id: i64) -> serde_json::Value {
        let archive = svc
            .with_store(|s| Ok(s.archive_project(ProjectId(id))?))
            .unwrap();
        let mut v = serde_json::to_value(archive).unwrap();
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(map) => {
                    map.remove("id");
                    map.remove("project_id");
                    map.values_mut().for_each(strip);
                }
                serde_json::Value::Array(list) => list.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut v);
        v
    }

    #[test]
    fn a_project_moves_to_another_secspec_with_all_its_records() {
        let dir = tempfile::tempdir().unwrap();
        let here = service_at(datetime!(2026-11-22 01:30 UTC));
        let id = project_with_records(&here, dir.path());
        let file = dir.path().join("project.secspec-project");
        let exported = here.project_export(id, s(&file)).unwrap();
        assert_eq!(exported.package_id, format!("SECSPEC-{id:05}-PROJECT-R1"));
        assert_eq!(exported.size_bytes, std::fs::metadata(&file).unwrap().len());

        let there = service_at(datetime!(2026-12-01 00:00 UTC));
        // Another project first, so the imported one gets another number.
        there.create_project(example_project()).unwrap();
        let imported = there.project_import(s(&file)).unwrap();
        assert_ne!(imported.id, id);
        assert_eq!(imported.digest, exported.digest);
        assert!(!imported.own_key, "the other SecSpec has its own key");
        assert!(imported.signature.ja.contains(&exported.fingerprint));
        assert_eq!((imported.reviews, imported.responses), (1, 1));
        assert_eq!(comparable(&here, id), comparable(&there, imported.id));
        // The officer's answer is there with the question it answers.
        let answers = there.question_answers(imported.id, None).unwrap();
        assert_eq!(answers.answered, 1);
        let original = here.question_answers(id, None).unwrap();
        assert_eq!(
            serde_json::to_value(&answers.items).unwrap(),
            serde_json::to_value(&original.items).unwrap()
        );

        // Exported again from the second SecSpec: the same archive.
        let back = dir.path().join("back.secspec-project");
        there.project_export(imported.id, s(&back)).unwrap();
        let again = here.project_import(s(&back)).unwrap();
        assert!(!again.own_key);
        assert_eq!(comparable(&here, id), comparable(&here, again.id));
        // And into the SecSpec that wrote it: its own key.
        let own = here.project_import(s(&file)).unwrap();
        assert!(own.own_key, "{:?}", own.signature);
    }

    /// A file rewritten by someone with a key of their own: the container verifies, but what
    /// it carries is checked as if typed, and the packages inside are re-opened.
    fn forged(archive: &ProjectArchive, dir: &Path) -> PathBuf {
        let key = secspec_package::KeyPair::from_secret(&[3; 32]).unwrap();
        let bytes = secspec_package::write_project_file(
            serde_json::to_vec(archive).unwrap(),
            "SECSPEC-00001-PROJECT-R1",
            &key,
        )
        .unwrap();
        let path = dir.join("forged.secspec-project");
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn a_project_file_carrying_what_secspec_would_not_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let svc = service_at(datetime!(2026-11-22 01:30 UTC));
        let id = project_with_records(&svc, dir.path());
        let archive = svc
            .with_store(|s| Ok(s.archive_project(ProjectId(id))?))
            .unwrap();
        let before = svc.list_projects().unwrap().len();

        // A review package changed inside (its own signature no longer verifies).
        let mut a = archive.clone();
        let n = a.reviews[0].package.len();
        a.reviews[0].package[n - 30] ^= 1;
        let err = svc.project_import(s(&forged(&a, dir.path()))).unwrap_err();
        assert!(err.message.en.contains("reviews/SECSPEC-"), "{err:?}");

        // A record naming another digest than the package it carries.
        let mut a = archive.clone();
        a.reviews[0].export.digest = "0".repeat(64);
        let err = svc.project_import(s(&forged(&a, dir.path()))).unwrap_err();
        assert!(err.message.en.contains("does not match"), "{err:?}");

        // A bidi control in the title, and one in a history value.
        let mut a = archive.clone();
        a.project.project.title = "運用\u{202e}務業".into();
        assert!(svc.project_import(s(&forged(&a, dir.path()))).is_err());
        let mut a = archive.clone();
        a.history[0].new_value = Some("\"\u{2066}x\"".into());
        let err = svc.project_import(s(&forged(&a, dir.path()))).unwrap_err();
        assert_eq!(
            err.field.as_deref(),
            Some("history[0].new_value"),
            "{err:?}"
        );

        // Not JSON of an archive.
        let key = secspec_package::KeyPair::from_secret(&[3; 32]).unwrap();
        let bytes = secspec_package::write_project_file(
            b"{\"project\":1}".to_vec(),
            "SECSPEC-00001-PROJECT-R1",
            &key,
        )
        .unwrap();
        let path = dir.path().join("junk.secspec-project");
        std::fs::write(&path, bytes).unwrap();
        let err = svc.project_import(s(&path)).unwrap_err();
        assert!(err.message.en.contains("archive.json"), "{err:?}");

        // A review package is not a project file.
        let err = svc
            .project_import(s(&dir.path().join("review.secspec")))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);

        assert_eq!(svc.list_projects().unwrap().len(), before, "nothing stored");
    }
}
