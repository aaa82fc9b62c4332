//! Self meter reading: a customer sends the meter's figure with a photo, in the window of days
//! the utility set, from the phone on file for the connection. An odd figure waits for the
//! customer to confirm it. The billing run (`ssr::billing`) bills on what stands.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{coordinates, InputProblem};
use crate::domain::self_reading::{self as rules, Doubt, State, Window, WindowProblem, PER_PERIOD, STAND_MAX};
use crate::domain::staff::Duty;
use crate::domain::CustomerNumber;
use crate::error::AppError;
use crate::model::self_readings::{ReadingWindowView, SelfReadingView, WindowSetting};
use crate::ssr::auth::{authorize_action, current_session};
use crate::ssr::db::audit::Action;
use crate::ssr::db::photos::PhotoRow;
use crate::ssr::db::self_readings::{self as q, NewSelfReading, SelfReadingRow};
use crate::ssr::db::{self, billing, customers, Serial};
use crate::ssr::{app_state, clock, AppState};
use chrono::{DateTime, NaiveDate, Utc};
use std::net::IpAddr;

/// A figure as the form sent it, every field as typed.
#[derive(Clone, Debug, Default)]
pub struct Sending {
    pub customer_number: String,
    pub phone: String,
    pub stand: String,
    pub latitude: String,
    pub longitude: String,
    pub photo: Option<Vec<u8>>,
}

fn window_view(window: Window, today: NaiveDate) -> Result<ReadingWindowView, AppError> {
    let (opens_on, closes_on) = window.current_or_next(today).ok_or(AppError::Internal)?;
    Ok(ReadingWindowView {
        first_day: window.first_day(),
        last_day: window.last_day(),
        open_today: window.contains(today),
        opens_on,
        closes_on,
        period: rules::period_for(opens_on),
    })
}

/// When figures are taken, as the form shows it.
pub async fn window() -> Result<ReadingWindowView, AppError> {
    let state = app_state()?;
    window_view(q::window(&state.db).await?, clock::today_wib())
}

fn stand(typed: &str) -> Result<i64, AppError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(InputProblem::Required("stand".into()).into());
    }
    match typed.parse::<i64>() {
        Ok(n) if typed.bytes().all(|b| b.is_ascii_digit()) && (0..=STAND_MAX).contains(&n) => Ok(n),
        _ => Err(InputProblem::NotANumber("stand".into()).into()),
    }
}

/// Takes a figure; its private link's token. `today` is the WIB date it was read on.
pub async fn send(
    state: &AppState,
    sending: Sending,
    ip: Option<IpAddr>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if let Some(ip) = ip {
        state
            .lookups
            .check(ip)
            .map_err(|wait| AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) })?;
    }
    if !q::window(&state.db).await?.contains(today) {
        return Err(AppError::ReadingWindowClosed);
    }
    let number = CustomerNumber::parse(sending.customer_number.trim()).map_err(AppError::InvalidCustomerNumber)?;
    let customer = customers::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    let phone = crate::ssr::queue::normalise_phone(&sending.phone).ok_or(InputProblem::BadPhone("phone".into()))?;
    // Bound to the phone on file: whoever knows a customer number cannot set that bill.
    let on_file = customer.phone.as_deref().and_then(crate::ssr::queue::normalise_phone);
    if on_file.as_deref() != Some(phone.as_str()) {
        return Err(AppError::PhoneNotOnFile);
    }
    let stand = stand(&sending.stand)?;
    let coordinates = coordinates(&sending.latitude, &sending.longitude)?;
    let period = rules::period_for(today);
    let mut conn = state.db.acquire().await?;
    // The cheap refusals before the dear one: a flood decodes no photos.
    if q::sent_for(&mut conn, customer.id, period).await? >= PER_PERIOD {
        return Err(AppError::ReadingLimit);
    }
    if q::billing_begun(&mut conn, customer.id, period).await? {
        return Err(AppError::ReadingAlreadyBilled);
    }
    let Some(bytes) = sending.photo.filter(|b| !b.is_empty()) else {
        return Err(InputProblem::Required("photo".into()).into());
    };
    let last_stand = q::last_reading(&mut conn, customer.id, period).await?;
    let history =
        billing::history(&mut conn, Some(customer.id), period, crate::domain::usage::BASELINE_MONTHS as i32).await?;
    // Not held while the photo waits for its turn to be decoded: the pool serves payments too.
    drop(conn);
    let photo = crate::ssr::photo::prepare_off_thread(bytes).await?.map_err(InputProblem::Photo)?;
    let checked = rules::check(stand, last_stand, &crate::ssr::billing::points(&history));
    let token = crate::ssr::random::random_hex(20).to_lowercase();
    let state_now = if checked.doubt.is_some() { State::Unconfirmed } else { State::Accepted };
    // Under the lock billing runs draft under: a figure lands before a run reads the period's
    // figures, or is refused because the run has begun.
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    if q::billing_begun(&mut tx, customer.id, period).await? {
        return Err(AppError::ReadingAlreadyBilled);
    }
    if q::sent_for(&mut tx, customer.id, period).await? >= PER_PERIOD {
        return Err(AppError::ReadingLimit);
    }
    if state_now == State::Accepted {
        q::replace_standing(&mut tx, customer.id, period, 0).await?;
    }
    let id = q::insert(
        &mut tx,
        &NewSelfReading {
            token: &token,
            customer_id: customer.id,
            period,
            stand,
            last_stand,
            usual_m3: checked.usual_m3,
            doubt: checked.doubt,
            state: state_now,
            phone: &phone,
            coordinates,
            photo: &photo,
            sent_at: now,
            read_on: today,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(self_reading = id, period = %period, doubt = ?checked.doubt, "meter figure sent by a customer");
    Ok(token)
}

fn state_of(row: &SelfReadingRow) -> Result<State, AppError> {
    row.state.parse().map_err(|e: String| {
        tracing::error!(self_reading = row.id, error = %e, "self reading with an unreadable state");
        AppError::Internal
    })
}

async fn by_token(db: &sqlx::AnyPool, token: &str) -> Result<SelfReadingRow, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 64 {
        return Err(AppError::SelfReadingNotFound);
    }
    q::by_token(db, token).await?.ok_or(AppError::SelfReadingNotFound)
}

