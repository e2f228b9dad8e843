#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The contractor's four documents from the sample procurement (templates/examples/procurement.toml)
//! through a review package and a realistic response: DOCX and PDF, the printed text through
//! `pdftotext -layout`, and byte-for-byte determinism.
//!
//! poppler-utils is required, never skipped. Files are kept in `target/tmp/contractor_docs/` for
//! a visual check (`pdftoppm -png -r 60`).

mod common;

use common::*;
use secspec_core::compose::Mode;
use secspec_core::contractor::*;
use secspec_core::contractor_docs::{self, ContractorDocInput};
use secspec_core::{DocumentKind, Format, Lang};
use secspec_package::{build_review, doc_input, ProjectRef};
use secspec_render::contractor::render_contractor_docs;
use secspec_render::set::{Output, SetError};
use std::io::Read;

fn response() -> ContractorResponse {
    let mut r = ContractorResponse::default();
    for id in ["organization", "confidentiality", "breach", "csirt"] {
        r.clause_responses.insert(
            id.into(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
    }
    r.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "監査の対象範囲に再委託先の運用センターは含まれますか。".into(),
        },
    );
    let p = &mut r.profile;
    p.company = "株式会社さくらネット運用".into();
    p.representative = Representative {
        title: "代表取締役".into(),
        name: "山本 健一".into(),
    };
    p.executive = Executive {
        name: "高橋 誠".into(),
        title: "代表取締役社長".into(),
        involvement: "情報セキュリティ委員会の委員長として、四半期ごとに対策の実施状況の報告を受け、是正を指示する。".into(),
    };
    p.security_organization = "代表取締役社長を委員長とする情報セキュリティ委員会の下に情報セキュリティ推進室を置き、本件の業務には推進室の専任者1名を配置する。".into();
    p.csirt = Csirt {
        name: "SAKURA-CSIRT".into(),
        contact: "csirt@sakura-net.example.jp／03-1234-5678（24時間受付）".into(),
    };
    p.practitioners = vec![
        Practitioner {
            name: "鈴木 一郎".into(),
            qualification: "情報処理安全確保支援士（登録番号 012345）".into(),
            how_knowledge_kept_current: "登録更新のための講習を毎年受講".into(),
        },
        Practitioner {
            name: "田中 美咲".into(),
            qualification: "ネットワークスペシャリスト試験合格、社内インシデント対応訓練の修了"
                .into(),
            how_knowledge_kept_current: "年2回の社内演習と脆弱性情報の週次レビュー".into(),
        },
    ];
    p.lifecycle_management = "受領した情報は情報管理台帳に登録し、アクセス権を業務従事者に限定する。契約終了時には返却又は消去し、消去証明書を提出する。".into();
    p.audit_acceptance = AuditAcceptance {
        departments: "ネットワーク運用部、情報セキュリティ推進室".into(),
        places: "本社（東京都千代田区）及び運用センター（埼玉県さいたま市）".into(),
        periods: "契約期間中の平日9時から17時まで".into(),
        conditions:
            "実施日の14日前までに通知を受けること。運用センターへの入館には事前登録を要する。"
                .into(),
    };
    p.subcontractors = vec![Subcontractor {
        name: "株式会社みなと監視".into(),
        work: "夜間及び休日の監視業務".into(),
        security_measures: "本契約の特記事項と同等の条項を再委託契約に定め、年1回実地で確認する。"
            .into(),
    }];
    r.respondent = Respondent {
        name: "佐藤 花子".into(),
        department: "公共営業部".into(),
        contact: "hanako.sato@sakura-net.example.jp".into(),
    };
    r
}

const DIGEST: &str = "3f0c9d8e7b6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa99887766";

