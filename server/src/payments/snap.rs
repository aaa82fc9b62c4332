//! The bank-facing SNAP BI biller API: banks and payment points ask what a customer owes and
//! report what was paid, with no switch in between. Every request is authenticated before its
//! body is read: the access token, the timestamp, the HMAC-SHA512 signature over the raw body,
//! and an X-EXTERNAL-ID not seen from that partner today.

use app::domain::signature::{snap_string_to_sign, verify_snap_hmac, PartnerKey};
use app::domain::{mask_name, Cover, CustomerNumber, Money, RefundReason, Refusal, Settlement};
use app::ssr::accounts::Owed;
use app::ssr::db::bank_api::{self, Partner};
use app::ssr::db::ledger::{self, LedgerError, PaymentReport};
use app::ssr::random::random_hex;
use app::ssr::{clock, AppState, ClientIp};
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::{json, Value};

/// How far a request's X-TIMESTAMP may be from the server's clock.
const TIMESTAMP_TOLERANCE: i64 = 300;
const TOKEN_SECONDS: i64 = 900;
/// How long a VA payment's intent lives: the bank reports at once, this only bounds leftovers.
const VA_INTENT_HOURS: i64 = 24;

const INQUIRY: &str = "24";
const PAYMENT: &str = "25";
const TOKEN: &str = "73";

/// A SNAP answer: the HTTP status, and `responseCode` = status + service code + case.
fn snap(status: StatusCode, service: &str, case: &str, message: &str, mut body: Value) -> Response {
    body["responseCode"] = json!(format!("{}{service}{case}", status.as_u16()));
    body["responseMessage"] = json!(message);
    (status, Json(body)).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim).filter(|v| !v.is_empty())
}

/// X-TIMESTAMP within the tolerance, as `2020-12-21T14:56:11+07:00`.
fn fresh_timestamp(headers: &HeaderMap) -> Result<DateTime<FixedOffset>, &'static str> {
    let raw = header(headers, "x-timestamp").ok_or("X-TIMESTAMP is missing")?;
    let at = DateTime::parse_from_rfc3339(raw).map_err(|_| "X-TIMESTAMP is not an ISO 8601 time with offset")?;
    if (Utc::now() - at.with_timezone(&Utc)).num_seconds().abs() > TIMESTAMP_TOLERANCE {
        return Err("X-TIMESTAMP is too far from the server's time");
    }
    Ok(at)
}

async fn partner(state: &AppState, id: &str) -> Result<Option<Partner>, sqlx::Error> {
    bank_api::active_partner(&state.db, id).await
}

fn internal(service: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, service, "SNAP request failed");
    snap(StatusCode::INTERNAL_SERVER_ERROR, service, "00", "General Error", json!({}))
}

/// `POST /v1.0/access-token/b2b`: SHA256withRSA over `clientId|X-TIMESTAMP`, checked with the
/// partner's registered public key. An unknown client, a client without a key and a bad
/// signature get one answer: nothing tells a stranger which client ids exist.
pub async fn access_token(
    State(state): State<AppState>,
    client: Option<Extension<ClientIp>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let unauthorized = |why: &str| {
        tracing::warn!(reason = why, "SNAP access token refused");
        snap(StatusCode::UNAUTHORIZED, TOKEN, "00", "Unauthorized. Invalid client or signature", json!({}))
    };
    let Some(client_id) = header(&headers, "x-client-key") else {
        return unauthorized("X-CLIENT-KEY is missing");
    };
    let timestamp = match fresh_timestamp(&headers) {
        Ok(_) => header(&headers, "x-timestamp").unwrap_or_default(),
        Err(why) => return unauthorized(why),
    };
    let Some(signature) = header(&headers, "x-signature") else {
        return unauthorized("X-SIGNATURE is missing");
    };
    let partner = match partner(&state, client_id).await {
        Ok(Some(p)) => p,
        Ok(None) => return unauthorized("unknown client"),
        Err(e) => return internal(TOKEN, e),
    };
    let Some(key) = partner.public_key_pem.as_deref().and_then(|pem| PartnerKey::from_pem(pem).ok()) else {
        return unauthorized("no public key is registered for this client");
    };
    if !key.verify_token_request(client_id, timestamp, signature) {
        // Anyone can name a bank's client id: a few per address count, no more.
        state
            .channels
            .record_unverified_failure(
                &state.db,
                &partner.channel.code(),
                client.map(|Extension(ClientIp(ip))| ip),
                "token signature",
            )
            .await;
        return unauthorized("signature");
    }
    let grant: Option<Value> = serde_json::from_slice(&body).ok();
    if grant.as_ref().and_then(|g| g["grantType"].as_str()) != Some("client_credentials") {
        return snap(StatusCode::BAD_REQUEST, TOKEN, "00", "Invalid Field Format grantType", json!({}));
    }
    let token = random_hex(24);
    let stored =
        bank_api::issue_token(&state.db, &token, &partner.id, Utc::now() + Duration::seconds(TOKEN_SECONDS)).await;
    if let Err(e) = stored {
        return internal(TOKEN, e);
    }
    snap(
        StatusCode::OK,
        TOKEN,
        "00",
        "Successful",
        json!({"accessToken": token, "tokenType": "Bearer", "expiresIn": TOKEN_SECONDS.to_string()}),
    )
}

