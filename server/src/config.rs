//! Configuration from environment variables. Every variable has a default that runs the
//! portal on one machine with an embedded SQLite file; README.md lists them.

use app::domain::channel_health::HealthRules;
use app::domain::offline::OfflineLimits;
use app::domain::qris::{Merchant, MerchantAccount};
use app::ssr::{LiveLimits, PaymentSettings, QrisSettings, SiteSettings};
use leptos::config::Env;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::str::FromStr;

#[derive(Clone, Debug)]
pub struct Config {
    /// `TIRTA_DATABASE_URL`: `sqlite://tirta.db?mode=rwc` (file created if missing).
    pub database_url: String,
    /// `TIRTA_DB_MAX_CONNECTIONS`: 8.
    pub db_max_connections: u32,
    /// `TIRTA_SQLITE_SYNCHRONOUS`: `full` (default: every commit survives a power cut) or
    /// `normal` (faster, loses the last commits on a power cut; for measuring and throwaway demos).
    pub durability: crate::db::Durability,
    /// `TIRTA_LOOKUPS_PER_MINUTE` and `TIRTA_LOOKUP_BURST`: bill lookups a client may make.
    pub lookups_per_minute: u32,
    pub lookup_burst: u32,
    /// `TIRTA_TRUST_FORWARDED_FOR` (off) and `TIRTA_TRUSTED_PROXIES` (1): behind that many
    /// proxies, the client address is read from X-Forwarded-For (counted from the right) and
    /// X-Forwarded-Proto is believed. 0 when not trusted: both headers are ignored.
    pub proxy_hops: u32,
    /// `TIRTA_LOG_FORMAT`: `text` or `json`.
    pub log_json: bool,
    /// `TIRTA_SHUTDOWN_GRACE_SECS`: how long requests in flight may finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// `LEPTOS_SITE_ADDR` (127.0.0.1:3000), `LEPTOS_SITE_ROOT` (target/site), `LEPTOS_ENV`.
    pub leptos: LeptosOptions,
    /// `TIRTA_MODE`: `production` (default) or `demo`, and the `TIRTA_QRIS_*` channel settings.
    pub payments: PaymentSettings,
    /// `TIRTA_CHANNEL_FAILURES` (5), `TIRTA_CHANNEL_SILENCE_MINUTES` (30), `TIRTA_CHANNEL_ATTEMPTS`
    /// (5): when the monitor marks a payment channel degraded.
    pub channel_rules: HealthRules,
    /// `TIRTA_LIVE_POLL_MS` (1000): how often each process looks for new live events even
    /// without a wake-up (its own writes and, on PostgreSQL, other replicas' notifications wake it).
    pub live_poll: std::time::Duration,
    /// `TIRTA_RULES_CHECK_SECS` (10): how often each process asks whether another one changed
    /// the tariffs or rules.
    pub rules_check: std::time::Duration,
    /// `TIRTA_PUBLIC_URL` (required to serve in production; in demo mode the site address),
    /// `TIRTA_TICKETS_PER_PHONE` (1), `TIRTA_TICKETS_PER_ADDRESS` (20), `TIRTA_LIVE_STREAMS_PER_ADDRESS`
    /// (50), `TIRTA_LIVE_STREAMS` (20000), `TIRTA_LIVE_REPLAY_EVENTS` (5000), `TIRTA_QUEUE_CLOCK`
    /// (unset: WIB now; `2026-11-30T10:00`: the queue's clock starts there and runs, for tests and
    /// demonstrations out of office hours), `TIRTA_OFFLINE_SNAPSHOT_HOURS` (72),
    /// `TIRTA_OFFLINE_DEVICE_LIMIT` (25000000 rupiah) and `TIRTA_OFFLINE_RECEIPT_BLOCK` (200): how
    /// far a counter device goes on its own while the server cannot be reached.
    pub site: SiteSettings,
}

