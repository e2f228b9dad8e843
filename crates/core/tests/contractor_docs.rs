#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The contractor's documents built from the procurement example and a realistic response.

mod common;

use common::{example, library};
use secspec_core::applicability::decide;
use secspec_core::checklist::report::requirement_groups;
use secspec_core::compose::{compose, Mode};
use secspec_core::contractor::*;
use secspec_core::contractor_docs::{
    self, build, event_list, ContractorDocInput, RequiredClause, Requirement, KINDS,
};
use secspec_core::metadata::BuildError;
use secspec_core::template::BodyPart;
use secspec_core::{Block, Date, DocumentKind, Lang, Library, Project};

fn response() -> ContractorResponse {
    let mut r = ContractorResponse::default();
    let ack = |text: &str| ClauseResponse {
        kind: ResponseKind::Acknowledge,
        text: text.into(),
    };
    r.clause_responses.insert("organization".into(), ack(""));
    r.clause_responses.insert("breach".into(), ack(""));
    r.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "監査の対象範囲に再委託先の事業所は含まれますか。".into(),
        },
    );
    r.clause_responses.insert(
        "confidentiality".into(),
        ClauseResponse {
            kind: ResponseKind::Comment,
            text: "返却の方法を協議させてください。".into(),
        },
    );
    let p = &mut r.profile;
    p.company = "株式会社さくらネット運用".into();
    p.representative = Representative {
        title: "代表取締役社長".into(),
        name: "高橋 誠".into(),
    };
    p.executive = Executive {
        name: "高橋 誠".into(),
        title: "代表取締役社長".into(),
        involvement: "情報セキュリティ委員会の委員長として四半期ごとに対策の実施状況を確認し、予算を承認する。".into(),
    };
    p.security_organization =
        "情報セキュリティ委員会の下に情報セキュリティ推進室を置き、各部門に責任者を置く。".into();
    p.csirt = Csirt {
        name: "SAKURA-CSIRT".into(),
        contact: "csirt@sakura-net.example.jp　03-1234-5678（24時間）".into(),
    };
    p.practitioners.push(Practitioner {
        name: "鈴木 一郎".into(),
        qualification: "情報処理安全確保支援士（登録番号 000123）".into(),
        how_knowledge_kept_current: "特定講習を毎年受講".into(),
    });
    p.practitioners.push(Practitioner {
        name: "田中 美咲".into(),
        qualification: "CISSP".into(),
        how_knowledge_kept_current: "社内演習に年2回参加".into(),
    });
    p.lifecycle_management =
        "受領から返却・消去まで情報管理台帳で管理し、消去は証明書を提出する。".into();
    p.audit_acceptance = AuditAcceptance {
        departments: "ネットワーク運用部".into(),
        places: "本社（東京都千代田区）及び運用センター".into(),
        periods: "契約期間中の平日 9時から17時".into(),
        conditions: "実施日の14日前までに通知を受けること".into(),
    };
    p.subcontractors.push(Subcontractor {
        name: "株式会社みなと監視".into(),
        work: "夜間の監視業務".into(),
        security_measures: "本契約と同等の特記事項を再委託契約に定め、年1回実地で確認する。".into(),
    });
    r.respondent = Respondent {
        name: "佐藤 花子".into(),
        department: "公共営業部".into(),
        contact: "hanako.sato@sakura-net.example.jp".into(),
    };
    r
}

fn clauses(library: &Library, project: &Project) -> Vec<RequiredClause> {
    decide(project, library)
        .included()
        .map(|d| {
            let clause = library.clause(&d.clause_id).unwrap();
            let c = compose(project, clause, project.lang, Mode::Draft).unwrap();
            RequiredClause {
                id: c.clause_id,
                heading: c.heading,
                text: c.parts,
                supplements: c.supplements,
                additions: c.additions,
                unfilled: c.unfilled,
            }
        })
        .collect()
}

