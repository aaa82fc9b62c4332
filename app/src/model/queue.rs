//! Unit-office queues as pages show them: an office's queue, a ticket, a counter's console, the TV, statistics.

use crate::domain::queue::{TicketNumber, TicketState, WaitEstimate};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceView {
    pub id: i64,
    pub prefix: String,
    pub name_id: String,
    pub name_en: String,
    pub waiting: u32,
    /// Counters open for it now.
    pub counters_open: u32,
    /// For someone taking a ticket now.
    pub estimate: WaitEstimate,
}

impl ServiceView {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        lang.pick(&self.name_id, &self.name_en)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallView {
    pub ticket: TicketNumber,
    pub counter_no: i64,
    /// WIB, the latest call.
    pub at: NaiveDateTime,
    pub state: TicketState,
    pub call_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterView {
    pub number: i64,
    pub open: bool,
    /// The ticket called to or served at this counter now.
    pub current: Option<CallView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeQueue {
    pub office_code: String,
    pub office_name: String,
    pub services: Vec<ServiceView>,
    pub counters: Vec<CounterView>,
    /// Newest first.
    pub recent_calls: Vec<CallView>,
    /// The live event id this was read at.
    pub head: i64,
    /// Whether the office is open now, by the queue's clock (None: it has no hours set).
    pub hours: Option<crate::domain::office_hours::HoursStatus>,
}

impl OfficeQueue {
    /// Online tickets are taken now (an office without hours set takes them at any time).
    pub fn taking_tickets(&self) -> bool {
        self.hours.is_none_or(|h| h.open_now)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketView {
    pub token: String,
    pub number: TicketNumber,
    pub office_code: String,
    pub office_name: String,
    pub service_id_name: String,
    pub service_en_name: String,
    pub state: TicketState,
    pub priority: bool,
    /// Waiting: how many are called before it, and the wait that means.
    pub ahead: Option<u32>,
    pub estimate: Option<WaitEstimate>,
    /// Called or being served: where to go.
    pub counter_no: Option<i64>,
    /// WIB
    pub issued_at: NaiveDateTime,
    pub head: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingTicket {
    pub id: i64,
    pub number: TicketNumber,
    pub priority: bool,
    /// WIB
    pub issued_at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceChoice {
    pub id: i64,
    pub prefix: String,
    pub name_id: String,
    pub name_en: String,
}

/// A counter's console: its state, the ticket it is busy with, and who waits for its services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsoleView {
    pub csrf: String,
    pub office_code: String,
    pub office_name: String,
    pub counter_no: i64,
    pub counter_open: bool,
    /// The counters this staff member may run (a teller: their own).
    pub counters: Vec<i64>,
    /// (code, name) of every office, for an administrator to choose where they work (empty for
    /// staff, who work at their own).
    pub offices: Vec<(String, String)>,
    /// Sent back with every action: the office an administrator chose (empty for staff).
    pub chosen_office: String,
    pub current: Option<CallView>,
    /// In call order.
    pub waiting: Vec<WaitingTicket>,
    pub services: Vec<ServiceChoice>,
    pub head: i64,
    /// A walk-in ticket just issued here, to print.
    pub printed: Option<PrintedTicket>,
}

/// A walk-in ticket as printed: the number, a QR to its page's full address, and a short code
/// for phones that cannot scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrintedTicket {
    pub ticket: TicketView,
    /// `https://air.example.go.id/antrean/{token}`
    pub url: String,
    pub qr_svg: String,
    /// `3F2A-91C0`, and where to type it: `https://air.example.go.id/t/3F2A91C0`.
    pub short_code: String,
    pub short_url: String,
}

/// The console's address; `office` only for an administrator's choice (staff have their own).
pub fn console_url(office: &str, counter: i64, printed: Option<&str>) -> String {
    let mut url = format!("/staf/antrean?loket={counter}");
    if !office.is_empty() {
        url.push_str(&format!("&kantor={}", crate::url::percent_encode(office)));
    }
    if let Some(token) = printed {
        url.push_str(&format!("&cetak={token}"));
    }
    url
}

/// A call as the screen announces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// The event id of the call.
    pub id: i64,
    pub ticket: TicketNumber,
    pub counter_no: i64,
}

/// A notice or announcement as the office's TV shows it: what, where, until when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenNotice {
    pub title: String,
    /// An outage or planned work (false: an announcement).
    pub disruption: bool,
    /// The villages it touches (empty: the whole office's area, or an announcement).
    pub villages: Vec<String>,
    /// WIB: when water is expected back (or the planned work ends).
    pub back_by: Option<NaiveDateTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenView {
    pub queue: OfficeQueue,
    /// The office's notices first, then its announcements.
    pub notices: Vec<ScreenNotice>,
    /// Calls (and recalls) made after the one the screen announced last, oldest first.
    pub new_calls: Vec<Announcement>,
    /// The newest call's event id (0: none today).
    pub last_call_id: i64,
}

/// One line of the queue statistics: everything, a service, or a counter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsLine {
    /// `A`, `Loket 1`, or empty for the whole office.
    pub key: String,
    pub name_id: String,
    pub name_en: String,
    pub tickets: u32,
    pub served: u32,
    pub no_shows: u32,
    pub cancelled: u32,
    /// Minutes from taking the ticket to the first call.
    pub wait: Option<crate::domain::queue::Spread>,
    /// Minutes from the start of service to its end.
    pub service: Option<crate::domain::queue::Spread>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueStats {
    pub office_code: String,
    pub office_name: String,
    pub day: chrono::NaiveDate,
    pub overall: StatsLine,
    pub by_service: Vec<StatsLine>,
    pub by_counter: Vec<StatsLine>,
    /// The waits customers were told against the calls.
    pub accuracy: Option<crate::domain::queue::Accuracy>,
    /// (code, name) of the offices an administrator may pick.
    pub offices: Vec<(String, String)>,
}
