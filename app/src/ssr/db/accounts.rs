use crate::domain::{
    compute_bill, latest_anomaly, mask_name, months_late, Arrears, Connection, CustomerNumber, MeterReading, MeterReplacement, Money, Period, UsagePoint,
};
use crate::error::AppError;
use crate::model::bills::{Account, OfficeRef, PaidBill, UnpaidBill};
use crate::ssr::{clock, AppState};
use chrono::NaiveDate;

/// Months of history the bill page shows.
pub const HISTORY_MONTHS: i32 = 24;

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    name: String,
    village: String,
    district: String,
    group_code: String,
    meter_size: String,
    office_code: String,
    office_name: String,
    office_phone: String,
}

#[derive(sqlx::FromRow)]
struct BillRow {
    period: String,
    group_code: String,
    meter_size: String,
    usage_m3: i64,
    amount: i64,
    due_date: String,
    late_fee: Option<i64>,
    read_on: String,
    stand_awal: i64,
    stand_akhir: i64,
    stand_angkat: Option<i64>,
    stand_pasang: Option<i64>,
    estimated: i64,
    receipt_number: Option<String>,
    channel: Option<String>,
    paid_at: Option<String>,
    verify_token: Option<String>,
}

/// Who holds an account, unmasked: for staff, who check it against the person in front of them.
#[derive(sqlx::FromRow)]
pub struct Holder {
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
}

pub async fn holder(db: &sqlx::AnyPool, number: &CustomerNumber) -> Result<Option<Holder>, sqlx::Error> {
    sqlx::query_as("SELECT name, address, phone FROM customers WHERE number = $1").bind(number.as_str()).fetch_optional(db).await
}

/// How many bills of this customer are unpaid.
pub async fn unpaid_count(db: &sqlx::AnyPool, number: &CustomerNumber) -> Result<usize, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bills b JOIN customers c ON c.id = b.customer_id WHERE c.number = $1 AND b.payment_id IS NULL")
        .bind(number.as_str())
        .fetch_one(db)
        .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The database id of the customer with this number.
pub async fn customer_id(db: &sqlx::AnyPool, number: &CustomerNumber) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM customers WHERE number = $1").bind(number.as_str()).fetch_optional(db).await
}

pub async fn load(state: &AppState, number: &CustomerNumber, today: NaiveDate) -> Result<Option<Account>, AppError> {
    let customer: Option<CustomerRow> = sqlx::query_as(
        "SELECT c.id, c.name, c.village, c.district, c.group_code, c.meter_size,
                o.code AS office_code, o.name AS office_name, o.phone AS office_phone
         FROM customers c JOIN unit_offices o ON o.id = c.office_id
         WHERE c.number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(&state.db)
    .await?;
    let Some(c) = customer else { return Ok(None) };

    let since = Period::of(today).plus_months(-HISTORY_MONTHS).to_string();
    let rows: Vec<BillRow> = sqlx::query_as(
        "SELECT b.period, b.group_code, b.meter_size, b.usage_m3, b.amount, b.due_date, b.late_fee,
                r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated,
                p.receipt_number, p.channel, p.paid_at, p.verify_token
         FROM bills b
         JOIN meter_readings r ON r.id = b.reading_id
         LEFT JOIN payments p ON p.id = b.payment_id
         WHERE b.customer_id = $1 AND (b.period > $2 OR b.payment_id IS NULL)
         ORDER BY b.period",
    )
    .bind(c.id)
    .bind(since)
    .fetch_all(&state.db)
    .await?;

    let rules = &state.rules;
    let mut unpaid = Vec::new();
    let mut paid = Vec::new();
    let mut usage = Vec::new();
    for row in rows {
        let period: Period = row.period.parse().map_err(|e| review(number, &e))?;
        let estimated = row.estimated != 0;
        usage.push(UsagePoint { period, m3: row.usage_m3.try_into().map_err(|e| review(number, &e))?, estimated });
        let amount = Money::rupiah(row.amount);
        match row.receipt_number {
            Some(receipt_number) => paid.push(PaidBill {
                period,
                usage_m3: row.usage_m3 as u32,
                amount,
                late_fee: Money::rupiah(row.late_fee.unwrap_or(0)),
                paid_at: row.paid_at.as_deref().and_then(clock::to_wib).ok_or_else(|| review(number, &"unreadable paid_at"))?,
                channel: row.channel.unwrap_or_default(),
                receipt_number,
                receipt_token: row.verify_token,
            }),
            None => {
                let reading = MeterReading {
                    period,
                    read_on: row.read_on.parse().map_err(|e| review(number, &e))?,
                    stand_awal: row.stand_awal,
                    stand_akhir: row.stand_akhir,
                    replacement: row.stand_angkat.map(|stand_angkat| MeterReplacement { stand_angkat, stand_pasang: row.stand_pasang.unwrap_or(0) }),
                    estimated,
                };
                let connection = Connection { group: &row.group_code, meter_size: &row.meter_size };
                let bill = compute_bill(&rules.tariffs, &connection, &reading).map_err(|e| review(number, &e))?;
                // The stored amount is what was issued; lines recomputed from the same reading and
                // tariff must add up to it, or the customer would see one thing and pay another.
                if bill.amount != amount {
                    return Err(review(number, &format!("{period}: recomputed {} but issued {}", bill.amount, amount)));
                }
                let due_date: NaiveDate = row.due_date.parse().map_err(|e| review(number, &e))?;
                let late_fee = rules.late_fee.fee(&row.group_code, amount, due_date, today).map_err(|e| review(number, &e))?;
                // Only said on the page: a rule that cannot say it must not stop the bill being paid.
                let next_fee = rules.late_fee.next_step(&row.group_code, amount, due_date, today).ok().flatten();
                unpaid.push(UnpaidBill { reading, bill, due_date, late_fee, total: amount + late_fee, months_late: months_late(due_date, today), next_fee });
            }
        }
    }
    paid.reverse();
    let usage: Vec<UsagePoint> = usage.into_iter().rev().take(HISTORY_MONTHS as usize).rev().collect();
    let overdue = unpaid.iter().filter(|b| b.due_date < today).count();
    let next_arrears = unpaid.last().and_then(|newest| {
        let due_dates: Vec<NaiveDate> = unpaid.iter().map(|b| b.due_date).collect();
        Arrears::next_escalation(&due_dates, rules.due.due_date(newest.bill.period.plus_months(1)), today)
    });
    let channels = state.board.get(state, 0).await?.channels.clone();
    let (group_name, group_name_en) =
        rules.tariffs.group(&c.group_code).map(|g| (g.name.clone(), g.name_en.clone())).unwrap_or_else(|_| (c.group_code.clone(), String::new()));
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
        total_owed: unpaid.iter().map(|b| b.total).sum(),
        unpaid,
        arrears: Arrears::from_overdue_bills(overdue),
        next_arrears,
        late_fee_rule: rules.late_fee.clone(),
        anomaly: latest_anomaly(&usage),
        usage,
        paid,
        qris_available: state.payments.qris.is_some()
            && channels.iter().any(|ch| ch.channel == crate::ssr::channels::QRIS && ch.state != crate::domain::channel_health::ChannelState::Down),
        channels,
        live_token: state.live.customer_token(number),
        counter_only_after: (!rules.remote.allows_remote(overdue)).then_some(rules.remote.counter_only_after_months).flatten(),
    }))
}

fn review(number: &CustomerNumber, cause: &dyn std::fmt::Display) -> AppError {
    tracing::error!(customer = %number.as_str(), %cause, "bill data needs review");
    AppError::BillNeedsReview
}
