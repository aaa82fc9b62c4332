//! The month's billing run: every bill computed by the billing domain from the period's
//! readings (an estimate where the meter was not read), held for a supervisor's review, then
//! published to every bill page, bank inquiry and counter in one transaction.

use crate::domain::adjustment;
use crate::domain::audit::AuditAction;
use crate::domain::billing_run::{estimated_reading, review_flags, ReviewFlag};
use crate::domain::notice::{text_field, InputProblem, BODY_MAX, TITLE_MAX};
use crate::domain::self_reading::contradicts;
use crate::domain::staff::{Duty, StaffMember};
use crate::domain::usage::{UsagePoint, BASELINE_MONTHS};
use crate::domain::{compute_bill, BillingRules, Connection, ConnectionStatus, MeterReading, Money, Period};
use crate::error::AppError;
use crate::model::billing::*;
use crate::ssr::auth;
use crate::ssr::db::audit::By;
use crate::ssr::db::billing::{self as q, Draft, PastMonth, ReadingRow, RunReading};
use crate::ssr::db::self_readings::Standing;
use crate::ssr::db::{self, adjustments, rules, Serial};
use crate::ssr::{app_state, clock};
use chrono::NaiveDate;
use sqlx::{AnyConnection, AnyPool};
use std::collections::HashMap;

pub async fn desk() -> Result<BillingDesk, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::SeeBillingRuns).await?;
    let runs = q::runs(&state.db, 24).await?.into_iter().map(line).collect::<Result<_, _>>()?;
    Ok(BillingDesk {
        runs,
        next_period: Period::of(clock::today_wib()).next(),
        may_start: session.staff.may(Duty::RunBilling),
        offices: crate::ssr::db::offices::names(&state.db).await?,
        csrf: session.csrf,
    })
}

/// `office`: a unit office's code, or empty for every office.
pub async fn start(csrf: &str, period: &str, office: &str) -> Result<i64, AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::RunBilling).await?;
    let period: Period = period.trim().parse().map_err(|_| InputProblem::UnknownChoice("period".into()))?;
    let office = match office.trim() {
        "" => None,
        code => Some(crate::ssr::db::offices::office_id(&state.db, code).await?.ok_or(AppError::OfficeNotFound)?),
    };
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    draft_run(&state.db, &by, session.staff.id, period, office, clock::today_wib()).await
}

