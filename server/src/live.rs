//! `GET /api/v1/live`: server-sent events for open pages and screens. A stream starts after
//! the event id the page was rendered at (`?since=`) or the browser's `Last-Event-ID` after a
//! reconnect, replays what it missed from the event log, then follows the live fan-out. A
//! stream that falls too far behind is closed; the browser reconnects and resumes from the log.

use app::ssr::live::{self, LiveEvent};
use app::ssr::AppState;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, Stream};
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};

pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
const REPLAY_PAGE: i64 = 500;

#[derive(Deserialize)]
pub struct StreamQuery {
    since: Option<i64>,
    /// An office code: only its events and those for every office.
    office: Option<String>,
}

struct Follow {
    state: AppState,
    rx: broadcast::Receiver<Arc<LiveEvent>>,
    office_id: Option<i64>,
    last: i64,
    replay: VecDeque<LiveEvent>,
    replaying: bool,
}

pub async fn stream(State(state): State<AppState>, headers: HeaderMap, Query(q): Query<StreamQuery>) -> Response {
    let office_id = match q.office.as_deref().filter(|c| !c.is_empty()) {
        Some(code) => match app::ssr::db::notices::office_id(&state.db, code).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => return (StatusCode::NOT_FOUND, "no unit office has that code").into_response(),
            Err(e) => {
                tracing::error!(error = %e, "live stream: office lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
        None => None,
    };
    let resume = headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<i64>().ok());
    // Subscribe before reading the head: nothing written in between can fall through the gap.
    let rx = state.live.subscribe();
    let last = match resume.or(q.since) {
        Some(id) => id.max(0),
        None => match live::head(&state.db).await {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "live stream: head unreadable");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        },
    };
    let follow = Follow { state, rx, office_id, last, replay: VecDeque::new(), replaying: true };
    let mut response = Sse::new(events(follow)).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response();
    // Proxies must pass events through as they come.
    response.headers_mut().insert("x-accel-buffering", "no".parse().expect("static header"));
    response
}

fn to_sse(event: &LiveEvent) -> Event {
    Event::default().id(event.id.to_string()).event(&event.topic).data(&event.payload)
}

fn events(follow: Follow) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(follow, |mut f| async move {
        loop {
            if let Some(event) = f.replay.pop_front() {
                f.last = event.id;
                return Some((Ok(to_sse(&event)), f));
            }
            if f.replaying {
                match live::after(&f.state.db, f.last, f.office_id, REPLAY_PAGE).await {
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
            match f.rx.recv().await {
                Ok(event) if event.id > f.last && event.concerns(f.office_id) => {
                    f.last = event.id;
                    return Some((Ok(to_sse(&event)), f));
                }
                Ok(_) => continue,
                // Too far behind: close; the browser reconnects with Last-Event-ID and replays.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return None,
            }
        }
    })
}
