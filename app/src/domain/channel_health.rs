//! Whether a payment channel works, judged from what it does: requests and notifications that
//! fail, or silence while customers are trying to pay. An administrator's word overrides both.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelState {
    Operational,
    Degraded,
    Down,
}

impl ChannelState {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelState::Operational => "operational",
            ChannelState::Degraded => "degraded",
            ChannelState::Down => "down",
        }
    }
    pub fn works(self) -> bool {
        self == ChannelState::Operational
    }
}

impl FromStr for ChannelState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "operational" => Ok(ChannelState::Operational),
            "degraded" => Ok(ChannelState::Degraded),
            "down" => Ok(ChannelState::Down),
            other => Err(format!("unknown channel state {other:?}")),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthRules {
    /// This many failures in a row, with no success between, mark the channel degraded.
    pub failures_in_a_row: u32,
    /// Customers opened at least `attempts` payments on the channel and nothing succeeded for
    /// this long: the channel is silent.
    pub silence: Duration,
    pub attempts: u32,
}

impl Default for HealthRules {
    fn default() -> Self {
        HealthRules { failures_in_a_row: 5, silence: Duration::minutes(30), attempts: 5 }
    }
}

/// What the channel did recently.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Signals {
    /// Failures since the last success.
    pub failures_in_a_row: u32,
    pub last_success: Option<DateTime<Utc>>,
    /// Payments customers opened on this channel since `now - silence`.
    pub recent_attempts: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Healthy,
    RepeatedFailures(u32),
    Silent { attempts: u32 },
}

pub fn assess(rules: &HealthRules, signals: &Signals, now: DateTime<Utc>) -> Verdict {
    if signals.failures_in_a_row >= rules.failures_in_a_row {
        return Verdict::RepeatedFailures(signals.failures_in_a_row);
    }
    let quiet = signals.last_success.is_none_or(|t| now - t >= rules.silence);
    if quiet && signals.recent_attempts >= rules.attempts {
        return Verdict::Silent { attempts: signals.recent_attempts };
    }
    Verdict::Healthy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2026-11-26T03:00:00Z".parse().unwrap()
    }

    #[test]
    fn repeated_failures_degrade_and_a_success_clears() {
        let rules = HealthRules::default();
        let mut s = Signals { failures_in_a_row: 4, last_success: Some(now() - Duration::minutes(1)), recent_attempts: 0 };
        assert_eq!(assess(&rules, &s, now()), Verdict::Healthy);
        s.failures_in_a_row = 5;
        assert_eq!(assess(&rules, &s, now()), Verdict::RepeatedFailures(5));
        s.failures_in_a_row = 0;
        assert_eq!(assess(&rules, &s, now()), Verdict::Healthy);
    }

    #[test]
    fn silence_counts_only_while_customers_try_to_pay() {
        let rules = HealthRules::default();
        let quiet = Signals { failures_in_a_row: 0, last_success: Some(now() - Duration::minutes(45)), recent_attempts: 2 };
        assert_eq!(assess(&rules, &quiet, now()), Verdict::Healthy, "a quiet night is not an outage");
        let trying = Signals { recent_attempts: 7, ..quiet.clone() };
        assert_eq!(assess(&rules, &trying, now()), Verdict::Silent { attempts: 7 });
        let recent = Signals { last_success: Some(now() - Duration::minutes(29)), ..trying };
        assert_eq!(assess(&rules, &recent, now()), Verdict::Healthy);
        let never = Signals { failures_in_a_row: 0, last_success: None, recent_attempts: 5 };
        assert_eq!(assess(&rules, &never, now()), Verdict::Silent { attempts: 5 });
    }
}
