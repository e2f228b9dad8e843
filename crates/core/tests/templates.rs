//! Every template renders with its example parameters, in both languages, with no blank values.

mod common;

use secspec_core::compose::{compose, Mode};
use secspec_core::document_set::{build, document_kinds};
use secspec_core::template::body_text;
use secspec_core::ProjectRef;
use secspec_core::{ClauseChoice, DocumentKind, Lang};

#[test]
fn every_clause_renders_with_its_examples_in_both_languages() {
    let library = common::library();
    let mut project = common::example("procurement.toml");
    project.clauses.clear();
    for clause in &library.clauses {
        let mut choice = ClauseChoice::default();
        for p in &clause.params {
            choice.params.insert(p.name.clone(), p.example.clone());
        }
        project.clauses.insert(clause.id.clone(), choice);
    }
    for clause in &library.clauses {
        for lang in [Lang::Ja, Lang::En] {
            let c = compose(&project, clause, lang, Mode::Final)
                .unwrap_or_else(|e| panic!("{} ({lang:?}): {e}", clause.id));
            let text = body_text(&c.parts);
            assert!(!text.trim().is_empty(), "{} renders empty", clause.id);
            assert!(
                !text.contains("{{") && !text.contains("〔"),
                "{}: unfilled text: {text}",
                clause.id
            );
            assert_eq!(
                c.supplements.len(),
                clause.supplements.len(),
                "{}: every supplement should appear when its parameters are filled",
                clause.id
            );
            for s in &c.supplements {
                assert!(!s.contains("{{"), "{}: {s}", clause.id);
            }
        }
        for p in &clause.params {
            let field = format!("clauses.{}.params.{}", clause.id, p.name);
            assert!(
                secspec_core::validate::param_value(&field, p, &p.example).is_none(),
                "{field}: the example value must be valid"
            );
        }
    }
}

#[test]
fn final_mode_refuses_unfilled_required_values() {
    let library = common::library();
    let mut project = common::example("procurement.toml");
    project.agency = "  ".into();
    let err = compose(
        &project,
        library.clause("confidentiality").unwrap(),
        Lang::Ja,
        Mode::Final,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("clauses.confidentiality.params.agency"),
        "{err}"
    );
}

#[test]
fn sample_projects_build_all_their_documents_in_both_languages() {
    let library = common::library();
    for name in ["procurement.toml", "subsidy.toml"] {
        for lang in [Lang::Ja, Lang::En] {
            let mut project = common::example(name);
            project.lang = lang;
            for kind in document_kinds(&project) {
                let doc = build(
                    &project,
                    &library,
                    kind,
                    ProjectRef {
                        project_id: 7,
                        revision: 2,
                    },
                    Mode::Final,
                )
                .unwrap_or_else(|e| panic!("{name} {kind:?} {lang:?}: {e}"));
                // The 作成根拠 is an intro and one table; the others are long.
                let min = if kind == DocumentKind::Basis { 2 } else { 10 };
                assert!(doc.blocks.len() >= min, "{name} {kind:?}");
                assert!(doc.meta.document_id.starts_with("SECSPEC-00007-"));
                assert!(!doc.plain_text().contains("{{"));
            }
        }
    }
}

#[test]
fn every_source_and_agency_entry_is_complete() {
    let library = common::library();
    assert!(
        library.agencies.len() >= 23,
        "seed 003's 19, 消費者庁 and today's additions"
    );
    for name in [
        "内閣官房",
        "防衛省",
        "消費者庁",
        "デジタル庁",
        "復興庁",
        "こども家庭庁",
    ] {
        assert!(
            library.agencies.iter().any(|a| a.name_ja == name),
            "{name} missing"
        );
    }
    for clause in &library.clauses {
        if clause.origin == secspec_core::library::Origin::Drafted {
            assert!(
                clause.based_on_ja.as_deref().is_some_and(|b| !b.is_empty()),
                "{} must say what it is based on",
                clause.id
            );
        }
    }
}
