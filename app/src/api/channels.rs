//! Payment-channel health: which ways to pay work now (customers), and the administrators'
//! board to mark a channel by hand or hand it back to the monitor.

use crate::domain::channel_health::{ChannelState, Source};
use crate::error::AppError;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::{fail, redirect_or_fail};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelView {
    /// `qris`, `va_<bank>`, `counter`.
    pub channel: String,
    /// A bank's name for a virtual-account channel.
    pub name: Option<String>,
    pub state: ChannelState,
    pub source: Source,
    /// Why it is marked (empty while it works).
    pub reason: String,
    /// WIB: since when it is in this state; None when it was never marked.
    pub since: Option<NaiveDateTime>,
}

impl ChannelView {
    pub fn works(&self) -> bool {
        self.state.works()
    }
}

/// Every channel the portal takes payments through, as customers should know it now.
pub fn not_working(channels: &[ChannelView]) -> Vec<&ChannelView> {
    channels.iter().filter(|c| !c.works()).collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelBoard {
    pub csrf: String,
    pub channels: Vec<ChannelView>,
}

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
