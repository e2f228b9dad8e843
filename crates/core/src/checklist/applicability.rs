//! Which checklist items apply to a system, decided from its profile (判断条件), with a
//! bilingual trace of why each item is in or out, and the officer's overrides.
//!
//! Rules: an item applies when (a) `applies_when` is empty or any of its questions is answered
//! yes, and (b) every question of `applies_when_all` is answered yes. An unanswered question
//! counts as yes — an item stays in until the officer rules it out, so nothing is dropped by
//! omission — and the trace says so. An override puts an item in or out whatever the rules say;
//! it must carry a reason ([`check_inputs`] reports one that does not).

use super::library::Checklist;
use super::model::{Item, Override, Profile};
use crate::applicability::Why;
use crate::issue::{Issue, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

fn why(ja: impl Into<String>, en: impl Into<String>) -> Why {
    Why {
        ja: ja.into(),
        en: en.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemDecision {
    pub item_id: String,
    /// The profile rules say the item applies.
    pub applies: bool,
    /// It is part of the checklist for this system (the rules, or the officer's override).
    pub included: bool,
    /// The officer overrode the rules.
    pub overridden: bool,
    /// The decision rests on at least one unanswered profile question.
    pub provisional: bool,
    pub why: Vec<Why>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistDecision {
    /// In checklist order.
    pub items: Vec<ItemDecision>,
    /// Profile questions not answered yet, in checklist order.
    pub unanswered_questions: Vec<String>,
}

impl ChecklistDecision {
    pub fn item(&self, id: &str) -> Option<&ItemDecision> {
        self.items.iter().find(|d| d.item_id == id)
    }

    pub fn included(&self) -> impl Iterator<Item = &ItemDecision> {
        self.items.iter().filter(|d| d.included)
    }

    pub fn is_included(&self, id: &str) -> bool {
        self.item(id).is_some_and(|d| d.included)
    }
}

/// Decides every item of `checklist` for `profile`, applying `overrides` (keyed by item id).
pub fn decide(
    checklist: &Checklist,
    profile: &Profile,
    overrides: &BTreeMap<String, Override>,
) -> ChecklistDecision {
    let items = checklist
        .items
        .iter()
        .map(|item| decide_item(checklist, profile, overrides.get(&item.id), item))
        .collect();
    let unanswered_questions = checklist
        .questions
        .iter()
        .filter(|q| profile.get(&q.id).is_none())
        .map(|q| q.id.clone())
        .collect();
    ChecklistDecision {
        items,
        unanswered_questions,
    }
}

/// How one question stands, as a trace line.
fn condition_line(checklist: &Checklist, question: &str, answer: Option<bool>) -> Why {
    let (ja, en) = checklist
        .question(question)
        .map(|q| (q.question_ja.as_str(), q.question_en.as_str()))
        .unwrap_or((question, question));
    match answer {
        Some(true) => why(
            format!("判断条件「{ja}」に「はい」と回答されている。"),
            format!("Profile question answered yes: \"{en}\""),
        ),
        Some(false) => why(
            format!("判断条件「{ja}」に「いいえ」と回答されている。"),
            format!("Profile question answered no: \"{en}\""),
        ),
        None => why(
            format!("判断条件「{ja}」が未回答のため、該当するものとして扱う。"),
            format!("Profile question not answered yet, so treated as yes: \"{en}\""),
        ),
    }
}

fn decide_item(
    checklist: &Checklist,
    profile: &Profile,
    choice: Option<&Override>,
    item: &Item,
) -> ItemDecision {
    let mut reasons = Vec::new();
    let mut provisional = false;
    let any_ok = if item.applies_when.is_empty() {
        true
    } else {
        let answers: Vec<(&String, Option<bool>)> = item
            .applies_when
            .iter()
            .map(|q| (q, profile.get(q)))
            .collect();
        let yes: Vec<_> = answers.iter().filter(|(_, a)| *a == Some(true)).collect();
        if !yes.is_empty() {
            for (q, a) in yes {
                reasons.push(condition_line(checklist, q, *a));
            }
            true
        } else if answers.iter().any(|(_, a)| a.is_none()) {
            provisional = true;
            for (q, a) in answers.iter().filter(|(_, a)| a.is_none()) {
                reasons.push(condition_line(checklist, q, *a));
            }
            true
        } else {
            for (q, a) in &answers {
                reasons.push(condition_line(checklist, q, *a));
            }
            if answers.len() > 1 {
                reasons.push(why(
                    "いずれの判断条件にも該当しないため、対象としない。",
                    "None of its profile conditions holds, so the item does not apply.",
                ));
            } else {
                reasons.push(why(
                    "判断条件に該当しないため、対象としない。",
                    "Its profile condition does not hold, so the item does not apply.",
                ));
            }
            false
        }
    };
    let mut all_ok = true;
    for q in &item.applies_when_all {
        let a = profile.get(q);
        provisional |= a.is_none();
        all_ok &= a != Some(false);
        reasons.push(condition_line(checklist, q, a));
    }
    if !all_ok {
        reasons.push(why(
            "必須の判断条件に該当しないため、対象としない。",
            "A required profile condition does not hold, so the item does not apply.",
        ));
    }
    if item.applies_when.is_empty() && item.applies_when_all.is_empty() {
        reasons.push(why(
            "判断条件によらず、すべての情報システムで対象とする項目である。",
            "This item applies to every system, whatever its profile.",
        ));
    }
    let applies = any_ok && all_ok;
    let mut included = applies;
    let mut overridden = false;
    if let Some(o) = choice {
        if o.include != applies {
            overridden = true;
            included = o.include;
            let reason = o.reason.trim();
            let (ja, en) = if o.include {
                ("担当者が対象に加えた", "Added by the officer")
            } else {
                ("担当者が対象から除いた", "Excluded by the officer")
            };
            if reason.is_empty() {
                reasons.push(why(
                    format!("{ja}（理由が未記入）。"),
                    format!("{en} (no reason given yet)."),
                ));
            } else {
                reasons.push(why(
                    format!("{ja}。理由：{reason}"),
                    format!("{en}. Reason: {reason}"),
                ));
            }
        }
    }
    ItemDecision {
        item_id: item.id.clone(),
        applies,
        included,
        overridden,
        provisional: provisional && !overridden,
        why: reasons,
    }
}

/// Problems in the officer's input: unknown questions or items, overrides that change the
/// outcome without a reason (an override that agrees with the rules changes nothing and needs none).
/// Field paths follow the answers file: `checklist.profile.<question>`, `checklist.overrides.<item>`.
pub fn check_inputs(
    checklist: &Checklist,
    profile: &Profile,
    overrides: &BTreeMap<String, Override>,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    for q in profile.answers.keys() {
        if checklist.question(q).is_none() {
            issues.push(Issue::new(
                Severity::Invalid,
                format!("checklist.profile.{q}"),
                format!("判断条件 {q} は点検リストにありません。"),
                format!("There is no profile question {q} in the checklist."),
            ));
        }
    }
    let decision = decide(checklist, profile, overrides);
    for (id, o) in overrides {
        if checklist.item(id).is_none() {
            issues.push(Issue::new(
                Severity::Invalid,
                format!("checklist.overrides.{id}"),
                format!("点検項目 {id} は点検リストにありません。"),
                format!("There is no checklist item {id}."),
            ));
        } else if decision.item(id).is_some_and(|d| d.overridden) && o.reason.trim().is_empty() {
            issues.push(Issue::new(
                Severity::Blocking,
                format!("checklist.overrides.{id}.reason"),
                "対象の判断を変更する理由を記入してください。",
                "Give the reason for overriding whether this item applies.",
            ));
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::super::library::fixture::{checklist, item};
    use super::*;

    fn sample() -> Checklist {
        checklist(
            &[
                item("always", "c1", "planning", ""),
                item(
                    "public",
                    "c1",
                    "planning",
                    r#"applies_when = ["internet_facing"]"#,
                ),
                item(
                    "either",
                    "c2",
                    "planning",
                    r#"applies_when = ["internet_facing", "cloud_service"]"#,
                ),
                item(
                    "both",
                    "c3",
                    "operation",
                    r#"applies_when_all = ["internet_facing", "cloud_service"]"#,
                ),
            ]
            .concat(),
        )
    }

    fn profile(pairs: &[(&str, bool)]) -> Profile {
        let mut p = Profile::default();
        for (q, v) in pairs {
            p.set(q, *v);
        }
        p
    }

    #[test]
    fn unanswered_questions_keep_items_in_provisionally() {
        let c = sample();
        let d = decide(&c, &Profile::default(), &BTreeMap::new());
        assert!(d.items.iter().all(|i| i.included));
        assert!(!d.item("always").unwrap().provisional);
        assert!(d.item("public").unwrap().provisional);
        assert!(d.item("public").unwrap().why[0].ja.contains("未回答"));
        assert_eq!(d.unanswered_questions, ["internet_facing", "cloud_service"]);
    }

    #[test]
    fn any_and_all_conditions() {
        let c = sample();
        let d = decide(
            &c,
            &profile(&[("internet_facing", false), ("cloud_service", true)]),
            &BTreeMap::new(),
        );
        assert!(d.is_included("always"));
        assert!(!d.is_included("public"));
        assert!(d.is_included("either"));
        assert!(!d.is_included("both"));
        let public = d.item("public").unwrap();
        assert!(public.why.iter().any(|w| w.ja.contains("いいえ")));
        assert!(public.why.iter().any(|w| w.en.contains("does not apply")));
        assert!(d.unanswered_questions.is_empty());
    }

    #[test]
    fn overrides_need_a_reason_and_show_in_the_trace() {
        let c = sample();
        let p = profile(&[("internet_facing", false), ("cloud_service", false)]);
        let mut o = BTreeMap::new();
        o.insert(
            "public".to_string(),
            Override {
                include: true,
                reason: "将来公開する予定".into(),
            },
        );
        o.insert(
            "always".to_string(),
            Override {
                include: false,
                reason: " ".into(),
            },
        );
        // Same as the rules: not an override.
        o.insert(
            "either".to_string(),
            Override {
                include: false,
                reason: String::new(),
            },
        );
        let d = decide(&c, &p, &o);
        let public = d.item("public").unwrap();
        assert!(public.included && !public.applies && public.overridden);
        assert!(public.why.last().unwrap().ja.contains("将来公開する予定"));
        let always = d.item("always").unwrap();
        assert!(!always.included && always.applies && always.overridden);
        assert!(always.why.last().unwrap().en.contains("no reason"));
        assert!(!d.item("either").unwrap().overridden);

        o.insert(
            "ghost".to_string(),
            Override {
                include: true,
                reason: "x".into(),
            },
        );
        let mut p = p;
        p.set("cloud", true);
        let issues = check_inputs(&c, &p, &o);
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "checklist.profile.cloud",
                "checklist.overrides.always.reason",
                "checklist.overrides.ghost",
            ]
        );
    }
}