/// Drafts the period's bills for every connection (of one office, or of all) not disconnected
/// and not yet billed for it.
pub async fn draft_run(
    db: &AnyPool,
    by: &By<'_>,
    staff_id: i64,
    period: Period,
    office: Option<i64>,
    today: NaiveDate,
) -> Result<i64, AppError> {
    // Readings of a period are taken in the month before it: a run looks no further ahead.
    if period > Period::of(today).next() {
        return Err(InputProblem::PeriodTooFar.into());
    }
    let mut tx = db::begin_serial(db, Serial::Ledger).await?;
    // Read under the lock a new tariff is saved under: a tariff for this period either came
    // before the run (and prices it) or is refused because the run exists.
    let rules = rules::load_on(&mut tx).await?;
    // An estimate starts where the meter stood at the last reading: the month before must be
    // settled, or its water would be estimated again.
    if q::open_run(&mut tx, period, office).await?.is_some()
        || q::open_run(&mut tx, period.prev(), office).await?.is_some()
    {
        return Err(AppError::RunUnderReview);
    }
    let run_id = q::create_run(&mut tx, period, office, staff_id).await?;
    let customers = q::billable(&mut tx, period, office).await?;
    let mut history: HashMap<i64, Vec<PastMonth>> = HashMap::new();
    for month in q::history(&mut tx, None, period, BASELINE_MONTHS as i32).await? {
        history.entry(month.customer_id).or_default().push(month);
    }
    // Meters nobody read are billed on the figure the customer sent, or else on an estimate,
    // written as the period's reading.
    let read: HashMap<i64, ReadingRow> =
        q::readings(&mut tx, period).await?.into_iter().map(|r| (r.customer_id, r)).collect();
    let sent = CustomersFigures::of(crate::ssr::db::self_readings::standing(&mut tx, period).await?, period);
    let made: Vec<RunReading> = customers
        .iter()
        .filter(|c| !read.contains_key(&c.id))
        .map(|c| {
            let last = c.last_stand.unwrap_or(0);
            match sent.this_period.get(&c.id) {
                // Below the last figure it cannot be billed as it is: an estimate, and the
                // reviewer sees the customer's photo beside it.
                Some(s) if s.stand >= last => RunReading {
                    customer_id: c.id,
                    read_on: s.read_on.clone(),
                    stand_awal: last,
                    stand_akhir: s.stand,
                    estimated: false,
                    self_reading_id: Some(s.id),
                },
                _ => {
                    let past = history.get(&c.id).map(Vec::as_slice).unwrap_or_default();
                    // A sealed connection has no water: its estimate is nothing used.
                    let past = if c.status == ConnectionStatus::Sealed.as_str() { &[][..] } else { past };
                    let r = estimated_reading(period, last, &points(past), today);
                    RunReading {
                        customer_id: c.id,
                        read_on: r.read_on.to_string(),
                        stand_awal: r.stand_awal,
                        stand_akhir: r.stand_akhir,
                        estimated: true,
                        self_reading_id: None,
                    }
                }
            }
        })
        .collect();
    q::add_run_readings(&mut tx, period, &made).await?;
    let estimates = made.iter().filter(|r| r.estimated).count();
    let had_reading: std::collections::HashSet<i64> = read.keys().copied().collect();
    let read: HashMap<i64, ReadingRow> = if made.is_empty() {
        read
    } else {
        q::readings(&mut tx, period).await?.into_iter().map(|r| (r.customer_id, r)).collect()
    };
    let due = rules.due.due_date(period).to_string();
    // Corrections of bills already paid go onto this bill (read and claimed under the lock
    // that corrections are made under).
    let pending_by_customer = adjustments::pending(&mut tx).await?;
    let (mut drafts, mut problems) = (Vec::new(), Vec::new());
    for c in &customers {
        let Some(row) = read.get(&c.id) else { continue };
        let past = history.get(&c.id).map(Vec::as_slice).unwrap_or_default();
        let connection = Connection { group: &c.group_code, meter_size: &c.meter_size };
        let pending = Money::rupiah(pending_by_customer.get(&c.id).copied().unwrap_or(0));
        let extra = sent.flags(row, had_reading.contains(&c.id));
        match draft(&rules, period, row, connection, past, &due, pending, &extra) {
            Ok(d) => drafts.push(Draft { made_estimate: i64::from(!had_reading.contains(&c.id)), ..d }),
            Err(reason) => problems.push((c.id, reason.stored())),
        }
    }
    q::add_drafts(&mut tx, run_id, &drafts).await?;
    q::add_problems(&mut tx, run_id, &problems).await?;
    adjustments::claim(&mut tx, run_id).await?;
    let flagged = drafts.iter().filter(|d| !d.flags.is_empty()).count();
    let detail = format!(
        "{} bills drafted ({} estimated), {flagged} held for review, {} not billable",
        drafts.len(),
        estimates,
        problems.len()
    );
    by.record(&mut tx, AuditAction::BillingRunStarted, &period.to_string(), &detail).await?;
    tx.commit().await?;
    Ok(run_id)
}

pub fn points(past: &[PastMonth]) -> Vec<UsagePoint> {
    past.iter()
        .filter_map(|m| {
            Some(UsagePoint {
                period: m.period.parse().ok()?,
                m3: u32::try_from(m.usage_m3).ok()?,
                estimated: m.estimated != 0,
            })
        })
        .collect()
}

fn reading_of(period: Period, row: &ReadingRow) -> Result<MeterReading, Unbillable> {
    let (awal, akhir, estimated) = (row.stand_awal, row.stand_akhir, row.estimated != 0);
    MeterReading::stored(period, &row.read_on, awal, akhir, row.stand_angkat, row.stand_pasang, estimated)
        .map_err(|_| Unbillable::ReadingDate { stored: row.read_on.clone() })
}

/// The figures customers sent that a run bills on or holds a reader's figure against: this
/// period's, and the last period's (a reader who reads the meter lower a month after a
/// customer's figure was billed contradicts it).
struct CustomersFigures {
    this_period: HashMap<i64, Standing>,
    last_period: HashMap<i64, Standing>,
}

