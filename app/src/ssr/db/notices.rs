//! Notices, their updates and areas; announcements.

use crate::domain::notice::{effective_status, Area, NoticeDraft, NoticeStatus};
use crate::model::live::LiveChange;
use crate::model::notices::{AnnouncementView, NoticeUpdateView, NoticeView};
use crate::ssr::clock;
use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use sqlx::{AnyConnection, AnyPool};

/// A WIB wall-clock time as stored (UTC).
pub fn stored(t: NaiveDateTime) -> String {
    let utc: DateTime<Utc> =
        clock::wib().from_local_datetime(&t).single().map(|t| t.with_timezone(&Utc)).unwrap_or_else(|| t.and_utc());
    stamp(utc)
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    kind: String,
    office_id: Option<i64>,
    severity: String,
    title: String,
    body: String,
    status: String,
    starts_at: Stamp,
    ends_at: Option<Stamp>,
    repair_eta: Option<Stamp>,
    flow_eta: Option<Stamp>,
    mitigation: String,
    updated_at: Stamp,
    channel: Option<String>,
    office_code: Option<String>,
    office_name: Option<String>,
}

const NOTICE_SELECT: &str = "SELECT n.id, n.kind, n.office_id, n.severity, n.title, n.body, n.status, n.starts_at, n.ends_at, n.repair_eta, n.flow_eta,
            n.mitigation, n.updated_at, n.channel, o.code AS office_code, o.name AS office_name
     FROM notices n LEFT JOIN unit_offices o ON o.id = n.office_id";

#[derive(sqlx::FromRow)]
struct AreaRow {
    district: String,
    village: String,
}

#[derive(sqlx::FromRow)]
struct UpdateRow {
    at: Stamp,
    status: String,
    message: String,
}

