//! The OSCAL assessment results: one result for the project's checklist, a finding per
//! applicable item answered 実施 / 一部実施 / 未実施 (satisfied only when 実施), and the overall,
//! per-category and per-stage rates and grades (computed by the checklist's own scoring) as
//! properties. The catalog file is named, with its SHA-256, in the back matter.

use crate::catalog::{catalog, title as catalog_title};
use crate::common::{
    group_prop, objective_id, project_uuid, prop, put_list, put_text, revision_uuid, timestamp,
    token,
};
use crate::OSCAL_VERSION;
use crate::{catalog_file_name, document_id, sha256_hex, to_bytes, OscalError, ProjectRef};
use secspec_core::checklist::report::{decision_for, percent_text};
use secspec_core::checklist::{score_answers, Answer, GroupScore, ItemStatus, Rate, ScoreCard};
use secspec_core::library::LibraryError;
use secspec_core::{DocumentKind, Lang, Library, Project};
use serde_json::{json, Value};

/// The assessment results of `project`'s checklist answers.
pub fn assessment_results(
    library: &Library,
    project: &Project,
    meta: &ProjectRef,
) -> Result<Value, OscalError> {
    let checklist = &library.checklist;
    let lang = project.lang;
    let kind = DocumentKind::ChecklistReport;
    let text = library.layout(kind)?.text(lang);
    let r = text.report.as_ref().ok_or_else(|| {
        LibraryError::Missing(format!(
            "documents/{}.toml [{}.report]",
            kind.code(),
            lang.code()
        ))
    })?;
    let decision = decision_for(library, project);
    let card = score_answers(checklist, &decision, &project.checklist.answers)?;
    let at = timestamp(project);

    let mut findings = Vec::new();
    for item in &checklist.items {
        if !decision.is_included(&item.id) {
            continue;
        }
        let Some(answer) = project.checklist.answers.get(&item.id) else {
            continue;
        };
        let (state, implementation, status) = match answer.answer {
            Answer::Implemented => (
                "satisfied",
                Some("implemented"),
                r.status_implemented.clone(),
            ),
            Answer::Partial { done, of } => (
                "not-satisfied",
                Some("partial"),
                r.status_partial
                    .replace("{done}", &done.to_string())
                    .replace("{of}", &of.to_string()),
            ),
            Answer::NotImplemented => ("not-satisfied", None, r.status_not_implemented.clone()),
            // 対象外 leaves the score: there is nothing to find.
            Answer::NotApplicable => continue,
        };
        let mut target = json!({
            "type": "objective-id",
            "target-id": objective_id(&item.id),
            "status": { "state": state },
        });
        if let Some(state) = implementation {
            target["implementation-status"] = json!({ "state": state });
        }
        let mut props = prop("answer", answer_code(answer.answer));
        if let Answer::Partial { done, of } = answer.answer {
            props.extend(prop("partial", &format!("{done}/{of}")));
        }
        if let Some(rate) = card.item(&item.id).and_then(|s| s.rate.as_ref()) {
            props.extend(rate_props(rate, "item", None));
        }
        props.extend(prop("owner", &answer.owner));
        if let Some(due) = answer.due {
            props.extend(prop("due", &due.to_string()));
        }
        let mut finding = json!({
            "uuid": project_uuid(meta, &format!("finding/{}", item.id)),
            "title": item.question(lang).trim(),
            "description": status,
            "target": target,
        });
        put_list(&mut finding, "props", props);
        put_text(&mut finding, "remarks", &answer.evidence);
        findings.push(finding);
    }

    let reviewed: Vec<Value> = decision
        .included()
        .map(|d| json!({ "control-id": token(&d.item_id) }))
        .collect();
    let selection = if reviewed.is_empty() {
        json!({})
    } else {
        json!({ "include-controls": reviewed })
    };
    let intro = r
        .intro
        .replace("{checklist}", checklist.title(lang))
        .replace("{version}", &checklist.version);
    let mut result = json!({
        "uuid": revision_uuid(meta, "result"),
        "title": text.title.trim(),
        "description": intro.trim(),
        "start": at,
        "end": at,
        "reviewed-controls": { "control-selections": [selection] },
    });
    put_list(
        &mut result,
        "props",
        score_props(&card, decision.included().count()),
    );
    put_list(&mut result, "findings", findings);
    if !card.complete {
        put_text(
            &mut result,
            "remarks",
            &r.incomplete_note
                .replace("{count}", &card.unanswered.to_string()),
        );
    }

    // The catalog the findings' objective ids point into, pinned by its digest.
    let catalog_bytes = to_bytes(&catalog(library, project, meta))?;
    let catalog_resource = revision_uuid(meta, "catalog-file");
    let name = project.title.trim();
    let title = match lang {
        Lang::Ja => format!("{}（{name}）", text.title.trim()),
        Lang::En => format!("{} ({name})", text.title.trim()),
    };
    Ok(json!({
        "assessment-results": {
            "uuid": revision_uuid(meta, "assessment-results"),
            "metadata": {
                "title": title,
                "published": at,
                "last-modified": at,
                "version": format!("{}-R{}", checklist.version, meta.revision),
                "oscal-version": OSCAL_VERSION,
                "document-ids": [{ "identifier": document_id(meta) }],
                "props": prop("language", lang.code()),
            },
            "import-ap": { "href": format!("#{catalog_resource}") },
            "results": [result],
            "back-matter": {
                "resources": [{
                    "uuid": catalog_resource,
                    "title": catalog_title(checklist, project),
                    "rlinks": [{
                        "href": catalog_file_name(meta),
                        "media-type": "application/oscal.catalog+json",
                        "hashes": [{ "algorithm": "SHA-256", "value": sha256_hex(&catalog_bytes) }],
                    }],
                }],
            },
        }
    }))
}

