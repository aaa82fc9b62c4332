//! Per-client limits on bill lookups: anyone can type numbers, so nobody may type thousands.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The client's address as the server decided to trust it (the socket peer, or the proxy's
/// X-Forwarded-For when configured). Set by the server's middleware on every request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The network a client address stands for in every limit: an IPv4 address, or an IPv6 /64 (one
/// subscriber is usually given a whole /64, and would otherwise have 2^64 fresh allowances).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClientNet(IpAddr);

impl ClientNet {
    pub fn of(ip: IpAddr) -> ClientNet {
        match ip {
            IpAddr::V4(_) => ClientNet(ip),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientNet(IpAddr::V4(v4)),
                None => {
                    let s = v6.segments();
                    ClientNet(IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0)))
                }
            },
        }
    }
}

impl std::fmt::Display for ClientNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            IpAddr::V4(ip) => write!(f, "{ip}"),
            IpAddr::V6(ip) => write!(f, "{ip}/64"),
        }
    }
}

/// A token bucket per client: `burst` lookups at once, refilled at `per_minute`.
pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<ClientNet, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Above this many tracked clients, idle ones are forgotten so memory stays bounded.
const PRUNE_ABOVE: usize = 50_000;

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> RateLimiter {
        RateLimiter {
            burst: burst.max(1) as f64,
            per_second: per_minute.max(1) as f64 / 60.0,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one lookup for `client`, or says how long until one is free.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        self.check_at(client, Instant::now())
    }

    /// Forgets clients whose bucket has filled up again: they are as if never seen.
    pub fn forget_idle(&self, now: Instant) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let (burst, rate) = (self.burst, self.per_second);
        buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * rate < burst);
    }

    /// Clients tracked now.
    pub fn tracked(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len()
    }

    pub fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Between the sweeps (`forget_idle`), a flood of new addresses is bounded too.
        if buckets.len() > PRUNE_ABOVE {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(ClientNet::of(client)).or_insert(Bucket { tokens: self.burst, updated: now });
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

/// Counts one bill lookup against the requesting client.
pub fn take_lookup(state: &super::AppState) -> Result<(), crate::error::AppError> {
    let client = request_client().unwrap_or(IpAddr::from([0, 0, 0, 0]));
    state
        .lookups
        .check(client)
        .map_err(|wait| crate::error::AppError::TooManyRequests { retry_after_secs: wait.as_secs().max(1) })
}

/// The client address of the request a server function is answering.
pub fn request_client() -> Option<IpAddr> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientIp>().copied())
        .map(|ClientIp(ip)| ip)
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

    #[test]
    fn clients_whose_allowance_is_whole_again_are_forgotten() {
        let limiter = RateLimiter::new(60, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            limiter.check_at("10.0.0.1".parse().unwrap(), t0).unwrap();
        }
        limiter.check_at("10.0.0.2".parse().unwrap(), t0).unwrap();
        limiter.forget_idle(t0 + Duration::from_millis(500));
        assert_eq!(limiter.tracked(), 2, "both still have tokens to get back");
        limiter.forget_idle(t0 + Duration::from_millis(1_500));
        assert_eq!(limiter.tracked(), 1, "one used token comes back in a second");
        limiter.forget_idle(t0 + Duration::from_secs(60));
        assert_eq!(limiter.tracked(), 0, "full buckets are forgotten");
    }

    #[test]
    fn an_ipv6_client_is_limited_per_64() {
        let limiter = RateLimiter::new(60, 2);
        let t0 = Instant::now();
        assert!(limiter.check_at("2001:db8:1:2::1".parse().unwrap(), t0).is_ok());
        assert!(limiter.check_at("2001:db8:1:2:ffff::9".parse().unwrap(), t0).is_ok());
        assert!(limiter.check_at("2001:db8:1:2:abcd::5".parse().unwrap(), t0).is_err(), "the same /64");
        assert!(limiter.check_at("2001:db8:1:3::1".parse().unwrap(), t0).is_ok(), "another /64");
        assert_eq!(ClientNet::of("2001:db8:1:2:3:4:5:6".parse().unwrap()).to_string(), "2001:db8:1:2::/64");
        assert_eq!(ClientNet::of("::ffff:10.1.2.3".parse().unwrap()).to_string(), "10.1.2.3");
    }
}
