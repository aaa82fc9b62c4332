//! Live events: every change an open page shows is written to `live_events` with an increasing
//! id; one pump per process reads new rows once and fans them out to every open stream. The
//! table is the truth (a stream that reconnects resumes from it), the fan-out only the speed.

use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LiveEvent {
    pub id: i64,
    pub topic: String,
    /// None: concerns every office.
    pub office_id: Option<i64>,
    pub payload: String,
}

impl LiveEvent {
    pub fn concerns(&self, office_id: Option<i64>) -> bool {
        match (office_id, self.office_id) {
            (Some(wanted), Some(of)) => wanted == of,
            _ => true,
        }
    }
}

/// Events a stream may fall behind by before it is cut off (it then resumes from the table).
pub const FAN_OUT_CAPACITY: usize = 1024;
/// The safety net: new rows are looked for this often even without a wake-up.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

pub struct LiveHub {
    wake: Notify,
    sender: broadcast::Sender<Arc<LiveEvent>>,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub { wake: Notify::new(), sender: broadcast::channel(FAN_OUT_CAPACITY).0 }
    }
}

impl LiveHub {
    /// Tells the pump that rows were written (called after the writing transaction commits).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }

    /// Reads new rows and fans them out, until the process ends.
    pub async fn run_pump(self: Arc<Self>, db: AnyPool) {
        let mut last = match head(&db).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "live events: cannot read the head; starting from 0");
                0
            }
        };
        loop {
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL_EVERY) => {}
            }
            loop {
                match after(&db, last, None, 500).await {
                    Ok(events) if events.is_empty() => break,
                    Ok(events) => {
                        for event in events {
                            last = event.id;
                            // No receivers is fine: nobody has a page open.
                            let _ = self.sender.send(Arc::new(event));
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "live events: read failed; retrying");
                        break;
                    }
                }
            }
        }
    }
}

/// Appends an event; returns its id. Call `LiveHub::wake` once the transaction has committed.
pub async fn publish<'e, E>(executor: E, topic: &str, office_id: Option<i64>, payload: &str) -> Result<i64, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_scalar("INSERT INTO live_events (at, topic, office_id, payload) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(crate::ssr::db::ledger::stamp(chrono::Utc::now()))
        .bind(topic)
        .bind(office_id)
        .bind(payload)
        .fetch_one(executor)
        .await
}

/// The id of the newest event (0 when there is none): a page rendered now resumes from here.
pub async fn head(db: &AnyPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM live_events").fetch_one(db).await
}

/// Events after `id`, oldest first, optionally only those concerning one office.
pub async fn after(db: &AnyPool, id: i64, office_id: Option<i64>, limit: i64) -> Result<Vec<LiveEvent>, sqlx::Error> {
    match office_id {
        None => {
            sqlx::query_as("SELECT id, topic, office_id, payload FROM live_events WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(id)
                .bind(limit)
                .fetch_all(db)
                .await
        }
        Some(office) => {
            sqlx::query_as(
                "SELECT id, topic, office_id, payload FROM live_events WHERE id > $1 AND (office_id IS NULL OR office_id = $2) ORDER BY id LIMIT $3",
            )
            .bind(id)
            .bind(office)
            .bind(limit)
            .fetch_all(db)
            .await
        }
    }
}
