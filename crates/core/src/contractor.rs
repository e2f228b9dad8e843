//! The contractor's side of the review round trip (issue 6): a response per clause
//! (了承 / 質問 / 意見) and the organization profile the clauses ask for. Pure types and checks.

use crate::issue::{Issue, Severity};
use crate::validate::{self, MAX_ADDITION, MAX_REASON, MAX_SHORT};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most clause responses, practitioners and subcontractors one response may carry.
pub const MAX_RESPONSES: usize = 200;
pub const MAX_PEOPLE: usize = 100;
/// Most checklist requirement responses one response may carry (the checklist has ~100 items).
pub const MAX_REQUIREMENT_RESPONSES: usize = 1000;
/// Longest clause id accepted as a key (library ids are short `[a-z0-9_]+`).
pub const MAX_CLAUSE_ID: usize = 64;

/// What the contractor says about one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ResponseKind {
    /// 了承: accepted as written (text optional).
    Acknowledge,
    /// 質問: a question to the agency (text required).
    Question,
    /// 意見: a comment or objection (text required).
    Comment,
}

impl ResponseKind {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (ResponseKind::Acknowledge, crate::Lang::Ja) => "了承",
            (ResponseKind::Question, crate::Lang::Ja) => "質問",
            (ResponseKind::Comment, crate::Lang::Ja) => "意見",
            (ResponseKind::Acknowledge, crate::Lang::En) => "acknowledged",
            (ResponseKind::Question, crate::Lang::En) => "question",
            (ResponseKind::Comment, crate::Lang::En) => "comment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ClauseResponse {
    pub kind: ResponseKind,
    #[serde(default)]
    pub text: String,
}

/// 経営の責任者: the executive responsible for information security.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Executive {
    pub name: String,
    /// 役職
    pub title: String,
    /// How the executive is involved and what they answer for (経営者の関与と責任).
    pub involvement: String,
}

/// In-house CSIRT (or equivalent team) and its point of contact (PoC).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Csirt {
    /// Name of the team, e.g. 「○○-CSIRT」.
    pub name: String,
    /// How to reach the point of contact (phone, e-mail, hours).
    pub contact: String,
}

/// A person doing the work who has security knowledge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Practitioner {
    pub name: String,
    /// e.g. 情報処理安全確保支援士 (登録番号), or the equivalent knowledge the person can demonstrate.
    pub qualification: String,
    /// How the knowledge is kept current (training, exercises, ...).
    pub how_knowledge_kept_current: String,
}

/// Where, when and under what conditions the contractor accepts a security audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct AuditAcceptance {
    pub departments: String,
    pub places: String,
    pub periods: String,
    pub conditions: String,
}

/// 再委託先.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Subcontractor {
    pub name: String,
    /// The part of the work subcontracted.
    pub work: String,
    /// How equivalent security is ensured at the subcontractor.
    pub security_measures: String,
}

/// 代表者: who signs the contractor's documents for the company (役職・氏名).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Representative {
    /// 役職, e.g. 代表取締役社長.
    pub title: String,
    pub name: String,
}

/// The organization profile the clauses ask the contractor for (the basis of the 確認書).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ContractorProfile {
    /// 商号又は名称
    pub company: String,
    /// 代表者 (signs the 確認書); required only by a final 確認書.
    pub representative: Representative,
    pub executive: Executive,
    /// 情報セキュリティ体制: roles and reporting lines.
    pub security_organization: String,
    pub csirt: Csirt,
    pub practitioners: Vec<Practitioner>,
    /// 情報のライフサイクル管理: how information is received, kept, used, returned and erased.
    pub lifecycle_management: String,
    pub audit_acceptance: AuditAcceptance,
    pub subcontractors: Vec<Subcontractor>,
}

/// The person who answers for the response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Respondent {
    pub name: String,
    pub department: String,
    /// Phone or e-mail.
    pub contact: String,
}

/// Everything the contractor sends back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ContractorResponse {
    /// By clause id.
    pub clause_responses: BTreeMap<String, ClauseResponse>,
    /// By checklist item id: the security requirements of the specification the contractor
    /// answered (an item without an entry is unanswered).
    pub requirement_responses: BTreeMap<String, ClauseResponse>,
    pub profile: ContractorProfile,
    pub respondent: Respondent,
}

fn issue(severity: Severity, field: &str, ja: &str, en: &str) -> Issue {
    Issue::new(severity, field, ja, en)
}

fn is_clause_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_CLAUSE_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Collects problems of free-text values and missing required values, and the rule of each
/// field it checked.
struct Checker {
    issues: Vec<Issue>,
    fields: Vec<validate::FieldRule>,
}

