use crate::api::queue::{load_ticket, CancelTicket, TicketView};
use crate::components::error_panel::FormError;
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::components::queue_status::describe_wait;
use crate::domain::queue::TicketState;
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// When this few are ahead, the customer is told to come close.
pub const ALMOST_TURN: u32 = 3;

/// A customer's queue ticket: their number, where it stands, and (once called) which counter to
/// go to. Follows the queue live; vibrates the phone when the turn nears and when it comes.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let ticket = Resource::new(move || params.read().get("token").unwrap_or_default(), load_ticket);
    view! {
        <Loaded resource=ticket let:t>
            <LiveRegion id="tiket" topics=vec![Topic::Queue] since=t.head>
                <Ticket t/>
            </LiveRegion>
        </Loaded>
    }
}

fn status_line(lang: Lang, t: &TicketView) -> String {
    match (t.state, lang) {
        (TicketState::Waiting, Lang::Id) => match t.ahead.unwrap_or(0) {
            0 => "Anda berikutnya.".into(),
            n => format!("{n} orang di depan Anda."),
        },
        (TicketState::Waiting, Lang::En) => match t.ahead.unwrap_or(0) {
            0 => "You are next.".into(),
            1 => "1 person ahead of you.".into(),
            n => format!("{n} people ahead of you."),
        },
        (TicketState::Called, Lang::Id) => {
            format!("Nomor Anda dipanggil: silakan ke loket {}.", t.counter_no.unwrap_or_default())
        }
        (TicketState::Called, Lang::En) => {
            format!("Your number is called: please go to counter {}.", t.counter_no.unwrap_or_default())
        }
        (TicketState::Serving, Lang::Id) => format!("Sedang dilayani di loket {}.", t.counter_no.unwrap_or_default()),
        (TicketState::Serving, Lang::En) => format!("Being served at counter {}.", t.counter_no.unwrap_or_default()),
        (TicketState::Done, _) => lang.t("Selesai dilayani. Terima kasih.", "Served. Thank you.").into(),
        (TicketState::NoShow, _) => lang
            .t(
                "Anda tidak hadir saat dipanggil. Ambil nomor baru bila masih perlu dilayani.",
                "You were not there when called. Take a new number if you still need service.",
            )
            .into(),
        (TicketState::Cancelled, _) => lang.t("Tiket dibatalkan.", "Ticket cancelled.").into(),
        (TicketState::Transferred, _) => {
            lang.t("Tiket dialihkan ke layanan lain.", "Ticket moved to another service.").into()
        }
    }
}

#[component]
fn Ticket(t: TicketView) -> impl IntoView {
    let lang = use_lang();
    let cancel = ServerAction::<CancelTicket>::new();
    let error = Signal::derive(move || cancel.value().get().and_then(Result::err));
    // Nobody is called while no counter serves the ticket's service: "come near" would be wrong.
    let serving = t.estimate.is_none_or(|e| e != crate::domain::queue::WaitEstimate::NoCounter);
    let near = t.state == TicketState::Waiting && serving && t.ahead.is_some_and(|a| a <= ALMOST_TURN);
    let called = t.state == TicketState::Called;
    let moment = if called {
        "called"
    } else if near {
        "near"
    } else {
        ""
    };
    let token = t.token.clone();
    let class = if called { "panel ticket ticket-called" } else { "panel ticket" };
    let service = lang.pick(&t.service_id_name, &t.service_en_name).to_string();
    let number = t.number.to_string();
    view! {
        <Title text=format!("{} {} · Tirta", lang.t("Antrean", "Queue"), number)/>
        <section class=class data-state=t.state.as_str() data-ahead=t.ahead.map(|a| a.to_string()).unwrap_or_default()>
            <p class="muted">{t.office_name.clone()}" · "{service}</p>
            <p class="ticket-number">{number}</p>
            <p class="ticket-status" role="status" aria-live="assertive">{status_line(lang, &t)}</p>
            {t.estimate.map(|e| view! { <p><span class="label">{lang.t("Perkiraan tunggu: ", "Estimated wait: ")}</span>{describe_wait(lang, e)}</p> })}
            {near.then(|| view! { <p class="alert alert-warning" data-alert="near">{lang.t("Giliran Anda sebentar lagi: mendekatlah ke loket.", "Your turn is close: come near the counters.")}</p> })}
            {t.priority.then(|| view! { <p class="badge">{lang.t("Prioritas", "Priority")}</p> })}
            <p class="muted small">{lang.t("Diambil ", "Taken ")}{lang.date_time_wib(t.issued_at)}</p>
            {(!moment.is_empty()).then(|| view! {
                <TicketAlert><span hidden data-alert-ticket=token data-alert-moment=moment></span></TicketAlert>
            })}
        </section>
        {matches!(t.state, TicketState::Waiting | TicketState::Called).then(|| view! {
            <FormError error/>
            // A second tap confirms: a place in the queue, once given up, goes to the back.
            <details class="cancel-ticket">
                <summary class="button button-outline">{lang.t("Batalkan tiket", "Cancel the ticket")}</summary>
                <p>{lang.t(
                    "Yakin membatalkan? Nomor ini keluar dari antrean; bila datang lagi, Anda mengambil nomor baru di urutan belakang.",
                    "Cancel for sure? This number leaves the queue; if you come after all, you take a new number at the back.",
                )}</p>
                <ActionForm action=cancel>
                    <input type="hidden" name="token" value=t.token.clone()/>
                    <button type="submit" class="button-danger">{lang.t("Ya, batalkan tiket", "Yes, cancel the ticket")}</button>
                </ActionForm>
            </details>
        })}
        <p><a href=format!("/kantor/{}#antrean", t.office_code)>{lang.t("Lihat antrean kantor", "See the office's queue")}</a></p>
    }
}

/// Chimes and vibrates (where the phone can) once per ticket and moment (`near`, `called`, as
/// the marker inside says), however often the region is refreshed: the island hydrates again
/// with each new rendering, and the session remembers what it already said.
#[island(lazy)]
fn TicketAlert(children: Children) -> impl IntoView {
    let marker = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        let Some(marker) = marker.get_untracked().and_then(|e| e.query_selector("[data-alert-moment]").ok().flatten())
        else {
            return;
        };
        let (token, moment) = (marker.get_attribute("data-alert-ticket"), marker.get_attribute("data-alert-moment"));
        let (Some(token), Some(moment), Some(window)) = (token, moment, web_sys::window()) else {
            return;
        };
        let key = format!("tirta-alert-{token}-{moment}");
        let storage = window.session_storage().ok().flatten();
        if storage.as_ref().and_then(|s| s.get_item(&key).ok().flatten()).is_some() {
            return;
        }
        if let Some(s) = storage {
            let _ = s.set_item(&key, "1");
        }
        let _ = window.navigator().vibrate_with_duration(if moment == "called" { 800 } else { 300 });
        // Phones may keep it silent until the page was touched; the vibration and the banner stay.
        crate::components::chime::chime();
    });
    view! { <span node_ref=marker>{children()}</span> }
}
