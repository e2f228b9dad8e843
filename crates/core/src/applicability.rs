//! Which clauses a project needs, with a trace of why each clause is in or out.

use crate::library::{Clause, Condition, Library, Variant};
use crate::project::{ContractKind, Project};
use serde::Serialize;

/// A bilingual explanation line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Why {
    pub ja: String,
    pub en: String,
}

fn why(ja: impl Into<String>, en: impl Into<String>) -> Why {
    Why {
        ja: ja.into(),
        en: en.into(),
    }
}

/// Whether the requirements apply to the project as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Required by the 2012 notice (national-security information) or the unified standard (outsourcing).
    Required,
    /// Out of scope, but the officer chose to apply the requirements voluntarily.
    Voluntary,
    /// Out of scope and not applied.
    OutOfScope,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClauseDecision {
    pub clause_id: String,
    /// The rules say the clause applies.
    pub applies: bool,
    /// It will be printed (the rules, or the officer's override).
    pub included: bool,
    /// A final document must include it.
    pub mandatory: bool,
    pub why: Vec<Why>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Decision {
    pub scope: Scope,
    pub why: Vec<Why>,
    pub clauses: Vec<ClauseDecision>,
}

impl Decision {
    pub fn included(&self) -> impl Iterator<Item = &ClauseDecision> {
        self.clauses.iter().filter(|c| c.included)
    }

    pub fn clause(&self, id: &str) -> Option<&ClauseDecision> {
        self.clauses.iter().find(|c| c.clause_id == id)
    }
}

pub fn is_subsidy(project: &Project) -> bool {
    project.contract_kind == ContractKind::Subsidy
}

/// Decides the scope and each clause of the library for `project`.
pub fn decide(project: &Project, library: &Library) -> Decision {
    let (scope, why) = scope(project);
    let clauses = library
        .clauses
        .iter()
        .map(|c| decide_clause(project, scope, c))
        .collect();
    Decision {
        scope,
        why,
        clauses,
    }
}

fn scope(p: &Project) -> (Scope, Vec<Why>) {
    let mut reasons = Vec::new();
    let method = p.method.label(crate::Lang::Ja);
    let method_en = p.method.label(crate::Lang::En);
    if p.national_security == Some(true) {
        reasons.push(why(
            format!("国の安全に関する重要な情報を国以外の者に扱わせる契約であるため、契約方式（{method}）に関わらず、調達における情報セキュリティ要件の記載についての通知が適用される。"),
            format!("The contract lets a non-government party handle information important to national security, so the notice on security requirements in procurement applies whatever the contract method ({method_en})."),
        ));
        if !p.national_security_reason.trim().is_empty() {
            reasons.push(why(
                format!("判断理由：{}", p.national_security_reason.trim()),
                format!("Officer's reason: {}", p.national_security_reason.trim()),
            ));
        }
    } else if p.national_security.is_none() {
        reasons.push(why(
            "国の安全に関する重要な情報を国以外の者に扱わせるかは未回答のため、判断されるまで暫定的に適用対象として扱う（最終版の出力には回答と理由が必要）。",
            "Whether information important to national security is handled by a non-government party is not answered yet, so the requirements are applied provisionally until it is (a final document needs the answer and its reason).",
        ));
    } else {
        reasons.push(why(
            "国の安全に関する重要な情報を国以外の者に扱わせる契約ではないと判断されている。",
            "The officer judged that no information important to national security is handled by a non-government party.",
        ));
    }
    if p.outsourcing {
        reasons.push(why(
            "情報処理に係る業務の外部委託であるため、統一管理基準の外部委託に関する事項が適用される。",
            "The work is outsourced information processing, so the unified management standard's outsourcing items apply.",
        ));
    }
    if is_subsidy(p) {
        reasons.push(why(
            "補助事業等であるため、要件は補助金等の交付の条件として記載する。",
            "This is a subsidy, so the requirements are written as conditions of the grant decision.",
        ));
    }
    // Unanswered counts as in scope, provisionally: drafts show the clauses that most likely
    // apply, and lint blocks a final document until the officer answers.
    let scope = if p.national_security != Some(false) || p.outsourcing {
        Scope::Required
    } else if p.voluntary {
        reasons.push(why(
            "適用対象外であるが、任意に要件を適用する（文書に任意適用である旨を記載する）。",
            "Out of scope, but the requirements are applied voluntarily (the documents say so).",
        ));
        Scope::Voluntary
    } else {
        reasons.push(why(
            "適用対象外である。任意に適用する場合は「任意適用」を選択する。",
            "Out of scope. Choose voluntary use to apply the requirements anyway.",
        ));
        Scope::OutOfScope
    };
    (scope, reasons)
}

fn holds(p: &Project, scope: Scope, c: Condition) -> bool {
    match c {
        // Voluntary use applies the notice's clauses as if the information were in scope.
        Condition::NationalSecurity => {
            p.national_security != Some(false) || scope == Scope::Voluntary
        }
        Condition::Outsourcing => p.outsourcing,
        Condition::Subcontracting => p.subcontracting,
        Condition::NoSubcontracting => !p.subcontracting,
    }
}

fn condition_text(c: Condition, yes: bool) -> Why {
    let (ja, en) = match c {
        Condition::NationalSecurity => (
            "国の安全に関する重要な情報を扱わせる",
            "national-security information is handled",
        ),
        Condition::Outsourcing => (
            "情報処理に係る業務の外部委託である",
            "information processing is outsourced",
        ),
        Condition::Subcontracting => ("再委託を認める", "subcontracting is allowed"),
        Condition::NoSubcontracting => ("再委託を認めない", "subcontracting is not allowed"),
    };
    if yes {
        why(
            format!("条件「{ja}」を満たす。"),
            format!("Condition met: {en}."),
        )
    } else {
        why(
            format!("条件「{ja}」を満たさない。"),
            format!("Condition not met: {en}."),
        )
    }
}

fn decide_clause(p: &Project, scope: Scope, clause: &Clause) -> ClauseDecision {
    let mut reasons = Vec::new();
    let subsidy = is_subsidy(p);
    let variant_ok = match clause.variant {
        Variant::Any => true,
        Variant::Procurement => !subsidy,
        Variant::Subsidy => subsidy,
    };
    if !variant_ok {
        reasons.push(if subsidy {
            why(
                "補助事業等のため、調達用の文言ではなく交付条件用の文言を用いる。",
                "A subsidy uses the grant-condition wording instead of the procurement wording.",
            )
        } else {
            why(
                "調達であるため、交付条件用の文言は用いない。",
                "A procurement does not use the grant-condition wording.",
            )
        });
    }
    let any_ok = clause.when_any.is_empty() || clause.when_any.iter().any(|c| holds(p, scope, *c));
    for c in &clause.when_any {
        if holds(p, scope, *c) {
            reasons.push(condition_text(*c, true));
        }
    }
    if !any_ok {
        for c in &clause.when_any {
            reasons.push(condition_text(*c, false));
        }
    }
    let mut all_ok = true;
    for c in &clause.when_all {
        let yes = holds(p, scope, *c);
        all_ok &= yes;
        reasons.push(condition_text(*c, yes));
    }
    let applies = variant_ok && any_ok && all_ok && scope != Scope::OutOfScope;
    if scope == Scope::OutOfScope && variant_ok {
        reasons.push(why(
            "案件が適用対象外である。",
            "The project is out of scope.",
        ));
    }
    let choice = p.clauses.get(&clause.id).and_then(|c| c.include);
    let included = choice.unwrap_or(applies);
    match (choice, applies) {
        (Some(false), true) => reasons.push(why("担当者が除外した。", "Excluded by the officer.")),
        (Some(true), false) => reasons.push(why("担当者が追加した。", "Added by the officer.")),
        _ => {}
    }
    ClauseDecision {
        clause_id: clause.id.clone(),
        applies,
        included,
        mandatory: applies && clause.mandatory,
        why: reasons,
    }
}