/// The response with every clause of the review acknowledged except the question on the audit
/// clause (checklist requirements unanswered).
fn input_with_question(lang: Lang) -> ContractorDocInput {
    let review = build_review(
        library(),
        &sample(lang),
        ProjectRef {
            project_id: 7,
            revision: 3,
        },
    )
    .unwrap();
    let mut response = response();
    for c in &review.clauses.clauses {
        response
            .clause_responses
            .entry(c.id.clone())
            .or_insert(ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            });
    }
    doc_input(&review, DIGEST, &response)
}

/// Every clause and every checklist requirement acknowledged: what a final 確認書 can confirm.
fn input(lang: Lang) -> ContractorDocInput {
    let mut input = input_with_question(lang);
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
    input
}

/// The DOCX's body text with Word's numbering labels, as a reader of the file sees it.
fn docx_text(outputs: &[Output], kind: DocumentKind) -> String {
    docx_body_text(&find(outputs, kind, Format::Docx).bytes)
}

fn render(input: &ContractorDocInput, mode: Mode) -> Result<Vec<Output>, SetError> {
    render_contractor_docs(
        input,
        library(),
        fonts(),
        &[Format::Docx, Format::Pdf],
        mode,
    )
}

fn find(outputs: &[Output], kind: DocumentKind, format: Format) -> &Output {
    outputs
        .iter()
        .find(|o| o.kind == kind && o.format == format)
        .unwrap_or_else(|| panic!("no {kind:?} {format:?}"))
}

/// The PDF's text, kept on disk under `name`, as laid out and squashed of white space.
fn pdf_text(outputs: &[Output], kind: DocumentKind, name: &str) -> (String, String) {
    let pdf = find(outputs, kind, Format::Pdf);
    let path = keep("contractor_docs", name, &pdf.bytes);
    let layout = poppler("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let squashed = squash(&layout);
    (layout, squashed)
}

#[test]
fn all_four_documents_in_both_formats_with_stable_names() {
    let outputs = render(&input(Lang::Ja), Mode::Final).unwrap();
    let names: Vec<&str> = outputs.iter().map(|o| o.file_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "府省間ネットワーク運用監視業務_確認書_R3.docx",
            "府省間ネットワーク運用監視業務_確認書_R3.pdf",
            "府省間ネットワーク運用監視業務_監査対応計画書_R3.docx",
            "府省間ネットワーク運用監視業務_監査対応計画書_R3.pdf",
            "府省間ネットワーク運用監視業務_履行状況報告書_R3.docx",
            "府省間ネットワーク運用監視業務_履行状況報告書_R3.pdf",
            "府省間ネットワーク運用監視業務_インシデント報告書_R3.docx",
            "府省間ネットワーク運用監視業務_インシデント報告書_R3.pdf",
        ]
    );
    for o in &outputs {
        keep("contractor_docs", &o.file_name, &o.bytes);
        match o.format {
            Format::Pdf => assert!(o.bytes.starts_with(b"%PDF-"), "{}", o.file_name),
            Format::Docx => assert!(o.bytes.starts_with(b"PK"), "{}", o.file_name),
        }
        assert_eq!(o.sha256.len(), 64);
        assert!(o.template_versions.contains("contractor 2"));
        assert!(o.template_versions.contains(o.kind.code()));
    }
}

#[test]
fn output_is_byte_identical_twice() {
    let input = input(Lang::Ja);
    let a = render(&input, Mode::Final).unwrap();
    let b = render(&input, Mode::Final).unwrap();
    assert_eq!(a.len(), 8);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.file_name, y.file_name);
        assert!(x.bytes == y.bytes, "{} differs between runs", x.file_name);
        assert_eq!(x.sha256, y.sha256);
    }
}

