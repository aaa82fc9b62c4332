//! Taking and cancelling tickets online: the limits per phone number and per client network,
//! and the device cookie that remembers a phone's tickets. Server functions in `api::queue` are thin doors onto these.

use crate::domain::notice::InputProblem;
use crate::error::AppError;
use crate::ssr::db::queue::{self, NewTicket, QueueError};
use crate::ssr::random::random_hex;

pub const DEVICE_COOKIE: &str = "tirta_perangkat";

/// An Indonesian mobile number as `628...`: `08xx`, `+628xx` and `628xx`, 10 to 14 digits.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let rest = digits.strip_prefix("+62").or_else(|| digits.strip_prefix("62")).or_else(|| digits.strip_prefix('0'))?;
    let number = format!("62{rest}");
    (rest.starts_with('8') && rest.chars().all(|c| c.is_ascii_digit()) && (10..=14).contains(&number.len()))
        .then_some(number)
}

impl From<QueueError> for AppError {
    fn from(e: QueueError) -> Self {
        match e {
            QueueError::Db(e) => AppError::from(e),
            QueueError::Refused(r) => AppError::TicketMoveRefused(r),
            QueueError::UnknownTicket => AppError::TicketNotFound,
            QueueError::UnknownService | QueueError::UnknownCounter => {
                AppError::Invalid(InputProblem::UnknownChoice("service".into()))
            }
            QueueError::CounterClosed => AppError::CounterClosed,
            QueueError::NobodyWaiting => AppError::NobodyWaiting,
            QueueError::CounterBusy(t) => AppError::CounterBusy(t),
            QueueError::LimitReached => AppError::TicketLimit,
        }
    }
}

fn device_id() -> (String, bool) {
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    let existing = parts
        .as_ref()
        .and_then(|p| crate::ssr::auth::cookie_value(&p.headers, DEVICE_COOKIE))
        .filter(|v| v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()));
    match existing {
        Some(id) => (id.to_string(), false),
        None => (random_hex(16), true),
    }
}

pub async fn take_online(office_code: &str, service: &str, phone: &str) -> Result<String, AppError> {
    let state = crate::ssr::app_state()?;
    crate::ssr::rate_limit::take_lookup(&state)?;
    let office_id =
        crate::ssr::db::offices::office_id(&state.db, office_code.trim()).await?.ok_or(AppError::OfficeNotFound)?;
    let service_id: i64 =
        service.trim().parse().map_err(|_| AppError::Invalid(InputProblem::UnknownChoice("service".into())))?;
    let phone = normalise_phone(phone).ok_or(AppError::Invalid(InputProblem::BadPhone("phone".into())))?;
    // Online tickets while the office is open only: a ticket taken at night would wait for
    // counters that open tomorrow, and be gone by then.
    let now = state.site.queue_clock.now();
    let hours = crate::ssr::db::offices::hours(&state.db, office_id).await?;
    if !hours.is_open(now, &state.rules.get().due.holidays) {
        return Err(AppError::OfficeClosed { opens: hours.next_opening(now, &state.rules.get().due.holidays) });
    }
    let (device, new_device) = device_id();
    // No cookie is no fresh allowance: the limits are per phone number and per client network.
    let limits =
        queue::OnlineLimits { per_phone: state.site.tickets_per_phone, per_address: state.site.tickets_per_address };
    let client_net = crate::ssr::rate_limit::request_client().map(|ip| crate::ssr::ClientNet::of(ip).to_string());
    let new = NewTicket {
        office_id,
        service_id,
        priority: false,
        source: "online",
        phone: Some(phone),
        device: Some(device.clone()),
        client_net,
        limits: Some(limits),
    };
    let issued = queue::issue(&state.db, &new).await?;
    state.live.wake();
    if new_device {
        crate::ssr::set_cookie(&format!("{DEVICE_COOKIE}={device}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"));
    }
    Ok(issued.token)
}

