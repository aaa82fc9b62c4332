//! Outage notices and announcements: kinds, the status life cycle, who is affected, and what a
//! valid notice is. Customers care most about two things: whether it is their village, and
//! when water flows again; the rules below keep both honest.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeKind {
    SupplyDisruption,
    PlannedMaintenance,
    LowPressure,
    WaterQuality,
    PaymentChannel,
    OfficeClosure,
}

codes!(NoticeKind, "notice kind", {
    SupplyDisruption => "supply_disruption",
    PlannedMaintenance => "planned_maintenance",
    LowPressure => "low_pressure",
    WaterQuality => "water_quality",
    PaymentChannel => "payment_channel",
    OfficeClosure => "office_closure",
});

impl NoticeKind {
    /// Planned work runs in a window announced ahead; everything else starts as an investigation.
    pub fn is_planned(self) -> bool {
        matches!(self, NoticeKind::PlannedMaintenance | NoticeKind::OfficeClosure)
    }

    /// Whether the notice is about water reaching homes (and so about villages).
    pub fn affects_supply(self) -> bool {
        matches!(
            self,
            NoticeKind::SupplyDisruption
                | NoticeKind::PlannedMaintenance
                | NoticeKind::LowPressure
                | NoticeKind::WaterQuality
        )
    }

    pub fn first_status(self) -> NoticeStatus {
        if self.is_planned() {
            NoticeStatus::Scheduled
        } else {
            NoticeStatus::Investigating
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

codes!(Severity, "severity", { Info => "info", Warning => "warning", Critical => "critical" });

/// Unplanned: investigating -> identified -> repairing -> restoring -> resolved.
/// Planned: scheduled -> in progress -> completed, or cancelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeStatus {
    Investigating,
    Identified,
    Repairing,
    Restoring,
    Resolved,
    Scheduled,
    InProgress,
    Completed,
    Cancelled,
}

codes!(NoticeStatus, "notice status", {
    Investigating => "investigating",
    Identified => "identified",
    Repairing => "repairing",
    Restoring => "restoring",
    Resolved => "resolved",
    Scheduled => "scheduled",
    InProgress => "in_progress",
    Completed => "completed",
    Cancelled => "cancelled",
});

impl NoticeStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, NoticeStatus::Resolved | NoticeStatus::Completed | NoticeStatus::Cancelled)
    }

    fn is_planned_path(self) -> bool {
        matches!(
            self,
            NoticeStatus::Scheduled | NoticeStatus::InProgress | NoticeStatus::Completed | NoticeStatus::Cancelled
        )
    }

    /// Rank along its own path: status only moves forward (steps may be skipped).
    fn rank(self) -> u8 {
        match self {
            NoticeStatus::Investigating | NoticeStatus::Scheduled => 0,
            NoticeStatus::Identified | NoticeStatus::InProgress => 1,
            NoticeStatus::Repairing => 2,
            NoticeStatus::Restoring => 3,
            NoticeStatus::Resolved | NoticeStatus::Completed | NoticeStatus::Cancelled => 4,
        }
    }

    /// The statuses a notice of this kind may move to from here.
    pub fn can_become(self, to: NoticeStatus) -> bool {
        if self.is_closed() || self.is_planned_path() != to.is_planned_path() {
            return false;
        }
        // Planned work is cancelled before it is done, not after.
        if to == NoticeStatus::Cancelled {
            return true;
        }
        to.rank() > self.rank()
    }

    pub fn next_choices(self) -> Vec<NoticeStatus> {
        NoticeStatus::ALL.into_iter().filter(|s| self.can_become(*s)).collect()
    }
}

/// Planned work follows its window by itself: before the start it is scheduled, inside the
/// window in progress, after the end completed (unless staff closed it earlier).
pub fn effective_status(
    stored: NoticeStatus,
    starts_at: NaiveDateTime,
    ends_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> NoticeStatus {
    match stored {
        NoticeStatus::Scheduled | NoticeStatus::InProgress => match ends_at {
            Some(end) if now >= end => NoticeStatus::Completed,
            _ if now >= starts_at => NoticeStatus::InProgress,
            _ => stored,
        },
        other => other,
    }
}

/// An affected area: a village of a district, or (village empty) the whole district.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Area {
    pub district: String,
    pub village: String,
}

impl Area {
    pub fn covers(&self, district: &str, village: &str) -> bool {
        self.district.eq_ignore_ascii_case(district)
            && (self.village.is_empty() || self.village.eq_ignore_ascii_case(village))
    }
}

/// Whether a customer in this village is affected: a notice with areas names them; a notice
/// without areas concerns its whole scope (an office closure, a payment channel).
pub fn affects(areas: &[Area], district: &str, village: &str) -> bool {
    areas.is_empty() || areas.iter().any(|a| a.covers(district, village))
}

