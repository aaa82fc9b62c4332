//! Staff sign-in: argon2id passwords, server-side sessions behind an HttpOnly cookie, a CSRF
//! token per session, throttled logins. Every staff server function and route starts here.

use crate::domain::staff::{Duty, StaffMember};
use crate::error::AppError;
use crate::ssr::db::{audit, sessions, staff};
use crate::ssr::random::random_hex;
use chrono::{DateTime, Duration, Utc};
use http::HeaderMap;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use std::net::IpAddr;

pub const SESSION_COOKIE: &str = "tirta_staf";
/// A session ends after this long without use (a counter left unattended)...
pub const IDLE_TIMEOUT: Duration = Duration::hours(1);
/// ...and after a long shift in any case.
pub const MAX_AGE: Duration = Duration::hours(12);
/// Failed sign-ins counted over this window: five per username from one address, twenty per
/// address. A username is never locked for everyone: a stranger's five wrong passwords for
/// `admin` must not shut the real administrator out.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
pub const FAILURES_PER_USERNAME_AND_ADDRESS: i64 = 5;
pub const FAILURES_PER_ADDRESS: i64 = 20;
/// Past this many failures for a username from anywhere, every attempt at it is slowed down
/// (one more second per failure, up to `MAX_SLOWDOWN`) before its password is checked.
pub const SLOW_AFTER_USERNAME_FAILURES: i64 = 5;
pub const MAX_SLOWDOWN: std::time::Duration = std::time::Duration::from_secs(5);

/// A signed-in staff member and the token their forms must carry.
#[derive(Clone, Debug)]
pub struct Session {
    pub staff: StaffMember,
    pub csrf: String,
    token_hash: String,
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub fn hash_password(password: &str) -> String {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the operating system provides randomness");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters")
        .to_string()
}

/// `verify_password` off the async workers.
pub async fn check_password(hash: String, password: String) -> bool {
    crate::ssr::heavy::off_thread(move || verify_password(&hash, &password)).await.unwrap_or(false)
}

/// `hash_password` off the async workers.
pub async fn hash_password_off_thread(password: String) -> Result<String, AppError> {
    crate::ssr::heavy::off_thread(move || hash_password(&password)).await
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash)
        .is_ok_and(|parsed| argon2::Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Unknown usernames cost the same time as wrong passwords: the answer tells nothing.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password, only a timing equaliser"))
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(
        |pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        },
    )
}

/// Behind a TLS-terminating proxy the cookie is marked Secure.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https")
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", MAX_AGE.num_seconds())
}