#[test]
fn confirmation_pdf_prints_the_profile() {
    let outputs = render(&input(Lang::Ja), Mode::Final).unwrap();
    let (layout, text) = pdf_text(&outputs, DocumentKind::Confirmation, "confirmation.ja.pdf");
    assert!(layout.contains("株式会社さくらネット運用"), "{layout}");
    for want in [
        "情報セキュリティ対策の遵守方法及び管理体制に関する確認書",
        "デジタル庁戦略・組織グループ御中",
        "府省間ネットワーク運用監視業務",
        "代表取締役社長",
        "高橋誠",
        "SAKURA-CSIRT",
        "情報処理安全確保支援士",
        "登録更新のための講習を毎年受講",
        "株式会社みなと監視",
        "SECSPEC-00007-REVIEW-R3",
        "SECSPEC-00007-REVIEW-R3-CONFIRMATION",
    ] {
        assert!(
            text.contains(&squash(want)),
            "confirmation PDF lacks {want}"
        );
    }
    assert!(!text.contains('〔'), "no placeholder in a final document");
}

#[test]
fn audit_plan_pdf_prints_acceptance_and_the_audit_clause() {
    let outputs = render(&input(Lang::Ja), Mode::Final).unwrap();
    let (_, text) = pdf_text(&outputs, DocumentKind::AuditPlan, "audit_plan.ja.pdf");
    for want in [
        "情報セキュリティ監査対応計画書",
        "ネットワーク運用部、情報セキュリティ推進室",
        "運用センター（埼玉県さいたま市）",
        "契約期間中の平日9時から17時まで",
        "hanako.sato@sakura-net.example.jp",
        "受注者は、あらかじめ情報セキュリティ監査を受け入れる部門、場所、時期、条件等を「情報セキュリティ監査対応計画書」等により提示すること。",
    ] {
        assert!(text.contains(&squash(want)), "audit plan PDF lacks {want}");
    }
}

#[test]
fn report_forms_pdf_print_rows_and_event_types() {
    let input = input(Lang::Ja);
    let outputs = render(&input, Mode::Final).unwrap();
    let (_, text) = pdf_text(
        &outputs,
        DocumentKind::PerformanceReport,
        "performance_report.ja.pdf",
    );
    for c in &input.clauses {
        assert!(
            text.contains(&squash(&c.heading)),
            "report lacks {}",
            c.heading
        );
    }
    let first = &input.requirements[0].text;
    assert!(text.contains(&squash(first)), "report lacks {first}");
    assert!(text.contains("実施状況特記事項"));
    assert!(text.contains(&squash("報告責任者（役職・氏名）代表取締役社長　高橋 誠")));

    let (layout, text) = pdf_text(
        &outputs,
        DocumentKind::IncidentReport,
        "incident_report.ja.pdf",
    );
    let events = contractor_docs::event_list(&input, library()).unwrap();
    assert_eq!(events.items.len(), 2);
    for e in &events.items {
        assert!(
            text.contains(&squash(&format!("□ {e}"))),
            "incident report lacks the event type {e}"
        );
    }
    assert!(text.contains("□その他（"));
    for want in [
        "発見日時",
        "発生日時（推定を含む。）",
        "影響を受けた情報（対象、範囲、件数等）",
        "対処（封じ込め）の状況",
        "保存した記録（種類及び保存場所）",
        "csirt@sakura-net.example.jp",
    ] {
        assert!(text.contains(&squash(want)), "incident report lacks {want}");
    }
    assert!(layout.contains("SAKURA-CSIRT"));
}

#[test]
fn english_documents_render() {
    let outputs = render(&input(Lang::En), Mode::Final).unwrap();
    let (_, text) = pdf_text(
        &outputs,
        DocumentKind::IncidentReport,
        "incident_report.en.pdf",
    );
    assert!(text.contains("InformationSecurityIncidentReport"));
    assert!(text.contains(&squash("□ Leakage to the outside")));
    let (_, text) = pdf_text(&outputs, DocumentKind::Confirmation, "confirmation.en.pdf");
    assert!(text.contains(&squash("Name of the executive")));
    assert!(text.contains("高橋誠"));
    assert!(text.contains("情報処理安全確保支援士"));
}