fn input_for(library: &Library, project: &Project) -> ContractorDocInput {
    let requirements = requirement_groups(library, project, project.lang)
        .into_iter()
        .flat_map(|g| {
            let heading = g.heading.clone();
            g.sentences
                .into_iter()
                .enumerate()
                .map(move |(n, s)| Requirement {
                    id: format!("{}_{n}", g.category_id),
                    category: heading.clone(),
                    text: s,
                })
        })
        .collect();
    ContractorDocInput {
        package_id: "SECSPEC-00007-REVIEW-R3".into(),
        review_digest: "ab".repeat(32),
        title: project.title.clone(),
        agency: project.agency.clone(),
        bureau: project.bureau.clone(),
        lang: project.lang,
        date: Some(Date::from_ymd(2026, 12, 1).unwrap()),
        clauses: clauses(library, project),
        requirements,
        response: response(),
    }
}

fn input() -> (Library, ContractorDocInput) {
    let library = library();
    let project = example("procurement.toml");
    let input = input_for(&library, &project);
    (library, input)
}

fn text(kind: DocumentKind, input: &ContractorDocInput, library: &Library, mode: Mode) -> String {
    build(kind, input, library, mode).unwrap().all_text()
}

/// The breach clause's list as composed for the project: what the event types must equal.
fn breach_list(input: &ContractorDocInput) -> Vec<String> {
    let breach = input.clauses.iter().find(|c| c.id == "breach").unwrap();
    breach
        .text
        .iter()
        .find_map(|p| match p {
            BodyPart::List(items) => Some(items.clone()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn kinds_have_codes_layouts_and_are_not_in_a_project_set() {
    let (library, _) = input();
    let codes: Vec<&str> = KINDS.iter().map(|k| k.code()).collect();
    assert_eq!(
        codes,
        [
            "confirmation",
            "audit_plan",
            "performance_report",
            "incident_report"
        ]
    );
    for kind in KINDS {
        assert_eq!(DocumentKind::from_code(kind.code()), Some(kind));
        assert!(library.layout(kind).is_ok());
        assert!(contractor_docs::is_contractor(kind));
    }
    let project = example("procurement.toml");
    let set = secspec_core::document_set::document_kinds(&project);
    assert!(set.iter().all(|k| !contractor_docs::is_contractor(*k)));
    assert!(matches!(
        build(
            DocumentKind::Specification,
            &input().1,
            &library,
            Mode::Draft
        ),
        Err(BuildError::NotApplicable("spec"))
    ));
}

/// Every clause and every checklist requirement acknowledged.
fn acknowledge_all(input: &mut ContractorDocInput) {
    let ack = ClauseResponse {
        kind: ResponseKind::Acknowledge,
        text: String::new(),
    };
    for c in &input.clauses {
        input
            .response
            .clause_responses
            .insert(c.id.clone(), ack.clone());
    }
    for r in &input.requirements {
        input
            .response
            .requirement_responses
            .insert(r.id.clone(), ack.clone());
    }
}

/// The text of part 第１ (what is confirmed) and of part 第２ (what is not yet).
fn parts(text: &str) -> (&str, &str) {
    let open = text.find("第２　確認が未了の事項").unwrap();
    let structure = text.find("第３　遵守方法及び管理体制").unwrap();
    (&text[..open], &text[open..structure])
}

#[test]
fn confirmation_of_everything_acknowledged_confirms_clauses_and_requirements() {
    let (library, mut input) = input();
    acknowledge_all(&mut input);
    let doc = build(DocumentKind::Confirmation, &input, &library, Mode::Final).unwrap();
    assert_eq!(
        doc.meta.title,
        "情報セキュリティ対策の遵守方法及び管理体制に関する確認書"
    );
    assert_eq!(doc.meta.agency, "株式会社さくらネット運用");
    assert_eq!(doc.meta.date_text, "令和8年12月1日");
    assert_eq!(doc.meta.document_id, "SECSPEC-00007-REVIEW-R3-CONFIRMATION");
    assert_eq!(doc.meta.notice, None);
    let text = doc.plain_text();
    assert!(
        text.starts_with(
            "デジタル庁 戦略・組織グループ　御中\n株式会社さくらネット運用\n代表者　代表取締役社長　高橋 誠　　印\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("次のとおり、遵守する要件並びにその遵守方法及び管理体制を確認します。\n記\n")
    );
    assert!(text.contains("\n以上\n"), "{text}");
    let (confirmed, open) = parts(&text);
    for c in &input.clauses {
        assert!(confirmed.contains(&c.heading), "{} missing", c.heading);
    }
    assert!(confirmed.contains("本件の次の条項（当社が了承したもの）に定める要件を遵守します。"));
    let count = input.requirements.len();
    assert!(count > 0);
    assert!(confirmed.contains(&format!("要件（{count}項目）のすべてを遵守します。")));
    assert!(open.contains("確認が未了の事項はありません。"), "{open}");
    // The management structure from the profile.
    for needle in [
        "経営の責任者の役職\t代表取締役社長",
        "経営の責任者の氏名\t高橋 誠",
        "四半期ごとに対策の実施状況を確認",
        "情報セキュリティ推進室",
        "CSIRT等の名称\tSAKURA-CSIRT",
        "03-1234-5678（24時間）",
        "鈴木 一郎\t情報処理安全確保支援士（登録番号 000123）\t特定講習を毎年受講",
        "田中 美咲\tCISSP\t社内演習に年2回参加",
        "情報管理台帳",
        "監査を受け入れる部門\tネットワーク運用部",
        "株式会社みなと監視\t夜間の監視業務",
        "担当者の連絡先\thanako.sato@sakura-net.example.jp",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    assert!(text.contains("SECSPEC-00007-REVIEW-R3（SHA-256: abab"));
    assert!(
        !text.contains('〔'),
        "a final confirmation has no placeholder"
    );
    // Numbering 第１ → １.
    let parts: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level: 1, label, ..
            } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(parts, ["第１", "第２", "第３", "第４"]);
}

#[test]
fn draft_confirmation_lists_questions_comments_and_unanswered_clauses_as_open() {
    let (library, input) = input();
    let text = text(DocumentKind::Confirmation, &input, &library, Mode::Draft);
    let (confirmed, open) = parts(&text);
    // Only the acknowledged clauses are confirmed.
    for (id, answer) in &input.response.clause_responses {
        let heading = &input.clauses.iter().find(|c| &c.id == id).unwrap().heading;
        let is_ack = answer.kind == ResponseKind::Acknowledge;
        let row = format!("\t{heading}\n");
        assert_eq!(confirmed.contains(&row), is_ack, "{heading}");
        assert_eq!(
            open.contains(&format!("\n{heading}\t")),
            !is_ack,
            "{heading}"
        );
    }
    assert!(open.contains(
        "情報セキュリティ監査の実施\t質問\t監査の対象範囲に再委託先の事業所は含まれますか。"
    ));
    assert!(open.contains("意見\t返却の方法を協議させてください。"));
    for c in &input.clauses {
        if !input.response.clause_responses.contains_key(&c.id) {
            assert!(open.contains(&format!("{}\t未回答", c.heading)), "{open}");
            assert!(!confirmed.contains(&format!("\t{}\n", c.heading)));
        }
    }
    // No checklist requirement was answered: none is promised, all are listed as open.
    let total = input.requirements.len();
    assert!(!confirmed.contains("項目を遵守します"), "{confirmed}");
    assert!(open.contains(&format!(
        "要件{total}項目のうち、次の{total}項目については、確認が未了です。"
    )));
    let first = &input.requirements[0];
    assert!(open.contains(&format!("１\t{}\t{}\t未回答", first.category, first.text)));
}

#[test]
fn final_confirmation_is_blocked_by_an_open_question_or_comment() {
    let (library, mut input) = input();
    acknowledge_all(&mut input);
    for (id, kind, text) in [
        ("audit", ResponseKind::Question, "範囲を教えてください。"),
        (
            "confidentiality",
            ResponseKind::Comment,
            "協議させてください。",
        ),
    ] {
        input.response.clause_responses.insert(
            id.into(),
            ClauseResponse {
                kind,
                text: text.into(),
            },
        );
    }
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::Confirmation, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        ["clause_responses.confidentiality", "clause_responses.audit"]
    );
    assert!(issues[0].ja.contains("の意見が未了です"));
    assert!(issues[1]
        .ja
        .contains("条項「情報セキュリティ監査の実施」の質問が未了です"));
    // The other documents do not confirm clauses: they are not blocked by it.
    build(DocumentKind::AuditPlan, &input, &library, Mode::Final).unwrap();
    // An unanswered clause blocks too.
    acknowledge_all(&mut input);
    input.response.clause_responses.remove("breach");
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::Confirmation, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].field, "clause_responses.breach");
}

#[test]
fn confirmation_promises_only_the_checklist_requirements_acknowledged() {
    let (library, mut input) = input();
    acknowledge_all(&mut input);
    let total = input.requirements.len();
    assert!(total > 4);
    let ids: Vec<String> = input.requirements.iter().map(|r| r.id.clone()).collect();
    // Three acknowledged, one question, the rest unanswered.
    input.response.requirement_responses.clear();
    for id in &ids[..3] {
        input.response.requirement_responses.insert(
            id.clone(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
    }
    input.response.requirement_responses.insert(
        ids[3].clone(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "対象の範囲を確認させてください。".into(),
        },
    );
    let text = text(DocumentKind::Confirmation, &input, &library, Mode::Draft);
    let (confirmed, open) = parts(&text);
    assert!(confirmed.contains(&format!("要件{total}項目のうち、次の3項目を遵守します。")));
    assert!(!confirmed.contains("すべてを遵守します"));
    for r in &input.requirements[..3] {
        assert!(confirmed.contains(&r.text) && !open.contains(&r.text));
    }
    assert!(open.contains(&format!(
        "要件{total}項目のうち、次の{}項目については、確認が未了です。",
        total - 3
    )));
    let q = &input.requirements[3];
    assert!(open.contains(&format!(
        "４\t{}\t{}\t質問：対象の範囲を確認させてください。",
        q.category, q.text
    )));
    let last = &input.requirements[total - 1];
    assert!(open.contains(&format!("{}\t{}\t未回答", last.category, last.text)));

    // The question blocks a final confirmation; unanswered requirements do not.
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::Confirmation, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].field, format!("requirement_responses.{}", ids[3]));
    input.response.requirement_responses.remove(&ids[3]);
    let text = self::text(DocumentKind::Confirmation, &input, &library, Mode::Final);
    assert!(text.contains(&format!(
        "次の{}項目については、確認が未了です。",
        total - 3
    )));
}

#[test]
fn final_confirmation_needs_the_representative_and_drafts_show_placeholders() {
    let (library, mut input) = input();
    acknowledge_all(&mut input);
    input.response.profile.representative = Representative::default();
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::Confirmation, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "profile.representative.title",
            "profile.representative.name"
        ]
    );
    let text = text(DocumentKind::Confirmation, &input, &library, Mode::Draft);
    assert!(text.contains("代表者　〔代表者の役職を記載〕　〔代表者の氏名を記載〕　　印"));
}