pub fn clearing_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session a request carries, if it is still valid. Touches `last_seen_at` (at most once a
/// minute) so an active session stays open.
pub async fn session_from_headers(
    db: &AnyPool,
    headers: &HeaderMap,
    now: DateTime<Utc>,
) -> Result<Option<Session>, sqlx::Error> {
    let Some(token) = cookie_value(headers, SESSION_COOKIE).filter(|t| t.len() == 64) else {
        return Ok(None);
    };
    let token_hash = hash_token(token);
    let Some(row) = sessions::find(db, &token_hash).await? else {
        return Ok(None);
    };
    if row.expires_at.0 <= now || now - row.last_seen_at.0 >= IDLE_TIMEOUT {
        sessions::delete(&mut *db.acquire().await?, &token_hash).await?;
        return Ok(None);
    }
    let Some(member) = staff::member(db, row.staff_id).await? else {
        return Ok(None);
    };
    if now - row.last_seen_at.0 >= Duration::minutes(1) {
        sessions::touch(db, &token_hash, now).await?;
    }
    let csrf = row.csrf_token;
    Ok(Some(Session { staff: member, csrf, token_hash }))
}

/// Signs in: checks the throttle, then the password. Returns the cookie token and the session.
///
/// The throttle's count and this attempt's record are one serial step, so fifty attempts at once
/// meet the limit as fifty one after another would: every attempt is recorded as a failure
/// before its password is checked, and the record is removed when the password is right.
pub async fn sign_in(
    db: &AnyPool,
    username: &str,
    password: &str,
    ip: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<(String, Session), AppError> {
    let username = crate::domain::staff::normalise_username(username)
        .unwrap_or_else(|| username.trim().chars().take(64).collect());
    let ip_text = ip.map(|i| crate::ssr::ClientNet::of(i).to_string()).unwrap_or_default();
    let mut tx = crate::ssr::db::begin_serial(db, crate::ssr::db::Serial::Login).await?;
    let failures = sessions::failures_since(&mut tx, &username, &ip_text, now - THROTTLE_WINDOW).await?;
    let blocked_since = if failures.by_pair >= FAILURES_PER_USERNAME_AND_ADDRESS {
        failures.oldest_pair
    } else if failures.by_address >= FAILURES_PER_ADDRESS && !ip_text.is_empty() {
        failures.oldest_address
    } else {
        None
    };
    if let Some(oldest) = blocked_since {
        tx.rollback().await?;
        let free_at = oldest.0 + THROTTLE_WINDOW;
        return Err(AppError::LoginThrottled { retry_after_secs: (free_at - now).num_seconds().max(1) as u64 });
    }
    let attempt = sessions::record_failure(&mut tx, &username, &ip_text, now).await?;
    tx.commit().await?;
    let by_name = failures.by_name;

    if by_name >= SLOW_AFTER_USERNAME_FAILURES {
        let extra = (by_name - SLOW_AFTER_USERNAME_FAILURES + 1) as u64;
        tokio::time::sleep(std::time::Duration::from_secs(extra).min(MAX_SLOWDOWN)).await;
    }
    let account = staff::credentials(db, &username).await?;
    let verified = match &account {
        Some((_, hash, true)) => check_password(hash.clone(), password.to_string()).await,
        _ => {
            // The dummy hash is made on first use: off the workers too.
            let password = password.to_string();
            let _ = crate::ssr::heavy::off_thread(move || verify_password(dummy_hash(), &password)).await;
            false
        }
    };
    let Some((staff_id, _, _)) = account.filter(|_| verified) else {
        audit::record(db, None, &username, crate::domain::audit::AuditAction::LoginFailed, &username, "", ip).await?;
        return Err(AppError::LoginFailed);
    };
    let member = staff::member(db, staff_id).await?.ok_or(AppError::LoginFailed)?;
    let token = random_hex(32).to_lowercase();
    let csrf = random_hex(16).to_lowercase();
    let token_hash = hash_token(&token);
    // The session and its audit entry land together.
    let mut tx = crate::ssr::db::begin_write(db).await?;
    sessions::forgive(&mut tx, attempt, &username, &ip_text).await?;
    let session = sessions::NewSession {
        token_hash: &token_hash,
        staff_id,
        csrf: &csrf,
        at: now,
        expires_at: now + MAX_AGE,
        client_ip: ip.map(|i| i.to_string()).unwrap_or_default(),
    };
    sessions::insert(&mut tx, &session).await?;
    audit::record(
        &mut *tx,
        Some(&member),
        &member.username,
        crate::domain::audit::AuditAction::Login,
        &member.username,
        "",
        ip,
    )
    .await?;
    tx.commit().await?;
    Ok((token, Session { staff: member, csrf, token_hash }))
}

/// Ends this session, on the caller's transaction.
pub async fn sign_out(tx: &mut sqlx::AnyConnection, session: &Session) -> Result<(), sqlx::Error> {
    sessions::delete(tx, &session.token_hash).await
}

/// Ends every other session of this staff member (after a password change), on the caller's
/// transaction.
pub async fn end_other_sessions(tx: &mut sqlx::AnyConnection, session: &Session) -> Result<(), sqlx::Error> {
    sessions::end_others(tx, session.staff.id, &session.token_hash).await
}

/// A state-changing request must carry the session's CSRF token, and if the browser says where
/// it comes from, come from this site.
/// Whether a request that names its origin comes from this site (a browser names it on every
/// cross-site request).
pub fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(http::header::HOST).and_then(|h| h.to_str().ok());
    match (headers.get(http::header::ORIGIN).and_then(|o| o.to_str().ok()), host) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin) == host,
        _ => true,
    }
}

