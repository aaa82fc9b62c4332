//! How an office's queue stands, for customers: now serving at each counter, how many wait per
//! service and how long that means; and the form to take a ticket online. Follows the queue live.

use crate::api::queue::{load_office_queue, OfficeQueue, TakeTicket};
use crate::components::error_panel::FormError;
use crate::components::live::LiveRegion;
use crate::domain::queue::WaitEstimate;
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use leptos::prelude::*;

pub fn describe_wait(lang: Lang, estimate: WaitEstimate) -> String {
    match (lang, estimate) {
        (Lang::Id, WaitEstimate::NoCounter) => "Menunggu loket dibuka".into(),
        (Lang::En, WaitEstimate::NoCounter) => "Waiting for a counter to open".into(),
        (Lang::Id, WaitEstimate::AtLeast { minutes: 0 }) => "Segera".into(),
        (Lang::En, WaitEstimate::AtLeast { minutes: 0 }) => "Soon".into(),
        (Lang::Id, WaitEstimate::AtLeast { minutes }) => format!("Paling sedikit {minutes} menit"),
        (Lang::En, WaitEstimate::AtLeast { minutes }) => format!("At least {minutes} minutes"),
        (Lang::Id, WaitEstimate::Range { low, high }) => format!("Sekitar {low}–{high} menit"),
        (Lang::En, WaitEstimate::Range { low, high }) => format!("About {low}–{high} minutes"),
    }
}

#[component]
pub fn QueueStatus(office: String) -> impl IntoView {
    let lang = use_lang();
    let code = office.clone();
    let queue = Resource::new(|| (), move |_| load_office_queue(code.clone()));
    let take = ServerAction::<TakeTicket>::new();
    let error = Signal::derive(move || take.value().get().and_then(Result::err));
    view! {
        <section class="panel queue" id="antrean">
            <h2>{lang.t("Antrean hari ini", "Today's queue")}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let q = queue.await.ok()?;
                    let (since, now) = (q.head, q.clone());
                    Some(view! {
                        <LiveRegion id="antrean-kini" topics=vec![Topic::Queue] since>
                            <QueueNow q=now/>
                        </LiveRegion>
                        <TakeTicketForm q take error/>
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn QueueNow(q: OfficeQueue) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="counters">
            {q.counters.into_iter().map(|c| {
                let number = c.number;
                let now = match (c.open, c.current) {
                    (false, _) => lang.t("Tutup", "Closed").to_string(),
                    (true, Some(call)) => call.ticket.to_string(),
                    (true, None) => "—".to_string(),
                };
                view! {
                    <li class="counter" data-counter=number data-open=c.open.to_string()>
                        <span class="counter-name">{lang.t("Loket ", "Counter ")}{number}</span>
                        <span class="counter-now">{now}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <table class="queue-services">
            <thead><tr><th>{lang.t("Layanan", "Service")}</th><th>{lang.t("Menunggu", "Waiting")}</th><th>{lang.t("Perkiraan", "Estimated wait")}</th></tr></thead>
            <tbody>
                {q.services.into_iter().map(|s| view! {
                    <tr data-service=s.prefix.clone()>
                        <td>{format!("{} ({})", s.name(lang), s.prefix)}</td>
                        <td class="waiting">{s.waiting}</td>
                        <td>{describe_wait(lang, s.estimate)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TakeTicketForm(
    q: OfficeQueue,
    take: ServerAction<TakeTicket>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    if !q.taking_tickets() {
        let opens = q.hours.and_then(|h| h.next_opening).map(|t| lang.opening(t));
        return view! {
            <p class="alert alert-info take-ticket-closed" data-closed="true">{match (lang, opens) {
                (Lang::Id, Some(t)) => format!("Kantor sedang tutup. Nomor antrean online dapat diambil lagi mulai {t}."),
                (Lang::En, Some(t)) => format!("The office is closed. Online queue numbers can be taken again from {t}."),
                (Lang::Id, None) => "Kantor sedang tutup. Nomor antrean online dapat diambil selama jam layanan.".to_string(),
                (Lang::En, None) => "The office is closed. Online queue numbers are taken during opening hours.".to_string(),
            }}</p>
        }
        .into_any();
    }
    // Open when the last try failed: without JavaScript the page comes back with the error, and
    // a folded form would hide it.
    view! {
        <FormError error/>
        <details class="more take-ticket" open=move || error.get().is_some()>
            <summary>{lang.t("Ambil nomor antrean dari rumah", "Take a queue number from home")}</summary>
            <ActionForm action=take>
                <input type="hidden" name="office" value=q.office_code.clone()/>
                <label for="queue-service">{lang.t("Layanan", "Service")}</label>
                <select id="queue-service" name="service">
                    {q.services.iter().map(|s| view! { <option value=s.id.to_string()>{format!("{} ({})", s.name(lang), s.prefix)}</option> }).collect_view()}
                </select>
                <label for="queue-phone">{lang.t("Nomor HP", "Mobile number")}</label>
                <input id="queue-phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required maxlength="20" placeholder="08xx xxxx xxxx"/>
                <p class="muted small">{lang.t(
                    "Satu tiket per nomor HP dan per perangkat setiap hari. Datanglah sebelum nomor Anda dipanggil.",
                    "One ticket per mobile number and per device each day. Arrive before your number is called.",
                )}</p>
                <button type="submit">{lang.t("Ambil nomor", "Take a number")}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}
