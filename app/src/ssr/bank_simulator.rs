//! Demo mode only: plays a bank's system against the portal's own SNAP BI endpoints, with
//! credentials it enrols for itself the first time, so a newcomer can pay a virtual account
//! end to end. Everything goes over HTTP through the same checks a real bank's requests meet.

use crate::domain::signature::{snap_hmac, snap_string_to_sign};
use crate::ssr::db::ledger::random_hex;
use crate::ssr::{clock, AppState};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{json, Value};

/// The bank a virtual account number belongs to, and the customer number after its code.
pub async fn bank_for(state: &AppState, virtual_account: &str) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let banks: Vec<(String, String)> =
        sqlx::query_as("SELECT id, biller_code FROM partners WHERE active = 1 AND channel LIKE 'va_%'").fetch_all(&state.db).await?;
    let digits: String = virtual_account.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(banks.into_iter().find_map(|(id, code)| digits.strip_prefix(code.trim()).map(|customer| (id, code, customer.to_string()))))
}

/// A bank's credentials and, if the simulator enrolled them, its private key.
#[derive(sqlx::FromRow)]
struct Enrolment {
    private_key_pem: Option<String>,
    client_secret: Option<String>,
    public_key_pem: Option<String>,
    credentials_by: Option<String>,
}

/// The simulator's credentials for a bank, made and registered on first use. A bank whose
/// credentials were registered by anyone else (a real bank's) is never played, and its
/// credentials are never overwritten.
async fn credentials(state: &AppState, partner_id: &str) -> Result<(rsa::RsaPrivateKey, String), String> {
    let existing: Option<Enrolment> = sqlx::query_as(
        "SELECT k.private_key_pem, p.client_secret, p.public_key_pem, p.credentials_by FROM partners p
         LEFT JOIN demo_partner_keys k ON k.partner_id = p.id WHERE p.id = $1",
    )
    .bind(partner_id)
    .fetch_optional(&state.db)
    .await
    .map_err(|e| e.to_string())?;
    let Some(Enrolment { private_key_pem: private_pem, client_secret: secret, public_key_pem: public_pem, credentials_by: by }) = existing else {
        return Err(format!("no partner {partner_id}"));
    };
    let enrolled_by_simulator = by.as_deref() == Some(SIMULATOR);
    if (secret.is_some() || public_pem.is_some()) && !enrolled_by_simulator {
        return Err(format!("partner {partner_id} has credentials of its own: the simulator does not play it"));
    }
    if let (Some(pem), Some(secret), true) = (private_pem, secret, enrolled_by_simulator) {
        return Ok((rsa::RsaPrivateKey::from_pkcs8_pem(&pem).map_err(|e| e.to_string())?, secret));
    }
    let key = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
    let private_pem = key.to_pkcs8_pem(LineEnding::LF).map_err(|e| e.to_string())?.to_string();
    let public_pem = key.to_public_key().to_public_key_pem(LineEnding::LF).map_err(|e| e.to_string())?;
    let secret = random_hex(24);
    let mut tx = state.db.begin().await.map_err(|e| e.to_string())?;
    sqlx::query("INSERT INTO demo_partner_keys (partner_id, private_key_pem) VALUES ($1, $2) ON CONFLICT (partner_id) DO UPDATE SET private_key_pem = excluded.private_key_pem")
        .bind(partner_id)
        .bind(&private_pem)
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
    // Only a partner without credentials, or with the simulator's own: checked again in the write.
    let enrolled = sqlx::query(
        "UPDATE partners SET client_secret = $1, public_key_pem = $2, credentials_by = $3
         WHERE id = $4 AND ((client_secret IS NULL AND public_key_pem IS NULL) OR credentials_by = $3)",
    )
    .bind(&secret)
    .bind(&public_pem)
    .bind(SIMULATOR)
    .bind(partner_id)
    .execute(&mut *tx)
    .await
    .map_err(|e| e.to_string())?;
    if enrolled.rows_affected() != 1 {
        return Err(format!("partner {partner_id} got credentials of its own meanwhile: the simulator does not play it"));
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok((key, secret))
}

/// `partners.credentials_by` for credentials this simulator enrolled.
pub const SIMULATOR: &str = "simulator";

/// What the simulator left in a database: (demo private keys, partners with its credentials).
pub async fn leftovers(db: &sqlx::AnyPool) -> Result<(i64, Vec<String>), sqlx::Error> {
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM demo_partner_keys").fetch_one(db).await?;
    let partners: Vec<String> = sqlx::query_scalar("SELECT id FROM partners WHERE credentials_by = $1 ORDER BY id").bind(SIMULATOR).fetch_all(db).await?;
    Ok((keys, partners))
}

/// Removes the simulator's keys and the credentials it enrolled (those partners then need
/// their real credentials registered). Returns how many partners were cleared.
pub async fn forget(db: &sqlx::AnyPool) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM demo_partner_keys").execute(&mut *tx).await?;
    let cleared = sqlx::query("UPDATE partners SET client_secret = NULL, public_key_pem = NULL, credentials_by = NULL WHERE credentials_by = $1")
        .bind(SIMULATOR)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // Tokens issued on those credentials stop working with them.
    sqlx::query("DELETE FROM access_tokens WHERE partner_id NOT IN (SELECT id FROM partners WHERE client_secret IS NOT NULL)").execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(cleared)
}

