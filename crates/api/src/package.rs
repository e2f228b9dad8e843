//! The review round trip: the officer exports a review package from a saved project, the
//! contractor opens it and writes a response package (and the contractor documents), the officer
//! imports the response.

use crate::answers::read_limited;
use crate::documents::set_error;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::output;
use crate::service::{stamp, wareki_of, Service};
use crate::types::*;
use secspec_core::compose::Mode;
use secspec_core::contractor::{ContractorResponse, ResponseKind};
use secspec_core::{Issue, Message, ProjectRef, Severity};
use secspec_package::{
    KeyPair, Opened, PackageError, PublicKey, ResponsePackage, ReviewPackage, Trust,
};
use secspec_store::{KeyOrigin, KeyRole, NewOwnKey, NewReviewExport, ProjectId, Store};
use std::path::{Path, PathBuf};

/// A refusal of a package: its message (naming the entry), prefixed with the file.
pub(crate) fn package_error(path: &Path, e: PackageError) -> ApiError {
    let mut err = ApiError::of(ErrorCode::Invalid, &e).prefixed(&path.display().to_string());
    err.field = e.entry().map(str::to_string);
    err
}

/// A verified review package (its digest and signature with it).
pub(crate) fn open_review_file(path: &Path) -> ApiResult<Opened<ReviewPackage>> {
    let bytes = read_limited(path, secspec_package::MAX_PACKAGE)?;
    secspec_package::read_review(&bytes).map_err(|e| package_error(path, e))
}

/// This SecSpec's key pair of `role`: the stored one, or a new one made and stored now (on the
/// first export or response). Packages are signed with it.
pub(crate) fn own_key(store: &Store, role: KeyRole) -> ApiResult<KeyPair> {
    let fresh = KeyPair::generate().map_err(|e| ApiError::failure(&e))?;
    let (public_key, secret_key) = (fresh.public_key().to_hex(), fresh.secret_bytes());
    let stored = store.own_key_or_insert(&NewOwnKey {
        role,
        public_key: &public_key,
        secret_key: &secret_key,
        origin: KeyOrigin::Generated,
    })?;
    KeyPair::from_stored(&stored.secret_key, &stored.public_key).map_err(|e| ApiError::failure(&e))
}

fn known_key(text: Option<String>) -> Option<PublicKey> {
    text.and_then(|t| PublicKey::from_hex(&t).ok())
}

/// What a front end shows about who signed a package.
fn signer_view(trust: Trust, signer: &str) -> SignerView {
    SignerView {
        level: trust.level(),
        message: trust.message(signer),
        trust,
    }
}

/// Refuses the `Invalid` issues; returns the others (what is still incomplete).
fn refuse_invalid(issues: Vec<Issue>) -> ApiResult<Vec<Issue>> {
    let (invalid, rest): (Vec<Issue>, Vec<Issue>) = issues
        .into_iter()
        .partition(|i| i.severity == Severity::Invalid);
    if invalid.is_empty() {
        Ok(rest)
    } else {
        Err(ApiError::invalid(invalid))
    }
}

