//! Applicability with its trace, lint, deviations and document structure.

mod common;

use common::{example, library};
use secspec_core::applicability::{decide, Scope};
use secspec_core::compose::Mode;
use secspec_core::issue::{blocks, Severity};
use secspec_core::Project;
use secspec_core::{lint, Block, ClauseChoice, ContractKind, DocumentKind};
use {secspec_core::document_set::build, secspec_core::ProjectRef};

fn included(p: &secspec_core::Project) -> Vec<String> {
    decide(p, &common::library())
        .included()
        .map(|d| d.clause_id.clone())
        .collect()
}

#[test]
fn national_security_procurement_gets_the_four_standard_clauses_whatever_the_method() {
    let mut p = common::example("procurement.toml");
    p.outsourcing = false;
    for method in secspec_core::ContractMethod::ALL {
        p.method = method;
        assert_eq!(
            included(&p),
            [
                "organization",
                "confidentiality",
                "breach",
                "audit",
                "csirt"
            ]
            .iter()
            .filter(|id| common::library().clause(id).is_some())
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
        );
    }
}

#[test]
fn outsourcing_adds_its_items_and_subcontracting_switches_the_variant() {
    let mut p = common::example("procurement.toml");
    p.subcontracting = true;
    let with = included(&p);
    assert!(
        with.contains(&"verification".to_string()) && with.contains(&"subcontracting".to_string())
    );
    assert!(!with.contains(&"no_subcontracting".to_string()));
    p.subcontracting = false;
    let without = included(&p);
    assert!(
        without.contains(&"no_subcontracting".to_string())
            && !without.contains(&"subcontracting".to_string())
    );
}

#[test]
fn subsidy_uses_grant_condition_wording_with_a_reason() {
    let p = common::example("subsidy.toml");
    let d = decide(&p, &common::library());
    let ids: Vec<_> = d.included().map(|c| c.clause_id.as_str()).collect();
    assert!(ids.contains(&"breach_subsidy") && !ids.contains(&"breach"));
    let breach = d.clause("breach").unwrap();
    assert!(!breach.included && breach.why.iter().any(|w| w.ja.contains("交付条件")));
}

#[test]
fn out_of_scope_blocks_until_voluntary_and_voluntary_is_marked() {
    let library = common::library();
    let mut p = common::example("procurement.toml");
    p.national_security = Some(false);
    p.outsourcing = false;
    assert_eq!(decide(&p, &library).scope, Scope::OutOfScope);
    assert!(included(&p).is_empty());
    assert!(lint::lint(&p, &library)
        .iter()
        .any(|i| i.severity == Severity::Blocking && i.field == "national_security"));
    p.voluntary = true;
    assert_eq!(decide(&p, &library).scope, Scope::Voluntary);
    let doc = build(
        &p,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 1,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap();
    assert!(doc.meta.notice.as_deref().unwrap_or("").contains("任意"));
}

#[test]
fn excluding_a_mandatory_clause_blocks() {
    let library = common::library();
    let mut p = common::example("procurement.toml");
    p.clauses.insert(
        "audit".into(),
        ClauseChoice {
            include: Some(false),
            ..Default::default()
        },
    );
    let issues = lint::lint(&p, &library);
    assert!(issues
        .iter()
        .any(|i| i.field == "clauses.audit.include" && i.severity == Severity::Blocking));
    let err = build(
        &p,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 1,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap_err();
    assert!(err.to_string().contains("blocking"));
}

#[test]
fn edited_wording_is_a_deviation_with_redline_and_needs_a_reason() {
    let library = common::library();
    let mut p = common::example("procurement.toml");
    let standard =
        common::fixture("confidentiality.txt").replace("〔各府省庁名を記載〕", "デジタル庁");
    let weakened = standard.replace("その秘密を保持し、", "");
    p.clauses.insert(
        "confidentiality".into(),
        ClauseChoice {
            custom_body: Some(weakened),
            ..Default::default()
        },
    );
    let issues = lint::lint(&p, &library);
    let issue = issues
        .iter()
        .find(|i| i.field == "clauses.confidentiality.deviation_reason")
        .unwrap();
    assert_eq!(issue.severity, Severity::Blocking);
    assert!(
        issue.ja.contains("「その秘密を保持し、」を削除"),
        "{}",
        issue.ja
    );
    p.clauses
        .get_mut("confidentiality")
        .unwrap()
        .deviation_reason = Some("契約相手方が地方公共団体のため".into());
    let issues = lint::lint(&p, &library);
    assert!(issues.iter().any(
        |i| i.field == "clauses.confidentiality.custom_body" && i.severity == Severity::Warning
    ));
    // The edited wording is what prints, without a label; the 作成根拠 says the agency changed it.
    let doc = build(
        &p,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 1,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap();
    let text = doc.plain_text();
    assert!(!text.contains("その秘密を保持し、"));
    assert!(!text.contains("標準文言を変更") && !text.contains("発注者が変更"));
    let ctx = ProjectRef {
        project_id: 1,
        revision: 1,
    };
    let basis = build(&p, &library, DocumentKind::Basis, ctx, Mode::Final)
        .unwrap()
        .plain_text();
    assert!(
        basis.contains(
            "取り扱う府省庁の国の安全に関する重要な情報の秘密保持等\t発注者が変更（元の文言：公式の標準文言（原文どおり））\t"
        ),
        "{basis}"
    );
    assert!(basis.contains("情報セキュリティを確保するための体制の整備\t公式の標準文言（原文どおり）\t調達における情報セキュリティ要件の記載について（案）（内閣官房副長官、平成24年1月19日）"), "{basis}");
}

#[test]
fn unfilled_placeholders_block_and_drafts_are_marked() {
    let library = common::library();
    let mut p = common::example("procurement.toml");
    p.agency = String::new();
    let issues = lint::lint(&p, &library);
    assert!(issues
        .iter()
        .any(|i| i.field == "clauses.confidentiality.params.agency"
            && i.severity == Severity::Blocking));
    let mut p = common::example("procurement.toml");
    p.clauses
        .entry("audit".into())
        .or_default()
        .additions
        .push("〔監査の頻度を記載〕回以上".into());
    assert!(lint::lint(&p, &library)
        .iter()
        .any(|i| i.field == "clauses.audit.additions[0]" && i.severity == Severity::Blocking));
    let ctx = ProjectRef {
        project_id: 1,
        revision: 1,
    };
    assert!(build(&p, &library, DocumentKind::Specification, ctx, Mode::Final).is_err());
    let draft = build(&p, &library, DocumentKind::Specification, ctx, Mode::Draft).unwrap();
    assert!(draft
        .meta
        .notice
        .as_deref()
        .unwrap_or("")
        .contains("【案】"));
}

#[test]
fn specification_numbers_items_in_the_official_hierarchy() {
    let library = common::library();
    let p = common::example("procurement.toml");
    let doc = build(
        &p,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 1,
            revision: 3,
        },
        Mode::Final,
    )
    .unwrap();
    let labels: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(&labels[..3], &["第１", "１", "２"]);
    assert!(labels.contains(&"第２"), "outsourcing part");
    assert!(doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph { label, .. } if label == "（１）")));
    assert_eq!(doc.meta.document_id, "SECSPEC-00001-SPEC-R3");
    assert_eq!(doc.meta.date_text, "令和8年11月22日");
}

