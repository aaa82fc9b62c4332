//! Correcting a published bill's reading (a misread meter found after the bills went out). An
//! unpaid bill is computed again from the corrected figure, and the payment codes that ask its
//! old amount are closed; a paid bill is never changed: what it should have been, less what was
//! paid, becomes an adjustment line on the customer's next bill. Either way the audit log says
//! who, why and by how much, in the same transaction.

use crate::domain::adjustment::{self, AdjustmentKind};
use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, whole_number, InputProblem, REASON_MAX};
use crate::domain::staff::Duty;
use crate::domain::{compute_bill, BillingError, Connection, CustomerNumber, MeterReading, Money, Period};
use crate::error::AppError;
use crate::ssr::db::adjustments::{self as q, NewLine, Revised};
use crate::ssr::db::audit::By;
use crate::ssr::db::{self, customers, rules, Serial};
use crate::ssr::{app_state, auth};

/// Corrects the final meter figure of the customer's bill for `period`. Returns the customer's
/// number.
pub async fn correct_bill(
    csrf: &str,
    number: &str,
    period: &str,
    stand_akhir: &str,
    reason: &str,
) -> Result<String, AppError> {
    let state = app_state()?;
    let number = CustomerNumber::parse(number).map_err(AppError::InvalidCustomerNumber)?;
    let period: Period = period.trim().parse().map_err(|_| InputProblem::BadPeriod("period".into()))?;
    let stand_akhir = i64::from(whole_number("stand_akhir", stand_akhir)?);
    let reason = text_field("reason", reason, REASON_MAX, true, true)?;
    let c = customers::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    // Authorised before the ledger's lock is taken: reading the session may write to it.
    let (session, ip) = auth::authorize_action(csrf, Duty::ReviewReadings { office_id: c.office_id }).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    // Under the lock payments credit and billing runs draft under: a payment either came first
    // (the bill is paid, and the correction goes to the next bill) or finds the revised bill.
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    let Some(bill) = q::published_bill(&mut tx, c.id, period).await? else {
        return Err(match q::carried_over(&mut tx, c.id, period).await? {
            true => AppError::CarriedOverBill,
            false => AppError::BillNotFound,
        });
    };
    if bill.stand_akhir == stand_akhir {
        return Err(InputProblem::Unchanged("stand_akhir".into()).into());
    }
    // The next reading starts where this one ends: an older misread is corrected on the latest
    // reading, or the water between the two figures would be billed twice or never.
    if q::read_after(&mut tx, c.id, period).await? {
        return Err(AppError::NotLatestReading);
    }
    let rules = rules::load_on(&mut tx).await?;
    let was = MeterReading::stored(
        period,
        &bill.read_on,
        bill.stand_awal,
        bill.stand_akhir,
        bill.stand_angkat,
        bill.stand_pasang,
        bill.estimated != 0,
    )
    .map_err(|_| AppError::Internal)?;
    let reading = MeterReading { stand_akhir, estimated: false, ..was };
    let connection = Connection { group: &bill.group_code, meter_size: &bill.meter_size };
    let unbillable = |error: BillingError| {
        tracing::info!(%error, "correction refused");
        AppError::from(InputProblem::Unbillable("stand_akhir".into()))
    };
    let corrected = compute_bill(&rules.tariffs, &connection, &reading).map_err(unbillable)?;
    let whole = |m: Money| m.whole_rupiah().map_err(|_| AppError::Internal);
    let charges = whole(corrected.amount)?;
    let figures = format!("{} → {stand_akhir}, {} → {} m³", was.stand_akhir, was_usage(&was)?, corrected.usage_m3);
    // The meter's figure is corrected either way: the next estimate starts from it.
    crate::ssr::db::billing::correct_reading(&mut tx, bill.reading_id, stand_akhir).await?;
    let number = c.number;
    if bill.paid == 0 {
        // The bill takes its lines again against its new charges: a credit never takes it below
        // its fixed charges, and what it cannot take waits for the next bill.
        let fixed = corrected.amount - corrected.water_charge;
        let taken = adjustment::take(corrected.amount, fixed, Money::rupiah(bill.adjustment));
        let on_bill = whole(taken.on_bill)?;
        if on_bill != bill.adjustment {
            q::carry(&mut tx, c.id, period, bill.adjustment - on_bill, session.staff.id, (None, bill.id)).await?;
        }
        let revised = Revised {
            adjustment: on_bill,
            usage_m3: i64::from(corrected.usage_m3),
            billed_m3: i64::from(corrected.billed_m3),
            water_charge: whole(corrected.water_charge)?,
            fixed_charges: whole(fixed)?,
            amount: charges + on_bill,
        };
        if !q::revise(&mut tx, bill.id, &revised).await? {
            return Err(AppError::Internal);
        }
        let closed = q::close_intents_of(&mut tx, bill.id).await?;
        let detail = format!(
            "{period}: {figures}, {} → {}; {closed} payment codes closed ({reason})",
            Money::rupiah(bill.amount),
            Money::rupiah(revised.amount)
        );
        by.record(&mut tx, AuditAction::BillRevised, &number, &detail).await?;
    } else {
        // What it should have been, less what was paid and what earlier corrections already
        // carried.
        let paid = bill.amount - bill.adjustment + q::corrected_before(&mut tx, c.id, period).await?;
        let difference = charges - paid;
        if difference != 0 {
            let line = NewLine {
                customer_id: c.id,
                kind: AdjustmentKind::ReadingCorrected,
                period,
                detail: &figures,
                amount: difference,
                staff_id: session.staff.id,
                run_id: None,
                bill_id: None,
            };
            q::add(&mut tx, &line).await?;
        }
        let detail = format!(
            "{period}: {figures}, {} → {}; {} to the next bill ({reason})",
            Money::rupiah(paid),
            Money::rupiah(charges),
            Money::rupiah(difference)
        );
        by.record(&mut tx, AuditAction::PaidBillCorrected, &number, &detail).await?;
    }
    tx.commit().await?;
    Ok(number)
}

/// The usage the reading gave before the correction, for the audit log.
fn was_usage(was: &MeterReading) -> Result<u32, AppError> {
    was.usage_m3().map_err(|_: BillingError| AppError::BillNeedsReview)
}
