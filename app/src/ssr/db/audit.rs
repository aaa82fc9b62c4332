//! The audit log: every staff action, append-only, readable by administrators.

use crate::domain::audit::AuditAction;
use crate::domain::staff::StaffMember;
use crate::ssr::db::stamp::stamp;
use chrono::Utc;
use sqlx::AnyPool;
use std::net::IpAddr;

/// Writes one entry. `actor` is None when nobody is signed in (a failed sign-in).
pub async fn record<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    db: E,
    actor: Option<&StaffMember>,
    username: &str,
    action: AuditAction,
    subject: &str,
    detail: &str,
    ip: Option<IpAddr>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (at, staff_id, username, office_id, action, subject, detail, client_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(stamp(Utc::now()))
        .bind(actor.map(|a| a.id))
        .bind(username)
        .bind(actor.and_then(|a| a.office_id()))
        .bind(action.as_str())
        .bind(subject)
        .bind(detail)
        .bind(ip.map(|i| i.to_string()))
        .execute(db)
        .await?;
    Ok(())
}

/// A staff action to record in the transaction that carries it out: the change and its entry
/// land together or not at all.
pub struct Action<'a> {
    pub actor: &'a StaffMember,
    pub action: AuditAction,
    pub subject: String,
    pub detail: String,
    pub ip: Option<IpAddr>,
}

impl Action<'_> {
    pub async fn record(&self, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        record(conn, Some(self.actor), &self.actor.username, self.action, &self.subject, &self.detail, self.ip).await
    }
}

/// Who acts where no session is at hand to name them: a staff member, or the command line.
pub struct By<'a> {
    pub actor: Option<&'a StaffMember>,
    /// The staff member's username, or what acted (`server staff add`).
    pub name: &'a str,
    pub ip: Option<IpAddr>,
}

impl By<'_> {
    pub async fn record(
        &self,
        conn: &mut sqlx::AnyConnection,
        action: AuditAction,
        subject: &str,
        detail: &str,
    ) -> Result<(), sqlx::Error> {
        record(conn, self.actor, self.name, action, subject, detail, self.ip).await
    }
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: crate::ssr::db::stamp::Stamp,
    pub username: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub client_ip: Option<String>,
}

/// Newest first, `limit` entries before `before` (an id), for paging.
pub async fn recent(db: &AnyPool, before: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as("SELECT id, at, username, action, subject, detail, client_ip FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2")
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(db)
        .await
}

/// What was done about one subject (a customer number), newest first.
pub async fn of_subject(db: &AnyPool, subject: &str, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as("SELECT id, at, username, action, subject, detail, client_ip FROM audit_log WHERE subject = $1 ORDER BY id DESC LIMIT $2")
        .bind(subject)
        .bind(limit)
        .fetch_all(db)
        .await
}

impl From<AuditEntry> for crate::model::staff::AuditLine {
    fn from(r: AuditEntry) -> Self {
        crate::model::staff::AuditLine {
            id: r.id,
            at: r.at.wib(),
            username: r.username,
            kind: r.action.parse().ok(),
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            client_ip: r.client_ip,
        }
    }
}