/// Checks a transaction request's credentials and records its X-EXTERNAL-ID, or answers for it.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    path: &str,
    body: &[u8],
    service: &str,
) -> Result<Partner, Response> {
    let unauthorized = |why: &str| {
        tracing::warn!(reason = why, service, "SNAP request refused");
        snap(StatusCode::UNAUTHORIZED, service, "00", &format!("Unauthorized. {why}"), json!({}))
    };
    let token = header(headers, "authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| unauthorized("Access token is missing"))?;
    let owner = bank_api::token_owner(&state.db, token).await.map_err(|e| internal(service, e))?;
    let Some(bank_api::TokenOwner { partner_id, expires_at }) = owner else {
        return Err(unauthorized("Invalid access token"));
    };
    if expires_at.0 <= Utc::now() {
        return Err(unauthorized("Access token expired"));
    }
    if header(headers, "x-partner-id") != Some(partner_id.as_str()) {
        return Err(unauthorized("X-PARTNER-ID does not own the access token"));
    }
    let at = fresh_timestamp(headers).map_err(unauthorized)?;
    let partner = partner(state, &partner_id)
        .await
        .map_err(|e| internal(service, e))?
        .ok_or_else(|| unauthorized("Unknown partner"))?;
    if partner.client_secret.is_none() {
        return Err(unauthorized("No client secret is registered"));
    }
    let signature = header(headers, "x-signature").ok_or_else(|| unauthorized("X-SIGNATURE is missing"))?;
    let timestamp = header(headers, "x-timestamp").unwrap_or_default();
    let signed = snap_string_to_sign("POST", path, token, body, timestamp);
    // Through a rotation's grace period the bank may still sign with the secret it replaced.
    if !partner.secrets(Utc::now()).any(|secret| verify_snap_hmac(secret, &signed, signature)) {
        state.channels.record(&state.db, &partner.channel.code(), false, "signature").await;
        return Err(unauthorized("Signature"));
    }
    let external_id =
        header(headers, "x-external-id").filter(|id| id.len() <= 36 && id.chars().all(|c| c.is_ascii_digit()));
    let Some(external_id) = external_id else {
        return Err(snap(StatusCode::BAD_REQUEST, service, "00", "Invalid Field Format X-EXTERNAL-ID", json!({})));
    };
    let day = at.with_timezone(&clock::wib()).date_naive();
    let first = bank_api::first_use_of_external_id(&state.db, &partner.id, day, external_id)
        .await
        .map_err(|e| internal(service, e))?;
    if !first {
        return Err(snap(StatusCode::CONFLICT, service, "00", "Conflict", json!({})));
    }
    Ok(partner)
}

/// `4002400`, naming the field.
fn bad_field(service: &str, field: &str, missing: bool) -> Response {
    let what = if missing { "Invalid Mandatory Field" } else { "Invalid Field Format" };
    snap(StatusCode::BAD_REQUEST, service, "00", &format!("{what} {field}"), json!({}))
}

fn mandatory<'a>(body: &'a Value, field: &str, service: &str) -> Result<&'a str, Response> {
    match body.get(field) {
        None | Some(Value::Null) => Err(bad_field(service, field, true)),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(_) => Err(bad_field(service, field, false)),
    }
}

