//! The two forms the contractor fills in during the contract: the periodic 履行状況報告書 and the
//! インシデント報告書. What the response already knows (company, executive, CSIRT) is prefilled;
//! everything else is left blank to write in.

use super::confirmation::number;
use super::{event_list, Writer};
use crate::library::Library;
use crate::Lang;

/// Room to write in a blank cell: four lines. Each holds an ideographic space, because back
/// ends give an empty line no height.
const BLANK: &str = "\u{3000}\n\u{3000}\n\u{3000}\n\u{3000}";

/// 履行状況報告書: one row per required clause and per checklist requirement, with blank status
/// and remarks columns, and a signature block.
pub(super) fn performance_report(w: &mut Writer) {
    let t = &w.t.performance_report;
    let f = &w.t.fields;
    let input = w.input;
    let profile = &input.response.profile;
    w.opening(&t.intro);
    let company = w.value(&profile.company, &f.company);
    w.fields(vec![
        (t.period_label.clone(), t.period_blank.clone()),
        (t.reporter_label.clone(), company.clone()),
    ]);

    w.part(&t.clauses_heading);
    let mut rows = vec![t.clause_columns.to_vec()];
    for (n, c) in input.clauses.iter().enumerate() {
        rows.push(vec![
            number(w, n + 1),
            c.heading.clone(),
            String::new(),
            String::new(),
        ]);
    }
    w.table(true, &[1, 6, 2, 3], rows);
    w.note(&t.status_note);

    if !input.requirements.is_empty() {
        w.part(&t.requirements_heading);
        let mut rows = vec![t.requirement_columns.to_vec()];
        for (n, r) in input.requirements.iter().enumerate() {
            rows.push(vec![
                number(w, n + 1),
                r.category.clone(),
                r.text.clone(),
                String::new(),
                String::new(),
            ]);
        }
        w.table(true, &[2, 3, 11, 3, 4], rows);
    }

    w.part(&t.events_heading);
    w.fields(vec![
        (t.incidents_label.clone(), t.incidents_blank.clone()),
        (
            t.audits_label.clone(),
            format!("{}\n{BLANK}", t.audits_blank),
        ),
        (t.other_label.clone(), BLANK.to_string()),
    ]);

    w.blocks.push(crate::Block::Spacer);
    w.para(0, &t.closing);
    let e = &profile.executive;
    let sep = match w.lang {
        Lang::Ja => "\u{3000}",
        Lang::En => " ",
    };
    let signer = format!(
        "{}{sep}{}",
        w.value(&e.title, &f.executive_title),
        w.value(&e.name, &f.executive_name)
    );
    w.fields(vec![
        (f.company.clone(), company),
        (t.signer_label.clone(), signer),
        (t.signature_label.clone(), "\u{3000}\n\u{3000}".to_string()),
    ]);
    w.basis();
}

/// インシデント報告書: discovered / occurred times, the event type from the breach clause's list,
/// affected information, containment, records kept, and the CSIRT contact.
pub(super) fn incident_report(w: &mut Writer, library: &Library) {
    let t = &w.t.incident_report;
    let f = &w.t.fields;
    let input = w.input;
    let profile = &input.response.profile;
    w.opening(&t.intro);
    let events = event_list(input, library);
    let mut choices: Vec<String> = events.as_ref().map(|e| e.items.clone()).unwrap_or_default();
    choices.push(t.other_event.clone());
    let choices = choices
        .iter()
        .map(|c| format!("{} {c}", w.t.checkbox))
        .collect::<Vec<_>>()
        .join("\n");
    let reporter = format!(
        "{}\n{}",
        w.value(&profile.company, &f.company),
        t.reporter_blank
    );
    let contact = format!(
        "{}\n{}",
        w.value(&profile.csirt.name, &f.csirt_name),
        w.value(&profile.csirt.contact, &f.csirt_contact)
    );
    w.fields(vec![
        (t.stage_label.clone(), t.stage_choices.clone()),
        (t.reported_at_label.clone(), w.t.blank_datetime.clone()),
        (t.reporter_label.clone(), reporter),
        (t.breach_label.clone(), t.breach_choices.clone()),
        (t.discovered_label.clone(), w.t.blank_datetime.clone()),
        (t.occurred_label.clone(), w.t.blank_datetime.clone()),
        (t.event_label.clone(), choices),
        (t.summary_label.clone(), BLANK.to_string()),
        (t.affected_label.clone(), BLANK.to_string()),
        (t.containment_label.clone(), BLANK.to_string()),
        (t.records_label.clone(), BLANK.to_string()),
        (t.contact_label.clone(), contact),
    ]);
    if let Some(e) = &events {
        w.note(&t.events_note.replace("{heading}", &e.heading));
    }
    w.basis();
}