#[derive(Debug, thiserror::Error)]
#[error("{name}: cannot use {value:?}: {reason}")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: String,
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests can configure without touching the
    /// process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let text = |name: &'static str, default: &str| {
            lookup(name).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_string())
        };
        fn parse<T: FromStr>(name: &'static str, value: String) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.trim().parse().map_err(|e: T::Err| ConfigError { name, value, reason: e.to_string() })
        }
        let flag = |name: &'static str| -> Result<bool, ConfigError> {
            match text(name, "false").to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(true),
                "0" | "false" | "no" | "off" => Ok(false),
                other => Err(ConfigError { name, value: other.into(), reason: "expected true or false".into() }),
            }
        };
        let site_addr: SocketAddr = parse("LEPTOS_SITE_ADDR", text("LEPTOS_SITE_ADDR", "127.0.0.1:3000"))?;
        let env = match text("LEPTOS_ENV", "PROD").to_ascii_uppercase().as_str() {
            "DEV" | "DEVELOPMENT" => Env::DEV,
            "PROD" | "PRODUCTION" => Env::PROD,
            other => {
                return Err(ConfigError {
                    name: "LEPTOS_ENV",
                    value: other.into(),
                    reason: "expected DEV or PROD".into(),
                })
            }
        };
        let leptos = LeptosOptions::builder()
            .output_name(text("LEPTOS_OUTPUT_NAME", "tirta"))
            .site_root(text("LEPTOS_SITE_ROOT", "target/site"))
            .site_pkg_dir(text("LEPTOS_SITE_PKG_DIR", "pkg"))
            .site_addr(site_addr)
            .env(env)
            .hash_files(hash_files(&lookup)?)
            .build();
        let log_format = text("TIRTA_LOG_FORMAT", "text");
        let log_json = match log_format.as_str() {
            "json" => true,
            "text" => false,
            _ => {
                return Err(ConfigError {
                    name: "TIRTA_LOG_FORMAT",
                    value: log_format,
                    reason: "expected text or json".into(),
                })
            }
        };
        let positive = |name: &'static str, default: &str| -> Result<u32, ConfigError> {
            let n: u32 = parse(name, text(name, default))?;
            if n == 0 {
                return Err(ConfigError { name, value: "0".into(), reason: "must be at least 1".into() });
            }
            Ok(n)
        };
        let demo = match text("TIRTA_MODE", "production").as_str() {
            "demo" => true,
            "production" => false,
            other => {
                return Err(ConfigError {
                    name: "TIRTA_MODE",
                    value: other.into(),
                    reason: "expected production or demo".into(),
                })
            }
        };
        let payments = PaymentSettings { qris: qris_settings(&lookup, demo)?, demo };
        let channel_rules = HealthRules {
            failures_in_a_row: positive("TIRTA_CHANNEL_FAILURES", "5")?,
            silence: chrono::Duration::minutes(positive("TIRTA_CHANNEL_SILENCE_MINUTES", "30")?.into()),
            attempts: positive("TIRTA_CHANNEL_ATTEMPTS", "5")?,
        };
        let public_url = match lookup("TIRTA_PUBLIC_URL")
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
        {
            Some(url) => {
                let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
                if rest.is_none_or(|host| host.is_empty() || host.contains(['/', '?', '#', ' ', '@'])) {
                    return Err(ConfigError {
                        name: "TIRTA_PUBLIC_URL",
                        value: url,
                        reason: "expected http(s)://host[:port], without a path".into(),
                    });
                }
                url
            }
            None if demo => format!("http://{site_addr}"),
            // Only serving needs it (`server::prepare` refuses to start without it): the other
            // commands print no links.
            None => String::new(),
        };
        let durability: crate::db::Durability =
            parse("TIRTA_SQLITE_SYNCHRONOUS", text("TIRTA_SQLITE_SYNCHRONOUS", "full"))?;
        if durability != crate::db::Durability::Full && !demo {
            return Err(ConfigError {
                name: "TIRTA_SQLITE_SYNCHRONOUS",
                value: text("TIRTA_SQLITE_SYNCHRONOUS", ""),
                reason: "only full in production (normal is for demo mode and measurements): a payment answered to a bank must survive a power cut".into(),
            });
        }
        let queue_clock = match lookup("TIRTA_QUEUE_CLOCK").filter(|v| !v.trim().is_empty()) {
            Some(v) => {
                let start =
                    chrono::NaiveDateTime::parse_from_str(v.trim(), "%Y-%m-%dT%H:%M").map_err(|_| ConfigError {
                        name: "TIRTA_QUEUE_CLOCK",
                        value: v.clone(),
                        reason: "expected a WIB date and time as 2026-11-30T10:00".into(),
                    })?;
                app::ssr::settings::QueueClock::starting_at(start)
            }
            None => app::ssr::settings::QueueClock::default(),
        };
        let site = SiteSettings {
            queue_clock,
            public_url,
            tickets_per_phone: positive("TIRTA_TICKETS_PER_PHONE", "1")?.into(),
            tickets_per_address: positive("TIRTA_TICKETS_PER_ADDRESS", "20")?.into(),
            live: LiveLimits {
                streams_per_address: positive(
                    "TIRTA_LIVE_STREAMS_PER_ADDRESS",
                    &LiveLimits::default().streams_per_address.to_string(),
                )? as usize,
                streams_total: positive("TIRTA_LIVE_STREAMS", &LiveLimits::default().streams_total.to_string())?
                    as usize,
                replay_events: positive("TIRTA_LIVE_REPLAY_EVENTS", &LiveLimits::default().replay_events.to_string())?
                    .into(),
            },
            offline: {
                let default = OfflineLimits::default();
                OfflineLimits {
                    snapshot_hours: positive("TIRTA_OFFLINE_SNAPSHOT_HOURS", &default.snapshot_hours.to_string())?
                        .into(),
                    device_total: app::domain::Money::rupiah(
                        positive(
                            "TIRTA_OFFLINE_DEVICE_LIMIT",
                            &default.device_total.whole_rupiah().unwrap_or(0).to_string(),
                        )?
                        .into(),
                    ),
                    block_size: positive("TIRTA_OFFLINE_RECEIPT_BLOCK", &default.block_size.to_string())?.into(),
                }
            },
        };
        Ok(Config {
            site,
            durability,
            channel_rules,
            payments,
            database_url: text("TIRTA_DATABASE_URL", "sqlite://tirta.db?mode=rwc"),
            db_max_connections: positive("TIRTA_DB_MAX_CONNECTIONS", "8")?,
            lookups_per_minute: positive("TIRTA_LOOKUPS_PER_MINUTE", "30")?,
            lookup_burst: positive("TIRTA_LOOKUP_BURST", "10")?,
            proxy_hops: if flag("TIRTA_TRUST_FORWARDED_FOR")? { positive("TIRTA_TRUSTED_PROXIES", "1")? } else { 0 },
            log_json,
            live_poll: std::time::Duration::from_millis(positive("TIRTA_LIVE_POLL_MS", "1000")?.into()),
            rules_check: std::time::Duration::from_secs(positive("TIRTA_RULES_CHECK_SECS", "10")?.into()),
            shutdown_grace_secs: parse("TIRTA_SHUTDOWN_GRACE_SECS", text("TIRTA_SHUTDOWN_GRACE_SECS", "20"))?,
            leptos,
        })
    }
}

