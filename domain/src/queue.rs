//! Unit-office queues: tickets and the moves they may make, who is called next, the wait a
//! customer can expect, and the words a queue screen speaks. Plain rules, no storage.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// waiting -> called -> (recalled)* -> serving -> done, with the side exits no-show (only once
/// called), cancelled and transferred (to another service, as a new waiting ticket).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketState {
    Waiting,
    Called,
    Serving,
    Done,
    NoShow,
    Cancelled,
    Transferred,
}

codes!(TicketState, "ticket state", {
    Waiting => "waiting",
    Called => "called",
    Serving => "serving",
    Done => "done",
    NoShow => "no_show",
    Cancelled => "cancelled",
    Transferred => "transferred",
});

impl TicketState {
    pub fn is_final(self) -> bool {
        matches!(self, TicketState::Done | TicketState::NoShow | TicketState::Cancelled | TicketState::Transferred)
    }

    /// Where an action takes a ticket in this state, or why it cannot.
    pub fn apply(self, action: TicketAction) -> Result<TicketState, Refused> {
        use TicketAction as A;
        use TicketState as S;
        match (self, action) {
            (S::Waiting, A::Call) => Ok(S::Called),
            (S::Called, A::Recall) => Ok(S::Called),
            (S::Called, A::Start) => Ok(S::Serving),
            (S::Called, A::NoShow) => Ok(S::NoShow),
            (S::Serving, A::Finish) => Ok(S::Done),
            (S::Waiting | S::Called, A::Cancel) => Ok(S::Cancelled),
            (S::Waiting | S::Called | S::Serving, A::Transfer) => Ok(S::Transferred),
            (from, action) => Err(Refused { from, action }),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketAction {
    Call,
    Recall,
    Start,
    Finish,
    NoShow,
    Cancel,
    Transfer,
}

codes!(TicketAction, "ticket action", {
    Call => "call",
    Recall => "recall",
    Start => "start",
    Finish => "finish",
    NoShow => "no_show",
    Cancel => "cancel",
    Transfer => "transfer",
});

/// One move at a counter's console: open or close the counter, or act on its ticket (`call`
/// takes the next in line, or one named out of order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CounterMove {
    Open,
    Close,
    Ticket(TicketAction),
}

impl FromStr for CounterMove {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "open" => Ok(CounterMove::Open),
            "close" => Ok(CounterMove::Close),
            other => other.parse().map(CounterMove::Ticket),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("a {} ticket cannot take the action {}", from.as_str(), action.as_str())]
pub struct Refused {
    pub from: TicketState,
    pub action: TicketAction,
}

/// A ticket's number: the service's prefix letter and its sequence that day (`A001`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TicketNumber {
    pub prefix: String,
    pub seq: u32,
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:03}", self.prefix, self.seq)
    }
}

/// Characters of a ticket's token printed as its short code: typed at `/t/{code}` by someone
/// who cannot scan the printed QR. 32 bits, for tickets that live one day.
pub const SHORT_CODE_LEN: usize = 8;

/// A ticket's short code as printed, `3F2A-91C0`.
pub fn short_code(token: &str) -> String {
    let code: String = token.chars().take(SHORT_CODE_LEN).collect::<String>().to_ascii_uppercase();
    match code.split_at_checked(SHORT_CODE_LEN / 2) {
        Some((a, b)) => format!("{a}-{b}"),
        None => code,
    }
}

/// A short code as someone typed it (`3f2a 91c0`, `3F2A-91C0`), or None when it cannot be one.
pub fn read_short_code(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !matches!(c, '-' | ' ' | '.')).collect::<String>().to_ascii_uppercase();
    (code.len() == SHORT_CODE_LEN && code.chars().all(|c| c.is_ascii_hexdigit())).then_some(code)
}

/// A service prefix: one capital letter.
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.len() == 1 && prefix.chars().all(|c| c.is_ascii_uppercase())
}

