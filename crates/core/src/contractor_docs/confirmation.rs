//! 確認書 and 情報セキュリティ監査対応計画書: what the contractor states and commits to.

use super::Writer;
use crate::contractor::ResponseKind;
use crate::document::{Block, Span, SpanStyle};
use crate::library::Library;
use crate::numbering;
use crate::template::BodyPart;

/// 確認書: compliance with each required clause, the management structure from the profile,
/// and the clauses answered with a question or comment as reservations.
pub(super) fn confirmation(w: &mut Writer) {
    let t = &w.t.confirmation;
    let f = &w.t.fields;
    let input = w.input;
    let profile = &input.response.profile;
    w.opening(&t.intro);

    w.part(&t.compliance_heading);
    w.para(0, &t.compliance_intro);
    let mut rows = vec![t.clause_columns.to_vec()];
    for (n, c) in input.clauses.iter().enumerate() {
        let answer = input
            .response
            .clause_responses
            .get(&c.id)
            .map(|r| r.kind.label(w.lang).to_string())
            .unwrap_or_else(|| t.unanswered.clone());
        rows.push(vec![number(w, n + 1), c.heading.clone(), answer]);
    }
    w.table(true, &[1, 8, 2], rows);
    if !input.requirements.is_empty() {
        let count = input.requirements.len().to_string();
        w.para(0, &t.checklist_sentence.replace("{count}", &count));
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

    w.part(&t.reservations_heading);
    let reservations: Vec<Vec<String>> = input
        .response
        .clause_responses
        .iter()
        .filter(|(_, r)| r.kind != ResponseKind::Acknowledge)
        .map(|(id, r)| {
            let heading = input
                .clauses
                .iter()
                .find(|c| &c.id == id)
                .map_or_else(|| id.clone(), |c| c.heading.clone());
            vec![
                heading,
                r.kind.label(w.lang).to_string(),
                r.text.trim().to_string(),
            ]
        })
        .collect();
    if reservations.is_empty() {
        w.para(0, &t.no_reservations);
    } else {
        w.para(0, &t.reservations_intro);
        let mut rows = vec![t.reservation_columns.to_vec()];
        rows.extend(reservations);
        w.table(true, &[4, 1, 6], rows);
    }

    w.part(&t.respondent_heading);
    let rows = respondent_rows(w);
    w.fields(rows);
    w.blocks.push(Block::Spacer);
    w.para(0, &t.change_sentence);
    w.basis();
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