impl CustomersFigures {
    fn of(standing: Vec<Standing>, period: Period) -> CustomersFigures {
        let (this, last): (Vec<_>, Vec<_>) = standing.into_iter().partition(|s| s.period == period.to_string());
        CustomersFigures {
            this_period: this.into_iter().map(|s| (s.customer_id, s)).collect(),
            last_period: last.into_iter().map(|s| (s.customer_id, s)).collect(),
        }
    }

    /// What the customer's figures add to a draft's review: billed on theirs, or theirs not
    /// billable as sent, or a reader's figure that disagrees with it.
    fn flags(&self, row: &ReadingRow, read_by_reader: bool) -> Vec<ReviewFlag> {
        let mut flags = Vec::new();
        let ours = self.this_period.get(&row.customer_id);
        if row.self_reading_id.is_some() || (ours.is_some() && !read_by_reader) {
            flags.push(ReviewFlag::CustomerReading);
        }
        if read_by_reader {
            let reader = row.read_on.parse::<NaiveDate>().ok().map(|on| (row.stand_akhir, on));
            let disagrees = [ours, self.last_period.get(&row.customer_id)].into_iter().flatten().any(|s| {
                let customer = s.read_on.parse::<NaiveDate>().ok().map(|on| (s.stand, on));
                let usual = s.usual_m3.and_then(|m| u32::try_from(m).ok());
                customer.zip(reader).is_some_and(|(customer, reader)| contradicts(customer, reader, usual))
            });
            if disagrees {
                flags.push(ReviewFlag::ReadingsDisagree);
            }
        }
        flags
    }
}

/// One connection's bill for the period, by the billing domain, with what to review (`extra`:
/// what the rest of the run found); it takes what it can of the customer's `pending`
/// adjustment lines.
#[allow(clippy::too_many_arguments)]
fn draft(
    rules: &BillingRules,
    period: Period,
    row: &ReadingRow,
    connection: Connection<'_>,
    past: &[PastMonth],
    due: &str,
    pending: Money,
    extra: &[ReviewFlag],
) -> Result<Draft, Unbillable> {
    let reading = reading_of(period, row)?;
    let bill = compute_bill(&rules.tariffs, &connection, &reading).map_err(|error| Unbillable::Billing { error })?;
    let fixed = bill.amount - bill.water_charge;
    let taken = adjustment::take(bill.amount, fixed, pending);
    let history = points(past);
    let mut flags = review_flags(&reading, bill.usage_m3, &history, row.note.as_deref());
    flags.extend_from_slice(extra);
    let average = (!history.is_empty())
        .then(|| (history.iter().map(|p| i64::from(p.m3)).sum::<i64>() as f64 / history.len() as f64).round() as i64);
    let whole = |m: Money| m.whole_rupiah().map_err(|_| Unbillable::Fraction);
    Ok(Draft {
        customer_id: row.customer_id,
        reading_id: row.id,
        group_code: connection.group.to_string(),
        meter_size: connection.meter_size.to_string(),
        usage_m3: i64::from(bill.usage_m3),
        billed_m3: i64::from(bill.billed_m3),
        water_charge: whole(bill.water_charge)?,
        fixed_charges: whole(fixed)?,
        amount: whole(bill.amount + taken.on_bill)?,
        adjustment: whole(taken.on_bill)?,
        due_date: due.to_string(),
        flags: flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(","),
        average_m3: average,
        made_estimate: 0,
    })
}