/// A ticket waiting its turn, as the caller sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InLine {
    pub id: i64,
    pub priority: bool,
    /// Order of arrival (the moment the ticket was issued, or transferred in).
    pub arrival: i64,
}

/// Who is called next: priority customers (elderly, disabled, pregnant) first, then arrival.
pub fn next_in_line(waiting: &[InLine]) -> Option<i64> {
    waiting.iter().min_by_key(|t| (!t.priority, t.arrival, t.id)).map(|t| t.id)
}

/// How many are called before this ticket, by the same rule.
pub fn ahead_of(waiting: &[InLine], id: i64) -> Option<usize> {
    let me = waiting.iter().find(|t| t.id == id)?;
    let key = |t: &InLine| (!t.priority, t.arrival, t.id);
    Some(waiting.iter().filter(|t| key(t) < key(me)).count())
}

/// The weight of the newest service time in the running mean.
pub const EWMA_ALPHA: f64 = 0.3;
/// Fewer service times than this and the mean is not trusted.
pub const MIN_SAMPLES: u32 = 3;
/// A floor for "at least X minutes" when there is too little to go on.
pub const FLOOR_SECONDS_PER_TICKET: f64 = 120.0;

/// The running mean of service times (seconds), after one more.
pub fn ewma(previous: Option<f64>, sample_secs: f64) -> f64 {
    match previous {
        None => sample_secs,
        Some(mean) => EWMA_ALPHA * sample_secs + (1.0 - EWMA_ALPHA) * mean,
    }
}

/// What a customer is told about their wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaitEstimate {
    /// No counter serves this service now.
    NoCounter,
    /// Too few service times to say more than a floor.
    AtLeast { minutes: u32 },
    /// A range in minutes, skewed upward: rolling means underestimate.
    Range { low: u32, high: u32 },
}

impl WaitEstimate {
    /// The figure recorded next to the actual call, to measure accuracy: the range's middle.
    pub fn point_minutes(self) -> Option<f64> {
        match self {
            WaitEstimate::NoCounter => None,
            WaitEstimate::AtLeast { minutes } => Some(minutes as f64),
            WaitEstimate::Range { low, high } => Some((low + high) as f64 / 2.0),
        }
    }
}

/// `(ahead + 1) x S / c`, S the running mean of service times, c the counters open for it.
pub fn estimate_wait(ahead: usize, mean_service_secs: Option<f64>, samples: u32, counters: u32) -> WaitEstimate {
    if counters == 0 {
        return WaitEstimate::NoCounter;
    }
    let people = (ahead + 1) as f64;
    let c = counters as f64;
    match mean_service_secs {
        Some(s) if samples >= MIN_SAMPLES && s.is_finite() && s > 0.0 => {
            let expected = people * s / c / 60.0;
            let low = (expected * 0.8).floor().max(0.0) as u32;
            let high = ((expected * 1.5).ceil() as u32).max(low + 1);
            WaitEstimate::Range { low, high }
        }
        _ => WaitEstimate::AtLeast { minutes: (ahead as f64 * FLOOR_SECONDS_PER_TICKET / c / 60.0).floor() as u32 },
    }
}

/// Mean, median and 90th percentile of some durations (minutes).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub count: usize,
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
}

