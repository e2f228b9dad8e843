#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Review packages exported and contractor responses imported (migration 0003).

mod common;

use common::{memory_store, simple_project};
use secspec_core::contractor::{ClauseResponse, ContractorResponse, ResponseKind};
use secspec_store::{HistoryAction, NewReviewExport, ProjectId, Status, StoreError};
use time::Duration;

const REVIEW: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const OTHER: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const RESP1: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const RESP2: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn export<'a>(id: ProjectId, digest: &str, bytes: &'a [u8]) -> NewReviewExport<'a> {
    NewReviewExport {
        project_id: id,
        package_id: format!("SECSPEC-{:05}-REVIEW-R1", id.0),
        digest: digest.to_string(),
        project_revision: 1,
        file_name: "案件.secspec".to_string(),
        package: bytes,
    }
}

fn response() -> ContractorResponse {
    let mut r = ContractorResponse::default();
    r.clause_responses.insert(
        "breach".into(),
        ClauseResponse {
            kind: ResponseKind::Acknowledge,
            text: String::new(),
        },
    );
    r.profile.company = "株式会社例".into();
    r.profile.executive.name = "山田 太郎".into();
    r.respondent.name = "佐藤 花子".into();
    r
}

#[test]
fn an_export_is_kept_byte_for_byte_with_a_history_row() {
    let (store, clock) = memory_store();
    let id = store
        .create_project(&simple_project("案件"), Status::Draft)
        .unwrap();
    let bytes = b"PK\x03\x04 exact bytes \x00\xff".to_vec();
    let row = store
        .record_review_export(&export(id, REVIEW, &bytes))
        .unwrap();

    let list = store.review_exports(id).unwrap();
    assert_eq!(list.len(), 1);
    let e = &list[0];
    assert_eq!(e.id, row);
    assert_eq!(e.digest, REVIEW);
    assert_eq!(e.package_id, "SECSPEC-00001-REVIEW-R1");
    assert_eq!(e.size_bytes, bytes.len() as u64);
    assert_eq!(e.project_revision, 1);
    assert_eq!(e.file_name, "案件.secspec");
    assert_eq!(
        store.review_package_bytes(id, REVIEW).unwrap(),
        Some(bytes.clone())
    );
    assert_eq!(store.review_package_bytes(id, OTHER).unwrap(), None);

    let history = store.history(id).unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.action, HistoryAction::ExportPackage);
    assert_eq!(
        last.field.as_deref(),
        Some(&*format!("/review_packages/{REVIEW}"))
    );
    let record: serde_json::Value =
        serde_json::from_str(last.new_value.as_deref().unwrap()).unwrap();
    assert_eq!(record["package_id"], "SECSPEC-00001-REVIEW-R1");
    assert_eq!(record["size_bytes"], bytes.len());

    // The same package again: still one row (refreshed), one more history row.
    clock.advance(Duration::seconds(60));
    let mut again = export(id, REVIEW, &bytes);
    again.file_name = "再送.secspec".into();
    assert_eq!(store.record_review_export(&again).unwrap(), row);
    let list = store.review_exports(id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].file_name, "再送.secspec");
    assert!(list[0].exported_at > e.exported_at);
    assert_eq!(store.history(id).unwrap().len(), history.len() + 1);
}

#[test]
fn bad_exports_are_refused() {
    let (store, _) = memory_store();
    let id = store
        .create_project(&simple_project("案件"), Status::Draft)
        .unwrap();
    let bytes = b"x".to_vec();
    let upper = REVIEW.replace('1', "A");
    for digest in ["abc", upper.as_str()] {
        let err = store
            .record_review_export(&export(id, digest, &bytes))
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    }
    let mut future = export(id, REVIEW, &bytes);
    future.project_revision = 2;
    assert!(matches!(
        store.record_review_export(&future),
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        store.record_review_export(&export(ProjectId(99), REVIEW, &bytes)),
        Err(StoreError::NotFound(ProjectId(99)))
    ));
    assert!(matches!(
        store.review_exports(ProjectId(99)),
        Err(StoreError::NotFound(_))
    ));
    assert!(store.review_exports(id).unwrap().is_empty());
}