pub async fn run_view(id: i64) -> Result<RunView, AppError> {
    let state = app_state()?;
    let session = auth::authorize_read(Duty::SeeBillingRuns).await?;
    let mut conn = state.db.acquire().await?;
    let run = line(q::run(&mut conn, id).await?.ok_or(AppError::RunNotFound)?)?;
    let totals = q::totals(&mut conn, id).await?;
    let due_date = match q::due_date(&mut conn, id, run.state == RunState::Published).await? {
        Some(d) => d.parse().map_err(|_| AppError::Internal)?,
        None => state.rules.get().due.due_date(run.period),
    };
    let member = &session.staff;
    // Supervisors review their own office's customers; administrators see every office's.
    let office = if member.may(Duty::RunBilling) { None } else { member.office_id() };
    let flagged = q::flagged(&mut conn, id, office, FLAGGED_LISTED)
        .await?
        .into_iter()
        .map(|r| FlaggedBill {
            may_review: member.may(Duty::ReviewReadings { office_id: r.office_id }),
            customer_id: r.customer_id,
            number: r.number,
            name: r.name,
            office: r.office,
            usage_m3: r.usage_m3,
            average_m3: r.average_m3,
            amount: Money::rupiah(r.amount),
            flags: r.flags.split(',').filter_map(|f| f.parse().ok()).collect(),
            reviewed: r.reviewed != 0,
            stand_awal: r.stand_awal,
            stand_akhir: r.stand_akhir,
            note: r.note,
            customer_reading: r.customer_reading.zip(r.customer_stand),
        })
        .collect();
    let unbilled = q::problems(&mut conn, id)
        .await?
        .into_iter()
        .map(|p| UnbilledConnection { number: p.number, name: p.name, reason: Unbillable::read(&p.reason) })
        .collect();
    drop(conn);
    let drd = q::drd(&state.db, id, run.state == RunState::Published)
        .await?
        .into_iter()
        .map(|l| DrdRow {
            office: l.office,
            group: l.group_code,
            customers: l.customers,
            m3: l.m3,
            water_charge: Money::rupiah(l.water_charge),
            fixed_charges: Money::rupiah(l.fixed_charges),
            adjustment: Money::rupiah(l.adjustment),
            amount: Money::rupiah(l.amount),
        })
        .collect();
    Ok(RunView {
        may_publish: member.may(Duty::RunBilling) && run.state == RunState::Review,
        due_date,
        run,
        totals: RunTotals {
            bills: totals.bills,
            flagged: totals.flagged,
            reviewed: totals.reviewed,
            m3: totals.m3,
            amount: Money::rupiah(totals.amount),
            problems: totals.problems,
        },
        flagged,
        unbilled,
        drd,
        csrf: session.csrf,
    })
}

/// The run's DRD for a CSV export, with the period it is for.
pub async fn drd_of(db: &AnyPool, member: &StaffMember, id: i64) -> Result<(Period, Vec<q::DrdLine>), AppError> {
    if !member.may(Duty::SeeBillingRuns) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.acquire().await?;
    let run = line(q::run(&mut conn, id).await?.ok_or(AppError::RunNotFound)?)?;
    drop(conn);
    Ok((run.period, q::drd(db, id, run.state == RunState::Published).await?))
}

fn line(r: q::RunRow) -> Result<RunLine, AppError> {
    Ok(RunLine {
        id: r.id,
        period: r.period.parse().map_err(|_| AppError::Internal)?,
        office_id: r.office_id,
        office: r.office,
        state: r.state.parse().map_err(|_| AppError::Internal)?,
        created_at: r.created_at.wib(),
        created_by: r.created_by,
        published_at: r.published_at.map(|t| t.wib()),
    })
}

/// A run still under review, in the caller's transaction, or why it cannot be changed.
async fn open(conn: &mut AnyConnection, run_id: i64) -> Result<RunLine, AppError> {
    let run = line(q::run(conn, run_id).await?.ok_or(AppError::RunNotFound)?)?;
    if run.state != RunState::Review {
        return Err(AppError::RunPublished);
    }
    Ok(run)
}

