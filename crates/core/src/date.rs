//! Calendar dates as officers type them (`YYYY-MM-DD`), validated, serialised as that string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::macros::format_description;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Date(time::Date);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」は日付として読めません（例：2027-04-01、2027/4/1、令和9年4月1日） / not a date (e.g. 2027-04-01, 2027/4/1, 令和9年4月1日)")]
pub struct DateError(pub String);

impl Date {
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        let bad = || DateError(format!("{year:04}-{month:02}-{day:02}"));
        let month = time::Month::try_from(month).map_err(|_| bad())?;
        time::Date::from_calendar_date(year, month, day)
            .map(Date)
            .map_err(|_| bad())
    }

    /// From a `time` calendar date (always valid).
    pub fn from_time(date: time::Date) -> Self {
        Date(date)
    }

    /// A date as officers type it, whatever the machine's locale: `2027-04-01`, `2027/4/1`,
    /// `2027.4.1`, `2027年4月1日` or `令和9年4月1日` (also `令和元年`, `R9.4.1`), in half- or
    /// full-width digits.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let bad = || DateError(text.to_string());
        let fmt = format_description!("[year]-[month]-[day]");
        if let Ok(d) = time::Date::parse(text.trim(), &fmt) {
            return Ok(Date(d));
        }
        let narrow: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '／' => '/',
                '－' | '‐' | '−' => '-',
                '．' => '.',
                c => c,
            })
            .filter(|c| !c.is_whitespace())
            .collect();
        let (era_start, rest) = match crate::wareki::era_prefix(&narrow) {
            Some((start, rest)) => (Some(start), rest),
            None => (None, narrow.as_str()),
        };
        let rest = rest.strip_suffix('日').unwrap_or(rest);
        let parts: Vec<&str> = rest.split(['-', '/', '.', '年', '月']).collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let num = |p: &str| -> Option<i32> {
            (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        };
        let year_in_era = if era_start.is_some() && *y == "元" {
            Some(1)
        } else {
            num(y)
        };
        let (Some(y), Some(m), Some(d)) = (year_in_era, num(m), num(d)) else {
            return Err(bad());
        };
        let year = match era_start {
            Some(start) if y >= 1 => start + y - 1,
            Some(_) => return Err(bad()),
            None if y >= 1000 => y,
            None => return Err(bad()),
        };
        let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
            return Err(bad());
        };
        Date::from_ymd(year, m, d).map_err(|_| bad())
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl crate::Bilingual for DateError {
    fn message(&self) -> crate::Message {
        crate::Message::new(
            format!(
                "「{}」は日付として読めません（例：2027-04-01、2027/4/1、令和9年4月1日）",
                self.0
            ),
            format!(
                "\"{}\" is not a date (e.g. 2027-04-01, 2027/4/1, 令和9年4月1日)",
                self.0
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso() {
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2026, 11, 22));
        assert_eq!(d.to_string(), "2026-11-22");
    }

    #[test]
    fn reads_the_ways_officers_write_a_date() {
        let april = Date::from_ymd(2027, 4, 1).unwrap();
        for text in [
            "2027-04-01",
            "2027/4/1",
            "2027/04/01",
            "2027.4.1",
            "2027年4月1日",
            "２０２７年４月１日",
            "２０２７／４／１",
            "令和9年4月1日",
            "令和９年４月１日",
            " 令和 9 年 4 月 1 日 ",
            "R9.4.1",
            "R9/4/1",
        ] {
            assert_eq!(Date::parse(text), Ok(april), "{text}");
        }
        assert_eq!(Date::parse("令和元年5月1日"), Date::from_ymd(2019, 5, 1));
        assert_eq!(Date::parse("平成31年4月30日"), Date::from_ymd(2019, 4, 30));
        assert_eq!(Date::parse("H31.4.30"), Date::from_ymd(2019, 4, 30));
        for text in [
            "令和0年1月1日",
            "27/4/1",
            "2027/4",
            "2027/4/1/2",
            "令和9年4月",
            "4月1日",
            "2027-4-1x",
            "元年4月1日",
        ] {
            assert!(Date::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("令和8年").is_err());
        assert!(Date::from_ymd(2025, 2, 29).is_err());
        assert!(Date::from_ymd(2024, 2, 29).is_ok());
    }
}
