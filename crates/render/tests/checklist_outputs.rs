//! The checklist's outputs for the sample procurement project (templates/examples/procurement.toml):
//! the checklist report as PDF (text compared with a committed golden file through
//! `pdftotext -layout`) and DOCX (the bar chart table), the 「セキュリティ要件」 section of the
//! specification, the document set, and byte-for-byte determinism.
//!
//! poppler-utils is required, never skipped. `UPDATE_GOLDEN=1` rewrites the golden file (check
//! the diff by eye before committing it). Files are kept in `target/tmp/checklist_outputs/`
//! for a visual check (`pdftoppm -png -r 60`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use secspec_core::checklist::report::decision_for;
use secspec_core::compose::Mode;
use secspec_core::{DocumentKind, Format, Lang, Project};
use secspec_render::set::Output;
use std::io::Read;
use std::path::Path;

fn outputs(project: &Project) -> Vec<Output> {
    render_set(project, &[Format::Docx, Format::Pdf], Mode::Final)
}

fn find(outputs: &[Output], kind: DocumentKind, format: Format) -> &Output {
    outputs
        .iter()
        .find(|o| o.kind == kind && o.format == format)
        .unwrap_or_else(|| panic!("no {kind:?} {format:?} in the set"))
}

/// The layout text with trailing spaces removed (pdftotext pads some lines).
fn layout_text(pdf: &Path) -> String {
    let text = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    if expected != actual {
        let got = out_dir("checklist_outputs").join(name);
        std::fs::write(&got, actual).unwrap();
        panic!(
            "{name} differs from the golden file; compare {} with {} (UPDATE_GOLDEN=1 to accept)",
            path.display(),
            got.display()
        );
    }
}

#[test]
fn report_pdf_text_matches_the_golden_file() {
    let set = outputs(&sample(Lang::Ja));
    let pdf = find(&set, DocumentKind::ChecklistReport, Format::Pdf);
    let path = keep("checklist_outputs", "checklist_report.ja.pdf", &pdf.bytes);
    check_golden("checklist_report.ja.txt", &layout_text(&path));
}

#[test]
fn english_report_pdf_text_matches_the_golden_file() {
    let set = outputs(&sample(Lang::En));
    let pdf = find(&set, DocumentKind::ChecklistReport, Format::Pdf);
    let path = keep("checklist_outputs", "checklist_report.en.pdf", &pdf.bytes);
    check_golden("checklist_report.en.txt", &layout_text(&path));
}

#[test]
fn report_pdf_prints_every_bar_and_the_grade_boundaries() {
    let set = outputs(&sample(Lang::Ja));
    let pdf = find(&set, DocumentKind::ChecklistReport, Format::Pdf);
    let path = keep("checklist_outputs", "checklist_report.bars.pdf", &pdf.bytes);
    let layout = layout_text(&path);
    // The scale under each chart: the grade boundaries on one line.
    let scales = layout
        .lines()
        .filter(|l| l.split_whitespace().collect::<Vec<_>>() == ["0%", "60%", "80%", "100%"])
        .count();
    assert_eq!(scales, 2, "two charts, two scales");
    let text = squash(&poppler("pdftotext", &[path.to_str().unwrap(), "-"]));
    for want in [
        "対策区分別の対策実施率",
        "段階別の対策実施率",
        "侵害対策77.1%C",
        "利用者保護100.0%A",
        "障害対策（事業継続）56.8%D",
        "要件定義100.0%A",
    ] {
        assert!(text.contains(want), "report PDF lacks {want}");
    }
}