impl Checker {
    /// `max`/`multiline` as in [`validate::text`]; `required` values must not be blank.
    fn text(&mut self, field: &str, value: &str, max: usize, multiline: bool, required: bool) {
        self.fields.push(validate::FieldRule {
            field: field.to_string(),
            max,
            multiline,
            required,
        });
        self.issues
            .extend(validate::text(field, value, max, multiline));
        if required && value.trim().is_empty() {
            self.issues.push(issue(
                Severity::Blocking,
                field,
                "入力してください（必須）",
                "required",
            ));
        }
    }

    fn count(&mut self, field: &str, n: usize, max: usize) {
        if n > max {
            self.issues.push(Issue::new(
                Severity::Invalid,
                field,
                format!("件数が多すぎます（{n} 件、上限 {max} 件）"),
                format!("too many entries ({n}, at most {max})"),
            ));
        }
    }
}

/// What [`ContractorResponse::acknowledge_all`] did: how many answers it added, and how many
/// questions and comments it left as they were.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AcknowledgedAll {
    /// Clauses answered 了承 now (they had no answer).
    pub clauses: u32,
    /// Checklist requirements answered 了承 now (they had no answer).
    pub requirements: u32,
    /// Questions kept, clauses and requirements together.
    pub questions_kept: u32,
    /// Comments kept, clauses and requirements together.
    pub comments_kept: u32,
}

impl AcknowledgedAll {
    /// Answers added in all.
    pub fn added(&self) -> u32 {
        self.clauses + self.requirements
    }
}

/// Answers 了承 for every id of `ids` without an answer in `answers`; returns (added, questions
/// kept, comments kept).
fn acknowledge_open<'a>(
    answers: &mut BTreeMap<String, ClauseResponse>,
    ids: impl IntoIterator<Item = &'a str>,
) -> (u32, u32, u32) {
    let (mut added, mut questions, mut comments) = (0, 0, 0);
    for id in ids {
        match answers.get(id).map(|a| a.kind) {
            None => {
                answers.insert(
                    id.to_string(),
                    ClauseResponse {
                        kind: ResponseKind::Acknowledge,
                        text: String::new(),
                    },
                );
                added += 1;
            }
            Some(ResponseKind::Question) => questions += 1,
            Some(ResponseKind::Comment) => comments += 1,
            Some(ResponseKind::Acknowledge) => {}
        }
    }
    (added, questions, comments)
}

impl ContractorResponse {
    /// 「すべて了承」: answers 了承 for every clause of `clauses` and every checklist requirement
    /// of `requirements` that has no answer yet. An existing answer is never changed: a question
    /// or comment (even one whose text is still blank) stays as it is.
    pub fn acknowledge_all<'a>(
        &mut self,
        clauses: impl IntoIterator<Item = &'a str>,
        requirements: impl IntoIterator<Item = &'a str>,
    ) -> AcknowledgedAll {
        let c = acknowledge_open(&mut self.clause_responses, clauses);
        let r = acknowledge_open(&mut self.requirement_responses, requirements);
        AcknowledgedAll {
            clauses: c.0,
            requirements: r.0,
            questions_kept: c.1 + r.1,
            comments_kept: c.2 + r.2,
        }
    }

    /// Problems of the response. `Invalid`: cannot be used as given (control characters, absurd
    /// lengths, a question or comment without text, a malformed clause id). `Blocking`: a value
    /// the clauses require is still blank.
    pub fn check(&self) -> Vec<Issue> {
        self.checked().issues
    }

    /// Every text field of this response with its length limit and whether it is required
    /// (what the forms validate while the contractor types).
    pub fn field_rules(&self) -> Vec<validate::FieldRule> {
        self.checked().fields
    }

    fn checked(&self) -> Checker {
        let mut c = Checker {
            issues: Vec::new(),
            fields: Vec::new(),
        };
        c.count(
            "clause_responses",
            self.clause_responses.len(),
            MAX_RESPONSES,
        );
        c.count(
            "requirement_responses",
            self.requirement_responses.len(),
            MAX_REQUIREMENT_RESPONSES,
        );
        let answers = self
            .clause_responses
            .iter()
            .map(|(id, r)| ("clause_responses", id, r))
            .chain(
                self.requirement_responses
                    .iter()
                    .map(|(id, r)| ("requirement_responses", id, r)),
            );
        for (map, id, r) in answers {
            let base = format!("{map}.{id}");
            if !is_clause_id(id) {
                c.issues.push(issue(
                    Severity::Invalid,
                    &base,
                    "条項 id が不正です（英小文字・数字・_ のみ、64 文字以内）",
                    "malformed clause id (a-z, 0-9 and _ only, at most 64 characters)",
                ));
                continue;
            }
            let field = format!("{base}.text");
            c.text(&field, &r.text, MAX_ADDITION, true, false);
            if r.kind != ResponseKind::Acknowledge && r.text.trim().is_empty() {
                c.issues.push(issue(
                    Severity::Invalid,
                    &field,
                    "質問・意見には本文を入力してください",
                    "a question or comment needs its text",
                ));
            }
        }
        self.profile.check_into(&mut c);
        let r = &self.respondent;
        c.text("respondent.name", &r.name, MAX_SHORT, false, true);
        c.text(
            "respondent.department",
            &r.department,
            MAX_SHORT,
            false,
            false,
        );
        c.text("respondent.contact", &r.contact, MAX_SHORT, false, true);
        c
    }
}

