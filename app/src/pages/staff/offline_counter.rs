//! The counter when the server cannot be reached. While the server answers, the device keeps
//! its office's snapshot fresh, holds a block of offline receipt numbers and sends what it took
//! offline; when it does not, the teller finds the customer in the snapshot, takes cash for
//! everything owed (priced in the browser by the billing domain the server uses), and prints a
//! provisional receipt. The page itself comes from the counter's service worker; the views below
//! run in the counter's own bundle (`counter/`, feature `device`), mounted in `#offline-counter`.

use crate::domain::offline::{counter_time as wib_time, OfflineOutcome, OfflineRefusal};
use crate::domain::{Charges, Money, OwedBill, Statement};
use crate::i18n::Lang;
use crate::model::counter_devices::{DeviceRefusal, OfflineAccount};
use crate::model::offline_counter::{printed_number, shift_report, OfflineStop, OutboxEntry};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// Where the counter's bundle mounts the offline counter, and the teller signed in when the page
/// was served (kept with the page by the service worker): each offline payment names who took it.
#[component]
pub fn OfflineDesk(username: String) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let loader = use_context::<LeptosOptions>()
        .and_then(|options| crate::enhancement::Bundle::get(&options).counter_loader.clone());
    view! {
        <section class="offline-desk" data-teller=username aria-label=lang.t("Loket luring", "Offline counter")>
            <p class="muted small no-js-only">{lang.t(
                "Loket luring memerlukan JavaScript: tanpanya loket hanya bekerja selama server terhubung.",
                "The offline counter needs JavaScript: without it the counter works only while the server answers.",
            )}</p>
            <div id="offline-counter"></div>
            {loader.map(|script| view! { <script type="module">{script}</script> })}
        </section>
    }
}

/// How the device stands with the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Checking,
    Online { since: DateTime<Utc> },
    Offline { since: DateTime<Utc> },
    Syncing { count: i64 },
    Refused(DeviceRefusal),
}

/// What the views show of the device; the snapshot itself stays with the device.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Held {
    pub office: String,
    pub snapshot_at: Option<DateTime<Utc>>,
    pub usable: bool,
    pub numbers_left: i64,
    /// Oldest first.
    pub outbox: Vec<OutboxEntry>,
}

impl Held {
    fn waiting(&self) -> usize {
        self.outbox.iter().filter(|e| e.waiting()).count()
    }
}

/// The customer the teller chose, and what the device makes of them now.
#[derive(Clone, Debug, PartialEq)]
pub struct Chosen {
    pub account: OfflineAccount,
    pub owed: Result<Statement, OfflineStop>,
}

/// The island's state: signals the views read and the device's tasks write.
#[derive(Clone, Copy)]
pub struct Desk {
    pub link: RwSignal<Link>,
    pub held: RwSignal<Held>,
    pub found: RwSignal<Vec<OfflineAccount>>,
    pub chosen: RwSignal<Option<Chosen>>,
    pub cash: RwSignal<String>,
    pub problem: RwSignal<Option<OfflineStop>>,
    /// The payment whose provisional receipt is on screen.
    pub receipt: RwSignal<Option<OutboxEntry>>,
    pub report: RwSignal<bool>,
    /// Said when the teller tries to sign out with payments still to send.
    pub warning: RwSignal<bool>,
}