#[test]
fn confirmation_without_subcontractors_or_answers_says_so() {
    let (library, mut input) = input();
    input.response.profile.subcontractors.clear();
    input.response.clause_responses.clear();
    let text = text(DocumentKind::Confirmation, &input, &library, Mode::Draft);
    assert!(text.contains("本件の業務の再委託は行いません。"));
    assert!(text.contains("了承した条項はありません。"));
    assert!(text.contains("情報セキュリティ監査の実施\t未回答"));
}

#[test]
fn audit_plan_gives_acceptance_contact_and_the_clause_it_answers() {
    let (library, input) = input();
    let doc = build(DocumentKind::AuditPlan, &input, &library, Mode::Final).unwrap();
    assert_eq!(doc.meta.title, "情報セキュリティ監査対応計画書");
    let text = doc.plain_text();
    for needle in [
        "監査を受け入れる部門\tネットワーク運用部",
        "監査を受け入れる場所\t本社（東京都千代田区）及び運用センター",
        "監査を受け入れる時期\t契約期間中の平日 9時から17時",
        "監査を受け入れる条件\t実施日の14日前までに通知を受けること",
        "担当者の氏名\t佐藤 花子",
        "担当者の所属\t公共営業部",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    // The audit clause verbatim as composed, with the officer's supplement (14 days).
    let audit = input.clauses.iter().find(|c| c.id == "audit").unwrap();
    assert!(text.contains("（参考）本計画書が対応する条項「情報セキュリティ監査の実施」"));
    for part in &audit.text {
        if let BodyPart::Paragraph(p) = part {
            assert!(text.contains(p.as_str()), "{p} missing");
        }
    }
    assert!(text.contains("受注者は、あらかじめ情報セキュリティ監査を受け入れる部門、場所、時期、条件等を「情報セキュリティ監査対応計画書」等により提示すること。"));
    assert!(text.contains("実施日の14日前までに受注者に通知する。"));
}

#[test]
fn performance_report_has_a_row_per_clause_and_requirement() {
    let (library, input) = input();
    let doc = build(
        DocumentKind::PerformanceReport,
        &input,
        &library,
        Mode::Final,
    )
    .unwrap();
    assert_eq!(
        doc.meta.date_text, "令和　　年　　月　　日",
        "a form's date is blank"
    );
    let tables: Vec<&Vec<Vec<String>>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table {
                rows, header: true, ..
            } => Some(rows),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 2);
    assert_eq!(tables[0][0], ["番号", "要件", "実施状況", "特記事項"]);
    assert_eq!(tables[0].len(), input.clauses.len() + 1);
    for (row, c) in tables[0][1..].iter().zip(&input.clauses) {
        assert_eq!(row[1], c.heading);
        assert_eq!(
            (row[2].as_str(), row[3].as_str()),
            ("", ""),
            "blank to fill in"
        );
    }
    assert_eq!(tables[1].len(), input.requirements.len() + 1);
    for (row, r) in tables[1][1..].iter().zip(&input.requirements) {
        assert_eq!((&row[1], &row[2]), (&r.category, &r.text));
        assert_eq!((row[3].as_str(), row[4].as_str()), ("", ""));
    }
    let text = doc.plain_text();
    assert!(text.contains("報告対象期間\t令和　　年　　月　　日から令和　　年　　月　　日まで"));
    assert!(text.contains("報告者\t株式会社さくらネット運用"));
    assert!(text.contains("報告責任者（役職・氏名）\t代表取締役社長　高橋 誠"));
    assert!(text.contains("署名\t"));
}

