//! Queue storage: issuing numbered tickets atomically, moving them through their states with an
//! event for every move, and reading an office's queue and a customer's ticket.

use crate::domain::queue::{
    ahead_of, estimate_wait, ewma, next_in_line, InLine, Refused, TicketAction, TicketNumber, TicketState, WaitEstimate,
};
use crate::model::queue::{CallView, CounterView, OfficeQueue, ServiceView, TicketView};
use crate::ssr::clock;
use crate::ssr::db::stamp::{stamp, Stamp};
use crate::ssr::random::random_hex;
use chrono::Utc;
use sqlx::{Any, AnyPool, Transaction};

/// The services every office starts with: (prefix, Indonesian name, English name).
pub const DEFAULT_SERVICES: [(&str, &str, &str); 4] = [
    ("A", "Pembayaran", "Payments"),
    ("B", "Pengaduan", "Complaints"),
    ("C", "Sambungan baru", "New connections"),
    ("D", "Informasi", "Information"),
];
pub const DEFAULT_COUNTERS: i64 = 3;

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("no such ticket")]
    UnknownTicket,
    #[error("no such service at this office")]
    UnknownService,
    #[error("no such counter at this office")]
    UnknownCounter,
    #[error("the counter is closed")]
    CounterClosed,
    #[error("nobody is waiting")]
    NobodyWaiting,
    #[error("the counter is still busy with {0}")]
    CounterBusy(String),
    /// An online ticket over the limit per phone number or per client address.
    #[error("the online ticket limit is reached")]
    LimitReached,
}

