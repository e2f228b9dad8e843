//! Where timestamps come from, so tests can fix them.

use crate::error::{Result, StoreError};
use std::sync::{Arc, Mutex};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// A source of "now".
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The real clock (UTC).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that only moves when told to; clones share the same time. For tests.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn new(start: OffsetDateTime) -> Self {
        ManualClock(Arc::new(Mutex::new(start)))
    }

    pub fn set(&self, at: OffsetDateTime) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now = now.saturating_add(by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Stored form: fixed-width ISO-8601 in UTC with milliseconds, e.g. `2026-05-01T09:30:00.000Z`,
/// so that text order is time order.
const STORED: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// Formats a timestamp the way the store keeps it (converted to UTC, truncated to milliseconds).
pub fn format_timestamp(at: OffsetDateTime) -> Result<String> {
    at.to_offset(UtcOffset::UTC).format(STORED).map_err(|e| {
        StoreError::invalid(
            format!("日時を書式化できません: {at}: {e}"),
            format!("cannot format time {at}: {e}"),
        )
    })
}

/// Reads a stored timestamp back.
pub fn parse_timestamp(text: &str) -> Result<OffsetDateTime> {
    PrimitiveDateTime::parse(text, STORED)
        .map(PrimitiveDateTime::assume_utc)
        .map_err(|e| StoreError::BadData(format!("日時「{text}」/ timestamp {text:?}: {e}")))
}

/// "Now" in the stored form.
pub(crate) fn stored_now(clock: &dyn Clock) -> Result<String> {
    format_timestamp(clock.now())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stored_form_is_fixed_width_utc() {
        let at = datetime!(2026-05-01 18:30:00.123456 +09:00);
        let text = format_timestamp(at).unwrap();
        assert_eq!(text, "2026-05-01T09:30:00.123Z");
        assert_eq!(
            parse_timestamp(&text).unwrap(),
            datetime!(2026-05-01 09:30:00.123 UTC)
        );
        assert_eq!(
            format_timestamp(datetime!(2026-05-01 09:30:00 UTC)).unwrap(),
            "2026-05-01T09:30:00.000Z"
        );
        assert!(parse_timestamp("yesterday").is_err());
    }

    #[test]
    fn manual_clock_is_shared_between_clones() {
        let clock = ManualClock::new(datetime!(2026-01-01 00:00 UTC));
        let other = clock.clone();
        other.advance(Duration::seconds(5));
        assert_eq!(clock.now(), datetime!(2026-01-01 00:00:05 UTC));
        clock.set(datetime!(2027-01-01 00:00 UTC));
        assert_eq!(other.now(), datetime!(2027-01-01 00:00 UTC));
    }
}