/// A supervisor's corrected figure for a held bill's reading: the bill is computed again from
/// it, and the correction and its reason go to the audit log.
pub async fn correct(
    csrf: &str,
    run_id: i64,
    customer_id: i64,
    stand_akhir: &str,
    reason: &str,
) -> Result<i64, AppError> {
    let state = app_state()?;
    let stand_akhir: i64 = match stand_akhir.trim().parse() {
        Ok(v) if v >= 0 => v,
        _ => return Err(InputProblem::NotANumber("stand_akhir".into()).into()),
    };
    let reason = crate::domain::notice::text_field("reason", reason, crate::domain::notice::REASON_MAX, true, true)?;
    // Authorised before the ledger's lock is taken: reading the session may write to it.
    let (number, office_id) = customer_office(&state.db, customer_id).await?;
    let (session, ip) = auth::authorize_action(csrf, Duty::ReviewReadings { office_id }).await?;
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    let run = open(&mut tx, run_id).await?;
    let draft = q::draft(&mut tx, run_id, customer_id).await?.ok_or(AppError::CustomerNotFound)?;
    let row = q::reading(&mut tx, draft.reading_id).await?.ok_or(AppError::Internal)?;
    let corrected = ReadingRow { stand_akhir, estimated: 0, ..row.clone() };
    let rules = rules::load_on(&mut tx).await?;
    let past = q::history(&mut tx, Some(customer_id), run.period, BASELINE_MONTHS as i32).await?;
    let pending = Money::rupiah(adjustments::claimed(&mut tx, run_id, customer_id).await?);
    let redrafted = draft_from(&rules, run.period, &corrected, &draft, &past, pending).map_err(|reason| {
        tracing::info!(?reason, "correction refused");
        AppError::from(InputProblem::Unbillable("stand_akhir".into()))
    })?;
    q::correct_reading(&mut tx, draft.reading_id, stand_akhir).await?;
    q::rewrite_draft(&mut tx, run_id, &redrafted, session.staff.id).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    let detail = format!(
        "{}: stand akhir {} -> {stand_akhir}, {} m3 -> {} m3 ({reason})",
        run.period, row.stand_akhir, draft.usage_m3, redrafted.usage_m3
    );
    by.record(&mut tx, AuditAction::ReadingCorrected, &number, &detail).await?;
    tx.commit().await?;
    Ok(run_id)
}

async fn customer_office(db: &AnyPool, customer_id: i64) -> Result<(String, i64), AppError> {
    let mut conn = db.acquire().await?;
    q::customer_office(&mut conn, customer_id).await?.ok_or(AppError::CustomerNotFound)
}

fn draft_from(
    rules: &BillingRules,
    period: Period,
    row: &ReadingRow,
    was: &Draft,
    past: &[PastMonth],
    pending: Money,
) -> Result<Draft, Unbillable> {
    let connection = Connection { group: &was.group_code, meter_size: &was.meter_size };
    // A figure from the customer stays marked as one: its photo stays beside it.
    let extra: Vec<ReviewFlag> = row.self_reading_id.map(|_| ReviewFlag::CustomerReading).into_iter().collect();
    draft(rules, period, row, connection, past, &was.due_date, pending, &extra)
}

/// Accepts a held bill as it is (one customer's), or every one left (`customer_id` None).
pub async fn accept(csrf: &str, run_id: i64, customer_id: Option<i64>) -> Result<i64, AppError> {
    let state = app_state()?;
    let (session, ip, subject) = match customer_id {
        Some(id) => {
            let (number, office_id) = customer_office(&state.db, id).await?;
            let (session, ip) = auth::authorize_action(csrf, Duty::ReviewReadings { office_id }).await?;
            (session, ip, number)
        }
        None => {
            let (session, ip) = auth::authorize_action(csrf, Duty::RunBilling).await?;
            (session, ip, String::new())
        }
    };
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    let run = open(&mut tx, run_id).await?;
    let accepted = q::accept(&mut tx, run_id, customer_id, session.staff.id).await?;
    if customer_id.is_some() && accepted == 0 {
        // Not held in this run, or reviewed already.
        return Err(AppError::CustomerNotFound);
    }
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    let subject = if subject.is_empty() { run.period.to_string() } else { subject };
    by.record(
        &mut tx,
        AuditAction::ReadingsAccepted,
        &subject,
        &format!("{}: {accepted} held bills accepted as drafted", run.period),
    )
    .await?;
    tx.commit().await?;
    Ok(run_id)
}

/// An announcement that goes out with the bills, in the same transaction: customers read it
/// when they can see the bills, and not before.
pub struct RunAnnouncement {
    pub title: String,
    pub body: String,
}