fn say(lang: Lang, id: String, en: String) -> String {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

fn at_wib(lang: Lang, t: DateTime<Utc>) -> String {
    lang.date_time_wib(wib_time(t))
}

fn link_line(lang: Lang, link: Link) -> String {
    let time = |t: DateTime<Utc>| lang.time(wib_time(t).time());
    match (lang, link) {
        (Lang::Id, Link::Checking) => "Memeriksa sambungan ke server…".into(),
        (Lang::En, Link::Checking) => "Checking the link to the server…".into(),
        (Lang::Id, Link::Online { since }) => format!("Terhubung ke server sejak {}", time(since)),
        (Lang::En, Link::Online { since }) => format!("Online since {}", time(since)),
        (Lang::Id, Link::Offline { since }) => format!("Luring: server tidak terjangkau sejak {}", time(since)),
        (Lang::En, Link::Offline { since }) => format!("Offline: the server is unreachable since {}", time(since)),
        (Lang::Id, Link::Syncing { count }) => format!("Menyinkronkan {count} pembayaran luring…"),
        (Lang::En, Link::Syncing { count }) => format!("Syncing {count} offline payments…"),
        (_, Link::Refused(refusal)) => refusal_line(lang, refusal).into(),
    }
}

fn refusal_line(lang: Lang, refusal: DeviceRefusal) -> &'static str {
    match refusal {
        DeviceRefusal::NotEnrolled => lang.t(
            "Perangkat ini belum terdaftar sebagai loket, jadi tidak dapat bekerja luring. Supervisor mendaftarkannya di menu Perangkat loket.",
            "This browser is not enrolled as a counter, so it cannot work offline. A supervisor enrols it under Counter devices.",
        ),
        DeviceRefusal::Revoked => lang.t(
            "Perangkat ini sudah dicabut: tidak dapat bekerja luring.",
            "This device was revoked: it cannot work offline.",
        ),
        DeviceRefusal::SignedOut => lang.t(
            "Terhubung, tetapi sesi petugas berakhir: masuk lagi agar data kantor diperbarui.",
            "Online, but the staff session ended: sign in again to refresh the office's data.",
        ),
        DeviceRefusal::Forbidden => lang.t(
            "Petugas yang masuk tidak menerima tunai di kantor perangkat ini.",
            "The member signed in does not take cash at this device's office.",
        ),
        DeviceRefusal::Other => lang.t(
            "Server menolak permintaan perangkat; coba lagi nanti.",
            "The server refused the device's request; it tries again later.",
        ),
    }
}

fn outcome_line(lang: Lang, entry: &OutboxEntry) -> String {
    match &entry.outcome {
        None => lang.t("Belum terkirim", "Not sent yet").into(),
        Some(OfflineOutcome::Credited { difference, .. }) if difference.is_zero() => {
            lang.t("Tercatat: kuitansi sah", "Credited: the receipt is final").into()
        }
        Some(OfflineOutcome::Credited { difference, .. }) => match lang {
            Lang::Id => format!("Tercatat; selisih denda {} masuk tagihan berikutnya", lang.money(*difference)),
            Lang::En => format!("Credited; a late-fee difference of {} goes on the next bill", lang.money(*difference)),
        },
        Some(OfflineOutcome::SetAside { .. }) => lang
            .t(
                "Sudah dibayar lewat kanal lain: uang dikembalikan ke pelanggan",
                "Paid meanwhile another way: the cash is refunded to the customer",
            )
            .into(),
        Some(OfflineOutcome::Refused { reason }) => {
            let (id, en) = OfflineRefusal::label(*reason);
            format!("{}: {}", lang.t("Ditolak", "Refused"), lang.t(id, en))
        }
    }
}

fn outcome_code(entry: &OutboxEntry) -> &'static str {
    entry.outcome.as_ref().map(|o| o.kind().as_str()).unwrap_or("waiting")
}

