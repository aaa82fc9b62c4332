//! What an account owes, and the bill page made from it. Bills are read once and handed to the
//! domain's `Statement`; the page, the counter, the banks' inquiry and the ledger take what they
//! need from that one statement.

use crate::domain::adjustment::AdjustmentLine;
use crate::domain::{
    latest_anomaly, mask_name, CustomerNumber, IssuedBill, IssuedFrom, MeterReading, Money, Period, Statement,
    UsagePoint,
};
use crate::error::AppError;
use crate::model::bills::{Account, OfficeRef, PaidBill, UnpaidBill};
use crate::ssr::db::accounts::{self as db, BillRow, Bills, CustomerRow};
use crate::ssr::{clock, AppState};
use chrono::NaiveDate;

/// Months of history the bill page shows.
pub const HISTORY_MONTHS: i32 = 24;

/// A customer and what they owe.
pub struct Owed {
    pub customer: CustomerRow,
    pub statement: Statement,
}

/// What the customer with this number owes on `today`; None when no customer has it.
pub async fn statement(state: &AppState, number: &CustomerNumber, today: NaiveDate) -> Result<Option<Owed>, AppError> {
    let Some((customer, rows)) = db::account(&state.db, number, Bills::Unpaid).await? else { return Ok(None) };
    let issued = rows.iter().map(|row| issued(row).map_err(|e| review(number, &e))).collect::<Result<Vec<_>, _>>()?;
    let statement = Statement::of(issued, &state.rules.get(), today).map_err(|e| review(number, &e))?;
    Ok(Some(Owed { customer, statement }))
}

/// The bill page for a visitor who typed a number: validated before anything touches the
/// database, and limited per client.
pub async fn bill_page_for_visitor(number: &str) -> Result<Account, AppError> {
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let state = crate::ssr::app_state()?;
    crate::ssr::rate_limit::take_lookup(&state)?;
    bill_page(&state, &number, clock::today_wib()).await?.ok_or(AppError::CustomerNotFound)
}

/// Everything the public bill page shows of the account with this number.
pub async fn bill_page(
    state: &AppState,
    number: &CustomerNumber,
    today: NaiveDate,
) -> Result<Option<Account>, AppError> {
    let history = Bills::UnpaidAndPaidAfter(Period::of(today).plus_months(-HISTORY_MONTHS));
    let Some((c, rows)) = db::account(&state.db, number, history).await? else { return Ok(None) };
    let mut unpaid = Vec::new();
    let mut paid = Vec::new();
    let mut usage = Vec::new();
    for row in &rows {
        let period: Period = row.period.parse().map_err(|e| review(number, &e))?;
        usage.push(UsagePoint {
            period,
            m3: row.usage_m3.try_into().map_err(|e| review(number, &e))?,
            estimated: row.estimated.is_some_and(|e| e != 0),
        });
        match paid_bill(row, period).map_err(|e| review(number, &e))? {
            Some(bill) => paid.push(bill),
            None => unpaid.push(issued(row).map_err(|e| review(number, &e))?),
        }
    }
    paid.reverse();
    let usage: Vec<UsagePoint> = usage.into_iter().rev().take(HISTORY_MONTHS as usize).rev().collect();
    let rules = state.rules.get();
    let statement = Statement::of(unpaid, &rules, today).map_err(|e| review(number, &e))?;
    // The rule the page explains: the one the customer's newest bill is priced by (each bill's
    // fee follows the rule of its own due date).
    let late_fee_rule = rules.late_fee.for_due(statement.bills.last().map_or(today, |b| b.due_date)).clone();
    let channels = state.board.get(state, 0).await?.channels.clone();
    let (group_name, group_name_en) = rules
        .tariffs
        .group(&c.group_code)
        .map(|g| (g.name.clone(), g.name_en.clone()))
        .unwrap_or_else(|_| (c.group_code.clone(), String::new()));
    let qris = crate::domain::Channel::Qris.code();
    // Lines are read only for an account whose bills carry some: rare, and the page stays one
    // query for everyone else.
    let mut lines = if statement.bills.iter().any(|b| !b.adjustment.is_zero()) {
        adjustment_lines(state, c.id, number).await?
    } else {
        Vec::new()
    };
    let unpaid = statement
        .bills
        .into_iter()
        .map(|b| {
            let period = b.period();
            let (own, rest) = lines.drain(..).partition(|(p, _)| *p == period);
            lines = rest;
            UnpaidBill::of(b, own.into_iter().map(|(_, line)| line).collect())
        })
        .collect();
    Ok(Some(Account {
        number: number.clone(),
        masked_name: mask_name(&c.name),
        village: c.village,
        district: c.district,
        group_code: c.group_code,
        group_name,
        group_name_en,
        meter_size: c.meter_size,
        office: OfficeRef { code: c.office_code, name: c.office_name, phone: c.office_phone },
        today,
        total_owed: statement.total,
        arrears: statement.arrears,
        next_arrears: statement.next_arrears,
        counter_only_after: statement.counter_only_after,
        unpaid,
        late_fee_rule,
        anomaly: latest_anomaly(&usage),
        usage,
        paid,
        qris_available: state.payments.qris.is_some()
            && channels
                .iter()
                .any(|ch| ch.channel == qris && ch.state != crate::domain::channel_health::ChannelState::Down),
        channels,
        live_token: state.live.customer_token(number),
    }))
}

