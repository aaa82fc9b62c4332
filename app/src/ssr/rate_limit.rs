//! Per-client limits on bill lookups: anyone can type numbers, so nobody may type thousands.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The client's address as the server decided to trust it (the socket peer, or the proxy's
/// X-Forwarded-For when configured). Set by the server's middleware on every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// A token bucket per client: `burst` lookups at once, refilled at `per_minute`.
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Above this many tracked clients, idle ones are forgotten so memory stays bounded.
const PRUNE_ABOVE: usize = 50_000;

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> RateLimiter {
        RateLimiter { burst: burst.max(1) as f64, per_second: per_minute.max(1) as f64 / 60.0, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one lookup for `client`, or says how long until one is free.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.check_at(client, Instant::now())
    }

    pub fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket { tokens: self.burst, updated: now });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.per_second).min(self.burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.per_second).max(Duration::from_secs(1)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refills() {
        let limiter = RateLimiter::new(60, 3);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at(ip, t0).is_ok());
        }
        let wait = limiter.check_at(ip, t0).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert!(limiter.check_at(other, t0).is_ok(), "clients are limited separately");
        assert!(limiter.check_at(ip, t0 + Duration::from_millis(1_100)).is_ok());
        assert!(limiter.check_at(ip, t0 + Duration::from_millis(1_200)).is_err());
    }
}

/// Counts one bill lookup against the requesting client.
pub fn take_lookup(state: &super::AppState) -> Result<(), crate::error::AppError> {
    let client = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().copied())
        .map(|ClientIp(ip)| ip)
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    state.lookups.check(client).map_err(|wait| crate::error::AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) })
}