/// The offline counter, rendered in the browser by the counter's bundle.
#[component]
pub fn OfflineCounter() -> impl IntoView {
    let lang = crate::i18n::detect_lang();
    let desk = Desk {
        link: RwSignal::new(Link::Checking),
        held: RwSignal::new(Held::default()),
        found: RwSignal::new(Vec::new()),
        chosen: RwSignal::new(None),
        cash: RwSignal::new(String::new()),
        problem: RwSignal::new(None),
        receipt: RwSignal::new(None),
        report: RwSignal::new(false),
        warning: RwSignal::new(false),
    };
    let root = NodeRef::<leptos::html::Div>::new();
    #[cfg(all(feature = "device", target_arch = "wasm32"))]
    request_animation_frame(move || {
        if let Some(element) = root.get_untracked() {
            device::start(desk, &element);
        }
    });
    let offline = move || matches!(desk.link.get(), Link::Offline { .. });
    let link_code = move || match desk.link.get() {
        Link::Checking => "checking",
        Link::Online { .. } => "online",
        Link::Offline { .. } => "offline",
        Link::Syncing { .. } => "syncing",
        Link::Refused(r) => r.as_str(),
    };
    let sync_now = move |_| {
        #[cfg(all(feature = "device", target_arch = "wasm32"))]
        device::wake();
    };
    view! {
        <div class="offline-counter js-only" node_ref=root data-link=link_code>
            <div class="offline-status" role="status">
                <p class="offline-link"><strong>{move || link_line(lang, desk.link.get())}</strong></p>
                <p class="muted small offline-data">{move || snapshot_line(lang, &desk.held.get())}</p>
                <p class="offline-actions">
                    <span class="offline-waiting" data-waiting=move || desk.held.with(Held::waiting)>{move || {
                        let n = desk.held.with(Held::waiting);
                        match lang {
                            Lang::Id => format!("{n} pembayaran luring menunggu dikirim"),
                            Lang::En => format!("{n} offline payments waiting to be sent"),
                        }
                    }}</span>
                    <button type="button" class="button-link" on:click=sync_now>{lang.t("Kirim sekarang", "Send now")}</button>
                    <button type="button" class="button-link" on:click=move |_| desk.report.update(|r| *r = !*r)>
                        {lang.t("Laporan tunai luring", "Offline cash report")}
                    </button>
                </p>
                {move || desk.warning.get().then(|| view! {
                    <p class="alert alert-danger" role="alert">{lang.t(
                        "Masih ada pembayaran luring yang belum terkirim: keluar setelah semuanya tersinkron.",
                        "Offline payments are still waiting to be sent: sign out once they are synced.",
                    )}</p>
                })}
            </div>
            {move || desk.report.get().then(|| view! { <ShiftReport desk lang/> })}
            // A receipt on screen stays until the next customer, even once the server answers.
            {move || ((offline() || desk.receipt.with(Option::is_some)) && !desk.report.get()).then(|| view! { <OfflineTill desk lang/> })}
            {move || (!desk.report.get()).then(|| view! { <SentList desk lang/> })}
        </div>
    }
}

fn snapshot_line(lang: Lang, held: &Held) -> String {
    match (held.snapshot_at, lang) {
        (None, Lang::Id) => "Belum ada data kantor di perangkat ini.".into(),
        (None, Lang::En) => "No office data on this device yet.".into(),
        (Some(at), Lang::Id) => format!(
            "Data {} diperbarui {}{} · {} nomor kuitansi luring tersisa",
            held.office,
            at_wib(lang, at),
            if held.usable { "" } else { " (terlalu lama untuk menerima tunai)" },
            held.numbers_left
        ),
        (Some(at), Lang::En) => format!(
            "{} data refreshed {}{} · {} offline receipt numbers left",
            held.office,
            at_wib(lang, at),
            if held.usable { "" } else { " (too old to take cash)" },
            held.numbers_left
        ),
    }
}

/// Find, price, take cash, print.
#[component]
fn OfflineTill(desk: Desk, lang: Lang) -> impl IntoView {
    let search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        #[cfg(all(feature = "device", target_arch = "wasm32"))]
        device::find(desk, typed);
        #[cfg(not(all(feature = "device", target_arch = "wasm32")))]
        let _ = typed;
    };
    view! {
        <section class="panel offline-till">
            <h2>{lang.t("Loket luring", "Offline counter")}</h2>
            {move || desk.receipt.get().map(|entry| view! { <ProvisionalReceipt desk entry lang/> })}
            {move || desk.receipt.with(Option::is_none).then(|| view! {
                <label for="offline-search">{lang.t("Nomor sambungan atau nama", "Customer number or name")}</label>
                <input id="offline-search" type="search" autocomplete="off" maxlength="60" on:input=search/>
                <ul class="offline-found">
                    {move || desk.found.get().into_iter().map(|a| {
                        let number = a.number.clone();
                        let choose = move |_| {
                            #[cfg(all(feature = "device", target_arch = "wasm32"))]
                            device::choose(desk, number.clone());
                            #[cfg(not(all(feature = "device", target_arch = "wasm32")))]
                            let _ = &number;
                        };
                        view! {
                            <li><button type="button" class="button-outline" data-number=a.number.clone() on:click=choose>
                                {printed_number(&a.number)}" · "{a.name.clone()}<span class="muted small">" · "{a.village.clone()}</span>
                            </button></li>
                        }
                    }).collect_view()}
                </ul>
                {move || desk.chosen.get().map(|chosen| view! { <OfflineAccountPanel desk chosen lang/> })}
            })}
        </section>
    }
}

