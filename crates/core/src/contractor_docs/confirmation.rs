//! 確認書 and 情報セキュリティ監査対応計画書: what the contractor states and commits to.

use super::{ContractorDocInput, Requirement, Writer};
use crate::contractor::ResponseKind;
use crate::document::{Block, Span, SpanStyle};
use crate::issue::{Issue, Severity};
use crate::library::Library;
use crate::numbering;
use crate::template::BodyPart;
use crate::Lang;

/// 確認書: the signatory, the clauses and checklist requirements the contractor acknowledged
/// (only those), what is not yet confirmed (questions, comments, no response), and the
/// management structure from the profile; the particulars between 記 and 以上.
pub(super) fn confirmation(w: &mut Writer) {
    let t = &w.t.confirmation;
    let f = &w.t.fields;
    let input = w.input;
    let profile = &input.response.profile;
    let addressee = w.fill(&w.t.addressee);
    w.para(0, &addressee);
    w.blocks.push(Block::Spacer);
    let company = w.value(&profile.company, &f.company);
    w.para(0, &company);
    let representative = representative_line(w);
    w.para(0, &representative);
    w.blocks.push(Block::Spacer);
    let intro = w.fill(&t.intro);
    w.para(0, &intro);
    w.blocks.push(Block::Spacer);
    w.para(0, &t.record_mark);

    let answers = &input.response.clause_responses;
    let acknowledged = |id: &str| {
        answers
            .get(id)
            .is_some_and(|r| r.kind == ResponseKind::Acknowledge)
    };
    w.part(&t.compliance_heading);
    let mut rows = vec![t.clause_columns.to_vec()];
    for (n, c) in input.clauses.iter().enumerate() {
        if acknowledged(&c.id) {
            rows.push(vec![number(w, n + 1), c.heading.clone()]);
        }
    }
    if rows.len() > 1 {
        w.para(0, &t.compliance_intro);
        w.table(true, &[1, 9], rows);
    } else {
        w.para(0, &t.no_acknowledged);
    }
    let requirements = &input.response.requirement_responses;
    let total = input.requirements.len();
    let confirmed: Vec<(usize, &Requirement)> = input
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            requirements
                .get(&r.id)
                .is_some_and(|a| a.kind == ResponseKind::Acknowledge)
        })
        .collect();
    if total > 0 && confirmed.len() == total {
        w.para(0, &t.checklist_all.replace("{count}", &total.to_string()));
    } else if !confirmed.is_empty() {
        let sentence = t
            .checklist_some
            .replace("{total}", &total.to_string())
            .replace("{count}", &confirmed.len().to_string());
        w.para(0, &sentence);
        let mut rows = vec![t.requirement_columns.to_vec()];
        for (n, r) in &confirmed {
            rows.push(vec![number(w, n + 1), r.category.clone(), r.text.clone()]);
        }
        w.table(true, &[2, 3, 11], rows);
    }

    w.part(&t.open_heading);
    let open_clauses: Vec<Vec<String>> = input
        .clauses
        .iter()
        .filter(|c| !acknowledged(&c.id))
        .map(|c| match answers.get(&c.id) {
            Some(r) => vec![
                c.heading.clone(),
                r.kind.label(w.lang).to_string(),
                r.text.trim().to_string(),
            ],
            None => vec![c.heading.clone(), t.unanswered.clone(), String::new()],
        })
        .collect();
    let open_requirements: Vec<Vec<String>> = input
        .requirements
        .iter()
        .enumerate()
        .filter_map(|(n, r)| {
            let answer = match requirements.get(&r.id) {
                Some(a) if a.kind == ResponseKind::Acknowledge => return None,
                Some(a) => format!("{}：{}", a.kind.label(w.lang), a.text.trim()),
                None => t.unanswered.clone(),
            };
            Some(vec![
                number(w, n + 1),
                r.category.clone(),
                r.text.clone(),
                answer,
            ])
        })
        .collect();
    if open_clauses.is_empty() && open_requirements.is_empty() {
        w.para(0, &t.no_open);
    }
    if !open_clauses.is_empty() {
        w.para(0, &t.open_clauses_intro);
        let mut rows = vec![t.open_clause_columns.to_vec()];
        rows.extend(open_clauses);
        w.table(true, &[4, 1, 6], rows);
    }
    if !open_requirements.is_empty() {
        let sentence = t
            .open_requirements_intro
            .replace("{total}", &total.to_string())
            .replace("{count}", &open_requirements.len().to_string());
        w.para(0, &sentence);
        let mut rows = vec![t.open_requirement_columns.to_vec()];
        rows.extend(open_requirements);
        w.table(true, &[2, 3, 9, 4], rows);
    }

    w.part(&t.structure_heading);
    w.item(&t.executive_heading);
    let e = &profile.executive;
    let mut rows = vec![
        (
            f.executive_title.clone(),
            w.value(&e.title, &f.executive_title),
        ),
        (
            f.executive_name.clone(),
            w.value(&e.name, &f.executive_name),
        ),
    ];
    // Optional: printed when given.
    if !e.involvement.trim().is_empty() {
        rows.push((f.involvement.clone(), e.involvement.trim().to_string()));
    }
    w.fields(rows);

    w.item(&t.organization_heading);
    let org = w.value(&profile.security_organization, &f.security_organization);
    w.para(1, &org);

    w.item(&t.csirt_heading);
    let rows = vec![
        (
            f.csirt_name.clone(),
            w.value(&profile.csirt.name, &f.csirt_name),
        ),
        (
            f.csirt_contact.clone(),
            w.value(&profile.csirt.contact, &f.csirt_contact),
        ),
    ];
    w.fields(rows);

    w.item(&t.practitioners_heading);
    if profile.practitioners.is_empty() {
        let blank = w.value("", &f.practitioners);
        w.para(1, &blank);
    } else {
        let mut rows = vec![vec![
            f.practitioner_name.clone(),
            f.qualification.clone(),
            f.how_knowledge_kept_current.clone(),
        ]];
        for p in &profile.practitioners {
            rows.push(vec![
                w.value(&p.name, &f.practitioner_name),
                w.value(&p.qualification, &f.qualification),
                w.value(&p.how_knowledge_kept_current, &f.how_knowledge_kept_current),
            ]);
        }
        w.table(true, &[2, 4, 4], rows);
    }

    w.item(&t.lifecycle_heading);
    let lifecycle = w.value(&profile.lifecycle_management, &f.lifecycle_management);
    w.para(1, &lifecycle);

    w.item(&t.audit_heading);
    let rows = audit_rows(w);
    w.fields(rows);
    w.para(1, &t.audit_sentence);

    w.item(&t.subcontract_heading);
    if profile.subcontractors.is_empty() {
        w.para(1, &t.no_subcontractors);
    } else {
        let mut rows = vec![vec![
            f.subcontractor_name.clone(),
            f.subcontractor_work.clone(),
            f.security_measures.clone(),
        ]];
        for s in &profile.subcontractors {
            rows.push(vec![
                w.value(&s.name, &f.subcontractor_name),
                w.value(&s.work, &f.subcontractor_work),
                w.value(&s.security_measures, &f.security_measures),
            ]);
        }
        w.table(true, &[3, 3, 4], rows);
    }

    w.part(&t.respondent_heading);
    let rows = respondent_rows(w);
    w.fields(rows);
    w.blocks.push(Block::Spacer);
    w.para(0, &t.change_sentence);
    w.blocks.push(Block::Spacer);
    w.para(0, &t.closing_mark);
    w.basis();
}

