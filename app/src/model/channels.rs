//! Payment channels as pages show them: which works now, which does not and why.

use crate::domain::channel_health::{ChannelState, Source};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

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
