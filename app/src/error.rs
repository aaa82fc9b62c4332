//! Failures a visitor can meet, as data: each carries the HTTP status it answers with and is
//! shown as a readable page, never a panic or a bare 500.

use crate::domain::notice::InputProblem;
use crate::domain::staff::WeakPassword;
use crate::domain::CustomerNumberError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid customer number: {0}")]
    InvalidCustomerNumber(CustomerNumberError),
    #[error("no customer has that number")]
    CustomerNotFound,
    #[error("no unit office has that code")]
    OfficeNotFound,
    #[error("no payment has that reference")]
    PaymentNotFound,
    #[error("no receipt has that token")]
    ReceiptNotFound,
    #[error("nothing is unpaid")]
    NothingToPay,
    #[error("this payment channel is not available")]
    ChannelUnavailable,
    /// More months in arrears than remote channels take: pay at the unit office's counter.
    #[error("more than {0} months in arrears: pay at the unit office")]
    CounterOnly(u32),
    #[error("page not found")]
    PageNotFound,
    /// A request the server cannot read (missing or malformed arguments).
    #[error("malformed request")]
    BadRequest,
    #[error("too many lookups, try again in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    /// The bill exists but its data does not add up (a reading or tariff problem): staff must
    /// correct it, and the customer is told so rather than shown a wrong amount.
    #[error("this account's bills need checking by the office")]
    BillNeedsReview,
    /// Staff pages and actions need a signed-in staff member.
    #[error("sign in first")]
    NotSignedIn,
    /// Signed in, but this role or office may not do it.
    #[error("not allowed")]
    Forbidden,
    /// A state-changing request without the session's CSRF token (or from another site).
    #[error("the form has expired; reload the page")]
    CsrfRejected,
    #[error("wrong username or password")]
    LoginFailed,
    #[error("too many failed sign-ins, try again in {retry_after_secs} s")]
    LoginThrottled { retry_after_secs: u64 },
    #[error("the new password is not acceptable: {0}")]
    WeakPassword(WeakPassword),
    #[error("the two new passwords differ")]
    PasswordsDiffer,
    /// An administrator reset the password: it must be changed before anything else.
    #[error("change your password first")]
    PasswordChangeRequired,
    /// An administrator cannot deactivate their own account (nobody could undo it).
    #[error("you cannot deactivate your own account")]
    OwnAccount,
    #[error("invalid input: {0}")]
    Invalid(InputProblem),
    #[error("no notice has that number")]
    NoticeNotFound,
    #[error("that username is taken")]
    UsernameTaken,
    /// What is owed changed between the teller's screen and the payment (paid elsewhere, say).
    #[error("the amount owed has changed; check the bills again")]
    AmountChanged,
    /// The cash handed over does not cover what is taken.
    #[error("the cash received is {short_by} short")]
    CashShort { short_by: crate::domain::Money },
    #[error("no ticket has that token")]
    TicketNotFound,
    #[error("{0}")]
    TicketMoveRefused(crate::domain::queue::Refused),
    #[error("this counter is closed; open it first")]
    CounterClosed,
    #[error("nobody is waiting")]
    NobodyWaiting,
    #[error("the counter is still busy with {0}")]
    CounterBusy(String),
    /// Over the online ticket limits: per phone number and office, per client network and day.
    #[error("you already hold a ticket at this office today")]
    TicketLimit,
    /// Online tickets are taken while the office is open; `opens` is when it opens next.
    #[error("the office is closed")]
    OfficeClosed { opens: Option<chrono::NaiveDateTime> },
    #[error("no uploaded file has that number")]
    ImportNotFound,
    /// Applying needs a file checked clean and not yet applied.
    #[error("this file cannot be applied in its state")]
    ImportNotReady,
    #[error("no billing run has that number")]
    RunNotFound,
    /// A reading corrected after a later one was taken (which starts where it ends).
    #[error("only the customer's latest reading can be corrected")]
    NotLatestReading,
    /// A bill carried over from the previous system: the portal holds no reading of it.
    #[error("a bill carried over has no reading to correct")]
    CarriedOverBill,
    /// No published bill of that customer for that period.
    #[error("no bill of that period")]
    BillNotFound,
    #[error("no bank has that id")]
    BankNotFound,
    /// One run of a period is reviewed at a time.
    #[error("a billing run of this period is under review")]
    RunUnderReview,
    #[error("this billing run is published and cannot change")]
    RunPublished,
    /// Held bills not yet corrected or accepted.
    #[error("{0} held bills are not reviewed yet")]
    ReviewPending(i64),
    /// A counter device's request without a device credential, or with one nobody enrolled.
    #[error("this device is not enrolled as a counter")]
    DeviceNotEnrolled,
    #[error("this counter device was revoked")]
    DeviceRevoked,
    /// This browser is enrolled already: a second enrolment would strand the first's outbox.
    #[error("this device is enrolled already")]
    DeviceAlreadyEnrolled,
    #[error("no counter device has that number")]
    DeviceNotFound,
    /// No complaint has that private link (or number).
    #[error("no complaint has that link")]
    ComplaintNotFound,
    /// The complaint is not in a stage this step starts from (or moved meanwhile).
    #[error("{0}")]
    ComplaintStepRefused(crate::domain::complaint::StepRefused),
    /// A meter figure sent outside the days the utility takes them.
    #[error("self meter reading is closed today")]
    ReadingWindowClosed,
    /// The phone given is not the one on file for the customer number: a stranger must not set
    /// someone else's bill.
    #[error("that phone is not on file for this connection")]
    PhoneNotOnFile,
    #[error("no meter reading has that link")]
    SelfReadingNotFound,
    /// The period's bill is drafted or published: a figure for it would never reach it.
    #[error("this month's bill is drafted already")]
    ReadingAlreadyBilled,
    /// Figures sent for one connection and period, at most (`domain::self_reading::PER_PERIOD`).
    #[error("too many meter figures for this month")]
    ReadingLimit,
    /// Confirmed or withdrawn already (or replaced by a newer figure).
    #[error("this meter reading was settled already")]
    SelfReadingSettled,
    #[error("internal error")]
    Internal,
    #[error("could not reach the server: {0}")]
    Unreachable(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::InvalidCustomerNumber(_)
            | AppError::BadRequest
            | AppError::WeakPassword(_)
            | AppError::PasswordsDiffer
            | AppError::Invalid(_) => 400,
            AppError::NotSignedIn | AppError::LoginFailed | AppError::DeviceNotEnrolled => 401,
            AppError::DeviceRevoked => 403,
            AppError::DeviceNotFound | AppError::ComplaintNotFound => 404,
            AppError::ComplaintStepRefused(_) => 409,
            AppError::ReadingWindowClosed | AppError::SelfReadingSettled | AppError::ReadingAlreadyBilled => 409,
            AppError::ReadingLimit => 429,
            AppError::PhoneNotOnFile => 403,
            AppError::SelfReadingNotFound => 404,
            AppError::DeviceAlreadyEnrolled => 409,
            AppError::Forbidden | AppError::CsrfRejected | AppError::PasswordChangeRequired => 403,
            AppError::OwnAccount => 409,
            AppError::NoticeNotFound | AppError::TicketNotFound | AppError::ImportNotFound => 404,
            AppError::ImportNotReady => 409,
            AppError::RunNotFound | AppError::BankNotFound | AppError::BillNotFound => 404,
            AppError::RunUnderReview | AppError::RunPublished | AppError::ReviewPending(_) => 409,
            AppError::NotLatestReading | AppError::CarriedOverBill => 409,
            AppError::OfficeClosed { .. } => 409,
            AppError::TicketMoveRefused(_)
            | AppError::CounterClosed
            | AppError::NobodyWaiting
            | AppError::CounterBusy(_) => 409,
            AppError::TicketLimit => 429,
            AppError::UsernameTaken | AppError::AmountChanged => 409,
            AppError::CashShort { .. } => 400,
            AppError::CustomerNotFound
            | AppError::OfficeNotFound
            | AppError::PageNotFound
            | AppError::PaymentNotFound
            | AppError::ReceiptNotFound => 404,
            AppError::NothingToPay | AppError::CounterOnly(_) => 409,
            AppError::ChannelUnavailable => 503,
            AppError::TooManyRequests { .. } | AppError::LoginThrottled { .. } => 429,
            AppError::BillNeedsReview | AppError::Internal => 500,
            AppError::Unreachable(_) => 503,
        }
    }

    /// Sets the HTTP status (and Retry-After) of the response being rendered, on the server.
    pub fn apply_to_response(&self) {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            use http::{header::RETRY_AFTER, HeaderValue, StatusCode};
            // A plain form post (no JavaScript) to a server function: the error travels back to
            // the form's page in the redirect leptos makes; a status here would replace it.
            if plain_form_post() {
                return;
            }
            response.set_status(StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            if let AppError::TooManyRequests { retry_after_secs } | AppError::LoginThrottled { retry_after_secs } = self
            {
                response.insert_header(RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => AppError::Unreachable(e),
            // Arguments that do not decode never reach our code, so the status is set here.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                let error = AppError::BadRequest;
                error.apply_to_response();
                error
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::warn!(error = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal
            }
        }
    }
}

impl From<InputProblem> for AppError {
    fn from(p: InputProblem) -> Self {
        AppError::Invalid(p)
    }
}

/// Whether the request being answered is a browser's plain form post to a server function
/// (no JavaScript): it expects a page, not data.
#[cfg(feature = "ssr")]
pub fn plain_form_post() -> bool {
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.uri.path().starts_with("/api/")
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|a| a.to_str().ok())
                .is_some_and(|a| a.contains("text/html"))
    })
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}
