//! What an import compares a file against, and what it writes.

use super::bulk::{self, Value};
use crate::domain::Period;
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// A customer as the customers file describes them, with the office found by its code.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CustomerRecord {
    pub number: String,
    pub name: String,
    pub address: String,
    pub village: String,
    pub district: String,
    pub group_code: String,
    pub meter_size: String,
    pub office_id: i64,
    pub phone: Option<String>,
    pub connected_on: String,
    /// `ConnectionStatus` code.
    pub status: String,
}

/// A meter reading as the readings file gives it, with the customer found by their number.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ReadingRecord {
    pub customer_id: i64,
    pub period: String,
    pub read_on: String,
    pub stand_awal: i64,
    pub stand_akhir: i64,
    pub stand_angkat: Option<i64>,
    pub stand_pasang: Option<i64>,
    pub estimated: i64,
    pub note: Option<String>,
}

/// The width of the utility's customer numbers, when it has set one: a spreadsheet that stored
/// numbers as numbers dropped their leading zeros, and this puts them back.
pub async fn customer_number_width(conn: &mut AnyConnection) -> Result<Option<usize>, sqlx::Error> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(super::rules::CUSTOMER_NUMBER_DIGITS)
        .fetch_optional(conn)
        .await?;
    Ok(value.and_then(|v| v.trim().parse().ok()))
}

pub async fn office_ids(conn: &mut AnyConnection) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT code, id FROM unit_offices").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Every customer, by number, with their id.
pub async fn customers(conn: &mut AnyConnection) -> Result<HashMap<String, (i64, CustomerRecord)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        #[sqlx(flatten)]
        record: CustomerRecord,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, number, name, address, village, district, group_code, meter_size, office_id, phone, connected_on, status
         FROM customers",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.record.number.clone(), (r.id, r.record))).collect())
}

pub async fn customer_ids(conn: &mut AnyConnection) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT number, id FROM customers").fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

pub async fn add_customers(conn: &mut AnyConnection, records: &[&CustomerRecord]) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = records
        .iter()
        .map(|r| {
            vec![
                r.number.clone().into(),
                r.name.clone().into(),
                r.address.clone().into(),
                r.village.clone().into(),
                r.district.clone().into(),
                r.group_code.clone().into(),
                r.meter_size.clone().into(),
                r.office_id.into(),
                r.phone.clone().into(),
                r.connected_on.clone().into(),
                r.status.clone().into(),
            ]
        })
        .collect();
    bulk::insert(
        conn,
        "customers (number, name, address, village, district, group_code, meter_size, office_id, phone, connected_on, status)",
        &rows,
    )
    .await
}

/// Bills already made keep the group and meter size they were made with: only the next
/// billing run sees the change.
pub async fn change_customer(conn: &mut AnyConnection, id: i64, r: &CustomerRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE customers SET name = $1, address = $2, village = $3, district = $4, group_code = $5, meter_size = $6,
         office_id = $7, phone = $8, connected_on = $9, status = $10 WHERE id = $11",
    )
    .bind(&r.name)
    .bind(&r.address)
    .bind(&r.village)
    .bind(&r.district)
    .bind(&r.group_code)
    .bind(&r.meter_size)
    .bind(r.office_id)
    .bind(&r.phone)
    .bind(&r.connected_on)
    .bind(&r.status)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether a stored reading may still be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taken {
    Free,
    Billed,
    UnderReview,
}

impl From<i64> for Taken {
    fn from(code: i64) -> Taken {
        match code {
            1 => Taken::Billed,
            2 => Taken::UnderReview,
            _ => Taken::Free,
        }
    }
}

/// A period's readings, by customer id, and whether each is taken: billed, or drafted in a
/// billing run under review (a new figure would leave the draft computed from the old one).
pub async fn readings(
    conn: &mut AnyConnection,
    period: Period,
) -> Result<HashMap<i64, (i64, ReadingRecord, Taken)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        #[sqlx(flatten)]
        record: ReadingRecord,
        taken: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.id, r.customer_id, r.period, r.read_on, r.stand_awal, r.stand_akhir, r.stand_angkat, r.stand_pasang,
                r.estimated, r.note,
                CASE WHEN EXISTS (SELECT 1 FROM bills b WHERE b.customer_id = r.customer_id AND b.period = r.period) THEN 1
                     WHEN EXISTS (SELECT 1 FROM draft_bills d WHERE d.reading_id = r.id) THEN 2
                     ELSE 0 END AS taken
         FROM meter_readings r WHERE r.period = $1",
    )
    .bind(period.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.record.customer_id, (r.id, r.record, Taken::from(r.taken)))).collect())
}

