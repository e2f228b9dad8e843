#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The OSCAL export of the procurement example: both documents validate against the official
//! OSCAL 1.1.3 JSON schemas (vendored in `tests/schema/`, no network), the bytes are the same
//! every time, and the counts and scores are the checklist's own.

use secspec_core::checklist::report::{decision_for, percent_text};
use secspec_core::checklist::{score_answers, Answer};
use secspec_core::{Lang, Library, Project};
use secspec_oscal::{
    assessment_results, catalog, export, sha256_hex, to_bytes, ProjectRef, OSCAL_VERSION,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn library() -> Library {
    secspec_render::assets::load_library(&repo().join("templates")).unwrap()
}

fn procurement() -> Project {
    let text = std::fs::read_to_string(repo().join("templates/examples/procurement.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

const META: ProjectRef = ProjectRef {
    project_id: 1,
    revision: 4,
};

fn schema(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schema")
        .join(name);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{} schema errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

fn catalog_schema() -> jsonschema::Validator {
    schema("oscal_catalog_schema.json")
}

fn results_schema() -> jsonschema::Validator {
    schema("oscal_assessment-results_schema.json")
}

/// Every control of the catalog, in order.
fn controls(cat: &Value) -> Vec<&Value> {
    cat["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["controls"].as_array().unwrap())
        .collect()
}

fn findings(ar: &Value) -> &Vec<Value> {
    ar["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap()
}

fn prop<'a>(props: &'a Value, name: &str, group: Option<&str>) -> Option<&'a str> {
    props.as_array()?.iter().find_map(|p| {
        let same_group = p.get("group").and_then(Value::as_str) == group;
        (p["name"] == name && same_group).then(|| p["value"].as_str().unwrap())
    })
}

#[test]
fn catalog_validates_against_the_oscal_schema() {
    let (library, project) = (library(), procurement());
    let cat = catalog(&library, &project, &META);
    assert_valid(&catalog_schema(), &cat);
    assert_eq!(cat["catalog"]["metadata"]["oscal-version"], OSCAL_VERSION);
    assert_eq!(
        cat["catalog"]["metadata"]["last-modified"],
        "2026-11-22T00:00:00+09:00"
    );
}

#[test]
fn assessment_results_validate_against_the_oscal_schema() {
    let (library, project) = (library(), procurement());
    let ar = assessment_results(&library, &project, &META).unwrap();
    assert_valid(&results_schema(), &ar);
}

#[test]
fn english_documents_validate_too() {
    let library = library();
    let mut project = procurement();
    project.lang = Lang::En;
    let cat = catalog(&library, &project, &META);
    assert_valid(&catalog_schema(), &cat);
    let ar = assessment_results(&library, &project, &META).unwrap();
    assert_valid(&results_schema(), &ar);
    let first = controls(&cat)[0];
    let item = library
        .checklist
        .item(first["id"].as_str().unwrap())
        .unwrap();
    assert_eq!(first["title"], item.question_en.trim());
}

/// The validation is real: the schemas refuse what OSCAL refuses.
#[test]
fn the_schemas_refuse_broken_documents() {
    let (library, project) = (library(), procurement());
    let mut cat = catalog(&library, &project, &META);
    cat["catalog"]["uuid"] = Value::from("not-a-uuid");
    assert!(!catalog_schema().is_valid(&cat));
    let mut cat = catalog(&library, &project, &META);
    cat["catalog"]["groups"][0]["controls"][0]["id"] = Value::from("1 not a token");
    assert!(!catalog_schema().is_valid(&cat));
    let mut cat = catalog(&library, &project, &META);
    cat["catalog"]["metadata"]["last-modified"] = Value::from("2026-11-22");
    assert!(!catalog_schema().is_valid(&cat));
    let mut ar = assessment_results(&library, &project, &META).unwrap();
    ar["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] =
        Value::from("maybe");
    assert!(!results_schema().is_valid(&ar));
    let mut ar = assessment_results(&library, &project, &META).unwrap();
    ar["assessment-results"]
        .as_object_mut()
        .unwrap()
        .remove("import-ap");
    assert!(!results_schema().is_valid(&ar));
}

#[test]
fn the_same_project_gives_the_same_bytes() {
    let (library, project) = (library(), procurement());
    let a = export(&library, &project, &META).unwrap();
    let b = export(&library, &project, &META).unwrap();
    assert_eq!(a, b);
    assert_eq!(a[0].file_name, "SECSPEC-00001-OSCAL-R4-catalog.json");
    assert_eq!(
        a[1].file_name,
        "SECSPEC-00001-OSCAL-R4-assessment-results.json"
    );
    // Another revision is another document, with other document UUIDs but the same findings.
    let c = export(
        &library,
        &project,
        &ProjectRef {
            revision: 5,
            ..META
        },
    )
    .unwrap();
    let (ar4, ar5): (Value, Value) = (
        serde_json::from_slice(&a[1].bytes).unwrap(),
        serde_json::from_slice(&c[1].bytes).unwrap(),
    );
    assert_ne!(
        ar4["assessment-results"]["uuid"],
        ar5["assessment-results"]["uuid"]
    );
    assert_eq!(findings(&ar4)[0]["uuid"], findings(&ar5)[0]["uuid"]);
}

#[test]
fn controls_are_the_applicable_items_grouped_by_category() {
    let (library, project) = (library(), procurement());
    let checklist = &library.checklist;
    let decision = decision_for(&library, &project);
    let cat = catalog(&library, &project, &META);
    let ids: Vec<&str> = controls(&cat)
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let included: Vec<&str> = decision.included().map(|d| d.item_id.as_str()).collect();
    assert_eq!(ids, included);
    assert!(
        ids.len() < checklist.items.len(),
        "the profile rules items out"
    );
    // The override that removes an item removes its control; the one that adds keeps it, marked.
    assert!(!ids.contains(&"ph_site_selection"));
    let added = controls(&cat)
        .into_iter()
        .find(|c| c["id"] == "at_periodic_assessment")
        .unwrap();
    assert_eq!(prop(&added["props"], "overridden", None), Some("true"));
    for group in cat["catalog"]["groups"].as_array().unwrap() {
        let category = checklist.category(group["id"].as_str().unwrap()).unwrap();
        assert_eq!(group["title"], category.name_ja.as_str());
        for c in group["controls"].as_array().unwrap() {
            let item = checklist.item(c["id"].as_str().unwrap()).unwrap();
            assert_eq!(item.category, category.id);
            assert_eq!(prop(&c["props"], "stage", None), Some(item.stage.as_str()));
            let parts = c["parts"].as_array().unwrap();
            let part = |name: &str| parts.iter().find(|p| p["name"] == name).unwrap();
            assert_eq!(part("statement")["prose"], item.requirement_ja.trim());
            assert_eq!(part("guidance")["prose"], item.guidance_ja.trim());
            assert_eq!(
                part("assessment-objective")["prose"],
                item.evidence_ja.trim()
            );
            assert_eq!(
                part("assessment-objective")["id"],
                format!("{}_obj", item.id)
            );
        }
    }
    // Every source an item names is a back-matter resource its links point to.
    let resources: BTreeSet<String> = cat["catalog"]["back-matter"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("#{}", r["uuid"].as_str().unwrap()))
        .collect();
    for c in controls(&cat) {
        for link in c["links"].as_array().unwrap() {
            assert!(resources.contains(link["href"].as_str().unwrap()), "{link}");
        }
    }
}

#[test]
fn findings_and_scores_are_the_checklists_own() {
    let (library, project) = (library(), procurement());
    let checklist = &library.checklist;
    let decision = decision_for(&library, &project);
    let card = score_answers(checklist, &decision, &project.checklist.answers).unwrap();
    let cat = catalog(&library, &project, &META);
    let ar = assessment_results(&library, &project, &META).unwrap();
    let found = findings(&ar);

    let answered: Vec<(&str, Answer)> = checklist
        .items
        .iter()
        .filter(|i| decision.is_included(&i.id))
        .filter_map(|i| {
            project
                .checklist
                .answers
                .get(&i.id)
                .map(|a| (i.id.as_str(), a.answer))
        })
        .filter(|(_, a)| *a != Answer::NotApplicable)
        .collect();
    assert_eq!(found.len(), answered.len());
    let satisfied = found
        .iter()
        .filter(|f| f["target"]["status"]["state"] == "satisfied")
        .count();
    let implemented = answered
        .iter()
        .filter(|(_, a)| *a == Answer::Implemented)
        .count();
    assert_eq!(satisfied, implemented);
    assert!(satisfied > 0 && satisfied < found.len());

    // Each finding targets the assessment objective of its control in the catalog.
    let objectives: BTreeSet<String> = controls(&cat)
        .iter()
        .map(|c| format!("{}_obj", c["id"].as_str().unwrap()))
        .collect();
    for f in found {
        assert!(objectives.contains(f["target"]["target-id"].as_str().unwrap()));
    }
    let exit = found
        .iter()
        .find(|f| f["target"]["target-id"] == "at_exit_controls_obj")
        .unwrap();
    assert_eq!(prop(&exit["props"], "partial", None), Some("3/4"));
    assert_eq!(exit["target"]["implementation-status"]["state"], "partial");
    assert_eq!(prop(&exit["props"], "owner", None), Some("基盤担当 佐藤"));
    assert_eq!(prop(&exit["props"], "due", None), Some("2027-06-30"));

    // Rates and grades as the report prints them.
    let result = &ar["assessment-results"]["results"][0];
    let overall = card.overall.as_ref().unwrap();
    assert_eq!(
        prop(&result["props"], "rate", None),
        Some(percent_text(overall.percent_tenths).as_str())
    );
    assert_eq!(
        prop(&result["props"], "grade", None),
        Some(overall.grade.letter())
    );
    for g in &card.categories {
        let Some(rate) = &g.rate else { continue };
        assert_eq!(
            prop(&result["props"], "grade", Some(&g.id)),
            Some(rate.grade.letter()),
            "category {}",
            g.id
        );
    }
    assert_eq!(
        prop(&result["props"], "unanswered", None),
        Some(card.unanswered.to_string().as_str())
    );
    let reviewed: Vec<&str> = result["reviewed-controls"]["control-selections"][0]
        ["include-controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["control-id"].as_str().unwrap())
        .collect();
    let included: Vec<&str> = decision.included().map(|d| d.item_id.as_str()).collect();
    assert_eq!(reviewed, included);
}

#[test]
fn the_results_pin_the_catalog_by_its_digest() {
    let (library, project) = (library(), procurement());
    let files = export(&library, &project, &META).unwrap();
    let ar: Value = serde_json::from_slice(&files[1].bytes).unwrap();
    let resource = &ar["assessment-results"]["back-matter"]["resources"][0];
    let rlink = &resource["rlinks"][0];
    assert_eq!(rlink["href"], files[0].file_name.as_str());
    assert_eq!(
        rlink["hashes"][0]["value"],
        sha256_hex(&files[0].bytes).as_str()
    );
    assert_eq!(
        ar["assessment-results"]["import-ap"]["href"],
        format!("#{}", resource["uuid"].as_str().unwrap())
    );
    assert_eq!(
        files[0].bytes,
        to_bytes(&catalog(&library, &project, &META)).unwrap()
    );
}

#[test]
fn uuids_are_unique_version_5() {
    let (library, project) = (library(), procurement());
    let mut seen = BTreeSet::new();
    for doc in [
        catalog(&library, &project, &META),
        assessment_results(&library, &project, &META).unwrap(),
    ] {
        collect_uuids(&doc, &mut seen);
    }
    assert!(seen.len() > 50, "{}", seen.len());
    for u in &seen {
        assert_eq!(&u[14..15], "5", "{u}");
    }
}

/// Every `uuid` key's value, each seen once (a repeated one fails the test).
fn collect_uuids(v: &Value, seen: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == "uuid" {
                    let u = x.as_str().unwrap().to_string();
                    assert!(seen.insert(u.clone()), "uuid {u} used twice");
                } else {
                    collect_uuids(x, seen);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|x| collect_uuids(x, seen)),
        _ => {}
    }
}
