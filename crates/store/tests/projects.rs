#![allow(clippy::unwrap_used)]
//! Projects, history, generations.

mod common;

use common::{full_project, memory_store, simple_project, StoreExt};
use secspec_core::{ClauseChoice, Date, DocumentKind, Lang};
use secspec_store::{
    Format, HistoryAction, NewGeneration, ProjectId, Status, StoreError, UpdateOutcome,
};
use time::macros::datetime;
use time::Duration;

#[test]
fn full_project_round_trips() {
    let (store, _) = memory_store();
    let project = full_project();
    let id = store.create_project(&project, Status::Draft).unwrap();
    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.project, project);
    assert_eq!(stored.status, Status::Draft);
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.created_at, datetime!(2026-04-01 09:00 UTC));
    assert_eq!(stored.updated_at, stored.created_at);
    // Empty clause choices are kept as such.
    assert_eq!(
        stored.project.clauses.get("SEC-EMPTY"),
        Some(&ClauseChoice::default())
    );
}

#[test]
fn create_writes_one_history_row_with_the_whole_project() {
    let (store, _) = memory_store();
    let project = full_project();
    let id = store.create_project(&project, Status::Draft).unwrap();
    let history = store.history(id).unwrap();
    assert_eq!(history.len(), 1);
    let h = &history[0];
    assert_eq!(h.action, HistoryAction::Create);
    assert_eq!(h.revision, 1);
    assert_eq!(h.field, None);
    assert_eq!(h.old_value, None);
    let snapshot: secspec_core::Project =
        serde_json::from_str(h.new_value.as_deref().unwrap()).unwrap();
    assert_eq!(snapshot, project);
}

#[test]
fn unknown_ids_are_not_found() {
    let (store, _) = memory_store();
    let missing = ProjectId(42);
    let not_found = |r: Result<(), StoreError>| match r {
        Err(StoreError::NotFound(id)) => assert_eq!(id, missing),
        other => panic!("expected NotFound, got {other:?}"),
    };
    not_found(store.get_project(missing).map(drop));
    not_found(
        store
            .update_unchecked(missing, &simple_project("x"))
            .map(drop),
    );
    not_found(
        store
            .duplicate_project(missing, "x", Status::Draft)
            .map(drop),
    );
    not_found(store.delete_project(missing));
    not_found(store.set_status(missing, Status::Ready));
    not_found(store.history(missing).map(drop));
    not_found(store.generations(missing).map(drop));
    not_found(store.record_one(&generation(missing, 1)).map(drop));
    let msg = StoreError::NotFound(missing).to_string();
    assert!(
        msg.contains("案件 42 はありません") && msg.contains("no project 42"),
        "{msg}"
    );
}

