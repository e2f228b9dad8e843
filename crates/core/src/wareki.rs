//! 和暦 (Japanese era) dates for official documents.
//!
//! The first year of an era is written 元年. Dates before the first modern era's start
//! (1873-01-01, the adoption of the Gregorian calendar in Japan) are out of range: earlier
//! dates used the lunisolar calendar and cannot be converted by arithmetic.

use crate::date::Date;

/// (name, first day) of each era, newest first.
const ERAS: [(&str, (i32, u8, u8)); 5] = [
    ("令和", (2019, 5, 1)),
    ("平成", (1989, 1, 8)),
    ("昭和", (1926, 12, 25)),
    ("大正", (1912, 7, 30)),
    ("明治", (1868, 1, 25)),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} は和暦に換算できません（1873年1月1日以降の日付を指定してください） / cannot convert {0} to a Japanese era date (before 1873-01-01)")]
pub struct WarekiError(pub String);

/// Latin initials of the eras, as in `R9.4.1`, in the order of `ERAS`.
const INITIALS: [char; 5] = ['R', 'H', 'S', 'T', 'M'];

/// The era a date starts with (`令和…` or `R…`): the Gregorian year of its first year, and the
/// rest of the text.
pub(crate) fn era_prefix(text: &str) -> Option<(i32, &str)> {
    for ((name, (year, _, _)), initial) in ERAS.iter().zip(INITIALS) {
        if let Some(rest) = text.strip_prefix(name) {
            return Some((*year, rest));
        }
        if let Some(rest) = text
            .strip_prefix(initial)
            .or_else(|| text.strip_prefix(initial.to_ascii_lowercase()))
        {
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return Some((*year, rest));
            }
        }
    }
    None
}

/// `2026-11-22` -> `令和8年11月22日`; `2019-05-01` -> `令和元年5月1日`.
pub fn format(date: Date) -> Result<String, WarekiError> {
    let key = (date.year(), date.month(), date.day());
    if key < (1873, 1, 1) {
        return Err(WarekiError(date.to_string()));
    }
    let (name, (start_year, _, _)) = ERAS
        .iter()
        .find(|(_, start)| key >= *start)
        .ok_or_else(|| WarekiError(date.to_string()))?;
    let year = date.year() - start_year + 1;
    let year_text = if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    };
    Ok(format!(
        "{name}{year_text}年{}月{}日",
        date.month(),
        date.day()
    ))
}

/// English-language documents print the Gregorian date with the era in brackets.
pub fn format_en(date: Date) -> Result<String, WarekiError> {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let era = format(date)?;
    let month = MONTHS
        .get(usize::from(date.month()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    Ok(format!("{} {}, {} ({era})", month, date.day(), date.year()))
}

impl crate::Bilingual for WarekiError {
    fn message(&self) -> crate::Message {
        crate::Message::new(
            format!(
                "{} は和暦に換算できません（1873年1月1日以降の日付を指定してください）",
                self.0
            ),
            format!(
                "cannot convert {} to a Japanese era date (before 1873-01-01)",
                self.0
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> String {
        format(Date::parse(s).unwrap()).unwrap()
    }

    #[test]
    fn reiwa() {
        assert_eq!(w("2026-11-22"), "令和8年11月22日");
        assert_eq!(w("2020-01-01"), "令和2年1月1日");
    }

    #[test]
    fn gannen_at_era_boundaries() {
        assert_eq!(w("2019-05-01"), "令和元年5月1日");
        assert_eq!(w("2019-12-31"), "令和元年12月31日");
        assert_eq!(w("2019-04-30"), "平成31年4月30日");
        assert_eq!(w("1989-01-08"), "平成元年1月8日");
        assert_eq!(w("1989-01-07"), "昭和64年1月7日");
        assert_eq!(w("1926-12-25"), "昭和元年12月25日");
        assert_eq!(w("1926-12-24"), "大正15年12月24日");
        assert_eq!(w("1912-07-30"), "大正元年7月30日");
        assert_eq!(w("1912-07-29"), "明治45年7月29日");
        assert_eq!(w("1873-01-01"), "明治6年1月1日");
    }

    #[test]
    fn notice_date_is_heisei_24() {
        assert_eq!(w("2012-01-19"), "平成24年1月19日");
    }

    #[test]
    fn before_gregorian_adoption_is_an_error() {
        assert!(format(Date::parse("1872-12-31").unwrap()).is_err());
    }

    #[test]
    fn english_keeps_era() {
        assert_eq!(
            format_en(Date::parse("2019-05-01").unwrap()).unwrap(),
            "May 1, 2019 (令和元年5月1日)"
        );
    }
}
