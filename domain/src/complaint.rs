//! Complaints (pengaduan): what a customer may report, the stages a complaint goes through, who
//! moves it from one to the next, when it is due, and how an office's month is measured against
//! the national indicator (at least 80 % resolved within the deadline).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    /// The bill is too high or the reading is wrong (the top grievance: estimated readings).
    BillDispute,
    NoWater,
    LowPressure,
    WaterQuality,
    StreetLeak,
    BrokenMeter,
    Other,
}

codes!(Category, "complaint category", {
    BillDispute => "bill",
    NoWater => "no_water",
    LowPressure => "low_pressure",
    WaterQuality => "water_quality",
    StreetLeak => "street_leak",
    BrokenMeter => "broken_meter",
    Other => "other",
});

impl Category {
    /// (Indonesian, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Category::BillDispute => ("Tagihan terlalu tinggi / angka meter salah", "Bill too high / wrong reading"),
            Category::NoWater => ("Air tidak mengalir", "No water"),
            Category::LowPressure => ("Air kecil", "Low pressure"),
            Category::WaterQuality => ("Kualitas air (keruh, berbau)", "Water quality (cloudy, smell)"),
            Category::StreetLeak => ("Pipa bocor di jalan", "Leak in the street"),
            Category::BrokenMeter => ("Meter rusak", "Broken meter"),
            Category::Other => ("Lainnya", "Other"),
        }
    }

    /// A leak in the street or bad water concerns everyone nearby: anyone may report it, with
    /// or without a customer number. The rest are about one connection.
    pub fn open_to_anyone(self) -> bool {
        matches!(self, Category::StreetLeak | Category::WaterQuality)
    }

    /// The deadline a new utility starts with, until an administrator sets its own.
    pub fn default_deadline(self) -> Deadline {
        match self {
            Category::NoWater | Category::WaterQuality => Deadline::Hours(48),
            Category::StreetLeak => Deadline::Hours(24),
            Category::LowPressure => Deadline::Hours(72),
            Category::BillDispute | Category::BrokenMeter => Deadline::WorkingDays(5),
            Category::Other => Deadline::WorkingDays(10),
        }
    }
}

/// How long a category of complaint may take: round-the-clock hours (water that does not flow
/// cannot wait for Monday) or working days (Monday to Friday, holidays excluded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Deadline {
    Hours(u32),
    WorkingDays(u32),
}

/// The longest deadline an administrator may set: a month of working days, or 30 days of hours.
pub const DEADLINE_MAX_HOURS: u32 = 720;
pub const DEADLINE_MAX_WORKING_DAYS: u32 = 22;

impl Deadline {
    /// Reads a deadline as stored and as typed: a unit (`hours`, `working_days`) and an amount.
    pub fn from_parts(unit: &str, amount: i64) -> Option<Deadline> {
        let amount = u32::try_from(amount).ok().filter(|a| *a > 0)?;
        match unit {
            "hours" if amount <= DEADLINE_MAX_HOURS => Some(Deadline::Hours(amount)),
            "working_days" if amount <= DEADLINE_MAX_WORKING_DAYS => Some(Deadline::WorkingDays(amount)),
            _ => None,
        }
    }

    pub fn unit(self) -> &'static str {
        match self {
            Deadline::Hours(_) => "hours",
            Deadline::WorkingDays(_) => "working_days",
        }
    }

    pub fn amount(self) -> u32 {
        match self {
            Deadline::Hours(n) | Deadline::WorkingDays(n) => n,
        }
    }

    /// When a complaint received at `from` (WIB) is due. Working days count from the day after
    /// the complaint arrives; the deadline falls at the same time of day on the last of them.
    pub fn due(self, from: NaiveDateTime, holidays: &[NaiveDate]) -> NaiveDateTime {
        match self {
            Deadline::Hours(h) => from + Duration::hours(i64::from(h)),
            Deadline::WorkingDays(n) => {
                let mut day = from.date();
                let mut counted = 0;
                while counted < n {
                    day = day.succ_opt().unwrap_or(day);
                    if is_working_day(day, holidays) {
                        counted += 1;
                    }
                }
                day.and_time(from.time())
            }
        }
    }
}

pub fn is_working_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    Received,
    Verified,
    Assigned,
    InProgress,
    Resolved,
    Closed,
    Rejected,
}

codes!(Stage, "complaint stage", {
    Received => "received",
    Verified => "verified",
    Assigned => "assigned",
    InProgress => "in_progress",
    Resolved => "resolved",
    Closed => "closed",
    Rejected => "rejected",
});

/// A resolved complaint closes by itself this long after it was resolved, unless the customer
/// confirms it sooner or says the problem is still there.
pub const CONFIRM_DAYS: i64 = 7;

