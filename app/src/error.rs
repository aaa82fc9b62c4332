//! Failures a visitor can meet, as data: each carries the HTTP status it answers with and is
//! shown as a readable page, never a panic or a bare 500.

use crate::domain::CustomerNumberError;
use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

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
    #[error("internal error")]
    Internal,
    #[error("could not reach the server: {0}")]
    Unreachable(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::InvalidCustomerNumber(_) | AppError::BadRequest => 400,
            AppError::CustomerNotFound | AppError::OfficeNotFound | AppError::PageNotFound | AppError::PaymentNotFound | AppError::ReceiptNotFound => 404,
            AppError::NothingToPay => 409,
            AppError::ChannelUnavailable => 503,
            AppError::TooManyRequests { .. } => 429,
            AppError::BillNeedsReview | AppError::Internal => 500,
            AppError::Unreachable(_) => 503,
        }
    }

    /// Sets the HTTP status (and Retry-After) of the response being rendered, on the server.
    pub fn apply_to_response(&self) {
        #[cfg(feature = "ssr")]
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            use http::{header::RETRY_AFTER, HeaderValue, StatusCode};
            response.set_status(StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            if let AppError::TooManyRequests { retry_after_secs } = self {
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

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Internal
    }
}
