//! The live event log as stored.

use serde::{Deserialize, Serialize};
use sqlx::{AnyConnection, AnyPool};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LiveEvent {
    pub id: i64,
    pub topic: String,
    /// None: concerns every office.
    pub office_id: Option<i64>,
    /// Some: a private event (a payment) for the streams of pages showing this customer only.
    pub customer_id: Option<i64>,
    pub payload: String,
}

impl LiveEvent {
    /// Whether a stream following `office_id` (None: every office) on behalf of `customer_id`
    /// (None: nobody's page in particular) receives this event.
    pub fn concerns(&self, office_id: Option<i64>, customer_id: Option<i64>) -> bool {
        let office = match (office_id, self.office_id) {
            (Some(wanted), Some(of)) => wanted == of,
            _ => true,
        };
        office && (self.customer_id.is_none() || self.customer_id == customer_id)
    }
}

/// Appends an event (see `ssr::live::publish`); its id. Ids become visible in the order they
/// were given: the append holds the live log's lock until its transaction ends.
pub async fn append(
    conn: &mut AnyConnection,
    topic: &str,
    payload: &str,
    office_id: Option<i64>,
    customer_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    super::lock(conn, super::Serial::Live).await?;
    sqlx::query_scalar(
        "INSERT INTO live_events (at, topic, office_id, customer_id, payload) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(super::stamp::stamp(chrono::Utc::now()))
    .bind(topic)
    .bind(office_id)
    .bind(customer_id)
    .bind(payload)
    .fetch_one(conn)
    .await
}

/// The id of the newest event (0 when there is none): a page rendered now resumes from here.
pub async fn head(db: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM live_events").fetch_one(db).await
}

/// Events after `id`, oldest first: every event (the pump), or those a stream following
/// `office_id` for `customer_id` receives.
pub async fn after(
    db: &AnyPool,
    id: i64,
    audience: Option<(Option<i64>, Option<i64>)>,
    limit: i64,
) -> Result<Vec<LiveEvent>, sqlx::Error> {
    match audience {
        None => {
            sqlx::query_as(
                "SELECT id, topic, office_id, customer_id, payload FROM live_events WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(id)
            .bind(limit)
            .fetch_all(db)
            .await
        }
        Some((office, customer)) => {
            // -1 matches no office and no customer: the filter is one statement either way.
            sqlx::query_as(
                "SELECT id, topic, office_id, customer_id, payload FROM live_events
                 WHERE id > $1 AND (office_id IS NULL OR $2 = -1 OR office_id = $2) AND (customer_id IS NULL OR customer_id = $3)
                 ORDER BY id LIMIT $4",
            )
            .bind(id)
            .bind(office.unwrap_or(-1))
            .bind(customer.unwrap_or(-1))
            .bind(limit)
            .fetch_all(db)
            .await
        }
    }
}

/// The secret customer tokens are signed with: made once, kept in the database so every
/// replica signs and verifies alike.
pub async fn token_secret(db: &AnyPool) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ('live_token_secret', $1) ON CONFLICT (key) DO NOTHING")
        .bind(crate::ssr::random::random_hex(32))
        .execute(db)
        .await?;
    let hex_secret: String =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'live_token_secret'").fetch_one(db).await?;
    Ok(hex_secret.into_bytes())
}