impl Stage {
    /// Still waiting for the utility: the deadline runs.
    pub fn is_open(self) -> bool {
        matches!(self, Stage::Received | Stage::Verified | Stage::Assigned | Stage::InProgress)
    }

    /// Nothing moves it any more.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Closed | Stage::Rejected)
    }

    /// (Indonesian, English).
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Stage::Received => ("Diterima", "Received"),
            Stage::Verified => ("Diverifikasi", "Verified"),
            Stage::Assigned => ("Ditugaskan", "Assigned"),
            Stage::InProgress => ("Sedang dikerjakan", "In progress"),
            Stage::Resolved => ("Selesai dikerjakan", "Resolved"),
            Stage::Closed => ("Ditutup", "Closed"),
            Stage::Rejected => ("Ditolak", "Rejected"),
        }
    }

    /// What the customer reads about this stage: a plain sentence, no jargon.
    pub fn sentence(self) -> (&'static str, &'static str) {
        match self {
            Stage::Received => (
                "Pengaduan Anda sudah kami terima dan akan diperiksa petugas.",
                "We have your complaint; staff will check it.",
            ),
            Stage::Verified => (
                "Petugas sudah memeriksa pengaduan Anda dan akan menugaskan tim.",
                "Staff have checked your complaint and will assign a team.",
            ),
            Stage::Assigned => (
                "Seorang petugas sudah ditugaskan untuk menangani pengaduan Anda.",
                "A member of staff has been assigned to your complaint.",
            ),
            Stage::InProgress => ("Petugas sedang mengerjakannya.", "Staff are working on it."),
            Stage::Resolved => (
                "Petugas menyatakan masalahnya sudah selesai. Mohon konfirmasi, atau beri tahu kami bila belum.",
                "Staff say the problem is solved. Please confirm, or tell us if it is not.",
            ),
            Stage::Closed => ("Pengaduan ini sudah ditutup. Terima kasih.", "This complaint is closed. Thank you."),
            Stage::Rejected => (
                "Pengaduan ini tidak dapat kami tindak lanjuti. Alasannya tertulis di bawah.",
                "We cannot act on this complaint. The reason is written below.",
            ),
        }
    }
}

/// What moves a complaint from one stage to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Verify,
    /// To a member of staff; again to hand it to someone else.
    Assign,
    Start,
    Resolve,
    Reject,
    /// The customer says it is solved.
    Confirm,
    /// The customer says it is not solved: back to work.
    Reopen,
    /// Nobody answered within `CONFIRM_DAYS` of the resolution.
    AutoClose,
    /// A remark on the record; the stage stays.
    Note,
}

codes!(Step, "complaint step", {
    Verify => "verify",
    Assign => "assign",
    Start => "start",
    Resolve => "resolve",
    Reject => "reject",
    Confirm => "confirm",
    Reopen => "reopen",
    AutoClose => "auto_close",
    Note => "note",
});

/// Who may take a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Staff,
    Customer,
    System,
}

impl Step {
    pub fn actor(self) -> Actor {
        match self {
            Step::Verify | Step::Assign | Step::Start | Step::Resolve | Step::Reject | Step::Note => Actor::Staff,
            Step::Confirm | Step::Reopen => Actor::Customer,
            Step::AutoClose => Actor::System,
        }
    }

    /// Steps that must say why: a rejection, a resolution, a reopening, a note.
    pub fn needs_text(self) -> bool {
        matches!(self, Step::Reject | Step::Resolve | Step::Reopen | Step::Note)
    }

    /// (Indonesian, English), as the history lists it.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Step::Verify => ("Diverifikasi", "Verified"),
            Step::Assign => ("Ditugaskan", "Assigned"),
            Step::Start => ("Mulai dikerjakan", "Work started"),
            Step::Resolve => ("Diselesaikan", "Resolved"),
            Step::Reject => ("Ditolak", "Rejected"),
            Step::Confirm => ("Dikonfirmasi pelanggan", "Confirmed by the customer"),
            Step::Reopen => ("Dibuka lagi oleh pelanggan", "Reopened by the customer"),
            Step::AutoClose => ("Ditutup otomatis", "Closed automatically"),
            Step::Note => ("Catatan", "Note"),
        }
    }

    /// The stage a complaint in `from` reaches by this step, or why it cannot.
    pub fn from(self, from: Stage) -> Result<Stage, StepRefused> {
        use Stage::*;
        let to = match (self, from) {
            (Step::Verify, Received) => Verified,
            (Step::Reject, Received | Verified | Assigned) => Rejected,
            (Step::Assign, Verified | Assigned) => Assigned,
            // Handed to someone else while the work goes on.
            (Step::Assign, InProgress) => InProgress,
            (Step::Start, Assigned) => InProgress,
            (Step::Resolve, InProgress) => Resolved,
            (Step::Confirm | Step::AutoClose, Resolved) => Closed,
            (Step::Reopen, Resolved) => InProgress,
            (Step::Note, stage) if !stage.is_final() => stage,
            _ => return Err(StepRefused { step: self, from }),
        };
        Ok(to)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("a complaint that is {} cannot be {}", from.as_str(), step.as_str())]