#[test]
fn final_is_refused_without_an_executive_and_drafts_print() {
    let mut input = input(Lang::Ja);
    input.response.profile.executive.name.clear();
    assert!(matches!(
        render(&input, Mode::Final),
        Err(SetError::Build(
            secspec_core::metadata::BuildError::Blocked(_)
        ))
    ));
    let outputs = render(&input, Mode::Draft).unwrap();
    let (_, text) = pdf_text(
        &outputs,
        DocumentKind::Confirmation,
        "confirmation.draft.pdf",
    );
    assert!(text.contains("〔経営の責任者の氏名を記載〕"));
    assert!(text.contains("【案】"));
}

#[test]
fn docx_carries_the_event_types_and_the_company_as_author() {
    let input = input(Lang::Ja);
    let outputs = render(&input, Mode::Final).unwrap();
    let docx = find(&outputs, DocumentKind::IncidentReport, Format::Docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let events = contractor_docs::event_list(&input, library()).unwrap();
    for e in &events.items {
        assert!(xml.contains(&format!("□ {e}")), "document.xml lacks {e}");
    }
    let mut core = String::new();
    zip.by_name("docProps/core.xml")
        .unwrap()
        .read_to_string(&mut core)
        .unwrap();
    assert!(core.contains("株式会社さくらネット運用"));
}

/// The squashed text of part 第１ (confirmed) and of part 第２ (not yet confirmed).
fn confirmation_parts(text: &str) -> (String, String) {
    let open = text.find("第２確認が未了の事項").unwrap();
    let structure = text.find("第３遵守方法及び管理体制").unwrap();
    (text[..open].to_string(), text[open..structure].to_string())
}

#[test]
fn confirmation_of_everything_acknowledged_reads_as_a_signed_record() {
    let input = input(Lang::Ja);
    let total = input.requirements.len();
    let outputs = render(&input, Mode::Final).unwrap();
    let (_, pdf) = pdf_text(
        &outputs,
        DocumentKind::Confirmation,
        "confirmation.all-acknowledged.pdf",
    );
    let docx = squash(&docx_text(&outputs, DocumentKind::Confirmation));
    for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        let (confirmed, open) = confirmation_parts(text);
        for want in [
            "株式会社さくらネット運用代表者代表取締役山本健一印",
            "記第１遵守する要件",
            &format!("要件（{total}項目）のすべてを遵守します。"),
        ] {
            assert!(
                confirmed.contains(want),
                "{what}: {want} missing in {confirmed}"
            );
        }
        for c in &input.clauses {
            assert!(
                confirmed.contains(&squash(&c.heading)),
                "{what}: {}",
                c.heading
            );
        }
        assert!(
            open.contains("確認が未了の事項はありません。"),
            "{what}: {open}"
        );
        assert!(text.contains("変更後の確認書を提出します。以上"), "{what}");
    }
}

