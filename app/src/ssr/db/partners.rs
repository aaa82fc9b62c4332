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