fn view(row: SelfReadingRow) -> Result<SelfReadingView, AppError> {
    let state = state_of(&row)?;
    Ok(SelfReadingView {
        period: row.period.parse().map_err(|_| AppError::Internal)?,
        usage_m3: Some(row.stand - row.last_stand.unwrap_or(0)).filter(|u| *u >= 0),
        doubt: row.doubt.parse::<Doubt>().ok(),
        sent_at: row.sent_at.wib(),
        billed: row.billed != 0,
        token: row.token,
        customer_number: row.customer_number,
        stand: row.stand,
        last_stand: row.last_stand,
        usual_m3: row.usual_m3,
        state,
    })
}

/// The customer's page, by the private link.
pub async fn follow(token: String) -> Result<SelfReadingView, AppError> {
    let state = app_state()?;
    view(by_token(&state.db, &token).await?)
}

/// The customer stands by an odd figure: it replaces any other for the period.
pub async fn confirm(token: String) -> Result<String, AppError> {
    let state = app_state()?;
    let row = by_token(&state.db, &token).await?;
    if state_of(&row)? != State::Unconfirmed {
        return Err(AppError::SelfReadingSettled);
    }
    let period = row.period.parse().map_err(|_| AppError::Internal)?;
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    if q::billing_begun(&mut tx, row.customer_id, period).await? {
        return Err(AppError::ReadingAlreadyBilled);
    }
    q::replace_standing(&mut tx, row.customer_id, period, row.id).await?;
    if !q::move_state(&mut tx, row.id, State::Unconfirmed, State::Accepted, Utc::now()).await? {
        return Err(AppError::SelfReadingSettled);
    }
    tx.commit().await?;
    Ok(row.token)
}

/// The customer takes a figure back (before a billing run has used it).
pub async fn withdraw(token: String) -> Result<String, AppError> {
    let state = app_state()?;
    let row = by_token(&state.db, &token).await?;
    let from = state_of(&row)?;
    if row.billed != 0 || !matches!(from, State::Unconfirmed | State::Accepted) {
        return Err(AppError::SelfReadingSettled);
    }
    // Under the runs' lock, and guarded in the update: a run that bills on it first wins.
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    if !q::move_state(&mut tx, row.id, from, State::Withdrawn, Utc::now()).await? {
        return Err(AppError::SelfReadingSettled);
    }
    tx.commit().await?;
    Ok(row.token)
}

/// The photo, to whoever holds the private link.
pub async fn photo_by_token(db: &sqlx::AnyPool, token: &str) -> Result<PhotoRow, AppError> {
    let row = by_token(db, token).await?;
    q::photo(db, row.id).await?.ok_or(AppError::SelfReadingNotFound)
}

/// The photo, to staff who review the connection's readings.
pub async fn photo_for_staff(
    db: &sqlx::AnyPool,
    staff: &crate::domain::staff::StaffMember,
    id: i64,
) -> Result<PhotoRow, AppError> {
    let row = q::by_id(db, id).await?.ok_or(AppError::SelfReadingNotFound)?;
    if !staff.may(Duty::ReviewReadings { office_id: row.office_id }) {
        return Err(AppError::Forbidden);
    }
    q::photo(db, id).await?.ok_or(AppError::SelfReadingNotFound)
}

/// The window, for the billing desk.
pub async fn window_setting() -> Result<WindowSetting, AppError> {
    let state = app_state()?;
    let session = current_session().await?;
    let window = q::window(&state.db).await?;
    Ok(WindowSetting {
        first_day: window.first_day(),
        last_day: window.last_day(),
        may_set: session.staff.may(Duty::Administer),
    })
}

pub async fn set_window(csrf: String, first_day: String, last_day: String) -> Result<(), AppError> {
    let state = app_state()?;
    let (session, ip) = authorize_action(&csrf, Duty::Administer).await?;
    let day = |field: &str, typed: &str| crate::domain::notice::whole_number(field, typed);
    let (first, last) = (day("first_day", &first_day)?, day("last_day", &last_day)?);
    let window = Window::new(first, last).map_err(|e| match e {
        WindowProblem::NotADay if !(1..=31).contains(&first) => InputProblem::NotANumber("first_day".into()),
        WindowProblem::NotADay => InputProblem::NotANumber("last_day".into()),
        WindowProblem::Backwards => InputProblem::EndBeforeStart,
    })?;
    let mut tx = db::begin_write(&state.db).await?;
    q::set_window(&mut tx, window, session.staff.id, Utc::now()).await?;
    Action {
        actor: &session.staff,
        action: AuditAction::SelfReadingWindowSet,
        subject: "self reading window".into(),
        detail: format!("{}..{}", window.first_day(), window.last_day()),
        ip,
    }
    .record(&mut tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
