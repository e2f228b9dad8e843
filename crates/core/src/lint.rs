//! Everything that stops a final document, plus what the officer should know.

use crate::applicability::{decide, Scope};
use crate::compose::{compose, Mode};
use crate::deviation::change_summary;
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

/// An agency name the edited wording kept after the agency changed: (the name kept, the current
/// agency). The edited text names the current agency fewer times than the standard text does,
/// and names another agency of the list instead.
fn stale_agency(
    dev: &crate::deviation::Deviation,
    project: &Project,
    library: &Library,
    clause: &crate::library::Clause,
) -> Option<(String, String)> {
    clause.param("agency")?;
    let current = project
        .clauses
        .get(&clause.id)
        .and_then(|c| c.params.get("agency"))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| project.agency.trim().to_string());
    if current.is_empty()
        || dev.edited.matches(&current).count() >= dev.standard.matches(&current).count()
    {
        return None;
    }
    library
        .agencies
        .iter()
        .map(|a| a.name_ja.as_str())
        .filter(|n| *n != current && !current.contains(n) && !dev.standard.contains(n))
        .find(|n| dev.edited.contains(n))
        .map(|old| (old.to_string(), current))
}

/// Input errors, blocking problems and warnings of a project, in that order.
pub fn lint(project: &Project, library: &Library) -> Vec<Issue> {
    let mut issues = validate::project(project, library);
    let decision = decide(project, library);
    match project.national_security {
        None => issues.push(Issue::new(
            Severity::Blocking,
            "national_security",
            "「国の安全に関する重要な情報を国以外の者に扱わせるか」が未回答です。判断して回答してください",
            "\"is information important to national security handled by a non-government party?\" is not answered: make the judgment and answer it",
        )),
        Some(_) if project.national_security_reason.trim().is_empty() => {
            issues.push(Issue::new(
                Severity::Blocking,
                "national_security_reason",
                "「国の安全に関する重要な情報」の判断理由を入力してください",
                "give the reason for the national-security judgment",
            ))
        }
        Some(_) => {}
    }
    if decision.scope == Scope::OutOfScope {
        issues.push(Issue::new(
            Severity::Blocking,
            "national_security",
            "適用対象外の案件です。要件を用いるには「任意適用」を選択してください",
            "the project is out of scope; choose voluntary use to apply the requirements anyway",
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
            if let Some((old, current)) = stale_agency(dev, project, library, clause) {
                issues.push(Issue::new(
                    Severity::Blocking,
                    format!("{base}.custom_body"),
                    format!("編集した文言の府省庁名が古いままです: 「{old}」（現在の府省庁名は「{current}」）。府省庁名の箇所を〔各府省庁名を記載〕と書くと、常に現在の府省庁名が入ります"),
                    format!("the edited wording still names \"{old}\" (the agency is now \"{current}\"); write 〔各府省庁名を記載〕 where the agency goes and the current name is always put in"),
                ));
            }
            let (ja, en) = change_summary(&dev.redline);
            match &dev.reason {
                None => issues.push(Issue::new(
                    Severity::Blocking,
                    format!("{base}.deviation_reason"),
                    format!("標準文言を変更した理由を入力してください（{ja}）"),
                    format!("give the reason for changing the standard wording ({en})"),
                )),
                Some(reason) => issues.push(Issue::new(
                    Severity::Warning,
                    format!("{base}.custom_body"),
                    format!("標準文言を変更しています: {ja}（理由：{reason}）"),
                    format!("the standard wording is changed: {en} (reason: {reason})"),
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
