//! Input validation: values that cannot be used as given, reported per field.

use crate::issue::{Issue, Severity};
use crate::library::{Library, Param, ParamKind};
use crate::project::Project;

pub const MAX_SHORT: usize = 200;
pub const MAX_REASON: usize = 2_000;
pub const MAX_BODY: usize = 20_000;
pub const MAX_ADDITION: usize = 5_000;
pub const MAX_ADDITIONS: usize = 50;
/// An evidence note of a checklist answer (the same limit as a spreadsheet import).
pub const MAX_EVIDENCE: usize = 4_000;

fn invalid(field: &str, ja: String, en: String) -> Issue {
    Issue::new(Severity::Invalid, field, ja, en)
}

/// Checks one free-text value: length and characters that documents cannot carry.
pub fn text(field: &str, value: &str, max: usize, multiline: bool) -> Option<Issue> {
    let len = value.chars().count();
    if len > max {
        return Some(invalid(
            field,
            format!("長すぎます（{len} 文字、上限 {max} 文字）"),
            format!("too long ({len} characters, at most {max})"),
        ));
    }
    let bad = value.chars().find(|c| {
        let control = (c.is_control() && !(multiline && (*c == '\n' || *c == '\r')))
            || *c == '\u{FFFE}'
            || *c == '\u{FFFF}';
        control || (!multiline && (*c == '\n' || *c == '\r'))
    });
    bad.map(|c| {
        invalid(
            field,
            format!("使用できない制御文字 U+{:04X} が含まれています", c as u32),
            format!("contains the control character U+{:04X}", c as u32),
        )
    })
}

/// Checks a parameter value against its declared type.
pub fn param_value(field: &str, param: &Param, value: &str) -> Option<Issue> {
    let value = value.trim();
    match param.kind {
        ParamKind::Text => text(field, value, param.max_len.unwrap_or(MAX_SHORT), false),
        ParamKind::Choice => {
            let known = param
                .options
                .iter()
                .any(|o| o.value == value || o.ja == value || o.en == value);
            (!known).then(|| {
                let list: Vec<&str> = param.options.iter().map(|o| o.value.as_str()).collect();
                invalid(
                    field,
                    format!("「{value}」は選択肢にありません（{}）", list.join(", ")),
                    format!("\"{value}\" is not one of: {}", list.join(", ")),
                )
            })
        }
        ParamKind::Integer => match value.parse::<i64>() {
            Err(_) => Some(invalid(
                field,
                format!("「{value}」は整数ではありません"),
                format!("\"{value}\" is not a whole number"),
            )),
            Ok(n) => {
                let lo = param.min.unwrap_or(i64::MIN);
                let hi = param.max.unwrap_or(i64::MAX);
                (!(lo..=hi).contains(&n)).then(|| {
                    invalid(
                        field,
                        format!("{n} は範囲外です（{lo}〜{hi}）"),
                        format!("{n} is out of range ({lo}..={hi})"),
                    )
                })
            }
        },
    }
}

/// One free-text value of a project: its field path, value, length limit and whether it may span lines.
pub struct TextField<'a> {
    pub field: String,
    pub value: &'a str,
    pub max: usize,
    pub multiline: bool,
}

/// Every free-text value a user typed, with the field path used in messages.
pub fn text_fields(p: &Project) -> Vec<TextField<'_>> {
    let short = |field: &str, value| TextField {
        field: field.to_string(),
        value,
        max: MAX_SHORT,
        multiline: false,
    };
    let mut fields = vec![
        short("title", p.title.as_str()),
        short("agency", p.agency.as_str()),
        short("bureau", p.bureau.as_str()),
        short("officer", p.officer.as_str()),
        TextField {
            field: "national_security_reason".into(),
            value: &p.national_security_reason,
            max: MAX_REASON,
            multiline: true,
        },
    ];
    for (id, c) in &p.clauses {
        for (name, v) in &c.params {
            // Typed limits are checked against the clause's declaration in `project`.
            fields.push(TextField {
                field: format!("clauses.{id}.params.{name}"),
                value: v,
                max: MAX_REASON,
                multiline: false,
            });
        }
        if let Some(b) = &c.custom_body {
            fields.push(TextField {
                field: format!("clauses.{id}.custom_body"),
                value: b,
                max: MAX_BODY,
                multiline: true,
            });
        }
        if let Some(r) = &c.deviation_reason {
            fields.push(TextField {
                field: format!("clauses.{id}.deviation_reason"),
                value: r,
                max: MAX_REASON,
                multiline: true,
            });
        }
        for (n, a) in c.additions.iter().enumerate() {
            fields.push(TextField {
                field: format!("clauses.{id}.additions[{n}]"),
                value: a,
                max: MAX_ADDITION,
                multiline: true,
            });
        }
    }
    for (id, o) in &p.checklist.overrides {
        fields.push(TextField {
            field: format!("checklist.overrides.{id}.reason"),
            value: &o.reason,
            max: MAX_REASON,
            multiline: true,
        });
    }
    for (id, a) in &p.checklist.answers {
        fields.push(TextField {
            field: format!("checklist.answers.{id}.evidence"),
            value: &a.evidence,
            max: MAX_EVIDENCE,
            multiline: true,
        });
        fields.push(TextField {
            field: format!("checklist.answers.{id}.owner"),
            value: &a.owner,
            max: MAX_SHORT,
            multiline: false,
        });
    }
    fields
}

