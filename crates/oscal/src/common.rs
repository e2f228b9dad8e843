//! Small builders shared by the catalog and the assessment results: properties, ids, the
//! timestamp, the UUID names.

use crate::ProjectRef;
use secspec_core::Project;
use serde_json::{json, Value};

/// Namespace of the properties SecSpec defines itself (OSCAL asks for a namespace on every
/// property name that is not one of NIST's).
pub const NS: &str = "urn:secspec:oscal";

/// OSCAL strings may not start or end with white space nor hold line breaks: collapse them.
/// `None` when nothing is left.
pub fn clean(text: &str) -> Option<String> {
    let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!s.is_empty()).then_some(s)
}

/// An OSCAL token (`id`, `class`): item and category ids are `[a-z0-9_]+`; one starting with a
/// digit gets a leading underscore so that it stays a valid token.
pub fn token(id: &str) -> String {
    match id.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => id.to_string(),
        _ => format!("_{id}"),
    }
}

/// A SecSpec property; skipped (empty list) when the value is blank.
pub fn prop(name: &str, value: &str) -> Vec<Value> {
    clean(value)
        .map(|v| json!({ "name": name, "ns": NS, "value": v }))
        .into_iter()
        .collect()
}

/// A SecSpec property qualified by `class` (what kind of group) and `group` (which one).
pub fn group_prop(name: &str, value: &str, class: &str, group: Option<&str>) -> Vec<Value> {
    let mut props = prop(name, value);
    for p in &mut props {
        p["class"] = json!(token(class));
        if let Some(g) = group {
            p["group"] = json!(token(g));
        }
    }
    props
}

/// A property of NIST's own vocabulary (no namespace), e.g. `label`, `sort-id`.
pub fn nist_prop(name: &str, value: &str) -> Vec<Value> {
    clean(value)
        .map(|v| json!({ "name": name, "value": v }))
        .into_iter()
        .collect()
}

/// The document date at midnight Japan time: the only timestamp the export carries, so the same
/// project gives the same bytes.
pub fn timestamp(project: &Project) -> String {
    format!("{}T00:00:00+09:00", project.document_date)
}

/// UUID of an object of one revision of the export (the documents, the result).
pub fn revision_uuid(meta: &ProjectRef, what: &str) -> String {
    crate::uuid::secspec(&format!(
        "project/{}/revision/{}/{what}",
        meta.project_id, meta.revision
    ))
}

/// UUID of an object that keeps its identity across revisions (a finding, a source).
pub fn project_uuid(meta: &ProjectRef, what: &str) -> String {
    crate::uuid::secspec(&format!("project/{}/{what}", meta.project_id))
}

/// Part ids of a control: statement, guidance, assessment objective.
pub fn statement_id(item: &str) -> String {
    format!("{}_smt", token(item))
}

pub fn guidance_id(item: &str) -> String {
    format!("{}_gdn", token(item))
}

pub fn objective_id(item: &str) -> String {
    format!("{}_obj", token(item))
}

/// A key whose value is an array, only when the array has something (OSCAL arrays have
/// `minItems: 1`).
pub fn put_list(object: &mut Value, key: &str, list: Vec<Value>) {
    if let (false, Some(map)) = (list.is_empty(), object.as_object_mut()) {
        map.insert(key.to_string(), Value::Array(list));
    }
}

/// A key whose value is a string, only when it is not blank.
pub fn put_text(object: &mut Value, key: &str, text: &str) {
    if let (false, Some(map)) = (text.trim().is_empty(), object.as_object_mut()) {
        map.insert(key.to_string(), json!(text.trim()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_white_space() {
        assert_eq!(clean("  a \n b\t"), Some("a b".into()));
        assert_eq!(clean(" \n "), None);
    }

    #[test]
    fn tokens_start_with_a_letter_or_underscore() {
        assert_eq!(token("at_ipv6"), "at_ipv6");
        assert_eq!(token("9x"), "_9x");
        assert_eq!(token(""), "_");
    }
}