/// The nearest-rank percentiles; None for no values.
pub fn spread(values: &[f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: f64| sorted[((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1];
    Some(Spread {
        count: sorted.len(),
        mean: sorted.iter().sum::<f64>() / sorted.len() as f64,
        median: rank(0.5),
        p90: rank(0.9),
    })
}

/// How the waits customers were told compare with the calls that followed (minutes; a positive
/// bias means customers waited longer than told).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accuracy {
    pub count: usize,
    pub mean_abs_error: f64,
    pub bias: f64,
}

/// From (estimated, actual) pairs.
pub fn accuracy(pairs: &[(f64, f64)]) -> Option<Accuracy> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    Some(Accuracy {
        count: pairs.len(),
        mean_abs_error: pairs.iter().map(|(e, a)| (a - e).abs()).sum::<f64>() / n,
        bias: pairs.iter().map(|(e, a)| a - e).sum::<f64>() / n,
    })
}

/// A number in Indonesian words, as a queue caller says it: 12 is "dua belas", never "satu dua".
pub fn say_number(n: u32) -> String {
    const ONES: [&str; 10] = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"];
    fn words(n: u32) -> String {
        match n {
            0..=9 => ONES[n as usize].to_string(),
            10 => "sepuluh".into(),
            11 => "sebelas".into(),
            12..=19 => format!("{} belas", ONES[(n - 10) as usize]),
            20..=99 => join(format!("{} puluh", ONES[(n / 10) as usize]), n % 10),
            100..=199 => join("seratus".into(), n - 100),
            200..=999 => join(format!("{} ratus", ONES[(n / 100) as usize]), n % 100),
            1000..=1999 => join("seribu".into(), n - 1000),
            2000..=999_999 => join(format!("{} ribu", words(n / 1000)), n % 1000),
            _ => join(format!("{} juta", words(n / 1_000_000)), n % 1_000_000),
        }
    }
    fn join(head: String, rest: u32) -> String {
        if rest == 0 {
            head
        } else {
            format!("{head} {}", words(rest))
        }
    }
    words(n)
}

/// The sentence a queue screen speaks for a call.
pub fn spoken_call(ticket: &TicketNumber, counter_no: u32) -> String {
    format!("Nomor antrean {} {}, silakan ke loket {}", ticket.prefix, say_number(ticket.seq), say_number(counter_no))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use TicketAction as A;
    use TicketState as S;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_allowed_and_refused_transition() {
        let allowed = [
            (S::Waiting, A::Call, S::Called),
            (S::Waiting, A::Cancel, S::Cancelled),
            (S::Waiting, A::Transfer, S::Transferred),
            (S::Called, A::Recall, S::Called),
            (S::Called, A::Start, S::Serving),
            (S::Called, A::NoShow, S::NoShow),
            (S::Called, A::Cancel, S::Cancelled),
            (S::Called, A::Transfer, S::Transferred),
            (S::Serving, A::Finish, S::Done),
            (S::Serving, A::Transfer, S::Transferred),
        ];
        for from in TicketState::ALL {
            for action in TicketAction::ALL {
                let expected = allowed.iter().find(|(f, a, _)| *f == from && *a == action).map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(from.apply(action), Ok(to), "{from:?} + {action:?}"),
                    None => assert_eq!(
                        from.apply(action),
                        Err(Refused { from, action }),
                        "{from:?} + {action:?} must be refused"
                    ),
                }
            }
        }
        for s in TicketState::ALL {
            assert_eq!(s.is_final(), TicketAction::ALL.iter().all(|a| s.apply(*a).is_err()), "{s:?}");
            assert_eq!(s.as_str().parse::<TicketState>(), Ok(s));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn priority_first_then_arrival() {
        let line = [
            InLine { id: 1, priority: false, arrival: 10 },
            InLine { id: 2, priority: true, arrival: 30 },
            InLine { id: 3, priority: false, arrival: 5 },
            InLine { id: 4, priority: true, arrival: 20 },
        ];
        assert_eq!(next_in_line(&line), Some(4));
        assert_eq!(ahead_of(&line, 4), Some(0));
        assert_eq!(ahead_of(&line, 2), Some(1));
        assert_eq!(ahead_of(&line, 3), Some(2));
        assert_eq!(ahead_of(&line, 1), Some(3));
        assert_eq!(ahead_of(&line, 99), None);
        assert_eq!(next_in_line(&[]), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn waits_are_ranges_skewed_up_and_gated() {
        assert_eq!(estimate_wait(3, Some(300.0), 10, 0), WaitEstimate::NoCounter);
        // Four people at five minutes each over two counters: ten minutes expected.
        assert_eq!(estimate_wait(3, Some(300.0), 10, 2), WaitEstimate::Range { low: 8, high: 15 });
        assert_eq!(estimate_wait(0, Some(30.0), 10, 1), WaitEstimate::Range { low: 0, high: 1 });
        assert_eq!(estimate_wait(5, Some(300.0), 2, 1), WaitEstimate::AtLeast { minutes: 10 }, "too few samples");
        assert_eq!(estimate_wait(5, None, 0, 2), WaitEstimate::AtLeast { minutes: 5 });
        match estimate_wait(7, Some(240.0), 20, 1) {
            WaitEstimate::Range { low, high } => {
                let expected = 8.0 * 4.0;
                assert!((low as f64) < expected && (high as f64) > expected * 1.4, "{low}..{high}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_running_mean_leans_on_recent_service() {
        assert_eq!(ewma(None, 200.0), 200.0);
        let m = ewma(Some(200.0), 300.0);
        assert!((m - 230.0).abs() < 1e-9, "{m}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn numbers_are_spoken_as_numbers() {
        let cases = [
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (21, "dua puluh satu"),
            (99, "sembilan puluh sembilan"),
            (100, "seratus"),
            (101, "seratus satu"),
            (115, "seratus lima belas"),
            (250, "dua ratus lima puluh"),
            (999, "sembilan ratus sembilan puluh sembilan"),
            (1000, "seribu"),
            (1012, "seribu dua belas"),
            (2024, "dua ribu dua puluh empat"),
        ];
        for (n, words) in cases {
            assert_eq!(say_number(n), words, "{n}");
        }
        let a12 = TicketNumber { prefix: "A".into(), seq: 12 };
        assert_eq!(a12.to_string(), "A012");
        assert_eq!(spoken_call(&a12, 2), "Nomor antrean A dua belas, silakan ke loket dua");
        assert_eq!(TicketNumber { prefix: "B".into(), seq: 1234 }.to_string(), "B1234");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn spreads_use_nearest_ranks() {
        assert_eq!(spread(&[]), None);
        let s = spread(&[10.0, 1.0, 4.0, 2.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0]).unwrap();
        assert_eq!((s.count, s.mean, s.median, s.p90), (10, 5.5, 5.0, 9.0));
        let one = spread(&[4.0]).unwrap();
        assert_eq!((one.median, one.p90), (4.0, 4.0));
        let a = accuracy(&[(10.0, 14.0), (10.0, 8.0)]).unwrap();
        assert_eq!((a.count, a.mean_abs_error, a.bias), (2, 3.0, 1.0));
        assert_eq!(accuracy(&[]), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counter_moves_are_read_from_the_console_s_words() {
        assert_eq!("open".parse::<CounterMove>(), Ok(CounterMove::Open));
        assert_eq!("close".parse::<CounterMove>(), Ok(CounterMove::Close));
        assert_eq!("no_show".parse::<CounterMove>(), Ok(CounterMove::Ticket(TicketAction::NoShow)));
        assert!("explode".parse::<CounterMove>().is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn short_codes_are_printed_grouped_and_read_however_typed() {
        assert_eq!(short_code("3F2A91C0DEADBEEF3F2A91C0DEADBEEF"), "3F2A-91C0");
        assert_eq!(read_short_code("3f2a-91c0").as_deref(), Some("3F2A91C0"));
        assert_eq!(read_short_code(" 3F2A 91C0 ").as_deref(), Some("3F2A91C0"));
        assert_eq!(read_short_code("3F2A-91C"), None);
        assert_eq!(read_short_code("3F2A-91CZ"), None);
        assert_eq!(read_short_code("3F2A%91C0"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn prefixes_are_one_capital_letter() {
        assert!(valid_prefix("A") && valid_prefix("Z"));
        assert!(!valid_prefix("a") && !valid_prefix("AB") && !valid_prefix("") && !valid_prefix("1"));
    }
}