#[component]
fn OfflineAccountPanel(desk: Desk, chosen: Chosen, lang: Lang) -> impl IntoView {
    let account = chosen.account.clone();
    let owed = match chosen.owed {
        Ok(statement) => statement,
        Err(stop) => {
            let (id, en) = stop.label();
            return view! {
                <div class="offline-account" data-number=account.number.clone()>
                    <p><strong>{printed_number(&account.number)}" · "{account.name.clone()}</strong></p>
                    <p class="alert alert-info">{say(lang, id, en)}</p>
                </div>
            }
            .into_any();
        }
    };
    let total = owed.total;
    let rows = owed
        .bills
        .iter()
        .map(|b| {
            view! {
                <tr>
                    <td>{lang.period(b.period)}<br/><span class="muted small">{b.charges.usage_m3()}" m³"</span></td>
                    <td class="num">{lang.money(b.amount)}</td>
                    <td class="num">{lang.money(b.late_fee)}</td>
                </tr>
                <tr class="bill-lines"><td colspan="3" class="muted small">{breakdown(lang, b)}</td></tr>
            }
        })
        .collect_view();
    let handed = move || crate::api::counter::typed_rupiah(&desk.cash.get()).map(Money::rupiah);
    let change = move || match handed() {
        Some(h) if h < total => format!("{} {}", lang.t("Kurang", "Short by"), lang.money(total - h)),
        Some(h) => format!("{} {}", lang.t("Kembalian", "Change"), lang.money(h - total)),
        None => String::new(),
    };
    let take = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(all(feature = "device", target_arch = "wasm32"))]
        device::take(desk);
    };
    view! {
        <div class="offline-account" data-number=account.number.clone()>
            <p class="customer-number">{printed_number(&account.number)}</p>
            <h3 class="holder-name">{account.name.clone()}</h3>
            <p class="muted small">{account.address.clone()}" · "{account.village.clone()}" · "{account.group_code.clone()}</p>
            <table class="bill-table">
                <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Tagihan", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th>{lang.t("Total hari ini", "Total today")}</th><th class="num total" colspan="2" data-total=total.whole_rupiah().unwrap_or_default()>{lang.money(total)}</th></tr></tfoot>
            </table>
            <form class="counter-form" on:submit=take>
                <label for="offline-cash">{lang.t("Uang diterima (Rp)", "Cash received (Rp)")}</label>
                <input id="offline-cash" type="text" inputmode="numeric" autocomplete="off" maxlength="15" required
                    placeholder=lang.t("contoh: 150.000", "e.g. 150.000")
                    prop:value=move || desk.cash.get() on:input=move |ev| desk.cash.set(event_target_value(&ev))/>
                <p class="change" aria-live="polite">{change}</p>
                {move || desk.problem.get().map(|stop| {
                    let (id, en) = stop.label();
                    view! { <p class="alert alert-danger" role="alert">{say(lang, id, en)}</p> }
                })}
                <button type="submit" class="button-pay">{lang.t("Terima tunai luring ", "Take cash offline ")}{lang.money(total)}</button>
            </form>
        </div>
    }
    .into_any()
}