fn timestamp() -> String {
    clock::snap_timestamp(chrono::Utc::now())
}

/// Inquires and pays a virtual account as its bank would. Returns the last SNAP responseCode.
pub async fn pay_virtual_account(state: &AppState, virtual_account: &str) -> Result<String, String> {
    let Some((partner_id, biller_code, customer_no)) = bank_for(state, virtual_account).await.map_err(|e| e.to_string())? else {
        return Ok("unknown_bank".into());
    };
    let (key, secret) = credentials(state, &partner_id).await?;
    let base = state.own_url();
    let client = reqwest::Client::new();

    let ts = timestamp();
    let signature = BASE64.encode(rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key).sign(format!("{partner_id}|{ts}").as_bytes()).to_bytes());
    let token: Value = client
        .post(format!("{base}/v1.0/access-token/b2b"))
        .header("x-client-key", &partner_id)
        .header("x-timestamp", &ts)
        .header("x-signature", signature)
        .json(&json!({"grantType": "client_credentials"}))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let Some(token) = token["accessToken"].as_str().map(str::to_string) else {
        return Ok(token["responseCode"].as_str().unwrap_or("token_refused").to_string());
    };

    let call = |path: &'static str, body: Value| {
        let (client, base, token, secret, partner_id) = (client.clone(), base.clone(), token.clone(), secret.clone(), partner_id.clone());
        async move {
            let body = serde_json::to_string(&body).map_err(|e| e.to_string())?;
            let ts = timestamp();
            let signature = snap_hmac(&secret, &snap_string_to_sign("POST", path, &token, body.as_bytes(), &ts));
            let external_id: String = random_hex(8).chars().map(|c| char::from(b'0' + (c as u8 % 10))).collect();
            client
                .post(format!("{base}{path}"))
                .bearer_auth(&token)
                .header("x-timestamp", ts)
                .header("x-signature", signature)
                .header("x-partner-id", partner_id)
                .header("x-external-id", external_id)
                .header("channel-id", "95221")
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map_err(|e| e.to_string())?
                .json::<Value>()
                .await
                .map_err(|e| e.to_string())
        }
    };
    let va_no = format!("{biller_code}{customer_no}");
    let inquiry = call(
        "/v1.0/transfer-va/inquiry",
        json!({"partnerServiceId": biller_code, "customerNo": customer_no, "virtualAccountNo": va_no, "inquiryRequestId": random_hex(8)}),
    )
    .await?;
    let Some(total) = inquiry["virtualAccountData"]["totalAmount"].as_object().cloned() else {
        return Ok(inquiry["responseCode"].as_str().unwrap_or("inquiry_failed").to_string());
    };
    let payment = call(
        "/v1.0/transfer-va/payment",
        json!({"partnerServiceId": biller_code, "customerNo": customer_no, "virtualAccountNo": va_no,
               "paymentRequestId": random_hex(10), "paidAmount": total}),
    )
    .await?;
    Ok(payment["responseCode"].as_str().unwrap_or("payment_failed").to_string())
}
