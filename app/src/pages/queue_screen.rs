use crate::api::queue::{load_screen, ScreenView};
use crate::components::live::LiveRegion;
use crate::domain::queue::spoken_call;
use crate::i18n::use_lang;
use crate::model::live::Topic;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The office's TV: now serving per counter (the newest call highlighted), the last calls,
/// waiting per service, notices as running text, a clock. Each call chimes and is spoken, one
/// after another. Follows the queue live, resumes after a dropped connection and announces the
/// calls it missed meanwhile.
///
/// `?setelah=N` asks for the calls after call event N too, each with the sentence to speak:
/// the screen keeps its address at the last call it announced, so every refresh (and a reload
/// after a power cut) brings exactly the calls not yet spoken. Without it nothing is pending:
/// a screen switched on does not read out the morning's calls.
#[component]
pub fn QueueScreenPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let asked = move || {
        let code = params.read().get("code").unwrap_or_default();
        let after = query.read().get("setelah").and_then(|n| n.parse::<i64>().ok()).map(|n| n.max(0));
        (code, after.unwrap_or(i64::MAX))
    };
    let screen = Resource::new(asked, |(code, after)| load_screen(code, after, 0));
    view! {
        <Title text=lang.t("Layar antrean · Tirta", "Queue screen · Tirta")/>
        <div class="queue-screen">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match screen.await {
                        Ok(s) => {
                            let last_call = s.last_call_id;
                            let pending = s.new_calls.iter().map(|call| view! {
                                <li data-call-id=call.id data-speech=spoken_call(&call.ticket, call.counter_no as u32)></li>
                            }).collect_view();
                            view! {
                                <LiveRegion id="layar" topics=vec![Topic::Queue, Topic::Notice, Topic::Channel] since=s.queue.head>
                                    <Screen s/>
                                    <ol class="screen-pending" hidden data-last-call=last_call>{pending}</ol>
                                </LiveRegion>
                                <ScreenControls>
                                    <div class="screen-footer">
                                        <span class="screen-clock">{wib_clock()}</span>
                                        <button type="button" class="enable-sound">{lang.t("Aktifkan suara", "Enable sound")}</button>
                                        <span class="reconnecting" role="status" hidden>{lang.t("Menyambung ulang…", "Reconnecting…")}</span>
                                    </div>
                                </ScreenControls>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <crate::components::error_panel::ErrorPanel error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The clock, the button that lets the TV speak, and the notice while its stream reconnects:
/// the server's markup, brought to life. Speaks the calls the page came with and those each
/// refresh of the screen brings.
#[island(lazy)]
fn ScreenControls(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    crate::components::when_ready(root, |_| ());
    #[cfg(feature = "hydrate")]
    sound::start();
    let tap = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        sound::tapped(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <div class="screen-controls" node_ref=root on:click=tap>{children()}</div> }
}

/// Laid out for reading at five metres: the newest call (its number and its counter, large and
/// together), every counter's state, waiting per service, the last calls, and the office's
/// notices with their villages and when water is back. Heights in `vh`, so 720p and 1080p alike.
#[component]
fn Screen(s: ScreenView) -> impl IntoView {
    let lang = use_lang();
    let q = s.queue;
    let newest = q.recent_calls.first().cloned();
    let hero = match newest.clone() {
        Some(call) => view! {
            <section class="screen-now" data-call=call.ticket.to_string() aria-live="assertive">
                <p class="screen-now-label">{lang.t("Nomor dipanggil", "Now calling")}</p>
                <p class="screen-now-ticket">{call.ticket.to_string()}</p>
                <p class="screen-now-counter">{lang.t("Loket ", "Counter ")}{call.counter_no}</p>
            </section>
        }
        .into_any(),
        None => view! {
            <section class="screen-now screen-now-idle">
                <p class="screen-now-label">{lang.t("Belum ada panggilan hari ini", "No calls yet today")}</p>
                <p class="screen-now-counter">{match q.hours.and_then(|h| (!h.open_now).then_some(h.next_opening).flatten()) {
                    Some(t) => format!("{} {}", lang.t("Buka", "Opens"), lang.opening(t)),
                    None => lang.t("Ambil nomor antrean", "Take a number").to_string(),
                }}</p>
            </section>
        }
        .into_any(),
    };
    // Every counter fits the column: rows shrink only past five counters.
    let rows = format!("--rows: {}", q.counters.len().max(1));
    let counters =
        q.counters
            .into_iter()
            .map(|c| {
                let is_newest = c.current.as_ref().is_some_and(|now| {
                    newest.as_ref().is_some_and(|n| n.ticket == now.ticket && n.counter_no == c.number)
                });
                let (state, now) = match (c.open, c.current) {
                    (_, Some(call)) => ("serving", call.ticket.to_string()),
                    (true, None) => ("open", "—".to_string()),
                    (false, None) => ("closed", lang.t("Tutup", "Closed").to_string()),
                };
                view! {
                    <li class="screen-counter" class:newest=is_newest data-counter=c.number data-state=state>
                        <span class="screen-counter-name">{lang.t("Loket ", "Counter ")}{c.number}</span>
                        <span class="screen-counter-ticket">{now}</span>
                    </li>
                }
            })
            .collect_view();
    let notices = s
        .notices
        .into_iter()
        .take(3)
        .map(|n| {
            let villages =
                (!n.villages.is_empty()).then(|| format!("{} {}", lang.t("Desa", "Villages:"), n.villages.join(", ")));
            let back =
                n.back_by.map(|t| format!("{} {}", lang.t("Perkiraan normal", "Expected back"), lang.date_time_wib(t)));
            view! {
                <li class:disruption=n.disruption>
                    <strong>{n.title}</strong>
                    {villages.map(|v| view! { <span class="screen-notice-where">{v}</span> })}
                    {back.map(|b| view! { <span class="screen-notice-until">{b}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="screen-top">
            <h1 class="screen-office">{q.office_name.clone()}</h1>
        </header>
        {hero}
        <section class="screen-side">
            <h2>{lang.t("Loket", "Counters")}</h2>
            <ul class="screen-counters" style=rows>{counters}</ul>
        </section>
        <div class="screen-lower">
        <section class="screen-waiting">
            <h2>{lang.t("Menunggu", "Waiting")}</h2>
            <ul>
                {q.services.into_iter().map(|s| view! {
                    <li data-service=s.prefix.clone()><span>{format!("{} ({})", s.name(lang), s.prefix)}</span><strong>{s.waiting}</strong></li>
                }).collect_view()}
            </ul>
        </section>
        <section class="screen-recent">
            <h2>{lang.t("Panggilan terakhir", "Last calls")}</h2>
            <ol>
                {q.recent_calls.into_iter().skip(1).take(4).map(|c| view! {
                    <li data-call=c.ticket.to_string()><strong>{c.ticket.to_string()}</strong>" → "{lang.t("loket ", "counter ")}{c.counter_no}</li>
                }).collect_view()}
            </ol>
        </section>
        </div>
        <ul class="screen-notices" aria-live="polite">{notices}</ul>
    }
}

/// The WIB wall clock, HH:MM:SS.
fn wib_clock() -> String {
    #[cfg(feature = "ssr")]
    return crate::ssr::clock::now_wib().format("%H:%M:%S").to_string();
    #[cfg(not(feature = "ssr"))]
    {
        let secs = (web_sys::js_sys::Date::now() / 1000.0) as i64 + 7 * 3600;
        format!("{:02}:{:02}:{:02}", (secs / 3600) % 24, (secs / 60) % 60, secs % 60)
    }
}

/// Chime and speech, one call after another: calls never overlap. Browsers block sound until a
/// tap, so the screen offers one; where speech synthesis is missing the chime plays alone.
#[cfg(feature = "hydrate")]
mod sound {
    use crate::components::{chime::chime, live::follow};
    use leptos::prelude::{set_interval, set_timeout};
    use std::{cell::RefCell, collections::VecDeque, time::Duration};
    use wasm_bindgen::{closure::Closure, JsCast};

    /// Calls waiting to be spoken beyond this are dropped (oldest first): a screen left muted
    /// for hours must not grow.
    const MAX_PENDING: usize = 20;

    struct Speaker {
        blocked: bool,
        busy: bool,
        pending: VecDeque<String>,
    }

    thread_local! {
        static SPEAKER: RefCell<Speaker> =
            const { RefCell::new(Speaker { blocked: true, busy: false, pending: VecDeque::new() }) };
    }

    fn element(selector: &str) -> Option<web_sys::Element> {
        web_sys::window()?.document()?.query_selector(selector).ok().flatten()
    }

    pub fn start() {
        set_interval(
            || {
                if let Some(clock) = element(".screen-clock") {
                    clock.set_text_content(Some(&super::wib_clock()));
                }
            },
            Duration::from_secs(1),
        );
        let speak = || {
            for sentence in pending_calls() {
                announce(sentence);
            }
        };
        speak();
        follow::on_refreshed(speak);
        // Said only once the stream was up and then dropped, not while it first connects.
        let was_up = std::cell::Cell::new(false);
        follow::on_connection(move |up| {
            was_up.set(was_up.get() || up);
            if let Some(notice) = element(".reconnecting") {
                let _ = notice.toggle_attribute_with_force("hidden", up || !was_up.get());
            }
        });
    }

    /// The screen's address names the last call it has announced (see `QueueScreenPage`).
    fn keep_address_at(last_call: i64) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("?setelah={last_call}")),
            );
        }
    }

    /// The sentences of the calls the page holds (what came with it, or with its last refresh),
    /// oldest first; the address moves past them.
    fn pending_calls() -> Vec<String> {
        let Some(list) = element("#layar .screen-pending") else { return Vec::new() };
        let sentences = follow::elements(&list, "li[data-speech]")
            .iter()
            .filter_map(|item| item.get_attribute("data-speech"))
            .collect();
        if let Some(last) = list.get_attribute("data-last-call").and_then(|n| n.parse::<i64>().ok()) {
            keep_address_at(last);
        }
        sentences
    }

    pub fn tapped(ev: &leptos::ev::MouseEvent) {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest(".enable-sound").ok().flatten());
        let Some(button) = button else { return };
        let _ = button.set_attribute("hidden", "");
        SPEAKER.with_borrow_mut(|s| s.blocked = false);
        // A sound during the tap unlocks audio for the page.
        chime();
        next();
    }

    fn announce(sentence: String) {
        SPEAKER.with_borrow_mut(|s| {
            s.pending.push_back(sentence);
            while s.pending.len() > MAX_PENDING {
                s.pending.pop_front();
            }
        });
        next();
    }

    fn next() {
        let sentence = SPEAKER.with_borrow_mut(|s| {
            if s.blocked || s.busy {
                return None;
            }
            let sentence = s.pending.pop_front()?;
            s.busy = true;
            Some(sentence)
        });
        let Some(sentence) = sentence else { return };
        chime();
        let done = || {
            SPEAKER.with_borrow_mut(|s| s.busy = false);
            next();
        };
        let speak = move || {
            let synth = web_sys::window().and_then(|w| w.speech_synthesis().ok());
            let utterance = web_sys::SpeechSynthesisUtterance::new_with_text(&sentence).ok();
            match (synth, utterance) {
                (Some(synth), Some(u)) => {
                    u.set_lang("id-ID");
                    u.set_rate(0.9);
                    let end = Closure::once_into_js(move |_: web_sys::Event| done());
                    u.set_onend(Some(end.unchecked_ref()));
                    u.set_onerror(Some(end.unchecked_ref()));
                    synth.speak(&u);
                }
                // No speech on this TV: the chime alone, then the next call.
                _ => set_timeout(done, Duration::from_millis(1500)),
            }
        };
        // The chime first, then the words.
        set_timeout(speak, Duration::from_millis(900));
    }
}
