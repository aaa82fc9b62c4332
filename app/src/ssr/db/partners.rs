use crate::model::payments::Bank;
use sqlx::AnyPool;

/// Banks whose virtual accounts customers can pay into, in display order.
pub async fn active_banks(db: &AnyPool) -> Result<Vec<Bank>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct BankRow {
        id: String,
        channel: String,
        name: String,
        biller_code: String,
    }
    let rows: Vec<BankRow> =
        sqlx::query_as("SELECT id, channel, name, biller_code FROM partners WHERE active = 1 AND channel LIKE 'va_%' ORDER BY sort_order, name")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|r| Bank { id: r.id, channel: r.channel, name: r.name, biller_code: r.biller_code })
        .collect())
}

/// A bank's id and the biller code its virtual account numbers start with.
#[derive(sqlx::FromRow)]
pub struct BankCode {
    pub id: String,
    pub biller_code: String,
}

pub async fn bank_codes(db: &AnyPool) -> Result<Vec<BankCode>, sqlx::Error> {
    sqlx::query_as("SELECT id, biller_code FROM partners WHERE active = 1 AND channel LIKE 'va_%'").fetch_all(db).await
}

/// `partners.credentials_by` for credentials the demo bank simulator enrolled.
pub const SIMULATOR: &str = "simulator";

/// A bank's credentials and, if the simulator enrolled them, its private key.
#[derive(sqlx::FromRow)]
pub struct Enrolment {
    pub private_key_pem: Option<String>,
    pub client_secret: Option<String>,
    pub public_key_pem: Option<String>,
    pub credentials_by: Option<String>,
}

pub async fn enrolment(db: &AnyPool, partner_id: &str) -> Result<Option<Enrolment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.private_key_pem, p.client_secret, p.public_key_pem, p.credentials_by FROM partners p
         LEFT JOIN demo_partner_keys k ON k.partner_id = p.id WHERE p.id = $1",
    )
    .bind(partner_id)
    .fetch_optional(db)
    .await
}

/// Registers the simulator's credentials for a bank, in one transaction. Only a partner without
/// credentials, or with the simulator's own, takes them (checked again in the write): false when
/// the partner got credentials of its own meanwhile.
pub async fn enrol_simulator(
    db: &AnyPool,
    partner_id: &str,
    private_key_pem: &str,
    client_secret: &str,
    public_key_pem: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = super::begin_write(db).await?;
    sqlx::query(
        "INSERT INTO demo_partner_keys (partner_id, private_key_pem) VALUES ($1, $2)
         ON CONFLICT (partner_id) DO UPDATE SET private_key_pem = excluded.private_key_pem",
    )
    .bind(partner_id)
    .bind(private_key_pem)
    .execute(&mut *tx)
    .await?;
    let enrolled = sqlx::query(
        "UPDATE partners SET client_secret = $1, public_key_pem = $2, credentials_by = $3
         WHERE id = $4 AND ((client_secret IS NULL AND public_key_pem IS NULL) OR credentials_by = $3)",
    )
    .bind(client_secret)
    .bind(public_key_pem)
    .bind(SIMULATOR)
    .bind(partner_id)
    .execute(&mut *tx)
    .await?;
    if enrolled.rows_affected() != 1 {
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// What the simulator left in a database: (demo private keys, partners with its credentials).
pub async fn simulator_leftovers(db: &AnyPool) -> Result<(i64, Vec<String>), sqlx::Error> {
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM demo_partner_keys").fetch_one(db).await?;
    let partners: Vec<String> = sqlx::query_scalar("SELECT id FROM partners WHERE credentials_by = $1 ORDER BY id")
        .bind(SIMULATOR)
        .fetch_all(db)
        .await?;
    Ok((keys, partners))
}

/// Removes the simulator's keys and the credentials it enrolled, on the caller's transaction;
/// how many partners were cleared. Tokens issued on those credentials stop working with them.
pub async fn forget_simulator(conn: &mut sqlx::AnyConnection) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM demo_partner_keys").execute(&mut *conn).await?;
    let cleared = sqlx::query("UPDATE partners SET client_secret = NULL, public_key_pem = NULL, credentials_by = NULL WHERE credentials_by = $1")
        .bind(SIMULATOR)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    sqlx::query(
        "DELETE FROM access_tokens WHERE partner_id NOT IN (SELECT id FROM partners WHERE client_secret IS NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(cleared)
}

/// A bank as administrators see it. Secrets never leave the database this way: only whether
/// there is one, and when it was made.
#[derive(sqlx::FromRow)]
pub struct PartnerRow {
    pub id: String,
    pub name: String,
    pub biller_code: String,
    pub active: i64,
    pub public_key_pem: Option<String>,
    pub has_secret: i64,
    pub secret_issued_at: Option<crate::ssr::db::stamp::Stamp>,
    pub previous_secret_until: Option<crate::ssr::db::stamp::Stamp>,
    pub credentials_by: Option<String>,
}

const PARTNER_COLUMNS: &str = "id, name, biller_code, active, public_key_pem,
     CASE WHEN client_secret IS NULL THEN 0 ELSE 1 END AS has_secret,
     secret_issued_at, previous_secret_until, credentials_by";

/// Every bank, active or not, in display order.
pub async fn all(db: &AnyPool) -> Result<Vec<PartnerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {PARTNER_COLUMNS} FROM partners WHERE channel LIKE 'va_%' ORDER BY sort_order, name"
    ))
    .fetch_all(db)
    .await
}

