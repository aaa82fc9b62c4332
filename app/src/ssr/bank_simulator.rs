//! Demo mode only: plays a bank's system against the portal's own SNAP BI endpoints, with
//! credentials it enrols for itself the first time, so a newcomer can pay a virtual account
//! end to end. Everything goes over HTTP through the same checks a real bank's requests meet.

use crate::domain::signature::{snap_hmac, snap_string_to_sign};
use crate::ssr::db::partners;
use crate::ssr::random::random_hex;
use crate::ssr::{clock, AppState};
use base64::{engine::general_purpose::STANDARD as BASE64, Engine as _};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{json, Value};

/// The bank a virtual account number belongs to, and the customer number after its code.
pub async fn bank_for(
    state: &AppState,
    virtual_account: &str,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let banks = partners::bank_codes(&state.db).await?;
    let digits: String = virtual_account.chars().filter(|c| !c.is_whitespace()).collect();
    Ok(banks.into_iter().find_map(|b| {
        digits.strip_prefix(b.biller_code.trim()).map(|customer| (b.id, b.biller_code.clone(), customer.to_string()))
    }))
}

/// The simulator's credentials for a bank, made and registered on first use. A bank whose
/// credentials were registered by anyone else (a real bank's) is never played, and its
/// credentials are never overwritten.
async fn credentials(state: &AppState, partner_id: &str) -> Result<(rsa::RsaPrivateKey, String), String> {
    let existing = partners::enrolment(&state.db, partner_id).await.map_err(|e| e.to_string())?;
    let Some(partners::Enrolment {
        private_key_pem: private_pem,
        client_secret: secret,
        public_key_pem: public_pem,
        credentials_by: by,
    }) = existing
    else {
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
    if !partners::enrol_simulator(&state.db, partner_id, &private_pem, &secret, &public_pem)
        .await
        .map_err(|e| e.to_string())?
    {
        return Err(format!(
            "partner {partner_id} got credentials of its own meanwhile: the simulator does not play it"
        ));
    }
    Ok((key, secret))
}

pub use partners::SIMULATOR;

/// What the simulator left in a database: (demo private keys, partners with its credentials).
pub async fn leftovers(db: &sqlx::AnyPool) -> Result<(i64, Vec<String>), sqlx::Error> {
    partners::simulator_leftovers(db).await
}

/// Removes the simulator's keys and the credentials it enrolled (those partners then need
/// their real credentials registered), recording who asked (`by`) in the same transaction.
/// Returns how many partners were cleared.
pub async fn forget(db: &sqlx::AnyPool, by: &crate::ssr::db::audit::By<'_>) -> Result<u64, sqlx::Error> {
    let mut tx = crate::ssr::db::begin_write(db).await?;
    let cleared = partners::forget_simulator(&mut tx).await?;
    by.record(
        &mut tx,
        crate::domain::audit::AuditAction::DemoCredentialsCleared,
        "partners",
        &format!("{cleared} partners"),
    )
    .await?;
    tx.commit().await?;
    Ok(cleared)
}

fn timestamp() -> String {
    clock::snap_timestamp(chrono::Utc::now())
}

/// Inquires and pays a virtual account as its bank would. Returns the last SNAP responseCode.
pub async fn pay_virtual_account(state: &AppState, virtual_account: &str) -> Result<String, String> {
    let Some((partner_id, biller_code, customer_no)) =
        bank_for(state, virtual_account).await.map_err(|e| e.to_string())?
    else {
        return Ok("unknown_bank".into());
    };
    let (key, secret) = credentials(state, &partner_id).await?;
    let base = state.own_url();
    let client = reqwest::Client::new();

    let ts = timestamp();
    let signature = BASE64.encode(
        rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key).sign(format!("{partner_id}|{ts}").as_bytes()).to_bytes(),
    );
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
        let (client, base, token, secret, partner_id) =
            (client.clone(), base.clone(), token.clone(), secret.clone(), partner_id.clone());
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