/// The virtual account a request names: the partner's own biller code and a customer number,
/// `virtualAccountNo` being the two together.
struct VirtualAccount {
    partner_service_id: String,
    customer_no: String,
    virtual_account_no: String,
    number: CustomerNumber,
}

fn virtual_account(body: &Value, partner: &Partner, service: &str) -> Result<VirtualAccount, Response> {
    let partner_service_id = mandatory(body, "partnerServiceId", service)?;
    let customer_no = mandatory(body, "customerNo", service)?;
    let virtual_account_no = mandatory(body, "virtualAccountNo", service)?;
    if partner_service_id != partner.biller_code {
        return Err(bad_field(service, "partnerServiceId", false));
    }
    let number = CustomerNumber::parse(customer_no).map_err(|_| bad_field(service, "customerNo", false))?;
    if virtual_account_no != format!("{partner_service_id}{customer_no}") {
        return Err(bad_field(service, "virtualAccountNo", false));
    }
    Ok(VirtualAccount {
        partner_service_id: partner_service_id.to_string(),
        customer_no: customer_no.to_string(),
        virtual_account_no: virtual_account_no.to_string(),
        number,
    })
}

fn amount_value(m: Money) -> Value {
    json!({"value": m.two_decimals(), "currency": "IDR"})
}

/// Why an account cannot be paid through a bank now.
enum Unpayable {
    /// Nothing is unpaid (perhaps by the very payment being retried).
    AlreadyPaid,
    Answer(Response),
}

fn paid_bill(service: &str) -> Response {
    snap(StatusCode::NOT_FOUND, service, "14", "Paid Bill", json!({}))
}

/// What this bank may take of the account now, or why nothing can be paid through it.
async fn payable_account(
    state: &AppState,
    partner: &Partner,
    va: &VirtualAccount,
    service: &str,
) -> Result<Owed, Unpayable> {
    let owed = match app::ssr::accounts::statement(state, &va.number, clock::today_wib()).await {
        Ok(Some(owed)) => owed,
        Ok(None) => {
            return Err(Unpayable::Answer(snap(
                StatusCode::NOT_FOUND,
                service,
                "12",
                "Invalid Bill/Virtual Account [Not Found]",
                json!({}),
            )))
        }
        Err(e) => return Err(Unpayable::Answer(internal(service, e))),
    };
    match owed.statement.payable(&partner.channel, Cover::All) {
        Ok(_) => Ok(owed),
        Err(Refusal::NothingToPay) => Err(Unpayable::AlreadyPaid),
        // Beyond the utility's limit, arrears are settled at the unit office (sealing, reconnection).
        Err(Refusal::CounterOnly(months)) => Err(Unpayable::Answer(snap(
            StatusCode::NOT_FOUND,
            service,
            "19",
            &format!(
                "Invalid Bill/Virtual Account [Expired: more than {months} months in arrears, pay at the unit office]"
            ),
            json!({}),
        ))),
        Err(Refusal::NotCoverable) => Err(Unpayable::Answer(internal(service, "a bank asked for part of an account"))),
    }
}