fn answer_code(answer: Answer) -> &'static str {
    match answer {
        Answer::Implemented => "implemented",
        Answer::Partial { .. } => "partial",
        Answer::NotImplemented => "not_implemented",
        Answer::NotApplicable => "not_applicable",
    }
}

/// `87.5%`, the grade letter and the exact fraction (`7/8`; `1` or `0` when whole).
fn rate_props(rate: &Rate, class: &str, group: Option<&str>) -> Vec<Value> {
    let exact = if rate.denominator == "1" {
        rate.numerator.clone()
    } else {
        format!("{}/{}", rate.numerator, rate.denominator)
    };
    let mut props = group_prop("rate", &percent_text(rate.percent_tenths), class, group);
    props.extend(group_prop("grade", rate.grade.letter(), class, group));
    props.extend(group_prop("rate-exact", &exact, class, group));
    props
}

fn group_props(groups: &[GroupScore], class: &str) -> Vec<Value> {
    groups
        .iter()
        .filter_map(|g| {
            g.rate
                .as_ref()
                .map(|rate| rate_props(rate, class, Some(&g.id)))
        })
        .flatten()
        .collect()
}

/// The summary of the checklist report as properties: rates and grades, then the counts.
fn score_props(card: &ScoreCard, included: usize) -> Vec<Value> {
    let count = |s: ItemStatus| card.items.iter().filter(|i| i.status == s).count();
    let mut props = Vec::new();
    if let Some(rate) = &card.overall {
        props.extend(rate_props(rate, "overall", None));
    }
    props.extend(group_props(&card.categories, "category"));
    props.extend(group_props(&card.stages, "stage"));
    for (name, n) in [
        ("included", included),
        ("answered", included.saturating_sub(card.unanswered)),
        ("not-applicable", count(ItemStatus::NotApplicable)),
        ("unanswered", card.unanswered),
        ("open", card.open_items().count()),
    ] {
        props.extend(prop(name, &n.to_string()));
    }
    props.extend(prop(
        "complete",
        if card.complete { "true" } else { "false" },
    ));
    props
}
