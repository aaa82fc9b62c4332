//! What the banks' SNAP BI API keeps: access tokens, the external ids a day has seen, and each
//! payment request with the answer it got (so a retry gets the same answer).

use crate::domain::Channel;
use crate::ssr::db::stamp::{stamp, Stamp};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyPool;

/// A bank registered to call the API.
#[derive(sqlx::FromRow)]
pub struct Partner {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub biller_code: String,
    pub client_secret: Option<String>,
    pub public_key_pem: Option<String>,
    /// The secret a rotation replaced, and until when it still signs.
    pub previous_client_secret: Option<String>,
    pub previous_secret_until: Option<Stamp>,
}

impl Partner {
    /// The secrets a transaction may be signed with at `now`: the current one, and the one
    /// it replaced while its grace period lasts.
    pub fn secrets(&self, now: DateTime<Utc>) -> impl Iterator<Item = &str> {
        let previous = match (&self.previous_client_secret, &self.previous_secret_until) {
            (Some(secret), Some(until)) if now < until.0 => Some(secret.as_str()),
            _ => None,
        };
        self.client_secret.as_deref().into_iter().chain(previous)
    }
}

pub async fn active_partner(db: &AnyPool, id: &str) -> Result<Option<Partner>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, channel, biller_code, client_secret, public_key_pem, previous_client_secret, previous_secret_until
         FROM partners WHERE id = $1 AND active = 1",
    )
    .bind(id)
    .fetch_optional(db)
    .await
}

pub async fn issue_token(
    db: &AnyPool,
    token: &str,
    partner_id: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO access_tokens (token, partner_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token)
        .bind(partner_id)
        .bind(stamp(expires_at))
        .execute(db)
        .await?;
    Ok(())
}

/// Whose an access token is, until when.
#[derive(sqlx::FromRow)]
pub struct TokenOwner {
    pub partner_id: String,
    pub expires_at: Stamp,
}

pub async fn token_owner(db: &AnyPool, token: &str) -> Result<Option<TokenOwner>, sqlx::Error> {
    sqlx::query_as("SELECT partner_id, expires_at FROM access_tokens WHERE token = $1")
        .bind(token)
        .fetch_optional(db)
        .await
}

/// Records a request's X-EXTERNAL-ID for its day; false when the partner used it already.
pub async fn first_use_of_external_id(
    db: &AnyPool,
    partner_id: &str,
    day: NaiveDate,
    external_id: &str,
) -> Result<bool, sqlx::Error> {
    let recorded = sqlx::query(
        "INSERT INTO partner_external_ids (partner_id, day, external_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(partner_id)
    .bind(day.to_string())
    .bind(external_id)
    .execute(db)
    .await?;
    Ok(recorded.rows_affected() == 1)
}

/// A payment request as first claimed, with the answer kept for it (status 0 and an empty
/// response while none is).
#[derive(sqlx::FromRow)]
pub struct PaymentRequest {
    pub request_hash: String,
    pub virtual_account_no: String,
    pub amount: i64,
    pub status: i64,
    pub response: String,
}

/// Claims a paymentRequestId (the unique key decides between concurrent requests); false when
/// it was claimed before.
pub async fn claim_payment_request(
    db: &AnyPool,
    partner_id: &str,
    payment_request_id: &str,
    request_hash: &str,
    virtual_account_no: &str,
    amount: i64,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO va_payment_requests (partner_id, payment_request_id, request_hash, status, response, virtual_account_no, amount, created_at)
         VALUES ($1, $2, $3, 0, '', $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(partner_id)
    .bind(payment_request_id)
    .bind(request_hash)
    .bind(virtual_account_no)
    .bind(amount)
    .bind(stamp(Utc::now()))
    .execute(db)
    .await?;
    Ok(claimed.rows_affected() == 1)
}

pub async fn payment_request(
    db: &AnyPool,
    partner_id: &str,
    payment_request_id: &str,
) -> Result<PaymentRequest, sqlx::Error> {
    sqlx::query_as(
        "SELECT request_hash, virtual_account_no, amount, status, response FROM va_payment_requests WHERE partner_id = $1 AND payment_request_id = $2",
    )
    .bind(partner_id)
    .bind(payment_request_id)
    .fetch_one(db)
    .await
}

pub async fn keep_answer(
    db: &AnyPool,
    partner_id: &str,
    payment_request_id: &str,
    status: u16,
    response: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE va_payment_requests SET status = $1, response = $2 WHERE partner_id = $3 AND payment_request_id = $4",
    )
    .bind(i64::from(status))
    .bind(response)
    .bind(partner_id)
    .bind(payment_request_id)
    .execute(db)
    .await?;
    Ok(())
}