#[test]
fn a_response_must_answer_an_export_of_the_same_project() {
    let (store, _) = memory_store();
    let one = store
        .create_project(&simple_project("一"), Status::Draft)
        .unwrap();
    let two = store
        .create_project(&simple_project("二"), Status::Draft)
        .unwrap();
    store
        .record_review_export(&export(one, REVIEW, b"one"))
        .unwrap();
    let err = store
        .record_response(one, OTHER, RESP1, &response())
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.en.contains(OTHER)),
        "{err:?}"
    );
    // Project 1's review does not count for project 2.
    assert!(matches!(
        store.record_response(two, REVIEW, RESP1, &response()),
        Err(StoreError::Invalid(_))
    ));
    assert!(store.responses(one).unwrap().is_empty());
    assert!(store.responses(two).unwrap().is_empty());
    assert!(matches!(
        store.record_response(one, REVIEW, "nothex", &response()),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn every_import_is_kept_and_history_shows_each_changed_field() {
    let (store, clock) = memory_store();
    let id = store
        .create_project(&simple_project("案件"), Status::Draft)
        .unwrap();
    store
        .record_review_export(&export(id, REVIEW, b"review"))
        .unwrap();
    let before = store.history(id).unwrap().len();

    let first = store
        .record_response(id, REVIEW, RESP1, &response())
        .unwrap();
    let fields: Vec<&str> = first.changes.iter().map(|c| c.field.as_str()).collect();
    assert!(
        fields.contains(&"/responses/clause_responses/breach"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"/responses/profile/executive/name"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"/responses/profile/practitioners"),
        "{fields:?}"
    );
    assert!(first.changes.iter().all(|c| c.old == "null"));
    let history = store.history(id).unwrap();
    assert_eq!(history.len(), before + first.changes.len());

    clock.advance(Duration::hours(1));
    let mut changed = response();
    changed.clause_responses.insert(
        "breach".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "報告期限は営業日ですか。".into(),
        },
    );
    changed.profile.executive.name = "山田 次郎".into();
    let second = store.record_response(id, REVIEW, RESP2, &changed).unwrap();
    let got: Vec<(&str, &str, &str)> = second
        .changes
        .iter()
        .map(|c| (c.field.as_str(), c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "/responses/clause_responses/breach",
                r#"{"kind":"acknowledge","text":""}"#,
                r#"{"kind":"question","text":"報告期限は営業日ですか。"}"#
            ),
            (
                "/responses/profile/executive/name",
                r#""山田 太郎""#,
                r#""山田 次郎""#
            ),
        ]
    );
    let history = store.history(id).unwrap();
    let tail: Vec<_> = history.iter().rev().take(2).collect();
    assert!(tail
        .iter()
        .all(|h| h.action == HistoryAction::ImportResponse && h.revision == 1));
    assert_eq!(
        tail[1].field.as_deref(),
        Some("/responses/clause_responses/breach")
    );

    // The same response again: kept, one history row with the digests.
    let third = store.record_response(id, REVIEW, RESP2, &changed).unwrap();
    assert!(third.changes.is_empty());
    let last = store.history(id).unwrap().pop().unwrap();
    assert_eq!(last.field.as_deref(), Some("/responses"));
    assert!(last.new_value.unwrap().contains(RESP2));

    let all = store.responses(id).unwrap();
    assert_eq!(
        all.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![first.id, second.id, third.id]
    );
    assert_eq!(all[0].response, response());
    assert_eq!(all[0].digest, RESP1);
    assert_eq!(all[2].response, changed);
    assert_eq!(all[2].review_digest, REVIEW);
    assert!(all[1].imported_at > all[0].imported_at);
    // The project itself is unchanged by imports.
    assert_eq!(store.get_project(id).unwrap().revision, 1);
}

#[test]
fn deleting_a_project_deletes_its_packages_and_responses() {
    let (store, _) = memory_store();
    let id = store
        .create_project(&simple_project("案件"), Status::Draft)
        .unwrap();
    let keep = store
        .create_project(&simple_project("別件"), Status::Draft)
        .unwrap();
    store
        .record_review_export(&export(id, REVIEW, b"review"))
        .unwrap();
    store
        .record_review_export(&export(keep, REVIEW, b"review"))
        .unwrap();
    store
        .record_response(id, REVIEW, RESP1, &response())
        .unwrap();
    store
        .record_response(keep, REVIEW, RESP1, &response())
        .unwrap();
    store.delete_project(id).unwrap();
    assert!(matches!(
        store.review_package_bytes(id, REVIEW),
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(store.review_exports(keep).unwrap().len(), 1);
    assert_eq!(store.responses(keep).unwrap().len(), 1);
}