pub struct StepRefused {
    pub step: Step,
    pub from: Stage,
}

/// When a resolved complaint closes by itself.
pub fn closes_by_itself_at(resolved_at: NaiveDateTime) -> NaiveDateTime {
    resolved_at + Duration::days(CONFIRM_DAYS)
}

/// Minutes until the deadline (negative: overdue by that much). None once the complaint left
/// the utility's hands.
pub fn minutes_left(stage: Stage, due_at: NaiveDateTime, now: NaiveDateTime) -> Option<i64> {
    stage.is_open().then(|| (due_at - now).num_minutes())
}

/// A complaint's ticket number as the customer quotes it: `ADU-000123`.
pub fn ticket_number(id: i64) -> String {
    format!("ADU-{id:06}")
}

/// The longest description, and the least a description must say.
pub const DESCRIPTION_MAX: usize = 2000;
pub const DESCRIPTION_MIN: usize = 10;
pub const NAME_MAX: usize = 80;
pub const LOCATION_MAX: usize = 200;
pub const NOTE_MAX: usize = 1000;

/// Why a photo is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PhotoProblem {
    /// Not a JPEG, PNG or WebP, whatever its name says.
    #[error("the file is not a JPEG, PNG or WebP photo")]
    NotAPhoto,
    #[error("the photo is larger than {0} MB")]
    TooLarge(u32),
    /// Its first bytes say photo, the rest does not read as one.
    #[error("the photo is damaged and cannot be read")]
    Broken,
}

/// One complaint as the monthly report counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub category: Category,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    /// When the utility resolved it (or rejected it: an answer all the same).
    pub answered_at: Option<NaiveDateTime>,
}

/// A line of the monthly report: every category together (`category` None), or one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub category: Option<Category>,
    pub received: u32,
    pub resolved: u32,
    pub within_deadline: u32,
    /// Of those received, per mille resolved within the deadline (800 meets the indicator).
    pub within_permille: Option<u32>,
    /// Median minutes from receipt to resolution, of those resolved.
    pub median_minutes: Option<i64>,
}

/// The national indicator: at least 80 % of complaints resolved within their deadline.
pub const INDICATOR_PERMILLE: u32 = 800;

/// Counts one month's complaints: all categories first, then each category that had any.
pub fn report(outcomes: &[Outcome]) -> Vec<ReportLine> {
    let mut lines = vec![report_line(None, outcomes.iter())];
    for category in Category::ALL {
        let mut of = outcomes.iter().filter(|o| o.category == category).peekable();
        if of.peek().is_some() {
            lines.push(report_line(Some(category), of));
        }
    }
    lines
}

