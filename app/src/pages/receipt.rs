use crate::api::payments::{get_receipt, ReceiptView};
use crate::components::loaded::Loaded;
use crate::components::print_button::PrintButton;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The receipt, printable. Its address holds an unguessable token, so the QR on the printed
/// receipt leads back here: anyone holding the paper can check it is genuine.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let params = use_params_map();
    let receipt = Resource::new(move || params.read().get("token").unwrap_or_default(), get_receipt);
    view! {
        <Loaded resource=receipt let:r>
            <Receipt r/>
        </Loaded>
    }
}

#[component]
fn Receipt(r: ReceiptView) -> impl IntoView {
    let lang = use_lang();
    let total = r.amount;
    view! {
        <Title text=format!("{} {} · Tirta", lang.t("Resi", "Receipt"), r.receipt_number)/>
        <article class="panel receipt" data-receipt=r.receipt_number.clone()>
            {r.is_copy.then(|| view! { <p class="copy-mark print-only" data-copy="yes">{lang.t("SALINAN", "COPY")}</p> })}
            <header class="receipt-head">
                <p class="receipt-org">"Tirta · "{lang.t("Layanan Pelanggan Air Minum", "Water customer service")}</p>
                <h1>{lang.t("Bukti Pembayaran", "Payment Receipt")}</h1>
                <p class="verified">{lang.t("✓ Tercatat di sistem: resi ini sah", "✓ On record: this receipt is genuine")}</p>
            </header>
            <dl class="facts">
                <dt>{lang.t("No. resi", "Receipt no.")}</dt><dd><code>{r.receipt_number.clone()}</code></dd>
                <dt>{lang.t("Dibayar", "Paid")}</dt><dd>{lang.date_time_wib(r.paid_at)}</dd>
                <dt>{lang.t("Kanal", "Channel")}</dt><dd>{lang.payment_channel(&r.channel)}</dd>
                <dt>{lang.t("No. sambungan", "Customer no.")}</dt><dd>{r.number.display()}</dd>
                <dt>{lang.t("Pelanggan", "Customer")}</dt><dd>{format!("{} ({})", r.masked_name, r.village)}</dd>
            </dl>
            <table class="breakdown">
                <thead><tr><th>{lang.t("Periode", "Period")}</th><th class="num">{lang.t("Rekening", "Bill")}</th><th class="num">{lang.t("Denda", "Late fee")}</th></tr></thead>
                <tbody>
                    {r.bills.iter().map(|(period, amount, fee)| view! {
                        <tr><td>{lang.period(*period)}</td><td class="num">{amount.to_string()}</td><td class="num">{fee.to_string()}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th>{lang.t("Total dibayar", "Total paid")}</th><th class="num" colspan="2">{total.to_string()}</th></tr></tfoot>
            </table>
            <div class="receipt-verify">
                <div class="qr qr-small" inner_html=r.verify_svg.clone()></div>
                <p class="small muted">
                    {lang.t("Pindai untuk memeriksa keaslian resi ini, atau buka ", "Scan to check this receipt is genuine, or open ")}
                    <span class="verify-url">{r.verify_url.clone()}</span>
                </p>
            </div>
            <p class="no-print"><PrintButton>{lang.t("Cetak", "Print")}</PrintButton></p>
        </article>
    }
}
