//! The specification and the contract annex as their reader sees them (PDF through `pdftotext`,
//! DOCX through its document.xml): the agency's text only, no tool labels in the body; who
//! wrote each text is in the separate 作成根拠 (basis) document.
//!
//! poppler-utils is required, never skipped. Files are kept in `target/tmp/contract_text/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::compose::Mode;
use secspec_core::document_set::document_kinds;
use secspec_core::{DocumentKind, Format, Lang, Project};
use secspec_render::set::Output;
use std::io::Read;

/// The agency's own wording of the confidentiality clause (a tracked deviation).
const EDITED: &str =
    "受注者は、デジタル庁から提供された情報を、本業務の目的以外に利用してはならない。";
/// The sample's stricter addition to the breach clause.
const ADDITION: &str = "受注者は、情報セキュリティインシデントへの対応手順を定め、契約締結後速やかに発注者に提出すること。";

/// The sample procurement with the confidentiality clause reworded by the agency.
fn edited_sample(lang: Lang) -> Project {
    let mut p = sample(lang);
    let choice = p.clauses.entry("confidentiality".into()).or_default();
    choice.custom_body = Some(EDITED.into());
    choice.deviation_reason = Some("目的外利用の禁止を明示するため".into());
    p
}

fn find(outputs: &[Output], kind: DocumentKind, format: Format) -> &Output {
    outputs
        .iter()
        .find(|o| o.kind == kind && o.format == format)
        .unwrap_or_else(|| panic!("no {kind:?} {format:?} in the set"))
}

/// The PDF's text as `pdftotext` extracts it, white space removed.
fn pdf_text(outputs: &[Output], kind: DocumentKind, name: &str) -> String {
    let pdf = find(outputs, kind, Format::Pdf);
    let path = keep("contract_text", name, &pdf.bytes);
    squash(&poppler("pdftotext", &[path.to_str().unwrap(), "-"]))
}

/// The DOCX's document.xml with tags removed, white space removed.
fn docx_text(outputs: &[Output], kind: DocumentKind) -> String {
    let docx = find(outputs, kind, Format::Docx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    squash(&text.replace("&amp;", "&"))
}

#[test]
fn the_set_has_a_separate_basis_document() {
    let p = edited_sample(Lang::Ja);
    let kinds = document_kinds(&p);
    assert_eq!(
        &kinds[..3],
        [
            DocumentKind::Specification,
            DocumentKind::ContractAnnex,
            DocumentKind::Basis
        ]
    );
}

#[test]
fn spec_and_annex_carry_the_agency_text_and_the_basis_says_who_wrote_it() {
    let outputs = render_set(
        &edited_sample(Lang::Ja),
        &[Format::Docx, Format::Pdf],
        Mode::Final,
    );
    for kind in [DocumentKind::Specification, DocumentKind::ContractAnnex] {
        let pdf = pdf_text(&outputs, kind, &format!("{}.pdf", kind.code()));
        let docx = docx_text(&outputs, kind);
        for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
            for label in [
                "追加要件",
                "SecSpec作成",
                "SecSpecが起案",
                "標準文言を変更",
                "原文どおり",
                "条項の出典",
                "発注者が変更",
            ] {
                assert!(!text.contains(label), "{kind:?} {what} prints {label}");
            }
            // The agency's wording and its addition are there, as plain text.
            assert!(
                text.contains(&squash(EDITED)),
                "{kind:?} {what}: edit missing"
            );
            assert!(
                text.contains(&squash(ADDITION)),
                "{kind:?} {what}: addition missing"
            );
        }
    }

    let pdf = pdf_text(&outputs, DocumentKind::Basis, "basis.pdf");
    let docx = docx_text(&outputs, DocumentKind::Basis);
    for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        assert!(text.contains("作成根拠"), "{what}");
        for want in [
            // Unchanged official clauses: the official wording and its source.
            "情報セキュリティを確保するための体制の整備公式の標準文言（原文どおり）調達における情報セキュリティ要件の記載について（案）（内閣官房副長官、平成24年1月19日）",
            // The agency's change, never 「SecSpec 作成」 nor the contradictory old label.
            "取り扱う府省庁の国の安全に関する重要な情報の秘密保持等発注者が変更（元の文言：公式の標準文言（原文どおり））",
            // The agency's addition.
            "情報セキュリティが侵害された場合の対処（追加した文）発注者が追加",
            // A clause drafted by SecSpec.
            "組織内CSIRT等の整備及び経営の責任者の関与SecSpecが起案したひな形",
        ] {
            assert!(text.contains(&squash(want)), "{what}: {want} missing in {text}");
        }
        assert!(!text.contains("標準文言を変更"), "{what}");
    }
}

#[test]
fn english_basis_labels_the_change_as_the_ordering_partys() {
    let outputs = render_set(&edited_sample(Lang::En), &[Format::Docx], Mode::Draft);
    let docx = docx_text(&outputs, DocumentKind::Basis);
    assert!(
        docx.contains(&squash("changed by the ordering party")),
        "{docx}"
    );
    for kind in [DocumentKind::Specification, DocumentKind::ContractAnnex] {
        let text = docx_text(&outputs, kind);
        for label in [
            "Additional requirement",
            "drafted by SecSpec",
            "Sources of the clauses",
        ] {
            assert!(!text.contains(&squash(label)), "{kind:?} prints {label}");
        }
    }
}

/// Edit a sentence of the breach clause, then change the agency: the printed PDF and DOCX name
/// the new agency inside the edited clause too, and keep the officer's edit.
#[test]
fn an_edited_clause_follows_a_later_change_of_agency_in_pdf_and_docx() {
    let mut p = sample(Lang::Ja);
    p.agency = "デジタル庁".into();
    let clause = library().clause("breach").unwrap();
    let editable = secspec_core::compose::compose(&p, clause, p.lang, Mode::Draft)
        .unwrap()
        .editable;
    let choice = p.clauses.entry("breach".into()).or_default();
    choice.custom_body = Some(editable.replace("直ちに", "速やかに"));
    choice.deviation_reason = Some("夜間休日の体制を考慮するため".into());
    choice.params.remove("agency");
    p.agency = "総務省".into();
    let outputs = render_set(&p, &[Format::Docx, Format::Pdf], Mode::Final);
    let pdf = pdf_text(&outputs, DocumentKind::Specification, "agency-moved.pdf");
    let docx = docx_text(&outputs, DocumentKind::Specification);
    for (what, text) in [("PDF", &pdf), ("DOCX", &docx)] {
        assert!(
            text.contains("アクセスを認める総務省の情報の外部への漏えい"),
            "{what}: {text}"
        );
        assert!(
            text.contains("受注者による総務省のその他の情報へのアクセス"),
            "{what}"
        );
        assert!(!text.contains("認めるデジタル庁の情報"), "{what}");
        assert!(text.contains("速やかに発注者に報告すること"), "{what}");
        assert!(!text.contains("〔各府省庁名を記載〕"), "{what}");
    }
}