#[test]
fn incident_report_event_types_are_the_breach_clause_list() {
    let (library, input) = input();
    let expected = breach_list(&input);
    assert_eq!(expected.len(), 2);
    assert!(expected[0].contains("デジタル庁の情報の外部への漏えい及び目的外利用"));
    let events = event_list(&input, &library).unwrap();
    assert_eq!(events.clause_id, "breach");
    assert_eq!(events.items, expected);

    let doc = build(DocumentKind::IncidentReport, &input, &library, Mode::Final).unwrap();
    let rows = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.clone()),
            _ => None,
        })
        .unwrap();
    let cell = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("no row {label}"))[1]
            .clone()
    };
    let choices: Vec<String> = cell("事象の種別").lines().map(String::from).collect();
    let mut want: Vec<String> = expected.iter().map(|e| format!("□ {e}")).collect();
    want.push("□ その他（　　　　　　　　　　　　）".into());
    assert_eq!(choices, want);
    assert_eq!(cell("発見日時"), "令和　　年　　月　　日　　時　　分");
    assert_eq!(
        cell("発生日時（推定を含む。）"),
        "令和　　年　　月　　日　　時　　分"
    );
    for label in [
        "影響を受けた情報（対象、範囲、件数等）",
        "対処（封じ込め）の状況",
        "保存した記録（種類及び保存場所）",
    ] {
        assert!(cell(label).trim().is_empty(), "{label} is blank to fill in");
    }
    assert_eq!(
        cell("連絡先（CSIRT等の連絡窓口）"),
        "SAKURA-CSIRT\ncsirt@sakura-net.example.jp　03-1234-5678（24時間）"
    );
    assert!(cell("報告者").starts_with("株式会社さくらネット運用\n"));
    assert_eq!(doc.meta.date_text, "", "the report is dated in its table");
    assert!(doc
        .plain_text()
        .contains("条項「情報セキュリティが侵害された場合の対処」に掲げる事象"));
}

