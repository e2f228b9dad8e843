//! Calendar dates as officers type them (`YYYY-MM-DD`), validated, serialised as that string.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use time::macros::format_description;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Date(time::Date);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」は日付として読めません（YYYY-MM-DD で指定してください） / not a date, expected YYYY-MM-DD")]
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

    pub fn parse(text: &str) -> Result<Self, DateError> {
        let fmt = format_description!("[year]-[month]-[day]");
        time::Date::parse(text.trim(), &fmt)
            .map(Date)
            .map_err(|_| DateError(text.to_string()))
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
                "「{}」は日付として読めません（YYYY-MM-DD で指定してください）",
                self.0
            ),
            format!("\"{}\" is not a date; expected YYYY-MM-DD", self.0),
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
    fn rejects_impossible_dates() {
        assert!(Date::parse("2026-02-30").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("令和8年").is_err());
        assert!(Date::from_ymd(2025, 2, 29).is_err());
        assert!(Date::from_ymd(2024, 2, 29).is_ok());
    }
}
