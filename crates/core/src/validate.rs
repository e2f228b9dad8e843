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

/// Checks one free-text value: length and characters that documents cannot carry or that
/// would hide or reorder text (the one rule for every text that arrives from a user or a file).
pub fn text(field: &str, value: &str, max: usize, multiline: bool) -> Option<Issue> {
    let len = value.chars().count();
    if len > max {
        return Some(invalid(
            field,
            format!("長すぎます（{len} 文字、上限 {max} 文字）"),
            format!("too long ({len} characters, at most {max})"),
        ));
    }
    hidden_character(value, multiline).map(|bad| {
        let code = bad.ch as u32;
        let (ja, en) = bad.kind.describe();
        invalid(
            field,
            format!("使用できない文字 U+{code:04X}（{ja}）が含まれています"),
            format!("contains the character U+{code:04X} ({en}), which cannot be used"),
        )
    })
}

/// Why a character is refused in user text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenKind {
    /// C0/C1 controls (tab included), and line breaks in a one-line field.
    Control,
    /// Unicode noncharacters (U+FFFE, U+FFFF, …).
    Noncharacter,
    /// Marks that change the direction text is shown in (a clause could read reordered).
    Bidi,
    /// Characters that print nothing but split or join words (zero-width space, BOM, tags …).
    Invisible,
    /// A variation selector that does not follow a kanji (an ideographic variation sequence
    /// such as 葛󠄀 is kept).
    StrayVariationSelector,
    /// More combining marks in a row than any real text needs.
    CombiningFlood,
}

impl HiddenKind {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            HiddenKind::Control => ("制御文字", "a control character"),
            HiddenKind::Noncharacter => ("非文字", "a noncharacter"),
            HiddenKind::Bidi => (
                "文字の表示順を変える制御文字",
                "a control that changes the display order of text",
            ),
            HiddenKind::Invisible => ("表示されない文字", "an invisible character"),
            HiddenKind::StrayVariationSelector => (
                "漢字に続かない異体字セレクタ",
                "a variation selector that does not follow a kanji",
            ),
            HiddenKind::CombiningFlood => {
                ("連続しすぎた結合文字", "too many combining marks in a row")
            }
        }
    }
}

/// A refused character of a text and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hidden {
    pub ch: char,
    pub kind: HiddenKind,
}

/// Full-width digits and signs (as a Japanese IME types them) in their ASCII forms.
pub fn half_width_digits(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '−' => '-',
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// Combining marks allowed in a row (e.g. a base letter with two accents).
const MAX_COMBINING_RUN: usize = 3;

/// The first character of `value` that the text rule refuses, if any.
pub fn hidden_character(value: &str, multiline: bool) -> Option<Hidden> {
    let mut previous: Option<char> = None;
    let mut combining = 0usize;
    for c in value.chars() {
        let kind = if c == '\n' || c == '\r' {
            (!multiline).then_some(HiddenKind::Control)
        } else if c.is_control() {
            Some(HiddenKind::Control)
        } else if is_noncharacter(c) {
            Some(HiddenKind::Noncharacter)
        } else if is_bidi_control(c) {
            Some(HiddenKind::Bidi)
        } else if is_invisible(c) {
            Some(HiddenKind::Invisible)
        } else if is_variation_selector(c) {
            (!previous.is_some_and(is_ideograph)).then_some(HiddenKind::StrayVariationSelector)
        } else if is_combining(c) {
            combining += 1;
            (combining > MAX_COMBINING_RUN).then_some(HiddenKind::CombiningFlood)
        } else {
            None
        };
        if let Some(kind) = kind {
            return Some(Hidden { ch: c, kind });
        }
        if !is_combining(c) {
            combining = 0;
        }
        previous = Some(c);
    }
    None
}

fn is_noncharacter(c: char) -> bool {
    let cp = c as u32;
    (0xFDD0..=0xFDEF).contains(&cp) || (cp & 0xFFFE) == 0xFFFE
}

/// Bidirectional formatting characters (Unicode UAX #9).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Default-ignorable characters that print nothing (zero-width space and joiners, word
/// joiner and invisible operators, BOM, soft hyphen, fillers, tag characters).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{E0000}'..='\u{E007F}')
}

fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// CJK unified and compatibility ideographs (the bases of ideographic variation sequences).
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' | '\u{3005}' | '\u{3007}')
}

/// Combining marks of the blocks that real text uses (accents, kana voicing marks).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{3099}' | '\u{309A}'
        | '\u{FE20}'..='\u{FE2F}')
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
        ParamKind::Integer => match half_width_digits(value).trim().parse::<i64>() {
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

/// How a text field is checked: its length limit, whether it may span lines and whether a
/// final document needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldRule {
    /// Dotted path, e.g. `profile.executive.name`.
    pub field: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max: usize,
    pub multiline: bool,
    pub required: bool,
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
            let reason = e.reason();
            issues.push(invalid(
                &format!("checklist.answers.{id}.answer"),
                reason.ja,
                reason.en,
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
            let m = crate::Bilingual::message(&e);
            push(Some(invalid(field, m.ja, m.en)));
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn refused(value: &str) -> Option<HiddenKind> {
        hidden_character(value, true).map(|h| h.kind)
    }

    #[test]
    fn whole_numbers_typed_in_full_width_are_numbers() {
        let param: crate::library::Param = toml::from_str(
            r#"
            name = "days"
            kind = "integer"
            min = 1
            max = 90
            placeholder_ja = "〔日数〕"
            placeholder_en = "[days]"
            label_ja = "日数"
            label_en = "days"
            example = "14"
            "#,
        )
        .unwrap();
        assert_eq!(half_width_digits("１４"), "14");
        assert!(param_value("p", &param, "１４").is_none());
        assert!(param_value("p", &param, " 14 ").is_none());
        assert!(param_value("p", &param, "９１").is_some());
        assert!(param_value("p", &param, "十四").is_some());
    }

    #[test]
    fn ordinary_japanese_and_line_breaks_pass() {
        assert_eq!(refused("デジタル庁\n情報システム統括室　担当"), None);
        assert_eq!(refused("ﾃﾞｼﾞﾀﾙ 𠮷野 Café"), None);
        // An ideographic variation sequence (葛 + VS17) is a real name character.
        assert_eq!(refused("葛\u{E0100}城"), None);
        assert_eq!(refused("か\u{3099}"), None);
    }

    #[test]
    fn hidden_and_reordering_characters_are_refused() {
        assert_eq!(refused("abc\u{202E}fed"), Some(HiddenKind::Bidi));
        assert_eq!(refused("\u{2067}x"), Some(HiddenKind::Bidi));
        assert_eq!(refused("直ちに\u{200B}"), Some(HiddenKind::Invisible));
        assert_eq!(refused("\u{FEFF}本文"), Some(HiddenKind::Invisible));
        assert_eq!(refused("tag\u{E0041}"), Some(HiddenKind::Invisible));
        assert_eq!(
            refused("a\u{FE0F}"),
            Some(HiddenKind::StrayVariationSelector)
        );
        assert_eq!(
            refused("葛\u{E0100}\u{E0100}"),
            Some(HiddenKind::StrayVariationSelector)
        );
        assert_eq!(refused("\u{1B}[31m"), Some(HiddenKind::Control));
        assert_eq!(refused("a\0b"), Some(HiddenKind::Control));
        assert_eq!(refused("\u{FFFF}"), Some(HiddenKind::Noncharacter));
        assert_eq!(
            refused(&format!("e{}", "\u{0301}".repeat(4))),
            Some(HiddenKind::CombiningFlood)
        );
        assert_eq!(refused(&format!("e{}", "\u{0301}".repeat(3))), None);
        assert_eq!(
            hidden_character("a\nb", false).map(|h| h.kind),
            Some(HiddenKind::Control)
        );
    }

    #[test]
    fn the_message_names_the_field_and_the_code_point() {
        let issue = text("profile.company", "株式会社\u{202E}ABC", 200, false).unwrap();
        assert_eq!(issue.field, "profile.company");
        assert!(issue.ja.contains("U+202E"), "{}", issue.ja);
        assert!(issue.en.contains("display order"), "{}", issue.en);
        assert!(text("title", &"あ".repeat(201), 200, false)
            .unwrap()
            .ja
            .contains("201"));
    }
}
