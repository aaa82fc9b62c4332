//! Banks as administrators add and keep them: the SNAP API's partners. A bank's client secret is
//! made here, shown once, and rotated with a grace period in which both secrets sign; its RSA
//! public key is checked when it is entered. Every change is in the audit log.

use crate::domain::audit::AuditAction;
use crate::domain::notice::{text_field, InputProblem};
use crate::domain::signature::{PartnerKey, SignatureError};
use crate::domain::staff::Duty;
use crate::domain::Channel;
use crate::error::AppError;
use crate::model::banks::{BankDesk, BankLine, KeySummary, OnboardingSheet, SecretShowing};
use crate::ssr::db::partners::{self as q, NewPartner, PartnerRow};
use crate::ssr::db::{self, audit::Action, stamp::stamp};
use crate::ssr::{app_state, auth, random::random_hex};
use chrono::{Duration, Utc};

/// The grace periods a rotation offers: none, a day, three days, a week.
pub const GRACE_HOURS: [u32; 4] = [0, 24, 72, 168];
const NAME_MAX: usize = 80;
/// 32 random bytes: HMAC-SHA512 keys need no more.
const SECRET_BYTES: usize = 32;

pub async fn desk() -> Result<BankDesk, AppError> {
    let session = auth::authorize_read(Duty::Administer).await?;
    let state = app_state()?;
    let banks = q::all(&state.db).await?.into_iter().map(line).collect();
    Ok(BankDesk { csrf: session.csrf, banks, grace_hours: GRACE_HOURS.to_vec() })
}

fn line(row: PartnerRow) -> BankLine {
    let key = row.public_key_pem.as_deref().and_then(|pem| PartnerKey::from_pem(pem).ok());
    BankLine {
        biller_code: row.biller_code.trim().to_string(),
        active: row.active != 0,
        key: key.map(|k| KeySummary { fingerprint: k.fingerprint(), bits: k.bits() }),
        has_secret: row.has_secret != 0,
        secret_issued_at: row.secret_issued_at.map(|s| wib(s.0)),
        previous_secret_until: row.previous_secret_until.map(|s| s.0).filter(|until| *until > Utc::now()).map(wib),
        simulator: row.credentials_by.as_deref() == Some(q::SIMULATOR),
        id: row.id,
        name: row.name,
    }
}