/// An office's queue now, with whether it is open to online tickets by the queue's clock.
pub async fn office_queue(
    state: &crate::ssr::AppState,
    office_id: i64,
) -> Result<crate::model::queue::OfficeQueue, AppError> {
    let mut q = queue::office_queue(&state.db, office_id).await?;
    let hours = crate::ssr::db::offices::hours(&state.db, office_id).await?;
    q.hours = hours.is_set().then(|| hours.status(state.site.queue_clock.now(), &state.rules.get().due.holidays));
    Ok(q)
}

pub async fn cancel_online(token: &str) -> Result<(), AppError> {
    if !crate::model::payments::is_receipt_token(token) {
        return Err(AppError::TicketNotFound);
    }
    let state = crate::ssr::app_state()?;
    queue::cancel(&state.db, token).await?;
    state.live.wake();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::normalise_phone;

    #[test]
    fn phone_numbers_are_read_the_ways_people_write_them() {
        assert_eq!(normalise_phone("0812-3456-7890").as_deref(), Some("6281234567890"));
        assert_eq!(normalise_phone("+62 812 3456 789").as_deref(), Some("628123456789"));
        assert_eq!(normalise_phone("6281234567").as_deref(), Some("6281234567"));
        assert_eq!(normalise_phone("0341 123456"), None, "a landline gets no notifications");
        assert_eq!(normalise_phone("08123"), None);
        assert_eq!(normalise_phone("08123456789012345"), None);
        assert_eq!(normalise_phone("08abc4567890"), None);
        assert_eq!(normalise_phone(""), None);
    }
}

mod console {
    use super::*;
    use crate::domain::queue::{next_in_line, CounterMove, TicketAction, TicketNumber};
    use crate::domain::staff::Duty;
    use crate::model::queue::{ConsoleView, WaitingTicket};
    use crate::ssr::auth::{authorize_action, current_session};

    /// The staff member's office and the counter they run (a teller: their own; others: the one
    /// asked for, or 1).
    async fn office_and_counter(
        db: &sqlx::AnyPool,
        member: &crate::domain::staff::StaffMember,
        office: &str,
        asked: Option<i64>,
    ) -> Result<(i64, i64), AppError> {
        let office = crate::ssr::auth::working_office(db, member, office).await?;
        let counter =
            member.counter_no.filter(|_| member.role == crate::domain::staff::Role::Teller).or(asked).unwrap_or(1);
        if !member.may(Duty::RunCounter { office_id: office, counter_no: counter }) {
            return Err(AppError::Forbidden);
        }
        Ok((office, counter))
    }

    pub async fn console(office: &str, asked: Option<i64>, printed: Option<String>) -> Result<ConsoleView, AppError> {
        let state = crate::ssr::app_state()?;
        let session = current_session().await?;
        let (office_id, counter_no) = office_and_counter(&state.db, &session.staff, office, asked).await?;
        let (counter_id, open) = queue::counter(&state.db, office_id, counter_no)
            .await?
            .ok_or(AppError::Invalid(InputProblem::UnknownChoice("counter".into())))?;
        let counters = queue::counter_numbers(&state.db, office_id)
            .await?
            .into_iter()
            .filter(|n| session.staff.may(Duty::RunCounter { office_id, counter_no: *n }))
            .collect();
        let overview = queue::office_queue(&state.db, office_id).await?;
        let current = overview.counters.iter().find(|c| c.number == counter_no).and_then(|c| c.current.clone());
        let services = queue::active_services(&state.db, office_id).await?;
        let rows = queue::waiting_for_counter(&state.db, office_id, counter_id, crate::ssr::clock::today_wib()).await?;
        let mut line: Vec<crate::domain::queue::InLine> = rows
            .iter()
            .map(|r| crate::domain::queue::InLine { id: r.id, priority: r.priority != 0, arrival: r.arrival })
            .collect();
        let mut order = Vec::new();
        while let Some(id) = next_in_line(&line) {
            line.retain(|t| t.id != id);
            order.push(id);
        }
        let waiting = order
            .into_iter()
            .filter_map(|id| rows.iter().find(|r| r.id == id))
            .map(|r| WaitingTicket {
                id: r.id,
                number: TicketNumber { prefix: r.prefix.clone(), seq: u32::try_from(r.seq).unwrap_or(0) },
                priority: r.priority != 0,
                issued_at: r.issued_at.wib(),
            })
            .collect();
        let printed = match printed.filter(|t| crate::model::payments::is_receipt_token(t)) {
            Some(token) => queue::ticket(&state.db, &token)
                .await?
                .filter(|t| t.office_code == overview.office_code)
                .map(|ticket| {
                    let base = &state.site.public_url;
                    let url = format!("{base}/antrean/{}", ticket.token);
                    let code = crate::domain::queue::short_code(&ticket.token);
                    crate::model::queue::PrintedTicket {
                        qr_svg: crate::ssr::qr::qr_svg(&url),
                        short_url: format!("{base}/t/{}", code.replace('-', "")),
                        short_code: code,
                        url,
                        ticket,
                    }
                }),
            None => None,
        };
        let (offices, chosen_office) = if session.staff.office_id().is_none() {
            (crate::ssr::db::offices::names(&state.db).await?, overview.office_code.clone())
        } else {
            (Vec::new(), String::new())
        };
        Ok(ConsoleView {
            offices,
            chosen_office,
            csrf: session.csrf.clone(),
            office_code: overview.office_code.clone(),
            office_name: overview.office_name.clone(),
            counter_no,
            counter_open: open,
            counters,
            current,
            waiting,
            services,
            head: overview.head,
            printed,
        })
    }

