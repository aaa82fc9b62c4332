//! Live events: every change an open page shows is written to `live_events` with an increasing
//! id; one pump per process reads new rows once and fans them out to every open stream. The
//! table is the truth (a stream that reconnects resumes from it), the fan-out only the speed.
//!
//! The pump wakes when this process wrote (`wake`), when PostgreSQL notifies that another
//! replica did (`listen`), and on a poll as the safety net for a lost notification.

use crate::model::live::{LiveChange, Topic};
pub use crate::ssr::db::live::{after, head, token_secret, LiveEvent};
use crate::ssr::db::Backend;
use sqlx::postgres::PgListener;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// Events a stream may fall behind by before it is cut off (it then resumes from the table).
pub const FAN_OUT_CAPACITY: usize = 1024;
/// PostgreSQL's notification channel for new events.
pub const NOTIFY_CHANNEL: &str = "tirta_live";
/// The safety net's default: new rows are looked for this often even without a wake-up.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// An event as the fan-out hands it to every open stream, with its server-sent-events frame
/// written once: thousands of streams send the same bytes instead of each formatting them.
pub struct Fanned {
    pub event: LiveEvent,
    pub frame: axum::body::Bytes,
}

impl Fanned {
    pub fn of(event: LiveEvent) -> Fanned {
        let frame = sse_frame(&event);
        Fanned { event, frame }
    }
}

/// The event as a server-sent-events frame: its id (a reconnecting browser sends it back as
/// `Last-Event-ID`), its topic as the event type, its payload as data. A payload's line breaks
/// would end the frame early, so each of its lines is a `data:` line of its own.
pub fn sse_frame(event: &LiveEvent) -> axum::body::Bytes {
    use std::fmt::Write;
    let mut frame = String::with_capacity(event.payload.len() + event.topic.len() + 40);
    let _ = write!(frame, "id: {}\nevent: {}\n", event.id, event.topic.replace(['\r', '\n'], ""));
    for line in event.payload.split(['\n']) {
        frame.push_str("data: ");
        frame.push_str(line.trim_end_matches('\r'));
        frame.push('\n');
    }
    frame.push('\n');
    frame.into()
}

pub struct LiveHub {
    wake: Notify,
    sender: broadcast::Sender<Arc<Fanned>>,
    poll_every: Duration,
    /// Moves when this process changed what the notice board shows, and when the pump meets an
    /// event that did (from any replica): copies of it kept in memory (`ssr::board`) are stale
    /// once it moved. Other writes (tickets, payments) leave it, or every copy would be
    /// thrown away several times a second.
    revision: AtomicU64,
    /// Signs and verifies customer tokens (`token_secret`), set once at start.
    secret: std::sync::OnceLock<Vec<u8>>,
    /// Open streams per client network, and in all.
    streams: std::sync::Mutex<std::collections::HashMap<crate::ssr::ClientNet, usize>>,
    open_streams: std::sync::atomic::AtomicUsize,
}

/// Why a stream was not opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StreamRefused {
    TooManyFromAddress,
    TooManyInAll,
}

/// One open stream, counted until it is dropped.
pub struct StreamPermit {
    hub: Arc<LiveHub>,
    net: Option<crate::ssr::ClientNet>,
}

impl Drop for StreamPermit {
    fn drop(&mut self) {
        self.hub.open_streams.fetch_sub(1, Ordering::SeqCst);
        if let Some(net) = self.net {
            let mut streams = self.hub.streams.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(n) = streams.get_mut(&net) {
                *n -= 1;
                if *n == 0 {
                    streams.remove(&net);
                }
            }
        }
    }
}

impl Default for LiveHub {
    fn default() -> Self {
        LiveHub::new(POLL_EVERY)
    }
}

impl LiveHub {
    pub fn new(poll_every: Duration) -> Self {
        LiveHub {
            wake: Notify::new(),
            sender: broadcast::channel(FAN_OUT_CAPACITY).0,
            poll_every,
            revision: AtomicU64::new(0),
            secret: std::sync::OnceLock::new(),
            streams: Default::default(),
            open_streams: Default::default(),
        }
    }

    /// Sets the secret customer tokens are signed with (`token_secret`); once, at start.
    pub fn set_secret(&self, secret: Vec<u8>) {
        let _ = self.secret.set(secret);
    }

    fn secret(&self) -> &[u8] {
        // Unset only in a hub never started by `server::prepare`: tokens then verify nowhere.
        self.secret.get().map(Vec::as_slice).unwrap_or(b"")
    }

    /// The token a page showing `number` hands its live stream.
    pub fn customer_token(&self, number: &crate::domain::CustomerNumber) -> String {
        customer_token(self.secret(), number, chrono::Utc::now())
    }

    pub fn verify_customer_token(&self, token: &str) -> Option<crate::domain::CustomerNumber> {
        if self.secret().is_empty() {
            return None;
        }
        verify_customer_token(self.secret(), token, chrono::Utc::now())
    }

    /// Counts a new stream from `client` against the limits, or refuses it.
    pub fn admit(
        self: &Arc<Self>,
        client: Option<std::net::IpAddr>,
        limits: crate::ssr::LiveLimits,
    ) -> Result<StreamPermit, StreamRefused> {
        let net = client.map(crate::ssr::ClientNet::of);
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        if self.open_streams.load(Ordering::SeqCst) >= limits.streams_total {
            return Err(StreamRefused::TooManyInAll);
        }
        if let Some(net) = net {
            let n = streams.get(&net).copied().unwrap_or(0);
            if n >= limits.streams_per_address {
                return Err(StreamRefused::TooManyFromAddress);
            }
            streams.insert(net, n + 1);
        }
        self.open_streams.fetch_add(1, Ordering::SeqCst);
        Ok(StreamPermit { hub: self.clone(), net })
    }