/// Adds a bank with its key and a new secret (shown next, once); returns its id.
pub async fn add(
    csrf: &str,
    id: &str,
    name: &str,
    biller_code: &str,
    public_key_pem: &str,
) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let id = bank_id(id)?;
    let name = text_field("name", name, NAME_MAX, true, true)?;
    let code = biller_code.trim();
    if code.is_empty() || code.len() > 8 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(InputProblem::BadBillerCode.into());
    }
    // SNAP's partnerServiceId is 8 characters, left-padded with spaces.
    let padded = format!("{code:>8}");
    let key = registered_key(public_key_pem)?;
    let channel = Channel::Bank(id.clone()).code();
    let secret = random_hex(SECRET_BYTES);
    let mut tx = db::begin_write(&state.db).await?;
    let (id_taken, code_taken) = q::taken(&mut tx, &id, &channel, &padded).await?;
    if id_taken {
        return Err(InputProblem::BankTaken(id).into());
    }
    if code_taken {
        return Err(InputProblem::BillerCodeTaken(code.to_string()).into());
    }
    let pem = public_key_pem.trim();
    let at = stamp(Utc::now());
    q::insert(
        &mut tx,
        &NewPartner {
            id: &id,
            name: &name,
            channel: &channel,
            biller_code: &padded,
            public_key_pem: pem,
            client_secret: &secret,
            at: &at,
        },
    )
    .await
    // Two administrators adding the same bank at once: the second meets the unique keys.
    .map_err(|e| match e.as_database_error() {
        Some(d) if d.is_unique_violation() && d.message().contains("biller") => {
            AppError::from(InputProblem::BillerCodeTaken(code.to_string()))
        }
        Some(d) if d.is_unique_violation() => InputProblem::BankTaken(id.clone()).into(),
        _ => e.into(),
    })?;
    let detail = format!("{name}; biller {code}; key {}", key.fingerprint());
    Action { actor: &session.staff, action: AuditAction::BankAdded, subject: id.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces a bank's public key (the bank made a new pair).
pub async fn set_key(csrf: &str, id: &str, public_key_pem: &str) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let key = registered_key(public_key_pem)?;
    let mut tx = db::begin_write(&state.db).await?;
    let bank = q::by_id(&mut tx, id).await?.ok_or(AppError::BankNotFound)?;
    if bank.credentials_by.as_deref() == Some(q::SIMULATOR) {
        q::forget_simulator_for(&mut tx, &bank.id).await?;
    }
    q::set_key(&mut tx, &bank.id, public_key_pem.trim()).await?;
    let was = bank.public_key_pem.as_deref().and_then(|p| PartnerKey::from_pem(p).ok()).map(|k| k.fingerprint());
    let detail = format!("{} -> {}", was.as_deref().unwrap_or("-"), key.fingerprint());
    Action { actor: &session.staff, action: AuditAction::BankKeyReplaced, subject: bank.id.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(bank.id)
}

/// Makes a new secret (shown next, once); the one it replaces signs on for `grace_hours`.
pub async fn rotate_secret(csrf: &str, id: &str, grace_hours: &str) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let grace: u32 = grace_hours
        .trim()
        .parse()
        .ok()
        .filter(|h| GRACE_HOURS.contains(h))
        .ok_or_else(|| InputProblem::UnknownChoice("grace_hours".into()))?;
    let mut tx = db::begin_write(&state.db).await?;
    let mut bank = q::by_id(&mut tx, id).await?.ok_or(AppError::BankNotFound)?;
    if bank.credentials_by.as_deref() == Some(q::SIMULATOR) {
        q::forget_simulator_for(&mut tx, &bank.id).await?;
        bank.has_secret = 0;
    }
    let now = Utc::now();
    // A bank without a secret has nothing to keep signing with.
    let until = (grace > 0 && bank.has_secret != 0).then(|| stamp(now + Duration::hours(grace.into())));
    q::rotate_secret(&mut tx, &bank.id, &random_hex(SECRET_BYTES), &stamp(now), until.as_deref()).await?;
    let detail = match &until {
        Some(until) => format!("the previous secret signs until {until}"),
        None => "the previous secret stopped at once".to_string(),
    };
    Action { actor: &session.staff, action: AuditAction::BankSecretRotated, subject: bank.id.clone(), detail, ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(bank.id)
}

pub async fn set_active(csrf: &str, id: &str, active: bool) -> Result<String, AppError> {
    let (session, ip) = auth::authorize_action(csrf, Duty::Administer).await?;
    let state = app_state()?;
    let mut tx = db::begin_write(&state.db).await?;
    let bank = q::by_id(&mut tx, id).await?.ok_or(AppError::BankNotFound)?;
    q::set_active(&mut tx, &bank.id, active).await?;
    let action = if active { AuditAction::BankActivated } else { AuditAction::BankDeactivated };
    Action { actor: &session.staff, action, subject: bank.id.clone(), detail: bank.name.clone(), ip }
        .record(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(bank.id)
}

/// The bank's new secret, at its one showing (and who saw it, in the audit log). Asked again,
/// it is gone: a lost secret is rotated, never shown twice.
pub async fn show_secret(id: &str) -> Result<SecretShowing, AppError> {
    let session = auth::authorize_read(Duty::Administer).await?;
    let state = app_state()?;
    let mut tx = db::begin_write(&state.db).await?;
    let bank = q::by_id(&mut tx, id).await?.ok_or(AppError::BankNotFound)?;
    let secret = q::take_unshown_secret(&mut tx, &bank.id).await?;
    if secret.is_some() {
        let ip = auth::client_ip();
        Action {
            actor: &session.staff,
            action: AuditAction::BankSecretShown,
            subject: bank.id.clone(),
            detail: String::new(),
            ip,
        }
        .record(&mut tx)
        .await?;
    }
    tx.commit().await?;
    // Nothing on the way may keep a copy of the page.
    crate::ssr::no_store();
    Ok(SecretShowing { bank_id: bank.id, bank_name: bank.name, secret })
}

pub async fn sheet(id: &str) -> Result<OnboardingSheet, AppError> {
    auth::authorize_read(Duty::Administer).await?;
    let state = app_state()?;
    let mut conn = state.db.acquire().await?;
    let bank = line(q::by_id(&mut conn, id).await?.ok_or(AppError::BankNotFound)?);
    // A made-up number as wide as the utility's (its configured width, or else a stored number's):
    // the sheet leaves the building.
    let digits = match db::imports::customer_number_width(&mut conn).await? {
        Some(width) => width,
        None => db::customers::any_number(&state.db).await?.map_or(10, |n| n.len()),
    };
    let example_customer: String = "1234567890".chars().cycle().take(digits).collect();
    Ok(OnboardingSheet {
        example_va: format!("{:>8}{example_customer}", bank.biller_code),
        customer_digits: digits,
        example_customer,
        base_url: state.site.public_url.clone(),
        bank,
    })
}

fn wib(t: chrono::DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&crate::ssr::clock::wib()).naive_local()
}

fn bank_id(typed: &str) -> Result<String, InputProblem> {
    let id = typed.trim();
    let shaped = (2..=20).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    // The ledger knows a bank by its channel: the id must read back as one.
    match shaped && Channel::parse(&Channel::Bank(id.to_string()).code()).is_some() {
        true => Ok(id.to_string()),
        false => Err(InputProblem::BadBankId),
    }
}

fn registered_key(pem: &str) -> Result<PartnerKey, InputProblem> {
    PartnerKey::for_registration(pem).map_err(|e| match e {
        SignatureError::BadPublicKey(_) => InputProblem::BadPublicKey,
        SignatureError::WeakPublicKey(bits) => InputProblem::WeakPublicKey(bits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_ids_are_short_lowercase_words() {
        for good in ["bri", "bjatim", "bank_9", "ab"] {
            assert_eq!(bank_id(&format!(" {good} ")), Ok(good.to_string()));
        }
        for bad in ["", "b", "BRI", "9bank", "bank-jatim", "bank jatim", "a_very_long_bank_name_x", "bri;drop"] {
            assert_eq!(bank_id(bad), Err(InputProblem::BadBankId), "{bad}");
        }
    }
}
