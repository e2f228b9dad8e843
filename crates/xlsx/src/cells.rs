//! One cell's value as read from the sheet, and the checks that turn it into a status, a count,
//! a note or a date. Each check returns the kind of rejection and a bilingual message.

use crate::import::Rejection;
use crate::labels::{self, Label};
use calamine::{CellErrorType, DataRef};
use secspec_core::checklist::Answer;
use secspec_core::validate::{self, HiddenKind};
use secspec_core::Date;

/// A cell value, owned, with only the distinctions the import needs.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date-formatted number: the calendar day (time of day dropped), or `None` outside 1–9999.
    Date(Option<Date>),
    /// An ISO 8601 date or date-time (`t="d"` cells).
    IsoDate(String),
    /// A duration, or anything else that cannot be an answer.
    Other(String),
    Error(String),
}

impl CellValue {
    pub fn from_data(value: &DataRef<'_>) -> CellValue {
        match value {
            DataRef::Empty => CellValue::Empty,
            DataRef::String(s) => CellValue::Text(s.clone()),
            DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
            DataRef::Int(i) => CellValue::Number(*i as f64),
            DataRef::Float(f) => CellValue::Number(*f),
            DataRef::Bool(b) => CellValue::Bool(*b),
            DataRef::DateTime(dt) if dt.is_datetime() => {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                CellValue::Date(Date::from_ymd(i32::from(y), m, d).ok())
            }
            DataRef::DateTime(dt) => CellValue::Other(format!("{}", dt.as_f64())),
            DataRef::DateTimeIso(s) => CellValue::IsoDate(s.clone()),
            DataRef::DurationIso(s) => CellValue::Other(s.clone()),
            DataRef::Error(e) => CellValue::Error(error_text(e)),
        }
    }

    /// Empty, or text that is only spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// How the value reads in a message.
    fn shown(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) | CellValue::IsoDate(s) | CellValue::Other(s) => clip(s),
            CellValue::Number(n) => number_text(*n),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Date(Some(d)) => d.to_string(),
            CellValue::Date(None) => "(date)".to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }

    /// What kind of value it is, for "wrong type" messages.
    fn kind(&self) -> (&'static str, &'static str) {
        match self {
            CellValue::Empty => ("空欄", "empty"),
            CellValue::Text(_) => ("文字列", "text"),
            CellValue::Number(_) => ("数値", "a number"),
            CellValue::Bool(_) => ("真偽値", "a boolean"),
            CellValue::Date(_) | CellValue::IsoDate(_) => ("日付", "a date"),
            CellValue::Other(_) => ("時間", "a duration"),
            CellValue::Error(_) => ("エラー値", "an error value"),
        }
    }
}

fn error_text(e: &CellErrorType) -> String {
    e.to_string()
}

/// At most 40 characters of a value, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A refused value: the kind and the message in both languages.
pub type Refusal = (Rejection, String, String);

fn wrong_type(value: &CellValue, want_ja: &str, want_en: &str) -> Refusal {
    let (ja, en) = value.kind();
    (
        Rejection::WrongType,
        format!(
            "{want_ja}を入力してください（{ja}「{}」が入っています）",
            value.shown()
        ),
        format!("expected {want_en}, found {en} \"{}\"", value.shown()),
    )
}

/// Every answer that can be typed, in both languages.
const STATUSES: [Answer; 4] = [
    Answer::Implemented,
    Answer::Partial { done: 0, of: 0 },
    Answer::NotImplemented,
    Answer::NotApplicable,
];

/// The status cell: `None` when blank; the counts of 一部実施 are filled in later.
pub fn status(value: &CellValue) -> Result<Option<Answer>, Refusal> {
    match value {
        v if v.is_blank() => Ok(None),
        CellValue::Text(s) => {
            let t = s.trim();
            STATUSES
                .iter()
                .find(|a| {
                    t == a.label(secspec_core::Lang::Ja)
                        || t.eq_ignore_ascii_case(a.label(secspec_core::Lang::En))
                })
                .map(|a| Some(*a))
                .ok_or_else(|| {
                    (
                        Rejection::UnknownStatus,
                        format!(
                            "状況「{}」は選択肢にありません（実施・一部実施・未実施・対象外のいずれか）",
                            clip(t)
                        ),
                        format!(
                            "unknown status \"{}\" (use implemented, partly implemented, not implemented or not applicable)",
                            clip(t)
                        ),
                    )
                })
        }
        other => Err(wrong_type(other, "状況（文字列）", "a status (text)")),
    }
}

