//! Live events as they cross the wire: the topic names the event on `/api/v1/live` (the
//! browser listens by it), the payload says what changed. One set, for the server that writes
//! them and the pages that follow them.

use serde::{Deserialize, Serialize};

/// The request header a live region's refresh carries: the newest live event the page has
/// seen, so a replica that has not caught up with it is not asked.
pub const SEEN_HEADER: &str = "x-tirta-seen";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// Notices and announcements.
    Notice,
    /// A payment channel's state.
    Channel,
    /// A payment credited (private: only the customer's own pages receive it).
    Payment,
    /// A ticket moved, or a counter opened or closed.
    Queue,
}

impl Topic {
    pub const ALL: [Topic; 4] = [Topic::Notice, Topic::Channel, Topic::Payment, Topic::Queue];

    /// The event's name on the stream, as stored in `live_events.topic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Notice => "notice",
            Topic::Channel => "channel",
            Topic::Payment => "payment",
            Topic::Queue => "queue",
        }
    }

    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether events of this topic change what the notice board shows (channel states show
    /// there as notices).
    pub fn changes_board(self) -> bool {
        matches!(self, Topic::Notice | Topic::Channel)
    }
}

/// What changed, with the payload a page may read. Serialised untagged: the payload is the
/// variant's fields (`{"id":7}`), the topic travels beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LiveChange {
    Notice { id: i64 },
    Announcement { announcement: i64 },
    Channel { channel: String, state: String },
    Payment { intent: String },
    Queue { action: String },
}

impl LiveChange {
    pub fn topic(&self) -> Topic {
        match self {
            LiveChange::Notice { .. } | LiveChange::Announcement { .. } => Topic::Notice,
            LiveChange::Channel { .. } => Topic::Channel,
            LiveChange::Payment { .. } => Topic::Payment,
            LiveChange::Queue { .. } => Topic::Queue,
        }
    }

    /// The payload as stored and sent.
    pub fn payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_read_back_and_payloads_are_the_fields() {
        for topic in Topic::ALL {
            assert_eq!(Topic::parse(topic.as_str()), Some(topic));
        }
        assert_eq!(Topic::parse("gossip"), None);
        assert_eq!(LiveChange::Notice { id: 7 }.payload(), r#"{"id":7}"#);
        assert_eq!(LiveChange::Payment { intent: "TRT1".into() }.payload(), r#"{"intent":"TRT1"}"#);
        let channel = LiveChange::Channel { channel: "qris".into(), state: "down".into() };
        assert_eq!(channel.payload(), r#"{"channel":"qris","state":"down"}"#);
        assert_eq!(channel.topic(), Topic::Channel);
        assert!(Topic::Channel.changes_board() && !Topic::Queue.changes_board());
    }
}
