use crate::api::payments::{virtual_account_list, Bank, PaidReceipt, VirtualAccounts};
use crate::components::channel_status::ChannelWarnings;
use crate::components::copy_button::CopyButton;
use crate::components::live::LiveRegion;
use crate::components::loaded::Loaded;
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The customer's static virtual account at every bank, with how to pay it. No code to wait
/// for: the number works from any ATM, mobile or internet banking while a bill is unpaid.
/// While open it follows the customer's payments and the channels' states, and turns to paid
/// when the bank's lands; without JavaScript a reload shows it.
#[component]
pub fn VirtualAccountsPage() -> impl IntoView {
    let query = use_query_map();
    let typed = Signal::derive(move || query.read().get("no").unwrap_or_default());
    let accounts = Resource::new(move || typed.get(), virtual_account_list);
    view! {
        <Loaded resource=accounts lookup_value=typed let:va>
            <LiveRegion id="va" topics=vec![Topic::Payment, Topic::Channel] since=va.head customer=va.live_token.clone()>
                <Accounts va/>
            </LiveRegion>
        </Loaded>
    }
}

#[component]
fn Accounts(va: VirtualAccounts) -> impl IntoView {
    let lang = use_lang();
    if let Some(paid) = va.paid.clone() {
        return view! { <Paid va paid/> }.into_any();
    }
    let periods = va.periods.iter().map(|p| lang.period(*p)).collect::<Vec<_>>().join(", ");
    let banks = va.banks.iter().map(|bank| view! { <BankAccount bank=bank.clone() va=va.clone()/> }).collect_view();
    view! {
        <Title text=lang.t("Bayar lewat Virtual Account · Tirta", "Pay by Virtual Account · Tirta")/>
        <h1>{lang.t("Bayar lewat Virtual Account", "Pay by bank Virtual Account")}</h1>
        <section class="panel customer">
            <p class="customer-number">{va.number.display()}</p>
            <p class="customer-name-small">{va.masked_name.clone()}</p>
            <p class="muted small">{lang.t("Periode: ", "Periods: ")}{periods}</p>
            <p class="summary-label">{lang.t("Jumlah yang dibayar", "Amount to pay")}</p>
            <p class="pay-amount" data-amount=va.amount.whole_rupiah().unwrap_or_default()>{va.amount.to_string()}</p>
            <p class="muted small">{lang.t(
                "Bank menampilkan jumlah ini setelah Anda memasukkan nomor Virtual Account. Semua periode dibayar sekaligus.",
                "The bank shows this amount once you enter the Virtual Account number. All periods are paid at once.",
            )}</p>
        </section>
        <ChannelWarnings channels=va.channels.clone()/>
        <ul class="va-list">{banks}</ul>
        <p><a href=format!("/tagihan?no={}", va.number.as_str())>{lang.t("Kembali ke tagihan", "Back to the bill")}</a></p>
    }
    .into_any()
}

/// Nothing is owed any more: the payment that settled it, and its receipt.
#[component]
fn Paid(va: VirtualAccounts, paid: PaidReceipt) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Pembayaran diterima · Tirta", "Payment received · Tirta")/>
        <section class="panel customer">
            <p class="customer-number">{va.number.display()}</p>
            <p class="customer-name-small">{va.masked_name.clone()}</p>
        </section>
        <section class="panel summary summary-clear" data-status="paid" role="status">
            <p class="summary-label">{lang.t("Pembayaran diterima", "Payment received")}</p>
            <p class="summary-amount">{lang.t("Lunas", "Paid")}</p>
            <p>{paid.amount.to_string()}" · "{lang.payment_channel(&paid.channel)}</p>
            <p class="small">{lang.date_time_wib(paid.paid_at)}</p>
            {paid.token.clone().map(|token| view! {
                <p><a class="button button-light receipt-link" href=format!("/resi/{token}")>{lang.t("Lihat bukti pembayaran ", "View receipt ")}{paid.receipt_number.clone()}</a></p>
            })}
        </section>
        <p><a href=format!("/tagihan?no={}", va.number.as_str())>{lang.t("Kembali ke tagihan", "Back to the bill")}</a></p>
    }
}

#[component]
fn BankAccount(bank: Bank, va: VirtualAccounts) -> impl IntoView {
    let lang = use_lang();
    let number = bank.virtual_account(&va.number);
    view! {
        <li class="panel va" data-bank=bank.id.clone()>
            <h2>{bank.name.clone()}</h2>
            <p class="label">{lang.t("Nomor Virtual Account", "Virtual Account number")}</p>
            <p class="va-number"><code>{number.clone()}</code></p>
            <CopyButton lang text=number.clone() label=lang.t("Salin nomor", "Copy number").to_string()/>
            <details class="more">
                <summary>{lang.t("Cara membayar", "How to pay")}</summary>
                <Steps lang bank=bank.name.clone() number=number.clone()/>
            </details>
        </li>
    }
}

#[component]
fn Steps(lang: Lang, bank: String, number: String) -> impl IntoView {
    let (atm, mobile, internet) = match lang {
        Lang::Id => (
            vec![
                format!("Masukkan kartu ATM {bank} dan PIN."),
                "Pilih Transaksi Lainnya › Pembayaran › Virtual Account.".to_string(),
                format!("Masukkan nomor {number}."),
                "Periksa nama dan jumlah tagihan, lalu pilih Benar/Ya.".to_string(),
                "Simpan struk sebagai bukti pembayaran.".to_string(),
            ],
            vec![
                format!("Buka aplikasi mobile banking {bank} dan masuk."),
                "Pilih Bayar › Virtual Account.".to_string(),
                format!("Masukkan nomor {number}."),
                "Periksa nama dan jumlah tagihan, lalu konfirmasi dengan PIN.".to_string(),
            ],
            vec![
                format!("Masuk ke internet banking {bank}."),
                "Pilih Pembayaran › Virtual Account.".to_string(),
                format!("Masukkan nomor {number}, periksa jumlahnya, lalu konfirmasi dengan token."),
            ],
        ),
        Lang::En => (
            vec![
                format!("Insert your {bank} ATM card and PIN."),
                "Choose Other Transactions › Payment › Virtual Account.".to_string(),
                format!("Enter {number}."),
                "Check the name and the amount, then confirm.".to_string(),
                "Keep the slip as proof of payment.".to_string(),
            ],
            vec![
                format!("Open the {bank} mobile banking app and sign in."),
                "Choose Pay › Virtual Account.".to_string(),
                format!("Enter {number}."),
                "Check the name and the amount, then confirm with your PIN.".to_string(),
            ],
            vec![
                format!("Sign in to {bank} internet banking."),
                "Choose Payment › Virtual Account.".to_string(),
                format!("Enter {number}, check the amount, then confirm with your token."),
            ],
        ),
    };
    let list = |steps: Vec<String>| view! { <ol class="steps">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol> };
    view! {
        <h3>"ATM"</h3>{list(atm)}
        <h3>"Mobile banking"</h3>{list(mobile)}
        <h3>"Internet banking"</h3>{list(internet)}
    }
}
