//! Customers and their bills as stored.

use crate::domain::{CustomerNumber, Period};
use sqlx::{AnyPool, FromRow, Row};

/// A customer with their office: everything the bill page and the counter show of the holder.
/// The name, address and phone are unmasked: the service decides who sees them.
#[derive(sqlx::FromRow)]
pub struct CustomerRow {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub phone: Option<String>,
    pub village: String,
    pub district: String,
    pub group_code: String,
    pub meter_size: String,
    pub office_code: String,
    pub office_name: String,
    pub office_phone: String,
}

/// A bill with the reading it was computed from and, once paid, its payment.
#[derive(sqlx::FromRow)]
pub struct BillRow {
    pub period: String,
    #[sqlx(rename = "bill_group_code")]
    pub group_code: String,
    #[sqlx(rename = "bill_meter_size")]
    pub meter_size: String,
    pub usage_m3: i64,
    pub amount: i64,
    pub due_date: String,
    /// The late fee paid with it (paid bills only).
    pub late_fee: Option<i64>,
    pub read_on: String,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub stand_angkat: Option<i64>,
    pub stand_pasang: Option<i64>,
    pub estimated: i64,
    pub receipt_number: Option<String>,
    pub channel: Option<String>,
    pub paid_at: Option<crate::ssr::db::stamp::Stamp>,
    pub verify_token: Option<String>,
}

/// The customer and the bills asked for, in one query: a page makes one round trip to the
/// database, not one for the holder and one for the bills. The customer's columns repeat on
/// every bill's row and are read from the first; a customer without such bills is one row whose
/// bill columns are NULL.
const ACCOUNT: &str = "SELECT c.id, c.name, c.address, c.phone, c.village, c.district, c.group_code, c.meter_size,
        o.code AS office_code, o.name AS office_name, o.phone AS office_phone,
        b.period, b.group_code AS bill_group_code, b.meter_size AS bill_meter_size, b.usage_m3, b.amount,
        b.due_date, b.late_fee,
        r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated,
        p.receipt_number, p.channel, p.paid_at, p.verify_token
     FROM customers c
     JOIN unit_offices o ON o.id = c.office_id
     LEFT JOIN bills b ON b.customer_id = c.id AND (b.payment_id IS NULL OR b.period > $2)
     LEFT JOIN meter_readings r ON r.id = b.reading_id
     LEFT JOIN payments p ON p.id = b.payment_id
     WHERE c.number = $1
     ORDER BY b.period";

/// Which of a customer's bills to read with them.
#[derive(Clone, Copy, Debug)]
pub enum Bills {
    /// The unpaid ones: what they owe.
    Unpaid,
    /// The unpaid ones and those paid for periods after this one: the bill page's history.
    UnpaidAndPaidAfter(Period),
}

/// The customer with this number and their bills (`which`), oldest first; None when no
/// customer has the number.
pub async fn account(
    db: &AnyPool,
    number: &CustomerNumber,
    which: Bills,
) -> Result<Option<(CustomerRow, Vec<BillRow>)>, sqlx::Error> {
    // Periods are `YYYY-MM`: "9999-99" is after every one, so no paid bill qualifies.
    let paid_after = match which {
        Bills::Unpaid => "9999-99".to_string(),
        Bills::UnpaidAndPaidAfter(period) => period.to_string(),
    };
    let rows = sqlx::query(ACCOUNT).bind(number.as_str()).bind(paid_after).fetch_all(db).await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let customer = CustomerRow::from_row(first)?;
    let mut bills = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<String>, _>("period")?.is_some() {
            bills.push(BillRow::from_row(row)?);
        }
    }
    Ok(Some((customer, bills)))
}

/// The database id of the customer with this number.
pub async fn customer_id(db: &AnyPool, number: &CustomerNumber) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM customers WHERE number = $1").bind(number.as_str()).fetch_optional(db).await
}
