//! From a review package and the contractor's response to the input of the contractor's documents
//! (`secspec_core::contractor_docs`): the documents print the clauses exactly as the package does.

use crate::model::{Body, ReviewPackage};
use secspec_core::contractor::ContractorResponse;
use secspec_core::contractor_docs::{ContractorDocInput, RequiredClause, Requirement};
use secspec_core::template::BodyPart;

/// The input of the contractor's documents answering `review` (whose package digest is
/// `review_digest`). The documents' date is left blank; set `date` to print one.
pub fn doc_input(
    review: &ReviewPackage,
    review_digest: &str,
    response: &ContractorResponse,
) -> ContractorDocInput {
    let p = &review.project;
    ContractorDocInput {
        package_id: review.package_id(),
        review_digest: review_digest.to_string(),
        title: p.title.clone(),
        agency: p.agency.clone(),
        bureau: p.bureau.clone(),
        lang: p.lang,
        date: None,
        clauses: review
            .clauses
            .clauses
            .iter()
            .map(|c| RequiredClause {
                id: c.id.clone(),
                heading: c.heading.clone(),
                text: c
                    .text
                    .iter()
                    .map(|b| match b {
                        Body::Paragraph(t) => BodyPart::Paragraph(t.clone()),
                        Body::List(items) => BodyPart::List(items.clone()),
                    })
                    .collect(),
                supplements: c.supplements.clone(),
                additions: c.additions.clone(),
                unfilled: c.unfilled.clone(),
            })
            .collect(),
        requirements: review
            .checklist
            .items
            .iter()
            .map(|i| Requirement {
                id: i.id.clone(),
                category: i.category.clone(),
                text: i.requirement.clone(),
            })
            .collect(),
        response: response.clone(),
    }
}
