//! The checklist report and the specification's 「セキュリティ要件」 section, built from the
//! sample procurement project (templates/examples/procurement.toml) and the real templates.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use secspec_core::checklist::report::{
    build_checklist_report, decision_for, is_required, percent_text, requirement_groups,
};
use secspec_core::checklist::{score_answers, Answer, ItemStatus, Override};
use secspec_core::compose::Mode;
use secspec_core::document::Bar;
use secspec_core::document_set::{build, document_kinds, template_versions, BuildError};
use secspec_core::ProjectRef;
use secspec_core::{Block, Document, DocumentKind, Lang, Project};

const CTX: ProjectRef = ProjectRef {
    project_id: 1,
    revision: 3,
};

fn sample() -> Project {
    common::example("procurement.toml")
}

fn report(project: &Project, lang: Lang) -> Document {
    build_checklist_report(&common::library(), project, lang, CTX, Mode::Final).unwrap()
}

fn charts(doc: &Document) -> Vec<(&str, &[Bar])> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::BarChart { title, bars } => Some((title.as_str(), bars.as_slice())),
            _ => None,
        })
        .collect()
}

fn tables(doc: &Document) -> Vec<&Vec<Vec<String>>> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { rows, .. } => Some(rows),
            _ => None,
        })
        .collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a [String] {
    rows.iter()
        .find(|r| r[0] == first)
        .unwrap_or_else(|| panic!("no row {first}"))
}

#[test]
fn the_sample_checklist_deserialises_with_every_answer_kind() {
    let p = sample();
    let c = &p.checklist;
    assert_eq!(c.profile.get("email_service"), Some(false));
    assert_eq!(c.profile.get("ipv6"), None, "left unanswered on purpose");
    assert_eq!(
        c.overrides.get("ph_site_selection"),
        Some(&Override {
            include: false,
            reason: "政府共通の設置場所を引き続き利用し、新たな設置場所の選定を行わないため。"
                .into()
        })
    );
    let exit = &c.answers["at_exit_controls"];
    assert_eq!(exit.answer, Answer::Partial { done: 3, of: 4 });
    assert_eq!(exit.owner, "基盤担当 佐藤");
    assert_eq!(exit.due.unwrap().to_string(), "2027-06-30");
    for status in [
        Answer::Implemented,
        Answer::NotImplemented,
        Answer::NotApplicable,
    ] {
        assert!(c.answers.values().any(|a| a.answer == status), "{status:?}");
    }
    assert!(c.answers.len() >= 25);
}

