//! Live events: every change an open page shows is written to `live_events` with an increasing
//! id; one pump per process reads new rows once and fans them out to every open stream. The
//! table is the truth (a stream that reconnects resumes from it), the fan-out only the speed.
//!
//! The pump wakes when this process wrote (`wake`), when PostgreSQL notifies that another
//! replica did (`listen`), and on a poll as the safety net for a lost notification.

use crate::ssr::db::Backend;
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgListener;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicU64, Ordering};
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
/// Topics whose events change the notice board: notices and announcements, channel states.
pub const BOARD_TOPICS: [&str; 2] = ["notice", "channel"];
/// PostgreSQL's notification channel for new events.
pub const NOTIFY_CHANNEL: &str = "tirta_live";
/// The safety net's default: new rows are looked for this often even without a wake-up.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

pub struct LiveHub {
    wake: Notify,
    sender: broadcast::Sender<Arc<LiveEvent>>,
    poll_every: Duration,
    /// Moves when this process changed what the notice board shows, and when the pump meets an
    /// event that did (from any replica): copies of it kept in memory (`ssr::board`) are stale
    /// once it moved. Other writes (tickets, payments) leave it, or every copy would be
    /// thrown away several times a second.
    revision: AtomicU64,
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub::new(POLL_EVERY)
    }
}

impl LiveHub {
    pub fn new(poll_every: Duration) -> Self {
        LiveHub { wake: Notify::new(), sender: broadcast::channel(FAN_OUT_CAPACITY).0, poll_every, revision: AtomicU64::new(0) }
    }

    /// Tells the pump that rows were written (called after the writing transaction commits).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// `wake`, after a write of notices, announcements or channel states: this process's copy
    /// of the board is read again at once, not when the pump gets to the event (a supervisor
    /// who publishes a notice and opens a customer page sees it there).
    pub fn board_changed(&self) {
        self.revision.fetch_add(1, Ordering::SeqCst);
        self.wake();
    }

    pub fn revision(&self) -> u64 {
        self.revision.load(Ordering::SeqCst)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }

    /// Starts the pump: from the newest event now, read before this returns, so that every
    /// event written once the server serves is fanned out (a pump starting a moment later
    /// would skip what was written meanwhile to the pages already following).
    pub async fn start_pump(self: &Arc<Self>, db: AnyPool) {
        if Backend::of_pool(&db) == Backend::Postgres {
            tokio::spawn(self.clone().listen(db.connect_options().database_url.to_string()));
        }
        let last = match head(&db).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "live events: cannot read the head; starting from 0");
                0
            }
        };
        tokio::spawn(self.clone().run_pump(db, last));
    }

    /// Reads rows after `last` and fans them out, until the process ends.
    async fn run_pump(self: Arc<Self>, db: AnyPool, mut last: i64) {
        loop {
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.poll_every) => {}
            }
            loop {
                match after(&db, last, None, 500).await {
                    Ok(events) if events.is_empty() => break,
                    Ok(events) => {
                        // Before the fan-out: a page refetching because of the event must not
                        // be answered from a board read before it.
                        if events.iter().any(|e| BOARD_TOPICS.contains(&e.topic.as_str())) {
                            self.revision.fetch_add(1, Ordering::SeqCst);
                        }
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

impl LiveHub {
    /// Another replica's writes: PostgreSQL notifies `NOTIFY_CHANNEL` when an event row commits
    /// (a trigger, migration 0008). A lost connection only slows delivery to the poll.
    async fn listen(self: Arc<Self>, url: String) {
        loop {
            match PgListener::connect(&url).await {
                Ok(mut listener) => match listener.listen(NOTIFY_CHANNEL).await {
                    Ok(()) => {
                        // Events committed before LISTEN took hold notified nobody here: look once.
                        self.wake();
                        loop {
                            match listener.try_recv().await {
                                Ok(Some(_)) => self.wake(),
                                // The connection dropped: wake once for whatever was missed, reconnect.
                                Ok(None) => self.wake(),
                                Err(e) => {
                                    tracing::warn!(error = %e, "live events: listening failed; reconnecting");
                                    break;
                                }
                            }
                        }
                    }
                    Err(e) => tracing::warn!(error = %e, "live events: LISTEN failed; retrying"),
                },
                Err(e) => tracing::warn!(error = %e, "live events: cannot connect to listen; retrying"),
            }
            tokio::time::sleep(POLL_EVERY * 5).await;
        }
    }
}

/// Appends an event; returns its id. Call `LiveHub::wake` once the transaction has committed.
/// Always inside the transaction that made the change, so the event exists exactly when the
/// change does.
pub async fn publish(conn: &mut sqlx::AnyConnection, topic: &str, office_id: Option<i64>, payload: &str) -> Result<i64, sqlx::Error> {
    crate::ssr::db::lock(conn, crate::ssr::db::Serial::Live).await?;
    sqlx::query_scalar("INSERT INTO live_events (at, topic, office_id, payload) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(crate::ssr::db::ledger::stamp(chrono::Utc::now()))
        .bind(topic)
        .bind(office_id)
        .bind(payload)
        .fetch_one(conn)
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
            sqlx::query_as("SELECT id, topic, office_id, payload FROM live_events WHERE id > $1 ORDER BY id LIMIT $2").bind(id).bind(limit).fetch_all(db).await
        }
        Some(office) => {
            sqlx::query_as("SELECT id, topic, office_id, payload FROM live_events WHERE id > $1 AND (office_id IS NULL OR office_id = $2) ORDER BY id LIMIT $3")
                .bind(id)
                .bind(office)
                .bind(limit)
                .fetch_all(db)
                .await
        }
    }
}