/// Full-width digits typed with a Japanese input method count as digits.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect()
}

fn not_whole(value: &CellValue) -> Refusal {
    (
        Rejection::NotWholeNumber,
        format!("0 以上の整数を入力してください（「{}」）", value.shown()),
        format!(
            "expected a whole number of 0 or more, found \"{}\"",
            value.shown()
        ),
    )
}

/// A count (実施数・対象数): `None` when blank.
pub fn count(value: &CellValue) -> Result<Option<u32>, Refusal> {
    match value {
        v if v.is_blank() => Ok(None),
        CellValue::Number(n) => {
            if n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX) {
                Ok(Some(*n as u32))
            } else {
                Err(not_whole(value))
            }
        }
        CellValue::Text(s) => ascii_digits(s.trim())
            .parse::<u32>()
            .map(Some)
            .map_err(|_| not_whole(value)),
        other => Err(wrong_type(other, "整数", "a whole number")),
    }
}

/// 根拠・証跡: a multi-line note, as long as the project allows an evidence note.
pub fn evidence(value: &CellValue) -> Result<String, Refusal> {
    text(value, labels::COL_EVIDENCE, validate::MAX_EVIDENCE, true)
}

/// 担当: one line, as long as any other short field of a project.
pub fn owner(value: &CellValue) -> Result<String, Refusal> {
    text(value, labels::COL_OWNER, validate::MAX_SHORT, false)
}

/// A free-text note: empty when blank; numbers are taken as their text. The text goes through
/// the core's one rule for outside text, with the same limit the project applies on save, so a
/// cell that the store would refuse is refused here, naming the cell.
fn text(value: &CellValue, column: Label, max: usize, multiline: bool) -> Result<String, Refusal> {
    let raw = match value {
        CellValue::Empty => return Ok(String::new()),
        CellValue::Text(s) => s.replace("\r\n", "\n").replace('\r', "\n"),
        CellValue::Number(n) => number_text(*n),
        other => return Err(wrong_type(other, "文字列", "text")),
    };
    let Some(issue) = validate::text(column.en, &raw, max, multiline) else {
        return Ok(raw);
    };
    // The rule checks the length first; the kind only sorts the refusal for callers.
    let kind = if raw.chars().count() > max {
        Rejection::TooLong
    } else {
        match validate::hidden_character(&raw, multiline).map(|h| h.kind) {
            Some(HiddenKind::Control) => Rejection::ControlCharacter,
            _ => Rejection::HiddenCharacter,
        }
    };
    Err((
        kind,
        format!("{}：{}", column.ja, issue.ja),
        format!("{}: {}", column.en, issue.en),
    ))
}

fn bad_date(value: &CellValue) -> Refusal {
    (
        Rejection::BadDate,
        format!(
            "「{}」は日付として読めません（YYYY-MM-DD 又は Excel の日付で入力してください）",
            value.shown()
        ),
        format!(
            "\"{}\" is not a date (use YYYY-MM-DD or an Excel date)",
            value.shown()
        ),
    )
}

/// The first day Excel counts (serial 1 = 1900-01-01) and the last (9999-12-31).
const FIRST_SERIAL: f64 = 1.0;
const LAST_SERIAL: f64 = 2_958_465.0;

/// An Excel date serial (1900 system; 60 is Excel's non-existent 1900-02-29) as a date.
fn from_serial(serial: f64) -> Option<Date> {
    if !(FIRST_SERIAL..=LAST_SERIAL).contains(&serial) || serial.trunc() == 60.0 {
        return None;
    }
    let dt = calamine::ExcelDateTime::new(serial, calamine::ExcelDateTimeType::DateTime, false);
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    Date::from_ymd(i32::from(y), m, d).ok()
}

