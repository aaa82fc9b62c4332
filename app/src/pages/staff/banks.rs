//! Administrators: the banks whose virtual accounts customers pay into. A bank is added with
//! its RSA public key and gets a client secret shown once; the secret is rotated with a grace
//! period, the key replaced, the bank turned off and on; a one-page sheet tells the bank how
//! to connect.

use super::StaffGate;
use crate::api::banks::{
    load_bank_desk, load_onboarding_sheet, show_bank_secret, AddBank, BankLine, OnboardingSheet, RotateBankSecret,
    SetBankActive, SetBankKey,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::components::print_button::PrintButton;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn BanksPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddBank>::new();
    let key = ServerAction::<SetBankKey>::new();
    let rotate = ServerAction::<RotateBankSecret>::new();
    let active = ServerAction::<SetBankActive>::new();
    let error = Signal::derive(move || {
        add.value()
            .get()
            .and_then(Result::err)
            .or_else(|| key.value().get().and_then(Result::err))
            .or_else(|| rotate.value().get().and_then(Result::err))
            .or_else(|| active.value().get().and_then(Result::err))
    });
    let changed = use_query_map().with_untracked(|q| q.get("diubah"));
    let desk = Resource::new(|| (), |_| load_bank_desk());
    view! {
        <Title text=lang.t("Bank · Petugas", "Banks · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Bank dan mitra", "Banks and partners")}</h1>
            <p class="muted small">{lang.t(
                "Bank menerima pembayaran Virtual Account lewat API SNAP BI: nomor VA adalah kode biller bank diikuti nomor pelanggan. Setiap bank masuk dengan kunci publik RSA miliknya dan client secret dari portal.",
                "Banks take virtual-account payments through the SNAP BI API: a VA number is the bank's biller code followed by the customer number. Each bank signs in with its own RSA public key and a client secret from the portal.",
            )}</p>
            {changed.clone().map(|id| view! {
                <p class="alert alert-success" role="status">{format!("{} {id}.", lang.t("Perubahan disimpan untuk", "Change saved for"))}</p>
            })}
            <FormError error/>
            <Loaded resource=desk let:d>
                <ul class="channel-list">
                    {d.banks.iter().cloned().map(|bank| view! {
                        <BankCard bank csrf=d.csrf.clone() grace_hours=d.grace_hours.clone() key rotate active/>
                    }).collect_view()}
                </ul>
                <section class="panel">
                    <h2>{lang.t("Tambah bank", "Add a bank")}</h2>
                    <ActionForm action=add>
                        <input type="hidden" name="csrf" value=d.csrf.clone()/>
                        <label for="bank-id">{lang.t("Kode bank (X-PARTNER-ID), mis. bjatim", "Bank id (X-PARTNER-ID), e.g. bjatim")}</label>
                        <input id="bank-id" name="id" required maxlength="20" pattern="[a-z][a-z0-9_]{1,19}" autocapitalize="off"/>
                        <label for="bank-name">{lang.t("Nama bank", "Bank name")}</label>
                        <input id="bank-name" name="name" required maxlength="80"/>
                        <label for="bank-biller">{lang.t("Kode biller (partnerServiceId, sampai 8 angka)", "Biller code (partnerServiceId, up to 8 digits)")}</label>
                        <input id="bank-biller" name="biller_code" required inputmode="numeric" maxlength="8"/>
                        <label for="bank-key">{lang.t("Kunci publik RSA bank (PEM)", "The bank's RSA public key (PEM)")}</label>
                        <textarea id="bank-key" name="public_key_pem" required rows="6" class="payload"
                            placeholder="-----BEGIN PUBLIC KEY-----"></textarea>
                        <button type="submit">{lang.t("Tambah bank dan buat client secret", "Add the bank and make its client secret")}</button>
                    </ActionForm>
                </section>
            </Loaded>
        </StaffGate>
    }
}

fn hours_label(lang: Lang, hours: u32) -> String {
    match (lang, hours) {
        (Lang::Id, 0) => "tidak ada: secret lama langsung berhenti".into(),
        (Lang::En, 0) => "none: the old secret stops at once".into(),
        (Lang::Id, h) if h % 24 == 0 => format!("{} hari", h / 24),
        (Lang::En, 24) => "1 day".into(),
        (Lang::En, h) if h % 24 == 0 => format!("{} days", h / 24),
        (Lang::Id, h) => format!("{h} jam"),
        (Lang::En, h) => format!("{h} hours"),
    }
}