/// What a period's bill is made of, on one line: water, each fixed charge, any adjustment.
fn breakdown(lang: Lang, bill: &OwedBill) -> String {
    let mut lines: Vec<(String, Money)> = match &bill.charges {
        Charges::Computed { bill: b, .. } => std::iter::once((lang.t("Air", "Water").to_string(), b.water_charge))
            .chain(b.fixed_charges.iter().map(|c| {
                let label = match lang {
                    Lang::Id => c.label.clone(),
                    Lang::En => c.label_en.clone(),
                };
                (label, c.amount)
            }))
            .collect(),
        Charges::CarriedOver { .. } => {
            vec![(lang.t("Tagihan sistem lama", "Carried over").to_string(), bill.amount - bill.adjustment)]
        }
    };
    if !bill.adjustment.is_zero() {
        lines.push((lang.t("Penyesuaian", "Adjustment").to_string(), bill.adjustment));
    }
    lines.iter().map(|(label, amount)| format!("{label} {}", lang.money(*amount))).collect::<Vec<_>>().join(" · ")
}

/// The receipt the customer takes home: provisional until the server has the payment, with a QR
/// that opens its status by the payment's key.
#[component]
fn ProvisionalReceipt(desk: Desk, entry: OutboxEntry, lang: Lang) -> impl IntoView {
    let p = &entry.payment;
    let link = format!("{}/luring/{}", origin(), p.key);
    let qr = qr_of(&link);
    let rows = p
        .bills
        .iter()
        .map(|b| {
            view! { <tr><td>{lang.period(b.period)}</td><td class="num">{lang.money(b.amount)}</td><td class="num">{lang.money(b.late_fee)}</td></tr> }
        })
        .collect_view();
    let print = move |_| {
        #[cfg(all(feature = "device", target_arch = "wasm32"))]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let next = move |_| {
        desk.receipt.set(None);
        desk.chosen.set(None);
        desk.found.set(Vec::new());
        desk.cash.set(String::new());
    };
    view! {
        <div class="offline-print offline-receipt" data-receipt=p.receipt_number.to_string() data-key=p.key.clone()>
            <p class="receipt-org">{desk.held.with_untracked(|h| h.office.clone())}</p>
            <p class="copy-mark">{lang.t("KUITANSI SEMENTARA", "PROVISIONAL RECEIPT")}</p>
            <p class="muted small">{lang.t(
                "Dibayar saat loket luring. Sah setelah tercatat di server dengan nomor yang sama; pindai kode untuk melihat statusnya.",
                "Paid while the counter was offline. Final once the server records it under the same number; scan the code to follow it.",
            )}</p>
            <dl class="facts">
                <dt>{lang.t("No. kuitansi", "Receipt")}</dt><dd><code>{p.receipt_number.to_string()}</code></dd>
                <dt>{lang.t("Pelanggan", "Customer")}</dt><dd>{printed_number(&p.customer)}" · "{entry.name.clone()}</dd>
                <dt>{lang.t("Waktu", "Time")}</dt><dd>{at_wib(lang, p.taken_at)}</dd>
                <dt>{lang.t("Petugas", "Teller")}</dt><dd>{p.teller.clone()}</dd>
            </dl>
            <table class="bill-table">
                <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Tagihan", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th>{lang.t("Total", "Total")}</th><th class="num" colspan="2">{lang.money(p.total)}</th></tr></tfoot>
            </table>
            <dl class="facts">
                <dt>{lang.t("Uang diterima", "Cash received")}</dt><dd class="num">{lang.money(entry.cash)}</dd>
                <dt>{lang.t("Kembalian", "Change")}</dt><dd class="num change-due" data-change=entry.change().whole_rupiah().unwrap_or_default()>{lang.money(entry.change())}</dd>
            </dl>
            <div class="receipt-verify">
                <div class="qr qr-small" inner_html=qr></div>
                <p class="verify-url small">{link}</p>
            </div>
            <p class="no-print"><button type="button" on:click=print>{lang.t("Cetak kuitansi sementara", "Print the provisional receipt")}</button></p>
            <p class="no-print"><button type="button" class="button-outline" on:click=next>{lang.t("Pelanggan berikutnya", "Next customer")}</button></p>
        </div>
    }
}

/// The receipt's QR, drawn where this view runs (the counter's bundle carries the QR encoder).
fn qr_of(link: &str) -> String {
    #[cfg(any(feature = "ssr", feature = "device"))]
    return crate::components::qr::qr_svg(link).unwrap_or_default();
    #[cfg(not(any(feature = "ssr", feature = "device")))]
    {
        let _ = link;
        String::new()
    }
}