/// What a final 確認書 cannot state yet: a clause without a response or with an open question
/// or comment (it confirms only what was acknowledged), an open question or comment on a
/// checklist requirement, and a blank representative (who signs it). Unanswered checklist
/// requirements do not block: the 確認書 lists them as not yet confirmed.
pub(super) fn open_issues(input: &ContractorDocInput) -> Vec<Issue> {
    let mut issues = Vec::new();
    let rep = &input.response.profile.representative;
    for (field, value, ja, en) in [
        (
            "title",
            &rep.title,
            "代表者の役職",
            "the representative's title",
        ),
        (
            "name",
            &rep.name,
            "代表者の氏名",
            "the representative's name",
        ),
    ] {
        if value.trim().is_empty() {
            issues.push(Issue::new(
                Severity::Blocking,
                format!("profile.representative.{field}"),
                format!("確認書に記名する{ja}を入力してください"),
                format!("enter {en}, who signs the confirmation"),
            ));
        }
    }
    for c in &input.clauses {
        let field = format!("clause_responses.{}", c.id);
        match input.response.clause_responses.get(&c.id).map(|r| r.kind) {
            Some(ResponseKind::Acknowledge) => {}
            Some(kind) => issues.push(Issue::new(
                Severity::Blocking,
                field,
                format!(
                    "条項「{}」の{}が未了です。確認書（確定版）は了承した条項だけを確認します。発注者の回答を受けて了承してください",
                    c.heading,
                    kind.label(Lang::Ja)
                ),
                format!(
                    "the {} on clause \"{}\" is still open; a final confirmation confirms acknowledged clauses only: acknowledge it once the agency has replied",
                    kind.label(Lang::En),
                    c.heading
                ),
            )),
            None => issues.push(crate::contractor::unanswered_clause(&c.id, &c.heading)),
        }
    }
    for (n, r) in input.requirements.iter().enumerate() {
        let Some(a) = input.response.requirement_responses.get(&r.id) else {
            continue;
        };
        if a.kind != ResponseKind::Acknowledge {
            issues.push(Issue::new(
                Severity::Blocking,
                format!("requirement_responses.{}", r.id),
                format!(
                    "セキュリティ要件 {}（{}）の{}が未了です。発注者の回答を受けて了承してください",
                    numbering::zenkaku(n + 1),
                    r.category,
                    a.kind.label(Lang::Ja)
                ),
                format!(
                    "the {} on security requirement {} ({}) is still open: acknowledge it once the agency has replied",
                    a.kind.label(Lang::En),
                    n + 1,
                    r.category
                ),
            ));
        }
    }
    issues
}