/// `POST /v1.0/transfer-va/inquiry`
pub async fn inquiry(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let partner = match authenticate(&state, &headers, "/v1.0/transfer-va/inquiry", &body, INQUIRY).await {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let response = answer_inquiry(&state, &partner, &body).await;
    report_health(&state, &partner, response.status(), "inquiry").await;
    response
}

/// An authenticated request answered is a success for the bank's channel; a 5xx a failure.
async fn report_health(state: &AppState, partner: &Partner, status: StatusCode, what: &str) {
    let ok = !status.is_server_error();
    state.channels.record(&state.db, &partner.channel.code(), ok, if ok { what } else { "processing" }).await;
}

async fn answer_inquiry(state: &AppState, partner: &Partner, body: &[u8]) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return bad_field(INQUIRY, "body", false);
    };
    let va = match virtual_account(&request, partner, INQUIRY) {
        Ok(va) => va,
        Err(answer) => return answer,
    };
    let inquiry_request_id = match mandatory(&request, "inquiryRequestId", INQUIRY) {
        Ok(id) => id.to_string(),
        Err(answer) => return answer,
    };
    let Owed { customer, statement } = match payable_account(state, partner, &va, INQUIRY).await {
        Ok(owed) => owed,
        Err(Unpayable::AlreadyPaid) => return paid_bill(INQUIRY),
        Err(Unpayable::Answer(answer)) => return answer,
    };
    let bill_details: Vec<Value> = statement
        .bills
        .iter()
        .map(|b| {
            let period = b.period();
            json!({
                "billCode": period.to_string(),
                "billNo": format!("{}-{}", va.number.as_str(), period),
                "billName": format!("Rekening air {}", app::i18n::Lang::Id.period(period)),
                "billShortName": period.to_string(),
                "billDescription": {
                    "english": format!("Water bill {} (late fee {})", app::i18n::Lang::En.period(period), b.late_fee),
                    "indonesia": format!("Rekening air {} (denda {})", app::i18n::Lang::Id.period(period), b.late_fee),
                },
                "billAmount": amount_value(b.total),
            })
        })
        .collect();
    snap(
        StatusCode::OK,
        INQUIRY,
        "00",
        "Successful",
        json!({"virtualAccountData": {
            "inquiryStatus": "00",
            "inquiryReason": {"english": "Success", "indonesia": "Sukses"},
            "partnerServiceId": va.partner_service_id,
            "customerNo": va.customer_no,
            "virtualAccountNo": va.virtual_account_no,
            "virtualAccountName": mask_name(&customer.name),
            "inquiryRequestId": inquiry_request_id,
            "totalAmount": amount_value(statement.total),
            "virtualAccountTrxType": "C",
            "billDetails": bill_details,
            "freeTexts": [{"english": "Pay all periods at once", "indonesia": "Semua periode dibayar sekaligus"}],
        }}),
    )
}