impl ContractorProfile {
    fn check_into(&self, c: &mut Checker) {
        c.text("profile.company", &self.company, MAX_SHORT, false, true);
        let rep = &self.representative;
        c.text(
            "profile.representative.title",
            &rep.title,
            MAX_SHORT,
            false,
            false,
        );
        c.text(
            "profile.representative.name",
            &rep.name,
            MAX_SHORT,
            false,
            false,
        );
        let e = &self.executive;
        c.text("profile.executive.name", &e.name, MAX_SHORT, false, true);
        c.text("profile.executive.title", &e.title, MAX_SHORT, false, true);
        c.text(
            "profile.executive.involvement",
            &e.involvement,
            MAX_REASON,
            true,
            false,
        );
        c.text(
            "profile.security_organization",
            &self.security_organization,
            MAX_ADDITION,
            true,
            true,
        );
        c.text(
            "profile.csirt.name",
            &self.csirt.name,
            MAX_SHORT,
            false,
            true,
        );
        c.text(
            "profile.csirt.contact",
            &self.csirt.contact,
            MAX_REASON,
            true,
            true,
        );
        c.count(
            "profile.practitioners",
            self.practitioners.len(),
            MAX_PEOPLE,
        );
        if self.practitioners.is_empty() {
            c.issues.push(issue(
                Severity::Blocking,
                "profile.practitioners",
                "情報セキュリティに関する資格又は同等の知識を有する従事者を 1 名以上記載してください",
                "list at least one practitioner with a security qualification or equivalent knowledge",
            ));
        }
        for (n, p) in self.practitioners.iter().enumerate() {
            let base = format!("profile.practitioners[{n}]");
            c.text(&format!("{base}.name"), &p.name, MAX_SHORT, false, true);
            c.text(
                &format!("{base}.qualification"),
                &p.qualification,
                MAX_REASON,
                true,
                true,
            );
            c.text(
                &format!("{base}.how_knowledge_kept_current"),
                &p.how_knowledge_kept_current,
                MAX_REASON,
                true,
                true,
            );
        }
        c.text(
            "profile.lifecycle_management",
            &self.lifecycle_management,
            MAX_ADDITION,
            true,
            true,
        );
        let a = &self.audit_acceptance;
        for (name, value) in [
            ("departments", &a.departments),
            ("places", &a.places),
            ("periods", &a.periods),
            ("conditions", &a.conditions),
        ] {
            let field = format!("profile.audit_acceptance.{name}");
            c.text(&field, value, MAX_REASON, true, true);
        }
        c.count(
            "profile.subcontractors",
            self.subcontractors.len(),
            MAX_PEOPLE,
        );
        for (n, s) in self.subcontractors.iter().enumerate() {
            let base = format!("profile.subcontractors[{n}]");
            c.text(&format!("{base}.name"), &s.name, MAX_SHORT, false, true);
            c.text(&format!("{base}.work"), &s.work, MAX_REASON, true, true);
            c.text(
                &format!("{base}.security_measures"),
                &s.security_measures,
                MAX_ADDITION,
                true,
                true,
            );
        }
    }
}