/// 「代表者　役職　氏名　印」: blanks become placeholders (a final 確認書 refuses them first).
fn representative_line(w: &Writer) -> String {
    let f = &w.t.fields;
    let r = &w.input.response.profile.representative;
    w.t.confirmation
        .representative_line
        .replace("{title}", &w.value(&r.title, &f.representative_title))
        .replace("{name}", &w.value(&r.name, &f.representative_name))
}

/// 情報セキュリティ監査対応計画書: where, when and how audits are accepted, who to contact, and
/// the audit clause it answers.
pub(super) fn audit_plan(w: &mut Writer, library: &Library) {
    let t = &w.t.audit_plan;
    let input = w.input;
    w.opening(&t.intro);

    w.part(&t.acceptance_heading);
    let rows = audit_rows(w);
    w.fields(rows);

    w.part(&t.contact_heading);
    let rows = respondent_rows(w);
    w.fields(rows);

    w.part(&t.external_heading);
    w.para(0, &t.external_sentence);
    w.blocks.push(Block::Spacer);
    w.para(0, &t.change_sentence);

    let clause = library
        .contractor
        .audit_clauses
        .iter()
        .find_map(|id| input.clauses.iter().find(|c| &c.id == id));
    if let Some(c) = clause {
        w.blocks.push(Block::Spacer);
        w.blocks.push(Block::Heading {
            level: 2,
            label: String::new(),
            text: format!("{}「{}」", t.clause_heading, c.heading),
        });
        for part in &c.text {
            match part {
                BodyPart::Paragraph(p) => w.note(p),
                BodyPart::List(items) => {
                    let marker = match w.lang {
                        crate::Lang::Ja => "・",
                        crate::Lang::En => "• ",
                    };
                    for i in items {
                        w.note(&format!("{marker}{i}"));
                    }
                }
            }
        }
        for s in &c.supplements {
            w.note(s);
        }
        let label = format!("【{}】", w.t.additions_label);
        for a in &c.additions {
            w.blocks.push(Block::Note {
                spans: vec![
                    Span::styled(label.clone(), SpanStyle::Bold),
                    Span::plain(a.as_str()),
                ],
            });
        }
    }
    w.basis();
}

/// The four audit-acceptance values as labelled rows.
fn audit_rows(w: &Writer) -> Vec<(String, String)> {
    let f = &w.t.fields;
    let a = &w.input.response.profile.audit_acceptance;
    [
        (&f.departments, &a.departments),
        (&f.places, &a.places),
        (&f.periods, &a.periods),
        (&f.conditions, &a.conditions),
    ]
    .into_iter()
    .map(|(label, value)| (label.clone(), w.value(value, label)))
    .collect()
}

/// The person in charge: department (when given), name and contact.
fn respondent_rows(w: &Writer) -> Vec<(String, String)> {
    let f = &w.t.fields;
    let r = &w.input.response.respondent;
    let mut rows = Vec::new();
    if !r.department.trim().is_empty() {
        rows.push((
            f.respondent_department.clone(),
            r.department.trim().to_string(),
        ));
    }
    rows.push((
        f.respondent_name.clone(),
        w.value(&r.name, &f.respondent_name),
    ));
    rows.push((
        f.respondent_contact.clone(),
        w.value(&r.contact, &f.respondent_contact),
    ));
    rows
}

/// A row number: full-width in Japanese tables, as the numbering of the text.
pub(super) fn number(w: &Writer, n: usize) -> String {
    match w.lang {
        crate::Lang::Ja => numbering::zenkaku(n),
        crate::Lang::En => n.to_string(),
    }
}
