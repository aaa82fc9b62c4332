//! Customers and their bills as stored.

use crate::domain::{CustomerNumber, Period};
use crate::ssr::db::Backend;
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

/// A bill with the reading it was computed from and, once paid, its payment. It is read from a
/// JSON array whose items are in this order (`BILL`).
#[derive(serde::Deserialize)]
pub struct BillRow {
    pub period: String,
    pub group_code: String,
    pub meter_size: String,
    pub usage_m3: i64,
    pub amount: i64,
    pub due_date: String,
    /// The late fee paid with it (paid bills only).
    pub late_fee: Option<i64>,
    /// The reading's columns: None for a bill carried over from the previous system.
    pub read_on: Option<String>,
    pub stand_awal: Option<i64>,
    pub stand_akhir: Option<i64>,
    pub stand_angkat: Option<i64>,
    pub stand_pasang: Option<i64>,
    pub estimated: Option<i64>,
    pub receipt_number: Option<String>,
    pub channel: Option<String>,
    pub paid_at: Option<crate::ssr::db::stamp::Stamp>,
    pub verify_token: Option<String>,
    /// The sum of the adjustment lines the bill carries.
    pub adjustment: i64,
}

/// A bill's columns in `BillRow`'s order, and the bills asked for: those of customer `c` not
/// paid, or paid for a period after `$2`.
macro_rules! bill {
    () => {
        "b.period, b.group_code, b.meter_size, b.usage_m3, b.amount, b.due_date, b.late_fee,
         r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang, r.estimated,
         p.receipt_number, p.channel, p.paid_at, p.verify_token, b.adjustment"
    };
}
macro_rules! bills_of_customer {
    () => {
        "FROM bills b
         LEFT JOIN meter_readings r ON r.id = b.reading_id
         LEFT JOIN payments p ON p.id = b.payment_id
         WHERE b.customer_id = c.id AND (b.payment_id IS NULL OR b.period > $2)"
    };
}
macro_rules! customer {
    () => {
        "SELECT c.id, c.name, c.address, c.phone, c.village, c.district, c.group_code, c.meter_size,
                o.code AS office_code, o.name AS office_name, o.phone AS office_phone,"
    };
}
macro_rules! of_number {
    () => {
        " FROM customers c JOIN unit_offices o ON o.id = c.office_id WHERE c.number = $1"
    };
}

/// The customer and the bills asked for, in one query and one row: the bills come as one JSON
/// array, oldest first. A page then costs one round trip and one row, not a row per bill: on
/// SQLite each row crosses from the connection's thread to the page's, and through the Any
/// driver each row's every column is copied and converted.
const ACCOUNT_SQLITE: &str = concat!(
    customer!(),
    "(SELECT json_group_array(json_array(",
    bill!(),
    ") ORDER BY b.period) ",
    bills_of_customer!(),
    ") AS bills",
    of_number!()
);
const ACCOUNT_POSTGRES: &str = concat!(
    customer!(),
    "(SELECT COALESCE(json_agg(json_build_array(",
    bill!(),
    ") ORDER BY b.period), '[]')::text ",
    bills_of_customer!(),
    ") AS bills",
    of_number!()
);

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
    let sql = match Backend::of_pool(db) {
        Backend::Sqlite => ACCOUNT_SQLITE,
        Backend::Postgres => ACCOUNT_POSTGRES,
    };
    let Some(row) = sqlx::query(sql).bind(number.as_str()).bind(paid_after).fetch_optional(db).await? else {
        return Ok(None);
    };
    let customer = CustomerRow::from_row(&row)?;
    let bills = serde_json::from_str(row.try_get::<&str, _>("bills")?)
        .map_err(|e| sqlx::Error::ColumnDecode { index: "bills".into(), source: Box::new(e) })?;
    Ok(Some((customer, bills)))
}

/// What changed the accounts a counter device holds since it last looked: the last bill, payment
/// and audit entry it saw. Bills and payments are written under the ledger's lock, in id order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watermarks {
    pub bill: i64,
    pub payment: i64,
    pub audit: i64,
}

/// A customer of an office with their unpaid bills, for a counter device's snapshot.
#[derive(sqlx::FromRow)]
pub struct OfficeAccountRow {
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub status: String,
    pub group_code: String,
}

