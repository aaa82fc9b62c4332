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
        SiteSettings { public_url: public_url.trim_end_matches('/').to_string(), tickets_per_phone: 1, tickets_per_address: 20, live: LiveLimits::default() }
    }
}
