use crate::api::payments::{payment_status, PaymentView, StartQrisPayment};
use crate::components::copy_button::CopyButton;
use crate::components::error_panel::ErrorPanel;
use crate::components::live::LiveRegion;
use crate::domain::IntentStatus;
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use crate::url::percent_encode;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// How often an open payment page asks again whether the money has landed: the live stream
/// says so at once, this is the safety net.
const POLL_SECONDS: u32 = 5;

/// A QRIS payment: the code to scan while it can be paid, then "Lunas" and the receipt. While
/// it is pending the open page follows the payment by itself; without JavaScript a link checks
/// again.
#[component]
pub fn PayPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let payment = Resource::new(move || params.read().get("reference").unwrap_or_default(), payment_status);
    view! {
        <Title text=lang.t("Bayar dengan QRIS · Tirta", "Pay by QRIS · Tirta")/>
        <Suspense fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match payment.await {
                    Ok(p) => Either::Left(view! {
                        <LiveRegion id="bayar" topics=vec![Topic::Payment] customer=p.live_token.clone() poll_seconds=POLL_SECONDS>
                            <Payment p/>
                        </LiveRegion>
                    }),
                    Err(error) => Either::Right(view! { <ErrorPanel error/> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Payment(p: PaymentView) -> impl IntoView {
    let lang = use_lang();
    let periods = p.periods.iter().map(|period| lang.period(*period)).collect::<Vec<_>>().join(", ");
    let header = view! {
        <section class="panel customer">
            <p class="customer-number">{p.number.display()}</p>
            <p class="customer-name-small">{p.masked_name.clone()}</p>
            <p class="muted small">{lang.t("Periode: ", "Periods: ")}{periods}</p>
        </section>
    };
    let body = match p.status {
        IntentStatus::Paid => EitherOf3::A(view! {
            <section class="panel summary summary-clear" data-status="paid">
                <p class="summary-label">{lang.t("Pembayaran diterima", "Payment received")}</p>
                <p class="summary-amount">{lang.t("Lunas", "Paid")}</p>
                <p>{p.amount.to_string()}</p>
                {p.receipt.clone().map(|(number, token)| view! {
                    <p><a class="button button-light" href=format!("/resi/{token}")>{lang.t("Lihat bukti pembayaran ", "View receipt ")}{number}</a></p>
                })}
            </section>
            <p><a href=format!("/tagihan?no={}", p.number.as_str())>{lang.t("Kembali ke tagihan", "Back to the bill")}</a></p>
        }),
        IntentStatus::Pending => EitherOf3::B(view! { <PendingQris p=p.clone()/> }),
        _ => EitherOf3::C(view! {
            <section class="panel" data-status="expired">
                <h1>{lang.t("Kode QRIS kedaluwarsa", "This QRIS code has expired")}</h1>
                <p>{lang.t("Kode ini tidak dapat dibayar lagi. Buat kode baru untuk tagihan yang belum dibayar.", "It can no longer be paid. Make a new code for what is unpaid.")}</p>
                <PayButton number=p.number.as_str().to_string()/>
            </section>
        }),
    };
    view! { {header} {body} }
}

#[component]
fn PendingQris(p: PaymentView) -> impl IntoView {
    let lang = use_lang();
    let code = p.qris.clone().unwrap_or_default_code();
    let download = format!("data:image/svg+xml;charset=utf-8,{}", percent_encode(&code.svg));
    let until = format!("{:02}.{:02} WIB", p.expires_at.time().format("%H"), p.expires_at.time().format("%M"));
    view! {
        // Refreshed only when the status moves: a poll that finds it pending leaves the page (and
        // what the customer opened on it) alone.
        <section class="panel pay" data-status="pending" data-poll data-live-key="pending">
            <h1>{lang.t("Bayar dengan QRIS", "Pay by QRIS")}</h1>
            <p class="summary-label">{lang.t("Jumlah yang dibayar", "Amount to pay")}</p>
            <p class="pay-amount">{p.amount.to_string()}</p>
            <p class="muted small">{lang.t("Kepada: ", "To: ")}{p.merchant_name.clone()}</p>
            <div class="qr" role="img" aria-label=lang.t("Kode QRIS", "QRIS code") inner_html=code.svg.clone()></div>
            <p class="expiry">
                {lang.t("Berlaku sampai ", "Valid until ")}{until}
                <Countdown lang seconds=p.seconds_left/>
            </p>
            <p><a class="button" href=download download=format!("qris-{}.svg", p.reference)>{lang.t("Unduh kode QRIS", "Download the QRIS code")}</a></p>
            <ol class="steps">
                <li>{lang.t("Buka aplikasi e-wallet atau mobile banking yang mendukung QRIS.", "Open an e-wallet or mobile banking app that supports QRIS.")}</li>
                <li>{lang.t("Pilih Scan/Bayar QRIS, lalu pindai kode ini (atau unggah gambar yang diunduh).", "Choose Scan/Pay QRIS and scan this code (or upload the downloaded image).")}</li>
                <li>{lang.t("Pastikan nama penerima dan jumlahnya sama, lalu bayar.", "Check the payee's name and the amount, then pay.")}</li>
            </ol>
            <details class="more">
                <summary>{lang.t("Salin kode QRIS", "Copy the QRIS code")}</summary>
                <textarea class="payload" readonly rows="5" aria-label=lang.t("Kode QRIS", "QRIS code")>{code.payload.clone()}</textarea>
                <CopyButton lang text=code.payload.clone()/>
            </details>
            <p class="muted small">
                <span class="js-only">{lang.t("Halaman ini berubah sendiri setelah pembayaran diterima. ", "This page changes by itself once the payment lands. ")}</span>
                <span class="no-js-only">{lang.t("Setelah membayar, ", "After paying, ")}</span>
                <a href=format!("/bayar/{}", p.reference)>{lang.t("periksa status pembayaran", "check the payment status")}</a>
            </p>
        </section>
    }
}

/// `04:59`: minutes and seconds left.
fn mm_ss(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// The time left to pay, ticking each second once hydrated (hidden without JavaScript, where it
/// would stand still).
#[component]
fn Countdown(lang: Lang, seconds: i64) -> impl IntoView {
    view! {
        <Ticking>
            <span class="countdown">" · "{lang.t("sisa ", "")}<span data-seconds=seconds>{mm_ss(seconds)}</span>{lang.t("", " left")}</span>
        </Ticking>
    }
}

/// Counts down every `[data-seconds]` inside it, once a second.
#[island(lazy)]
fn Ticking(children: Children) -> impl IntoView {
    let inside = NodeRef::<leptos::html::Span>::new();
    crate::components::when_ready(inside, |_| ());
    #[cfg(feature = "hydrate")]
    {
        let tick = move || {
            let Some(left) = inside.get_untracked().and_then(|e| e.query_selector("[data-seconds]").ok().flatten())
            else {
                return;
            };
            let seconds = left.get_attribute("data-seconds").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
            let seconds = (seconds - 1).max(0);
            let _ = left.set_attribute("data-seconds", &seconds.to_string());
            left.set_text_content(Some(&mm_ss(seconds)));
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            on_cleanup(move || handle.clear());
        }
    }
    view! { <span node_ref=inside>{children()}</span> }
}

trait OrEmptyCode {
    fn unwrap_or_default_code(self) -> crate::api::payments::QrisCode;
}

impl OrEmptyCode for Option<crate::api::payments::QrisCode> {
    fn unwrap_or_default_code(self) -> crate::api::payments::QrisCode {
        self.unwrap_or(crate::api::payments::QrisCode { payload: String::new(), svg: String::new() })
    }
}

/// Starts (or reopens) a QRIS payment for everything unpaid on this number.
#[component]
pub fn PayButton(number: String) -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartQrisPayment>::new();
    let failed = move || start.value().get().and_then(|r| r.err());
    view! {
        <ActionForm action=start attr:class="pay-form">
            <input type="hidden" name="number" value=number/>
            <button type="submit" class="pay-button">{lang.t("Bayar dengan QRIS", "Pay by QRIS")}</button>
        </ActionForm>
        {move || failed().map(|e| view! { <p class="alert alert-warning" role="alert">{describe(lang, &e)}</p> })}
    }
}

fn describe(lang: Lang, e: &crate::error::AppError) -> &'static str {
    use crate::error::AppError::*;
    match e {
        ChannelUnavailable => lang.t("QRIS sedang tidak tersedia.", "QRIS is not available right now."),
        NothingToPay => lang.t("Semua tagihan sudah lunas.", "Everything is paid."),
        TooManyRequests { .. } => {
            lang.t("Terlalu banyak permintaan. Coba lagi sebentar.", "Too many requests. Try again shortly.")
        }
        _ => lang.t("Pembayaran belum dapat dimulai. Coba lagi.", "The payment could not start. Try again."),
    }
}