#[test]
fn confirmation_with_a_question_and_a_comment_lists_them_open_and_final_is_refused() {
    let mut input = input(Lang::Ja);
    input.response.clause_responses.insert(
        "audit".into(),
        ClauseResponse {
            kind: ResponseKind::Question,
            text: "監査の対象範囲に再委託先の運用センターは含まれますか。".into(),
        },
    );
    input.response.clause_responses.insert(
        "confidentiality".into(),
        ClauseResponse {
            kind: ResponseKind::Comment,
            text: "返却の方法を協議させてください。".into(),
        },
    );
    let audit = "情報セキュリティ監査の実施";
    let confidentiality = "取り扱う府省庁の国の安全に関する重要な情報の秘密保持等";

    // Final: refused, naming both clauses.
    let Err(SetError::Build(secspec_core::metadata::BuildError::Blocked(issues))) =
        render(&input, Mode::Final)
    else {
        panic!("a final confirmation with an open question must be refused");
    };
    let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
    assert_eq!(
        fields,
        ["clause_responses.confidentiality", "clause_responses.audit"]
    );
    assert!(issues[1].ja.contains(audit) && issues[1].ja.contains("質問が未了"));
    assert!(issues[0].ja.contains(confidentiality) && issues[0].ja.contains("意見が未了"));

    // Draft: confirmed are only the acknowledged clauses; the two are listed as open.
    let outputs = render(&input, Mode::Draft).unwrap();
    let (_, pdf) = pdf_text(
        &outputs,
        DocumentKind::Confirmation,
        "confirmation.question-comment.draft.pdf",
    );
    let docx = squash(&docx_text(&outputs, DocumentKind::Confirmation));
    for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        let (confirmed, open) = confirmation_parts(text);
        assert!(!confirmed.contains(audit), "{what}: {confirmed}");
        assert!(!confirmed.contains(confidentiality), "{what}: {confirmed}");
        assert!(confirmed.contains(&squash("情報セキュリティが侵害された場合の対処")));
        // PDF table cells wrap and interleave line by line: the DOCX keeps each row's text
        // together, the PDF is checked cell by cell.
        let rows = [
            format!("{audit}質問監査の対象範囲に再委託先の運用センターは含まれますか。"),
            format!("{confidentiality}意見返却の方法を協議させてください。"),
        ];
        let wants: Vec<String> = if what == "DOCX" {
            rows.iter().map(|r| squash(r)).collect()
        } else {
            vec![
                squash(audit),
                "取り扱う府省庁の国の安全に関".into(),
                "質問監査の対象範囲に再委託先の運用センターは含まれますか。".into(),
                "意見返却の方法を協議させてください。".into(),
            ]
        };
        assert!(
            open.contains("次の条項については、確認が未了です。"),
            "{what}"
        );
        for want in &wants {
            assert!(
                open.contains(want.as_str()),
                "{what}: {want} missing in {open}"
            );
        }
        assert!(text.contains("【案】"), "{what}");
    }
}

#[test]
fn confirmation_does_not_promise_unanswered_checklist_requirements() {
    let input = input(Lang::Ja);
    let total = input.requirements.len();
    let mut partly = input.clone();
    partly.response.requirement_responses.clear();
    for r in &input.requirements[..2] {
        partly.response.requirement_responses.insert(
            r.id.clone(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
    }
    let mut none = input.clone();
    none.response.requirement_responses.clear();
    for (name, input, confirmed_count) in [("partly", &partly, 2), ("none", &none, 0)] {
        // Unanswered requirements do not block: the document says which they are.
        let outputs = render(input, Mode::Final).unwrap();
        let (_, pdf) = pdf_text(
            &outputs,
            DocumentKind::Confirmation,
            &format!("confirmation.requirements-{name}.pdf"),
        );
        let docx = squash(&docx_text(&outputs, DocumentKind::Confirmation));
        for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
            let (confirmed, open) = confirmation_parts(text);
            assert!(!confirmed.contains("すべてを遵守します"), "{what} {name}");
            assert_eq!(
                confirmed.contains(&format!("要件{total}項目のうち、次の2項目を遵守します。")),
                confirmed_count == 2,
                "{what} {name}: {confirmed}"
            );
            let unanswered = total - confirmed_count;
            assert!(
                open.contains(&format!(
                    "要件{total}項目のうち、次の{unanswered}項目については、確認が未了です。"
                )),
                "{what} {name}: {open}"
            );
            // One 「未回答」 per unanswered requirement (every clause is acknowledged).
            assert_eq!(
                open.matches("未回答").count(),
                unanswered,
                "{what} {name}: {open}"
            );
            if what == "DOCX" {
                let last = &input.requirements[total - 1];
                assert!(open.contains(&squash(&format!("{}未回答", last.text))));
                let first = squash(&input.requirements[0].text);
                assert_eq!(confirmed.contains(&first), confirmed_count == 2, "{name}");
                assert_eq!(open.contains(&first), confirmed_count == 0, "{name}");
            }
        }
    }
}
