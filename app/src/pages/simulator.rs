use crate::api::payments::{simulator_available, SimulateQris, SimulateVa};
use crate::components::loaded::Loaded;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Demo only: plays a customer's e-wallet so the whole payment flow can be tried without a
/// bank. The portal refuses it outside demo mode.
#[component]
pub fn SimulatorPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let pay = ServerAction::<SimulateQris>::new();
    let pay_va = ServerAction::<SimulateVa>::new();
    let result = move || query.read().get("hasil").map(|h| outcome(lang, &h));
    let available = Resource::new(|| (), |_| simulator_available());
    view! {
        <Title text=lang.t("Simulator pembayaran · Tirta", "Payment simulator · Tirta")/>
        <Loaded resource=available let:_available>
        <section class="panel simulator">
            <p class="badge">{lang.t("Mode demo", "Demo mode")}</p>
            <h1>{lang.t("Simulator e-wallet", "E-wallet simulator")}</h1>
            <p class="muted">{lang.t(
                "Tempel kode QRIS dari halaman pembayaran. Simulator mengirim notifikasi pembayaran bertanda tangan ke portal, seperti acquirer sungguhan.",
                "Paste the QRIS code from the payment page. The simulator sends the portal a signed payment notification, as a real acquirer would.",
            )}</p>
            {move || result().map(|(class, text)| view! { <p class=format!("alert {class}") role="status" data-outcome="shown">{text}</p> })}
            <ActionForm action=pay>
                <label for="payload">{lang.t("Kode QRIS", "QRIS code")}</label>
                <textarea id="payload" name="payload" rows="5" required></textarea>
                <button type="submit">{lang.t("Bayar", "Pay")}</button>
            </ActionForm>
        </section>
        <section class="panel simulator">
            <h2>{lang.t("Simulator bank (Virtual Account)", "Bank simulator (Virtual Account)")}</h2>
            <p class="muted">{lang.t(
                "Masukkan nomor Virtual Account. Simulator berperan sebagai sistem bank: meminta token, menanyakan tagihan, lalu membayar lewat API SNAP BI portal.",
                "Enter a Virtual Account number. The simulator acts as the bank's system: it asks for a token, inquires, then pays through the portal's SNAP BI API.",
            )}</p>
            <ActionForm action=pay_va>
                <label for="virtual_account">{lang.t("Nomor Virtual Account", "Virtual Account number")}</label>
                <input id="virtual_account" name="virtual_account" inputmode="numeric" required/>
                <button type="submit">{lang.t("Bayar", "Pay")}" VA"</button>
            </ActionForm>
        </section>
        </Loaded>
    }
}

fn outcome(lang: Lang, code: &str) -> (&'static str, &'static str) {
    match code {
        "credited" => {
            ("alert-success", lang.t("Pembayaran berhasil: tagihan lunas.", "Payment made: the bills are paid."))
        }
        "set_aside" => (
            "alert-warning",
            lang.t(
                "Uang diterima tetapi tidak melunasi tagihan; akan dikembalikan.",
                "Money received but it settled nothing; it will be refunded.",
            ),
        ),
        "invalid" => ("alert-danger", lang.t("Kode QRIS tidak valid.", "The QRIS code is not valid.")),
        "foreign" => (
            "alert-danger",
            lang.t("Kode QRIS ini bukan milik portal ini.", "This QRIS code belongs to another merchant."),
        ),
        "paid_already" => (
            "alert-warning",
            lang.t("Bank menolak: tagihan sudah lunas.", "The bank was refused: the bills are already paid."),
        ),
        "unknown_va" => {
            ("alert-danger", lang.t("Nomor Virtual Account tidak dikenal.", "Unknown Virtual Account number."))
        }
        "counter_only" => (
            "alert-warning",
            lang.t("Tunggakan panjang: bayar di loket kantor unit.", "Long arrears: pay at a unit office counter."),
        ),
        _ => (
            "alert-danger",
            lang.t("Pembayaran gagal diproses. Coba lagi.", "The payment could not be processed. Try again."),
        ),
    }
}
