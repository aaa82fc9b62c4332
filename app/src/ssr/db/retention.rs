//! How long records that only serve a short purpose are kept, and the sweep that keeps it so.
//! Payments, bills, overpayments, queue tickets and the audit log are kept for ever.

use crate::ssr::db::stamp::stamp;
use chrono::{DateTime, Duration, Utc};
use sqlx::AnyPool;

/// Live events: a page resumes from at most `LiveLimits::replay_events` back; a week covers
/// any page left open over a weekend.
pub const LIVE_EVENTS: Duration = Duration::days(7);
/// Bank access tokens, after they expired.
pub const ACCESS_TOKENS_AFTER_EXPIRY: Duration = Duration::hours(1);
/// X-EXTERNAL-ID must be unique per partner per WIB day: yesterday's are kept for requests that
/// cross midnight.
pub const EXTERNAL_IDS_DAYS: i64 = 2;
/// Failed sign-ins count for 15 minutes; a day is kept for looking into an attack.
pub const LOGIN_FAILURES: Duration = Duration::days(1);
/// Bank payment answers, kept for the bank's retries and disputes.
pub const VA_PAYMENT_REQUESTS: Duration = Duration::days(90);
/// Uploaded files never applied (faulty, failed or left): their customers' data is not kept
/// beyond a month; the check's report stays.
pub const UPLOADED_FILES: Duration = Duration::days(30);

/// The snapshots served to counter devices: one over 72 hours old prices nothing; a week
/// leaves room for an outbox sent late.
pub const COUNTER_SNAPSHOTS: Duration = Duration::days(7);

/// What one sweep deleted, per table.
pub type Swept = Vec<(&'static str, u64)>;

/// Deletes what is past its retention. Each table in its own statement: a failure in one
/// leaves the others swept.
pub async fn sweep(db: &AnyPool, now: DateTime<Utc>) -> Result<Swept, sqlx::Error> {
    let today = now.with_timezone(&crate::ssr::clock::wib()).date_naive();
    let rules: [(&'static str, &str, String); 8] = [
        ("live_events", "DELETE FROM live_events WHERE at < $1", stamp(now - LIVE_EVENTS)),
        ("access_tokens", "DELETE FROM access_tokens WHERE expires_at < $1", stamp(now - ACCESS_TOKENS_AFTER_EXPIRY)),
        (
            "partner_external_ids",
            "DELETE FROM partner_external_ids WHERE day < $1",
            (today - Duration::days(EXTERNAL_IDS_DAYS)).to_string(),
        ),
        ("login_failures", "DELETE FROM login_failures WHERE at < $1", stamp(now - LOGIN_FAILURES)),
        ("counter_snapshots", "DELETE FROM counter_snapshots WHERE taken_at < $1", stamp(now - COUNTER_SNAPSHOTS)),
        // Ended by age or by idleness: neither can be used again.
        ("staff_sessions", "DELETE FROM staff_sessions WHERE expires_at < $1 OR last_seen_at < $2", stamp(now)),
        (
            "va_payment_requests",
            "DELETE FROM va_payment_requests WHERE created_at < $1",
            stamp(now - VA_PAYMENT_REQUESTS),
        ),
        (
            "import_jobs",
            "UPDATE import_jobs SET file = NULL WHERE file IS NOT NULL AND created_at < $1",
            stamp(now - UPLOADED_FILES),
        ),
    ];
    let mut swept = Vec::with_capacity(rules.len());
    for (table, sql, cutoff) in rules {
        let mut query = sqlx::query(sql).bind(cutoff);
        if table == "staff_sessions" {
            query = query.bind(stamp(now - crate::ssr::auth::IDLE_TIMEOUT));
        }
        swept.push((table, query.execute(db).await?.rows_affected()));
    }
    Ok(swept)
}
