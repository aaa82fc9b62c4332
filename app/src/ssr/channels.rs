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
use crate::model::channels::ChannelView;
use crate::model::live::LiveChange;
use crate::ssr::db::ledger::stamp;
use crate::ssr::db::{audit, notices};
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
    pub async fn record_unverified_failure(&self, db: &AnyPool, channel: &str, client: Option<std::net::IpAddr>, what: &str) {
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
        let stored = sqlx::query("INSERT INTO channel_signals (channel, at, ok, what) VALUES ($1, $2, $3, $4)")
            .bind(channel)
            .bind(stamp(Utc::now()))
            .bind(i64::from(ok))
            .bind(what)
            .execute(db)
            .await;
        match stored {
            Ok(_) => {
                self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(channel.to_string(), (ok, Instant::now()));
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
    let banks: Vec<(String, String)> =
        sqlx::query_as("SELECT channel, name FROM partners WHERE active = 1 ORDER BY sort_order, name").fetch_all(&state.db).await?;
    list.extend(banks.into_iter().map(|(channel, name)| (channel, Some(name))));
    list.push((COUNTER.to_string(), None));
    Ok(list)
}

struct Stored {
    state: ChannelState,
    source: Source,
    reason: String,
    since: String,
    notice_id: Option<i64>,
}

async fn stored(db: &AnyPool) -> Result<HashMap<String, Stored>, sqlx::Error> {
    let rows: Vec<(String, String, String, String, String, Option<i64>)> =
        sqlx::query_as("SELECT channel, status, source, reason, since, notice_id FROM channel_status").fetch_all(db).await?;
    let decode = |e: String| sqlx::Error::Decode(e.into());
    rows.into_iter()
        .map(|(channel, status, source, reason, since, notice_id)| {
            Ok((channel, Stored { state: status.parse().map_err(decode)?, source: source.parse().map_err(decode)?, reason, since, notice_id }))
        })
        .collect()
}

/// Every channel with its state now. A channel never marked works.
pub async fn overview(state: &AppState) -> Result<Vec<ChannelView>, sqlx::Error> {
    let mut marks = stored(&state.db).await?;
    Ok(known(state)
        .await?
        .into_iter()
        .map(|(channel, name)| match marks.remove(&channel) {
            Some(s) => ChannelView { since: clock::to_wib(&s.since), state: s.state, source: s.source, reason: s.reason, channel, name },
            None => ChannelView { channel, name, state: ChannelState::Operational, source: Source::Auto, reason: String::new(), since: None },
        })
        .collect())
}

/// The state of one channel (operational when never marked).
pub async fn state_of(db: &AnyPool, channel: &str) -> Result<ChannelState, sqlx::Error> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM channel_status WHERE channel = $1").bind(channel).fetch_optional(db).await?;
    status.map(|s| s.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))).transpose().map(|s| s.unwrap_or(ChannelState::Operational))
}

async fn signals(db: &AnyPool, channel: &str, rules: &HealthRules, now: DateTime<Utc>) -> Result<Signals, sqlx::Error> {
    let last_ok: Option<(i64, String)> =
        sqlx::query_as("SELECT id, at FROM channel_signals WHERE channel = $1 AND ok = 1 ORDER BY id DESC LIMIT 1").bind(channel).fetch_optional(db).await?;
    let failures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM channel_signals WHERE channel = $1 AND ok = 0 AND id > $2")
        .bind(channel)
        .bind(last_ok.as_ref().map_or(0, |(id, _)| *id))
        .fetch_one(db)
        .await?;
    // Payments customers open: intents on this channel (banks report payments, customers open none).
    let (attempts, first): (i64, Option<String>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM payment_intents WHERE channel = $1 AND created_at >= $2), (SELECT MIN(created_at) FROM payment_intents WHERE channel = $1)",
    )
    .bind(channel)
    .bind(stamp(now - rules.silence))
    .fetch_one(db)
    .await?;
    let parse = |s: &str| DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).ok();
    Ok(Signals {
        failures_in_a_row: failures.try_into().unwrap_or(u32::MAX),
        last_success: last_ok.as_ref().and_then(|(_, at)| parse(at)),
        first_attempt: first.as_deref().and_then(parse),
        recent_attempts: attempts.try_into().unwrap_or(u32::MAX),
    })
}

fn label(channel: &str, name: Option<&str>) -> String {
    match (channel, name) {
        (_, Some(bank)) if Channel::parse(channel).is_some_and(|c| c.bank().is_some()) => format!("Virtual Account {bank}"),
        _ => crate::i18n::Lang::Id.payment_channel(channel),
    }
}

fn recovered(channel_label: &str) -> String {
    format!("Pembayaran lewat {channel_label} kembali normal.")
}

fn verdict_reason(verdict: &Verdict, rules: &HealthRules) -> String {
    match verdict {
        Verdict::Healthy => String::new(),
        Verdict::RepeatedFailures(n) => {
            format!("{n} kegagalan berturut-turut (tanda tangan atau pemrosesan)")
        }
        Verdict::Silent { attempts } => {
            format!("{attempts} pembayaran dibuka tanpa satu pun berhasil dalam {} menit terakhir", rules.silence.num_minutes())
        }
    }
}

