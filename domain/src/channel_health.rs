//! Whether a payment channel works, judged from what it does: requests and notifications that
//! fail, or silence while customers are trying to pay. An administrator's word overrides both.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelState {
    Operational,
    Degraded,
    Down,
}

codes!(ChannelState, "channel state", { Operational => "operational", Degraded => "degraded", Down => "down" });

impl ChannelState {
    pub fn works(self) -> bool {
        self == ChannelState::Operational
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
    /// When customers first tried the channel at all: a channel that never succeeded is judged
    /// silent only once it has been tried for the whole silence window.
    pub first_attempt: Option<DateTime<Utc>>,
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
    let quiet_since = signals.last_success.or(signals.first_attempt).unwrap_or(now);
    if now - quiet_since >= rules.silence && signals.recent_attempts >= rules.attempts {
        return Verdict::Silent { attempts: signals.recent_attempts };
    }
    Verdict::Healthy
}

/// Who set a channel's state: the monitor (it also clears it) or an administrator (whose word
/// stands until an administrator hands the channel back to the monitor).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    Auto,
    Manual,
}

codes!(Source, "channel state source", { Auto => "auto", Manual => "manual" });

/// What the monitor does with a verdict, given the state on record (None: never marked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Keep,
    /// Mark it degraded and tell customers.
    Degrade(Verdict),
    /// It works again: clear the mark and close the notice.
    Recover,
}

pub fn next_change(current: Option<(ChannelState, Source)>, verdict: Verdict) -> Change {
    match (current, verdict) {
        (Some((_, Source::Manual)), _) => Change::Keep,
        (Some((state, Source::Auto)), Verdict::Healthy) if !state.works() => Change::Recover,
        (None | Some((ChannelState::Operational, Source::Auto)), v) if v != Verdict::Healthy => Change::Degrade(v),
        _ => Change::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn now() -> DateTime<Utc> {
        "2026-11-26T03:00:00Z".parse().unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn repeated_failures_degrade_and_a_success_clears() {
        let rules = HealthRules::default();
        let mut s =
            Signals { failures_in_a_row: 4, last_success: Some(now() - Duration::minutes(1)), ..Signals::default() };
        assert_eq!(assess(&rules, &s, now()), Verdict::Healthy);
        s.failures_in_a_row = 5;
        assert_eq!(assess(&rules, &s, now()), Verdict::RepeatedFailures(5));
        s.failures_in_a_row = 0;
        assert_eq!(assess(&rules, &s, now()), Verdict::Healthy);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn silence_counts_only_while_customers_try_to_pay() {
        let rules = HealthRules::default();
        let quiet =
            Signals { last_success: Some(now() - Duration::minutes(45)), recent_attempts: 2, ..Signals::default() };
        assert_eq!(assess(&rules, &quiet, now()), Verdict::Healthy, "a quiet night is not an outage");
        let trying = Signals { recent_attempts: 7, ..quiet.clone() };
        assert_eq!(assess(&rules, &trying, now()), Verdict::Silent { attempts: 7 });
        let recent = Signals { last_success: Some(now() - Duration::minutes(29)), ..trying };
        assert_eq!(assess(&rules, &recent, now()), Verdict::Healthy);
        let never =
            Signals { first_attempt: Some(now() - Duration::minutes(31)), recent_attempts: 5, ..Signals::default() };
        assert_eq!(assess(&rules, &never, now()), Verdict::Silent { attempts: 5 });
        let just_opened =
            Signals { first_attempt: Some(now() - Duration::minutes(2)), recent_attempts: 9, ..Signals::default() };
        assert_eq!(
            assess(&rules, &just_opened, now()),
            Verdict::Healthy,
            "a new channel gets the whole window before it is called silent"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_monitor_marks_and_clears_only_its_own_marks() {
        use ChannelState::*;
        let bad = Verdict::RepeatedFailures(5);
        assert_eq!(next_change(None, bad.clone()), Change::Degrade(bad.clone()));
        assert_eq!(next_change(Some((Operational, Source::Auto)), bad.clone()), Change::Degrade(bad.clone()));
        assert_eq!(next_change(Some((Degraded, Source::Auto)), bad.clone()), Change::Keep, "already marked");
        assert_eq!(next_change(Some((Degraded, Source::Auto)), Verdict::Healthy), Change::Recover);
        assert_eq!(next_change(None, Verdict::Healthy), Change::Keep);
        assert_eq!(next_change(Some((Operational, Source::Auto)), Verdict::Healthy), Change::Keep);
        for state in [Operational, Degraded, Down] {
            assert_eq!(
                next_change(Some((state, Source::Manual)), bad.clone()),
                Change::Keep,
                "an administrator's word stands"
            );
            assert_eq!(next_change(Some((state, Source::Manual)), Verdict::Healthy), Change::Keep);
        }
    }
}
