//! Payment-channel health on the server: what the partner endpoints report (each request that
//! succeeded or failed), the monitor that marks a channel degraded and clears it again, and the
//! administrators' hand setting. A marked channel gets a payment-channel notice for every office,
//! so customers learn it wherever they are, live.
//!
//! Failures count only from requests that proved who sent them, or (a token request naming a
//! registered bank) a few per client address; even so the monitor only ever *warns*: a degraded channel still takes payments. Only an administrator
//! can mark a channel down, which stops new payments on it.

use crate::domain::channel::Channel;
use crate::domain::channel_health::{assess, next_change, Change, ChannelState, HealthRules, Signals, Source, Verdict};
use crate::domain::notice::{InputProblem, NoticeDraft, NoticeKind, NoticeStatus, Severity};
use crate::domain::staff::Duty;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::model::channels::ChannelView;
use crate::model::live::LiveChange;
use crate::ssr::db::{self, audit, notices};
use crate::ssr::{clock, AppState};
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Successes are written at most this often per channel and process (after a failure, at once):
/// a busy bank's every inquiry must not become a database write.
const SUCCESS_EVERY: Duration = Duration::from_secs(60);
/// Signals older than this are deleted by the monitor.
pub const SIGNALS_KEPT_DAYS: i64 = 7;
pub const COUNTER: &str = Channel::COUNTER;
pub const QRIS: &str = Channel::QRIS;

/// Failures from requests that named a registered partner but proved nothing (a token request
/// with a bad signature) count at most this often per client network and window: anyone can
/// send them, and five must not publish a "channel disrupted" notice.
pub const UNVERIFIED_FAILURES_PER_ADDRESS: u32 = 2;
pub const UNVERIFIED_WINDOW: Duration = Duration::from_secs(10 * 60);

pub struct ChannelMonitor {
    pub rules: HealthRules,
    /// Per channel: whether the last signal this process wrote was a success, and when.
    written: Mutex<HashMap<String, (bool, Instant)>>,
    /// Per client network: unverified failures counted in the current window, since when.
    unverified: Mutex<HashMap<crate::ssr::rate_limit::ClientNet, (u32, Instant)>>,
}

impl ChannelMonitor {
    pub fn new(rules: HealthRules) -> Self {
        ChannelMonitor { rules, written: Mutex::new(HashMap::new()), unverified: Mutex::new(HashMap::new()) }
    }

    /// A failure of a request that named a registered partner without proving to be it: counted
    /// only while its client network has sent fewer than `UNVERIFIED_FAILURES_PER_ADDRESS` in
    /// the window.
    pub async fn record_unverified_failure(
        &self,
        db: &AnyPool,
        channel: &str,
        client: Option<std::net::IpAddr>,
        what: &str,
    ) {
        let Some(net) = client.map(crate::ssr::rate_limit::ClientNet::of) else {
            return;
        };
        {
            let mut seen = self.unverified.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            seen.retain(|_, (_, since)| now.duration_since(*since) < UNVERIFIED_WINDOW);
            let entry = seen.entry(net).or_insert((0, now));
            if entry.0 >= UNVERIFIED_FAILURES_PER_ADDRESS {
                return;
            }
            entry.0 += 1;
        }
        self.record(db, channel, false, what).await;
    }

    /// Records what a channel just did. Never fails the request it is called from.
    pub async fn record(&self, db: &AnyPool, channel: &str, ok: bool, what: &str) {
        {
            let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            if ok && written.get(channel).is_some_and(|(was_ok, at)| *was_ok && at.elapsed() < SUCCESS_EVERY) {
                return;
            }
        }
        match db::channels::record_signal(db, channel, Utc::now(), ok, what).await {
            Ok(_) => {
                self.written
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(channel.to_string(), (ok, Instant::now()));
            }
            Err(e) => tracing::warn!(error = %e, channel, "could not record a channel signal"),
        }
    }
}

/// The channels payments come through: QRIS when configured, each active bank, the counter.
/// (channel, bank name)
async fn known(state: &AppState) -> Result<Vec<(String, Option<String>)>, sqlx::Error> {
    let mut list = Vec::new();
    if state.payments.qris.is_some() {
        list.push((QRIS.to_string(), None));
    }
    list.extend(db::channels::partner_channels(&state.db).await?.into_iter().map(|p| (p.channel, Some(p.name))));
    list.push((COUNTER.to_string(), None));
    Ok(list)
}

struct Stored {
    state: ChannelState,
    source: Source,
    reason: String,
    since: db::stamp::Stamp,
    notice_id: Option<i64>,
}

async fn stored(db: &AnyPool) -> Result<HashMap<String, Stored>, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    db::channels::statuses(db)
        .await?
        .into_iter()
        .map(|r| {
            let stored = Stored {
                state: r.status.parse().map_err(decode)?,
                source: r.source.parse().map_err(decode)?,
                reason: r.reason,
                since: r.since,
                notice_id: r.notice_id,
            };
            Ok((r.channel, stored))
        })
        .collect()
}