#[test]
fn update_writes_one_history_row_per_changed_field() {
    let (store, clock) = memory_store();
    let old = full_project();
    let id = store.create_project(&old, Status::Draft).unwrap();
    clock.advance(Duration::minutes(5));

    let mut new = old.clone();
    new.title = "件名を変更".into();
    new.contract_end = None;
    new.lang = Lang::Ja;
    {
        let c = new.clauses.get_mut("SEC-ORG-01").unwrap();
        c.include = None;
        c.params.insert("報告期限".into(), "3営業日".into());
        c.params.remove("責任者");
        c.additions.push("追加の要件".into());
    }
    new.clauses.remove("SEC-SUB-02");
    new.clauses.insert(
        "SEC-NEW".into(),
        ClauseChoice {
            include: Some(true),
            ..Default::default()
        },
    );

    let outcome = store.update_unchecked(id, &new).unwrap();
    assert_eq!(
        outcome,
        UpdateOutcome {
            revision: 2,
            changed_fields: 9
        }
    );

    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.project, new);
    assert_eq!(stored.revision, 2);
    assert_eq!(stored.created_at, datetime!(2026-04-01 09:00 UTC));
    assert_eq!(stored.updated_at, datetime!(2026-04-01 09:05 UTC));

    let rows: Vec<(String, String, String)> = store
        .history(id)
        .unwrap()
        .into_iter()
        .skip(1)
        .map(|h| {
            assert_eq!(h.action, HistoryAction::Update);
            assert_eq!(h.revision, 2);
            assert_eq!(h.at, datetime!(2026-04-01 09:05 UTC));
            (h.field.unwrap(), h.old_value.unwrap(), h.new_value.unwrap())
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("/contract_end", r#""2027-03-31""#, "null"),
        ("/lang", r#""en""#, r#""ja""#),
        ("/title", r#""令和8年度 共通基盤システム運用保守業務""#, r#""件名を変更""#),
        (
            "/clauses/SEC-NEW",
            "null",
            r#"{"include":true,"params":{},"custom_body":null,"deviation_reason":null,"additions":[]}"#,
        ),
        ("/clauses/SEC-ORG-01/include", "true", "null"),
        ("/clauses/SEC-ORG-01/params/報告期限", r#""5営業日""#, r#""3営業日""#),
        ("/clauses/SEC-ORG-01/params/責任者", r#""情報セキュリティ責任者""#, "null"),
        (
            "/clauses/SEC-ORG-01/additions",
            r#"["受注者は、月次で報告書を提出すること。","報告書は電子データで提出すること。"]"#,
            r#"["受注者は、月次で報告書を提出すること。","報告書は電子データで提出すること。","追加の要件"]"#,
        ),
        (
            "/clauses/SEC-SUB-02",
            r#"{"include":false,"params":{},"custom_body":null,"deviation_reason":null,"additions":[]}"#,
            "null",
        ),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(rows, expected);
}

#[test]
fn no_op_update_writes_nothing() {
    let (store, clock) = memory_store();
    let project = full_project();
    let id = store.create_project(&project, Status::Draft).unwrap();
    clock.advance(Duration::hours(1));
    let outcome = store.update_unchecked(id, &project).unwrap();
    assert_eq!(
        outcome,
        UpdateOutcome {
            revision: 1,
            changed_fields: 0
        }
    );
    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.updated_at, datetime!(2026-04-01 09:00 UTC));
    assert_eq!(store.history(id).unwrap().len(), 1);
}

#[test]
fn checked_update_refuses_a_stale_revision() {
    let (store, _) = memory_store();
    let id = store
        .create_project(&simple_project("版"), Status::Draft)
        .unwrap();
    store
        .update_project(id, 1, &simple_project("版2"), Status::Draft)
        .unwrap();
    let err = store
        .update_project(id, 1, &simple_project("古い画面から"), Status::Draft)
        .unwrap_err();
    match err {
        StoreError::Conflict {
            id: got,
            expected,
            actual,
        } => assert_eq!((got, expected, actual), (id, 1, 2)),
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(store.get_project(id).unwrap().project.title, "版2");
}

#[test]
fn duplicate_copies_content_not_status_history_or_generations() {
    let (store, clock) = memory_store();
    let id = store
        .create_project(&full_project(), Status::Draft)
        .unwrap();
    let mut changed = full_project();
    changed.officer = "佐藤 花子".into();
    store.update_unchecked(id, &changed).unwrap();
    store.set_status(id, Status::Generated).unwrap();
    store.record_one(&generation(id, 2)).unwrap();
    clock.advance(Duration::days(1));

    let copy = store
        .duplicate_project(id, "複製の件名", Status::Draft)
        .unwrap();
    assert_ne!(copy, id);
    let stored = store.get_project(copy).unwrap();
    let mut expected = changed.clone();
    expected.title = "複製の件名".into();
    assert_eq!(stored.project, expected);
    assert_eq!(stored.status, Status::Draft);
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.created_at, datetime!(2026-04-02 09:00 UTC));
    assert!(store.generations(copy).unwrap().is_empty());
    let history = store.history(copy).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, HistoryAction::Duplicate);
    assert_eq!(
        history[0].old_value.as_deref(),
        Some(id.0.to_string().as_str())
    );

    // The copy is independent of the original.
    let mut edited = expected.clone();
    edited.clauses.clear();
    store.update_unchecked(copy, &edited).unwrap();
    assert_eq!(store.get_project(id).unwrap().project, changed);
}

#[test]
fn list_is_ordered_by_update_time_then_id() {
    let (store, clock) = memory_store();
    let a = store
        .create_project(&simple_project("A"), Status::Draft)
        .unwrap();
    clock.advance(Duration::seconds(1));
    let b = store
        .create_project(&simple_project("B"), Status::Draft)
        .unwrap();
    let c = store
        .create_project(&simple_project("C"), Status::Draft)
        .unwrap(); // same second as B
    clock.advance(Duration::seconds(1));
    let ids = |store: &secspec_store::Store| -> Vec<ProjectId> {
        store
            .list_projects()
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect()
    };
    assert_eq!(ids(&store), [c, b, a]);

    store.update_unchecked(a, &simple_project("A2")).unwrap();
    assert_eq!(ids(&store), [a, c, b]);
    clock.advance(Duration::seconds(1));
    store.set_status(b, Status::Ready).unwrap();
    assert_eq!(ids(&store), [b, a, c]);

    let list = store.list_projects().unwrap();
    assert_eq!(list[0].title, "B");
    assert_eq!(list[0].status, Status::Ready);
    assert_eq!(list[0].revision, 1);
    assert_eq!(list[0].agency, "デジタル庁");
    assert_eq!(list[1].title, "A2");
    assert_eq!(list[1].revision, 2);
    assert_eq!(list[1].updated_at, datetime!(2026-04-01 09:00:02 UTC));

    store.delete_project(a).unwrap();
    assert_eq!(ids(&store), [b, c]);
}

#[test]
fn set_status_records_history_and_keeps_revision() {
    let (store, clock) = memory_store();
    let id = store
        .create_project(&simple_project("状態"), Status::Draft)
        .unwrap();
    clock.advance(Duration::minutes(1));
    store.set_status(id, Status::Ready).unwrap();
    store.set_status(id, Status::Ready).unwrap(); // no-op
    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.status, Status::Ready);
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.updated_at, datetime!(2026-04-01 09:01 UTC));
    let history = store.history(id).unwrap();
    assert_eq!(history.len(), 2);
    let h = &history[1];
    assert_eq!(h.action, HistoryAction::SetStatus);
    assert_eq!(h.field.as_deref(), Some("/status"));
    assert_eq!(h.old_value.as_deref(), Some(r#""draft""#));
    assert_eq!(h.new_value.as_deref(), Some(r#""ready""#));
}

fn generation(project_id: ProjectId, revision: i64) -> NewGeneration {
    NewGeneration {
        project_id,
        document_kind: DocumentKind::Specification,
        format: Format::Pdf,
        file_name: "仕様書_情報セキュリティ要件.pdf".into(),
        sha256: "0123456789ABCDEF".repeat(4),
        size_bytes: 82_000,
        template_versions: r#"{"SEC-ORG-01":"2025.1"}"#.into(),
        project_revision: revision,
    }
}

#[test]
fn generations_are_recorded_in_order() {
    let (store, clock) = memory_store();
    let id = store
        .create_project(&full_project(), Status::Draft)
        .unwrap();
    let other = store
        .create_project(&simple_project("他"), Status::Draft)
        .unwrap();
    clock.advance(Duration::minutes(10));
    let g1 = store.record_one(&generation(id, 1)).unwrap();
    clock.advance(Duration::minutes(1));
    let mut docx = generation(id, 1);
    docx.format = Format::Docx;
    docx.document_kind = DocumentKind::ContractAnnex;
    docx.file_name = "特記事項.docx".into();
    docx.size_bytes = u64::from(u32::MAX) + 1;
    let g2 = store.record_one(&docx).unwrap();
    store.record_one(&generation(other, 1)).unwrap();

    let gens = store.generations(id).unwrap();
    assert_eq!(gens.len(), 2);
    assert_eq!((gens[0].id, gens[1].id), (g1, g2));
    assert_eq!(gens[0].project_id, id);
    assert_eq!(gens[0].document_kind, DocumentKind::Specification);
    assert_eq!(gens[0].format, Format::Pdf);
    assert_eq!(gens[0].file_name, "仕様書_情報セキュリティ要件.pdf");
    assert_eq!(
        gens[0].sha256,
        "0123456789abcdef".repeat(4),
        "stored in lower case"
    );
    assert_eq!(gens[0].size_bytes, 82_000);
    assert_eq!(gens[0].template_versions, r#"{"SEC-ORG-01":"2025.1"}"#);
    assert_eq!(gens[0].project_revision, 1);
    assert_eq!(gens[0].generated_at, datetime!(2026-04-01 09:10 UTC));
    assert_eq!(gens[1].document_kind, DocumentKind::ContractAnnex);
    assert_eq!(gens[1].format, Format::Docx);
    assert_eq!(gens[1].size_bytes, u64::from(u32::MAX) + 1);
    assert_eq!(gens[1].generated_at, datetime!(2026-04-01 09:11 UTC));

    let history = store.history(id).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!(history[1].action, HistoryAction::Generate);
    let summary: serde_json::Value =
        serde_json::from_str(history[1].new_value.as_deref().unwrap()).unwrap();
    assert_eq!(summary["generation_id"], g1.0);
    assert_eq!(summary["format"], "pdf");
    // Recording a generation does not touch the project itself.
    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.status, Status::Draft);
    assert_eq!(stored.revision, 1);
    assert_eq!(stored.updated_at, datetime!(2026-04-01 09:00 UTC));
}

#[test]
fn bad_generation_input_is_rejected() {
    let (store, _) = memory_store();
    let id = store
        .create_project(&simple_project("検証"), Status::Draft)
        .unwrap();
    for bad in [
        NewGeneration {
            sha256: "abc".into(),
            ..generation(id, 1)
        },
        NewGeneration {
            sha256: "zz".repeat(32),
            ..generation(id, 1)
        },
        NewGeneration {
            size_bytes: u64::MAX,
            ..generation(id, 1)
        },
    ] {
        let err = store.record_one(&bad).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    }
    // Documents of any other revision than the current one are never recorded.
    for stale in [generation(id, 2), generation(id, 0)] {
        let err = store.record_one(&stale).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    }
    assert!(store.generations(id).unwrap().is_empty());
    assert_eq!(store.history(id).unwrap().len(), 1);
}

#[test]
fn japanese_and_megabyte_strings_round_trip() {
    let (store, _) = memory_store();
    let big: String = "情報セキュリティ要件𠮷🔒\u{3000}改行\n".repeat((1 << 20) / 48 + 1);
    assert!(big.len() >= 1 << 20, "{}", big.len());
    let mut project = full_project();
    project.title = "令和８年度　個人情報保護（マイナンバー）関連システム「𠮷」".into();
    project.national_security_reason = big.clone();
    let choice = project.clauses.get_mut("SEC-ORG-01").unwrap();
    choice.custom_body = Some(big.clone());
    choice.params.insert("長い値".into(), big.clone());
    choice.additions.push(big.clone());
    project
        .clauses
        .insert(format!("条項-{big}"), ClauseChoice::default());

    let id = store.create_project(&project, Status::Draft).unwrap();
    assert_eq!(store.get_project(id).unwrap().project, project);
    assert_eq!(store.list_projects().unwrap()[0].title, project.title);

    let mut edited = project.clone();
    edited.clauses.get_mut("SEC-ORG-01").unwrap().custom_body = Some(format!("{big}追記"));
    store.update_unchecked(id, &edited).unwrap();
    assert_eq!(store.get_project(id).unwrap().project, edited);
    let last = store.history(id).unwrap().pop().unwrap();
    assert_eq!(
        last.field.as_deref(),
        Some("/clauses/SEC-ORG-01/custom_body")
    );
    assert_eq!(
        serde_json::from_str::<String>(last.new_value.as_deref().unwrap()).unwrap(),
        format!("{big}追記")
    );
}

#[test]
fn sql_looking_input_is_stored_literally() {
    let (store, _) = memory_store();
    let evil = "'); DROP TABLE projects;--";
    let mut project = simple_project(evil);
    project.agency = format!("{evil}\"; DELETE FROM history; --");
    project.officer = "Robert'); DROP TABLE clause_choices;--".into();
    project.clauses.insert(
        evil.into(),
        ClauseChoice {
            include: Some(true),
            params: [(evil.to_string(), evil.to_string())].into(),
            custom_body: Some(evil.into()),
            deviation_reason: Some("' OR '1'='1".into()),
            additions: vec![evil.into(), "%_\\".into()],
        },
    );
    let id = store.create_project(&project, Status::Draft).unwrap();
    let other = store
        .create_project(&simple_project("無関係"), Status::Draft)
        .unwrap();
    assert_eq!(store.get_project(id).unwrap().project, project);
    let mut edited = project.clone();
    edited.title = format!("{evil} 2");
    store.update_unchecked(id, &edited).unwrap();
    store
        .record_one(&NewGeneration {
            file_name: format!("{evil}.pdf"),
            template_versions: evil.into(),
            ..generation(id, 2)
        })
        .unwrap();

    assert_eq!(store.get_project(id).unwrap().project, edited);
    assert_eq!(
        store.generations(id).unwrap()[0].file_name,
        format!("{evil}.pdf")
    );
    assert_eq!(store.list_projects().unwrap().len(), 2);
    assert_eq!(store.get_project(other).unwrap().project.title, "無関係");
    assert_eq!(store.history(id).unwrap().len(), 3);
}

#[test]
fn dates_and_enums_survive() {
    let (store, _) = memory_store();
    let mut project = simple_project("日付");
    project.document_date = Date::parse("2024-02-29").unwrap();
    project.contract_start = Some(Date::parse("2024-03-01").unwrap());
    project.contract_kind = secspec_core::ContractKind::Subsidy;
    project.method = secspec_core::ContractMethod::SmallAmountNegotiated;
    let id = store.create_project(&project, Status::Draft).unwrap();
    assert_eq!(store.get_project(id).unwrap().project, project);
}

#[test]
fn checklist_changes_are_history_rows_per_answer_question_and_override() {
    use secspec_core::checklist::{Answer, ItemAnswer};
    let (store, clock) = memory_store();
    let old = full_project();
    let id = store.create_project(&old, Status::Draft).unwrap();
    clock.advance(Duration::minutes(1));

    let mut new = old.clone();
    new.checklist.profile.set("cloud_service", true);
    new.checklist.overrides.remove("item_x");
    new.checklist
        .answers
        .insert("item_c".into(), ItemAnswer::new(Answer::Implemented));
    new.checklist
        .answers
        .insert("item_e".into(), ItemAnswer::new(Answer::NotImplemented));
    let outcome = store.update_unchecked(id, &new).unwrap();
    assert_eq!(outcome.changed_fields, 4);
    assert_eq!(store.get_project(id).unwrap().project, new);

    let fields: Vec<(String, String, String)> = store
        .history(id)
        .unwrap()
        .into_iter()
        .filter(|h| h.action == HistoryAction::Update)
        .map(|h| (h.field.unwrap(), h.old_value.unwrap(), h.new_value.unwrap()))
        .collect();
    let got: Vec<(&str, &str, &str)> = fields
        .iter()
        .map(|(f, o, n)| (f.as_str(), o.as_str(), n.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("/checklist/profile/cloud_service", "false", "true"),
            (
                "/checklist/overrides/item_x",
                "{\"include\":false,\"reason\":\"別契約で実施 <&\\\"'>\"}",
                "null"
            ),
            (
                "/checklist/answers/item_c",
                "{\"answer\":{\"status\":\"not_implemented\"},\"evidence\":\"\",\"owner\":\"\",\"due\":null}",
                "{\"answer\":{\"status\":\"implemented\"},\"evidence\":\"\",\"owner\":\"\",\"due\":null}"
            ),
            (
                "/checklist/answers/item_e",
                "null",
                "{\"answer\":{\"status\":\"not_implemented\"},\"evidence\":\"\",\"owner\":\"\",\"due\":null}"
            ),
        ]
    );
}

#[test]
fn an_impossible_partial_answer_is_refused_and_nothing_is_lost() {
    use secspec_core::checklist::{Answer, ItemAnswer};
    let (store, _) = memory_store();
    let old = full_project();
    let id = store.create_project(&old, Status::Draft).unwrap();
    let mut bad = old.clone();
    bad.checklist.answers.insert(
        "item_z".into(),
        ItemAnswer::new(Answer::Partial { done: 5, of: 4 }),
    );
    let err = store.update_unchecked(id, &bad).unwrap_err();
    assert!(
        err.to_string().contains("checklist.answers.item_z"),
        "{err}"
    );
    let stored = store.get_project(id).unwrap();
    assert_eq!(stored.project, old);
    assert_eq!(stored.revision, 1);
}