/// `POST /v1.0/transfer-va/payment`: credits through the same ledger as every channel. A
/// repeated paymentRequestId gets the stored answer when it names the same virtual account and
/// amount, and 4042518 when it does not.
pub async fn payment(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let partner = match authenticate(&state, &headers, "/v1.0/transfer-va/payment", &body, PAYMENT).await {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let response = answer_payment(&state, &partner, &body).await;
    report_health(&state, &partner, response.status(), "payment").await;
    response
}

fn inconsistent() -> Response {
    snap(StatusCode::NOT_FOUND, PAYMENT, "18", "Inconsistent Request", json!({}))
}

/// What a paymentRequestId's claim found.
enum Claim {
    /// This request is the first with its id: process it.
    First,
    /// A request with the same content came before and has no answer kept (it is being
    /// processed, or failed with a 5xx): process it again; the ledger credits once.
    Again,
    /// The stored answer of the same request.
    Answered(StatusCode, String),
    /// The id was used for another virtual account or amount.
    Inconsistent,
}

/// Claims a paymentRequestId for this content. The unique key decides between concurrent
/// requests: of two with one id and different customers, only the first claims it.
async fn claim(
    state: &AppState,
    partner: &Partner,
    payment_request_id: &str,
    va: &VirtualAccount,
    amount: i64,
    body: &[u8],
) -> Result<Claim, sqlx::Error> {
    let content_hash = app::domain::signature::sha256_hex(body);
    if bank_api::claim_payment_request(
        &state.db,
        &partner.id,
        payment_request_id,
        &content_hash,
        &va.virtual_account_no,
        amount,
    )
    .await?
    {
        return Ok(Claim::First);
    }
    let bank_api::PaymentRequest {
        request_hash: hash,
        virtual_account_no: va_no,
        amount: kept_amount,
        status,
        response,
    } = bank_api::payment_request(&state.db, &partner.id, payment_request_id).await?;
    // Answers kept before requests were claimed name no account: their whole content decides.
    let same =
        if va_no.is_empty() { hash == content_hash } else { va_no == va.virtual_account_no && kept_amount == amount };
    Ok(match (same, StatusCode::from_u16(status as u16)) {
        (false, _) => Claim::Inconsistent,
        (true, Ok(status)) if !response.is_empty() => Claim::Answered(status, response),
        (true, _) => Claim::Again,
    })
}

async fn answer_payment(state: &AppState, partner: &Partner, body: &[u8]) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return bad_field(PAYMENT, "body", false);
    };
    let payment_request_id = match mandatory(&request, "paymentRequestId", PAYMENT) {
        Ok(id) => id.to_string(),
        Err(answer) => return answer,
    };
    let va = match virtual_account(&request, partner, PAYMENT) {
        Ok(va) => va,
        Err(answer) => return answer,
    };
    let paid_amount = match paid_amount(&request) {
        Ok(m) => m,
        Err(answer) => return answer,
    };
    let whole = paid_amount.whole_rupiah().unwrap_or_default();
    match claim(state, partner, &payment_request_id, &va, whole, body).await {
        Ok(Claim::First | Claim::Again) => {}
        Ok(Claim::Answered(status, response)) => {
            return (status, [(axum::http::header::CONTENT_TYPE, "application/json")], response).into_response()
        }
        Ok(Claim::Inconsistent) => return inconsistent(),
        Err(e) => return internal(PAYMENT, e),
    }
    let answer = pay(state, partner, &va, paid_amount, &payment_request_id).await;
    let (parts, answer_body) = answer.into_parts();
    let bytes = match axum::body::to_bytes(answer_body, 64 * 1024).await {
        Ok(b) => b,
        Err(e) => return internal(PAYMENT, e),
    };
    // Business answers are kept for retries; a 5xx is not, so the bank's retry tries again.
    if !parts.status.is_server_error() {
        let kept = bank_api::keep_answer(
            &state.db,
            &partner.id,
            &payment_request_id,
            parts.status.as_u16(),
            &String::from_utf8_lossy(&bytes),
        )
        .await;
        if let Err(e) = kept {
            // The ledger still answers a retry the same way: it finds this payment again.
            tracing::warn!(error = %e, "could not keep a VA payment answer for retries");
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `paidAmount`: `{"value": "150000.00", "currency": "IDR"}`, whole rupiah and in range.
fn paid_amount(request: &Value) -> Result<Money, Response> {
    let paid = match request.get("paidAmount") {
        None | Some(Value::Null) => return Err(bad_field(PAYMENT, "paidAmount", true)),
        Some(p) => p,
    };
    let value = match paid.get("value") {
        None | Some(Value::Null) => return Err(bad_field(PAYMENT, "paidAmount.value", true)),
        Some(Value::String(v)) if v.contains('.') => v,
        Some(_) => return Err(bad_field(PAYMENT, "paidAmount.value", false)),
    };
    let amount = Money::parse_reported(value).map_err(|e| {
        tracing::warn!(value, reason = %e, "VA payment with an unusable amount refused");
        snap(StatusCode::BAD_REQUEST, PAYMENT, "00", &format!("Invalid Field Format paidAmount.value: {e}"), json!({}))
    })?;
    if paid["currency"].as_str() != Some("IDR") {
        return Err(bad_field(PAYMENT, "paidAmount.currency", false));
    }
    Ok(amount)
}

async fn pay(
    state: &AppState,
    partner: &Partner,
    va: &VirtualAccount,
    paid_amount: Money,
    payment_request_id: &str,
) -> Response {
    match attempt_payment(state, partner, va, paid_amount, payment_request_id).await {
        Ok(answer) => answer,
        // Whatever found the bills paid, the answer is the same: this payment's own success if
        // it was credited (a retry racing the first delivery), otherwise "Paid Bill".
        Err(Unpayable::AlreadyPaid) => match paid_answer(state, partner, va, paid_amount, payment_request_id).await {
            Ok(Some(answer)) => answer,
            Ok(None) => paid_bill(PAYMENT),
            Err(e) => internal(PAYMENT, e),
        },
        Err(Unpayable::Answer(answer)) => answer,
    }
}

async fn attempt_payment(
    state: &AppState,
    partner: &Partner,
    va: &VirtualAccount,
    paid_amount: Money,
    payment_request_id: &str,
) -> Result<Response, Unpayable> {
    match paid_answer(state, partner, va, paid_amount, payment_request_id).await {
        Ok(Some(answer)) => return Ok(answer),
        Ok(None) => {}
        Err(e) => return Ok(internal(PAYMENT, e)),
    }
    let owed = payable_account(state, partner, va, PAYMENT).await?;
    if paid_amount != owed.statement.total {
        return Ok(snap(StatusCode::NOT_FOUND, PAYMENT, "13", "Invalid Amount", json!({})));
    }
    let now = Utc::now();
    let intent = match app::ssr::payments::open_intent(
        state,
        &va.number,
        &partner.channel,
        now,
        Duration::hours(VA_INTENT_HOURS),
        Cover::All,
    )
    .await
    {
        Ok(i) => i,
        Err(LedgerError::NothingToPay) => return Err(Unpayable::AlreadyPaid),
        Err(e) => return Ok(internal(PAYMENT, e)),
    };
    let report = PaymentReport {
        channel: partner.channel.clone(),
        partner_reference: payment_request_id.to_string(),
        intent_reference: intent.reference,
        amount: paid_amount,
        at: now,
        money_moved: false,
        taken_by: None,
        refuse: None,
    };
    match ledger::settle(&state.db, &report).await {
        Ok(Settlement::Credited { .. } | Settlement::Repeated(_)) => {
            match paid_answer(state, partner, va, paid_amount, payment_request_id).await {
                Ok(Some(answer)) => Ok(answer),
                Ok(None) => Ok(internal(PAYMENT, "a credited payment could not be read back")),
                Err(e) => Ok(internal(PAYMENT, e)),
            }
        }
        Ok(Settlement::Inconsistent) => Ok(inconsistent()),
        Ok(Settlement::Refused { reason: RefundReason::AmountMismatch }) => {
            Ok(snap(StatusCode::NOT_FOUND, PAYMENT, "13", "Invalid Amount", json!({})))
        }
        Ok(Settlement::Refused { .. } | Settlement::SetAside { .. }) => Err(Unpayable::AlreadyPaid),
        Err(e) => Ok(internal(PAYMENT, e)),
    }
}

/// The success answer for a payment credited under this paymentRequestId, built from what the
/// ledger recorded, so every delivery of one payment gets the same answer. A payment under the
/// same id for another customer or amount is not this request's: 4042518.
async fn paid_answer(
    state: &AppState,
    partner: &Partner,
    va: &VirtualAccount,
    paid_amount: Money,
    payment_request_id: &str,
) -> Result<Option<Response>, sqlx::Error> {
    let Some(paid) = ledger::by_partner_reference(&state.db, &partner.channel, payment_request_id).await? else {
        return Ok(None);
    };
    let (receipt, paid_at, amount, name) = (paid.receipt_number, paid.paid_at.0, paid.amount, paid.customer_name);
    if paid.customer_number != va.number.as_str() || Money::rupiah(amount) != paid_amount {
        return Ok(Some(inconsistent()));
    }
    Ok(Some(snap(
        StatusCode::OK,
        PAYMENT,
        "00",
        "Successful",
        json!({"virtualAccountData": {
            "partnerServiceId": va.partner_service_id,
            "customerNo": va.customer_no,
            "virtualAccountNo": va.virtual_account_no,
            "virtualAccountName": app::domain::mask_name(&name),
            "paymentRequestId": payment_request_id,
            "paidAmount": amount_value(Money::rupiah(amount)),
            "referenceNo": receipt,
            "paymentFlagStatus": "00",
            "paymentFlagReason": {"english": "Success", "indonesia": "Sukses"},
            "trxDateTime": clock::snap_timestamp(paid_at),
        }}),
    )))
}

/// `GET /v1.0/openapi.json`: this API described for partners.
pub async fn openapi() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], include_str!("../../openapi/snap-biller.json"))
}