    async fn authorized_counter(
        csrf: &str,
        office: &str,
        counter_no: i64,
    ) -> Result<(crate::ssr::auth::Session, Option<std::net::IpAddr>, i64, i64), AppError> {
        let state = crate::ssr::app_state()?;
        let session = current_session().await?;
        let office_id = crate::ssr::auth::working_office(&state.db, &session.staff, office).await?;
        let (session, ip) = authorize_action(csrf, Duty::RunCounter { office_id, counter_no }).await?;
        let (counter_id, _) = queue::counter(&state.db, office_id, counter_no)
            .await?
            .ok_or(AppError::Invalid(InputProblem::UnknownChoice("counter".into())))?;
        Ok((session, ip, office_id, counter_id))
    }

    fn number(field: &str, raw: &str) -> Result<Option<i64>, AppError> {
        match raw.trim() {
            "" => Ok(None),
            v => v.parse().map(Some).map_err(|_| AppError::Invalid(InputProblem::UnknownChoice(field.into()))),
        }
    }

    pub async fn counter_action(
        csrf: &str,
        office: &str,
        counter_no: i64,
        action: &str,
        ticket: &str,
        service: &str,
    ) -> Result<(), AppError> {
        let state = crate::ssr::app_state()?;
        // An unknown move is refused before anything is looked up.
        let chosen: CounterMove =
            action.parse().map_err(|_| AppError::Invalid(InputProblem::UnknownChoice("action".into())))?;
        let (session, ip, office_id, counter_id) = authorized_counter(csrf, office, counter_no).await?;
        let staff = session.staff.id;
        match chosen {
            CounterMove::Open | CounterMove::Close => {
                let open = chosen == CounterMove::Open;
                // Who staffed which counter when: the queue log has it too, the audit page is where administrators look.
                let audit = crate::ssr::db::audit::Action {
                    actor: &session.staff,
                    action: if open {
                        crate::domain::audit::AuditAction::CounterOpen
                    } else {
                        crate::domain::audit::AuditAction::CounterClose
                    },
                    subject: format!("loket {counter_no}"),
                    detail: String::new(),
                    ip,
                };
                queue::set_counter_open(&state.db, office_id, counter_id, open, staff, Some(&audit)).await?;
            }
            CounterMove::Ticket(TicketAction::Call) => {
                queue::call(&state.db, office_id, counter_id, number("ticket", ticket)?, staff).await?;
            }
            CounterMove::Ticket(action) => {
                queue::act(&state.db, office_id, counter_id, action, number("service", service)?, staff).await?;
            }
        }
        state.live.wake();
        Ok(())
    }

