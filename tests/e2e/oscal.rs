//! `secspec checklist oscal ID --out DIR` end to end: both files written under the document id,
//! parseable OSCAL, the catalog pinned by its digest, the same bytes on a second run.

use crate::support::*;
use secspec_core::checklist::report::decision_for;
use secspec_core::Project;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn oscal_writes_the_catalog_and_the_assessment_results() {
    let env = Env::new();
    let id = env.new_project(&example("procurement.toml"));
    let dir = env.path("oscal");
    let out = env.ok(&["checklist", "oscal", &id, "--out", dir.to_str().unwrap()]);

    let stem = format!("SECSPEC-{:05}-OSCAL-R1", id.parse::<i64>().unwrap());
    let catalog_path = dir.join(format!("{stem}-catalog.json"));
    let results_path = dir.join(format!("{stem}-assessment-results.json"));
    let catalog_bytes = std::fs::read(&catalog_path).unwrap_or_else(|e| panic!("{e}: {out}"));
    let results_bytes = std::fs::read(&results_path).unwrap();
    // Each file is printed with its SHA-256.
    assert!(out.contains(&sha256_hex(&catalog_bytes)), "{out}");
    assert!(out.contains(&sha256_hex(&results_bytes)), "{out}");

    let catalog: Value = serde_json::from_slice(&catalog_bytes).unwrap();
    let results: Value = serde_json::from_slice(&results_bytes).unwrap();
    assert_eq!(catalog["catalog"]["metadata"]["oscal-version"], "1.1.3");
    assert_eq!(
        catalog["catalog"]["metadata"]["document-ids"][0]["identifier"],
        stem.as_str()
    );

    // The controls are the items the checklist decision includes.
    let library = secspec_render::assets::load_library(&repo().join("templates")).unwrap();
    let project: Project = toml::from_str(&example("procurement.toml")).unwrap();
    let included: Vec<String> = decision_for(&library, &project)
        .included()
        .map(|d| d.item_id.clone())
        .collect();
    let controls: Vec<String> = catalog["catalog"]["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["controls"].as_array().unwrap())
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(controls, included);

    // The results name the catalog file and its digest, and hold findings.
    let ar = &results["assessment-results"];
    let rlink = &ar["back-matter"]["resources"][0]["rlinks"][0];
    assert_eq!(rlink["href"], format!("{stem}-catalog.json"));
    assert_eq!(rlink["hashes"][0]["value"], sha256_hex(&catalog_bytes));
    let findings = ar["results"][0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings
        .iter()
        .any(|f| f["target"]["status"]["state"] == "not-satisfied"));

    // Deterministic: a second run writes the same bytes.
    let again = env.path("again");
    env.ok(&["checklist", "oscal", &id, "--out", again.to_str().unwrap()]);
    assert_eq!(
        catalog_bytes,
        std::fs::read(again.join(format!("{stem}-catalog.json"))).unwrap()
    );
    assert_eq!(
        results_bytes,
        std::fs::read(again.join(format!("{stem}-assessment-results.json"))).unwrap()
    );
}

#[test]
fn oscal_of_an_unknown_project_is_bad_input() {
    let env = Env::new();
    env.new_project(&example("procurement.toml"));
    let dir = env.path("oscal");
    let out = env.secspec(&["checklist", "oscal", "999", "--out", dir.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.exists());
}