#[test]
fn report_numbers_are_the_score_cards() {
    let library = common::library();
    let project = sample();
    let card = score_answers(
        &library.checklist,
        &decision_for(&library, &project),
        &project.checklist.answers,
    )
    .unwrap();
    let doc = report(&project, Lang::Ja);
    let t = tables(&doc);
    let overall = card.overall.as_ref().unwrap();
    let summary = t[0];
    assert_eq!(
        row(summary, "総合対策実施率")[1],
        format!(
            "{}（{}/{}）",
            percent_text(overall.percent_tenths),
            overall.numerator,
            overall.denominator
        )
    );
    assert_eq!(row(summary, "総合評価")[1], overall.grade.letter());
    assert_eq!(
        row(summary, "未回答の項目数")[1],
        card.unanswered.to_string()
    );
    assert_eq!(
        row(summary, "未完了の項目数（一部実施・未実施・未回答）")[1],
        card.open_items().count().to_string()
    );
    // Per category and per stage: the table row and the bar carry the score card's rate and grade.
    let c = charts(&doc);
    assert_eq!(c.len(), 2);
    for (groups, table, bars, names) in [
        (
            &card.categories,
            t[1],
            c[0].1,
            library
                .checklist
                .categories
                .iter()
                .map(|x| x.name_ja.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            &card.stages,
            t[2],
            c[1].1,
            library
                .checklist
                .stages
                .iter()
                .map(|x| x.name_ja.as_str())
                .collect(),
        ),
    ] {
        assert_eq!(bars.len(), groups.len());
        for ((g, bar), name) in groups.iter().zip(bars).zip(names) {
            let rate = g.rate.as_ref().unwrap();
            let r = row(table, name);
            assert_eq!(r[4], percent_text(rate.percent_tenths));
            assert_eq!(r[5], rate.grade.letter());
            assert_eq!(bar.label, name);
            assert_eq!(bar.percent_tenths, rate.percent_tenths);
            assert_eq!(
                bar.value_label,
                format!(
                    "{} {}",
                    percent_text(rate.percent_tenths),
                    rate.grade.letter()
                )
            );
        }
    }
    // The sample shows every grade, and the incomplete note (5 items unanswered).
    let grades: Vec<&str> = c[0]
        .1
        .iter()
        .map(|b| &b.value_label[b.value_label.len() - 1..])
        .collect();
    for g in ["A", "B", "C", "D"] {
        assert!(grades.contains(&g), "no category graded {g}");
    }
    assert!(!card.complete);
    assert!(doc.plain_text().contains("未回答の項目が 5 件ある。"));
}

#[test]
fn open_items_list_owner_and_due_in_the_documents_calendar() {
    let library = common::library();
    let project = sample();
    let card = score_answers(
        &library.checklist,
        &decision_for(&library, &project),
        &project.checklist.answers,
    )
    .unwrap();
    let ja = report(&project, Lang::Ja);
    let open = tables(&ja)
        .into_iter()
        .find(|t| t[0][0] == "項目" && t[0][4] == "期限")
        .unwrap();
    assert_eq!(open.len() - 1, card.open_items().count());
    let exit = open.iter().find(|r| r[0].contains("出口対策")).unwrap();
    assert_eq!(
        exit[2..],
        ["一部実施（3/4）", "基盤担当 佐藤", "令和9年6月30日"]
    );
    let unanswered = card
        .items
        .iter()
        .filter(|i| i.status == ItemStatus::Unanswered)
        .count();
    assert_eq!(open.iter().filter(|r| r[2] == "未回答").count(), unanswered);
    let en = report(&project, Lang::En);
    let open = tables(&en)
        .into_iter()
        .find(|t| t[0][0] == "Item" && t[0][4] == "Due")
        .unwrap();
    let exit = open.iter().find(|r| r[0].contains("exit")).unwrap();
    assert_eq!(
        exit[2..],
        ["partly implemented (3 of 4)", "基盤担当 佐藤", "2027-06-30"]
    );
}

#[test]
fn overrides_and_profile_answers_are_reported() {
    let doc = report(&sample(), Lang::Ja);
    let text = doc.plain_text();
    assert!(text.contains("対象に追加\tインターネットに公開するサービスはないが"));
    assert!(text.contains("対象から除外\t政府共通の設置場所を引き続き利用し"));
    assert!(text.contains(
        "IPv6 で通信する（又は通信する予定がある）か。\t未回答（該当するものとして扱う）"
    ));
    assert!(text.contains(
        "出典：政府機関の情報セキュリティ対策の実施状況に関する重点検査及び評価結果について"
    ));
}

#[test]
fn a_final_report_needs_the_reason_of_every_override() {
    let mut project = sample();
    project
        .checklist
        .overrides
        .get_mut("ph_site_selection")
        .unwrap()
        .reason
        .clear();
    let err = build_checklist_report(&common::library(), &project, Lang::Ja, CTX, Mode::Final)
        .unwrap_err();
    assert!(
        matches!(err, BuildError::Blocked(ref i) if i[0].field == "checklist.overrides.ph_site_selection.reason"),
        "{err}"
    );
    // A draft is still possible.
    build_checklist_report(&common::library(), &project, Lang::Ja, CTX, Mode::Draft).unwrap();
}

#[test]
fn the_report_is_in_the_set_once_an_item_is_answered() {
    let library = common::library();
    let mut project = sample();
    assert_eq!(
        document_kinds(&project),
        [
            DocumentKind::Specification,
            DocumentKind::ContractAnnex,
            DocumentKind::Basis,
            DocumentKind::ChecklistReport
        ]
    );
    let doc = build(
        &project,
        &library,
        DocumentKind::ChecklistReport,
        CTX,
        Mode::Final,
    )
    .unwrap();
    assert_eq!(doc.meta.document_id, "SECSPEC-00001-CHECKLIST_REPORT-R3");
    assert_eq!(doc.meta.title, "セキュリティ・バイ・デザイン点検結果報告書");
    assert!(
        template_versions(&project, &library, DocumentKind::ChecklistReport)
            .contains("checklist 2026.1")
    );
    project.checklist.answers.clear();
    assert!(!document_kinds(&project).contains(&DocumentKind::ChecklistReport));
    assert!(build(
        &project,
        &library,
        DocumentKind::ChecklistReport,
        CTX,
        Mode::Final
    )
    .is_err());
}

/// The blocks of the specification from the 「セキュリティ要件」 heading up to the sources table.
fn security_part(doc: &Document, heading: &str) -> Vec<Block> {
    let start = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 1, text, .. } if text == heading))
        .unwrap_or_else(|| panic!("no heading {heading}"));
    doc.blocks[start..]
        .iter()
        .take_while(|b| !matches!(b, Block::Spacer))
        .cloned()
        .collect()
}

