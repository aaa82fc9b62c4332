//! Payment-channel health: which ways to pay work now (customers), and the administrators'
//! board to mark a channel by hand or hand it back to the monitor.

use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::channels::*;

/// Administrators: every channel with its state and who set it.
#[server(endpoint = "channels/board")]
pub async fn load_channel_board() -> Result<ChannelBoard, AppError> {
    super::answer::data(crate::ssr::channels::board()).await
}

/// Administrators set a channel's state by hand (`operational`, `degraded`, `down`), or give it
/// back to the monitor (`auto`).
#[server(endpoint = "channels/set")]
pub async fn set_channel_state(
    csrf: String,
    channel: String,
    state: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    super::answer::form(crate::ssr::channels::set_by_hand(&csrf, &channel, &state, &reason), |_| {
        "/staf/kanal?disimpan=1".into()
    })
    .await
}