/// Why a response cannot be imported into project `id`: it answers a review this project
/// did not export (named clearly when the review came from another project).
fn not_exported(id: i64, path: &Path, response: &ResponsePackage) -> ApiError {
    let r = &response.review;
    match ProjectRef::project_of(&r.package_id).filter(|&other| other != id) {
        Some(other) => ApiError::new(
            ErrorCode::Invalid,
            format!(
                "{}: この回答は案件 {other} のレビュー用パッケージ {}（{}）への回答です。案件 {id} には取り込めません",
                path.display(),
                r.package_id,
                r.title
            ),
            format!(
                "{}: this response answers review package {} (\"{}\") of project {other}; it cannot be imported into project {id}",
                path.display(),
                r.package_id,
                r.title
            ),
        ),
        None => package_error(
            path,
            PackageError::NotAnswering {
                package_id: r.package_id.clone(),
                digest: r.digest.clone(),
            },
        ),
    }
}
fn clause_answers(review: &ReviewPackage, response: &ContractorResponse) -> Vec<ClauseAnswer> {
    review
        .clauses
        .clauses
        .iter()
        .map(|c| {
            let answer = response.clause_responses.get(&c.id);
            ClauseAnswer {
                clause_id: c.id.clone(),
                heading: c.heading.clone(),
                kind: answer.map(|a| a.kind),
                text: answer.map(|a| a.text.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

impl Service {
    /// Writes the review package of the saved project to `path` and records it (with its exact
    /// bytes, so that responses can be checked against it later).
    pub fn package_export(&self, id: i64, path: String) -> ApiResult<PackageExport> {
        let stored = self.with_store(|s| Ok(s.get_project(ProjectId(id))?))?;
        // The package states whether the notice applies: that is the officer's judgment, never
        // a default.
        if stored.project.national_security.is_none() {
            return Err(ApiError::new(
                ErrorCode::Blocked,
                "「国の安全に関する重要な情報を扱わせるか」が未回答です。適用判断で回答してから出力してください",
                "\"is information important to national security handled?\" is not answered yet: answer it under applicability before exporting",
            )
            .with_field("national_security"));
        }
        let project_ref = ProjectRef {
            project_id: id,
            revision: stored.revision,
        };
        let review = secspec_package::build_review(self.library(), &stored.project, project_ref)
            .map_err(|e| ApiError::failure(&e))?;
        let key = self.with_store(|store| own_key(store, KeyRole::Agency))?;
        let bytes =
            secspec_package::write_review(&review, &key).map_err(|e| ApiError::failure(&e))?;
        let digest = secspec_package::digest(&bytes).map_err(|e| ApiError::failure(&e))?;
        let path = PathBuf::from(path);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Recorded first: a package on disk that the project does not know could never be
        // answered; a record without its file is harmless (the bytes are kept).
        self.with_store(|store| {
            Ok(store.record_review_export(&NewReviewExport {
                project_id: stored.id,
                package_id: review.package_id(),
                digest: digest.clone(),
                project_revision: stored.revision,
                file_name,
                package: &bytes,
            })?)
        })?;
        output::write_file(&path, &bytes)?;
        Ok(PackageExport {
            path: path.display().to_string(),
            package_id: review.package_id(),
            digest,
            fingerprint: key.fingerprint().as_str().to_string(),
            size_bytes: bytes.len() as u64,
        })
    }

    /// Contractor side: opens and verifies a review package (no project needed), and says
    /// whether it was signed with the key earlier packages of the same agency used (trust on
    /// first use: a first key is remembered; a changed key is remembered only when
    /// `accept_new_key` says the contractor checked the new fingerprint).
    pub fn open_review(
        &self,
        path: String,
        accept_new_key: Option<bool>,
    ) -> ApiResult<ReviewOpened> {
        let opened = open_review_file(Path::new(&path))?;
        let agency = opened.package.project.agency.clone();
        let trust = self.with_store(|store| {
            let known = known_key(store.agency_key(&agency)?.map(|k| k.public_key));
            let trust = secspec_package::trust::assess(known.as_ref(), &opened.signature);
            let accept = accept_new_key == Some(true) && matches!(trust, Trust::Changed { .. });
            if let (true, Some(key)) = (
                trust.records_without_asking() || accept,
                opened.signature.public_key(),
            ) {
                store.record_agency_key(&agency, &key.to_hex())?;
            }
            Ok(trust)
        })?;
        let review = opened.package;
        // The package's labels are claims: each clause's status comes from the verifier and
        // this SecSpec's own library, never from the package.
        let clauses =
            crate::verify::verify_clauses(self.library(), &review.clauses, review.project.lang);
        let all_standard = clauses.iter().all(|c| {
            matches!(c.status, Verdict::Verbatim)
                || (matches!(c.status, Verdict::Changed) && c.notation_only)
        }) && clauses.iter().all(|c| !c.claim_disputed);
        let verification = ReviewVerification {
            library_version: self.library().version.clone(),
            package_library_version: review.project.library_version.clone(),
            clauses,
            all_standard,
        };
        Ok(ReviewOpened {
            digest: opened.digest,
            package_id: review.package_id(),
            signature: opened.signature,
            signer: signer_view(trust, &agency),
            project: review.project,
            clauses: review.clauses,
            checklist: review.checklist,
            verification,
        })
    }

    /// Contractor side: the response as core checks it (issues and the rule of every field),
    /// for the forms while the contractor types.
    pub fn check_response(&self, response: ContractorResponse) -> ApiResult<ResponseCheck> {
        Ok(ResponseCheck {
            issues: response.check(),
            fields: response.field_rules(),
        })
    }

    /// Contractor side: writes the response to the review package at `review_path` (read and
    /// verified again). Invalid values refuse; what is still incomplete comes back in `issues`.
    pub fn write_response(
        &self,
        review_path: String,
        response: ContractorResponse,
        out_path: String,
    ) -> ApiResult<ResponseWritten> {
        let opened = open_review_file(Path::new(&review_path))?;
        let review = &opened.package;
        let package = secspec_package::respond(review, &opened.digest, response);
        let issues = refuse_invalid(secspec_package::check_response(&package, review))?;
        let key = self.with_store(|store| own_key(store, KeyRole::Contractor))?;
        let bytes =
            secspec_package::write_response(&package, &key).map_err(|e| ApiError::failure(&e))?;
        let digest = secspec_package::digest(&bytes).map_err(|e| ApiError::failure(&e))?;
        let out = PathBuf::from(out_path);
        output::write_file(&out, &bytes)?;
        Ok(ResponseWritten {
            path: out.display().to_string(),
            package_id: package.package_id(),
            digest,
            fingerprint: key.fingerprint().as_str().to_string(),
            issues,
        })
    }

    /// Contractor side: writes the four contractor documents (確認書, 監査対応計画書, 履行状況報告書
    /// and インシデント報告書 forms) as DOCX and PDF into `dir`. Drafts when `draft` (blank values
    /// shown as 〔…〕); otherwise blank required values refuse with the issues to complete.
    pub fn contractor_documents(
        &self,
        review_path: String,
        response: ContractorResponse,
        dir: String,
        draft: Option<bool>,
    ) -> ApiResult<Vec<GeneratedFile>> {
        // Final unless drafts are asked for: blank required values then refuse with the issues.
        let draft = draft.unwrap_or(false);
        let opened = open_review_file(Path::new(&review_path))?;
        let input = secspec_package::doc_input(&opened.package, &opened.digest, &response);
        let mode = if draft { Mode::Draft } else { Mode::Final };
        let outputs = secspec_render::contractor::render_contractor_docs(
            &input,
            self.library(),
            self.fonts(),
            &secspec_core::Format::ALL,
            mode,
        )
        .map_err(|e| set_error(e, Message::new("受注者文書", "the contractor documents")))?;
        output::write_outputs(Path::new(&dir), outputs)
    }

    /// Officer side: imports a response package into project `id`. It must answer a review
    /// package this project exported (checked against that package's stored bytes) and be
    /// signed, with the key earlier responses to this project used: a response signed with
    /// another key is refused unless `accept_new_key` says the officer checked the new
    /// fingerprint with the contractor.
    pub fn import_response(
        &self,
        id: i64,
        path: String,
        accept_new_key: Option<bool>,
    ) -> ApiResult<ResponseImported> {
        let path = Path::new(&path);
        let bytes = read_limited(path, secspec_package::MAX_PACKAGE)?;
        let opened = secspec_package::read_response(&bytes).map_err(|e| package_error(path, e))?;
        self.with_store(|store| {
            import_response_into(store, id, path, opened, accept_new_key == Some(true))
        })
    }
}

fn import_response_into(
    store: &Store,
    id: i64,
    path: &Path,
    opened: Opened<ResponsePackage>,
    accept_new_key: bool,
) -> ApiResult<ResponseImported> {
    let project_id = ProjectId(id);
    let (package, digest) = (&opened.package, opened.digest.clone());
    let exported: Vec<String> = store
        .review_exports(project_id)?
        .into_iter()
        .map(|e| e.digest)
        .collect();
    secspec_package::check_answers_export(package, &exported)
        .map_err(|_| not_exported(id, path, package))?;
    let review_bytes = store
        .review_package_bytes(project_id, &package.review.digest)?
        .ok_or_else(|| not_exported(id, path, package))?;
    // The stored bytes were verified when written; a failure here means a damaged database.
    let review_opened =
        secspec_package::read_review(&review_bytes).map_err(|e| ApiError::failure(&e))?;
    secspec_package::check_response_signature(&opened, &review_opened)
        .map_err(|e| package_error(path, e))?;
    let review = &review_opened.package;
    let known = known_key(store.contractor_key(project_id)?.map(|k| k.public_key));
    let trust = secspec_package::trust::assess(known.as_ref(), &opened.signature);
    let company = package.response.profile.company.clone();
    if matches!(trust, Trust::Changed { .. }) && !accept_new_key {
        let m = trust.message(&company);
        return Err(ApiError::new(
            ErrorCode::Invalid,
            format!("{}: {}。取り込みませんでした", path.display(), m.ja),
            format!("{}: {}; not imported", path.display(), m.en),
        )
        .with_field("signature.json"));
    }
    let issues = refuse_invalid(secspec_package::check_response(package, review))?;
    // The response, its signer and (on first use, or when accepted) the contractor's key are
    // stored in one transaction: a crash between them would forget the key and let the next
    // response in under another key as if it were the first.
    let signer_key = opened.signature.public_key().map(PublicKey::to_hex);
    let remember = trust.records_without_asking() || accept_new_key;
    let recorded = store.record_signed_response(
        project_id,
        &package.review.digest,
        &digest,
        &package.response,
        Some((signer_key.as_deref(), remember)),
    )?;
    let clauses = clause_answers(review, &package.response);
    let open_questions = clauses
        .iter()
        .filter(|c| c.kind == Some(ResponseKind::Question))
        .count();
    Ok(ResponseImported {
        package_id: package.package_id(),
        review_digest: package.review.digest.clone(),
        digest,
        changes: recorded
            .changes
            .into_iter()
            .map(|c| ResponseChange {
                field: c.field,
                old: c.old,
                new: c.new,
            })
            .collect(),
        clauses,
        open_questions,
        issues,
        signature: opened.signature.clone(),
        signer: signer_view(trust, &company),
        response: package.response.clone(),
    })
}

impl Service {
    /// The responses imported into project `id`, newest (current) first.
    pub fn responses(&self, id: i64) -> ApiResult<Vec<ResponseRecord>> {
        self.with_store(|store| {
            Ok(store
                .responses(ProjectId(id))?
                .into_iter()
                .rev()
                .map(|r| ResponseRecord {
                    id: r.id,
                    review_digest: r.review_digest,
                    digest: r.digest,
                    imported_at: stamp(r.imported_at),
                    imported_wareki: wareki_of(r.imported_at),
                    response: r.response,
                })
                .collect())
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use secspec_core::contractor::ClauseResponse;
    use secspec_core::Project;

    fn service() -> Service {
        crate::test_support::service_at(time::macros::datetime!(2026-11-22 01:30 UTC))
    }

    fn example() -> Project {
        crate::test_support::example_project()
    }

    /// The complete example response of templates/examples/response.toml.
    fn answers() -> ContractorResponse {
        crate::test_support::example_response()
    }

    fn s(p: &Path) -> String {
        p.to_str().unwrap().to_string()
    }

    #[test]
    fn round_trip_export_respond_import() {
        let svc = service();
        let id = svc.create_project(example()).unwrap().id;
        let dir = tempfile::tempdir().unwrap();
        let review = dir.path().join("review.secspec");
        let exported = svc.package_export(id, s(&review)).unwrap();
        assert_eq!(exported.package_id, format!("SECSPEC-{id:05}-REVIEW-R1"));
        assert_eq!(exported.digest.len(), 64);
        assert_eq!(
            exported.size_bytes,
            std::fs::metadata(&review).unwrap().len()
        );
        let history = svc.history(id).unwrap();
        assert_eq!(history[0].action, "export_package");

        let opened = svc.open_review(s(&review), None).unwrap();
        assert_eq!(opened.digest, exported.digest);
        assert_eq!(opened.project.title, example().title);
        assert!(!opened.clauses.clauses.is_empty());

        let out = dir.path().join("response.secspec");
        let written = svc.write_response(s(&review), answers(), s(&out)).unwrap();
        assert_eq!(written.issues, vec![], "the example response is complete");

        let imported = svc.import_response(id, s(&out), None).unwrap();
        assert_eq!(imported.review_digest, exported.digest);
        assert_eq!(imported.digest, written.digest);
        assert_eq!(imported.clauses.len(), opened.clauses.clauses.len());
        assert!(imported.clauses.iter().all(|c| c.kind.is_some()));
        let questions = answers()
            .clause_responses
            .values()
            .filter(|r| r.kind == ResponseKind::Question)
            .count();
        assert!(questions > 0);
        assert_eq!(imported.open_questions, questions);
        assert!(imported.changes.iter().all(|c| c.old == "null"));

        // A changed answer: the import lists exactly that difference.
        let mut changed = answers();
        let first = opened.clauses.clauses[0].id.clone();
        changed.clause_responses.insert(
            first.clone(),
            ClauseResponse {
                kind: ResponseKind::Comment,
                text: "期限を5営業日としてください。".into(),
            },
        );
        svc.write_response(s(&review), changed, s(&out)).unwrap();
        let again = svc.import_response(id, s(&out), None).unwrap();
        let fields: Vec<&str> = again.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec![format!("/responses/clause_responses/{first}")]);
        let list = svc.responses(id).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].digest, again.digest);
    }

    #[test]
    fn incomplete_responses_are_written_with_their_issues_invalid_ones_refused() {
        let svc = service();
        let id = svc.create_project(example()).unwrap().id;
        let dir = tempfile::tempdir().unwrap();
        let review = dir.path().join("review.secspec");
        svc.package_export(id, s(&review)).unwrap();
        let out = dir.path().join("response.secspec");

        let written = svc
            .write_response(s(&review), ContractorResponse::default(), s(&out))
            .unwrap();
        assert!(written
            .issues
            .iter()
            .any(|i| i.severity == Severity::Blocking && i.field.starts_with("clause_responses.")));
        let imported = svc.import_response(id, s(&out), None).unwrap();
        assert!(imported.clauses.iter().all(|c| c.kind.is_none()));
        assert_eq!(imported.open_questions, 0);

        let mut bad = answers();
        bad.clause_responses.insert(
            "no_such_clause".into(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
        let err = svc
            .write_response(s(&review), bad, s(&dir.path().join("bad.secspec")))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert_eq!(
            err.field.as_deref(),
            Some("clause_responses.no_such_clause")
        );
        assert!(!dir.path().join("bad.secspec").exists());
    }

    #[test]
    fn open_review_verifies_each_clause_instead_of_trusting_the_package() {
        let svc = service();
        let id = svc.create_project(example()).unwrap().id;
        let dir = tempfile::tempdir().unwrap();
        let review = dir.path().join("review.secspec");
        svc.package_export(id, s(&review)).unwrap();
        let honest = svc.open_review(s(&review), None).unwrap().verification;
        assert!(honest.all_standard, "{:?}", honest.clauses);
        assert_eq!(honest.library_version, honest.package_library_version);

        // The phrase cut from the printed text and from the package's own standard copy, the
        // deviation left unset and the package signed again with another key.
        let mut package = secspec_package::read_review(&std::fs::read(&review).unwrap())
            .unwrap()
            .package;
        let conf = package
            .clauses
            .clauses
            .iter_mut()
            .find(|c| c.id == "confidentiality")
            .unwrap();
        for body in [&mut conf.text, &mut conf.standard] {
            for b in body.iter_mut() {
                if let secspec_package::Body::Paragraph(t) = b {
                    *t = t.replace("その秘密を保持し、", "");
                }
            }
        }
        package.project.library_version = "1999.1".into();
        let forged = dir.path().join("forged.secspec");
        let key = KeyPair::generate().unwrap();
        std::fs::write(
            &forged,
            secspec_package::write_review(&package, &key).unwrap(),
        )
        .unwrap();
        let v = svc.open_review(s(&forged), None).unwrap().verification;
        assert!(!v.all_standard);
        assert_eq!(v.package_library_version, "1999.1");
        let c = v
            .clauses
            .iter()
            .find(|c| c.id == "confidentiality")
            .unwrap();
        assert_eq!(c.status, Verdict::Changed);
        assert!(c.weakened);
        assert_eq!(c.label_origin, None);
        assert!(c.claim_disputed && !c.claim.deviation);
        assert!(!c.verdict.ja.contains("原文どおり"), "{:?}", c.verdict);
        assert!(v
            .clauses
            .iter()
            .filter(|c| c.id != "confidentiality")
            .all(|c| c.status == Verdict::Verbatim && !c.claim_disputed));
    }

    #[test]
    fn tampered_and_foreign_packages_are_refused() {
        let svc = service();
        let one = svc.create_project(example()).unwrap().id;
        let two = svc.create_project(example()).unwrap().id;
        let dir = tempfile::tempdir().unwrap();
        let review = dir.path().join("review.secspec");
        svc.package_export(one, s(&review)).unwrap();
        let out = dir.path().join("response.secspec");
        svc.write_response(s(&review), answers(), s(&out)).unwrap();

        // Project 2 exported nothing of its own yet, then exports its own review.
        let err = svc.import_response(two, s(&out), None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(
            err.message.en.contains(&format!("of project {one}")),
            "{err:?}"
        );
        svc.package_export(two, s(&dir.path().join("two.secspec")))
            .unwrap();
        assert!(svc.import_response(two, s(&out), None).is_err());
        assert!(svc.responses(two).unwrap().is_empty());

        // One flipped byte in the middle of the review package.
        let mut bytes = std::fs::read(&review).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        let tampered = dir.path().join("tampered.secspec");
        std::fs::write(&tampered, &bytes).unwrap();
        let err = svc.open_review(s(&tampered), None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(err.message.ja.contains("tampered.secspec"), "{err:?}");
        assert!(svc
            .write_response(s(&tampered), answers(), s(&dir.path().join("x.secspec")))
            .is_err());

        // A review package is not a response.
        let err = svc.import_response(one, s(&review), None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(svc.responses(one).unwrap().is_empty());
    }
}
