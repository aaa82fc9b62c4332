//! What an operator configures about the site itself and the limits every client meets,
//! from configuration and validated at start.

/// The public face of the site and the limits that protect it.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    /// `TIRTA_PUBLIC_URL`: the address customers reach the portal at (`https://air.example.go.id`,
    /// no trailing slash). Printed receipts' verification links and the notice feed's ids are
    /// built from it, never from the request's Host header.
    pub public_url: String,
    /// Online queue tickets open at once, per phone number and office (strict).
    pub tickets_per_phone: i64,
    /// Online queue tickets taken per client network and day, across offices (generous: many
    /// mobile customers share one carrier address).
    pub tickets_per_address: i64,
    pub live: LiveLimits,
    /// What time the queue believes it is: whether an office is open to online tickets.
    pub queue_clock: QueueClock,
    /// How far a counter device goes on its own while the server cannot be reached.
    pub offline: crate::domain::offline::OfflineLimits,
}

/// The queue's clock: WIB now, or (`TIRTA_QUEUE_CLOCK`) a running clock started at a set WIB
/// moment, so tests and demonstrations meet an open office at night and at weekends too.
#[derive(Clone, Copy, Debug, Default)]
pub struct QueueClock {
    offset: chrono::TimeDelta,
}

impl QueueClock {
    /// A clock that reads `start` (WIB) now and runs on from there.
    pub fn starting_at(start: chrono::NaiveDateTime) -> QueueClock {
        QueueClock { offset: start - crate::ssr::clock::now_wib().naive_local() }
    }

    pub fn is_set(self) -> bool {
        self.offset != chrono::TimeDelta::zero()
    }

    /// WIB wall-clock time by this clock.
    pub fn now(self) -> chrono::NaiveDateTime {
        crate::ssr::clock::now_wib().naive_local() + self.offset
    }
}

/// Limits on the public live stream.
#[derive(Clone, Copy, Debug)]
pub struct LiveLimits {
    /// Open streams per client network (an office's screens, a family's phones behind one
    /// address; the live-queue benchmark runs thousands from one address and raises it).
    pub streams_per_address: usize,
    /// Open streams in all, per process.
    pub streams_total: usize,
    /// How far back `since` or `Last-Event-ID` may reach, in events: an older resume starts
    /// from the head's window (the page then reloads what it shows).
    pub replay_events: i64,
}

impl Default for LiveLimits {
    fn default() -> Self {
        LiveLimits { streams_per_address: 50, streams_total: 20_000, replay_events: 5_000 }
    }
}

impl SiteSettings {
    /// Settings for a site reachable at `public_url`, with the default limits.
    pub fn at(public_url: &str) -> SiteSettings {
        SiteSettings {
            public_url: public_url.trim_end_matches('/').to_string(),
            tickets_per_phone: 1,
            tickets_per_address: 20,
            live: LiveLimits::default(),
            queue_clock: QueueClock::default(),
            offline: Default::default(),
        }
    }
}
