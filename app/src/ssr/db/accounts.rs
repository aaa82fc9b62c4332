//! Customers and their bills as stored.

use crate::domain::{CustomerNumber, Period};
use sqlx::AnyPool;

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
    pub group_code: String,
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

const BILLS: &str = "SELECT b.period, b.group_code, b.meter_size, b.usage_m3, b.amount, b.due_date, b.late_fee,
        r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated,
        p.receipt_number, p.channel, p.paid_at, p.verify_token
     FROM bills b
     JOIN meter_readings r ON r.id = b.reading_id
     LEFT JOIN payments p ON p.id = b.payment_id";

pub async fn customer(db: &AnyPool, number: &CustomerNumber) -> Result<Option<CustomerRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.name, c.address, c.phone, c.village, c.district, c.group_code, c.meter_size,
                o.code AS office_code, o.name AS office_name, o.phone AS office_phone
         FROM customers c JOIN unit_offices o ON o.id = c.office_id
         WHERE c.number = $1",
    )
    .bind(number.as_str())
    .fetch_optional(db)
    .await
}

/// Every unpaid bill of a customer, oldest first.
pub async fn unpaid_bills(db: &AnyPool, customer_id: i64) -> Result<Vec<BillRow>, sqlx::Error> {
    sqlx::query_as(&format!("{BILLS} WHERE b.customer_id = $1 AND b.payment_id IS NULL ORDER BY b.period"))
        .bind(customer_id)
        .fetch_all(db)
        .await
}

/// Every unpaid bill of a customer and the paid ones after `since`, oldest first.
pub async fn bills_since(db: &AnyPool, customer_id: i64, since: Period) -> Result<Vec<BillRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{BILLS} WHERE b.customer_id = $1 AND (b.period > $2 OR b.payment_id IS NULL) ORDER BY b.period"
    ))
    .bind(customer_id)
    .bind(since.to_string())
    .fetch_all(db)
    .await
}

/// The database id of the customer with this number.
pub async fn customer_id(db: &AnyPool, number: &CustomerNumber) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM customers WHERE number = $1").bind(number.as_str()).fetch_optional(db).await
}