#[component]
fn BankCard(
    bank: BankLine,
    csrf: String,
    grace_hours: Vec<u32>,
    key: ServerAction<SetBankKey>,
    rotate: ServerAction<RotateBankSecret>,
    active: ServerAction<SetBankActive>,
) -> impl IntoView {
    let lang = use_lang();
    let id = bank.id.clone();
    let key_text = match &bank.key {
        Some(k) => format!("RSA {} bit · SHA-256 {}", k.bits, k.fingerprint),
        None => lang
            .t("Belum ada kunci publik: bank belum dapat masuk.", "No public key: the bank cannot sign in yet.")
            .into(),
    };
    let secret_text = match (bank.has_secret, bank.secret_issued_at) {
        (false, _) => lang.t("Belum ada client secret.", "No client secret yet.").to_string(),
        (true, Some(at)) => {
            format!("{} {}", lang.t("Client secret dibuat", "Client secret made"), lang.date_time_wib(at))
        }
        (true, None) => lang.t("Client secret terdaftar.", "A client secret is registered.").to_string(),
    };
    let class = if bank.active { "panel channel" } else { "panel channel channel-troubled" };
    // Each form's fields are cloned for it: a form's children may be rendered more than once.
    let (rotate_csrf, rotate_id) = (csrf.clone(), id.clone());
    let (key_csrf, key_id) = (csrf.clone(), id.clone());
    let (active_csrf, active_id) = (csrf, id.clone());
    view! {
        <li class=class data-bank=bank.id.clone() data-active=bank.active.to_string()>
            <h2>{bank.name.clone()}" "<span class="code">{bank.id.clone()}</span></h2>
            <p>{lang.t("Kode biller ", "Biller code ")}<strong>{bank.biller_code.clone()}</strong>
                {(!bank.active).then(|| view! { " · "<strong>{lang.t("nonaktif", "inactive")}</strong> })}</p>
            <p class="small fingerprint">{key_text}</p>
            <p class="small">{secret_text}</p>
            {bank.previous_secret_until.map(|until| view! {
                <p class="small" data-grace="1">{format!("{} {}", lang.t("Secret lama masih berlaku sampai", "The previous secret still signs until"), lang.date_time_wib(until))}</p>
            })}
            {bank.simulator.then(|| view! {
                <p class="muted small">{lang.t("Kredensial ini dibuat simulator demo.", "These credentials were made by the demo simulator.")}</p>
            })}
            <p><a href=format!("/staf/bank/{id}/lembar")>{lang.t("Lembar penyambungan untuk bank", "Onboarding sheet for the bank")}</a></p>
            <details>
                <summary>{lang.t("Ganti client secret", "Rotate the client secret")}</summary>
                <ActionForm action=rotate>
                    <input type="hidden" name="csrf" value=rotate_csrf.clone()/>
                    <input type="hidden" name="id" value=rotate_id.clone()/>
                    <label for=format!("grace-{rotate_id}")>{lang.t("Secret lama tetap berlaku selama", "The old secret keeps working for")}</label>
                    <select id=format!("grace-{rotate_id}") name="grace_hours">
                        {grace_hours.iter().map(|&h| view! { <option value=h.to_string() selected=h == 72>{hours_label(lang, h)}</option> }).collect_view()}
                    </select>
                    <button type="submit">{lang.t("Buat client secret baru", "Make a new client secret")}</button>
                </ActionForm>
            </details>
            <details>
                <summary>{lang.t("Ganti kunci publik", "Replace the public key")}</summary>
                <ActionForm action=key>
                    <input type="hidden" name="csrf" value=key_csrf.clone()/>
                    <input type="hidden" name="id" value=key_id.clone()/>
                    <label for=format!("key-{key_id}")>{lang.t("Kunci publik RSA baru (PEM)", "New RSA public key (PEM)")}</label>
                    <textarea id=format!("key-{key_id}") name="public_key_pem" required rows="6" class="payload"></textarea>
                    <button type="submit">{lang.t("Simpan kunci", "Save the key")}</button>
                </ActionForm>
            </details>
            <ActionForm action=active>
                <input type="hidden" name="csrf" value=active_csrf.clone()/>
                <input type="hidden" name="id" value=active_id.clone()/>
                <input type="hidden" name="active" value=(!bank.active).to_string()/>
                <button type="submit" class="button-outline">{if bank.active {
                    lang.t("Nonaktifkan bank", "Deactivate the bank")
                } else {
                    lang.t("Aktifkan kembali", "Reactivate")
                }}</button>
            </ActionForm>
        </li>
    }
}

