#![allow(clippy::unwrap_used, clippy::expect_used)]
//! 質問回答書: which answers of a response are questions, and the document made from them.

mod common;

use common::library;
use secspec_core::compose::Mode;
use secspec_core::contractor::{ClauseResponse, ContractorResponse, ResponseKind};
use secspec_core::contractor_docs::{RequiredClause, Requirement};
use secspec_core::metadata::BuildError;
use secspec_core::question_answers::{build, questions, AnsweredQuestion, QuestionAnswersInput};
use secspec_core::{Block, Date, DocumentKind, Lang};

fn clause(id: &str, heading: &str) -> RequiredClause {
    RequiredClause {
        id: id.into(),
        heading: heading.into(),
        text: Vec::new(),
        supplements: Vec::new(),
        additions: Vec::new(),
        unfilled: Vec::new(),
    }
}

fn answer(kind: ResponseKind, text: &str) -> ClauseResponse {
    ClauseResponse {
        kind,
        text: text.into(),
    }
}

fn response() -> ContractorResponse {
    let mut r = ContractorResponse::default();
    r.clause_responses.insert(
        "audit".into(),
        answer(
            ResponseKind::Question,
            "監査の対象範囲に再委託先は含まれますか。",
        ),
    );
    r.clause_responses
        .insert("breach".into(), answer(ResponseKind::Acknowledge, ""));
    r.clause_responses.insert(
        "confidentiality".into(),
        answer(ResponseKind::Comment, "返却の方法を協議させてください。"),
    );
    r.requirement_responses.insert(
        "r2".into(),
        answer(ResponseKind::Question, "「管理者」の範囲を教えてください。"),
    );
    r
}

fn review() -> (Vec<RequiredClause>, Vec<Requirement>) {
    (
        vec![
            clause("breach", "情報セキュリティが侵害された場合の対処"),
            clause("confidentiality", "秘密の保持"),
            clause("audit", "情報セキュリティ監査の実施"),
        ],
        vec![
            Requirement {
                id: "r1".into(),
                category: "認証".into(),
                text: "多要素認証を用いること。".into(),
            },
            Requirement {
                id: "r2".into(),
                category: "権限管理".into(),
                text: "管理者権限を限定すること。".into(),
            },
        ],
    )
}

fn input(lang: Lang, answers: [Option<&str>; 2]) -> QuestionAnswersInput {
    let library = library();
    let (clauses, requirements) = review();
    let qs = questions(
        &clauses,
        &requirements,
        &response(),
        &library,
        Lang::Ja,
        lang,
    )
    .unwrap();
    QuestionAnswersInput {
        package_id: "SECSPEC-00001-REVIEW-R1".into(),
        response_digest: "ab".repeat(32),
        title: "庁内ネットワーク運用業務".into(),
        agency: "デジタル庁".into(),
        bureau: "戦略・組織グループ".into(),
        company: "株式会社さくらネット運用".into(),
        lang,
        date: Date::from_ymd(2026, 12, 7).unwrap(),
        items: qs
            .into_iter()
            .zip(answers)
            .map(|(question, a)| AnsweredQuestion {
                question,
                answer: a.map(str::to_string),
            })
            .collect(),
    }
}

#[test]
fn only_questions_are_listed_clauses_first_with_their_location() {
    let library = library();
    let (clauses, requirements) = review();
    let qs = questions(
        &clauses,
        &requirements,
        &response(),
        &library,
        Lang::Ja,
        Lang::Ja,
    )
    .unwrap();
    let got: Vec<(&str, &str)> = qs
        .iter()
        .map(|q| (q.target.as_str(), q.location.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("clause:audit", "情報セキュリティ監査の実施"),
            ("requirement:r2", "セキュリティ要件 ２（権限管理）"),
        ]
    );
    assert_eq!(qs[0].question, "監査の対象範囲に再委託先は含まれますか。");
    // In English the clause's heading comes from the library.
    let en = questions(
        &clauses,
        &requirements,
        &response(),
        &library,
        Lang::Ja,
        Lang::En,
    )
    .unwrap();
    let audit = library
        .clause("audit")
        .unwrap()
        .text(Lang::En)
        .heading
        .clone();
    assert_eq!(en[0].location, audit);
    assert_eq!(en[1].location, "Security requirement 2 (権限管理)");
}

#[test]
fn the_document_lists_each_question_verbatim_with_its_answer() {
    let library = library();
    let doc = build(
        &input(
            Lang::Ja,
            [
                Some("含まれます。再委託先の事業所も対象です。"),
                Some("システム管理者及びネットワーク管理者です。"),
            ],
        ),
        &library,
        Mode::Final,
    )
    .unwrap();
    assert_eq!(doc.meta.kind, DocumentKind::QuestionAnswers);
    assert_eq!(doc.meta.title, "質問回答書");
    assert_eq!(doc.meta.subject, "庁内ネットワーク運用業務");
    assert_eq!(doc.meta.agency, "デジタル庁 戦略・組織グループ");
    assert_eq!(doc.meta.date_text, "令和8年12月7日");
    assert_eq!(
        doc.meta.document_id,
        "SECSPEC-00001-REVIEW-R1-QUESTION_ANSWERS"
    );
    assert_eq!(doc.meta.notice, None);
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table { rows, .. } => Some(rows.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(table[0], vec!["No.", "該当箇所", "質問", "回答"]);
    assert_eq!(
        table[1],
        vec![
            "１",
            "情報セキュリティ監査の実施",
            "監査の対象範囲に再委託先は含まれますか。",
            "含まれます。再委託先の事業所も対象です。"
        ]
    );
    assert_eq!(table[2][0], "２");
    assert_eq!(table[2][1], "セキュリティ要件 ２（権限管理）");
    let text = doc.plain_text();
    assert!(text.contains("株式会社さくらネット運用　御中"), "{text}");
    assert!(text.contains("以上"), "{text}");
    assert!(
        !text.contains("返却の方法"),
        "a comment is no question: {text}"
    );
}

#[test]
fn an_unanswered_question_blocks_a_final_document_and_shows_in_a_draft() {
    let library = library();
    let open = input(Lang::Ja, [Some("含まれます。"), None]);
    match build(&open, &library, Mode::Final) {
        Err(BuildError::Blocked(issues)) => {
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].field, "question_answers.requirement:r2");
            assert!(issues[0].ja.contains("セキュリティ要件 ２（権限管理）"));
        }
        other => panic!("{other:?}"),
    }
    let draft = build(&open, &library, Mode::Draft).unwrap();
    assert!(draft.meta.notice.is_some());
    assert!(draft.plain_text().contains("〔未回答〕"));

    let mut none = input(Lang::Ja, [None, None]);
    none.items.clear();
    assert!(matches!(
        build(&none, &library, Mode::Final),
        Err(BuildError::Blocked(_))
    ));
}

#[test]
fn the_english_document_uses_the_english_texts() {
    let library = library();
    let doc = build(
        &input(
            Lang::En,
            [Some("Yes, they are."), Some("System administrators.")],
        ),
        &library,
        Mode::Final,
    )
    .unwrap();
    assert_eq!(doc.meta.title, "Answers to Questions");
    let text = doc.plain_text();
    assert!(text.contains("To: 株式会社さくらネット運用"), "{text}");
    assert!(text.contains("Yes, they are."), "{text}");
    assert!(
        text.contains("監査の対象範囲に再委託先は含まれますか。"),
        "{text}"
    );
    assert!(text.contains("End"), "{text}");
}
