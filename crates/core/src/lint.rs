//! Everything that stops a final document, plus what the officer should know.

use crate::applicability::{decide, Scope};
use crate::compose::{compose, Mode};
use crate::deviation::redline_summary;
use crate::issue::{Issue, Severity};
use crate::library::Library;
use crate::project::Project;
use crate::validate;

/// Placeholder brackets of the notice (〔各府省庁名を記載〕 and the like).
fn has_placeholder(text: &str) -> bool {
    text.find('〔')
        .map(|start| text[start..].contains('〕'))
        .unwrap_or(false)
}

/// Input errors, blocking problems and warnings of a project, in that order.
pub fn lint(project: &Project, library: &Library) -> Vec<Issue> {
    let mut issues = validate::project(project, library);
    let decision = decide(project, library);
    if decision.scope == Scope::OutOfScope {
        issues.push(Issue::new(
            Severity::Blocking,
            "national_security",
            "適用対象外の案件です。要件を用いるには任意適用（voluntary = true）を選択してください",
            "the project is out of scope; set voluntary = true to apply the requirements anyway",
        ));
    }
    if decision.scope == Scope::Voluntary {
        issues.push(Issue::new(
            Severity::Warning,
            "voluntary",
            "任意適用として文書にその旨を記載します",
            "the documents will say the requirements are applied voluntarily",
        ));
    }
    for d in &decision.clauses {
        let Some(clause) = library.clause(&d.clause_id) else {
            continue;
        };
        let base = format!("clauses.{}", clause.id);
        if d.mandatory && !d.included {
            issues.push(Issue::new(
                Severity::Blocking,
                format!("{base}.include"),
                format!("必須の条項「{}」が除外されています", clause.ja.heading),
                format!("the mandatory clause \"{}\" is excluded", clause.en.heading),
            ));
        }
        if !d.included {
            continue;
        }
        let composed = match compose(project, clause, project.lang, Mode::Draft) {
            Ok(c) => c,
            Err(e) => {
                issues.push(Issue::new(
                    Severity::Blocking,
                    base.clone(),
                    e.to_string(),
                    String::new(),
                ));
                continue;
            }
        };
        for name in &composed.unfilled {
            let label = clause
                .param(name)
                .map(|p| (p.label_ja.clone(), p.label_en.clone()))
                .unwrap_or_default();
            issues.push(Issue::new(
                Severity::Blocking,
                format!("{base}.params.{name}"),
                format!(
                    "未記入のプレースホルダがあります: 「{}」（{}）",
                    label.0, clause.ja.heading
                ),
                format!("unfilled placeholder: {} ({})", label.1, clause.en.heading),
            ));
        }
        let choice = project.clauses.get(&clause.id);
        if let Some(dev) = &composed.deviation {
            if has_placeholder(&dev.edited) {
                issues.push(Issue::new(
                    Severity::Blocking,
                    format!("{base}.custom_body"),
                    "変更後の文言に未記入のプレースホルダ〔…〕があります",
                    "the edited wording still contains a placeholder 〔…〕",
                ));
            }
            let redline = redline_summary(&dev.redline);
            match &dev.reason {
                None => issues.push(Issue::new(
                    Severity::Blocking,
                    format!("{base}.deviation_reason"),
                    format!("標準文言が変更されていますが理由がありません: {redline}"),
                    format!("the standard wording was changed without a reason: {redline}"),
                )),
                Some(reason) => issues.push(Issue::new(
                    Severity::Warning,
                    format!("{base}.custom_body"),
                    format!("標準文言からの変更（理由：{reason}）: {redline}"),
                    format!("deviation from the standard wording (reason: {reason}): {redline}"),
                )),
            }
        }
        for (n, add) in choice
            .map(|c| c.additions.as_slice())
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if has_placeholder(add) {
                issues.push(Issue::new(
                    Severity::Blocking,
                    format!("{base}.additions[{n}]"),
                    "追加要件に未記入のプレースホルダ〔…〕があります",
                    "an addition still contains a placeholder 〔…〕",
                ));
            }
        }
    }
    if !project.agency.trim().is_empty()
        && !library
            .agencies
            .iter()
            .any(|a| a.name_ja == project.agency.trim())
    {
        issues.push(Issue::new(
            Severity::Warning,
            "agency",
            format!(
                "「{}」は府省庁一覧にありません（自由記入として扱います）",
                project.agency.trim()
            ),
            "the agency is not in the agency list (kept as free text)",
        ));
    }
    issues.sort_by_key(|i| i.severity);
    issues
}
