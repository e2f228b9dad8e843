#![allow(clippy::unwrap_used, clippy::expect_used)]
//! From a review package and a response to the input of the contractor's documents.

mod common;

use common::{library, review, REF};
use secspec_core::compose::Mode;
use secspec_core::contractor::{ClauseResponse, ContractorResponse, ResponseKind};
use secspec_core::contractor_docs::build;
use secspec_core::template::BodyPart;
use secspec_core::DocumentKind;
use secspec_package::{doc_input, Body};

#[test]
fn doc_input_carries_the_review_as_printed() {
    let review = review();
    let mut response = ContractorResponse::default();
    response.profile.company = "株式会社例".into();
    response.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "範囲は？".into(),
        },
    );
    let input = doc_input(&review, "d1g357", &response);
    assert_eq!(input.package_id, REF.review_id());
    assert_eq!(input.package_id, "SECSPEC-00007-REVIEW-R3");
    assert_eq!(input.review_digest, "d1g357");
    assert_eq!(input.title, review.project.title);
    assert_eq!(input.agency, "デジタル庁");
    assert_eq!(input.bureau, review.project.bureau);
    assert_eq!(input.lang, review.project.lang);
    assert_eq!(input.date, None);
    assert_eq!(input.response, response);
    assert_eq!(input.clauses.len(), review.clauses.clauses.len());
    for (c, r) in input.clauses.iter().zip(&review.clauses.clauses) {
        assert_eq!((&c.id, &c.heading), (&r.id, &r.heading));
        assert_eq!(c.text.len(), r.text.len());
        for (a, b) in c.text.iter().zip(&r.text) {
            match (a, b) {
                (BodyPart::Paragraph(x), Body::Paragraph(y)) => assert_eq!(x, y),
                (BodyPart::List(x), Body::List(y)) => assert_eq!(x, y),
                _ => panic!("{}: block kinds differ", c.id),
            }
        }
        assert_eq!(c.supplements, r.supplements);
        assert_eq!(c.additions, r.additions);
        assert_eq!(c.unfilled, r.unfilled);
    }
    let breach = input.clauses.iter().find(|c| c.id == "breach").unwrap();
    assert_eq!(
        breach.additions,
        ["受注者は、情報セキュリティインシデントへの対応手順を定め、契約締結後速やかに発注者に提出すること。"]
    );
    assert_eq!(input.requirements.len(), review.checklist.items.len());
    for (q, r) in input.requirements.iter().zip(&review.checklist.items) {
        assert_eq!(
            (&q.id, &q.category, &q.text),
            (&r.id, &r.category, &r.requirement)
        );
    }
    // The documents build from it (a draft: the profile is mostly blank).
    let doc = build(DocumentKind::Confirmation, &input, &library(), Mode::Draft).unwrap();
    assert!(doc
        .plain_text()
        .contains("情報セキュリティ監査の実施\t質問\t範囲は？"));
}
