//! Unit offices as administrators keep them: details, hours, villages, queue services and
//! counters. Writes run in the caller's transaction, with the audit entry that records them.

use crate::domain::notice::Area;
use crate::domain::office_hours::OpeningHours;
use crate::model::offices::{CounterSetting, OfficeForm, OfficeSummary, ServiceSetting};
use sqlx::{AnyConnection, AnyPool};

pub async fn summaries(db: &AnyPool) -> Result<Vec<OfficeSummary>, sqlx::Error> {
    sqlx::query_as::<_, (String, String, i64, i64, i64)>(
        "SELECT o.code, o.name,
                (SELECT COUNT(*) FROM service_areas a WHERE a.office_id = o.id),
                (SELECT COUNT(*) FROM queue_counters c WHERE c.office_id = o.id),
                (SELECT COUNT(*) FROM queue_services s WHERE s.office_id = o.id AND s.active = 1)
         FROM unit_offices o ORDER BY o.sort_order, o.code",
    )
    .fetch_all(db)
    .await
    .map(|rows| {
        rows.into_iter()
            .map(|(code, name, villages, counters, services)| OfficeSummary {
                code,
                name,
                villages,
                counters,
                services,
            })
            .collect()
    })
}

/// Adds an office with nothing but its code and name; None when the code is taken.
pub async fn add(conn: &mut AnyConnection, code: &str, name: &str) -> Result<Option<i64>, sqlx::Error> {
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM unit_offices WHERE code = $1")
        .bind(code)
        .fetch_one(&mut *conn)
        .await?;
    if taken > 0 {
        return Ok(None);
    }
    sqlx::query_scalar(
        "INSERT INTO unit_offices (code, name, address, phone, opening_hours, sort_order)
         VALUES ($1, $2, '', '', '', (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM unit_offices)) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .fetch_one(conn)
    .await
    .map(Some)
}

pub async fn set_details(conn: &mut AnyConnection, id: i64, form: &OfficeForm) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE unit_offices SET name = $1, address = $2, phone = $3, opening_hours = $4, opening_hours_en = $5
         WHERE id = $6",
    )
    .bind(&form.name)
    .bind(&form.address)
    .bind(&form.phone)
    .bind(&form.hours_note)
    .bind(&form.hours_note_en)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_hours(conn: &mut AnyConnection, id: i64, hours: &OpeningHours) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM office_hours WHERE office_id = $1").bind(id).execute(&mut *conn).await?;
    for day in &hours.days {
        sqlx::query("INSERT INTO office_hours (office_id, weekday, opens, closes) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i64::from(day.weekday))
            .bind(day.opens.format("%H:%M").to_string())
            .bind(day.closes.format("%H:%M").to_string())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_areas(conn: &mut AnyConnection, id: i64, areas: &[Area]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM service_areas WHERE office_id = $1").bind(id).execute(&mut *conn).await?;
    for a in areas {
        sqlx::query("INSERT INTO service_areas (office_id, district, village) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&a.district)
            .bind(&a.village)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn services(db: &AnyPool, office_id: i64) -> Result<Vec<ServiceSetting>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, prefix, name_id, name_en, active FROM queue_services WHERE office_id = $1 ORDER BY sort_order, prefix",
    )
    .bind(office_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, prefix, name_id, name_en, active)| ServiceSetting {
            id,
            prefix,
            name_id,
            name_en,
            active: active != 0,
        })
        .collect())
}

pub async fn counters(db: &AnyPool, office_id: i64) -> Result<Vec<CounterSetting>, sqlx::Error> {
    let counters: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT id, number, is_open FROM queue_counters WHERE office_id = $1 ORDER BY number")
            .bind(office_id)
            .fetch_all(db)
            .await?;
    let serves: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT cs.counter_id, cs.service_id FROM queue_counter_services cs
         JOIN queue_counters c ON c.id = cs.counter_id WHERE c.office_id = $1",
    )
    .bind(office_id)
    .fetch_all(db)
    .await?;
    Ok(counters
        .into_iter()
        .map(|(id, number, open)| CounterSetting {
            number,
            services: serves.iter().filter(|(c, _)| *c == id).map(|(_, s)| *s).collect(),
            open: open != 0,
        })
        .collect())
}

/// The office's service with this ticket prefix, other than `except`.
pub async fn prefix_holder(
    conn: &mut AnyConnection,
    office_id: i64,
    prefix: &str,
    except: Option<i64>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM queue_services WHERE office_id = $1 AND prefix = $2 AND id <> $3")
        .bind(office_id)
        .bind(prefix)
        .bind(except.unwrap_or(0))
        .fetch_optional(conn)
        .await
}

pub struct ServiceRow<'a> {
    pub prefix: &'a str,
    pub name_id: &'a str,
    pub name_en: &'a str,
    pub active: bool,
}

pub async fn add_service(conn: &mut AnyConnection, office_id: i64, s: &ServiceRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO queue_services (office_id, prefix, name_id, name_en, active, sort_order)
         VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM queue_services WHERE office_id = $1))
         RETURNING id",
    )
    .bind(office_id)
    .bind(s.prefix)
    .bind(s.name_id)
    .bind(s.name_en)
    .bind(i64::from(s.active))
    .fetch_one(conn)
    .await
}

/// Changes one of the office's services; false when it has none with this id.
pub async fn set_service(
    conn: &mut AnyConnection,
    office_id: i64,
    id: i64,
    s: &ServiceRow<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE queue_services SET prefix = $1, name_id = $2, name_en = $3, active = $4 WHERE id = $5 AND office_id = $6",
    )
    .bind(s.prefix)
    .bind(s.name_id)
    .bind(s.name_en)
    .bind(i64::from(s.active))
    .bind(id)
    .bind(office_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Adds the office's next counter, calling every active service. Returns its number.
pub async fn add_counter(conn: &mut AnyConnection, office_id: i64) -> Result<i64, sqlx::Error> {
    let (id, number): (i64, i64) = sqlx::query_as(
        "INSERT INTO queue_counters (office_id, number)
         VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM queue_counters WHERE office_id = $1))
         RETURNING id, number",
    )
    .bind(office_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO queue_counter_services (counter_id, service_id)
         SELECT $1, id FROM queue_services WHERE office_id = $2 AND active = 1",
    )
    .bind(id)
    .bind(office_id)
    .execute(conn)
    .await?;
    Ok(number)
}

/// Sets the services counter `number` calls, keeping only the office's own. False when the
/// office has no such counter.
pub async fn set_counter_services(
    conn: &mut AnyConnection,
    office_id: i64,
    number: i64,
    services: &[i64],
) -> Result<bool, sqlx::Error> {
    let Some(counter): Option<i64> =
        sqlx::query_scalar("SELECT id FROM queue_counters WHERE office_id = $1 AND number = $2")
            .bind(office_id)
            .bind(number)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(false);
    };
    sqlx::query("DELETE FROM queue_counter_services WHERE counter_id = $1").bind(counter).execute(&mut *conn).await?;
    for service in services {
        sqlx::query(
            "INSERT INTO queue_counter_services (counter_id, service_id)
             SELECT $1, id FROM queue_services WHERE id = $2 AND office_id = $3",
        )
        .bind(counter)
        .bind(service)
        .bind(office_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}
