//! Response packages: contractor → officer, and the officer's checks on import.

use crate::container;
use crate::error::PackageError;
use crate::manifest::{is_digest, is_package_id, Kind};
use crate::model::{ResponsePackage, ReviewPackage, ReviewRef};
use crate::review::{from_json, to_json};
use secspec_core::contractor::ContractorResponse;
use secspec_core::{Issue, Severity};

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
/// values (control characters, absurd lengths, a question without text). Blank required
/// profile fields do not stop the exchange; [`check_response`] reports them.
fn check_content(package: &ResponsePackage) -> Result<(), PackageError> {
    let r = &package.review;
    if !is_digest(&r.digest) || !is_package_id(&r.package_id) {
        return Err(PackageError::InvalidPart {
            entry: REVIEW_REF.into(),
            detail: "digest は 64 桁の16進小文字、package_id は英大文字・数字・- です / digest must be 64 lowercase hex digits, package_id capitals, digits and -".into(),
        });
    }
    for (field, value) in [("title", &r.title), ("agency", &r.agency)] {
        if let Some(issue) = secspec_core::validate::text(field, value, 200, false) {
            return Err(PackageError::InvalidContent {
                entry: REVIEW_REF.into(),
                first: issue.to_string(),
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
            first: issue.to_string(),
        }),
        None => Ok(()),
    }
}

pub fn write_response(package: &ResponsePackage) -> Result<Vec<u8>, PackageError> {
    check_content(package)?;
    let parts = [
        (REVIEW_REF, to_json(REVIEW_REF, &package.review)?),
        (RESPONSE, to_json(RESPONSE, &package.response)?),
    ];
    container::write(Kind::Response, &package.package_id(), &parts)
}

/// Opens a response package with the same integrity rules as a review package.
pub fn read_response(bytes: &[u8]) -> Result<ResponsePackage, PackageError> {
    let opened = container::open(bytes, Some(Kind::Response))?;
    let package = ResponsePackage {
        review: from_json(&opened, REVIEW_REF)?,
        response: from_json(&opened, RESPONSE)?,
    };
    check_content(&package)?;
    crate::review::same_id(&opened, &package.package_id(), REVIEW_REF)?;
    Ok(package)
}

/// The officer's import check: the response must answer a review package this project
/// exported (`exported`: the digests recorded when exporting). Without signatures this is
/// what ties a response to the agency's own package.
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
    for c in &review.clauses.clauses {
        if !r.clause_responses.contains_key(&c.id) {
            issues.push(Issue::new(
                Severity::Blocking,
                format!("clause_responses.{}", c.id),
                format!(
                    "条項「{}」への回答（了承・質問・意見）がありません",
                    c.heading
                ),
                format!(
                    "no response (acknowledge, question or comment) to clause \"{}\"",
                    c.heading
                ),
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
