//! Customers as staff look them up and keep them current.

use super::stamp::Stamp;
use sqlx::AnyPool;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CustomerLineRow {
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub office: String,
    pub status: String,
}

/// By number (its start), name or village (anywhere in them), at most `limit`.
pub async fn search(db: &AnyPool, query: &str, limit: i64) -> Result<Vec<CustomerLineRow>, sqlx::Error> {
    let like = format!("%{}%", query.to_lowercase().replace(['%', '_', '\\'], ""));
    // A number typed with its dots (`02.01.0003`) is searched as a number; "RT 02" is a name.
    let looks_like_number = query.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ' ' | '-'));
    let digits: String =
        if looks_like_number { query.chars().filter(char::is_ascii_digit).collect() } else { String::new() };
    sqlx::query_as(
        "SELECT c.number, c.name, c.address, c.village, o.name AS office, c.status
         FROM customers c JOIN unit_offices o ON o.id = c.office_id
         WHERE ($1 <> '' AND c.number LIKE $2) OR LOWER(c.name) LIKE $3 OR LOWER(c.village) LIKE $3
         ORDER BY c.number LIMIT $4",
    )
    .bind(&digits)
    .bind(format!("{digits}%"))
    .bind(like)
    .bind(limit)
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CustomerDetailRow {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub district: String,
    pub group_code: String,
    pub meter_size: String,
    pub office_id: i64,
    pub office: String,
    pub phone: Option<String>,
    pub connected_on: String,
    pub status: String,
}

pub async fn detail(db: &AnyPool, number: &str) -> Result<Option<CustomerDetailRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, c.number, c.name, c.address, c.village, c.district, c.group_code, c.meter_size, c.office_id,
                o.name AS office, c.phone, c.connected_on, c.status
         FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE c.number = $1",
    )
    .bind(number)
    .fetch_optional(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BillLineRow {
    pub period: String,
    /// The reading's columns: None for a bill carried over from the previous system.
    pub stand_awal: Option<i64>,
    pub stand_akhir: Option<i64>,
    pub usage_m3: i64,
    pub estimated: Option<i64>,
    pub amount: i64,
    pub adjustment: i64,
    pub due_date: String,
    pub receipt_number: Option<String>,
    pub paid_at: Option<Stamp>,
    pub channel: Option<String>,
}

/// The latest `limit` bills, newest first, with how each was paid.
pub async fn bills(db: &AnyPool, customer_id: i64, limit: i64) -> Result<Vec<BillLineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.period, r.stand_awal, r.stand_akhir, b.usage_m3, r.estimated, b.amount, b.adjustment, b.due_date,
                p.receipt_number, p.paid_at, p.channel
         FROM bills b LEFT JOIN meter_readings r ON r.id = b.reading_id LEFT JOIN payments p ON p.id = b.payment_id
         WHERE b.customer_id = $1 ORDER BY b.period DESC LIMIT $2",
    )
    .bind(customer_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn set_status(conn: &mut sqlx::AnyConnection, id: i64, status: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET status = $1 WHERE id = $2").bind(status).bind(id).execute(conn).await?;
    Ok(())
}

pub async fn set_phone(conn: &mut sqlx::AnyConnection, id: i64, phone: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE customers SET phone = $1 WHERE id = $2").bind(phone).bind(id).execute(conn).await?;
    Ok(())
}

/// The lowest customer number, for examples in what partners are sent; None without customers.
pub async fn any_number(db: &AnyPool) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT MIN(number) FROM customers").fetch_one(db).await
}