/// Services and counters (each serving every service) for an office that has none yet.
pub async fn ensure_setup(db: &AnyPool, office_id: i64) -> Result<(), sqlx::Error> {
    // Serial: replicas starting together must not both set up the same office.
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM queue_services WHERE office_id = $1")
        .bind(office_id)
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Ok(());
    }
    let mut services = Vec::new();
    for (order, (prefix, name_id, name_en)) in DEFAULT_SERVICES.iter().enumerate() {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO queue_services (office_id, prefix, name_id, name_en, sort_order) VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(office_id)
                .bind(*prefix)
                .bind(*name_id)
                .bind(*name_en)
                .bind(order as i64)
                .fetch_one(&mut *tx)
                .await?;
        services.push(id);
    }
    for number in 1..=DEFAULT_COUNTERS {
        let counter: i64 =
            sqlx::query_scalar("INSERT INTO queue_counters (office_id, number) VALUES ($1, $2) RETURNING id")
                .bind(office_id)
                .bind(number)
                .fetch_one(&mut *tx)
                .await?;
        for service in &services {
            sqlx::query("INSERT INTO queue_counter_services (counter_id, service_id) VALUES ($1, $2)")
                .bind(counter)
                .bind(service)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await
}

/// Every office gets the default services and counters the first time the server starts with it.
pub async fn ensure_all(db: &AnyPool) -> Result<(), sqlx::Error> {
    let offices: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM unit_offices WHERE id NOT IN (SELECT office_id FROM queue_services)")
            .fetch_all(db)
            .await?;
    for office in offices {
        ensure_setup(db, office).await?;
    }
    Ok(())
}

fn today() -> String {
    clock::today_wib().to_string()
}

async fn event(
    tx: &mut Transaction<'static, Any>,
    office_id: i64,
    ticket_id: Option<i64>,
    counter_id: Option<i64>,
    action: &str,
    staff_id: Option<i64>,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO queue_events (office_id, ticket_id, counter_id, action, at, staff_id) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(office_id)
        .bind(ticket_id)
        .bind(counter_id)
        .bind(action)
        .bind(at)
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
    // Pages follow the office's queue through one event; they read the state afresh.
    crate::ssr::live::publish(
        tx,
        Some(office_id),
        &crate::model::live::LiveChange::Queue { action: action.to_string() },
    )
    .await?;
    Ok(())
}

pub struct NewTicket {
    pub office_id: i64,
    pub service_id: i64,
    pub priority: bool,
    /// online | kiosk
    pub source: &'static str,
    pub phone: Option<String>,
    pub device: Option<String>,
    /// The client's network (`ClientNet`), for online tickets.
    pub client_net: Option<String>,
    /// Checked in the same serial step as the ticket is issued, so parallel requests cannot
    /// pass them together.
    pub limits: Option<OnlineLimits>,
}

/// How many online tickets one phone number and one client network may hold.
#[derive(Clone, Copy, Debug)]
pub struct OnlineLimits {
    /// Open at once per phone number and office.
    pub per_phone: i64,
    /// Taken per client network and day, across offices.
    pub per_address: i64,
}

pub struct Issued {
    pub id: i64,
    pub token: String,
    pub number: TicketNumber,
}

/// Issues the next number of the service today, in one write transaction: numbers are unique
/// and consecutive however many ask at once.
pub async fn issue(db: &AnyPool, new: &NewTicket) -> Result<Issued, QueueError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let prefix: Option<String> =
        sqlx::query_scalar("SELECT prefix FROM queue_services WHERE id = $1 AND office_id = $2 AND active = 1")
            .bind(new.service_id)
            .bind(new.office_id)
            .fetch_optional(&mut *tx)
            .await?;
    let prefix = prefix.ok_or(QueueError::UnknownService)?;
    let day = today();
    if let Some(limits) = new.limits {
        let by_phone: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM queue_tickets WHERE office_id = $1 AND day = $2 AND source = 'online' AND state IN ('waiting', 'called', 'serving') AND phone = $3",
        )
        .bind(new.office_id)
        .bind(&day)
        .bind(&new.phone)
        .fetch_one(&mut *tx)
        .await?;
        let by_address: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM queue_tickets WHERE day = $1 AND source = 'online' AND client_net = $2",
        )
        .bind(&day)
        .bind(&new.client_net)
        .fetch_one(&mut *tx)
        .await?;
        if by_phone >= limits.per_phone || (new.client_net.is_some() && by_address >= limits.per_address) {
            return Err(QueueError::LimitReached);
        }
    }
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO queue_sequences (service_id, day, last_seq) VALUES ($1, $2, 1)
         ON CONFLICT (service_id, day) DO UPDATE SET last_seq = queue_sequences.last_seq + 1 RETURNING last_seq",
    )
    .bind(new.service_id)
    .bind(&day)
    .fetch_one(&mut *tx)
    .await?;
    let now = Utc::now();
    let at = stamp(now);
    let token = random_hex(16);
    let estimate = estimate_for_newcomer(&mut tx, new.office_id, new.service_id, new.priority).await?;
    // Not kept prepared: sqlx (0.8.6) declares a missing DOUBLE to PostgreSQL as a 4-byte REAL,
    // and a statement first prepared for a ticket without an estimate would refuse the next
    // ticket's 8-byte one.
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO queue_tickets (office_id, service_id, day, prefix, seq, priority, source, state, issued_at, arrival, estimate_minutes, token, phone, device, client_net)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .persistent(false)
    .bind(new.office_id)
    .bind(new.service_id)
    .bind(&day)
    .bind(&prefix)
    .bind(seq)
    .bind(i64::from(new.priority))
    .bind(new.source)
    .bind(&at)
    .bind(now.timestamp_micros())
    .bind(estimate.point_minutes())
    .bind(&token)
    .bind(&new.phone)
    .bind(&new.device)
    .bind(&new.client_net)
    .fetch_one(&mut *tx)
    .await?;
    event(&mut tx, new.office_id, Some(id), None, "issue", None, &at).await?;
    tx.commit().await?;
    Ok(Issued { id, token, number: TicketNumber { prefix, seq: seq as u32 } })
}

type LineRow = (i64, i64, i64, i64);

/// Waiting tickets of an office today: (id, service, priority, arrival).
async fn waiting<'e, E: sqlx::Executor<'e, Database = Any>>(
    executor: E,
    office_id: i64,
) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, service_id, priority, arrival FROM queue_tickets WHERE office_id = $1 AND day = $2 AND state = 'waiting'")
        .bind(office_id)
        .bind(today())
        .fetch_all(executor)
        .await
}

fn line(rows: &[LineRow], service_id: i64) -> Vec<InLine> {
    rows.iter().filter(|r| r.1 == service_id).map(|r| InLine { id: r.0, priority: r.2 != 0, arrival: r.3 }).collect()
}