/// Field limits: long enough for a real notice, short enough for a queue screen's running text.
pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 2_000;
pub const MITIGATION_MAX: usize = 1_000;
pub const UPDATE_MAX: usize = 1_000;

/// What is wrong with something staff typed, as data the page turns into words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InputProblem {
    #[error("{0} is required")]
    Required(String),
    #[error("{field} is shorter than {min} characters")]
    TooShort { field: String, min: usize },
    #[error("{0}")]
    Photo(crate::complaint::PhotoProblem),
    #[error("{field} is longer than {max} characters")]
    TooLong { field: String, max: usize },
    #[error("{0} must not contain < or >")]
    Markup(String),
    #[error("{0} is not a date and time")]
    BadTime(String),
    #[error("the end is before the start")]
    EndBeforeStart,
    #[error("planned work needs an end")]
    EndRequired,
    #[error("water cannot flow normally before the repair is done")]
    FlowBeforeRepair,
    #[error("{0} is not in the office's service area")]
    UnknownArea(String),
    #[error("a notice for every office cannot name villages")]
    AreasNeedAnOffice,
    #[error("the status cannot go from {from} to {to}")]
    StatusNotAllowed { from: String, to: String },
    #[error("{0} is not one of the choices")]
    UnknownChoice(String),
    /// Not an Indonesian mobile number (08..., +628..., 628..., 10 to 14 digits).
    #[error("{0} is not an Indonesian mobile number")]
    BadPhone(String),
    #[error("{0} is not a whole number of 0 or more")]
    NotANumber(String),
    /// The billing domain refuses the figure (below the meter's start, or beyond belief).
    #[error("{0} gives no bill: the usage would be negative or implausible")]
    Unbillable(String),
    /// A billing run looks at most one month ahead (readings are taken the month before).
    #[error("the period is too far ahead")]
    PeriodTooFar,
    /// Not a month written `YYYY-MM`.
    #[error("{0} is not a month")]
    BadPeriod(String),
    #[error("{0}")]
    Tariff(crate::TariffError),
    /// A tariff may only start after every period already billed or drafted.
    #[error("a new tariff can take effect from {0} at the earliest")]
    TariffTooEarly(crate::Period),
    /// A bank's partner id: 2 to 20 lowercase letters, digits or `_`, starting with a letter.
    #[error("the bank id must be 2 to 20 lowercase letters, digits or _")]
    BadBankId,
    /// SNAP's partnerServiceId: 1 to 8 digits.
    #[error("the biller code must be 1 to 8 digits")]
    BadBillerCode,
    #[error("the bank id {0} is taken")]
    BankTaken(String),
    #[error("biller code {0} is taken")]
    BillerCodeTaken(String),
    /// Not a PEM public key (`-----BEGIN PUBLIC KEY-----`).
    #[error("the public key cannot be read")]
    BadPublicKey,
    #[error("the public key has {0} bits; 2048 at least")]
    WeakPublicKey(usize),
    #[error("{0}")]
    LateFee(crate::PolicyError),
    /// A late-fee rule starts after the latest due date of the bills already out (and after
    /// today): it never re-prices one of them.
    #[error("a new rule can start on {0} at the earliest")]
    RuleTooEarly(chrono::NaiveDate),
    /// A tariff that prices meter sizes leaves out one the group's connections have.
    #[error("the tariff does not price {0} meters, which the group's connections have")]
    MeterSizeUnpriced(String),
    /// Not a date written `YYYY-MM-DD`.
    #[error("{0} is not a date")]
    BadDate(String),
    /// An office code: 1 to 4 digits.
    #[error("the office code must be 1 to 4 digits")]
    BadOfficeCode,
    #[error("office code {0} is taken")]
    OfficeTaken(String),
    /// A queue service's ticket prefix: one letter.
    #[error("the ticket prefix must be one letter")]
    BadPrefix,
    #[error("ticket prefix {0} is taken at this office")]
    PrefixTaken(String),
    /// A line of the service area that is not `District: village, village` (its number).
    #[error("line {0} of the villages is not 'District: village, village'")]
    BadAreaLine(usize),
    /// A weekday's hours that are not two times, closing after opening (1 = Monday).
    #[error("the hours of weekday {0} are not right")]
    BadHours(u8),
    /// A correction that gives the figure already recorded.
    #[error("{0} is already that figure")]
    Unchanged(String),
}

/// The reason a staff member gives for a change (a corrected reading, a sealed connection):
/// a sentence or two, kept in the audit log.
pub const REASON_MAX: usize = 200;

/// A whole number of 0 or more as people type it (no separators).
pub fn whole_number(field: &str, typed: &str) -> Result<u32, InputProblem> {
    typed.trim().parse::<u32>().map_err(|_| InputProblem::NotANumber(field.into()))
}