#[test]
fn specification_lists_the_included_items_requirements_by_category() {
    let library = common::library();
    let project = sample();
    let doc = build(
        &project,
        &library,
        DocumentKind::Specification,
        CTX,
        Mode::Final,
    )
    .unwrap();
    let part = security_part(&doc, "セキュリティ要件");
    assert!(matches!(&part[0], Block::Heading { label, .. } if label == "第３"));
    let decision = decision_for(&library, &project);
    let included: Vec<&str> = library
        .checklist
        .items
        .iter()
        .filter(|i| is_required(&decision, &project, &i.id))
        .map(|i| i.requirement_ja.as_str())
        .collect();
    let sentences: Vec<String> = part
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph {
                level: 1, spans, ..
            } => Some(spans[0].text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        sentences, included,
        "every included item, in checklist order"
    );
    // The provisional IPv6 item is in; the overridden items follow the officer.
    let req = |id: &str| library.checklist.item(id).unwrap().requirement_ja.as_str();
    assert!(included.contains(&req("at_ipv6_security")));
    assert!(included.contains(&req("at_periodic_assessment")));
    assert!(!included.contains(&req("ph_site_selection")));
    // Categories are numbered １, ２ … and their sentences （１）, （２） … (none when alone).
    let headings: Vec<(String, String)> = part
        .iter()
        .filter_map(|b| match b {
            Block::Heading {
                level: 2,
                label,
                text,
            } => Some((label.clone(), text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(headings[0], ("１".to_string(), "侵害対策".to_string()));
    assert_eq!(headings.len(), 8);
    assert!(matches!(&part[3], Block::Paragraph { label, .. } if label == "（１）"));
    let groups = requirement_groups(&library, &project, Lang::Ja);
    let single = groups.iter().position(|g| g.sentences.len() == 1);
    if let Some(k) = single {
        let n = groups[..k].iter().map(|g| g.sentences.len()).sum::<usize>();
        let para = part
            .iter()
            .filter(|b| matches!(b, Block::Paragraph { level: 1, .. }))
            .nth(n)
            .unwrap();
        assert!(matches!(para, Block::Paragraph { label, .. } if label.is_empty()));
    }
    // The intro names the checklist and its version; the 作成根拠 lists it, the body does not.
    let text = doc.plain_text();
    assert!(text.contains("セキュリティ・バイ・デザイン点検リスト（2026.1）により本調達に係る情報システムに適用するとされた"));
    assert!(!text.contains("SecSpec"));
    let basis = build(&project, &library, DocumentKind::Basis, CTX, Mode::Final)
        .unwrap()
        .plain_text();
    assert!(basis.contains(
        "セキュリティ要件\tSecSpec が起案したひな形\tセキュリティ・バイ・デザイン点検リスト 2026.1"
    ));
    assert!(
        template_versions(&project, &library, DocumentKind::Specification)
            .contains("checklist 2026.1")
    );
    // English: the English sentences under "Security requirements".
    let mut en = project.clone();
    en.lang = Lang::En;
    let doc = build(&en, &library, DocumentKind::Specification, CTX, Mode::Final).unwrap();
    let part = security_part(&doc, "Security requirements");
    assert!(matches!(&part[0], Block::Heading { label, .. } if label == "Part 3"));
    assert!(doc
        .plain_text()
        .contains(&library.checklist.items[0].requirement_en));
}

#[test]
fn a_project_without_checklist_input_keeps_its_specification_as_before() {
    let library = common::library();
    let mut project = sample();
    project.checklist = Default::default();
    let doc = build(
        &project,
        &library,
        DocumentKind::Specification,
        CTX,
        Mode::Final,
    )
    .unwrap();
    assert!(!doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { text, .. } if text == "セキュリティ要件")));
    assert!(requirement_groups(&library, &project, Lang::Ja).is_empty());
    assert!(
        !template_versions(&project, &library, DocumentKind::Specification).contains("checklist")
    );
}

#[test]
fn an_override_without_reason_blocks_the_final_specification() {
    let mut project = sample();
    project
        .checklist
        .overrides
        .get_mut("at_periodic_assessment")
        .unwrap()
        .reason
        .clear();
    let library = common::library();
    let err = build(
        &project,
        &library,
        DocumentKind::Specification,
        CTX,
        Mode::Final,
    )
    .unwrap_err();
    assert!(matches!(err, BuildError::Blocked(_)), "{err}");
    build(
        &project,
        &library,
        DocumentKind::Specification,
        CTX,
        Mode::Draft,
    )
    .unwrap();
}

#[test]
fn an_item_answered_not_applicable_is_no_requirement_of_the_specification() {
    use secspec_core::checklist::ItemAnswer;
    let library = common::library();
    let mut project = sample();
    let decision = decision_for(&library, &project);
    let item = library
        .checklist
        .items
        .iter()
        .find(|i| decision.is_included(&i.id))
        .unwrap();
    let sentence = item.requirement_ja.clone();
    let spec_text = |p: &Project| {
        let doc = build(p, &library, DocumentKind::Specification, CTX, Mode::Final).unwrap();
        security_part(&doc, "セキュリティ要件")
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { spans, .. } => Some(spans[0].text.clone()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    project
        .checklist
        .answers
        .insert(item.id.clone(), ItemAnswer::new(Answer::Implemented));
    assert!(spec_text(&project).contains(&sentence));
    project
        .checklist
        .answers
        .insert(item.id.clone(), ItemAnswer::new(Answer::NotApplicable));
    assert!(!spec_text(&project).contains(&sentence), "{sentence}");
    assert!(!requirement_groups(&library, &project, Lang::Ja)
        .iter()
        .any(|g| g.sentences.contains(&sentence)));
}