#[test]
fn event_types_fall_back_to_the_library_clause() {
    let (library, mut input) = input();
    let expected = breach_list(&input);
    input.clauses.retain(|c| c.id != "breach");
    let events = event_list(&input, &library).unwrap();
    assert_eq!(events.items, expected);
}

#[test]
fn final_is_blocked_by_a_missing_executive_and_drafts_show_placeholders() {
    let (library, mut input) = input();
    input.response.profile.executive.name = "  ".into();
    for kind in [DocumentKind::Confirmation, DocumentKind::PerformanceReport] {
        match build(kind, &input, &library, Mode::Final) {
            Err(BuildError::Blocked(issues)) => {
                assert!(
                    issues.iter().any(|i| i.field == "profile.executive.name"),
                    "{issues:?}"
                );
            }
            other => panic!("{kind:?}: expected Blocked, got {other:?}"),
        }
    }
    // Documents that do not print the executive are not blocked by it.
    build(DocumentKind::AuditPlan, &input, &library, Mode::Final).unwrap();
    build(DocumentKind::IncidentReport, &input, &library, Mode::Final).unwrap();

    let doc = build(DocumentKind::Confirmation, &input, &library, Mode::Draft).unwrap();
    assert_eq!(
        doc.meta.notice.as_deref(),
        Some("【案】未記入の項目を含みます。")
    );
    assert!(doc
        .plain_text()
        .contains("経営の責任者の氏名\t〔経営の責任者の氏名を記載〕"));
}

