use super::StaffGate;
use crate::api::queue::{load_console, ConsoleView, CounterAction, WalkInTicket};
use crate::components::error_panel::FormError;
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::components::print_button::PrintButton;
use crate::domain::queue::TicketState;
use crate::i18n::use_lang;
use crate::model::live::Topic;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A counter's queue console: open or close it, call the next customer (or one out of order),
/// recall, serve, finish, mark a no-show, send on to another service; and the kiosk that issues
/// printable walk-in tickets. Follows the office's queue live.
#[component]
pub fn QueueConsolePage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let act = ServerAction::<CounterAction>::new();
    let walk_in = ServerAction::<WalkInTicket>::new();
    let error = Signal::derive(move || {
        act.value().get().and_then(Result::err).or_else(|| walk_in.value().get().and_then(Result::err))
    });
    let asked = move || {
        (
            query.read().get("loket").and_then(|c| c.parse::<i64>().ok()),
            query.read().get("cetak"),
            query.read().get("kantor").unwrap_or_default(),
            act.version().get(),
            walk_in.version().get(),
        )
    };
    let console = Resource::new(asked, |(counter, printed, office, ..)| load_console(counter, printed, office));
    view! {
        <Title text=lang.t("Antrean loket · Petugas", "Counter queue · Staff")/>
        <StaffGate let:_ctx>
            <FormError error/>
            <Loaded resource=console let:c>
                <LiveRegion id="konsol" topics=vec![Topic::Queue] since=c.head>
                    <Console c act walk_in/>
                </LiveRegion>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn Console(c: ConsoleView, act: ServerAction<CounterAction>, walk_in: ServerAction<WalkInTicket>) -> impl IntoView {
    let lang = use_lang();
    let (csrf, counter, office) = (c.csrf.clone(), c.counter_no.to_string(), c.chosen_office.clone());
    // Borrows only: copied into every place a button is drawn.
    let button = |action: &'static str, label: String, extra: Option<(&'static str, String)>| {
        move_button(act, csrf.clone(), office.clone(), counter.clone(), action, label, extra)
    };
    let current = c.current.clone();
    let busy = current.is_some();
    view! {
        <h1>{lang.t("Loket ", "Counter ")}{c.counter_no}" · "{c.office_name.clone()}</h1>
        {(!c.offices.is_empty()).then(|| view! {
            <p class="counter-switch office-switch">{c.offices.iter().map(|(code, name)| view! {
                <a href=crate::api::queue::console_url(code, 1, None) aria-current=(*code == c.office_code).then_some("page")>{name.clone()}</a>" "
            }).collect_view()}</p>
        })}
        {(c.counters.len() > 1).then(|| view! {
            <p class="counter-switch">{c.counters.iter().map(|n| view! {
                <a href=crate::api::queue::console_url(&c.chosen_office, *n, None)>{lang.t("Loket ", "Counter ")}{*n}</a>" "
            }).collect_view()}</p>
        })}
        <section class="panel console" data-open=c.counter_open.to_string()>
            {if c.counter_open {
                view! {
                    <div class="counter-state">{lang.t("Loket buka.", "Counter open.")}" "{button("close", lang.t("Tutup loket", "Close the counter").to_string(), None)}</div>
                }.into_any()
            } else {
                view! {
                    <div class="counter-state">{lang.t("Loket tutup.", "Counter closed.")}" "{button("open", lang.t("Buka loket", "Open the counter").to_string(), None)}</div>
                }.into_any()
            }}
            {match current {
                Some(now) => {
                    let called = now.state == TicketState::Called;
                    view! {
                        <p class="ticket-number" data-current=now.ticket.to_string()>{now.ticket.to_string()}</p>
                        <p class="muted">{if called { lang.t("Dipanggil", "Called") } else { lang.t("Sedang dilayani", "Being served") }}
                            {(now.call_count > 1).then(|| format!(" · {}×", now.call_count))}</p>
                        <div class="console-actions">
                            {called.then(|| button("start", lang.t("Mulai layani", "Start serving").to_string(), None))}
                            {called.then(|| button("recall", lang.t("Panggil ulang", "Call again").to_string(), None))}
                            {called.then(|| button("no_show", lang.t("Tidak hadir", "No-show").to_string(), None))}
                            {(!called).then(|| button("finish", lang.t("Selesai", "Done").to_string(), None))}
                        </div>
                        <details class="more">
                            <summary>{lang.t("Alihkan ke layanan lain", "Send on to another service")}</summary>
                            {c.services.iter().map(|s| button("transfer", format!("{} ({})", lang.pick(&s.name_id, &s.name_en), s.prefix), Some(("service", s.id.to_string())))).collect_view()}
                        </details>
                    }.into_any()
                }
                None => view! {
                    <div class="console-actions">{button("call", lang.t("Panggil berikutnya", "Call next").to_string(), None)}</div>
                }.into_any(),
            }}
        </section>
        <section class="panel">
            <h2>{lang.t("Menunggu", "Waiting")}" ("{c.waiting.len()}")"</h2>
            <ol class="waiting-list">
                {c.waiting.iter().map(|t| view! {
                    <li data-ticket=t.number.to_string()>
                        <strong>{t.number.to_string()}</strong>
                        {t.priority.then(|| view! { " " <span class="badge">{lang.t("Prioritas", "Priority")}</span> })}
                        " " <span class="muted small">{lang.date_time_wib(t.issued_at)}</span>
                        {(!busy).then(|| button("call", lang.t("Panggil", "Call").to_string(), Some(("ticket", t.id.to_string()))))}
                    </li>
                }).collect_view()}
            </ol>
        </section>
        <Kiosk c=c.clone() walk_in/>
    }
}

