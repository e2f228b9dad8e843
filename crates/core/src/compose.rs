//! One clause as it will print for a project: values substituted, officer's wording, supplements
//! and stricter additions, and any deviation from the standard text.

use crate::deviation::{self, Deviation};
use crate::document::Lang;
use crate::library::{Clause, Origin, ParamKind};
use crate::project::Project;
use crate::template::{self, BodyPart};
use std::collections::BTreeMap;

/// Drafts show unfilled values as the notice's own placeholders; final documents refuse them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Draft,
    Final,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ComposeError {
    #[error("{file}: 条項 {clause} の「{label}」（{field}）が未記入です / clause {clause}: {field} is not filled")]
    Unfilled {
        file: String,
        clause: String,
        field: String,
        label: String,
    },
    #[error("{file}: 条項 {clause} のテンプレートを展開できません: {message} / cannot render the template")]
    Template {
        file: String,
        clause: String,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComposedClause {
    pub clause_id: String,
    pub heading: String,
    pub origin: Origin,
    /// What prints: the officer's wording if any, else the standard text.
    pub parts: Vec<BodyPart>,
    /// The text an officer edits: the officer's wording as stored, or the standard text with
    /// each parameter shown as its placeholder (〔各府省庁名を記載〕), which stays live — the
    /// current value is put in wherever the placeholder stands.
    pub editable: String,
    /// The standard text with this project's values.
    pub standard: Vec<BodyPart>,
    /// Drafted sentences switched on by filled optional parameters.
    pub supplements: Vec<String>,
    /// The officer's stricter additions.
    pub additions: Vec<String>,
    pub deviation: Option<Deviation>,
    /// Required parameters left unfilled (printed as placeholders in drafts).
    pub unfilled: Vec<String>,
}

/// The display value of each parameter that has one.
fn values(project: &Project, clause: &Clause, lang: Lang) -> BTreeMap<String, String> {
    let choice = project.clauses.get(&clause.id);
    let mut out = BTreeMap::new();
    for param in &clause.params {
        let typed = choice
            .and_then(|c| c.params.get(&param.name))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty());
        let defaulted = match param.default_from.as_deref() {
            Some("agency") => Some(project.agency.trim()).filter(|v| !v.is_empty()),
            _ => None,
        };
        let Some(value) = typed.or(defaulted) else {
            continue;
        };
        let shown = match param.kind {
            ParamKind::Choice => param
                .options
                .iter()
                .find(|o| o.value == value || o.ja == value || o.en == value)
                .map(|o| match lang {
                    Lang::Ja => o.ja.clone(),
                    Lang::En => o.en.clone(),
                })
                .unwrap_or_else(|| value.to_string()),
            ParamKind::Integer => crate::validate::half_width_digits(value)
                .trim()
                .parse::<i64>()
                .map(|n| n.to_string())
                .unwrap_or_else(|_| value.to_string()),
            ParamKind::Text => value.to_string(),
        };
        out.insert(param.name.clone(), shown);
    }
    out
}

pub fn compose(
    project: &Project,
    clause: &Clause,
    lang: Lang,
    mode: Mode,
) -> Result<ComposedClause, ComposeError> {
    let mut vals = values(project, clause, lang);
    let unfilled: Vec<String> = clause
        .params
        .iter()
        .filter(|p| p.required && !vals.contains_key(&p.name))
        .map(|p| p.name.clone())
        .collect();
    if mode == Mode::Final {
        if let Some(name) = unfilled.first() {
            let label = clause
                .param(name)
                .map(|p| p.label(lang).to_string())
                .unwrap_or_default();
            return Err(ComposeError::Unfilled {
                file: clause.file.clone(),
                clause: clause.id.clone(),
                field: format!("clauses.{}.params.{name}", clause.id),
                label,
            });
        }
    }
    let supplements = supplements(clause, lang, &vals)?;
    for name in &unfilled {
        if let Some(p) = clause.param(name) {
            vals.insert(name.clone(), p.placeholder(lang).to_string());
        }
    }
    let text = clause.text(lang);
    let template_error = |message| ComposeError::Template {
        file: clause.file.clone(),
        clause: clause.id.clone(),
        message,
    };
    let rendered = template::render(&text.body, &vals).map_err(template_error)?;
    let standard = template::parse_body(&rendered);
    let placeholders: BTreeMap<String, String> = clause
        .params
        .iter()
        .map(|p| (p.name.clone(), p.placeholder(lang).to_string()))
        .collect();
    let choice = project.clauses.get(&clause.id);
    let custom = choice
        .filter(|_| lang == project.lang)
        .and_then(|c| c.custom_body.as_deref())
        .filter(|b| !b.trim().is_empty());
    let editable = match custom {
        Some(body) => deviation::normalize(body),
        None => template::body_text(&template::parse_body(
            &template::render(&text.body, &placeholders).map_err(template_error)?,
        )),
    };
    let deviation = custom.and_then(|body| {
        deviation::compare(
            &clause.id,
            &template::body_text(&standard),
            &fill_placeholders(body, clause, lang, &vals),
            choice.and_then(|c| c.deviation_reason.as_deref()),
        )
    });
    let parts = match &deviation {
        Some(d) => template::parse_body(&d.edited),
        None => standard.clone(),
    };
    let additions = choice
        .filter(|_| lang == project.lang)
        .map(|c| {
            c.additions
                .iter()
                .map(|a| deviation::normalize(a))
                .filter(|a| !a.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Ok(ComposedClause {
        clause_id: clause.id.clone(),
        heading: text.heading.clone(),
        origin: if deviation.is_some() {
            Origin::Agency
        } else {
            clause.origin_in(lang)
        },
        parts,
        editable,
        standard,
        supplements,
        additions,
        deviation,
        unfilled,
    })
}

/// The officer's wording with each parameter placeholder (〔各府省庁名を記載〕 …) replaced by
/// the parameter's current value (its placeholder again while it is unfilled).
fn fill_placeholders(
    body: &str,
    clause: &Clause,
    lang: Lang,
    vals: &BTreeMap<String, String>,
) -> String {
    clause
        .params
        .iter()
        .fold(body.to_string(), |text, p| match vals.get(&p.name) {
            Some(value) => text.replace(p.placeholder(lang), value),
            None => text,
        })
}

fn supplements(
    clause: &Clause,
    lang: Lang,
    vals: &BTreeMap<String, String>,
) -> Result<Vec<String>, ComposeError> {
    clause
        .supplements
        .iter()
        .filter(|s| s.requires.iter().all(|r| vals.contains_key(r)))
        .map(|s| {
            let source = match lang {
                Lang::Ja => &s.ja,
                Lang::En => &s.en,
            };
            template::render(source, vals).map_err(|message| ComposeError::Template {
                file: clause.file.clone(),
                clause: clause.id.clone(),
                message,
            })
        })
        .collect()
}

impl crate::Bilingual for ComposeError {
    fn message(&self) -> crate::Message {
        match self {
            ComposeError::Unfilled {
                file,
                clause,
                field,
                label,
            } => crate::Message::new(
                format!("{file}: 条項 {clause} の「{label}」（{field}）が未記入です"),
                format!("{file}: clause {clause}: {field} is not filled"),
            ),
            ComposeError::Template {
                file,
                clause,
                message,
            } => crate::Message::new(
                format!("{file}: 条項 {clause} のテンプレートを展開できません: {message}"),
                format!("{file}: cannot render the template of clause {clause}: {message}"),
            ),
        }
    }
}