#[test]
fn contract_annex_uses_articles() {
    let library = common::library();
    let p = common::example("procurement.toml");
    let doc = build(
        &p,
        &library,
        DocumentKind::ContractAnnex,
        ProjectRef {
            project_id: 1,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap();
    let text = doc.plain_text();
    assert!(text.contains("第１条\u{3000}本調達に係る業務を行う事業者は"));
    assert!(text.contains("（情報セキュリティ監査の実施）"));
}

#[test]
fn subsidy_document_date_prints_reiwa_gannen() {
    let library = common::library();
    let p = common::example("subsidy.toml");
    assert_eq!(p.contract_kind, ContractKind::Subsidy);
    let doc = build(
        &p,
        &library,
        DocumentKind::SubsidyConditions,
        ProjectRef {
            project_id: 2,
            revision: 1,
        },
        Mode::Final,
    )
    .unwrap();
    assert_eq!(doc.meta.date_text, "令和元年5月1日");
    assert!(build(
        &p,
        &library,
        DocumentKind::Specification,
        ProjectRef {
            project_id: 2,
            revision: 1
        },
        Mode::Final
    )
    .is_err());
}

#[test]
fn the_national_security_judgment_starts_unanswered_and_blocks_until_answered_with_a_reason() {
    let lib = library();
    let mut p = example("procurement.toml");
    let blank = Project::blank(p.document_date);
    assert_eq!(blank.national_security, None);

    p.national_security = None;
    let issues = lint::lint(&p, &lib);
    let open = issues
        .iter()
        .find(|i| i.field == "national_security")
        .unwrap_or_else(|| panic!("no issue for the unanswered judgment: {issues:?}"));
    assert_eq!(open.severity, Severity::Blocking);
    assert!(open.ja.contains("未回答"), "{}", open.ja);
    assert!(blocks(&issues));
    // Provisionally in scope: a draft still shows the four clauses, and says why.
    let d = decide(&p, &lib);
    assert_eq!(d.scope, Scope::Required);
    assert!(d.why.iter().any(|w| w.ja.contains("暫定的")));
    // The checklist decides nothing from an unanswered fact.
    let mut profile = p.checklist.profile.clone();
    profile.answers.remove("national_security");
    profile.prefill_from(&p);
    assert_eq!(profile.get("national_security"), None);

    p.national_security = Some(true);
    p.national_security_reason = "  ".into();
    let issues = lint::lint(&p, &lib);
    assert!(issues
        .iter()
        .any(|i| i.field == "national_security_reason" && i.severity == Severity::Blocking));

    p.national_security_reason = "受注者が府省間ネットワークの構成情報を扱うため。".into();
    let issues = lint::lint(&p, &lib);
    assert!(
        !issues
            .iter()
            .any(|i| i.field.starts_with("national_security")),
        "{issues:?}"
    );
}