fn move_button(
    act: ServerAction<CounterAction>,
    csrf: String,
    office: String,
    counter: String,
    action: &'static str,
    label: String,
    extra: Option<(&'static str, String)>,
) -> impl IntoView {
    let (name, value) = extra.unwrap_or(("ticket", String::new()));
    view! {
        <ActionForm action=act attr:class="inline-form">
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="office" value=office/>
            <input type="hidden" name="counter" value=counter/>
            <input type="hidden" name="action" value=action/>
            <input type="hidden" name=name value=value/>
            <button type="submit" data-action=action>{label}</button>
        </ActionForm>
    }
}

#[component]
fn Kiosk(c: ConsoleView, walk_in: ServerAction<WalkInTicket>) -> impl IntoView {
    let lang = use_lang();
    // Every service, plain and priority: one tap each.
    let choices: Vec<(String, String, bool)> = c
        .services
        .iter()
        .flat_map(|s| {
            [false, true].map(|priority| {
                let label = format!(
                    "{} ({}){}",
                    lang.pick(&s.name_id, &s.name_en),
                    s.prefix,
                    if priority { lang.t(" · prioritas", " · priority") } else { "" }
                );
                (label, s.id.to_string(), priority)
            })
        })
        .collect();
    view! {
        <section class="panel kiosk">
            <h2>{lang.t("Tiket datang langsung", "Walk-in tickets")}</h2>
            {c.printed.clone().map(|p| { let t = p.ticket.clone(); view! {
                <div class="printed-ticket" data-printed=t.number.to_string()>
                    <p class="muted">{t.office_name.clone()}" · "{lang.pick(&t.service_id_name, &t.service_en_name).to_string()}</p>
                    <p class="ticket-number">{t.number.to_string()}</p>
                    <p class="small">{lang.date_time_wib(t.issued_at)}</p>
                    <div class="ticket-qr" role="img" aria-label=lang.t("Kode QR halaman tiket", "QR code of the ticket's page") inner_html=p.qr_svg.clone()></div>
                    <p class="small">{lang.t("Pindai untuk memantau antrean, atau buka ", "Scan to follow the queue, or open ")}<strong class="short-url">{p.short_url.clone()}</strong></p>
                    <p class="small">{lang.t("Kode tiket: ", "Ticket code: ")}<strong class="short-code">{p.short_code.clone()}</strong></p>
                </div>
                <PrintButton>{lang.t("Cetak tiket", "Print the ticket")}</PrintButton>
            }})}
            <div class="kiosk-buttons">
                {choices.into_iter().map(|(label, service, priority)| {
                    let (csrf, counter, office) = (c.csrf.clone(), c.counter_no.to_string(), c.chosen_office.clone());
                    view! {
                        <ActionForm action=walk_in attr:class="inline-form">
                            <input type="hidden" name="csrf" value=csrf/>
                            <input type="hidden" name="office" value=office/>
                            <input type="hidden" name="counter" value=counter/>
                            <input type="hidden" name="service" value=service/>
                            <input type="hidden" name="priority" value=if priority { "1" } else { "" }/>
                            <button type="submit" class=if priority { "button-outline" } else { "" }>{label}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
