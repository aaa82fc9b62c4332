//! The utility runs on Western Indonesian Time: due dates, "today" and receipts are in WIB.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_moments_are_wib_with_their_offset() {
        let t = DateTime::parse_from_rfc3339("2020-12-21T07:56:11Z").unwrap().with_timezone(&Utc);
        assert_eq!(snap_timestamp(t), "2020-12-21T14:56:11+07:00");
    }
}
