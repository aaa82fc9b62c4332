//! Configuration from environment variables. Every variable has a default that runs the
//! portal on one machine with an embedded SQLite file; README.md lists them.

use leptos::prelude::LeptosOptions;
use leptos::config::Env;
use std::net::SocketAddr;
use std::str::FromStr;

#[derive(Clone, Debug)]
pub struct Config {
    /// `TIRTA_DATABASE_URL`: `sqlite://tirta.db?mode=rwc` (file created if missing).
    pub database_url: String,
    /// `TIRTA_DB_MAX_CONNECTIONS`: 8.
    pub db_max_connections: u32,
    /// `TIRTA_LOOKUPS_PER_MINUTE` and `TIRTA_LOOKUP_BURST`: bill lookups a client may make.
    pub lookups_per_minute: u32,
    pub lookup_burst: u32,
    /// `TIRTA_TRUST_FORWARDED_FOR`: take the client address from X-Forwarded-For (only behind
    /// a proxy that sets it; otherwise anyone could dodge the lookup limit).
    pub trust_forwarded_for: bool,
    /// `TIRTA_LOG_FORMAT`: `text` or `json`.
    pub log_json: bool,
    /// `TIRTA_SHUTDOWN_GRACE_SECS`: how long requests in flight may finish on shutdown.
    pub shutdown_grace_secs: u64,
    /// `LEPTOS_SITE_ADDR` (127.0.0.1:3000), `LEPTOS_SITE_ROOT` (target/site), `LEPTOS_ENV`.
    pub leptos: LeptosOptions,
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
        let text = |name: &'static str, default: &str| lookup(name).filter(|v| !v.trim().is_empty()).unwrap_or_else(|| default.to_string());
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
            other => return Err(ConfigError { name: "LEPTOS_ENV", value: other.into(), reason: "expected DEV or PROD".into() }),
        };
        let leptos = LeptosOptions::builder()
            .output_name(text("LEPTOS_OUTPUT_NAME", "tirta"))
            .site_root(text("LEPTOS_SITE_ROOT", "target/site"))
            .site_pkg_dir(text("LEPTOS_SITE_PKG_DIR", "pkg"))
            .site_addr(site_addr)
            .env(env)
            .build();
        let log_format = text("TIRTA_LOG_FORMAT", "text");
        let log_json = match log_format.as_str() {
            "json" => true,
            "text" => false,
            _ => return Err(ConfigError { name: "TIRTA_LOG_FORMAT", value: log_format, reason: "expected text or json".into() }),
        };
        let positive = |name: &'static str, default: &str| -> Result<u32, ConfigError> {
            let n: u32 = parse(name, text(name, default))?;
            if n == 0 {
                return Err(ConfigError { name, value: "0".into(), reason: "must be at least 1".into() });
            }
            Ok(n)
        };
        Ok(Config {
            database_url: text("TIRTA_DATABASE_URL", "sqlite://tirta.db?mode=rwc"),
            db_max_connections: positive("TIRTA_DB_MAX_CONNECTIONS", "8")?,
            lookups_per_minute: positive("TIRTA_LOOKUPS_PER_MINUTE", "30")?,
            lookup_burst: positive("TIRTA_LOOKUP_BURST", "10")?,
            trust_forwarded_for: flag("TIRTA_TRUST_FORWARDED_FOR")?,
            log_json,
            shutdown_grace_secs: parse("TIRTA_SHUTDOWN_GRACE_SECS", text("TIRTA_SHUTDOWN_GRACE_SECS", "20"))?,
            leptos,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(move |name| map.get(name).cloned())
    }

    #[test]
    fn defaults_run_on_sqlite() {
        let c = with(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://tirta.db?mode=rwc");
        assert_eq!(c.leptos.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.lookups_per_minute, 30);
        assert!(!c.trust_forwarded_for);
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
}