fn origin() -> String {
    #[cfg(all(feature = "device", target_arch = "wasm32"))]
    {
        web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
    }
    #[cfg(not(all(feature = "device", target_arch = "wasm32")))]
    String::new()
}

/// The device's offline payments and what the server made of each.
#[component]
fn SentList(desk: Desk, lang: Lang) -> impl IntoView {
    move || {
        let held = desk.held.get();
        (!held.outbox.is_empty()).then(|| {
            let items = held
                .outbox
                .iter()
                .rev()
                .map(|e| {
                    view! {
                        <li data-receipt=e.payment.receipt_number.to_string() data-outcome=outcome_code(e)>
                            <strong>{e.payment.receipt_number.to_string()}</strong>" · "{printed_number(&e.payment.customer)}" · "{e.name.clone()}
                            <br/><span class="num">{lang.money(e.payment.total)}</span>" · "<span class="offline-outcome">{outcome_line(lang, e)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="panel offline-sent">
                    <h2>{lang.t("Pembayaran luring perangkat ini", "This device's offline payments")}</h2>
                    <ul class="offline-payments">{items}</ul>
                </section>
            }
        })
    }
}

/// The cash taken offline today, per teller and payment by payment, ready to print at the end
/// of the shift from the outbox alone.
#[component]
fn ShiftReport(desk: Desk, lang: Lang) -> impl IntoView {
    let held = desk.held.get_untracked();
    #[cfg(all(feature = "device", target_arch = "wasm32"))]
    let now = crate::browser::now();
    #[cfg(not(all(feature = "device", target_arch = "wasm32")))]
    let now = chrono::DateTime::<Utc>::default();
    let (lines, entries) = shift_report(&held.outbox, now);
    let sum: Money = lines.iter().map(|l| l.total).sum();
    let per_teller = lines
        .iter()
        .map(|l| view! { <tr><td>{l.teller.clone()}</td><td class="num">{l.payments}</td><td class="num">{lang.money(l.total)}</td></tr> })
        .collect_view();
    let rows = entries
        .iter()
        .map(|e| {
            view! {
                <tr data-outcome=outcome_code(e)>
                    <td><code>{e.payment.receipt_number.to_string()}</code><br/><span class="small">{lang.time(wib_time(e.payment.taken_at).time())}" · "{e.payment.teller.clone()}</span></td>
                    <td>{printed_number(&e.payment.customer)}<br/><span class="small muted">{outcome_line(lang, e)}</span></td>
                    <td class="num">{lang.money(e.payment.total)}</td>
                </tr>
            }
        })
        .collect_view();
    let print = move |_| {
        #[cfg(all(feature = "device", target_arch = "wasm32"))]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class="panel offline-print offline-report">
            <h2>{lang.t("Laporan tunai luring hari ini", "Today's offline cash report")}</h2>
            <p class="muted small">{held.office.clone()}" · "{at_wib(lang, now)}</p>
            <table class="bill-table">
                <thead><tr><th>{lang.t("Petugas", "Teller")}</th><th class="num">{lang.t("Jumlah", "Count")}</th><th class="num">{lang.t("Tunai", "Cash")}</th></tr></thead>
                <tbody>{per_teller}</tbody>
                <tfoot><tr><th colspan="2">{lang.t("Total", "Total")}</th><th class="num" data-total=sum.whole_rupiah().unwrap_or_default()>{lang.money(sum)}</th></tr></tfoot>
            </table>
            <table class="bill-table">
                <thead><tr><th>{lang.t("Kuitansi", "Receipt")}</th><th>{lang.t("Pelanggan", "Customer")}</th><th class="num">{lang.t("Tunai", "Cash")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="no-print"><button type="button" on:click=print>{lang.t("Cetak laporan", "Print the report")}</button></p>
            <p class="no-print"><button type="button" class="button-outline" on:click=move |_| desk.report.set(false)>{lang.t("Tutup laporan", "Close the report")}</button></p>
        </section>
    }
}

/// The device's side: its stored data, the loop that keeps it in touch with the server, and the
/// teller's actions.
#[cfg(all(feature = "device", target_arch = "wasm32"))]
mod device {
    use super::{Chosen, Desk, Held, Link};
    use crate::browser::counter_device::{Contact, Device};
    use crate::browser::{now, random_key, sleep};
    use crate::domain::Money;
    use crate::model::counter_devices::DeviceRefusal;
    use crate::model::offline_counter::{owed, take_cash, Handover, OfflineStop};
    use futures::lock::Mutex;
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::{closure::Closure, JsCast};

    /// While the server answers, the device checks in this often.
    const ONLINE_MS: u32 = 3 * 60 * 1000;
    /// Unreachable, it tries again after 5 s, then twice as long each time, up to 2 minutes.
    const FIRST_RETRY_MS: u32 = 5_000;
    const LAST_RETRY_MS: u32 = 120_000;

    thread_local! {
        static DEVICE: Rc<Mutex<Option<Device>>> = Rc::new(Mutex::new(None));
        static WAKE: Cell<bool> = const { Cell::new(false) };
        static TELLER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }

    fn device() -> Rc<Mutex<Option<Device>>> {
        DEVICE.with(Rc::clone)
    }

    /// Checks in with the server at once (the button, the browser's `online` event).
    pub fn wake() {
        WAKE.with(|w| w.set(true));
    }

    fn show(desk: Desk, device: &Device) {
        let now = now();
        desk.held.set(Held {
            office: device.snapshot.as_ref().map(|s| s.office_name.clone()).unwrap_or_default(),
            snapshot_at: device.snapshot.as_ref().map(|s| s.taken_at),
            usable: device.snapshot.as_ref().is_some_and(|s| s.usable_at(now)),
            numbers_left: device.numbers.remaining(),
            outbox: device.outbox.clone(),
        });
    }

    pub fn start(desk: Desk, element: &web_sys::Element) {
        if let Ok(Some(section)) = element.closest(".offline-desk") {
            TELLER.with(|t| *t.borrow_mut() = section.get_attribute("data-teller").unwrap_or_default());
        }
        guard_sign_out(desk);
        if let Some(window) = web_sys::window() {
            let online = Closure::<dyn Fn()>::new(wake).into_js_value();
            let _ = window.add_event_listener_with_callback("online", online.unchecked_ref());
        }
        spawn_local(async move {
            match Device::load().await {
                Ok(loaded) => {
                    show(desk, &loaded);
                    *device().lock().await = Some(loaded);
                }
                Err(_) => {
                    desk.link.set(Link::Refused(DeviceRefusal::Other));
                    return;
                }
            }
            Device::keep_storage();
            run(desk).await;
        });
    }

    /// Keeps in touch with the server for as long as the page is open.
    async fn run(desk: Desk) {
        let mut retry = FIRST_RETRY_MS;
        let mut worker = false;
        loop {
            let contact = check_in(desk).await;
            let wait = match contact {
                Contact::Reached => {
                    retry = FIRST_RETRY_MS;
                    if !matches!(desk.link.get_untracked(), Link::Online { .. }) {
                        desk.link.set(Link::Online { since: now() });
                    }
                    // Enrolled and reached: the page and its bundle are kept for offline use.
                    if !worker {
                        Device::install_worker();
                        worker = true;
                    }
                    ONLINE_MS
                }
                Contact::Unreachable => {
                    if !matches!(desk.link.get_untracked(), Link::Offline { .. }) {
                        desk.link.set(Link::Offline { since: now() });
                    }
                    let wait = retry;
                    retry = (retry * 2).min(LAST_RETRY_MS);
                    wait
                }
                Contact::Refused(refusal) => {
                    desk.link.set(Link::Refused(refusal));
                    // A device enrolled but signed out still keeps its page for the next outage.
                    if refusal == DeviceRefusal::SignedOut && !worker {
                        Device::install_worker();
                        worker = true;
                    }
                    ONLINE_MS
                }
            };
            let mut waited = 0;
            while waited < wait && !WAKE.with(|w| w.replace(false)) {
                sleep(500).await;
                waited += 500;
            }
        }
    }

    /// Sends the outbox, refreshes the snapshot, and tops up the numbers.
    async fn check_in(desk: Desk) -> Contact {
        let shared = device();
        let mut guard = shared.lock().await;
        let Some(device) = guard.as_mut() else { return Contact::Unreachable };
        let waiting = device.waiting();
        if waiting > 0 {
            // Offline, it is only trying: the till stays, and so does "offline since".
            if !matches!(desk.link.get_untracked(), Link::Offline { .. }) {
                desk.link.set(Link::Syncing { count: waiting });
            }
            let sent = device.send().await;
            show(desk, device);
            if sent != Contact::Reached {
                return sent;
            }
        }
        let refreshed = device.refresh().await;
        if refreshed == Contact::Reached {
            device.top_up().await;
            device.forget_old().await;
        }
        show(desk, device);
        refreshed
    }

    pub fn find(desk: Desk, typed: String) {
        spawn_local(async move {
            let shared = device();
            let guard = shared.lock().await;
            let found = guard
                .as_ref()
                .and_then(|d| d.snapshot.as_ref())
                .map(|s| s.find(&typed).into_iter().cloned().collect())
                .unwrap_or_default();
            desk.found.set(found);
        });
    }

    pub fn choose(desk: Desk, number: String) {
        spawn_local(async move {
            let shared = device();
            let guard = shared.lock().await;
            let Some(device) = guard.as_ref() else { return };
            let Some(snapshot) = device.snapshot.as_ref() else { return };
            let Some(account) = snapshot.account(&number) else { return };
            let owed = owed(snapshot, account, &device.outbox, now());
            desk.problem.set(None);
            desk.cash.set(String::new());
            desk.found.set(Vec::new());
            desk.chosen.set(Some(Chosen { account: account.clone(), owed }));
        });
    }

    pub fn take(desk: Desk) {
        let Some(chosen) = desk.chosen.get_untracked() else { return };
        let cash = crate::api::counter::typed_rupiah(&desk.cash.get_untracked()).map(Money::rupiah);
        spawn_local(async move {
            let shared = device();
            let mut guard = shared.lock().await;
            let Some(device) = guard.as_mut() else { return };
            // Another tab of this browser may have taken cash since: numbers and outbox as stored.
            if device.reload().await.is_err() {
                desk.problem.set(Some(OfflineStop::NotStored));
                return;
            }
            let Some(cash) = cash else {
                let total = chosen.owed.as_ref().map(|s| s.total).unwrap_or_default();
                desk.problem.set(Some(OfflineStop::CashShort { short_by: total }));
                return;
            };
            let Some(key) = random_key() else {
                desk.problem.set(Some(OfflineStop::NotStored));
                return;
            };
            let mut numbers = device.numbers.clone();
            let teller = TELLER.with(|t| t.borrow().clone());
            let handover = Handover { teller: &teller, cash, now: now(), key };
            let taken = match device.snapshot.as_ref() {
                None => Err(OfflineStop::NoSnapshot),
                Some(snapshot) => {
                    let account = snapshot.account(&chosen.account.number).cloned().unwrap_or(chosen.account);
                    take_cash(snapshot, &device.outbox, &mut numbers, &account, handover)
                }
            };
            match taken {
                Ok(entry) => {
                    // Stored with its number before anything prints.
                    if device.record(entry.clone(), numbers).await.is_err() {
                        desk.problem.set(Some(OfflineStop::NotStored));
                        return;
                    }
                    show(desk, device);
                    desk.problem.set(None);
                    desk.receipt.set(Some(entry));
                }
                Err(stop) => desk.problem.set(Some(stop)),
            }
        });
    }

    /// A teller does not sign out while the device holds cash the server has not heard of.
    fn guard_sign_out(desk: Desk) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let signing_out = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|form| form.class_list().contains("sign-out"));
            if signing_out && desk.held.with_untracked(|h| h.outbox.iter().any(|e| e.waiting())) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
                desk.warning.set(true);
            }
        })
        .into_js_value();
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
            "submit",
            listener.unchecked_ref(),
            &options,
        );
    }
}
