//! The official wording must come out character for character when the officer changes nothing.

mod common;

use secspec_core::compose::{compose, Mode};
use secspec_core::template::body_text;
use secspec_core::{Block, ClauseChoice, DocumentKind, Lang, Project};
use {secspec_core::document_set::build, secspec_core::ProjectRef};

const OFFICIAL: [&str; 4] = ["organization", "confidentiality", "breach", "audit"];

fn blank_project() -> Project {
    let mut p = common::example("procurement.toml");
    p.agency = String::new();
    p.clauses.clear();
    p
}

#[test]
fn standard_clauses_render_verbatim_with_the_notices_placeholders() {
    let library = common::library();
    let project = blank_project();
    for id in OFFICIAL {
        let clause = library.clause(id).unwrap();
        let composed = compose(&project, clause, Lang::Ja, Mode::Draft).unwrap();
        let expected = common::fixture(&format!("{id}.txt"));
        assert_eq!(
            body_text(&composed.parts),
            expected.trim_end(),
            "clause {id} differs from the notice"
        );
        assert!(composed.deviation.is_none());
    }
}

#[test]
fn agency_name_replaces_each_placeholder_and_nothing_else() {
    let library = common::library();
    let mut project = blank_project();
    project.agency = "こども家庭庁".into();
    for id in OFFICIAL {
        let clause = library.clause(id).unwrap();
        let composed = compose(&project, clause, Lang::Ja, Mode::Final).unwrap();
        let expected =
            common::fixture(&format!("{id}.txt")).replace("〔各府省庁名を記載〕", "こども家庭庁");
        assert_eq!(
            body_text(&composed.parts),
            expected.trim_end(),
            "clause {id}"
        );
    }
}

#[test]
fn headings_are_the_notices_headings() {
    let library = common::library();
    let expected = [
        ("organization", "情報セキュリティを確保するための体制の整備"),
        (
            "confidentiality",
            "取り扱う府省庁の国の安全に関する重要な情報の秘密保持等",
        ),
        ("breach", "情報セキュリティが侵害された場合の対処"),
        ("audit", "情報セキュリティ監査の実施"),
    ];
    for (id, heading) in expected {
        assert_eq!(library.clause(id).unwrap().ja.heading, heading);
    }
}

#[test]
fn definition_of_national_security_is_verbatim() {
    let library = common::library();
    let def = library.definition("national_security").unwrap();
    assert_eq!(
        def.text(Lang::Ja),
        common::fixture("national_security.txt").trim_end()
    );
}

#[test]
fn specification_contains_every_official_text_unchanged() {
    let library = common::library();
    let mut project = blank_project();
    project.agency = "デジタル庁".into();
    let doc = build(
        &project,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 1,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap();
    // Each paragraph and list item of the notice is one block of the document, unchanged.
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph { spans, .. } => {
                vec![spans.iter().map(|s| s.text.as_str()).collect::<String>()]
            }
            Block::List { items, .. } => items
                .iter()
                .map(|i| i.iter().map(|s| s.text.as_str()).collect())
                .collect(),
            _ => vec![],
        })
        .collect();
    for id in OFFICIAL
        .iter()
        .map(|i| format!("{i}.txt"))
        .chain(["national_security.txt".to_string()])
    {
        let fixture = common::fixture(&id).replace("〔各府省庁名を記載〕", "デジタル庁");
        for line in fixture.lines().filter(|l| !l.is_empty()) {
            let line = line.strip_prefix('・').unwrap_or(line);
            assert!(
                texts.iter().any(|t| t == line),
                "{id}: paragraph missing or changed: {line}"
            );
        }
    }
}

#[test]
fn stricter_additions_keep_the_standard_text_intact() {
    let library = common::library();
    let mut project = blank_project();
    project.agency = "デジタル庁".into();
    project.clauses.insert(
        "audit".into(),
        ClauseChoice {
            additions: vec!["受注者は、年１回以上、第三者による監査を受けること。".into()],
            ..Default::default()
        },
    );
    let c = compose(
        &project,
        library.clause("audit").unwrap(),
        Lang::Ja,
        Mode::Final,
    )
    .unwrap();
    assert!(c.deviation.is_none());
    assert_eq!(body_text(&c.parts), common::fixture("audit.txt").trim_end());
    assert_eq!(
        c.additions,
        vec!["受注者は、年１回以上、第三者による監査を受けること。".to_string()]
    );
}