async fn assemble(db: &AnyPool, rows: Vec<NoticeRow>, now: NaiveDateTime) -> Result<Vec<NoticeView>, sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let mut out = Vec::with_capacity(rows.len());
    for n in rows {
        let areas: Vec<AreaRow> = sqlx::query_as(
            "SELECT district, village FROM notice_areas WHERE notice_id = $1 ORDER BY district, village",
        )
        .bind(n.id)
        .fetch_all(db)
        .await?;
        let updates: Vec<UpdateRow> =
            sqlx::query_as("SELECT at, status, message FROM notice_updates WHERE notice_id = $1 ORDER BY id DESC")
                .bind(n.id)
                .fetch_all(db)
                .await?;
        let starts_at = n.starts_at.wib();
        let ends_at = n.ends_at.map(Stamp::wib);
        let stored_status: NoticeStatus = n.status.parse().map_err(decode)?;
        out.push(NoticeView {
            id: n.id,
            kind: n.kind.parse().map_err(decode)?,
            severity: n.severity.parse().map_err(decode)?,
            title: n.title,
            body: n.body,
            status: effective_status(stored_status, starts_at, ends_at, now),
            office: n.office_code.zip(n.office_name),
            areas: areas.into_iter().map(|a| Area { district: a.district, village: a.village }).collect(),
            starts_at,
            ends_at,
            repair_eta: n.repair_eta.map(Stamp::wib),
            flow_eta: n.flow_eta.map(Stamp::wib),
            mitigation: n.mitigation,
            updated_at: n.updated_at.wib(),
            channel: n.channel,
            updates: updates
                .into_iter()
                .map(|u| {
                    Ok(NoticeUpdateView {
                        at: u.at.wib(),
                        status: u.status.parse().map_err(decode)?,
                        message: u.message,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?,
        });
    }
    Ok(out)
}

fn rank(n: &NoticeView) -> (std::cmp::Reverse<crate::domain::notice::Severity>, std::cmp::Reverse<NaiveDateTime>) {
    (std::cmp::Reverse(n.severity), std::cmp::Reverse(n.updated_at))
}

/// An open notice with what showing it at any moment takes: the office it belongs to (None:
/// every office) and the status staff stored (planned work follows its window from that).
#[derive(Clone, Debug)]
pub struct OpenNotice {
    office_id: Option<i64>,
    stored: NoticeStatus,
    view: NoticeView,
}

/// Every notice staff have not closed.
pub async fn open_notices(db: &AnyPool) -> Result<Vec<OpenNotice>, sqlx::Error> {
    let rows: Vec<NoticeRow> =
        sqlx::query_as(&format!("{NOTICE_SELECT} WHERE n.closed_at IS NULL")).fetch_all(db).await?;
    let kept = rows
        .iter()
        .map(|r| {
            Ok((r.office_id, r.status.parse::<NoticeStatus>().map_err(|e: String| sqlx::Error::Decode(e.into()))?))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let views = assemble(db, rows, clock::now_wib().naive_local()).await?;
    Ok(kept.into_iter().zip(views).map(|((office_id, stored), view)| OpenNotice { office_id, stored, view }).collect())
}

/// What customers read at `now` (WIB): for one office (with those for every office) or all,
/// planned work only while its window has not ended, most severe first.
pub fn in_force(open: &[OpenNotice], office_id: Option<i64>, now: NaiveDateTime) -> Vec<NoticeView> {
    let mut list: Vec<NoticeView> = open
        .iter()
        .filter(|n| office_id.is_none() || n.office_id.is_none() || n.office_id == office_id)
        .map(|n| NoticeView {
            status: effective_status(n.stored, n.view.starts_at, n.view.ends_at, now),
            ..n.view.clone()
        })
        .filter(|n| !n.status.is_closed())
        .collect();
    list.sort_by_key(rank);
    list
}

/// Open notices for one office (with those for every office) or all, read now.
pub async fn active(db: &AnyPool, office_id: Option<i64>) -> Result<Vec<NoticeView>, sqlx::Error> {
    Ok(in_force(&open_notices(db).await?, office_id, clock::now_wib().naive_local()))
}

pub async fn history(db: &AnyPool, days: i64) -> Result<Vec<NoticeView>, sqlx::Error> {
    let since = stamp(Utc::now() - chrono::Duration::days(days));
    let rows: Vec<NoticeRow> = sqlx::query_as(&format!(
        "{NOTICE_SELECT} WHERE n.closed_at IS NULL OR n.updated_at > $1 ORDER BY n.updated_at DESC LIMIT 200"
    ))
    .bind(since)
    .fetch_all(db)
    .await?;
    let mut list = assemble(db, rows, clock::now_wib().naive_local()).await?;
    list.sort_by_key(|n| (n.status.is_closed(), std::cmp::Reverse(n.updated_at)));
    Ok(list)
}

pub async fn get(db: &AnyPool, id: i64) -> Result<Option<(NoticeView, Option<i64>)>, sqlx::Error> {
    let rows: Vec<NoticeRow> =
        sqlx::query_as(&format!("{NOTICE_SELECT} WHERE n.id = $1")).bind(id).fetch_all(db).await?;
    let office_id = rows.first().and_then(|r| r.office_id);
    let stored: Option<String> = rows.first().map(|r| r.status.clone());
    let mut list = assemble(db, rows, clock::now_wib().naive_local()).await?;
    // Staff move the stored status; the window only changes what customers read.
    if let (Some(n), Some(s)) = (list.first_mut(), stored) {
        n.status = s.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?;
    }
    Ok(list.pop().map(|n| (n, office_id)))
}

/// Stores a validated notice with its first update and its live event, on the caller's
/// transaction (which also records who did it).
pub async fn insert(
    tx: &mut AnyConnection,
    staff_id: Option<i64>,
    office_id: Option<i64>,
    draft: &NoticeDraft,
    channel: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let now = stamp(Utc::now());
    let status = draft.kind.first_status();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notices (kind, office_id, severity, title, body, status, starts_at, ends_at, repair_eta, flow_eta, mitigation, channel, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(draft.kind.as_str())
    .bind(office_id)
    .bind(draft.severity.as_str())
    .bind(&draft.title)
    .bind(&draft.body)
    .bind(status.as_str())
    .bind(stored(draft.starts_at))
    .bind(draft.ends_at.map(stored))
    .bind(draft.repair_eta.map(stored))
    .bind(draft.flow_eta.map(stored))
    .bind(&draft.mitigation)
    .bind(channel)
    .bind(staff_id)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    for area in &draft.areas {
        sqlx::query("INSERT INTO notice_areas (notice_id, district, village) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(&area.district)
            .bind(&area.village)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO notice_updates (notice_id, at, status, message, staff_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(&now)
        .bind(status.as_str())
        .bind("")
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    crate::ssr::live::publish(tx, office_id, &LiveChange::Notice { id }).await?;
    Ok(id)
}

pub struct StatusChange {
    pub to: NoticeStatus,
    pub message: String,
    pub repair_eta: Option<NaiveDateTime>,
    pub flow_eta: Option<NaiveDateTime>,
}

/// Records a status update (and new estimates); a closing status closes the notice. On the
/// caller's transaction.
pub async fn change_status(
    tx: &mut AnyConnection,
    id: i64,
    office_id: Option<i64>,
    staff_id: Option<i64>,
    change: &StatusChange,
) -> Result<(), sqlx::Error> {
    let now = stamp(Utc::now());
    sqlx::query(
        "UPDATE notices SET status = $1, updated_at = $2,
                repair_eta = COALESCE($3, repair_eta), flow_eta = COALESCE($4, flow_eta),
                closed_at = CASE WHEN $5 = 1 THEN $2 ELSE closed_at END
         WHERE id = $6",
    )
    .bind(change.to.as_str())
    .bind(&now)
    .bind(change.repair_eta.map(stored))
    .bind(change.flow_eta.map(stored))
    .bind(i64::from(change.to.is_closed()))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO notice_updates (notice_id, at, status, message, staff_id) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(&now)
        .bind(change.to.as_str())
        .bind(&change.message)
        .bind(staff_id)
        .execute(&mut *tx)
        .await?;
    crate::ssr::live::publish(tx, office_id, &LiveChange::Notice { id }).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct AnnouncementRow {
    id: i64,
    office_id: Option<i64>,
    office_code: Option<String>,
    office_name: Option<String>,
    title: String,
    body: String,
    starts_at: Stamp,
    ends_at: Stamp,
    pinned: i64,
}

/// An announcement not withdrawn and not yet over, with its office (None: every office).
#[derive(Clone, Debug)]
pub struct ScheduledAnnouncement {
    office_id: Option<i64>,
    view: AnnouncementView,
}

/// Announcements shown now or later, pinned first, newest first.
pub async fn scheduled_announcements(db: &AnyPool) -> Result<Vec<ScheduledAnnouncement>, sqlx::Error> {
    let rows: Vec<AnnouncementRow> = sqlx::query_as(
        "SELECT a.id, a.office_id, o.code AS office_code, o.name AS office_name, a.title, a.body, a.starts_at, a.ends_at, a.pinned
         FROM announcements a LEFT JOIN unit_offices o ON o.id = a.office_id
         WHERE a.withdrawn_at IS NULL AND a.ends_at > $1 ORDER BY a.pinned DESC, a.starts_at DESC",
    )
    .bind(stamp(Utc::now()))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|a| ScheduledAnnouncement {
            office_id: a.office_id,
            view: AnnouncementView {
                id: a.id,
                office: a.office_code.zip(a.office_name),
                title: a.title,
                body: a.body,
                starts_at: a.starts_at.wib(),
                ends_at: a.ends_at.wib(),
                pinned: a.pinned != 0,
            },
        })
        .collect())
}

/// Those shown at `now` (WIB) for one office (with those for every office) or all.
pub fn announcements_in_force(
    scheduled: &[ScheduledAnnouncement],
    office_id: Option<i64>,
    now: NaiveDateTime,
) -> Vec<AnnouncementView> {
    scheduled
        .iter()
        .filter(|a| office_id.is_none() || a.office_id.is_none() || a.office_id == office_id)
        .filter(|a| a.view.starts_at <= now && now < a.view.ends_at)
        .map(|a| a.view.clone())
        .collect()
}

pub async fn active_announcements(db: &AnyPool, office_id: Option<i64>) -> Result<Vec<AnnouncementView>, sqlx::Error> {
    Ok(announcements_in_force(&scheduled_announcements(db).await?, office_id, clock::now_wib().naive_local()))
}

pub struct NewAnnouncement {
    pub office_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub pinned: bool,
}

/// On the caller's transaction.
pub async fn insert_announcement(
    tx: &mut AnyConnection,
    staff_id: i64,
    a: &NewAnnouncement,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO announcements (office_id, title, body, starts_at, ends_at, pinned, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(a.office_id)
    .bind(&a.title)
    .bind(&a.body)
    .bind(stored(a.starts_at))
    .bind(stored(a.ends_at))
    .bind(i64::from(a.pinned))
    .bind(staff_id)
    .bind(stamp(Utc::now()))
    .fetch_one(&mut *tx)
    .await?;
    crate::ssr::live::publish(tx, a.office_id, &LiveChange::Announcement { announcement: id }).await?;
    Ok(id)
}

/// (office_id) of an announcement still shown.
pub async fn announcement_office(db: &AnyPool, id: i64) -> Result<Option<Option<i64>>, sqlx::Error> {
    sqlx::query_scalar("SELECT office_id FROM announcements WHERE id = $1 AND withdrawn_at IS NULL")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// On the caller's transaction.
pub async fn withdraw_announcement(tx: &mut AnyConnection, id: i64, office_id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE announcements SET withdrawn_at = $1 WHERE id = $2")
        .bind(stamp(Utc::now()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    crate::ssr::live::publish(tx, office_id, &LiveChange::Announcement { announcement: id }).await?;
    Ok(())
}