#[test]
fn report_docx_draws_the_bars_as_shaded_spans_of_a_percent_grid() {
    let set = outputs(&sample(Lang::Ja));
    let docx = find(&set, DocumentKind::ChecklistReport, Format::Docx);
    keep("checklist_outputs", "checklist_report.ja.docx", &docx.bytes);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // 侵害対策 77.1 %: cells 0–60 and 60–77 shaded, then 77–80 and 80–100 blank.
    for want in [
        "<w:t xml:space=\"preserve\">77.1% C</w:t>",
        "<w:gridSpan w:val=\"60\" />",
        "<w:gridSpan w:val=\"17\" />",
        "<w:gridSpan w:val=\"3\" />",
        "<w:gridSpan w:val=\"20\" />",
        "w:fill=\"8C8C8C\"",
        "対策区分別の対策実施率",
    ] {
        assert!(xml.contains(want), "document.xml lacks {want}");
    }
    // Every chart row adds up to the 102 grid columns: label + 100 × 1 % + value.
    assert_eq!(
        xml.matches("<w:gridCol w:w=\"50\" w:type=\"dxa\" />")
            .count(),
        200
    );
}

#[test]
fn specification_pdf_has_the_security_requirements_section() {
    let project = sample(Lang::Ja);
    let set = outputs(&project);
    let pdf = find(&set, DocumentKind::Specification, Format::Pdf);
    let path = keep("checklist_outputs", "spec.ja.pdf", &pdf.bytes);
    let text = squash(&poppler("pdftotext", &[path.to_str().unwrap(), "-"]));
    assert!(
        text.contains("第３セキュリティ要件"),
        "no 第３ セキュリティ要件"
    );
    let checklist = &library().checklist;
    let decision = decision_for(library(), &project);
    let included: Vec<&str> = checklist
        .items
        .iter()
        .filter(|i| decision.is_included(&i.id))
        .map(|i| i.requirement_ja.as_str())
        .collect();
    assert!(included.len() > 50);
    // Footer lines can split a sentence at a page break; compare with the footers removed.
    let footer = squash("文書番号SECSPEC-00001-SPEC-R3");
    let body: String = poppler("pdftotext", &[path.to_str().unwrap(), "-"])
        .lines()
        .filter(|l| !squash(l).starts_with(&footer) && !l.trim().starts_with("ページ"))
        .collect();
    let body = squash(&body);
    for sentence in included.iter().step_by(10) {
        assert!(
            body.contains(&squash(sentence)),
            "spec lacks requirement: {sentence}"
        );
    }
    // An item the profile rules out (no e-mail service) is not required.
    let relay = checklist.item("at_mail_relay_prevention").unwrap();
    assert!(!body.contains(&squash(&relay.requirement_ja)));
}

#[test]
fn document_set_includes_the_report_only_when_an_item_is_answered() {
    let mut project = sample(Lang::Ja);
    let names: Vec<String> = outputs(&project).into_iter().map(|o| o.file_name).collect();
    assert_eq!(
        names,
        [
            "府省間ネットワーク運用監視業務_調達仕様書_R3.docx",
            "府省間ネットワーク運用監視業務_調達仕様書_R3.pdf",
            "府省間ネットワーク運用監視業務_特記事項_R3.docx",
            "府省間ネットワーク運用監視業務_特記事項_R3.pdf",
            "府省間ネットワーク運用監視業務_作成根拠_R3.docx",
            "府省間ネットワーク運用監視業務_作成根拠_R3.pdf",
            "府省間ネットワーク運用監視業務_点検結果報告書_R3.docx",
            "府省間ネットワーク運用監視業務_点検結果報告書_R3.pdf",
        ]
    );
    project.checklist.answers.clear();
    let kinds: Vec<DocumentKind> = outputs(&project).into_iter().map(|o| o.kind).collect();
    assert!(!kinds.contains(&DocumentKind::ChecklistReport));
}

#[test]
fn report_and_spec_are_byte_for_byte_reproducible() {
    let project = sample(Lang::Ja);
    let first = outputs(&project);
    let second = outputs(&project);
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.file_name, b.file_name);
        assert!(
            a.bytes == b.bytes,
            "{} differs between renders",
            a.file_name
        );
        assert_eq!(a.sha256, b.sha256);
    }
}
