//! `GET /api/v1/live`: server-sent events for open pages and screens. A stream starts after
//! the event id the page was rendered at (`?since=`) or the browser's `Last-Event-ID` after a
//! reconnect, replays what it missed from the event log, then follows the live fan-out. A
//! stream that falls too far behind is closed; the browser reconnects and resumes from the log.
//!
//! The public stream carries notices, announcements, channel states and queue moves. A payment
//! event reaches only a stream opened with a customer token (`?customer=`), which bill, payment
//! and virtual-account pages get with their HTML. A resume reaches back a bounded number of
//! events, and open streams are capped per client network and in all.

use app::ssr::live::{self, LiveEvent, StreamPermit, StreamRefused};
use app::ssr::{AppState, ClientIp};
use axum::body::{Body, Bytes};
use axum::extract::{Extension, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::time::{Instant, Sleep};

pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
const REPLAY_PAGE: i64 = 500;

#[derive(Deserialize)]
pub struct StreamQuery {
    #[serde(default)]
    since: String,
    /// An office code: only its events and those for every office.
    #[serde(default)]
    office: String,
    /// A customer token: that customer's payment events too.
    #[serde(default)]
    customer: String,
}

struct Follow {
    state: AppState,
    rx: broadcast::Receiver<Arc<live::Fanned>>,
    office_id: Option<i64>,
    customer_id: Option<i64>,
    last: i64,
    replay: VecDeque<LiveEvent>,
    replaying: bool,
    /// When to send a comment line that keeps proxies and the browser from taking a quiet
    /// stream for a dead one.
    keep_alive: Pin<Box<Sleep>>,
    /// Counts this stream as open until the stream is dropped.
    _permit: StreamPermit,
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
}

pub async fn stream(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    q: crate::routes::Params<StreamQuery>,
) -> Response {
    let q = q.0;
    let requested = match headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .or(Some(q.since.trim()).filter(|v| !v.is_empty()))
    {
        Some(id) => match id.parse::<i64>() {
            Ok(id) => Some(id.max(0)),
            Err(_) => {
                return refuse(StatusCode::BAD_REQUEST, "since / Last-Event-ID: expected an event id (a whole number)")
            }
        },
        None => None,
    };
    let office_id = match q.office.trim() {
        "" => None,
        code => match app::ssr::db::offices::office_id(&state.db, code).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => return refuse(StatusCode::NOT_FOUND, "no unit office has that code"),
            Err(e) => {
                tracing::error!(error = %e, "live stream: office lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let customer_id = match q.customer.trim() {
        "" => None,
        token => {
            let Some(number) = state.live.verify_customer_token(token) else {
                return refuse(
                    StatusCode::FORBIDDEN,
                    "the customer token is not valid or has expired: reload the page",
                );
            };
            match app::ssr::db::accounts::customer_id(&state.db, &number).await {
                Ok(Some(id)) => Some(id),
                Ok(None) => return refuse(StatusCode::FORBIDDEN, "the customer token is not valid: reload the page"),
                Err(e) => {
                    tracing::error!(error = %e, "live stream: customer lookup failed");
                    return StatusCode::SERVICE_UNAVAILABLE.into_response();
                }
            }
        }
    };
    let permit = match state.live.admit(client.map(|Extension(ClientIp(ip))| ip), state.site.live) {
        Ok(p) => p,
        Err(why) => {
            tracing::warn!(?why, "live stream refused");
            let mut r = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                match why {
                    StreamRefused::TooManyFromAddress => "too many live streams from this address",
                    StreamRefused::TooManyInAll => "too many live streams open; try again shortly",
                },
            );
            r.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
            return r;
        }
    };
    // Subscribe before reading the head: nothing written in between can fall through the gap.
    let rx = state.live.subscribe();
    let head = match live::head(&state.db).await {
        Ok(id) => id,
        Err(e) => {
            tracing::error!(error = %e, "live stream: head unreadable");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // A resume reaches back a bounded window: older history is not replayed to anyone.
    let last = requested.map_or(head, |id| id.max(head - state.site.live.replay_events));
    let follow = Follow {
        state,
        rx,
        office_id,
        customer_id,
        last,
        replay: VecDeque::new(),
        replaying: true,
        keep_alive: Box::pin(tokio::time::sleep(KEEP_ALIVE)),
        _permit: permit,
    };
    // The frames are written here rather than through axum's `Sse`, which would format each
    // event again for every stream (5,000 open screens: 5,000 times the same bytes).
    let mut response = Body::from_stream(frames(follow)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Proxies must pass events through as they come.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

fn frames(follow: Follow) -> impl Stream<Item = Result<Bytes, Infallible>> {
    stream::unfold(follow, |mut f| async move {
        loop {
            if let Some(event) = f.replay.pop_front() {
                f.last = event.id;
                return Some((Ok(live::sse_frame(&event)), f));
            }
            if f.replaying {
                match live::after(&f.state.db, f.last, Some((f.office_id, f.customer_id)), REPLAY_PAGE).await {
                    Ok(page) if !page.is_empty() => {
                        f.replay.extend(page);
                        continue;
                    }
                    Ok(_) => f.replaying = false,
                    Err(e) => {
                        tracing::warn!(error = %e, "live stream: replay failed; closing so the client resumes");
                        return None;
                    }
                }
            }
            tokio::select! {
                received = f.rx.recv() => match received {
                    Ok(fanned) if fanned.event.id > f.last && fanned.event.concerns(f.office_id, f.customer_id) => {
                        f.last = fanned.event.id;
                        return Some((Ok(fanned.frame.clone()), f));
                    }
                    Ok(_) => continue,
                    // Too far behind: close; the browser reconnects with Last-Event-ID and replays.
                    Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return None,
                },
                // Every KEEP_ALIVE whether or not events flowed: one timer reset per interval,
                // not one per event per stream.
                () = f.keep_alive.as_mut() => {
                    f.keep_alive.as_mut().reset(Instant::now() + KEEP_ALIVE);
                    return Some((Ok(Bytes::from_static(b":\n\n")), f));
                }
            }
        }
    })
}
