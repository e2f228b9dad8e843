//! Response packages: contractor → officer, and the officer's checks on import.

use crate::container;
use crate::error::PackageError;
use crate::keys::KeyPair;
use crate::manifest::{is_digest, is_package_id, Kind};
use crate::model::{ResponsePackage, ReviewPackage, ReviewRef};
use crate::review::{from_json, to_json};
use crate::Opened;
use secspec_core::contractor::ContractorResponse;
use secspec_core::{Issue, Message, Severity};

pub const REVIEW_REF: &str = "review-ref.json";
pub const RESPONSE: &str = "response.json";

/// A response to `review`, whose package digest ([`crate::digest`]) is `review_digest`.
pub fn respond(
    review: &ReviewPackage,
    review_digest: &str,
    response: ContractorResponse,
) -> ResponsePackage {
    ResponsePackage {
        review: ReviewRef {
            package_id: review.package_id(),
            digest: review_digest.to_string(),
            title: review.project.title.clone(),
            agency: review.project.agency.clone(),
        },
        response,
    }
}

/// What the format itself requires of a response: a well-formed reference and no `Invalid`
/// values (the text rule and the length limit of every field, too many entries, a question
/// without text). Blank required profile fields do not stop the exchange; [`check_response`]
/// reports them.
fn check_content(package: &ResponsePackage) -> Result<(), PackageError> {
    let r = &package.review;
    if !is_digest(&r.digest) || !is_package_id(&r.package_id) {
        return Err(PackageError::InvalidPart {
            entry: REVIEW_REF.into(),
            detail: Message::new(
                "digest は 64 桁の16進小文字、package_id は英大文字・数字・- です",
                "digest must be 64 lowercase hex digits, package_id capitals, digits and -",
            ),
        });
    }
    for (field, value) in [("title", &r.title), ("agency", &r.agency)] {
        let max = secspec_core::validate::MAX_SHORT;
        if let Some(issue) = secspec_core::validate::text(field, value, max, false) {
            return Err(PackageError::InvalidContent {
                entry: REVIEW_REF.into(),
                issue,
            });
        }
    }
    let invalid = package
        .response
        .check()
        .into_iter()
        .find(|i| i.severity == Severity::Invalid);
    match invalid {
        Some(issue) => Err(PackageError::InvalidContent {
            entry: RESPONSE.into(),
            issue,
        }),
        None => Ok(()),
    }
}

/// The response package's bytes, signed by the contractor's `key` (deterministic).
pub fn write_response(package: &ResponsePackage, key: &KeyPair) -> Result<Vec<u8>, PackageError> {
    check_content(package)?;
    let parts = [
        (REVIEW_REF, to_json(REVIEW_REF, &package.review)?),
        (RESPONSE, to_json(RESPONSE, &package.response)?),
    ];
    container::write(Kind::Response, &package.package_id(), &parts, key)
}

/// Opens a response package with the same integrity, signature and text rules as a review
/// package. On import the officer's SecSpec must also call [`check_answers_export`],
/// [`check_response_signature`] and [`crate::trust::assess`] with the contractor key earlier
/// responses to the project used.
pub fn read_response(bytes: &[u8]) -> Result<Opened<ResponsePackage>, PackageError> {
    let contents = container::open(bytes, Some(Kind::Response))?;
    let package = ResponsePackage {
        review: from_json(&contents, REVIEW_REF)?,
        response: from_json(&contents, RESPONSE)?,
    };
    check_content(&package)?;
    crate::review::same_id(&contents, &package.package_id(), REVIEW_REF)?;
    Ok(Opened::new(package, &contents))
}

/// The officer's import check on signatures: an unsigned (version 1) response to a signed
/// (version 2) review package is refused. A SecSpec old enough to write version 1 cannot open
/// a version 2 review, so such a response can only be a rewritten one with its signature
/// stripped. (Which key signed a signed response is for [`crate::trust::assess`].)
pub fn check_response_signature(
    response: &Opened<ResponsePackage>,
    review: &Opened<ReviewPackage>,
) -> Result<(), PackageError> {
    if review.signature.is_signed() && !response.signature.is_signed() {
        return Err(PackageError::UnsignedResponse {
            review_package_id: review.package.package_id(),
        });
    }
    Ok(())
}

/// The officer's import check: the response must answer a review package this project
/// exported (`exported`: the digests recorded when exporting). This ties a response to the
/// agency's own package (and, through the digest, to the agency's signature on it).
pub fn check_answers_export(
    response: &ResponsePackage,
    exported: &[String],
) -> Result<(), PackageError> {
    if exported.contains(&response.review.digest) {
        Ok(())
    } else {
        Err(PackageError::NotAnswering {
            package_id: response.review.package_id.clone(),
            digest: response.review.digest.clone(),
        })
    }
}

/// Everything to show the officer (or the contractor before sending): the response's own
/// issues, responses to clauses the review does not contain, clauses left without a response,
/// and subcontractors listed where the project does not allow subcontracting.
pub fn check_response(response: &ResponsePackage, review: &ReviewPackage) -> Vec<Issue> {
    let r = &response.response;
    let mut issues = r.check();
    for id in r.clause_responses.keys() {
        if !review.clauses.clauses.iter().any(|c| &c.id == id) {
            issues.push(Issue::new(
                Severity::Invalid,
                format!("clause_responses.{id}"),
                format!("条項 {id} はレビュー用パッケージにありません"),
                format!("the review package has no clause {id}"),
            ));
        }
    }
    for id in r.requirement_responses.keys() {
        if !review.checklist.items.iter().any(|i| &i.id == id) {
            issues.push(Issue::new(
                Severity::Invalid,
                format!("requirement_responses.{id}"),
                format!("セキュリティ要件 {id} はレビュー用パッケージにありません"),
                format!("the review package has no security requirement {id}"),
            ));
        }
    }
    for c in &review.clauses.clauses {
        if !r.clause_responses.contains_key(&c.id) {
            issues.push(secspec_core::contractor::unanswered_clause(
                &c.id, &c.heading,
            ));
        }
    }
    if !review.project.subcontracting && !r.profile.subcontractors.is_empty() {
        issues.push(Issue::new(
            Severity::Blocking,
            "profile.subcontractors",
            "この案件は再委託を認めていません",
            "this project does not allow subcontracting",
        ));
    }
    issues
}
