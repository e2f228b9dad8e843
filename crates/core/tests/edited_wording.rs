//! Edited standard wording keeps its parameters live: the notice's placeholder 〔各府省庁名を記載〕
//! in the officer's text always takes the current agency, and wording that kept an old agency
//! name after the agency changed blocks a final document with a readable message.

#![allow(clippy::unwrap_used)]

mod common;

use common::{example, library};
use secspec_core::compose::{compose, Mode};
use secspec_core::issue::{blocks, Severity};
use secspec_core::{lint, Project};

const PLACEHOLDER: &str = "〔各府省庁名を記載〕";

fn with_breach_body(mut p: Project, body: &str) -> Project {
    let choice = p.clauses.entry("breach".to_string()).or_default();
    choice.custom_body = Some(body.to_string());
    choice.deviation_reason = Some("夜間体制を考慮するため。".to_string());
    choice.params.remove("agency");
    p
}

fn printed(p: &Project) -> String {
    let lib = library();
    let clause = lib.clause("breach").unwrap();
    let c = compose(p, clause, p.lang, Mode::Draft).unwrap();
    secspec_core::template::body_text(&c.parts)
}

#[test]
fn the_editable_text_shows_the_parameter_as_the_notices_placeholder() {
    let lib = library();
    let mut p = example("procurement.toml");
    p.clauses.remove("breach");
    let c = compose(&p, lib.clause("breach").unwrap(), p.lang, Mode::Draft).unwrap();
    assert!(c.editable.contains(PLACEHOLDER), "{}", c.editable);
    assert_eq!(c.editable.matches(PLACEHOLDER).count(), 2);
    assert!(!c.editable.contains(&p.agency));
}

#[test]
fn edited_wording_with_the_placeholder_follows_the_agency() {
    let lib = library();
    let mut p = example("procurement.toml");
    p.clauses.remove("breach");
    p.agency = "デジタル庁".into();
    let clause = lib.clause("breach").unwrap();
    let editable = compose(&p, clause, p.lang, Mode::Draft).unwrap().editable;
    let edited = editable.replace("直ちに", "速やかに");
    let p = with_breach_body(p, &edited);
    assert!(printed(&p).contains("デジタル庁の情報の外部への漏えい"));

    let mut moved = p.clone();
    moved.agency = "総務省".into();
    let text = printed(&moved);
    assert!(text.contains("認める総務省の情報"), "{text}");
    assert!(!text.contains("デジタル庁"), "{text}");
    assert!(!text.contains(PLACEHOLDER), "{text}");
    // Only the officer's own change is a deviation, not the agency.
    let c = compose(&moved, clause, moved.lang, Mode::Draft).unwrap();
    let dev = c.deviation.unwrap();
    assert_eq!(
        (dev.deleted_chars, dev.inserted_chars),
        (2, 3),
        "{:?}",
        dev.redline
    );
    let issues = lint::lint(&moved, &lib);
    assert!(
        !issues.iter().any(|i| i.ja.contains("古いまま")),
        "{issues:?}"
    );
}

#[test]
fn wording_that_kept_the_old_agency_blocks_with_a_readable_message() {
    let lib = library();
    let mut p = example("procurement.toml");
    p.clauses.remove("breach");
    p.agency = "デジタル庁".into();
    let clause = lib.clause("breach").unwrap();
    // As an earlier SecSpec stored it: the values written out, not the placeholder.
    let standard = secspec_core::template::body_text(
        &compose(&p, clause, p.lang, Mode::Draft).unwrap().standard,
    );
    let p = with_breach_body(p, &standard.replace("直ちに", "速やかに"));
    let before = lint::lint(&p, &lib);
    assert!(
        !before.iter().any(|i| i.ja.contains("古いまま")),
        "{before:?}"
    );

    let mut moved = p.clone();
    moved.agency = "総務省".into();
    let issues = lint::lint(&moved, &lib);
    let stale = issues
        .iter()
        .find(|i| i.field == "clauses.breach.custom_body" && i.severity == Severity::Blocking)
        .unwrap_or_else(|| panic!("no blocking issue: {issues:?}"));
    assert!(
        stale.ja.contains("「デジタル庁」") && stale.ja.contains("「総務省」"),
        "{}",
        stale.ja
    );
    assert!(stale.ja.contains(PLACEHOLDER));
    assert!(stale.en.contains("still names"), "{}", stale.en);
    assert!(blocks(&issues));
    // No raw diff markup in any message.
    for i in &issues {
        assert!(!i.ja.contains("[-") && !i.ja.contains("{+"), "{}", i.ja);
    }
}

#[test]
fn change_summaries_name_what_changed_in_words() {
    let lib = library();
    let mut p = example("procurement.toml");
    p.clauses.remove("breach");
    let editable = compose(&p, lib.clause("breach").unwrap(), p.lang, Mode::Draft)
        .unwrap()
        .editable;
    let mut p = with_breach_body(p, &editable.replace("直ちに", "速やかに"));
    if let Some(c) = p.clauses.get_mut("breach") {
        c.deviation_reason = None;
    }
    let issues = lint::lint(&p, &lib);
    let reason = issues
        .iter()
        .find(|i| i.field == "clauses.breach.deviation_reason")
        .unwrap();
    assert!(
        reason.ja.contains("「直ち」を「速やか」に変更"),
        "{}",
        reason.ja
    );
}