#[test]
fn final_incident_report_needs_the_csirt_contact() {
    let (library, mut input) = input();
    input.response.profile.csirt.contact.clear();
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::IncidentReport, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].field, "profile.csirt.contact");
    let text = text(DocumentKind::IncidentReport, &input, &library, Mode::Draft);
    assert!(text.contains("SAKURA-CSIRT\n〔CSIRT等の連絡窓口（PoC）を記載〕"));
}

#[test]
fn invalid_input_or_a_draft_review_blocks_every_final_document() {
    let (library, mut input) = input();
    input.response.respondent.contact = "a\u{7}b".into();
    for kind in KINDS {
        assert!(matches!(
            build(kind, &input, &library, Mode::Final),
            Err(BuildError::Blocked(_))
        ));
    }
    let (library, mut input) = self::input();
    input.clauses[0].unfilled.push("agency".into());
    let Err(BuildError::Blocked(issues)) =
        build(DocumentKind::IncidentReport, &input, &library, Mode::Final)
    else {
        panic!("expected Blocked");
    };
    assert!(issues[0].field.starts_with("review.clauses."));
    build(DocumentKind::IncidentReport, &input, &library, Mode::Draft).unwrap();
}

#[test]
fn english_documents_use_the_english_texts() {
    let library = library();
    let mut project = example("procurement.toml");
    project.lang = Lang::En;
    let mut input = input_for(&library, &project);
    input.date = None;
    acknowledge_all(&mut input);
    let doc = build(DocumentKind::IncidentReport, &input, &library, Mode::Final).unwrap();
    assert_eq!(doc.meta.title, "Information Security Incident Report");
    let text = doc.plain_text();
    assert!(
        text.starts_with("To: デジタル庁 戦略・組織グループ\n"),
        "{text}"
    );
    let events = event_list(&input, &library).unwrap();
    assert!(events.items[0].starts_with("Leakage to the outside"));
    assert!(text.contains(&format!("□ {}", events.items[0])));
    let doc = build(DocumentKind::Confirmation, &input, &library, Mode::Final).unwrap();
    assert_eq!(doc.meta.date_text, "Date: ____ / __ / __");
    assert_eq!(
        doc.blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading { label, .. } => Some(label.clone()),
                _ => None,
            })
            .unwrap(),
        "Part 1"
    );
}

#[test]
fn template_versions_name_the_layout_and_the_texts() {
    let (library, _) = input();
    assert_eq!(
        contractor_docs::template_versions(&library, DocumentKind::AuditPlan),
        format!("library {}; audit_plan 1; contractor 2", library.version)
    );
}