/// Publishes a run whose held bills have all been reviewed: its bills appear everywhere at once,
/// with an announcement when `announce` (title and body as typed).
pub async fn publish(csrf: &str, run_id: i64, announce: bool, title: &str, body: &str) -> Result<i64, AppError> {
    let state = app_state()?;
    let announcement = if announce {
        Some(RunAnnouncement {
            title: text_field("title", title, TITLE_MAX, true, true)?,
            body: text_field("body", body, BODY_MAX, true, false)?,
        })
    } else {
        None
    };
    let (session, ip) = auth::authorize_action(csrf, Duty::RunBilling).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    publish_run(&state.db, &by, session.staff.id, run_id, announcement.as_ref()).await?;
    if announcement.is_some() {
        state.live.board_changed();
    }
    Ok(run_id)
}

pub async fn publish_run(
    db: &AnyPool,
    by: &By<'_>,
    staff_id: i64,
    run_id: i64,
    announcement: Option<&RunAnnouncement>,
) -> Result<i64, AppError> {
    let mut tx = db::begin_serial(db, Serial::Ledger).await?;
    let run = open(&mut tx, run_id).await?;
    let totals = q::totals(&mut tx, run_id).await?;
    if totals.flagged > totals.reviewed {
        return Err(AppError::ReviewPending(totals.flagged - totals.reviewed));
    }
    let shortfalls = adjustments::shortfalls(&mut tx, run_id).await?;
    let made = q::publish(&mut tx, run_id, run.period, staff_id).await?;
    adjustments::attach(&mut tx, run_id, run.period).await?;
    carry_on(&mut tx, run_id, run.period, staff_id, &shortfalls).await?;
    let detail = format!("{made} bills published, {} m3, Rp {}", totals.m3, Money::rupiah(totals.amount).grouped());
    by.record(&mut tx, AuditAction::BillingRunPublished, &run.period.to_string(), &detail).await?;
    if let Some(a) = announcement {
        // Shown from now until the bills fall due (a day at least, for a run published late).
        let due: NaiveDate =
            q::due_date(&mut tx, run_id, true).await?.and_then(|d| d.parse().ok()).ok_or(AppError::Internal)?;
        let starts_at = clock::now_wib().naive_local();
        let announcement = crate::ssr::db::notices::NewAnnouncement {
            office_id: run.office_id,
            title: a.title.clone(),
            body: a.body.clone(),
            starts_at,
            ends_at: due.and_hms_opt(23, 59, 0).ok_or(AppError::Internal)?.max(starts_at + chrono::Duration::days(1)),
            pinned: false,
        };
        let id = crate::ssr::db::notices::insert_announcement(&mut tx, staff_id, &announcement).await?;
        by.record(&mut tx, AuditAction::AnnouncementPublished, &format!("announcement {id}"), &a.title).await?;
    }
    tx.commit().await?;
    Ok(run_id)
}

/// A credit larger than the bill that took it: the bill carries a line giving the rest back,
/// and the rest waits, pending, for the following bill. Nothing is lost and every line shows.
async fn carry_on(
    conn: &mut AnyConnection,
    run_id: i64,
    period: Period,
    staff_id: i64,
    shortfalls: &[adjustments::Shortfall],
) -> Result<(), AppError> {
    for s in shortfalls {
        let bill_id = adjustments::bill_of(conn, s.customer_id, period).await?.ok_or(AppError::Internal)?;
        adjustments::carry(conn, s.customer_id, period, s.claimed - s.taken, staff_id, (Some(run_id), bill_id)).await?;
    }
    Ok(())
}

/// Discards a run under review: its drafts, what it could not bill, and the estimates it made
/// are removed, so that the period can be drafted again from corrected readings.
pub async fn discard(csrf: &str, run_id: i64) -> Result<i64, AppError> {
    let state = app_state()?;
    let (session, ip) = auth::authorize_action(csrf, Duty::RunBilling).await?;
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    let run = open(&mut tx, run_id).await?;
    let dropped = q::discard(&mut tx, run_id).await?;
    adjustments::release(&mut tx, run_id).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    by.record(
        &mut tx,
        AuditAction::BillingRunDiscarded,
        &run.period.to_string(),
        &format!("{dropped} drafted bills discarded"),
    )
    .await?;
    tx.commit().await?;
    Ok(run_id)
}
