//! Counter devices for supervisors: enrol the device in hand, revoke one, see what each brought
//! back from an outage.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::counter_devices::*;

#[server(endpoint = "staff/devices")]
pub async fn load_counter_devices() -> Result<DevicesPage, AppError> {
    super::answer::data(crate::ssr::counter_devices::page()).await
}

/// Enrols the browser this form is sent from; `office` is an administrator's choice.
#[server(endpoint = "staff/devices/enrol")]
pub async fn enrol_counter_device(
    csrf: String,
    label: String,
    #[server(default)] office: String,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::counter_devices::enrol(&csrf, &label, &office), |_| {
        "/staf/perangkat?didaftarkan=1".into()
    })
    .await
}

#[server(endpoint = "staff/devices/revoke")]
pub async fn revoke_counter_device(csrf: String, id: i64) -> Result<(), AppError> {
    super::answer::form(crate::ssr::counter_devices::revoke(&csrf, id), move |_| {
        format!("/staf/perangkat?dicabut={id}")
    })
    .await
}

/// An offline payment as its customer follows it, by the key its provisional receipt's QR carries.
#[server(endpoint = "counter/offline-receipt")]
pub async fn follow_offline_receipt(key: String) -> Result<OfflineReceiptStatus, AppError> {
    super::answer::data(crate::ssr::offline_sync::receipt_status(&key)).await
}
