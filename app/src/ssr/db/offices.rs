use crate::domain::office_hours::{DayHours, OpeningHours};
use crate::model::offices::{District, Office};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use sqlx::AnyPool;

#[derive(sqlx::FromRow)]
struct OfficeRow {
    id: i64,
    code: String,
    name: String,
    is_head_office: i64,
    address: String,
    phone: String,
    opening_hours: String,
    opening_hours_en: String,
}

#[derive(sqlx::FromRow)]
struct AreaRow {
    office_id: i64,
    district: String,
    village: String,
}

#[derive(sqlx::FromRow)]
struct HoursRow {
    office_id: i64,
    weekday: i64,
    opens: String,
    closes: String,
}

const OFFICE_COLUMNS: &str = "id, code, name, is_head_office, address, phone, opening_hours, opening_hours_en";
const HOURS_SELECT: &str = "SELECT office_id, weekday, opens, closes FROM office_hours";

/// Every office with its hours as of `now` (WIB, the queue's clock).
pub async fn all(db: &AnyPool, now: NaiveDateTime, holidays: &[NaiveDate]) -> Result<Vec<Office>, sqlx::Error> {
    let offices: Vec<OfficeRow> =
        sqlx::query_as(&format!("SELECT {OFFICE_COLUMNS} FROM unit_offices ORDER BY sort_order, name"))
            .fetch_all(db)
            .await?;
    let areas: Vec<AreaRow> =
        sqlx::query_as("SELECT office_id, district, village FROM service_areas ORDER BY district, village")
            .fetch_all(db)
            .await?;
    let hours: Vec<HoursRow> =
        sqlx::query_as(&format!("{HOURS_SELECT} ORDER BY office_id, weekday")).fetch_all(db).await?;
    offices.into_iter().map(|o| assemble(o, &areas, &hours, now, holidays)).collect()
}

pub async fn by_code(
    db: &AnyPool,
    code: &str,
    now: NaiveDateTime,
    holidays: &[NaiveDate],
) -> Result<Option<Office>, sqlx::Error> {
    let office: Option<OfficeRow> =
        sqlx::query_as(&format!("SELECT {OFFICE_COLUMNS} FROM unit_offices WHERE code = $1"))
            .bind(code)
            .fetch_optional(db)
            .await?;
    let Some(office) = office else {
        return Ok(None);
    };
    let areas: Vec<AreaRow> = sqlx::query_as(
        "SELECT office_id, district, village FROM service_areas WHERE office_id = $1 ORDER BY district, village",
    )
    .bind(office.id)
    .fetch_all(db)
    .await?;
    let hours: Vec<HoursRow> = sqlx::query_as(&format!("{HOURS_SELECT} WHERE office_id = $1 ORDER BY weekday"))
        .bind(office.id)
        .fetch_all(db)
        .await?;
    assemble(office, &areas, &hours, now, holidays).map(Some)
}

/// (code, name) of every office, in their order.
pub async fn names(db: &AnyPool) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT code, name FROM unit_offices ORDER BY sort_order, name").fetch_all(db).await
}

/// An office's week of opening hours (empty when none are set).
pub async fn hours(db: &AnyPool, office_id: i64) -> Result<OpeningHours, sqlx::Error> {
    let rows: Vec<HoursRow> = sqlx::query_as(&format!("{HOURS_SELECT} WHERE office_id = $1 ORDER BY weekday"))
        .bind(office_id)
        .fetch_all(db)
        .await?;
    week(office_id, &rows)
}

fn week(office_id: i64, rows: &[HoursRow]) -> Result<OpeningHours, sqlx::Error> {
    let bad = |what: String| sqlx::Error::Decode(format!("office {office_id} hours: {what}").into());
    let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").map_err(|e| bad(format!("{s:?}: {e}")));
    let days = rows
        .iter()
        .filter(|r| r.office_id == office_id)
        .map(|r| {
            Ok(DayHours {
                weekday: u8::try_from(r.weekday).map_err(|e| bad(e.to_string()))?,
                opens: time(&r.opens)?,
                closes: time(&r.closes)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    OpeningHours::new(days).map_err(|e| bad(e.to_string()))
}

fn assemble(
    o: OfficeRow,
    areas: &[AreaRow],
    hours: &[HoursRow],
    now: NaiveDateTime,
    holidays: &[NaiveDate],
) -> Result<Office, sqlx::Error> {
    let mut districts: Vec<District> = Vec::new();
    for area in areas.iter().filter(|a| a.office_id == o.id) {
        match districts.last_mut() {
            Some(d) if d.name == area.district => d.villages.push(area.village.clone()),
            _ => districts.push(District { name: area.district.clone(), villages: vec![area.village.clone()] }),
        }
    }
    let hours = week(o.id, hours)?;
    Ok(Office {
        code: o.code,
        name: o.name,
        is_head_office: o.is_head_office != 0,
        address: o.address,
        phone: o.phone,
        status: hours.status(now, holidays),
        hours,
        hours_note: o.opening_hours,
        hours_note_en: o.opening_hours_en,
        districts,
    })
}

pub async fn office_id<'e, E>(db: E, code: &str) -> Result<Option<i64>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query_scalar("SELECT id FROM unit_offices WHERE code = $1").bind(code).fetch_optional(db).await
}

/// (id, code, name) of an office.
pub async fn office_by_code(db: &AnyPool, code: &str) -> Result<Option<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, code, name FROM unit_offices WHERE code = $1").bind(code).fetch_optional(db).await
}

pub async fn service_area(db: &AnyPool, office_id: i64) -> Result<Vec<crate::domain::notice::Area>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT district, village FROM service_areas WHERE office_id = $1 ORDER BY district, village")
            .bind(office_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(district, village)| crate::domain::notice::Area { district, village }).collect())
}

/// (code, id) of every office.
pub async fn ids_by_code(db: &AnyPool) -> Result<Vec<(String, i64)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct CodeId {
        code: String,
        id: i64,
    }
    let rows: Vec<CodeId> = sqlx::query_as("SELECT code, id FROM unit_offices").fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.code, r.id)).collect())
}