/// A new client secret at its one showing.
#[component]
pub fn BankSecretPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let shown = Resource::new(move || params.read().get("id").unwrap_or_default(), show_bank_secret);
    view! {
        <Title text=lang.t("Client secret · Petugas", "Client secret · Staff")/>
        <StaffGate let:_ctx>
            <Loaded resource=shown let:s>
                <h1>{format!("{} {}", lang.t("Client secret", "Client secret"), s.bank_name)}</h1>
                {match s.secret {
                    Some(secret) => leptos::either::Either::Left(view! {
                        <section class="panel">
                            <p class="alert" role="alert">{lang.t(
                                "Salin dan kirim ke bank lewat saluran yang aman sekarang. Secret ini hanya ditampilkan sekali; bila hilang, buat yang baru.",
                                "Copy it and send it to the bank through a secure channel now. It is shown only this once; if it is lost, make a new one.",
                            )}</p>
                            <p><code class="payload secret" data-secret="1">{secret}</code></p>
                        </section>
                    }),
                    None => leptos::either::Either::Right(view! {
                        <p class="alert" role="alert">{lang.t(
                            "Secret ini sudah pernah ditampilkan dan tidak ditampilkan lagi. Bila bank belum menerimanya, buat client secret baru.",
                            "This secret was shown already and is not shown again. If the bank did not receive it, make a new client secret.",
                        )}</p>
                    }),
                }}
                <p><a href="/staf/bank">{lang.t("Kembali ke daftar bank", "Back to the banks")}</a></p>
            </Loaded>
        </StaffGate>
    }
}

/// What a bank is sent to connect, on one printed page.
#[component]
pub fn BankSheetPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let sheet = Resource::new(move || params.read().get("id").unwrap_or_default(), load_onboarding_sheet);
    view! {
        <Title text=lang.t("Lembar penyambungan bank · Petugas", "Bank onboarding sheet · Staff")/>
        <StaffGate let:_ctx>
            <Loaded resource=sheet let:s><Sheet sheet=s/></Loaded>
        </StaffGate>
    }
}

#[component]
fn Sheet(sheet: OnboardingSheet) -> impl IntoView {
    let lang = use_lang();
    let b = &sheet.bank;
    let url = |path: &str| format!("{}{path}", sheet.base_url);
    let rows = vec![
        (lang.t("Bank", "Bank"), b.name.clone()),
        ("X-PARTNER-ID / X-CLIENT-KEY", b.id.clone()),
        ("partnerServiceId", format!("\"{:>8}\"", b.biller_code)),
        (
            lang.t("Nomor VA", "VA number"),
            match lang {
                Lang::Id => format!("partnerServiceId + nomor pelanggan ({} angka)", sheet.customer_digits),
                Lang::En => format!("partnerServiceId + customer number ({} digits)", sheet.customer_digits),
            },
        ),
        (lang.t("Contoh", "Example"), format!("{} → \"{}\"", sheet.example_customer, sheet.example_va)),
        (lang.t("Token akses", "Access token"), format!("POST {}", url("/v1.0/access-token/b2b"))),
        (lang.t("Inkuiri", "Inquiry"), format!("POST {}", url("/v1.0/transfer-va/inquiry"))),
        (lang.t("Pembayaran", "Payment"), format!("POST {}", url("/v1.0/transfer-va/payment"))),
        ("OpenAPI", url("/v1.0/openapi.json")),
        (lang.t("Tanda tangan token", "Token signature"), "SHA256withRSA(clientId|X-TIMESTAMP), base64".to_string()),
        (
            lang.t("Tanda tangan transaksi", "Transaction signature"),
            "HMAC-SHA512(client secret, POST:path:token:sha256(body):X-TIMESTAMP), base64".to_string(),
        ),
        (
            lang.t("Kunci publik terdaftar", "Registered public key"),
            b.key
                .as_ref()
                .map(|k| format!("RSA {} bit, SHA-256 {}", k.bits, k.fingerprint))
                .unwrap_or_else(|| "—".into()),
        ),
    ];
    view! {
        <article class="panel onboarding-sheet">
            <h1>{format!("{} · {}", lang.t("Penyambungan Virtual Account", "Virtual account onboarding"), b.name)}</h1>
            <dl class="facts">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            <p class="small">{lang.t(
                "Client secret tidak dicetak di lembar ini: ia dikirim terpisah lewat saluran yang aman. X-TIMESTAMP dalam WIB (+07:00) dan paling jauh 5 menit dari waktu server. X-EXTERNAL-ID berupa angka, unik per hari. paymentRequestId yang diulang dengan isi sama mendapat jawaban yang sama.",
                "The client secret is not printed here: it is sent separately through a secure channel. X-TIMESTAMP in WIB (+07:00), within 5 minutes of the server's clock. X-EXTERNAL-ID is digits, unique per day. A repeated paymentRequestId with the same content gets the same answer.",
            )}</p>
            <p class="no-print"><PrintButton>{lang.t("Cetak", "Print")}</PrintButton>" "<a href="/staf/bank">{lang.t("Kembali", "Back")}</a></p>
        </article>
    }
}