macro_rules! office_account {
    () => {
        "SELECT c.number, c.name, c.address, c.village, c.status, c.group_code,"
    };
}
macro_rules! unpaid_bills_of_customer {
    () => {
        "FROM bills b
         LEFT JOIN meter_readings r ON r.id = b.reading_id
         LEFT JOIN payments p ON p.id = b.payment_id
         WHERE b.customer_id = c.id AND b.payment_id IS NULL"
    };
}
macro_rules! of_office {
    () => {
        " FROM customers c WHERE c.office_id = $1 AND ($2 = 0 OR c.id IN (
            SELECT customer_id FROM bills WHERE id > $3
            UNION SELECT customer_id FROM payments WHERE id > $4
            UNION SELECT c2.id FROM audit_log a JOIN customers c2 ON c2.number = a.subject
                  WHERE a.id > $5 AND a.action IN ($6, $7, $8)))
          ORDER BY c.number"
    };
}
const OFFICE_ACCOUNTS_SQLITE: &str = concat!(
    office_account!(),
    "(SELECT json_group_array(json_array(",
    bill!(),
    ") ORDER BY b.period) ",
    unpaid_bills_of_customer!(),
    ") AS bills",
    of_office!()
);
const OFFICE_ACCOUNTS_POSTGRES: &str = concat!(
    office_account!(),
    "(SELECT COALESCE(json_agg(json_build_array(",
    bill!(),
    ") ORDER BY b.period), '[]')::text ",
    unpaid_bills_of_customer!(),
    ") AS bills",
    of_office!()
);

/// The office's customers with their unpaid bills (`BillRow`s, oldest first): all of them, or
/// (`since`) those whose bills, payments or records changed after those watermarks.
pub async fn office_accounts(
    db: &AnyPool,
    office_id: i64,
    since: Option<Watermarks>,
) -> Result<Vec<(OfficeAccountRow, Vec<BillRow>)>, sqlx::Error> {
    use crate::domain::audit::AuditAction;
    let sql = match Backend::of_pool(db) {
        Backend::Sqlite => OFFICE_ACCOUNTS_SQLITE,
        Backend::Postgres => OFFICE_ACCOUNTS_POSTGRES,
    };
    let w = since.unwrap_or(Watermarks { bill: 0, payment: 0, audit: 0 });
    let rows = sqlx::query(sql)
        .bind(office_id)
        .bind(i64::from(since.is_some()))
        .bind(w.bill)
        .bind(w.payment)
        .bind(w.audit)
        .bind(AuditAction::BillRevised.as_str())
        .bind(AuditAction::CustomerStatusChanged.as_str())
        .bind(AuditAction::ReadingCorrected.as_str())
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|row| {
            let account = OfficeAccountRow::from_row(row)?;
            let bills = serde_json::from_str(row.try_get::<&str, _>("bills")?)
                .map_err(|e| sqlx::Error::ColumnDecode { index: "bills".into(), source: Box::new(e) })?;
            Ok((account, bills))
        })
        .collect()
}

/// The watermarks now, read under the ledger's lock: every bill and payment up to them has
/// committed, so a change after them is one the next look finds.
pub async fn watermarks(db: &AnyPool) -> Result<Watermarks, sqlx::Error> {
    let mut tx = super::begin_serial(db, super::Serial::Ledger).await?;
    let max = |table: &'static str| format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}");
    let bill: i64 = sqlx::query_scalar(&max("bills")).fetch_one(&mut *tx).await?;
    let payment: i64 = sqlx::query_scalar(&max("payments")).fetch_one(&mut *tx).await?;
    let audit: i64 = sqlx::query_scalar(&max("audit_log")).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(Watermarks { bill, payment, audit })
}

/// Whether anything changed since `audit` that no account's own history shows: a customers
/// file applied, or an arrears file. Then a device takes its office whole again.
pub async fn bulk_changes_since(db: &AnyPool, audit: i64) -> Result<bool, sqlx::Error> {
    use crate::domain::audit::AuditAction;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE id > $1 AND action IN ($2, $3)")
        .bind(audit)
        .bind(AuditAction::CustomersImported.as_str())
        .bind(AuditAction::ArrearsImported.as_str())
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

/// The database id of the customer with this number.
pub async fn customer_id(db: &AnyPool, number: &CustomerNumber) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM customers WHERE number = $1").bind(number.as_str()).fetch_optional(db).await
}