    /// Streams open now in this process.
    pub fn open_streams(&self) -> usize {
        self.open_streams.load(Ordering::SeqCst)
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

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Fanned>> {
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
                        if events.iter().any(|e| Topic::parse(&e.topic).is_some_and(Topic::changes_board)) {
                            self.revision.fetch_add(1, Ordering::SeqCst);
                        }
                        for event in events {
                            last = event.id;
                            // No receivers is fine: nobody has a page open.
                            let _ = self.sender.send(Arc::new(Fanned::of(event)));
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
                Err(e) => {
                    tracing::warn!(error = %e, "live events: cannot connect to listen; retrying")
                }
            }
            tokio::time::sleep(POLL_EVERY * 5).await;
        }
    }
}

/// Appends a public event; returns its id. Call `LiveHub::wake` once the transaction has
/// committed. Always inside the transaction that made the change, so the event exists exactly
/// when the change does.
pub async fn publish(
    conn: &mut sqlx::AnyConnection,
    office_id: Option<i64>,
    change: &LiveChange,
) -> Result<i64, sqlx::Error> {
    crate::ssr::db::live::append(conn, change.topic().as_str(), &change.payload(), office_id, None).await
}

/// Appends an event that only the streams of pages showing this customer receive.
pub async fn publish_for_customer(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    change: &LiveChange,
) -> Result<i64, sqlx::Error> {
    crate::ssr::db::live::append(conn, change.topic().as_str(), &change.payload(), None, Some(customer_id)).await
}

/// How long a page's customer token opens payment events on the stream.
pub const CUSTOMER_TOKEN_HOURS: i64 = 12;

/// A token a bill, payment or virtual-account page gets with its HTML, proving to the live
/// stream that the page shows this customer: `number.expiry.signature`. Anyone can open a
/// customer's bill page (rate-limited, with a masked name), so the token grants no more than
/// that page already shows; it keeps payment events off the public stream.
pub fn customer_token(
    secret: &[u8],
    number: &crate::domain::CustomerNumber,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let expires = (now + chrono::Duration::hours(CUSTOMER_TOKEN_HOURS)).timestamp();
    let claim = format!("{}.{expires}", number.as_str());
    format!("{claim}.{}", sign(secret, &claim))
}

/// The customer number a token names, if it is genuine and not expired.
pub fn verify_customer_token(
    secret: &[u8],
    token: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<crate::domain::CustomerNumber> {
    use subtle::ConstantTimeEq;
    let (claim, signature) = token.rsplit_once('.')?;
    let (number, expires) = claim.split_once('.')?;
    let expected = sign(secret, claim);
    if signature.len() != expected.len() || !bool::from(signature.as_bytes().ct_eq(expected.as_bytes())) {
        return None;
    }
    if expires.parse::<i64>().ok()? <= now.timestamp() {
        return None;
    }
    crate::domain::CustomerNumber::parse(number).ok()
}

fn sign(secret: &[u8], claim: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"tirta-live-customer:");
    mac.update(claim.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The newest live event the page asking has seen (its live region's refresh says so in a
/// header): what it is shown must be at least that new, whichever replica answers. 0: none.
pub fn seen_by_page() -> i64 {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(crate::model::live::SEEN_HEADER)?.to_str().ok()?.trim().parse::<i64>().ok())
        .filter(|seen| *seen > 0)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_tokens_name_one_customer_until_they_expire() {
        let now = chrono::Utc::now();
        let number = crate::domain::CustomerNumber::parse("0201000002").unwrap();
        let token = customer_token(b"secret", &number, now);
        assert_eq!(verify_customer_token(b"secret", &token, now), Some(number.clone()));
        assert_eq!(verify_customer_token(b"another secret", &token, now), None, "signed by this portal only");
        assert_eq!(
            verify_customer_token(b"secret", &token, now + chrono::Duration::hours(CUSTOMER_TOKEN_HOURS + 1)),
            None,
            "expired"
        );
        let forged = token.replacen("0201000002", "0201000003", 1);
        assert_eq!(
            verify_customer_token(b"secret", &forged, now),
            None,
            "another customer's number breaks the signature"
        );
        for junk in ["", "abc", "0201000002.1.", "..", "0201000002.99999999999.00"] {
            assert_eq!(verify_customer_token(b"secret", junk, now), None, "{junk:?}");
        }
    }

    #[test]
    fn private_events_reach_their_customer_only() {
        let public =
            LiveEvent { id: 1, topic: "notice".into(), office_id: None, customer_id: None, payload: String::new() };
        let private = LiveEvent { customer_id: Some(7), topic: "payment".into(), ..public.clone() };
        assert!(public.concerns(None, None) && public.concerns(Some(2), Some(7)));
        assert!(!private.concerns(None, None), "never on the public stream");
        assert!(!private.concerns(None, Some(8)));
        assert!(private.concerns(None, Some(7)));
    }

    #[test]
    fn an_event_is_one_frame_whatever_its_payload_holds() {
        let event = LiveEvent {
            id: 42,
            topic: "queue".into(),
            office_id: None,
            customer_id: None,
            payload: r#"{"action":"call"}"#.into(),
        };
        assert_eq!(&sse_frame(&event)[..], b"id: 42\nevent: queue\ndata: {\"action\":\"call\"}\n\n");
        let broken = LiveEvent { payload: "one\r\ntwo\nthree".into(), topic: "no\ntice".into(), ..event };
        assert_eq!(&sse_frame(&broken)[..], b"id: 42\nevent: notice\ndata: one\ndata: two\ndata: three\n\n");
    }
}
