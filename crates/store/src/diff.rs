//! Field-by-field differences between two versions of a project, for the history table.

use crate::error::{Result, StoreError};
use secspec_core::checklist::ChecklistState;
use secspec_core::{ClauseChoice, Project};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One changed field: a JSON Pointer and the old and new values as JSON text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub path: String,
    pub old: String,
    pub new: String,
}

/// The project without its clause choices and checklist, as a JSON object (what the `data` column holds).
pub(crate) fn project_data(project: &Project) -> Result<Map<String, Value>> {
    match serde_json::to_value(project)? {
        Value::Object(mut map) => {
            map.remove("clauses");
            map.remove("checklist");
            Ok(map)
        }
        other => Err(StoreError::invalid(
            format!("案件を JSON オブジェクトにできません: {other}"),
            format!("project did not serialise to an object: {other}"),
        )),
    }
}

/// Escapes one JSON Pointer segment (RFC 6901).
pub(crate) fn escape_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Builds a JSON Pointer from segments.
pub(crate) fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", escape_segment(s)))
        .collect()
}

/// Splits a JSON Pointer into unescaped segments.
pub(crate) fn pointer_segments(pointer: &str) -> Vec<String> {
    match pointer.strip_prefix('/') {
        None => Vec::new(),
        Some(rest) => rest
            .split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

fn push_if_changed<T: Serialize + PartialEq>(
    out: &mut Vec<Change>,
    path: String,
    old: &T,
    new: &T,
) -> Result<()> {
    if old != new {
        out.push(Change {
            path,
            old: json(old)?,
            new: json(new)?,
        });
    }
    Ok(())
}

/// All differences from `old` to `new`, in a stable order: top-level fields (by name), then clauses
/// (by id). A clause that appears or disappears is one change at `/clauses/<id>` whose other side is
/// `null`; a clause present in both gives one change per differing field, and one per parameter.
pub(crate) fn diff_projects(old: &Project, new: &Project) -> Result<Vec<Change>> {
    let mut out = Vec::new();

    let old_data = project_data(old)?;
    let new_data = project_data(new)?;
    let keys: BTreeSet<&String> = old_data.keys().chain(new_data.keys()).collect();
    for key in keys {
        let o = old_data.get(key).unwrap_or(&Value::Null);
        let n = new_data.get(key).unwrap_or(&Value::Null);
        push_if_changed(&mut out, pointer(&[key]), o, n)?;
    }

    let ids: BTreeSet<&String> = old.clauses.keys().chain(new.clauses.keys()).collect();
    for id in ids {
        match (old.clauses.get(id), new.clauses.get(id)) {
            (Some(o), Some(n)) => diff_clause(&mut out, id, o, n)?,
            (o, n) => push_if_changed(&mut out, pointer(&["clauses", id]), &o, &n)?,
        }
    }
    diff_checklist(&mut out, &old.checklist, &new.checklist)?;
    Ok(out)
}

/// One change per profile question, override and item answer that differs.
fn diff_checklist(out: &mut Vec<Change>, old: &ChecklistState, new: &ChecklistState) -> Result<()> {
    let (o, n) = (&old.profile.answers, &new.profile.answers);
    diff_keyed(out, &["checklist", "profile"], o, n)?;
    diff_keyed(
        out,
        &["checklist", "overrides"],
        &old.overrides,
        &new.overrides,
    )?;
    diff_keyed(out, &["checklist", "answers"], &old.answers, &new.answers)
}

/// One change per key of two maps whose value differs, at `<prefix>/<key>` (absent = `null`).
fn diff_keyed<T: Serialize + PartialEq>(
    out: &mut Vec<Change>,
    prefix: &[&str],
    old: &BTreeMap<String, T>,
    new: &BTreeMap<String, T>,
) -> Result<()> {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let mut path = prefix.to_vec();
        path.push(key);
        push_if_changed(out, pointer(&path), &old.get(key), &new.get(key))?;
    }
    Ok(())
}

fn diff_clause(
    out: &mut Vec<Change>,
    id: &str,
    old: &ClauseChoice,
    new: &ClauseChoice,
) -> Result<()> {
    // Destructured without `..` so that a new ClauseChoice field fails to compile here
    // (it would also need a column and a migration).
    let ClauseChoice {
        include: old_include,
        params: old_params,
        custom_body: old_body,
        deviation_reason: old_reason,
        additions: old_additions,
    } = old;
    let ClauseChoice {
        include: new_include,
        params: new_params,
        custom_body: new_body,
        deviation_reason: new_reason,
        additions: new_additions,
    } = new;

    let field = |name: &str| pointer(&["clauses", id, name]);
    push_if_changed(out, field("include"), old_include, new_include)?;
    diff_params(out, id, old_params, new_params)?;
    push_if_changed(out, field("custom_body"), old_body, new_body)?;
    push_if_changed(out, field("deviation_reason"), old_reason, new_reason)?;
    push_if_changed(out, field("additions"), old_additions, new_additions)?;
    Ok(())
}

fn diff_params(
    out: &mut Vec<Change>,
    id: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Result<()> {
    diff_keyed(out, &["clauses", id, "params"], old, new)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use secspec_core::{ContractKind, ContractMethod, Date, Lang};

    fn base() -> Project {
        Project {
            word_font: Default::default(),
            title: "システム運用保守業務".into(),
            agency: "デジタル庁".into(),
            bureau: String::new(),
            officer: String::new(),
            contract_kind: ContractKind::Contracting,
            method: ContractMethod::OpenTender,
            national_security: Some(false),
            national_security_reason: String::new(),
            outsourcing: true,
            subcontracting: false,
            voluntary: false,
            document_date: Date::parse("2026-04-01").unwrap(),
            contract_start: None,
            contract_end: None,
            lang: Lang::Ja,
            clauses: BTreeMap::new(),
            checklist: Default::default(),
        }
    }

    #[test]
    fn identical_projects_have_no_changes() {
        assert!(diff_projects(&base(), &base()).unwrap().is_empty());
    }

    #[test]
    fn top_level_and_clause_changes_are_precise() {
        let mut old = base();
        old.clauses.insert(
            "a/b".into(),
            ClauseChoice {
                params: [("期間".to_string(), "1年".to_string())].into(),
                ..Default::default()
            },
        );
        let mut new = old.clone();
        new.title = "新件名".into();
        new.contract_end = Some(Date::parse("2027-03-31").unwrap());
        let c = new.clauses.get_mut("a/b").unwrap();
        c.include = Some(false);
        c.params.insert("期間".into(), "2年".into());
        c.params.insert("回数".into(), "4".into());
        new.clauses.insert("X~1".into(), ClauseChoice::default());

        let changes = diff_projects(&old, &new).unwrap();
        let got: Vec<(&str, &str, &str)> = changes
            .iter()
            .map(|c| (c.path.as_str(), c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("/contract_end", "null", "\"2027-03-31\""),
                ("/title", "\"システム運用保守業務\"", "\"新件名\""),
                ("/clauses/X~01", "null", "{\"include\":null,\"params\":{},\"custom_body\":null,\"deviation_reason\":null,\"additions\":[]}"),
                ("/clauses/a~1b/include", "null", "false"),
                ("/clauses/a~1b/params/回数", "null", "\"4\""),
                ("/clauses/a~1b/params/期間", "\"1年\"", "\"2年\""),
            ]
        );
    }

    #[test]
    fn pointer_round_trips() {
        let p = pointer(&["clauses", "a/b~c", "params", ""]);
        assert_eq!(p, "/clauses/a~1b~0c/params/");
        assert_eq!(pointer_segments(&p), vec!["clauses", "a/b~c", "params", ""]);
        assert!(pointer_segments("").is_empty());
    }
}
