//! The OSCAL catalog: the checklist items that apply to the project, grouped by measure
//! category, each with its requirement sentence, guidance and evidence, its stage and
//! provenance, and the checklist's sources as back-matter resources.

use crate::common::{
    group_prop, guidance_id, nist_prop, objective_id, project_uuid, prop, put_list, put_text,
    revision_uuid, statement_id, timestamp, token, NS,
};
use crate::{document_id, ProjectRef, OSCAL_VERSION};
use secspec_core::checklist::report::decision_for;
use secspec_core::checklist::{Category, ItemDecision};
use secspec_core::checklist::{Checklist, Item};
use secspec_core::library::{Origin, Source};
use secspec_core::{Lang, Library, Project};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The catalog of the checklist items that apply to `project` (the real checklist decision,
/// overrides included), in checklist order.
pub fn catalog(library: &Library, project: &Project, meta: &ProjectRef) -> Value {
    let checklist = &library.checklist;
    let lang = project.lang;
    let decision = decision_for(library, project);
    let mut sources: BTreeSet<&str> = BTreeSet::new();
    let mut groups = Vec::new();
    for category in &checklist.categories {
        let mut controls = Vec::new();
        for (position, item) in checklist.items.iter().enumerate() {
            let Some(d) = decision.item(&item.id).filter(|d| d.included) else {
                continue;
            };
            if item.category != category.id {
                continue;
            }
            sources.extend(item.sources.iter().map(String::as_str));
            controls.push(control(checklist, item, d, position, lang, meta));
        }
        if !controls.is_empty() {
            groups.push(group(category, controls, lang));
        }
    }
    let mut catalog = json!({
        "uuid": revision_uuid(meta, "catalog"),
        "metadata": metadata(checklist, project, meta),
    });
    put_list(&mut catalog, "groups", groups);
    let resources: Vec<Value> = sources
        .into_iter()
        .filter_map(|key| checklist.source(key).map(|s| resource(key, s, lang, meta)))
        .collect();
    if !resources.is_empty() {
        catalog["back-matter"] = json!({ "resources": resources });
    }
    json!({ "catalog": catalog })
}

/// The catalog's title: the checklist's title with the project's name.
pub(crate) fn title(checklist: &Checklist, project: &Project) -> String {
    let name = project.title.trim();
    match project.lang {
        Lang::Ja => format!("{}（{name}）", checklist.title_ja),
        Lang::En => format!("{} ({name})", checklist.title_en),
    }
}

fn metadata(checklist: &Checklist, project: &Project, meta: &ProjectRef) -> Value {
    let lang = project.lang;
    let at = timestamp(project);
    let agency = [project.agency.trim(), project.bureau.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let mut m = json!({
        "title": title(checklist, project),
        "published": at,
        "last-modified": at,
        "version": format!("{}-R{}", checklist.version, meta.revision),
        "oscal-version": OSCAL_VERSION,
        "document-ids": [{ "identifier": document_id(meta) }],
    });
    let mut props = prop("language", lang.code());
    props.extend(prop("checklist-version", &checklist.version));
    props.extend(prop("agency", &agency));
    put_list(&mut m, "props", props);
    // How far the category names were checked, and (in English) that the text is a translation.
    let notes = match lang {
        Lang::Ja => vec![checklist.category_note_ja.trim()],
        Lang::En => vec![
            checklist.category_note_en.trim(),
            checklist.translation_note_en.trim(),
        ],
    };
    let notes: Vec<&str> = notes.into_iter().filter(|n| !n.is_empty()).collect();
    put_text(&mut m, "remarks", &notes.join("\n\n"));
    m
}

fn group(category: &Category, controls: Vec<Value>, lang: Lang) -> Value {
    let mut g = json!({
        "id": token(&category.id),
        "class": "category",
        "title": category.name(lang),
    });
    put_list(&mut g, "props", nist_prop("label", &category.code));
    let description = match lang {
        Lang::Ja => &category.description_ja,
        Lang::En => &category.description_en,
    };
    if !description.trim().is_empty() {
        g["parts"] = json!([{ "name": "overview", "prose": description.trim() }]);
    }
    g["controls"] = Value::Array(controls);
    g
}

fn origin_code(origin: Origin) -> &'static str {
    match origin {
        Origin::Official => "official",
        Origin::Drafted => "drafted",
        Origin::Translation => "translation",
        Origin::Agency => "agency",
    }
}

fn control(
    checklist: &Checklist,
    item: &Item,
    decision: &ItemDecision,
    position: usize,
    lang: Lang,
    meta: &ProjectRef,
) -> Value {
    let mut props = nist_prop("sort-id", &format!("{:03}", position + 1));
    if let Some(sub) = checklist
        .category(&item.category)
        .and_then(|c| c.subitem(&item.subitem))
    {
        props.extend(group_prop("sub-item", &sub.code, "sub-item", Some(&sub.id)));
    }
    props.extend(prop("stage", &item.stage));
    props.extend(prop("origin", origin_code(item.origin_in(lang))));
    props.extend(prop("item-version", &item.version));
    if decision.overridden {
        props.extend(prop("overridden", "true"));
    }
    if decision.provisional {
        props.extend(prop("provisional", "true"));
    }
    let links: Vec<Value> = item
        .sources
        .iter()
        .filter_map(|key| {
            checklist.source(key).map(|s| {
                json!({
                    "href": format!("#{}", project_uuid(meta, &format!("source/{key}"))),
                    "rel": "reference",
                    "text": source_title(s, lang),
                })
            })
        })
        .collect();
    let mut parts = Vec::new();
    parts.push(prose_part(
        "statement",
        Some(statement_id(&item.id)),
        item.requirement(lang),
    ));
    parts.push(prose_part(
        "guidance",
        Some(guidance_id(&item.id)),
        item.guidance(lang),
    ));
    let mut objective = prose_part(
        "assessment-objective",
        Some(objective_id(&item.id)),
        item.evidence(lang),
    );
    // What "x of n" counts for 一部実施 (e.g. the mail servers).
    put_list(
        &mut objective,
        "props",
        prop("target", item.target(lang).unwrap_or("")),
    );
    parts.push(objective);
    let mut provenance = prose_part("provenance", None, item.based_on(lang));
    provenance["ns"] = json!(NS);
    parts.push(provenance);
    let why: Vec<&str> = decision
        .why
        .iter()
        .map(|w| match lang {
            Lang::Ja => w.ja.trim(),
            Lang::En => w.en.trim(),
        })
        .filter(|w| !w.is_empty())
        .collect();
    if !why.is_empty() {
        let mut applicability = prose_part("applicability", None, &why.join("\n\n"));
        applicability["ns"] = json!(NS);
        parts.push(applicability);
    }
    let parts: Vec<Value> = parts
        .into_iter()
        .filter(|p| p.get("prose").is_some())
        .collect();
    let mut c = json!({
        "id": token(&item.id),
        "title": item.question(lang).trim(),
    });
    put_list(&mut c, "props", props);
    put_list(&mut c, "links", links);
    put_list(&mut c, "parts", parts);
    c
}

/// A part with its prose; the prose is left out when blank (the caller drops such parts).
fn prose_part(name: &str, id: Option<String>, prose: &str) -> Value {
    let mut p = json!({ "name": name });
    if let Some(id) = id {
        p["id"] = json!(id);
    }
    put_text(&mut p, "prose", prose);
    p
}

fn source_title(s: &Source, lang: Lang) -> String {
    match lang {
        Lang::Ja => s.title_ja.trim().to_string(),
        Lang::En => s.title_en.trim().to_string(),
    }
}

fn resource(key: &str, s: &Source, lang: Lang, meta: &ProjectRef) -> Value {
    let (issuer, note) = match lang {
        Lang::Ja => (&s.issuer_ja, &s.note_ja),
        Lang::En => (&s.issuer_en, &s.note_en),
    };
    let title = source_title(s, lang);
    let cited: Vec<&str> = [issuer.trim(), s.date.trim()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect();
    let citation = match (lang, cited.is_empty()) {
        (_, true) => title.clone(),
        (Lang::Ja, false) => format!("{title}（{}）", cited.join("、")),
        (Lang::En, false) => format!("{title} ({})", cited.join(", ")),
    };
    let mut r = json!({
        "uuid": project_uuid(meta, &format!("source/{key}")),
        "title": title,
        "citation": { "text": citation },
    });
    put_text(&mut r, "description", note);
    let mut props = prop("source-key", key);
    props.extend(prop("date", &s.date));
    put_list(&mut r, "props", props);
    r
}