/// Administrators' board: every channel with its state and who set it.
pub async fn board() -> Result<crate::model::channels::ChannelBoard, AppError> {
    let state = crate::ssr::app_state()?;
    let session = crate::ssr::auth::authorize_read(crate::domain::staff::Duty::Administer).await?;
    Ok(crate::model::channels::ChannelBoard { csrf: session.csrf, channels: overview(&state).await? })
}

/// Every channel with its state now. A channel never marked works.
pub async fn overview(state: &AppState) -> Result<Vec<ChannelView>, sqlx::Error> {
    let mut marks = stored(&state.db).await?;
    Ok(known(state)
        .await?
        .into_iter()
        .map(|(channel, name)| match marks.remove(&channel) {
            Some(s) => ChannelView {
                since: Some(s.since.wib()),
                state: s.state,
                source: s.source,
                reason: s.reason,
                channel,
                name,
            },
            None => ChannelView {
                channel,
                name,
                state: ChannelState::Operational,
                source: Source::Auto,
                reason: String::new(),
                since: None,
            },
        })
        .collect())
}

/// The state of one channel (operational when never marked).
pub async fn state_of(db: &AnyPool, channel: &str) -> Result<ChannelState, sqlx::Error> {
    db::channels::status_of(db, channel)
        .await?
        .map(|s| s.parse().map_err(|e: String| sqlx::Error::Decode(e.into())))
        .transpose()
        .map(|s| s.unwrap_or(ChannelState::Operational))
}

async fn signals(db: &AnyPool, channel: &str, rules: &HealthRules, now: DateTime<Utc>) -> Result<Signals, sqlx::Error> {
    let raw = db::channels::signals(db, channel, now - rules.silence).await?;
    Ok(Signals {
        failures_in_a_row: raw.failures_since_success.try_into().unwrap_or(u32::MAX),
        last_success: raw.last_success.map(|s| s.0),
        first_attempt: raw.first_attempt.map(|s| s.0),
        recent_attempts: raw.recent_attempts.try_into().unwrap_or(u32::MAX),
    })
}

fn label(channel: &str, name: Option<&str>) -> String {
    match (channel, name) {
        (_, Some(bank)) if Channel::parse(channel).is_some_and(|c| c.bank().is_some()) => {
            format!("Virtual Account {bank}")
        }
        _ => crate::i18n::Lang::Id.payment_channel(channel),
    }
}

fn recovered(channel_label: &str) -> String {
    Lang::Id.channel_notice_closed(channel_label, false)
}

fn verdict_reason(verdict: &Verdict, rules: &HealthRules) -> String {
    match verdict {
        Verdict::Healthy => String::new(),
        Verdict::RepeatedFailures(n) => {
            format!("{n} kegagalan berturut-turut (tanda tangan atau pemrosesan)")
        }
        Verdict::Silent { attempts } => {
            format!(
                "{attempts} pembayaran dibuka tanpa satu pun berhasil dalam {} menit terakhir",
                rules.silence.num_minutes()
            )
        }
    }
}

/// Publishes the customers' notice for a channel that stopped working well.
/// Stored in Indonesian (feeds, exports, the history); pages in English say it again in English
/// from the channel it names.
async fn open_notice(
    tx: &mut sqlx::AnyConnection,
    staff_id: Option<i64>,
    channel: &str,
    channel_label: &str,
    state: ChannelState,
) -> Result<i64, sqlx::Error> {
    let stopped = state == ChannelState::Down;
    let severity = if stopped { Severity::Critical } else { Severity::Warning };
    let (title, body) = Lang::Id.channel_notice(channel_label, stopped);
    let draft = NoticeDraft {
        kind: NoticeKind::PaymentChannel,
        severity,
        title,
        body,
        starts_at: clock::now_wib().naive_local(),
        ends_at: None,
        repair_eta: None,
        flow_eta: None,
        mitigation: String::new(),
        areas: Vec::new(),
    };
    notices::insert(tx, staff_id, None, &draft, Some(channel)).await
}

async fn close_notice(
    tx: &mut sqlx::AnyConnection,
    staff_id: Option<i64>,
    notice_id: Option<i64>,
    message: String,
) -> Result<(), sqlx::Error> {
    let Some(id) = notice_id else { return Ok(()) };
    if !db::channels::notice_open(tx, id).await? {
        return Ok(());
    }
    let change = notices::StatusChange { to: NoticeStatus::Resolved, message, repair_eta: None, flow_eta: None };
    notices::change_status(tx, id, None, staff_id, &change).await
}

/// Stores a channel's state with its live event (pages and the notice board's copies follow it).
async fn put(
    tx: &mut sqlx::AnyConnection,
    channel: &str,
    state: ChannelState,
    source: Source,
    reason: &str,
    notice_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    db::channels::put_status(tx, channel, state.as_str(), source.as_str(), reason, notice_id).await?;
    crate::ssr::live::publish(
        tx,
        None,
        &LiveChange::Channel { channel: channel.to_string(), state: state.as_str().to_string() },
    )
    .await?;
    Ok(())
}