pub fn check_csrf(session: &Session, token: &str, headers: &HeaderMap) -> Result<(), AppError> {
    use subtle::ConstantTimeEq;
    if !same_origin(headers) {
        return Err(AppError::CsrfRejected);
    }
    if token.len() == session.csrf.len() && bool::from(token.as_bytes().ct_eq(session.csrf.as_bytes())) {
        Ok(())
    } else {
        Err(AppError::CsrfRejected)
    }
}

fn request_parts() -> Result<http::request::Parts, AppError> {
    leptos::prelude::use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from context");
        AppError::Internal
    })
}

/// The signed-in staff member of the request a server function is answering, whatever they may
/// do: only for saying who is signed in, signing out and changing one's own password.
/// Read once per request: later checks in the same request reuse it.
pub async fn signed_in_session() -> Result<Session, AppError> {
    if let Some(RequestSession(session)) = leptos::prelude::use_context::<RequestSession>() {
        return Ok(session);
    }
    let state = crate::ssr::app_state()?;
    let parts = request_parts()?;
    let session = session_from_headers(&state.db, &parts.headers, Utc::now()).await?.ok_or(AppError::NotSignedIn)?;
    leptos::prelude::provide_context(RequestSession(session.clone()));
    Ok(session)
}

/// The session of the request being answered, once read.
#[derive(Clone)]
struct RequestSession(Session);

/// The signed-in staff member, ready to work: one whose password an administrator reset must
/// change it before anything else.
pub async fn current_session() -> Result<Session, AppError> {
    let session = signed_in_session().await?;
    if session.staff.must_change_password {
        return Err(AppError::PasswordChangeRequired);
    }
    Ok(session)
}

/// What every state-changing staff server function starts with: a session, its CSRF token, and
/// the duty it is about to perform. Returns the session and the client's address for the audit.
pub async fn authorize_action(csrf: &str, duty: Duty) -> Result<(Session, Option<IpAddr>), AppError> {
    let session = current_session().await?;
    let parts = request_parts()?;
    check_csrf(&session, csrf, &parts.headers)?;
    if !session.staff.may(duty) {
        return Err(AppError::Forbidden);
    }
    Ok((session, ip_of(&parts)))
}

/// The client's address, for a read that leaves an audit entry.
pub fn client_ip() -> Option<IpAddr> {
    ip_of(&request_parts().ok()?)
}

fn ip_of(parts: &http::request::Parts) -> Option<IpAddr> {
    parts.extensions.get::<crate::ssr::ClientIp>().map(|c| c.0)
}

/// For reading: a session allowed this duty.
pub async fn authorize_read(duty: Duty) -> Result<Session, AppError> {
    let session = current_session().await?;
    if session.staff.may(duty) {
        Ok(session)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Where an administrator, who belongs to no office, starts: the first office by code.
pub async fn first_office(db: &sqlx::AnyPool) -> Result<String, AppError> {
    crate::ssr::db::offices::names(db).await?.into_iter().next().map(|(code, _)| code).ok_or(AppError::OfficeNotFound)
}

/// The office a staff member works at for a counter or a console: their own; an administrator,
/// who has none, works at the office they chose (`chosen`, a code), or the first one.
pub async fn working_office(db: &sqlx::AnyPool, member: &StaffMember, chosen: &str) -> Result<i64, AppError> {
    if let Some(own) = member.office_id() {
        return Ok(own);
    }
    if member.role != crate::domain::staff::Role::Admin {
        return Err(AppError::Forbidden);
    }
    let code = match chosen.trim() {
        "" => first_office(db).await?,
        code => code.to_string(),
    };
    crate::ssr::db::offices::office_id(db, &code).await?.ok_or(AppError::OfficeNotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let hash = hash_password("air bersih untuk semua");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(&hash, "air bersih untuk semua"));
        assert!(!verify_password(&hash, "air bersih untuk semuA"));
        assert!(!verify_password("not a hash", "x"));
        assert_ne!(hash, hash_password("air bersih untuk semua"), "salted");
    }

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(http::header::COOKIE, "tirta_lang=en; tirta_staf=abc; x=y".parse().unwrap());
        assert_eq!(cookie_value(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie_value(&h, "missing"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_secure_behind_https() {
        let c = session_cookie("t", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.contains("Secure"));
        assert!(!session_cookie("t", false).contains("Secure"));
    }
}
