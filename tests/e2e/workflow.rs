//! The CLI as an officer or a script uses it.

use crate::support::*;

#[test]
fn answers_template_is_a_complete_valid_example() {
    let env = Env::new();
    let template = env.ok(&["answers-template"]);
    assert!(template.lines().any(|l| l.starts_with("title = ")));
    assert!(template.lines().any(|l| l.starts_with("agency = ")));
    assert!(template.contains("# "), "commented");
    let id = env.new_project(&template);
    assert_eq!(id, "1");
    let lint = env.secspec(&["lint", "1"]);
    assert!(
        lint.status.success(),
        "the template's example must be final-ready: {}",
        String::from_utf8_lossy(&lint.stdout)
    );
}

#[test]
fn new_list_show_lint_generate() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let list = env.ok(&["list"]);
    assert!(
        list.contains("府省間ネットワーク運用監視業務") && list.contains("ready"),
        "{list}"
    );
    let show = env.ok(&["show", &id]);
    assert!(
        show.contains("適用判断") && show.contains("契約方式（一般競争）に関わらず"),
        "{show}"
    );
    assert!(show.contains("[x] confidentiality"));
    let out = env.path("out");
    let gen = env.ok(&["generate", &id, "--out", out.to_str().unwrap()]);
    assert_eq!(
        gen.lines().count(),
        8,
        "spec + annex + basis + checklist report, docx + pdf: {gen}"
    );
    assert_eq!(files_with(&out, "pdf").len(), 4);
    assert_eq!(files_with(&out, "docx").len(), 4);
    let show = env.ok(&["show", &id]);
    assert!(
        show.contains("sha256"),
        "generation history recorded: {show}"
    );
    assert!(env.ok(&["list"]).contains("generated"));
}

#[test]
fn lint_exit_code_follows_blocking_issues() {
    let env = Env::new();
    let answers = example("procurement.toml").replace(
        "[clauses.audit.params]",
        "[clauses.audit]\ninclude = false\n\n[clauses.audit.params]",
    );
    let id = env.new_project(&answers);
    let lint = env.secspec(&["lint", &id]);
    assert_eq!(lint.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&lint.stdout).contains("clauses.audit.include"));
    let out = env.path("out");
    let gen = env.secspec(&["generate", &id, "--out", out.to_str().unwrap()]);
    assert_eq!(
        gen.status.code(),
        Some(1),
        "a blocked project gives no final documents"
    );
    assert!(!out.exists() || files_with(&out, "pdf").is_empty());
    env.ok(&[
        "generate",
        &id,
        "--out",
        out.to_str().unwrap(),
        "--draft",
        "--format",
        "pdf",
    ]);
    assert!(squash(&pdftotext(&files_with(&out, "pdf")[0])).contains("【案】"));
}

#[test]
fn update_records_history_and_bumps_revision() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let file = env.path("changed.toml");
    std::fs::write(
        &file,
        example("procurement.toml").replace(
            "府省間ネットワーク運用監視業務",
            "府省間ネットワーク運用監視業務（第２期）",
        ),
    )
    .unwrap();
    env.ok(&["update", &id, "--answers", file.to_str().unwrap()]);
    let list = env.ok(&["list"]);
    assert!(list.contains("（第２期）") && list.contains("r2"), "{list}");
}

#[test]
fn clauses_lists_provenance_and_agencies() {
    let env = Env::new();
    let out = env.ok(&["clauses", "--agencies"]);
    assert!(out.contains("調達における情報セキュリティ要件の記載について"));
    assert!(out.contains("SecSpec 作成"));
    assert!(out.contains("こども家庭庁") && out.contains("消費者庁"));
}

#[test]
fn demo_writes_the_whole_set() {
    let env = Env::new();
    let out = env.path("demo");
    env.ok(&["demo", "--out", out.to_str().unwrap()]);
    assert_eq!(
        files_with(&out, "pdf").len(),
        6,
        "spec, annex, basis, checklist report; subsidy conditions, basis"
    );
    assert_eq!(files_with(&out, "docx").len(), 6);
    assert!(!env.db().exists(), "demo uses a temporary database");
}

#[test]
fn help_is_bilingual() {
    let env = Env::new();
    let help = env.ok(&["--help"]);
    assert!(help.contains("回答ファイル") && help.contains("answers file"));
}

#[test]
fn unknown_project_is_bad_input() {
    let env = Env::new();
    let out = env.secspec(&["show", "42"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("42"));
}