/// The customers whose bill of `period` was carried over from the previous system: a reading of
/// that period would never be billed.
pub async fn carried_over_in(conn: &mut AnyConnection, period: Period) -> Result<HashSet<i64>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT customer_id FROM bills WHERE period = $1 AND reading_id IS NULL")
        .bind(period.to_string())
        .fetch_all(conn)
        .await?;
    Ok(ids.into_iter().collect())
}

pub async fn add_readings(conn: &mut AnyConnection, records: &[&ReadingRecord]) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = records
        .iter()
        .map(|r| {
            vec![
                r.customer_id.into(),
                r.period.clone().into(),
                r.read_on.clone().into(),
                r.stand_awal.into(),
                r.stand_akhir.into(),
                r.stand_angkat.into(),
                r.stand_pasang.into(),
                r.estimated.into(),
                r.note.clone().into(),
            ]
        })
        .collect();
    bulk::insert(
        conn,
        "meter_readings (customer_id, period, read_on, stand_awal, stand_akhir, stand_angkat, stand_pasang, estimated, note)",
        &rows,
    )
    .await
}

/// Replaces a reading nobody has billed yet.
pub async fn change_reading(conn: &mut AnyConnection, id: i64, r: &ReadingRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE meter_readings SET read_on = $1, stand_awal = $2, stand_akhir = $3, stand_angkat = $4, stand_pasang = $5,
         estimated = $6, note = $7 WHERE id = $8",
    )
    .bind(&r.read_on)
    .bind(r.stand_awal)
    .bind(r.stand_akhir)
    .bind(r.stand_angkat)
    .bind(r.stand_pasang)
    .bind(r.estimated)
    .bind(&r.note)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A bill carried over from the previous system, as the arrears file gives it, with the
/// customer found by their number and their connection as it is now (the late-fee rule reads
/// the group).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ArrearsRecord {
    pub customer_id: i64,
    pub period: String,
    pub group_code: String,
    pub meter_size: String,
    pub usage_m3: i64,
    pub amount: i64,
    pub due_date: String,
}

impl ArrearsRecord {
    /// The same bill as the file gives: what the customer owes and when it fell due (the group
    /// may have changed since it was carried over).
    pub fn same_bill(&self, other: &ArrearsRecord) -> bool {
        (self.usage_m3, self.amount, &self.due_date) == (other.usage_m3, other.amount, &other.due_date)
    }
}

/// A customer's connection as bills record it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Connection {
    pub id: i64,
    pub group_code: String,
    pub meter_size: String,
}

/// Every customer, by number, with their connection.
pub async fn connections(conn: &mut AnyConnection) -> Result<HashMap<String, Connection>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        number: String,
        #[sqlx(flatten)]
        connection: Connection,
    }
    let rows: Vec<Row> =
        sqlx::query_as("SELECT number, id, group_code, meter_size FROM customers").fetch_all(conn).await?;
    Ok(rows.into_iter().map(|r| (r.number, r.connection)).collect())
}

/// A bill stored for a customer and period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredBill {
    /// Computed by the portal from a reading.
    Computed,
    CarriedOver(ArrearsRecord),
}

/// The bills of periods `from` to `to`, by customer id and period.
pub async fn bills_between(
    conn: &mut AnyConnection,
    from: Period,
    to: Period,
) -> Result<HashMap<(i64, String), StoredBill>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        record: ArrearsRecord,
        computed: i64,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT customer_id, period, group_code, meter_size, usage_m3, amount, due_date,
                CASE WHEN reading_id IS NULL THEN 0 ELSE 1 END AS computed
         FROM bills WHERE period >= $1 AND period <= $2",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let key = (r.record.customer_id, r.record.period.clone());
            (key, if r.computed != 0 { StoredBill::Computed } else { StoredBill::CarriedOver(r.record) })
        })
        .collect())
}

/// The customers and periods from `from` to `to` with a meter reading stored.
pub async fn read_between(
    conn: &mut AnyConnection,
    from: Period,
    to: Period,
) -> Result<HashSet<(i64, String)>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT customer_id, period FROM meter_readings WHERE period >= $1 AND period <= $2")
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(conn)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Writes bills carried over: no reading and no charges, the amount the previous system stored.
pub async fn add_carried_over(conn: &mut AnyConnection, records: &[&ArrearsRecord]) -> Result<(), sqlx::Error> {
    let rows: Vec<Vec<Value>> = records
        .iter()
        .map(|r| {
            vec![
                r.customer_id.into(),
                r.period.clone().into(),
                r.group_code.clone().into(),
                r.meter_size.clone().into(),
                r.usage_m3.into(),
                r.amount.into(),
                r.due_date.clone().into(),
            ]
        })
        .collect();
    bulk::insert(conn, "bills (customer_id, period, group_code, meter_size, usage_m3, amount, due_date)", &rows).await
}