/// A position as a phone gives it (degrees, as typed, kept as text so both databases keep it
/// exactly); None unless both halves are given.
pub fn coordinates(latitude: &str, longitude: &str) -> Result<Option<(String, String)>, InputProblem> {
    fn degrees(field: &str, typed: &str, limit: f64) -> Result<Option<String>, InputProblem> {
        let typed = typed.trim();
        if typed.is_empty() {
            return Ok(None);
        }
        match typed.parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit && typed.len() <= 20 => Ok(Some(typed.to_string())),
            _ => Err(InputProblem::NotANumber(field.into())),
        }
    }
    Ok(degrees("latitude", latitude, 90.0)?.zip(degrees("longitude", longitude, 180.0)?))
}

/// Trims and checks a text field.
pub fn text_field(field: &str, value: &str, max: usize, required: bool, plain: bool) -> Result<String, InputProblem> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(InputProblem::Required(field.into()));
    }
    if v.chars().count() > max {
        return Err(InputProblem::TooLong { field: field.into(), max });
    }
    // Titles go into running text, feeds and notifications: plain words only.
    if plain && v.contains(['<', '>']) {
        return Err(InputProblem::Markup(field.into()));
    }
    Ok(v.to_string())
}

/// A notice as staff submit it, before it is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeDraft {
    pub kind: NoticeKind,
    pub severity: Severity,
    pub title: String,
    pub body: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub repair_eta: Option<NaiveDateTime>,
    pub flow_eta: Option<NaiveDateTime>,
    pub mitigation: String,
    pub areas: Vec<Area>,
}

impl NoticeDraft {
    /// Checks the draft against the service area it may name (its office's, or nothing for a
    /// notice to every office). Returns it cleaned: trimmed text, areas sorted and unique.
    pub fn validate(mut self, office_scoped: bool, service_area: &[Area]) -> Result<NoticeDraft, InputProblem> {
        self.title = text_field("title", &self.title, TITLE_MAX, true, true)?;
        self.body = text_field("body", &self.body, BODY_MAX, true, false)?;
        self.mitigation = text_field("mitigation", &self.mitigation, MITIGATION_MAX, false, false)?;
        if let Some(end) = self.ends_at {
            if end <= self.starts_at {
                return Err(InputProblem::EndBeforeStart);
            }
        } else if self.kind.is_planned() {
            return Err(InputProblem::EndRequired);
        }
        if let (Some(repair), Some(flow)) = (self.repair_eta, self.flow_eta) {
            if flow < repair {
                return Err(InputProblem::FlowBeforeRepair);
            }
        }
        if !self.areas.is_empty() && !office_scoped {
            return Err(InputProblem::AreasNeedAnOffice);
        }
        for area in &self.areas {
            let known = service_area.iter().any(|s| {
                s.district.eq_ignore_ascii_case(&area.district)
                    && (area.village.is_empty() || s.village.eq_ignore_ascii_case(&area.village))
            });
            if !known {
                let name = if area.village.is_empty() {
                    area.district.clone()
                } else {
                    format!("{}, {}", area.village, area.district)
                };
                return Err(InputProblem::UnknownArea(name));
            }
        }
        self.areas.sort();
        self.areas.dedup();
        Ok(self)
    }
}

/// An announcement's display window.
pub fn check_window(starts_at: NaiveDateTime, ends_at: NaiveDateTime) -> Result<(), InputProblem> {
    if ends_at <= starts_at {
        Err(InputProblem::EndBeforeStart)
    } else {
        Ok(())
    }
}