/// The adjustment lines of the customer's unpaid bills, each with its bill's period.
async fn adjustment_lines(
    state: &AppState,
    customer_id: i64,
    number: &CustomerNumber,
) -> Result<Vec<(Period, AdjustmentLine)>, AppError> {
    crate::ssr::db::adjustments::of_unpaid_bills(&state.db, customer_id)
        .await?
        .into_iter()
        .map(|a| {
            let period = a.bill_period.parse().map_err(|e| review(number, &e))?;
            Ok((period, a.line.line().map_err(|e| review(number, &e))?))
        })
        .collect()
}

/// An unpaid bill as the statement reads it: from its reading, or carried over (no reading).
pub(crate) fn issued(row: &BillRow) -> Result<IssuedBill, String> {
    let period: Period = row.period.parse().map_err(|e: crate::domain::InvalidPeriod| e.to_string())?;
    let from = match (&row.read_on, row.stand_awal, row.stand_akhir) {
        (Some(read_on), Some(stand_awal), Some(stand_akhir)) => IssuedFrom::Reading(
            MeterReading::stored(
                period,
                read_on,
                stand_awal,
                stand_akhir,
                row.stand_angkat,
                row.stand_pasang,
                row.estimated.is_some_and(|e| e != 0),
            )
            .map_err(|e| format!("{period}: read_on {e}"))?,
        ),
        (None, None, None) => IssuedFrom::CarriedOver {
            period,
            usage_m3: u32::try_from(row.usage_m3).map_err(|e| format!("{period}: usage {e}"))?,
        },
        _ => return Err(format!("{period}: a reading without its figures")),
    };
    Ok(IssuedBill {
        from,
        group_code: row.group_code.clone(),
        meter_size: row.meter_size.clone(),
        amount: Money::rupiah(row.amount),
        adjustment: Money::rupiah(row.adjustment),
        due_date: row.due_date.parse().map_err(|e: chrono::ParseError| format!("{period}: due_date {e}"))?,
    })
}

/// A paid bill as the page's history shows it; None for a bill not paid.
fn paid_bill(row: &BillRow, period: Period) -> Result<Option<PaidBill>, String> {
    let Some(receipt_number) = row.receipt_number.clone() else { return Ok(None) };
    let paid_at = row.paid_at.map(|t| t.wib()).ok_or_else(|| format!("{period}: a payment without its time"))?;
    Ok(Some(PaidBill {
        period,
        usage_m3: u32::try_from(row.usage_m3).unwrap_or(0),
        amount: Money::rupiah(row.amount),
        late_fee: Money::rupiah(row.late_fee.unwrap_or(0)),
        paid_at,
        channel: row.channel.clone().unwrap_or_default(),
        receipt_number,
        receipt_token: row.verify_token.clone(),
    }))
}

fn review(number: &CustomerNumber, cause: &dyn std::fmt::Display) -> AppError {
    tracing::error!(customer = %number.as_str(), %cause, "bill data needs review");
    AppError::BillNeedsReview
}