pub async fn by_id(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Option<PartnerRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1 AND channel LIKE 'va_%'"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Whether an id, ledger channel or biller code is taken by any partner.
pub async fn taken(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    channel: &str,
    biller_code: &str,
) -> Result<(bool, bool), sqlx::Error> {
    let (ids, codes): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM partners WHERE id = $1 OR channel = $2),
                (SELECT COUNT(*) FROM partners WHERE biller_code = $3)",
    )
    .bind(id)
    .bind(channel)
    .bind(biller_code)
    .fetch_one(conn)
    .await?;
    Ok((ids > 0, codes > 0))
}

pub struct NewPartner<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub channel: &'a str,
    pub biller_code: &'a str,
    pub public_key_pem: &'a str,
    pub client_secret: &'a str,
    pub at: &'a str,
}

/// Adds a bank, listed after the others, with a secret waiting to be shown.
pub async fn insert(conn: &mut sqlx::AnyConnection, p: &NewPartner<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO partners (id, name, channel, biller_code, active, sort_order, client_secret, public_key_pem,
                               secret_shown, secret_issued_at)
         VALUES ($1, $2, $3, $4, 1, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM partners), $5, $6, 0, $7)",
    )
    .bind(p.id)
    .bind(p.name)
    .bind(p.channel)
    .bind(p.biller_code)
    .bind(p.client_secret)
    .bind(p.public_key_pem)
    .bind(p.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a bank's public key.
pub async fn set_key(conn: &mut sqlx::AnyConnection, id: &str, pem: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partners SET public_key_pem = $1 WHERE id = $2").bind(pem).bind(id).execute(conn).await?;
    Ok(())
}

/// A new secret for a bank. The one it replaces keeps working until `previous_until` (None:
/// stops at once). A secret never shown cannot be in the bank's hands: replacing it leaves the
/// secret before it, and its grace, as they were. A previous secret past its grace is dropped.
pub async fn rotate_secret(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    secret: &str,
    at: &str,
    previous_until: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE partners SET
            previous_client_secret = CASE WHEN secret_shown = 0 AND previous_secret_until > $3 THEN previous_client_secret
                                          WHEN secret_shown = 0 OR $1 IS NULL THEN NULL
                                          ELSE client_secret END,
            previous_secret_until = CASE WHEN secret_shown = 0 AND previous_secret_until > $3 THEN previous_secret_until
                                         WHEN secret_shown = 0 THEN NULL
                                         ELSE $1 END,
            client_secret = $2, secret_issued_at = $3, secret_shown = 0
         WHERE id = $4",
    )
    .bind(previous_until)
    .bind(secret)
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Drops what the demo simulator enrolled for one bank (its key pair and secret) before an
/// administrator gives the bank credentials of its own: the two never mix.
pub async fn forget_simulator_for(conn: &mut sqlx::AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM demo_partner_keys WHERE partner_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query(
        "UPDATE partners SET client_secret = NULL, public_key_pem = NULL, previous_client_secret = NULL,
                previous_secret_until = NULL, credentials_by = NULL
         WHERE id = $1 AND credentials_by = $2",
    )
    .bind(id)
    .bind(SIMULATOR)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM access_tokens WHERE partner_id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Turns a bank on or off. Off: its access tokens stop at once and customers no longer see it.
pub async fn set_active(conn: &mut sqlx::AnyConnection, id: &str, active: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE partners SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if !active {
        sqlx::query("DELETE FROM access_tokens WHERE partner_id = $1").bind(id).execute(conn).await?;
    }
    Ok(())
}

/// The secret made last, if it has not been shown yet; marked shown by the same statement, so
/// that two pages cannot both show it.
pub async fn take_unshown_secret(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Option<String>, sqlx::Error> {
    let secret: Option<Option<String>> = sqlx::query_scalar(
        "UPDATE partners SET secret_shown = 1 WHERE id = $1 AND secret_shown = 0 RETURNING client_secret",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(secret.flatten())
}