/// `2026-11-26T08:00` (an HTML datetime-local field, WIB), with or without seconds.
pub fn parse_local_time(field: &str, value: &str) -> Result<Option<NaiveDateTime>, InputProblem> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S"))
        .map(Some)
        .map_err(|_| InputProblem::BadTime(field.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn area(d: &str, v: &str) -> Area {
        Area { district: d.into(), village: v.into() }
    }

    fn draft(kind: NoticeKind) -> NoticeDraft {
        NoticeDraft {
            kind,
            severity: Severity::Warning,
            title: " Gangguan pipa di Dau ".into(),
            body: "Pipa transmisi bocor.".into(),
            starts_at: t("2026-11-26 08:00"),
            ends_at: None,
            repair_eta: Some(t("2026-11-26 14:00")),
            flow_eta: Some(t("2026-11-26 18:00")),
            mitigation: String::new(),
            areas: vec![area("Dau", "Mulyoagung")],
        }
    }

    fn service_area() -> Vec<Area> {
        vec![area("Dau", "Mulyoagung"), area("Dau", "Landungsari"), area("Karangploso", "Ngijo")]
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unplanned_status_moves_forward_only() {
        use NoticeStatus::*;
        assert!(Investigating.can_become(Identified));
        assert!(Investigating.can_become(Repairing), "steps may be skipped");
        assert!(Restoring.can_become(Resolved));
        assert!(!Repairing.can_become(Identified));
        assert!(!Resolved.can_become(Investigating));
        assert!(!Investigating.can_become(Scheduled));
        assert!(!Investigating.can_become(Completed));
        assert!(!Investigating.can_become(Cancelled), "unplanned work is resolved, not cancelled");
        assert_eq!(Investigating.next_choices(), vec![Identified, Repairing, Restoring, Resolved]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn planned_status_completes_or_is_cancelled() {
        use NoticeStatus::*;
        assert_eq!(Scheduled.next_choices(), vec![InProgress, Completed, Cancelled]);
        assert_eq!(InProgress.next_choices(), vec![Completed, Cancelled]);
        assert!(Completed.next_choices().is_empty());
        assert!(Cancelled.next_choices().is_empty());
        assert!(!Scheduled.can_become(Repairing));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn planned_work_follows_its_window() {
        use NoticeStatus::*;
        let (start, end) = (t("2026-11-27 09:00"), Some(t("2026-11-27 15:00")));
        assert_eq!(effective_status(Scheduled, start, end, t("2026-11-27 08:59")), Scheduled);
        assert_eq!(effective_status(Scheduled, start, end, t("2026-11-27 09:00")), InProgress);
        assert_eq!(effective_status(InProgress, start, end, t("2026-11-27 15:00")), Completed);
        assert_eq!(effective_status(Cancelled, start, end, t("2026-11-27 10:00")), Cancelled);
        assert_eq!(
            effective_status(Repairing, start, end, t("2026-11-28 10:00")),
            Repairing,
            "unplanned work waits for staff"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_notice_reaches_its_villages_only() {
        let areas = vec![area("Dau", "Mulyoagung"), area("Karangploso", "")];
        assert!(affects(&areas, "Dau", "Mulyoagung"));
        assert!(affects(&areas, "dau", "MULYOAGUNG"));
        assert!(!affects(&areas, "Dau", "Landungsari"));
        assert!(affects(&areas, "Karangploso", "Ngijo"), "a whole district");
        assert!(affects(&[], "Dau", "Landungsari"), "no areas: the whole scope");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn valid_drafts_are_cleaned() {
        let d = draft(NoticeKind::SupplyDisruption).validate(true, &service_area()).unwrap();
        assert_eq!(d.title, "Gangguan pipa di Dau");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bad_drafts_say_what_is_wrong() {
        let sa = service_area();
        let mut d = draft(NoticeKind::SupplyDisruption);
        d.title = "x".repeat(121);
        assert_eq!(d.validate(true, &sa), Err(InputProblem::TooLong { field: "title".into(), max: 120 }));

        let mut d = draft(NoticeKind::SupplyDisruption);
        d.title = "<script>alert(1)</script>".into();
        assert_eq!(d.validate(true, &sa), Err(InputProblem::Markup("title".into())));

        let mut d = draft(NoticeKind::SupplyDisruption);
        d.title = "   ".into();
        assert_eq!(d.validate(true, &sa), Err(InputProblem::Required("title".into())));

        let mut d = draft(NoticeKind::PlannedMaintenance);
        assert_eq!(d.clone().validate(true, &sa), Err(InputProblem::EndRequired));
        d.ends_at = Some(t("2026-11-26 07:00"));
        assert_eq!(d.validate(true, &sa), Err(InputProblem::EndBeforeStart));

        let mut d = draft(NoticeKind::SupplyDisruption);
        d.flow_eta = Some(t("2026-11-26 13:00"));
        assert_eq!(d.validate(true, &sa), Err(InputProblem::FlowBeforeRepair));

        let mut d = draft(NoticeKind::SupplyDisruption);
        d.areas.push(area("Dau", "Atlantis"));
        assert_eq!(d.validate(true, &sa), Err(InputProblem::UnknownArea("Atlantis, Dau".into())));

        let d = draft(NoticeKind::SupplyDisruption);
        assert_eq!(d.validate(false, &sa), Err(InputProblem::AreasNeedAnOffice));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn times_come_from_datetime_fields() {
        assert_eq!(parse_local_time("starts_at", "2026-11-26T08:00"), Ok(Some(t("2026-11-26 08:00"))));
        assert_eq!(parse_local_time("starts_at", ""), Ok(None));
        assert_eq!(parse_local_time("starts_at", "besok"), Err(InputProblem::BadTime("starts_at".into())));
        assert_eq!(check_window(t("2026-11-26 08:00"), t("2026-11-26 08:00")), Err(InputProblem::EndBeforeStart));
    }
}
