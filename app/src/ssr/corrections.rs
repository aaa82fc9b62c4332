//! Correcting a published bill's reading (a misread meter found after the bills went out). An
//! unpaid bill is computed again from the corrected figure, and the payment codes that ask its
//! old amount are closed; a paid bill is never changed: what it should have been, less what was
//! paid, becomes an adjustment line on the customer's next bill. Either way the audit log says
//! who, why and by how much, in the same transaction.

use crate::domain::adjustment::AdjustmentKind;
use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, InputProblem, REASON_MAX};
use crate::domain::staff::Duty;
use crate::domain::{compute_bill, Connection, CustomerNumber, MeterReading, Money, Period};
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
    let stand_akhir: i64 = match stand_akhir.trim().parse() {
        Ok(v) if v >= 0 => v,
        _ => return Err(InputProblem::NotANumber("stand_akhir".into()).into()),
    };
    let reason = text_field("reason", reason, REASON_MAX, true, true)?;
    let c = customers::detail(&state.db, number.as_str()).await?.ok_or(AppError::CustomerNotFound)?;
    // Authorised before the ledger's lock is taken: reading the session may write to it.
    let (session, ip) = auth::authorize_action(csrf, Duty::ReviewReadings { office_id: c.office_id }).await?;
    let by = By { actor: Some(&session.staff), name: &session.staff.username, ip };
    // Under the lock payments credit and billing runs draft under: a payment either came first
    // (the bill is paid, and the correction goes to the next bill) or finds the revised bill.
    let mut tx = db::begin_serial(&state.db, Serial::Ledger).await?;
    let bill = q::published_bill(&mut tx, c.id, period).await?.ok_or(AppError::BillNotFound)?;
    if bill.stand_akhir == stand_akhir {
        return Err(InputProblem::Unchanged("stand_akhir".into()).into());
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
    let unbillable = |error: crate::domain::BillingError| {
        tracing::info!(%error, "correction refused");
        AppError::from(InputProblem::Unbillable("stand_akhir".into()))
    };
    let corrected = compute_bill(&rules.tariffs, &connection, &reading).map_err(unbillable)?;
    // Measured from the reading as it stands (a bill corrected twice moves from the first
    // correction), not from the bill, which keeps what was paid.
    let before = compute_bill(&rules.tariffs, &connection, &was).map_err(|_| AppError::BillNeedsReview)?;
    let whole = |m: Money| m.whole_rupiah().map_err(|_| AppError::Internal);
    let charges = whole(corrected.amount)?;
    let charges_were = whole(before.amount)?;
    let figures = format!("{} → {stand_akhir}, {} → {} m³", was.stand_akhir, before.usage_m3, corrected.usage_m3);
    // The meter's figure is corrected either way: the next estimate starts from it.
    crate::ssr::db::billing::correct_reading(&mut tx, bill.reading_id, stand_akhir).await?;
    let number = c.number;
    if bill.paid == 0 {
        let revised = Revised {
            usage_m3: i64::from(corrected.usage_m3),
            billed_m3: i64::from(corrected.billed_m3),
            water_charge: whole(corrected.water_charge)?,
            fixed_charges: whole(corrected.amount - corrected.water_charge)?,
            amount: charges + bill.adjustment,
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
        let difference = charges - charges_were;
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
            Money::rupiah(charges_were),
            Money::rupiah(charges),
            Money::rupiah(difference)
        );
        by.record(&mut tx, AuditAction::PaidBillCorrected, &number, &detail).await?;
    }
    tx.commit().await?;
    Ok(number)
}