/// (mean seconds, samples, counters open) for a service.
async fn pace<'e, E: sqlx::Executor<'e, Database = Any>>(
    executor: E,
    service_id: i64,
) -> Result<(Option<f64>, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT s.mean_service_secs, s.samples,
                (SELECT COUNT(*) FROM queue_counters c JOIN queue_counter_services cs ON cs.counter_id = c.id WHERE cs.service_id = s.id AND c.is_open = 1)
         FROM queue_services s WHERE s.id = $1",
    )
    .bind(service_id)
    .fetch_one(executor)
    .await
}

async fn estimate_for_newcomer(
    tx: &mut Transaction<'static, Any>,
    office_id: i64,
    service_id: i64,
    priority: bool,
) -> Result<WaitEstimate, sqlx::Error> {
    let rows = waiting(&mut **tx, office_id).await?;
    let ahead = line(&rows, service_id).iter().filter(|t| t.priority || !priority).count();
    let (mean, samples, counters) = pace(&mut **tx, service_id).await?;
    Ok(estimate_wait(ahead, mean, samples as u32, counters as u32))
}

#[derive(sqlx::FromRow)]
struct TicketRow {
    id: i64,
    office_id: i64,
    service_id: i64,
    prefix: String,
    seq: i64,
    state: String,
    counter_id: Option<i64>,
    started_at: Option<Stamp>,
    token: String,
}

const TICKET_SELECT: &str =
    "SELECT id, office_id, service_id, prefix, seq, state, counter_id, started_at, token FROM queue_tickets";

impl TicketRow {
    fn state(&self) -> Result<TicketState, sqlx::Error> {
        self.state.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))
    }
    fn number(&self) -> TicketNumber {
        TicketNumber { prefix: self.prefix.clone(), seq: self.seq as u32 }
    }
}

/// A counter of an office: (id, open).
pub async fn counter(db: &AnyPool, office_id: i64, number: i64) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, is_open FROM queue_counters WHERE office_id = $1 AND number = $2")
            .bind(office_id)
            .bind(number)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, open)| (id, open != 0)))
}