/// The blocking issue for a clause the contractor has not answered (了承・質問・意見).
pub fn unanswered_clause(id: &str, heading: &str) -> crate::issue::Issue {
    crate::issue::Issue::new(
        crate::issue::Severity::Blocking,
        format!("clause_responses.{id}"),
        format!("条項「{heading}」への回答（了承・質問・意見）がありません"),
        format!("no response (acknowledge, question or comment) to clause \"{heading}\""),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(kind: ResponseKind, text: &str) -> ClauseResponse {
        ClauseResponse {
            kind,
            text: text.into(),
        }
    }

    #[test]
    fn acknowledge_all_answers_only_what_is_open() {
        let mut r = ContractorResponse::default();
        r.clause_responses
            .insert("a".into(), answer(ResponseKind::Question, "期限は？"));
        r.clause_responses
            .insert("b".into(), answer(ResponseKind::Comment, ""));
        r.clause_responses
            .insert("c".into(), answer(ResponseKind::Acknowledge, "承知"));
        r.requirement_responses
            .insert("x".into(), answer(ResponseKind::Question, "範囲は？"));
        let done = r.acknowledge_all(["a", "b", "c", "d", "e"], ["x", "y"]);
        assert_eq!(
            done,
            AcknowledgedAll {
                clauses: 2,
                requirements: 1,
                questions_kept: 2,
                comments_kept: 1,
            }
        );
        assert_eq!(done.added(), 3);
        assert_eq!(
            r.clause_responses["a"],
            answer(ResponseKind::Question, "期限は？")
        );
        assert_eq!(r.clause_responses["b"], answer(ResponseKind::Comment, ""));
        assert_eq!(
            r.clause_responses["c"],
            answer(ResponseKind::Acknowledge, "承知")
        );
        assert_eq!(
            r.clause_responses["d"],
            answer(ResponseKind::Acknowledge, "")
        );
        assert_eq!(r.requirement_responses["x"].kind, ResponseKind::Question);
        assert_eq!(r.requirement_responses["y"].kind, ResponseKind::Acknowledge);
        // Once more: nothing left to answer.
        let again = r.acknowledge_all(["a", "b", "c", "d", "e"], ["x", "y"]);
        assert_eq!(again.added(), 0);
        assert_eq!(again.questions_kept, 2);
    }

    fn complete() -> ContractorResponse {
        let mut r = ContractorResponse::default();
        r.clause_responses.insert(
            "breach".into(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
        let p = &mut r.profile;
        p.company = "株式会社例".into();
        p.executive = Executive {
            name: "山田 太郎".into(),
            title: "代表取締役".into(),
            involvement: String::new(),
        };
        p.security_organization = "情報セキュリティ委員会".into();
        p.csirt = Csirt {
            name: "例-CSIRT".into(),
            contact: "csirt@example.jp".into(),
        };
        p.practitioners.push(Practitioner {
            name: "鈴木 一郎".into(),
            qualification: "情報処理安全確保支援士".into(),
            how_knowledge_kept_current: "年1回の特定講習".into(),
        });
        p.lifecycle_management = "受領から消去まで台帳で管理".into();
        p.audit_acceptance = AuditAcceptance {
            departments: "開発部".into(),
            places: "本社".into(),
            periods: "契約期間中".into(),
            conditions: "2週間前までに通知".into(),
        };
        r.respondent = Respondent {
            name: "佐藤 花子".into(),
            department: "営業部".into(),
            contact: "03-0000-0000".into(),
        };
        r
    }

    #[test]
    fn complete_response_has_no_issues() {
        assert_eq!(complete().check(), vec![]);
    }

    #[test]
    fn question_needs_text_and_control_chars_are_invalid() {
        let mut r = complete();
        r.clause_responses.insert(
            "audit".into(),
            ClauseResponse {
                kind: ResponseKind::Question,
                text: " ".into(),
            },
        );
        r.profile.company = "株式会社\u{7}例".into();
        let issues = r.check();
        let fields: Vec<(&str, Severity)> = issues
            .iter()
            .map(|i| (i.field.as_str(), i.severity))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("clause_responses.audit.text", Severity::Invalid),
                ("profile.company", Severity::Invalid),
            ]
        );
    }

    #[test]
    fn blank_profile_reports_each_required_field() {
        let r = ContractorResponse::default();
        let fields: Vec<String> = r.check().into_iter().map(|i| i.field).collect();
        for f in [
            "profile.company",
            "profile.executive.name",
            "profile.csirt.contact",
            "profile.practitioners",
            "profile.audit_acceptance.periods",
            "respondent.contact",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn malformed_clause_id_is_invalid() {
        let mut r = complete();
        r.clause_responses.insert(
            "../x".into(),
            ClauseResponse {
                kind: ResponseKind::Acknowledge,
                text: String::new(),
            },
        );
        let issues = r.check();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].field, "clause_responses.../x");
        assert_eq!(issues[0].severity, Severity::Invalid);
    }

    #[test]
    fn kinds_serialize_snake_case() {
        let r = ClauseResponse {
            kind: ResponseKind::Acknowledge,
            text: String::new(),
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"kind":"acknowledge","text":""}"#
        );
    }
}
