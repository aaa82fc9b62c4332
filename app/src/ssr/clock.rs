//! The utility runs on Western Indonesian Time: due dates, "today" and receipts are in WIB.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

pub fn now_wib() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&wib())
}

pub fn today_wib() -> NaiveDate {
    now_wib().date_naive()
}

/// A moment as SNAP BI writes it: WIB with its offset, `2020-12-21T14:56:11+07:00`.
pub fn snap_timestamp(t: DateTime<Utc>) -> String {
    t.with_timezone(&wib()).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A stored RFC 3339 timestamp as WIB wall-clock time.
pub fn to_wib(stored: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(stored).ok().map(|t| t.with_timezone(&wib()).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_utc_to_wib() {
        let t = to_wib("2026-11-19T20:30:00Z").unwrap();
        assert_eq!(t.to_string(), "2026-11-20 03:30:00");
        assert_eq!(to_wib("yesterday"), None);
        let t = DateTime::parse_from_rfc3339("2020-12-21T07:56:11Z").unwrap().with_timezone(&Utc);
        assert_eq!(snap_timestamp(t), "2020-12-21T14:56:11+07:00");
    }
}
