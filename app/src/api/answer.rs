//! The one way a server function answers. Its body is the call to the service it fronts; this
//! module turns the outcome into the status, the redirect or the plain-form answer.
//!
//! - `data`: a page or script asked for data; a failure carries its status (and Retry-After).
//! - `form`: a form was sent; success goes on to the address the outcome names, and failure
//!   returns to the form with the error (a plain form post, without JavaScript, gets leptos'
//!   redirect back carrying it; a script caller gets the error with its status).
//! - `form_or_back`: like `form`, but a plain form post that fails in a way `back` names goes to
//!   a page that shows things as they are now (the bill page after a payment that could not
//!   start because the account changed, say).

use crate::error::AppError;
use std::future::Future;

pub async fn data<T>(work: impl Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    work.await.inspect_err(AppError::apply_to_response)
}

pub async fn form<T>(
    work: impl Future<Output = Result<T, AppError>>,
    to: impl FnOnce(&T) -> String,
) -> Result<T, AppError> {
    let value = data(work).await?;
    leptos_axum::redirect(&to(&value));
    Ok(value)
}

pub async fn form_or_back<T>(
    work: impl Future<Output = Result<T, AppError>>,
    to: impl FnOnce(&T) -> String,
    back: impl FnOnce(&AppError) -> Option<String>,
) -> Result<Option<T>, AppError> {
    match work.await {
        Ok(value) => {
            leptos_axum::redirect(&to(&value));
            Ok(Some(value))
        }
        Err(e) => match back(&e).filter(|_| crate::error::plain_form_post()) {
            Some(page) => {
                leptos_axum::redirect(&page);
                Ok(None)
            }
            None => {
                e.apply_to_response();
                Err(e)
            }
        },
    }
}
