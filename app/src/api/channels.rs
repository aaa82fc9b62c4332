//! Payment-channel health: which ways to pay work now (customers), and the administrators'
//! board to mark a channel by hand or hand it back to the monitor.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};
use leptos::prelude::*;

pub use crate::model::channels::*;

/// Administrators: every channel with its state and who set it.
#[server(endpoint = "channels/board")]
pub async fn load_channel_board() -> Result<ChannelBoard, AppError> {
    let result = async {
        let state = crate::ssr::app_state()?;
        let session = crate::ssr::auth::authorize_read(crate::domain::staff::Duty::Administer).await?;
        Ok(ChannelBoard { csrf: session.csrf, channels: crate::ssr::channels::overview(&state).await? })
    }
    .await;
    result.or_else(fail)
}

/// Administrators set a channel's state by hand (`operational`, `degraded`, `down`), or give it
/// back to the monitor (`auto`).
#[server(endpoint = "channels/set")]
pub async fn set_channel_state(csrf: String, channel: String, state: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let result = crate::ssr::channels::set_by_hand(&csrf, &channel, &state, &reason).await;
    redirect_or_fail(result, "/staf/kanal?disimpan=1")
}