    pub async fn walk_in(
        csrf: &str,
        office: &str,
        counter_no: i64,
        service: &str,
        priority: bool,
    ) -> Result<String, AppError> {
        let state = crate::ssr::app_state()?;
        let (_session, _ip, office_id, _) = authorized_counter(csrf, office, counter_no).await?;
        let service_id =
            number("service", service)?.ok_or(AppError::Invalid(InputProblem::Required("service".into())))?;
        let issued = queue::issue(
            &state.db,
            &NewTicket {
                office_id,
                service_id,
                priority,
                source: "kiosk",
                phone: None,
                device: None,
                client_net: None,
                limits: None,
            },
        )
        .await?;
        state.live.wake();
        Ok(issued.token)
    }
}

pub use console::{console, counter_action, walk_in};

/// Who reads an office's queue statistics: its supervisors and administrators (the cash
/// report's scope without the teller's own line). (office id, code, name)
pub async fn stats_scope(
    db: &sqlx::AnyPool,
    staff: &crate::domain::staff::StaffMember,
    office: &str,
) -> Result<(i64, String, String), AppError> {
    match crate::ssr::reports::cash_scope(db, staff, office).await? {
        (id, code, name, None) => Ok((id, code, name)),
        (_, _, _, Some(_)) => Err(AppError::Forbidden),
    }
}

/// The live state of an office's queue, by the office's code.
pub async fn office(code: &str) -> Result<crate::model::queue::OfficeQueue, AppError> {
    let state = crate::ssr::app_state()?;
    let office_id = crate::ssr::db::offices::office_id(&state.db, code).await?.ok_or(AppError::OfficeNotFound)?;
    office_queue(&state, office_id).await
}

/// A customer's ticket by its token.
pub async fn ticket(token: &str) -> Result<crate::model::queue::TicketView, AppError> {
    if !crate::model::payments::is_receipt_token(token) {
        return Err(AppError::TicketNotFound);
    }
    let state = crate::ssr::app_state()?;
    crate::ssr::db::queue::ticket(&state.db, token).await?.ok_or(AppError::TicketNotFound)
}

/// The queue screen's state, and every call since `after` (so a screen that lost its
/// connection speaks the calls it missed, in order).
pub async fn screen(code: &str, after: i64, at_least: i64) -> Result<crate::model::queue::ScreenView, AppError> {
    use crate::model::queue::{ScreenNotice, ScreenView};
    let state = crate::ssr::app_state()?;
    let board = state.board.get(&state, at_least.max(crate::ssr::live::seen_by_page())).await?;
    let office_id = board.office_id(code).ok_or(AppError::OfficeNotFound)?;
    let queue = office_queue(&state, office_id).await?;
    let (new_calls, last_call_id) = crate::ssr::db::queue::calls_after(&state.db, office_id, after).await?;
    let now = crate::ssr::clock::now_wib().naive_local();
    let notices = board
        .notices(Some(office_id), now)
        .into_iter()
        .map(|n| ScreenNotice {
            disruption: true,
            villages: n.areas.into_iter().map(|a| a.village).collect(),
            back_by: n.flow_eta.or(n.ends_at),
            title: n.title,
        })
        .chain(board.announcements(Some(office_id), now).into_iter().map(|a| ScreenNotice {
            title: a.title,
            disruption: false,
            villages: Vec::new(),
            back_by: None,
        }))
        .collect();
    Ok(ScreenView { queue, notices, new_calls, last_call_id })
}

/// Queue statistics of an office for a day: supervisors their office, administrators any.
pub async fn statistics(day: &str, office: &str) -> Result<crate::model::queue::QueueStats, AppError> {
    let state = crate::ssr::app_state()?;
    let session = crate::ssr::auth::current_session().await?;
    let day = crate::ssr::reports::parse_day(day)?;
    let (office_id, ..) = stats_scope(&state.db, &session.staff, office).await?;
    let mut stats = crate::ssr::db::queue::statistics(&state.db, office_id, day).await?;
    if session.staff.office.is_none() {
        stats.offices = crate::ssr::db::offices::names(&state.db).await?;
    }
    Ok(stats)
}