/// What must never be stored: control characters and absurd lengths. Anything else (an empty
/// title, a wrong parameter type) is kept so that no typing is lost, and reported by `project`.
pub fn storable(p: &Project) -> Vec<Issue> {
    let mut issues: Vec<Issue> = text_fields(p)
        .iter()
        .filter_map(|f| text(&f.field, f.value, f.max, f.multiline))
        .collect();
    for (id, c) in &p.clauses {
        if c.additions.len() > MAX_ADDITIONS {
            issues.push(invalid(
                &format!("clauses.{id}.additions"),
                format!("追加要件が多すぎます（上限 {MAX_ADDITIONS} 件）"),
                format!("too many additions (at most {MAX_ADDITIONS})"),
            ));
        }
    }
    for (id, a) in &p.checklist.answers {
        if let Err(e) = crate::checklist::scoring::answer_rate(id, a.answer) {
            let text = e.to_string();
            let (ja, en) = text
                .split_once(" / ")
                .unwrap_or((text.as_str(), text.as_str()));
            let ja = ja.split_once(": ").map_or(ja, |(_, m)| m);
            issues.push(invalid(
                &format!("checklist.answers.{id}.answer"),
                ja.to_string(),
                en.to_string(),
            ));
        }
    }
    issues
}

/// All input errors of a project against the library.
pub fn project(p: &Project, library: &Library) -> Vec<Issue> {
    let mut issues = storable(p);
    let mut push = |i: Option<Issue>| issues.extend(i);
    push(required("title", &p.title));
    push(required("agency", &p.agency));
    for (field, date) in [
        ("document_date", Some(p.document_date)),
        ("contract_start", p.contract_start),
        ("contract_end", p.contract_end),
    ] {
        if let Some(Err(e)) = date.map(crate::wareki::format) {
            let text = e.to_string();
            let (ja, en) = text
                .split_once(" / ")
                .unwrap_or((text.as_str(), text.as_str()));
            push(Some(invalid(field, ja.to_string(), en.to_string())));
        }
    }
    if let (Some(start), Some(end)) = (p.contract_start, p.contract_end) {
        if end < start {
            push(Some(invalid(
                "contract_end",
                format!("契約終了日 {end} が契約開始日 {start} より前です"),
                format!("contract end {end} is before contract start {start}"),
            )));
        }
    }
    for (id, choice) in &p.clauses {
        let base = format!("clauses.{id}");
        let Some(clause) = library.clause(id) else {
            push(Some(invalid(
                &base,
                format!("条項 {id} はテンプレートにありません"),
                format!("no clause {id} in the template library"),
            )));
            continue;
        };
        for (name, value) in &choice.params {
            let field = format!("{base}.params.{name}");
            match clause.param(name) {
                None => push(Some(invalid(
                    &field,
                    format!("条項 {id} にパラメータ {name} はありません"),
                    format!("clause {id} has no parameter {name}"),
                ))),
                Some(param) if !value.trim().is_empty() => push(param_value(&field, param, value)),
                Some(_) => {}
            }
        }
    }
    let checklist = &library.checklist;
    issues.extend(crate::checklist::check_inputs(
        checklist,
        &p.checklist.profile,
        &p.checklist.overrides,
    ));
    for id in p.checklist.answers.keys() {
        if checklist.item(id).is_none() {
            issues.push(invalid(
                &format!("checklist.answers.{id}"),
                format!("点検項目 {id} は点検リストにありません"),
                format!("there is no checklist item {id}"),
            ));
        }
    }
    issues
}

fn required(field: &str, value: &str) -> Option<Issue> {
    value
        .trim()
        .is_empty()
        .then(|| invalid(field, "入力してください（必須）".into(), "required".into()))
}

/// Characters of user-entered text that no bundled font can print, named by field.
pub fn glyphs(p: &Project, covers: &dyn Fn(char) -> bool) -> Vec<Issue> {
    text_fields(p)
        .into_iter()
        .filter_map(|f| {
            f.value
                .chars()
                .find(|ch| !ch.is_whitespace() && !ch.is_control() && !covers(*ch))
                .map(|ch| {
                    invalid(
                        &f.field,
                        format!(
                            "文字「{ch}」(U+{:04X}) を印字できる同梱フォントがありません",
                            ch as u32
                        ),
                        format!(
                            "no bundled font can print the character U+{:04X}",
                            ch as u32
                        ),
                    )
                })
        })
        .collect()
}