/// Opens or closes a counter (who staffs it is recorded).
pub async fn set_counter_open(
    db: &AnyPool,
    office_id: i64,
    counter_id: i64,
    open: bool,
    staff_id: i64,
    audit: Option<&crate::ssr::db::audit::Action<'_>>,
) -> Result<(), QueueError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    sqlx::query("UPDATE queue_counters SET is_open = $1, staff_id = $2 WHERE id = $3")
        .bind(i64::from(open))
        .bind(open.then_some(staff_id))
        .bind(counter_id)
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        office_id,
        None,
        Some(counter_id),
        if open { "counter_open" } else { "counter_close" },
        Some(staff_id),
        &stamp(Utc::now()),
    )
    .await?;
    if let Some(audit) = audit {
        audit.record(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The ticket a counter is busy with (called or being served), if any.
async fn busy_with(tx: &mut Transaction<'static, Any>, counter_id: i64) -> Result<Option<TicketRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TICKET_SELECT} WHERE counter_id = $1 AND day = $2 AND state IN ('called', 'serving') ORDER BY id DESC LIMIT 1"))
        .bind(counter_id)
        .bind(today())
        .fetch_optional(&mut **tx)
        .await
}

/// Calls the next ticket for a counter: priority first, then arrival, among the services it
/// serves; or a given ticket out of order.
pub async fn call(
    db: &AnyPool,
    office_id: i64,
    counter_id: i64,
    ticket_id: Option<i64>,
    staff_id: i64,
) -> Result<TicketNumber, QueueError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let open: Option<i64> = sqlx::query_scalar("SELECT is_open FROM queue_counters WHERE id = $1 AND office_id = $2")
        .bind(counter_id)
        .bind(office_id)
        .fetch_optional(&mut *tx)
        .await?;
    match open {
        None => return Err(QueueError::UnknownCounter),
        Some(0) => return Err(QueueError::CounterClosed),
        Some(_) => {}
    }
    if let Some(current) = busy_with(&mut tx, counter_id).await? {
        return Err(QueueError::CounterBusy(current.number().to_string()));
    }
    let served: Vec<i64> = sqlx::query_scalar("SELECT service_id FROM queue_counter_services WHERE counter_id = $1")
        .bind(counter_id)
        .fetch_all(&mut *tx)
        .await?;
    let rows = waiting(&mut *tx, office_id).await?;
    let chosen = match ticket_id {
        Some(id) => id,
        None => {
            let eligible: Vec<InLine> = rows
                .iter()
                .filter(|r| served.contains(&r.1))
                .map(|r| InLine { id: r.0, priority: r.2 != 0, arrival: r.3 })
                .collect();
            next_in_line(&eligible).ok_or(QueueError::NobodyWaiting)?
        }
    };
    let ticket: TicketRow = sqlx::query_as(&format!("{TICKET_SELECT} WHERE id = $1 AND office_id = $2"))
        .bind(chosen)
        .bind(office_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(QueueError::UnknownTicket)?;
    ticket.state()?.apply(TicketAction::Call)?;
    let at = stamp(Utc::now());
    sqlx::query(
        "UPDATE queue_tickets SET state = 'called', counter_id = $1, called_at = $2, call_count = 1 WHERE id = $3",
    )
    .bind(counter_id)
    .bind(&at)
    .bind(ticket.id)
    .execute(&mut *tx)
    .await?;
    event(&mut tx, office_id, Some(ticket.id), Some(counter_id), "call", Some(staff_id), &at).await?;
    tx.commit().await?;
    Ok(ticket.number())
}

/// The other moves of the ticket at a counter: recall, start, finish, no-show, or transfer to
/// another service (a new waiting entry that keeps the customer's number and page).
pub async fn act(
    db: &AnyPool,
    office_id: i64,
    counter_id: i64,
    action: TicketAction,
    transfer_to: Option<i64>,
    staff_id: i64,
) -> Result<TicketNumber, QueueError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let ticket = busy_with(&mut tx, counter_id).await?.ok_or(QueueError::UnknownTicket)?;
    let to = ticket.state()?.apply(action)?;
    let now = Utc::now();
    let at = stamp(now);
    match action {
        TicketAction::Recall => {
            sqlx::query("UPDATE queue_tickets SET call_count = call_count + 1, called_at = $1 WHERE id = $2")
                .bind(&at)
                .bind(ticket.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::Start => {
            sqlx::query("UPDATE queue_tickets SET state = $1, started_at = $2 WHERE id = $3")
                .bind(to.as_str())
                .bind(&at)
                .bind(ticket.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::Finish => {
            sqlx::query("UPDATE queue_tickets SET state = $1, ended_at = $2 WHERE id = $3")
                .bind(to.as_str())
                .bind(&at)
                .bind(ticket.id)
                .execute(&mut *tx)
                .await?;
            if let Some(started) = ticket.started_at {
                let secs = (now - started.0).num_seconds().max(1) as f64;
                let (mean, _, _) = pace(&mut *tx, ticket.service_id).await?;
                sqlx::query("UPDATE queue_services SET mean_service_secs = $1, samples = samples + 1 WHERE id = $2")
                    .bind(ewma(mean, secs))
                    .bind(ticket.service_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        TicketAction::NoShow | TicketAction::Cancel => {
            sqlx::query("UPDATE queue_tickets SET state = $1, ended_at = $2 WHERE id = $3")
                .bind(to.as_str())
                .bind(&at)
                .bind(ticket.id)
                .execute(&mut *tx)
                .await?;
        }
        TicketAction::Transfer => {
            let target = transfer_to.ok_or(QueueError::UnknownService)?;
            let valid: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM queue_services WHERE id = $1 AND office_id = $2 AND active = 1 AND id <> $3",
            )
            .bind(target)
            .bind(office_id)
            .bind(ticket.service_id)
            .fetch_optional(&mut *tx)
            .await?;
            let target = valid.ok_or(QueueError::UnknownService)?;
            sqlx::query("UPDATE queue_tickets SET state = $1, ended_at = $2, token = $3 WHERE id = $4")
                .bind(to.as_str())
                .bind(&at)
                .bind(format!("{}-{}", ticket.token, ticket.id))
                .bind(ticket.id)
                .execute(&mut *tx)
                .await?;
            // The customer keeps their number and their ticket page.
            sqlx::query(
                "INSERT INTO queue_tickets (office_id, service_id, day, prefix, seq, priority, source, state, issued_at, arrival, token, transferred_from)
                 SELECT office_id, $1, day, prefix, seq, priority, 'transfer', 'waiting', $2, $3, $4, id FROM queue_tickets WHERE id = $5",
            )
            .bind(target)
            .bind(&at)
            .bind(now.timestamp_micros())
            .bind(&ticket.token)
            .bind(ticket.id)
            .execute(&mut *tx)
            .await?;
        }
        TicketAction::Call => unreachable!("calls go through `call`"),
    }
    event(&mut tx, office_id, Some(ticket.id), Some(counter_id), action.as_str(), Some(staff_id), &at).await?;
    tx.commit().await?;
    Ok(ticket.number())
}

/// A customer cancels their own waiting (or called) ticket.
pub async fn cancel(db: &AnyPool, token: &str) -> Result<(), QueueError> {
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let ticket: TicketRow = sqlx::query_as(&format!("{TICKET_SELECT} WHERE token = $1"))
        .bind(token)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(QueueError::UnknownTicket)?;
    let to = ticket.state()?.apply(TicketAction::Cancel)?;
    let at = stamp(Utc::now());
    sqlx::query("UPDATE queue_tickets SET state = $1, ended_at = $2 WHERE id = $3")
        .bind(to.as_str())
        .bind(&at)
        .bind(ticket.id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, ticket.office_id, Some(ticket.id), ticket.counter_id, "cancel", None, &at).await?;
    tx.commit().await?;
    Ok(())
}

/// Closes what is left of earlier days: the end-of-day reset. Returns how many tickets closed.
pub async fn close_past_days(db: &AnyPool) -> Result<u64, sqlx::Error> {
    let day = today();
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Queue).await?;
    let at = stamp(Utc::now());
    let offices: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT office_id FROM queue_tickets WHERE day < $1 AND state IN ('waiting', 'called', 'serving')",
    )
    .bind(&day)
    .fetch_all(&mut *tx)
    .await?;
    let closed = sqlx::query("UPDATE queue_tickets SET state = 'cancelled', ended_at = $1 WHERE day < $2 AND state IN ('waiting', 'called', 'serving')")
        .bind(&at)
        .bind(&day)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if closed > 0 {
        sqlx::query("UPDATE queue_counters SET is_open = 0, staff_id = NULL").execute(&mut *tx).await?;
        for office in offices {
            event(&mut tx, office, None, None, "day_end", None, &at).await?;
        }
    }
    tx.commit().await?;
    Ok(closed)
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
    id: i64,
    prefix: String,
    name_id: String,
    name_en: String,
    mean_service_secs: Option<f64>,
    samples: i64,
    counters_open: i64,
}

/// A ticket called to a counter, and when.
#[derive(sqlx::FromRow)]
struct CallRow {
    ticket_id: i64,
    prefix: String,
    seq: i64,
    counter_no: i64,
    at: Stamp,
    state: String,
    call_count: i64,
}

/// An office's queue now: counters with who they call or serve, waiting counts and estimates
/// per service, the last calls.
pub async fn office_queue(db: &AnyPool, office_id: i64) -> Result<OfficeQueue, sqlx::Error> {
    let head = super::live::head(db).await?;
    let (office_code, office_name): (String, String) =
        sqlx::query_as("SELECT code, name FROM unit_offices WHERE id = $1").bind(office_id).fetch_one(db).await?;
    let services: Vec<ServiceRow> = sqlx::query_as(
        "SELECT s.id, s.prefix, s.name_id, s.name_en, s.mean_service_secs, s.samples,
                (SELECT COUNT(*) FROM queue_counters c JOIN queue_counter_services cs ON cs.counter_id = c.id WHERE cs.service_id = s.id AND c.is_open = 1)
                AS counters_open
         FROM queue_services s WHERE s.office_id = $1 AND s.active = 1 ORDER BY s.sort_order, s.prefix",
    )
    .bind(office_id)
    .fetch_all(db)
    .await?;
    let rows = waiting(db, office_id).await?;
    let services = services
        .into_iter()
        .map(|s| {
            let waiting = line(&rows, s.id).len();
            ServiceView {
                id: s.id,
                prefix: s.prefix,
                name_id: s.name_id,
                name_en: s.name_en,
                waiting: waiting as u32,
                counters_open: s.counters_open as u32,
                estimate: estimate_wait(waiting, s.mean_service_secs, s.samples as u32, s.counters_open as u32),
            }
        })
        .collect();
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let call = |c: CallRow| -> Result<CallView, sqlx::Error> {
        Ok(CallView {
            ticket: TicketNumber { prefix: c.prefix, seq: c.seq as u32 },
            counter_no: c.counter_no,
            at: c.at.wib(),
            state: c.state.parse().map_err(decode)?,
            call_count: c.call_count,
        })
    };
    // The calls in the order they were made (a recall is a new call), each ticket once.
    let calls: Vec<CallRow> = sqlx::query_as(
        "SELECT t.id AS ticket_id, t.prefix, t.seq, c.number AS counter_no, e.at, t.state, t.call_count FROM queue_events e
         JOIN queue_tickets t ON t.id = e.ticket_id JOIN queue_counters c ON c.id = e.counter_id
         WHERE e.office_id = $1 AND t.day = $2 AND e.action IN ('call', 'recall') ORDER BY e.id DESC LIMIT 20",
    )
    .bind(office_id)
    .bind(today())
    .fetch_all(db)
    .await?;
    let mut seen = std::collections::HashSet::new();
    let recent_calls =
        calls.into_iter().filter(|r| seen.insert(r.ticket_id)).take(5).map(call).collect::<Result<Vec<_>, _>>()?;
    let busy: Vec<CallRow> = sqlx::query_as(
        "SELECT t.id AS ticket_id, t.prefix, t.seq, c.number AS counter_no, t.called_at AS at, t.state, t.call_count FROM queue_tickets t JOIN queue_counters c ON c.id = t.counter_id
         WHERE t.office_id = $1 AND t.day = $2 AND t.state IN ('called', 'serving')",
    )
    .bind(office_id)
    .bind(today())
    .fetch_all(db)
    .await?;
    let busy = busy.into_iter().map(call).collect::<Result<Vec<_>, _>>()?;
    let counters: Vec<(i64, i64)> =
        sqlx::query_as("SELECT number, is_open FROM queue_counters WHERE office_id = $1 ORDER BY number")
            .bind(office_id)
            .fetch_all(db)
            .await?;
    let counters = counters
        .into_iter()
        .map(|(number, open)| CounterView {
            number,
            open: open != 0,
            current: busy.iter().find(|c| c.counter_no == number).cloned(),
        })
        .collect();
    // The office's hours are the queue service's to add (`ssr::queue::office_queue`).
    Ok(OfficeQueue { office_code, office_name, services, counters, recent_calls, head, hours: None })
}

/// Calls (and recalls) at an office after event `after`, oldest first (at most 50), and the id
/// of the newest call today.
pub async fn calls_after(
    db: &AnyPool,
    office_id: i64,
    after: i64,
) -> Result<(Vec<crate::model::queue::Announcement>, i64), sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct CallEvent {
        id: i64,
        prefix: String,
        seq: i64,
        counter_no: i64,
    }
    let rows: Vec<CallEvent> = sqlx::query_as(
        "SELECT e.id, t.prefix, t.seq, c.number AS counter_no FROM queue_events e
         JOIN queue_tickets t ON t.id = e.ticket_id JOIN queue_counters c ON c.id = e.counter_id
         WHERE e.office_id = $1 AND e.id > $2 AND t.day = $3 AND e.action IN ('call', 'recall') ORDER BY e.id LIMIT 50",
    )
    .bind(office_id)
    .bind(after)
    .bind(today())
    .fetch_all(db)
    .await?;
    let last: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(e.id), 0) FROM queue_events e JOIN queue_tickets t ON t.id = e.ticket_id
         WHERE e.office_id = $1 AND t.day = $2 AND e.action IN ('call', 'recall')",
    )
    .bind(office_id)
    .bind(today())
    .fetch_one(db)
    .await?;
    let calls = rows
        .into_iter()
        .map(|c| crate::model::queue::Announcement {
            id: c.id,
            ticket: TicketNumber { prefix: c.prefix, seq: c.seq as u32 },
            counter_no: c.counter_no,
        })
        .collect();
    Ok((calls, last))
}

#[derive(sqlx::FromRow)]
struct TicketStanding {
    id: i64,
    office_id: i64,
    service_id: i64,
    prefix: String,
    seq: i64,
    priority: i64,
    state: String,
    counter_no: Option<i64>,
    issued_at: Stamp,
    office_code: String,
    office_name: String,
    name_id: String,
    name_en: String,
}

/// Today's printed ticket whose token starts with this short code (None: none, or more than
/// one). Only tickets printed at a kiosk (and where they were sent on to) carry a code: an
/// online ticket is not found by guessing one. A ticket sent on keeps its token in its new row;
/// the old row's token is suffixed, so it is not a full-length token any more.
pub async fn token_by_short_code(db: &AnyPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    let tokens: Vec<String> =
        sqlx::query_scalar("SELECT token FROM queue_tickets WHERE day = $1 AND token LIKE $2 AND LENGTH(token) = 32 AND source <> 'online' LIMIT 2")
            .bind(today())
            .bind(format!("{code}%"))
            .fetch_all(db)
            .await?;
    Ok(match tokens.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    })
}

/// A customer's ticket: where it stands now.
pub async fn ticket(db: &AnyPool, token: &str) -> Result<Option<TicketView>, sqlx::Error> {
    let head = super::live::head(db).await?;
    let row: Option<TicketStanding> = sqlx::query_as(
        "SELECT t.id, t.office_id, t.service_id, t.prefix, t.seq, t.priority, t.state, c.number AS counter_no, t.issued_at,
                o.code AS office_code, o.name AS office_name, s.name_id, s.name_en
         FROM queue_tickets t JOIN unit_offices o ON o.id = t.office_id JOIN queue_services s ON s.id = t.service_id
         LEFT JOIN queue_counters c ON c.id = t.counter_id WHERE t.token = $1",
    )
    .bind(token)
    .fetch_optional(db)
    .await?;
    let Some(TicketStanding {
        id,
        office_id,
        service_id,
        prefix,
        seq,
        priority,
        state,
        counter_no,
        issued_at,
        office_code,
        office_name,
        name_id: service_id_name,
        name_en: service_en_name,
    }) = row
    else {
        return Ok(None);
    };
    let state: TicketState = state.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    let (ahead, estimate) = if state == TicketState::Waiting {
        let rows = waiting(db, office_id).await?;
        let ahead = ahead_of(&line(&rows, service_id), id).unwrap_or(0);
        let (mean, samples, open) = pace(db, service_id).await?;
        (Some(ahead as u32), Some(estimate_wait(ahead, mean, samples as u32, open as u32)))
    } else {
        (None, None)
    };
    Ok(Some(TicketView {
        token: token.to_string(),
        number: TicketNumber { prefix, seq: seq as u32 },
        office_code,
        office_name,
        service_id_name,
        service_en_name,
        state,
        priority: priority != 0,
        ahead,
        estimate,
        counter_no,
        issued_at: issued_at.wib(),
        head,
    }))
}

/// What happened to one ticket, as the statistics read it.
#[derive(sqlx::FromRow)]
struct TicketFacts {
    service_id: i64,
    counter_no: Option<i64>,
    state: String,
    source: String,
    issued_at: Stamp,
    called_at: Option<Stamp>,
    started_at: Option<Stamp>,
    ended_at: Option<Stamp>,
    estimate_minutes: Option<f64>,
}

fn minutes_between(from: Stamp, to: Stamp) -> f64 {
    (to.0 - from.0).num_seconds().max(0) as f64 / 60.0
}

fn stats_line(
    key: String,
    name_id: String,
    name_en: String,
    tickets: &[&TicketFacts],
) -> crate::model::queue::StatsLine {
    use crate::domain::queue::spread;
    let count = |state: &str| tickets.iter().filter(|t| t.state == state).count() as u32;
    let waits: Vec<f64> = tickets.iter().filter_map(|t| Some(minutes_between(t.issued_at, t.called_at?))).collect();
    let services: Vec<f64> = tickets
        .iter()
        .filter(|t| t.state == "done")
        .filter_map(|t| Some(minutes_between(t.started_at?, t.ended_at?)))
        .collect();
    crate::model::queue::StatsLine {
        key,
        name_id,
        name_en,
        tickets: tickets.len() as u32,
        served: count("done"),
        no_shows: count("no_show"),
        cancelled: count("cancelled"),
        wait: spread(&waits),
        service: spread(&services),
    }
}

/// An office's queue on a day: tickets, waits and service times (mean, median, 90th percentile),
/// no-shows, per service and per counter, and how the estimates given compare with the calls.
pub async fn statistics(
    db: &AnyPool,
    office_id: i64,
    day: chrono::NaiveDate,
) -> Result<crate::model::queue::QueueStats, sqlx::Error> {
    let (office_code, office_name): (String, String) =
        sqlx::query_as("SELECT code, name FROM unit_offices WHERE id = $1").bind(office_id).fetch_one(db).await?;
    let facts: Vec<TicketFacts> = sqlx::query_as(
        "SELECT t.service_id, c.number AS counter_no, t.state, t.source, t.issued_at, t.called_at, t.started_at, t.ended_at, t.estimate_minutes
         FROM queue_tickets t LEFT JOIN queue_counters c ON c.id = t.counter_id WHERE t.office_id = $1 AND t.day = $2 ORDER BY t.id",
    )
    .bind(office_id)
    .bind(day.to_string())
    .fetch_all(db)
    .await?;
    #[derive(sqlx::FromRow)]
    struct Service {
        id: i64,
        prefix: String,
        name_id: String,
        name_en: String,
    }
    let services: Vec<Service> = sqlx::query_as(
        "SELECT id, prefix, name_id, name_en FROM queue_services WHERE office_id = $1 ORDER BY sort_order, prefix",
    )
    .bind(office_id)
    .fetch_all(db)
    .await?;
    // A transferred ticket is one customer: counted once overall, in each line it stood in.
    let customers: Vec<&TicketFacts> = facts.iter().filter(|t| t.source != "transfer").collect();
    let mut overall =
        stats_line(String::new(), "Semua layanan".into(), "All services".into(), &facts.iter().collect::<Vec<_>>());
    overall.tickets = customers.len() as u32;
    let by_service = services
        .into_iter()
        .map(|s| {
            stats_line(
                s.prefix,
                s.name_id,
                s.name_en,
                &facts.iter().filter(|t| t.service_id == s.id).collect::<Vec<_>>(),
            )
        })
        .collect();
    let mut counters: Vec<i64> = facts.iter().filter_map(|t| t.counter_no).collect();
    counters.sort_unstable();
    counters.dedup();
    let by_counter = counters
        .into_iter()
        .map(|n| {
            stats_line(
                format!("Loket {n}"),
                format!("Loket {n}"),
                format!("Counter {n}"),
                &facts.iter().filter(|t| t.counter_no == Some(n)).collect::<Vec<_>>(),
            )
        })
        .collect();
    let pairs: Vec<(f64, f64)> =
        facts.iter().filter_map(|t| Some((t.estimate_minutes?, minutes_between(t.issued_at, t.called_at?)))).collect();
    Ok(crate::model::queue::QueueStats {
        office_code,
        office_name,
        day,
        overall,
        by_service,
        by_counter,
        accuracy: crate::domain::queue::accuracy(&pairs),
        offices: Vec::new(),
    })
}

/// The numbers of an office's counters.
pub async fn counter_numbers(db: &AnyPool, office_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT number FROM queue_counters WHERE office_id = $1 ORDER BY number")
        .bind(office_id)
        .fetch_all(db)
        .await
}

/// An office's services that take tickets, in their order.
pub async fn active_services(
    db: &AnyPool,
    office_id: i64,
) -> Result<Vec<crate::model::queue::ServiceChoice>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct ServiceRow {
        id: i64,
        prefix: String,
        name_id: String,
        name_en: String,
    }
    let rows: Vec<ServiceRow> =
        sqlx::query_as("SELECT id, prefix, name_id, name_en FROM queue_services WHERE office_id = $1 AND active = 1 ORDER BY sort_order")
            .bind(office_id)
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::queue::ServiceChoice {
            id: r.id,
            prefix: r.prefix,
            name_id: r.name_id,
            name_en: r.name_en,
        })
        .collect())
}

/// A ticket waiting today for a service this counter serves.
#[derive(sqlx::FromRow)]
pub struct WaitingRow {
    pub id: i64,
    pub prefix: String,
    pub seq: i64,
    pub priority: i64,
    pub arrival: i64,
    pub issued_at: crate::ssr::db::stamp::Stamp,
}

pub async fn waiting_for_counter(
    db: &AnyPool,
    office_id: i64,
    counter_id: i64,
    day: chrono::NaiveDate,
) -> Result<Vec<WaitingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id, t.prefix, t.seq, t.priority, t.arrival, t.issued_at FROM queue_tickets t
         JOIN queue_counter_services cs ON cs.service_id = t.service_id AND cs.counter_id = $1
         WHERE t.office_id = $2 AND t.day = $3 AND t.state = $4",
    )
    .bind(counter_id)
    .bind(office_id)
    .bind(day.to_string())
    .bind(crate::domain::queue::TicketState::Waiting.as_str())
    .fetch_all(db)
    .await
}