/// One round of the monitor: judges every channel from its signals and marks or clears it.
/// Returns what changed, for the log.
pub async fn check(state: &AppState, now: DateTime<Utc>) -> Result<Vec<(String, Change)>, sqlx::Error> {
    let rules = state.channels.rules;
    let mut marks = stored(&state.db).await?;
    let mut changed = Vec::new();
    for (channel, name) in known(state).await? {
        let current = marks.remove(&channel);
        let verdict = assess(&rules, &signals(&state.db, &channel, &rules, now).await?, now);
        let change = next_change(current.as_ref().map(|s| (s.state, s.source)), verdict);
        let channel_label = label(&channel, name.as_deref());
        if change == Change::Keep {
            continue;
        }
        // The channel's state, its customers' notice and the audit entry change together.
        let mut tx = crate::ssr::db::begin_serial(&state.db, crate::ssr::db::Serial::Channels).await?;
        match &change {
            Change::Keep => {}
            Change::Degrade(verdict) => {
                let reason = verdict_reason(verdict, &rules);
                let notice = open_notice(&mut tx, None, &channel, &channel_label, ChannelState::Degraded).await?;
                put(&mut tx, &channel, ChannelState::Degraded, Source::Auto, &reason, Some(notice)).await?;
                audit::record(
                    &mut *tx,
                    None,
                    "sistem",
                    crate::domain::audit::AuditAction::ChannelDegraded,
                    &channel,
                    &reason,
                    None,
                )
                .await?;
            }
            Change::Recover => {
                close_notice(&mut tx, None, current.and_then(|s| s.notice_id), recovered(&channel_label)).await?;
                put(&mut tx, &channel, ChannelState::Operational, Source::Auto, "", None).await?;
                audit::record(
                    &mut *tx,
                    None,
                    "sistem",
                    crate::domain::audit::AuditAction::ChannelRecovered,
                    &channel,
                    "",
                    None,
                )
                .await?;
            }
        }
        tx.commit().await?;
        changed.push((channel, change));
    }
    if !changed.is_empty() {
        state.live.board_changed();
    }
    db::channels::forget_signals_before(&state.db, now - chrono::Duration::days(SIGNALS_KEPT_DAYS)).await?;
    Ok(changed)
}

pub const REASON_MAX: usize = 300;

/// An administrator marks a channel (or hands it back to the monitor with `auto`).
pub async fn set_by_hand(csrf: &str, channel: &str, to: &str, reason: &str) -> Result<(), AppError> {
    let state = crate::ssr::app_state()?;
    let (session, ip) = crate::ssr::auth::authorize_action(csrf, Duty::Administer).await?;
    let Some((channel, name)) = known(&state).await?.into_iter().find(|(c, _)| c == channel) else {
        return Err(AppError::Invalid(InputProblem::UnknownChoice("channel".into())));
    };
    let target: Option<ChannelState> = match to {
        "auto" => None,
        other => Some(other.parse().map_err(|_| AppError::Invalid(InputProblem::UnknownChoice("state".into())))?),
    };
    let reason = crate::domain::notice::text_field("reason", reason, REASON_MAX, false, false)?;
    if matches!(target, Some(ChannelState::Degraded | ChannelState::Down)) && reason.is_empty() {
        return Err(AppError::Invalid(InputProblem::Required("reason".into())));
    }
    let channel_label = label(&channel, name.as_deref());
    let current = stored(&state.db).await?.remove(&channel);
    let staff_id = Some(session.staff.id);
    let open_notice_id = current.as_ref().and_then(|s| s.notice_id);
    let mut tx = crate::ssr::db::begin_serial(&state.db, crate::ssr::db::Serial::Channels).await?;
    match target {
        Some(ChannelState::Operational) | None => {
            close_notice(&mut tx, staff_id, open_notice_id, recovered(&channel_label)).await?;
            let source = if target.is_some() { Source::Manual } else { Source::Auto };
            put(&mut tx, &channel, ChannelState::Operational, source, &reason, None).await?;
        }
        Some(bad) => {
            // Between degraded and down the old notice gives way to one worded for the new state.
            if current.as_ref().map(|s| s.state) != Some(bad) {
                close_notice(&mut tx, staff_id, open_notice_id, Lang::Id.channel_notice_closed(&channel_label, true))
                    .await?;
                let notice = open_notice(&mut tx, staff_id, &channel, &channel_label, bad).await?;
                put(&mut tx, &channel, bad, Source::Manual, &reason, Some(notice)).await?;
            } else {
                put(&mut tx, &channel, bad, Source::Manual, &reason, open_notice_id).await?;
            }
        }
    }
    let detail = format!("{to} · {reason}");
    audit::Action {
        actor: &session.staff,
        action: crate::domain::audit::AuditAction::ChannelSet,
        subject: channel,
        detail,
        ip,
    }
    .record(&mut tx)
    .await?;
    tx.commit().await?;
    state.live.board_changed();
    Ok(())
}
