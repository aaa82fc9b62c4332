//! What customer pages show beside their own data: open notices, announcements, the payment
//! channels' states and the office codes. Every bill page needs all of it and it changes a few
//! times a day, so each process keeps one copy instead of reading it for every page (it was
//! most of a bill page's queries).
//!
//! The copy is read again when it may be stale:
//! - this process changed notices, announcements or channel states (`LiveHub::board_changed`);
//! - the live pump saw a notice or channel event, from any replica, before it fans the event
//!   out, so a page refetching because of the event gets the news;
//! - a page asks for a board at least as new as an event it has seen (`at_least`): it may have
//!   heard of the event from another replica whose pump is ahead of this one's;
//! - it is older than `MAX_AGE`, for changes made outside the app.
//!
//! Times are applied when a page asks, not when the copy is read: planned work and
//! announcements come and go on the clock, not on an event.
//!
//! One request reads at a time and the others wait for its copy: a copy whose reading began
//! after a request arrived is as new as that request can ask for, so a page cannot make the
//! pages queued behind it read again (not with a huge `at_least`, not with a slow database).
//! When a reading fails the last copy serves on: the bill page and the bank API need only its
//! channel states, and should not fail for an unreadable notice.

use crate::model::channels::ChannelView;
use crate::model::notices::{AnnouncementView, NoticeView};
use crate::ssr::db::notices::{self, OpenNotice, ScheduledAnnouncement};
use crate::ssr::AppState;
use chrono::NaiveDateTime;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// The longest a copy is used without an event saying it is still good.
pub const MAX_AGE: Duration = Duration::from_secs(5);

pub struct Board {
    /// The live event id read before everything else: a page's stream resumes from it, so an
    /// event that raced the reading is replayed rather than missed.
    pub head: i64,
    pub channels: Vec<ChannelView>,
    revision: u64,
    read_at: Instant,
    notices: Vec<OpenNotice>,
    announcements: Vec<ScheduledAnnouncement>,
    offices: HashMap<String, i64>,
}

impl Board {
    pub fn office_id(&self, code: &str) -> Option<i64> {
        self.offices.get(code).copied()
    }

    /// Notices in force at `now` (WIB) for an office (with those for every office) or all.
    pub fn notices(&self, office_id: Option<i64>, now: NaiveDateTime) -> Vec<NoticeView> {
        notices::in_force(&self.notices, office_id, now)
    }

    pub fn announcements(&self, office_id: Option<i64>, now: NaiveDateTime) -> Vec<AnnouncementView> {
        notices::announcements_in_force(&self.announcements, office_id, now)
    }

    fn serves(&self, revision: u64, at_least: i64) -> bool {
        self.revision == revision && self.head >= at_least && self.read_at.elapsed() < MAX_AGE
    }
}

#[derive(Default)]
pub struct BoardCache {
    current: RwLock<Option<Arc<Board>>>,
    /// One reader at a time: the pages that find the copy stale wait for it, not read it too.
    reading: tokio::sync::Mutex<()>,
    /// When the last reading began, whether it succeeded or failed: the requests that waited
    /// for it take what it left and do not read again.
    last_attempt: std::sync::Mutex<Option<Instant>>,
}

impl BoardCache {
    /// The board, at least as new as the live event `at_least` (0: any).
    pub async fn get(&self, state: &AppState, at_least: i64) -> Result<Arc<Board>, sqlx::Error> {
        let arrived = Instant::now();
        if let Some(board) = self.current().filter(|b| b.serves(state.live.revision(), at_least)) {
            return Ok(board);
        }
        let _reading = self.reading.lock().await;
        let revision = state.live.revision();
        let last = self.current();
        let attempted_since_arrival =
            self.last_attempt.lock().unwrap_or_else(|e| e.into_inner()).is_some_and(|t| t >= arrived);
        if let Some(board) = last.as_ref().filter(|b| attempted_since_arrival || b.serves(revision, at_least)) {
            return Ok(board.clone());
        }
        *self.last_attempt.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        match read(state, revision).await {
            Ok(board) => {
                let board = Arc::new(board);
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(board.clone());
                Ok(board)
            }
            Err(e) => match last {
                Some(board) => {
                    tracing::warn!(error = %e, "notice board: reading failed; showing the last copy");
                    Ok(board)
                }
                None => Err(e),
            },
        }
    }

    fn current(&self) -> Option<Arc<Board>> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// `revision` is taken before anything is read: a change landing meanwhile moves it, and the
/// copy is read again at the next request.
async fn read(state: &AppState, revision: u64) -> Result<Board, sqlx::Error> {
    let read_at = Instant::now();
    let head = crate::ssr::live::head(&state.db).await?;
    let offices = crate::ssr::db::offices::ids_by_code(&state.db).await?;
    Ok(Board {
        head,
        channels: crate::ssr::channels::overview(state).await?,
        revision,
        read_at,
        notices: notices::open_notices(&state.db).await?,
        announcements: notices::scheduled_announcements(&state.db).await?,
        offices: offices.into_iter().collect(),
    })
}