/// The QRIS channel: the utility's merchant identity and the acquirer's server key. In demo
/// mode a demo identity fills what is not set; in production an unset key leaves the channel
/// off, and a set but invalid identity stops the server.
fn qris_settings(lookup: &impl Fn(&str) -> Option<String>, demo: bool) -> Result<Option<QrisSettings>, ConfigError> {
    let get = |name: &str, demo_value: &str| -> Option<String> {
        lookup(name).filter(|v| !v.trim().is_empty()).or_else(|| demo.then(|| demo_value.to_string()))
    };
    let Some(server_key) = get("TIRTA_QRIS_SERVER_KEY", "demo-acquirer-server-key") else {
        return Ok(None);
    };
    let required = |name: &'static str, demo_value: &str| {
        get(name, demo_value).ok_or(ConfigError {
            name,
            value: String::new(),
            reason: "required when TIRTA_QRIS_SERVER_KEY is set".into(),
        })
    };
    let merchant = Merchant {
        accounts: vec![MerchantAccount {
            id: 26,
            guid: required("TIRTA_QRIS_ACQUIRER_GUID", "ID.CO.DEMOBANK.WWW")?,
            pan: required("TIRTA_QRIS_MERCHANT_PAN", "936099990000012345")?,
            merchant_id: required("TIRTA_QRIS_MERCHANT_ID", "000012345")?,
            criteria: required("TIRTA_QRIS_CRITERIA", "UBE")?,
        }],
        nmid: required("TIRTA_QRIS_NMID", "ID1026000000001")?,
        criteria: required("TIRTA_QRIS_CRITERIA", "UBE")?,
        mcc: get("TIRTA_QRIS_MCC", "4900").unwrap_or_else(|| "4900".into()),
        name: required("TIRTA_QRIS_MERCHANT_NAME", "TIRTA DEMO AIR MINUM")?,
        city: required("TIRTA_QRIS_MERCHANT_CITY", "KAB. MALANG")?,
        postal_code: get("TIRTA_QRIS_POSTAL_CODE", "65163").unwrap_or_default(),
    };
    merchant.validate().map_err(|e| ConfigError {
        name: "TIRTA_QRIS_*",
        value: format!("{} / {}", merchant.nmid, merchant.name),
        reason: e.to_string(),
    })?;
    let ttl_minutes: i64 = match get("TIRTA_QRIS_TTL_MINUTES", "15") {
        Some(v) => v.trim().parse().map_err(|e: std::num::ParseIntError| ConfigError {
            name: "TIRTA_QRIS_TTL_MINUTES",
            value: v,
            reason: e.to_string(),
        })?,
        None => 15,
    };
    if !(1..=2880).contains(&ttl_minutes) {
        return Err(ConfigError {
            name: "TIRTA_QRIS_TTL_MINUTES",
            value: ttl_minutes.to_string(),
            reason: "between 1 and 2880 (48 hours)".into(),
        });
    }
    let grace_hours: i64 = match get("TIRTA_QRIS_LATE_GRACE_HOURS", "24") {
        Some(v) => v.trim().parse().map_err(|e: std::num::ParseIntError| ConfigError {
            name: "TIRTA_QRIS_LATE_GRACE_HOURS",
            value: v,
            reason: e.to_string(),
        })?,
        None => 24,
    };
    if !(0..=720).contains(&grace_hours) {
        return Err(ConfigError {
            name: "TIRTA_QRIS_LATE_GRACE_HOURS",
            value: grace_hours.to_string(),
            reason: "between 0 and 720 (30 days)".into(),
        });
    }
    Ok(Some(QrisSettings {
        merchant,
        server_key,
        ttl: chrono::Duration::minutes(ttl_minutes),
        late_grace: chrono::Duration::hours(grace_hours),
    }))
}