/// Publishes the customers' notice for a channel that stopped working well.
async fn open_notice(db: &AnyPool, staff_id: Option<i64>, channel_label: &str, state: ChannelState) -> Result<i64, sqlx::Error> {
    let (severity, title, body) = match state {
        ChannelState::Down => (
            Severity::Critical,
            format!("Pembayaran lewat {channel_label} tidak dapat digunakan"),
            format!("Pembayaran lewat {channel_label} dihentikan sementara. Silakan bayar dengan cara lain; tagihan Anda tetap dapat dilihat di portal."),
        ),
        _ => (
            Severity::Warning,
            format!("Pembayaran lewat {channel_label} sedang terganggu"),
            format!("Pembayaran lewat {channel_label} mungkin gagal atau terlambat tercatat. Bila bisa, gunakan cara bayar lain. Pembayaran yang sudah berhasil tidak akan ditagih dua kali."),
        ),
    };
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
    notices::insert(db, staff_id, None, &draft, None).await
}

async fn close_notice(db: &AnyPool, staff_id: Option<i64>, notice_id: Option<i64>, message: String) -> Result<(), sqlx::Error> {
    let Some(id) = notice_id else { return Ok(()) };
    let still_open: Option<String> = sqlx::query_scalar("SELECT status FROM notices WHERE id = $1 AND closed_at IS NULL").bind(id).fetch_optional(db).await?;
    if still_open.is_none() {
        return Ok(());
    }
    let change = notices::StatusChange { to: NoticeStatus::Resolved, message, repair_eta: None, flow_eta: None };
    notices::change_status(db, id, None, staff_id, &change).await
}

/// Stores a channel's state with its live event (pages and the notice board's copies follow it).
async fn put(db: &AnyPool, channel: &str, state: ChannelState, source: Source, reason: &str, notice_id: Option<i64>) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO channel_status (channel, status, source, reason, since, notice_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (channel) DO UPDATE SET status = excluded.status, source = excluded.source, reason = excluded.reason,
                                             since = excluded.since, notice_id = excluded.notice_id",
    )
    .bind(channel)
    .bind(state.as_str())
    .bind(source.as_str())
    .bind(reason)
    .bind(stamp(Utc::now()))
    .bind(notice_id)
    .execute(&mut *tx)
    .await?;
    crate::ssr::live::publish(&mut tx, None, &LiveChange::Channel { channel: channel.to_string(), state: state.as_str().to_string() }).await?;
    tx.commit().await?;
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
        match &change {
            Change::Keep => continue,
            Change::Degrade(verdict) => {
                let reason = verdict_reason(verdict, &rules);
                let notice = open_notice(&state.db, None, &channel_label, ChannelState::Degraded).await?;
                put(&state.db, &channel, ChannelState::Degraded, Source::Auto, &reason, Some(notice)).await?;
                audit::record(&state.db, None, "sistem", crate::domain::audit::AuditAction::ChannelDegraded, &channel, &reason, None).await?;
            }
            Change::Recover => {
                close_notice(&state.db, None, current.and_then(|s| s.notice_id), recovered(&channel_label)).await?;
                put(&state.db, &channel, ChannelState::Operational, Source::Auto, "", None).await?;
                audit::record(&state.db, None, "sistem", crate::domain::audit::AuditAction::ChannelRecovered, &channel, "", None).await?;
            }
        }
        changed.push((channel, change));
    }
    if !changed.is_empty() {
        state.live.board_changed();
    }
    sqlx::query("DELETE FROM channel_signals WHERE at < $1").bind(stamp(now - chrono::Duration::days(SIGNALS_KEPT_DAYS))).execute(&state.db).await?;
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
    match target {
        Some(ChannelState::Operational) | None => {
            close_notice(&state.db, staff_id, open_notice_id, recovered(&channel_label)).await?;
            let source = if target.is_some() { Source::Manual } else { Source::Auto };
            put(&state.db, &channel, ChannelState::Operational, source, &reason, None).await?;
        }
        Some(bad) => {
            // Between degraded and down the old notice gives way to one worded for the new state.
            if current.as_ref().map(|s| s.state) != Some(bad) {
                close_notice(&state.db, staff_id, open_notice_id, "Diganti pemberitahuan yang lebih baru.".to_string()).await?;
                let notice = open_notice(&state.db, staff_id, &channel_label, bad).await?;
                put(&state.db, &channel, bad, Source::Manual, &reason, Some(notice)).await?;
            } else {
                put(&state.db, &channel, bad, Source::Manual, &reason, open_notice_id).await?;
            }
        }
    }
    state.live.board_changed();
    audit::record(
        &state.db,
        Some(&session.staff),
        &session.staff.username,
        crate::domain::audit::AuditAction::ChannelSet,
        &channel,
        &format!("{to} · {reason}"),
        ip,
    )
    .await?;
    Ok(())
}
