#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The officer's answers to the contractor's questions (migration 0005).

mod common;

use common::{memory_store, simple_project};
use secspec_store::{HistoryAction, ProjectId, Status};

#[test]
fn answers_are_stored_changed_removed_and_recorded_in_the_history() {
    let (store, _clock) = memory_store();
    let id = store
        .create_project(&simple_project("案件"), Status::Draft)
        .unwrap();
    store
        .set_question_answer(id, "clause:breach", "期限は？", "5営業日です。")
        .unwrap();
    // The same text again writes nothing.
    store
        .set_question_answer(id, "clause:breach", "期限は？", "5営業日です。")
        .unwrap();
    store
        .set_question_answer(id, "requirement:A-1", "対象は？", "全システムです。")
        .unwrap();
    let all = store.question_answers(id).unwrap();
    let got: Vec<(&str, &str, &str)> = all
        .iter()
        .map(|a| (a.target.as_str(), a.question.as_str(), a.answer.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("clause:breach", "期限は？", "5営業日です。"),
            ("requirement:A-1", "対象は？", "全システムです。"),
        ]
    );

    store
        .set_question_answer(id, "clause:breach", "期限は？", "  ")
        .unwrap();
    assert_eq!(store.question_answers(id).unwrap().len(), 1);

    let rows: Vec<_> = store
        .history(id)
        .unwrap()
        .into_iter()
        .filter(|h| {
            h.field
                .as_deref()
                .is_some_and(|f| f.starts_with("/question_answers/"))
        })
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|h| h.action == HistoryAction::Update));
    assert_eq!(
        rows[0].field.as_deref(),
        Some("/question_answers/clause:breach")
    );
    assert_eq!(rows[0].old_value.as_deref(), Some("null"));
    assert_eq!(rows[0].new_value.as_deref(), Some("\"5営業日です。\""));
    assert_eq!(rows[2].new_value.as_deref(), Some("null"));

    assert!(store.set_question_answer(id, "breach", "?", "x").is_err());
    assert!(store
        .set_question_answer(ProjectId(999), "clause:breach", "?", "x")
        .is_err());
    store.delete_project(id).unwrap();
}
