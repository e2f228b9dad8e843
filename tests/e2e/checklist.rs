//! `secspec checklist …` end to end: show with the A–D score, Excel export and import, the report,
//! and the 「セキュリティ要件」 section of the spec.

use crate::support::*;
use secspec_core::checklist::report::decision_for;
use secspec_core::checklist::score_answers;
use secspec_core::Project;

fn example_project() -> Project {
    toml::from_str(&example("procurement.toml")).unwrap()
}

fn percent(tenths: u32) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

#[test]
fn show_prints_the_score_the_core_computes() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let out = env.ok(&["checklist", &id]);

    let library = secspec_render::assets::load_library(&repo().join("templates")).unwrap();
    let p = example_project();
    let d = decision_for(&library, &p);
    let card = score_answers(&library.checklist, &d, &p.checklist.answers).unwrap();
    let overall = card.overall.expect("the example answers some items");
    let line = out
        .lines()
        .find(|l| l.starts_with("総合 / overall:"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains(&percent(overall.percent_tenths))
            && line.contains(&format!("  {}", overall.grade.letter())),
        "{line} vs {overall:?}"
    );
    for g in &card.categories {
        let name = &library.checklist.category(&g.id).unwrap().name_ja;
        assert!(out.contains(name.as_str()), "category {name} listed: {out}");
    }
    assert!(out.contains("未完了の項目 / open items"), "{out}");
}

#[test]
fn excel_export_then_import_of_the_same_file_changes_nothing() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let xlsx = env.path("checklist.xlsx");
    let out = env.ok(&["checklist", "export", &id, "--out", xlsx.to_str().unwrap()]);
    assert!(out.contains("checklist.xlsx"), "{out}");
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    // Deterministic: a second export is byte-identical.
    let again = env.path("again.xlsx");
    env.ok(&["checklist", "export", &id, "--out", again.to_str().unwrap()]);
    assert_eq!(bytes, std::fs::read(&again).unwrap());

    let before = env.ok(&["checklist", &id]);
    let imported = env.ok(&["checklist", "import", &id, xlsx.to_str().unwrap()]);
    assert!(
        imported.contains("0 item(s) changed, 0 cell(s) rejected"),
        "{imported}"
    );
    assert_eq!(before, env.ok(&["checklist", &id]));
}

#[test]
fn a_file_that_is_not_a_workbook_is_bad_input_and_changes_nothing() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let before = env.ok(&["checklist", &id]);
    let fake = env.path("fake.xlsx");
    std::fs::write(&fake, "これは Excel ではありません").unwrap();
    let out = env.secspec(&["checklist", "import", &id, fake.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fake.xlsx"), "names the file: {err}");
    assert_eq!(before, env.ok(&["checklist", &id]));
    let missing = env.secspec(&["checklist", "import", &id, "/nonexistent/x.xlsx"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn report_prints_rates_and_grades_and_spec_has_security_requirements() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let out = env.path("report");
    let written = env.ok(&["checklist", "report", &id, "--out", out.to_str().unwrap()]);
    assert_eq!(written.lines().count(), 2, "report docx + pdf: {written}");
    let pdfs = files_with(&out, "pdf");
    assert_eq!(pdfs.len(), 1);
    let text = squash(&pdftotext(&pdfs[0]));

    let library = secspec_render::assets::load_library(&repo().join("templates")).unwrap();
    let p = example_project();
    let d = decision_for(&library, &p);
    let card = score_answers(&library.checklist, &d, &p.checklist.answers).unwrap();
    let overall = card.overall.unwrap();
    assert!(
        text.contains(&squash(&percent(overall.percent_tenths))),
        "overall rate printed: {text}"
    );
    for g in card.categories.iter().filter(|g| g.rate.is_some()) {
        let name = squash(&library.checklist.category(&g.id).unwrap().name_ja);
        assert!(text.contains(&name), "category {name} in the report");
    }

    let docs = env.path("docs");
    env.ok(&["generate", &id, "--out", docs.to_str().unwrap()]);
    let spec = output(&docs, "調達仕様書", "pdf");
    let spec_text = squash(&pdftotext(&spec));
    assert!(spec_text.contains("セキュリティ要件"), "{spec_text}");
    let included: Vec<_> = d.included().collect();
    assert!(!included.is_empty());
    for item in included.iter().take(5) {
        let sentence = &library
            .checklist
            .item(&item.item_id)
            .unwrap()
            .requirement_ja;
        assert!(
            spec_text.contains(&squash(sentence)),
            "requirement of {} verbatim in the spec",
            item.item_id
        );
    }
}

#[test]
fn checklist_without_id_or_subcommand_is_bad_input() {
    let env = Env::new();
    let out = env.secspec(&["checklist"]);
    assert_eq!(out.status.code(), Some(2));
    let unknown = env.secspec(&["checklist", "999"]);
    assert_eq!(unknown.status.code(), Some(2));
}
