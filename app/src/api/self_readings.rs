//! Self meter reading: the window, a figure's private page, confirming or taking it back, and
//! setting the window. Sending, which carries a photo, is a multipart route of the server's own.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::self_readings::*;

#[server(endpoint = "readings/window")]
pub async fn load_reading_window() -> Result<ReadingWindowView, AppError> {
    super::answer::data(crate::ssr::self_readings::window()).await
}

#[server(endpoint = "readings/follow")]
pub async fn follow_self_reading(token: String) -> Result<SelfReadingView, AppError> {
    super::answer::data(crate::ssr::self_readings::follow(token)).await
}

#[server(endpoint = "readings/confirm")]
pub async fn confirm_self_reading(token: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::self_readings::confirm(token), |t| format!("/baca-meter/{t}")).await
}

#[server(endpoint = "readings/withdraw")]
pub async fn withdraw_self_reading(token: String) -> Result<String, AppError> {
    super::answer::form(crate::ssr::self_readings::withdraw(token), |t| format!("/baca-meter/{t}")).await
}

#[server(endpoint = "staff/readings/window")]
pub async fn load_window_setting() -> Result<WindowSetting, AppError> {
    super::answer::data(crate::ssr::self_readings::window_setting()).await
}

#[server(endpoint = "staff/readings/set-window")]
pub async fn set_reading_window(csrf: String, first_day: String, last_day: String) -> Result<(), AppError> {
    super::answer::form(crate::ssr::self_readings::set_window(csrf, first_day, last_day), |_| {
        "/staf/tagihan?jendela=1".into()
    })
    .await
}