fn report_line<'a>(category: Option<Category>, outcomes: impl Iterator<Item = &'a Outcome>) -> ReportLine {
    let (mut received, mut within) = (0u32, 0u32);
    let mut minutes = Vec::new();
    for o in outcomes {
        received += 1;
        if let Some(at) = o.answered_at {
            minutes.push((at - o.received_at).num_minutes());
            if at <= o.due_at {
                within += 1;
            }
        }
    }
    minutes.sort_unstable();
    let median_minutes = match minutes.len() {
        0 => None,
        n if n % 2 == 1 => Some(minutes[n / 2]),
        n => Some((minutes[n / 2 - 1] + minutes[n / 2]) / 2),
    };
    ReportLine {
        category,
        received,
        resolved: minutes.len() as u32,
        within_deadline: within,
        within_permille: (received > 0).then(|| within * 1000 / received),
        median_minutes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn every_code_reads_back() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>(), Ok(c));
            let d = c.default_deadline();
            assert_eq!(Deadline::from_parts(d.unit(), i64::from(d.amount())), Some(d));
        }
        for s in Stage::ALL {
            assert_eq!(s.as_str().parse::<Stage>(), Ok(s));
        }
        for s in Step::ALL {
            assert_eq!(s.as_str().parse::<Step>(), Ok(s));
        }
        assert!("flood".parse::<Category>().is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn deadlines_in_hours_run_round_the_clock_and_working_days_skip_weekends_and_holidays() {
        // Friday afternoon.
        let friday = at("2026-12-04 15:30");
        assert_eq!(Deadline::Hours(48).due(friday, &[]), at("2026-12-06 15:30"));
        assert_eq!(Deadline::WorkingDays(1).due(friday, &[]), at("2026-12-07 15:30"), "Monday");
        assert_eq!(Deadline::WorkingDays(5).due(friday, &[]), at("2026-12-11 15:30"));
        let holiday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(Deadline::WorkingDays(1).due(friday, &[holiday]), at("2026-12-08 15:30"), "Tuesday");
        // Received on a Saturday: Monday is the first working day.
        assert_eq!(Deadline::WorkingDays(1).due(at("2026-12-05 09:00"), &[]), at("2026-12-07 09:00"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn deadlines_out_of_range_are_refused() {
        assert_eq!(Deadline::from_parts("hours", 0), None);
        assert_eq!(Deadline::from_parts("hours", -3), None);
        assert_eq!(Deadline::from_parts("hours", 721), None);
        assert_eq!(Deadline::from_parts("working_days", 23), None);
        assert_eq!(Deadline::from_parts("weeks", 2), None);
        assert_eq!(Deadline::from_parts("working_days", 22), Some(Deadline::WorkingDays(22)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn stages_move_only_the_allowed_ways() {
        use Stage::*;
        let allowed = [
            (Step::Verify, Received, Verified),
            (Step::Reject, Received, Rejected),
            (Step::Reject, Verified, Rejected),
            (Step::Reject, Assigned, Rejected),
            (Step::Assign, Verified, Assigned),
            (Step::Assign, Assigned, Assigned),
            (Step::Assign, InProgress, InProgress),
            (Step::Start, Assigned, InProgress),
            (Step::Resolve, InProgress, Resolved),
            (Step::Confirm, Resolved, Closed),
            (Step::AutoClose, Resolved, Closed),
            (Step::Reopen, Resolved, InProgress),
        ];
        for step in Step::ALL {
            for from in Stage::ALL {
                let expected = allowed.iter().find(|(s, f, _)| *s == step && *f == from).map(|(_, _, to)| *to);
                let expected = match step {
                    Step::Note if !from.is_final() => Some(from),
                    _ => expected,
                };
                assert_eq!(step.from(from).ok(), expected, "{step:?} from {from:?}");
            }
        }
        assert_eq!(
            Step::Resolve.from(Received).unwrap_err().to_string(),
            "a complaint that is received cannot be resolve"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn time_left_runs_only_while_the_utility_holds_it() {
        let due = at("2026-12-03 10:00");
        assert_eq!(minutes_left(Stage::Assigned, due, at("2026-12-03 09:00")), Some(60));
        assert_eq!(minutes_left(Stage::InProgress, due, at("2026-12-03 12:00")), Some(-120));
        assert_eq!(minutes_left(Stage::Resolved, due, at("2026-12-03 12:00")), None);
        assert_eq!(closes_by_itself_at(due), at("2026-12-10 10:00"));
        assert_eq!(ticket_number(42), "ADU-000042");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_report_counts_within_the_deadline_and_the_median() {
        let o = |category, received: &str, due: &str, answered: Option<&str>| Outcome {
            category,
            received_at: at(received),
            due_at: at(due),
            answered_at: answered.map(at),
        };
        let month = [
            o(Category::NoWater, "2026-11-02 08:00", "2026-11-04 08:00", Some("2026-11-02 10:00")),
            o(Category::NoWater, "2026-11-05 08:00", "2026-11-07 08:00", Some("2026-11-08 08:00")),
            o(Category::BillDispute, "2026-11-09 08:00", "2026-11-16 08:00", Some("2026-11-10 08:00")),
            o(Category::BillDispute, "2026-11-20 08:00", "2026-11-27 08:00", None),
        ];
        let lines = report(&month);
        assert_eq!(lines.len(), 3, "all, then bill and no water");
        assert_eq!(lines[0].received, 4);
        assert_eq!(lines[0].resolved, 3);
        assert_eq!(lines[0].within_deadline, 2);
        assert_eq!(lines[0].within_permille, Some(500));
        assert_eq!(lines[0].median_minutes, Some(24 * 60), "2 h, 24 h, 72 h");
        assert_eq!(lines[1].category, Some(Category::BillDispute));
        assert_eq!(lines[1].within_permille, Some(500));
        assert_eq!(lines[2].category, Some(Category::NoWater));
        assert_eq!(lines[2].median_minutes, Some((120 + 72 * 60) / 2));
        assert_eq!(report(&[])[0].within_permille, None);
    }
}