/// `LEPTOS_HASH_FILES`: whether the bundle's file names carry content hashes (cargo-leptos
/// `hash-files`). Unset: yes when the build left its `hash.txt` beside this executable.
fn hash_files(lookup: &impl Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
    match lookup("LEPTOS_HASH_FILES").map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") => Ok(std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join("hash.txt").exists()))
            .unwrap_or(false)),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => {
            Err(ConfigError { name: "LEPTOS_HASH_FILES", value: other.into(), reason: "expected true or false".into() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Production needs its public address: every test gives one unless it asks otherwise.
    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        map.entry("TIRTA_PUBLIC_URL".into()).or_insert_with(|| "https://air.example.go.id".into());
        map.retain(|_, v| !v.is_empty());
        Config::from_lookup(move |name| map.get(name).cloned())
    }

    #[test]
    fn defaults_run_on_sqlite() {
        let c = with(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://tirta.db?mode=rwc");
        assert_eq!(c.leptos.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.lookups_per_minute, 30);
        assert_eq!(c.proxy_hops, 0, "forwarding headers are not trusted by default");
        assert_eq!(with(&[("TIRTA_TRUST_FORWARDED_FOR", "true")]).unwrap().proxy_hops, 1);
        assert_eq!(
            with(&[("TIRTA_TRUST_FORWARDED_FOR", "true"), ("TIRTA_TRUSTED_PROXIES", "2")]).unwrap().proxy_hops,
            2
        );
    }

    #[test]
    fn production_needs_its_public_address_and_full_durability() {
        assert_eq!(
            with(&[("TIRTA_PUBLIC_URL", "")]).unwrap().site.public_url,
            "",
            "unset: `server::prepare` refuses to serve"
        );
        assert_eq!(
            with(&[("TIRTA_PUBLIC_URL", ""), ("TIRTA_MODE", "demo")]).unwrap().site.public_url,
            "http://127.0.0.1:3000"
        );
        assert_eq!(
            with(&[("TIRTA_PUBLIC_URL", "https://air.example.go.id/")]).unwrap().site.public_url,
            "https://air.example.go.id"
        );
        for bad in ["air.example.go.id", "https://", "https://air.example.go.id/bayar", "ftp://x"] {
            assert!(with(&[("TIRTA_PUBLIC_URL", bad)]).is_err(), "{bad}");
        }
        assert_eq!(with(&[]).unwrap().durability, crate::db::Durability::Full);
        let e = with(&[("TIRTA_SQLITE_SYNCHRONOUS", "normal")]).unwrap_err().to_string();
        assert!(e.contains("power cut"), "{e}");
        assert_eq!(
            with(&[("TIRTA_SQLITE_SYNCHRONOUS", "normal"), ("TIRTA_MODE", "demo")]).unwrap().durability,
            crate::db::Durability::Normal
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = with(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err().to_string();
        assert!(e.starts_with("LEPTOS_SITE_ADDR"), "{e}");
        let e = with(&[("TIRTA_LOOKUPS_PER_MINUTE", "0")]).unwrap_err().to_string();
        assert!(e.contains("TIRTA_LOOKUPS_PER_MINUTE"), "{e}");
        assert!(with(&[("TIRTA_TRUST_FORWARDED_FOR", "maybe")]).is_err());
        assert!(with(&[("TIRTA_LOG_FORMAT", "xml")]).is_err());
    }

    #[test]
    fn qris_is_off_in_production_until_configured_and_validated() {
        assert!(with(&[]).unwrap().payments.qris.is_none());
        assert!(!with(&[]).unwrap().payments.demo);
        let demo = with(&[("TIRTA_MODE", "demo")]).unwrap();
        assert!(demo.payments.demo && demo.payments.qris.is_some());
        let e = with(&[("TIRTA_QRIS_SERVER_KEY", "k")]).unwrap_err().to_string();
        assert!(e.contains("TIRTA_QRIS_ACQUIRER_GUID"), "{e}");
        let e = with(&[("TIRTA_MODE", "demo"), ("TIRTA_QRIS_NMID", "ID123")]).unwrap_err().to_string();
        assert!(e.contains("NMID"), "{e}");
        let e = with(&[("TIRTA_MODE", "demo"), ("TIRTA_QRIS_MERCHANT_NAME", "PERUSAHAAN UMUM DAERAH AIR MINUM")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("too long"), "{e}");
        assert!(with(&[("TIRTA_MODE", "staging")]).is_err());
    }
}
