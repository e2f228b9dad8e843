//! Clause bodies: strict minijinja substitution and the plain paragraph/list body format
//! described in `templates/README.md`.

use crate::library::Clause;
use minijinja::{Environment, UndefinedBehavior};
use std::collections::BTreeMap;

/// One block of a clause body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum BodyPart {
    Paragraph(String),
    /// Items without their `・` marker.
    List(Vec<String>),
}

const LIST_MARKER: char = '・';

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // A value the template names but nobody supplied must be an error, never blank text.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env
}

/// Substitutes `values` into `source`. Values are data: `{{` inside a value is printed as is.
pub fn render(source: &str, values: &BTreeMap<String, String>) -> Result<String, String> {
    environment()
        .render_str(source, minijinja::Value::from_serialize(values))
        .map_err(|e| describe(&e))
}

fn describe(e: &minijinja::Error) -> String {
    let mut msg = e.to_string();
    if let Some(detail) = e.detail() {
        if !msg.contains(detail) {
            msg = format!("{msg}: {detail}");
        }
    }
    msg
}

/// Variables a template uses.
pub fn variables(source: &str) -> Result<Vec<String>, String> {
    let env = environment();
    let tmpl = env.template_from_str(source).map_err(|e| describe(&e))?;
    Ok(tmpl.undeclared_variables(false).into_iter().collect())
}

/// Checks a clause at load time: templates compile and use only declared parameters.
pub fn check_clause(clause: &Clause) -> Result<(), String> {
    let mut sources: Vec<(&str, &str)> = vec![
        ("ja.body", clause.ja.body.as_str()),
        ("en.body", clause.en.body.as_str()),
    ];
    for s in &clause.supplements {
        sources.push(("supplements.ja", s.ja.as_str()));
        sources.push(("supplements.en", s.en.as_str()));
        for r in &s.requires {
            if clause.param(r).is_none() {
                return Err(format!(
                    "補足 {} が未定義のパラメータ {r} を参照しています / supplement requires undeclared parameter {r}",
                    s.id
                ));
            }
        }
    }
    for (place, source) in sources {
        for var in variables(source).map_err(|e| format!("{place}: {e}"))? {
            if clause.param(&var).is_none() {
                return Err(format!(
                    "{place}: パラメータ {var} が [[params]] に宣言されていません / template uses undeclared parameter {var}"
                ));
            }
        }
    }
    for p in &clause.params {
        if p.kind == crate::library::ParamKind::Choice && p.options.is_empty() {
            return Err(format!(
                "パラメータ {} に選択肢がありません / choice parameter without options",
                p.name
            ));
        }
    }
    Ok(())
}

/// Splits body text into paragraphs (blank-line separated) and `・` lists.
pub fn parse_body(text: &str) -> Vec<BodyPart> {
    let normalized = text.replace("\r\n", "\n");
    let mut parts = Vec::new();
    for chunk in normalized.split("\n\n") {
        let mut paragraph = String::new();
        let mut items: Vec<String> = Vec::new();
        for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(item) = line.strip_prefix(LIST_MARKER) {
                flush_paragraph(&mut paragraph, &mut parts);
                items.push(item.trim_start().to_string());
            } else {
                if !items.is_empty() {
                    parts.push(BodyPart::List(std::mem::take(&mut items)));
                }
                paragraph.push_str(line);
            }
        }
        flush_paragraph(&mut paragraph, &mut parts);
        if !items.is_empty() {
            parts.push(BodyPart::List(items));
        }
    }
    parts
}

fn flush_paragraph(paragraph: &mut String, parts: &mut Vec<BodyPart>) {
    if !paragraph.is_empty() {
        parts.push(BodyPart::Paragraph(std::mem::take(paragraph)));
    }
}

/// The canonical text form of a body (inverse of `parse_body`): used for comparisons and editing.
pub fn body_text(parts: &[BodyPart]) -> String {
    parts
        .iter()
        .map(|p| match p {
            BodyPart::Paragraph(t) => t.clone(),
            BodyPart::List(items) => items
                .iter()
                .map(|i| format!("{LIST_MARKER}{i}"))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn substitutes_values_verbatim() {
        let out = render(
            "{{ agency }}から提供する",
            &vals(&[("agency", "デジタル庁")]),
        )
        .unwrap();
        assert_eq!(out, "デジタル庁から提供する");
    }

    #[test]
    fn missing_value_is_an_error_not_blank() {
        let err = render("{{ agency }}から", &vals(&[])).unwrap_err();
        assert!(err.contains("undefined"), "{err}");
    }

    #[test]
    fn values_are_not_templates() {
        let out = render("{{ a }}", &vals(&[("a", "{{ b }}<&>")])).unwrap();
        assert_eq!(out, "{{ b }}<&>");
    }

    #[test]
    fn body_round_trip() {
        let text = "第一段落。\n\n前文。\n\n・項目一\n・項目二\n\nまた、後文。";
        let parts = parse_body(text);
        assert_eq!(
            parts,
            vec![
                BodyPart::Paragraph("第一段落。".into()),
                BodyPart::Paragraph("前文。".into()),
                BodyPart::List(vec!["項目一".into(), "項目二".into()]),
                BodyPart::Paragraph("また、後文。".into()),
            ]
        );
        assert_eq!(body_text(&parts), text);
    }

    #[test]
    fn list_directly_after_paragraph_line() {
        let parts = parse_body("前文。\n・一\n・二\n後文。");
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[2], BodyPart::Paragraph("後文。".into()));
    }
}
