use crate::api::queue::{load_screen, ScreenView};
use crate::components::live::use_live;
use crate::domain::queue::spoken_call;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The office's TV: now serving per counter (the newest call highlighted), the last calls,
/// waiting per service, notices as running text, a clock. Each call chimes and is spoken, one
/// after another. Follows the queue live, resumes after a dropped connection and announces the
/// calls it missed meanwhile.
#[component]
pub fn QueueScreenPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let live = use_live();
    let moved = live.queue();
    let notices = live.notices();
    let code = move || params.read().get("code").unwrap_or_default();
    // The newest call already announced; the first load only notes where the day stands.
    let announced = RwSignal::new(0i64);
    let primed = StoredValue::new(false);
    let screen = Resource::new(
        move || (code(), moved.get(), notices.get()),
        move |(code, ..)| load_screen(code, announced.get_untracked(), live.seen()),
    );
    let connected = live.connected();
    let sound = announcer::Announcer::new();
    view! {
        <Title text=lang.t("Layar antrean · Tirta", "Queue screen · Tirta")/>
        <div class="queue-screen">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match screen.await {
                        Ok(s) => {
                            let head = s.queue.head;
                            Effect::new(move |_| live.follow_from(head));
                            if primed.get_value() {
                                for call in &s.new_calls {
                                    sound.announce(spoken_call(&call.ticket, call.counter_no as u32));
                                }
                            }
                            primed.set_value(true);
                            if s.last_call_id > announced.get_untracked() {
                                announced.set(s.last_call_id);
                            }
                            Some(view! { <Screen s/> }.into_any())
                        }
                        Err(e) => Some(view! { <crate::components::error_panel::ErrorPanel error=e/> }.into_any()),
                    }
                })}
            </Transition>
            <div class="screen-footer">
                <Clock/>
                <Show when=move || sound.blocked()>
                    <button class="enable-sound" on:click=move |_| sound.enable()>{lang.t("Aktifkan suara", "Enable sound")}</button>
                </Show>
                <Show when=move || live.opened() && !connected.get()>
                    <span class="reconnecting" role="status">{lang.t("Menyambung ulang…", "Reconnecting…")}</span>
                </Show>
            </div>
        </div>
    }
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

/// WIB time, ticking every second once the page has hydrated.
#[component]
fn Clock() -> impl IntoView {
    let now = RwSignal::new(wib_clock());
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(move || now.set(wib_clock()), std::time::Duration::from_secs(1));
        on_cleanup(move || {
            if let Ok(h) = handle {
                h.clear();
            }
        });
    }
    view! { <span class="screen-clock">{move || now.get()}</span> }
}

/// Chime and speech, one call after another: calls never overlap. Browsers block sound until a
/// tap, so the screen offers one; where speech synthesis is missing the chime plays alone.
mod announcer {
    #[cfg(feature = "hydrate")]
    use crate::components::chime::chime;
    use leptos::prelude::*;

    #[derive(Clone, Copy)]
    pub struct Announcer {
        blocked: RwSignal<bool>,
        #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
        pending: StoredValue<std::collections::VecDeque<String>>,
        #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
        busy: StoredValue<bool>,
    }

    /// Calls waiting to be spoken beyond this are dropped (oldest first): a screen left muted
    /// for hours must not grow.
    #[cfg(feature = "hydrate")]
    const MAX_PENDING: usize = 20;

    impl Announcer {
        pub fn new() -> Self {
            Announcer {
                blocked: RwSignal::new(true),
                pending: StoredValue::new(Default::default()),
                busy: StoredValue::new(false),
            }
        }

        pub fn blocked(self) -> bool {
            self.blocked.get()
        }

        pub fn enable(self) {
            self.blocked.set(false);
            #[cfg(feature = "hydrate")]
            {
                // A sound during the tap unlocks audio for the page.
                chime();
                self.next();
            }
        }

        pub fn announce(self, sentence: String) {
            #[cfg(feature = "hydrate")]
            {
                self.pending.update_value(|q| {
                    q.push_back(sentence);
                    while q.len() > MAX_PENDING {
                        q.pop_front();
                    }
                });
                self.next();
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = sentence;
        }

        #[cfg(feature = "hydrate")]
        fn next(self) {
            use wasm_bindgen::{closure::Closure, JsCast};
            if self.blocked.get_untracked() || self.busy.get_value() {
                return;
            }
            let Some(sentence) = self.pending.try_update_value(|q| q.pop_front()).flatten() else {
                return;
            };
            self.busy.set_value(true);
            chime();
            let done = move || {
                self.busy.set_value(false);
                self.next();
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
                    _ => set_timeout(done, std::time::Duration::from_millis(1500)),
                }
            };
            // The chime first, then the words.
            set_timeout(speak, std::time::Duration::from_millis(900));
        }
    }
}