/// The due date (期限): `None` when blank.
pub fn due(value: &CellValue) -> Result<Option<Date>, Refusal> {
    match value {
        v if v.is_blank() => Ok(None),
        CellValue::Date(Some(d)) => Ok(Some(*d)),
        CellValue::Date(None) => Err(bad_date(value)),
        CellValue::Number(n) => from_serial(*n).map(Some).ok_or_else(|| bad_date(value)),
        CellValue::Text(s) => Date::parse(s.trim()).map(Some).map_err(|_| bad_date(value)),
        CellValue::IsoDate(s) => s
            .get(..10)
            .and_then(|d| Date::parse(d).ok())
            .map(Some)
            .ok_or_else(|| bad_date(value)),
        other => Err(wrong_type(other, "日付", "a date")),
    }
}

/// The item id cell, as text; `None` when blank.
pub fn id(value: &CellValue) -> Option<String> {
    match value {
        v if v.is_blank() => None,
        CellValue::Text(s) => Some(s.trim().to_string()),
        other => Some(other.shown()),
    }
}

/// Zero-based (row, column) as an A1 name, e.g. (11, 6) → "G12".
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 6), "G12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
    }

    #[test]
    fn reads_statuses_in_both_languages() {
        let t = |s: &str| status(&CellValue::Text(s.into()));
        assert_eq!(t(" 実施 ").unwrap(), Some(Answer::Implemented));
        assert_eq!(
            t("Partly Implemented").unwrap(),
            Some(Answer::Partial { done: 0, of: 0 })
        );
        assert_eq!(t("not applicable").unwrap(), Some(Answer::NotApplicable));
        assert_eq!(t("  ").unwrap(), None);
        assert_eq!(t("done").unwrap_err().0, Rejection::UnknownStatus);
        let d = Date::parse("2026-03-31").ok();
        assert_eq!(
            status(&CellValue::Date(d)).unwrap_err().0,
            Rejection::WrongType
        );
    }

    #[test]
    fn reads_counts_dates_and_text() {
        assert_eq!(count(&CellValue::Number(3.0)).unwrap(), Some(3));
        assert_eq!(count(&CellValue::Text("３".into())).unwrap(), Some(3));
        assert_eq!(
            count(&CellValue::Number(2.5)).unwrap_err().0,
            Rejection::NotWholeNumber
        );
        assert_eq!(
            count(&CellValue::Number(-1.0)).unwrap_err().0,
            Rejection::NotWholeNumber
        );
        // 46112 = 2026-03-31 in Excel's 1900 date system.
        assert_eq!(
            due(&CellValue::Number(46112.0)).unwrap(),
            Date::parse("2026-03-31").ok()
        );
        // A date typed as text reads as every date field reads it.
        assert_eq!(
            due(&CellValue::Text("2026/03/31".into())).unwrap(),
            Date::parse("2026-03-31").ok()
        );
        assert_eq!(
            due(&CellValue::Text("31/03/2026".into())).unwrap_err().0,
            Rejection::BadDate
        );
        assert_eq!(
            due(&CellValue::IsoDate("2026-03-31T00:00:00".into())).unwrap(),
            Date::parse("2026-03-31").ok()
        );
        assert_eq!(evidence(&CellValue::Text("a\r\nb".into())).unwrap(), "a\nb");
        assert_eq!(
            owner(&CellValue::Text("a\nb".into())).unwrap_err().0,
            Rejection::ControlCharacter
        );
        assert_eq!(
            evidence(&CellValue::Text("a\u{7}".into())).unwrap_err().0,
            Rejection::ControlCharacter
        );
        assert_eq!(
            evidence(&CellValue::Text("a\u{202E}b".into()))
                .unwrap_err()
                .0,
            Rejection::HiddenCharacter
        );
        assert_eq!(owner(&CellValue::Number(1234.0)).unwrap(), "1234");
    }
}
