use super::StaffGate;
use crate::api::customers::{
    load_customer_record, search_customers, BillLine, CorrectBill, CustomerRecord, SetCustomerPhone, SetCustomerStatus,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::components::reading_correction::ReadingCorrectionFields;
use crate::domain::{ConnectionStatus, CustomerNumber};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn status_label(lang: Lang, status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Active => lang.t("Aktif", "Active"),
        ConnectionStatus::Sealed => lang.t("Disegel", "Sealed"),
        ConnectionStatus::Disconnected => lang.t("Diputus", "Disconnected"),
    }
}

fn shown(number: &str) -> String {
    CustomerNumber::parse(number).map_or(number.to_string(), |n| n.display())
}

/// Staff: customers by number, name or village.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let found = Resource::new(q, search_customers);
    view! {
        <Title text=lang.t("Pelanggan · Petugas", "Customers · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Pelanggan", "Customers")}</h1>
            <form method="get" action="/staf/pelanggan" class="panel">
                <label for="q">{lang.t("Nomor, nama atau desa (minimal 3 huruf)", "Number, name or village (3 letters or more)")}</label>
                <input id="q" name="q" type="search" minlength="3" maxlength="60" value=q/>
                <button type="submit">{lang.t("Cari", "Search")}</button>
            </form>
            <Loaded resource=found let:s>
                {(s.query.chars().count() >= 3).then(|| {
                    if s.found.is_empty() {
                        view! { <p class="muted">{lang.t("Tidak ada pelanggan yang cocok.", "No customer matches.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="staff-list customer-results">
                                {s.found.clone().into_iter().map(|c| view! {
                                    <li class="panel" data-customer=c.number.clone()>
                                        <a href=format!("/staf/pelanggan/{}", c.number)><strong>{shown(&c.number)}</strong>" "{c.name.clone()}</a>
                                        <br/><span class="small">{c.address.clone()}", "{c.village.clone()}" · "{c.office.clone()}" · "{status_label(lang, c.status)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {s.more.then(|| view! { <p class="muted">{lang.t("Lebih banyak yang cocok: persempit pencarian.", "More match: narrow the search.")}</p> })}
                        }.into_any()
                    }
                })}
            </Loaded>
        </StaffGate>
    }
}

/// Staff: one customer's full record, bills and history; status and phone for those who may.
#[component]
pub fn CustomerRecordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let record = Resource::new(move || params.read().get("number").unwrap_or_default(), load_customer_record);
    view! {
        <Title text=lang.t("Pelanggan · Petugas", "Customers · Staff")/>
        <StaffGate let:_ctx>
            <p><a href="/staf/pelanggan">{lang.t("← Pelanggan", "← Customers")}</a></p>
            <Loaded resource=record let:record>
                <RecordView record/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn RecordView(record: CustomerRecord) -> impl IntoView {
    let lang = use_lang();
    let status = ServerAction::<SetCustomerStatus>::new();
    let phone = ServerAction::<SetCustomerPhone>::new();
    let correct = ServerAction::<CorrectBill>::new();
    let error = Signal::derive(move || {
        status
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| phone.value().get().and_then(Result::err))
            .or_else(|| correct.value().get().and_then(Result::err))
    });
    let changed = use_query_map().read_untracked().get("diubah").is_some();
    let phone_now = record.phone.clone().unwrap_or_default();
    let manage = record.may_manage.then(|| {
        let (csrf, number) = (record.csrf.clone(), record.number.clone());
        let (csrf2, number2) = (csrf.clone(), number.clone());
        let current = record.status;
        view! {
            <section class="panel">
                <h2>{lang.t("Ubah status sambungan", "Change the connection's status")}</h2>
                <ActionForm action=status>
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="number" value=number/>
                    <label for="status">{lang.t("Status", "Status")}</label>
                    <select id="status" name="status">
                        {ConnectionStatus::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=s == current>{status_label(lang, s)}</option>
                        }).collect_view()}
                    </select>
                    <label for="reason">{lang.t("Alasan", "Reason")}</label>
                    <input id="reason" name="reason" required maxlength=crate::domain::notice::REASON_MAX/>
                    <button type="submit">{lang.t("Simpan status", "Save the status")}</button>
                </ActionForm>
            </section>
            <section class="panel">
                <h2>{lang.t("Nomor telepon", "Phone number")}</h2>
                <ActionForm action=phone>
                    <input type="hidden" name="csrf" value=csrf2/>
                    <input type="hidden" name="number" value=number2/>
                    <label for="phone">{lang.t("Nomor telepon (kosongkan untuk menghapus)", "Phone number (empty to remove)")}</label>
                    <input id="phone" name="phone" type="tel" inputmode="tel" maxlength="20" value=phone_now/>
                    <button type="submit">{lang.t("Simpan nomor", "Save the number")}</button>
                </ActionForm>
            </section>
        }
    });
    view! {
        <h1>{record.name.clone()}</h1>
        <p><strong>{shown(&record.number)}</strong>" · "<span data-status=record.status.as_str()>{status_label(lang, record.status)}</span></p>
        {changed.then(|| view! { <p class="alert alert-success" role="status">{lang.t("Perubahan disimpan.", "Change saved.")}</p> })}
        <FormError error/>
        <dl class="facts">
            <dt>{lang.t("Alamat", "Address")}</dt><dd>{record.address.clone()}", "{record.village.clone()}", "{lang.t("Kec. ", "")}{record.district.clone()}</dd>
            <dt>{lang.t("Golongan · meter", "Group · meter")}</dt><dd>{record.group.clone()}" · "{record.meter_size.clone()}"\""</dd>
            <dt>{lang.t("Kantor unit", "Unit office")}</dt><dd>{record.office.clone()}</dd>
            <dt>{lang.t("Telepon", "Phone")}</dt><dd>{record.phone.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{lang.t("Tanggal pasang", "Connected on")}</dt><dd>{record.connected_on.clone()}</dd>
        </dl>
        {manage}
        <section>
            <h2>{lang.t("Tagihan", "Bills")}</h2>
            <ul class="staff-list customer-bills">
                {record.bills.clone().into_iter().enumerate().map(|(i, b)| {
                    // Only the latest reading: the next one starts where it ends.
                    // A bill carried over has no reading here to correct.
                    let form = b.stands.filter(|_| record.may_correct && i == 0).map(|(_, stand_akhir)| view! {
                        <CorrectionForm bill=b.clone() stand_akhir number=record.number.clone() csrf=record.csrf.clone() action=correct/>
                    });
                    let stands = match b.stands {
                        Some((awal, akhir)) => format!("{awal} → {akhir}"),
                        None => lang.t("dialihkan dari sistem lama", "carried over from the previous system").to_string(),
                    };
                    view! {
                        <li class="staff-session" data-period=b.period.to_string()>
                            <strong>{lang.period(b.period)}</strong>" · "{stands}" · "{b.usage_m3}" m³"
                            {b.estimated.then(|| lang.t(" (taksiran)", " (estimate)"))}" · "<span class="bill-amount">{lang.money(b.amount)}</span>
                            {(!b.adjustment.is_zero()).then(|| format!(" ({} {})", lang.t("termasuk koreksi", "incl. correction"), lang.money(b.adjustment)))}
                            <br/><span class="small">{match b.paid.clone() {
                                Some((receipt, at, channel)) => format!("{} {} · {channel} · {receipt}", lang.t("Dibayar", "Paid"), lang.date_time_wib(at)),
                                None => format!("{} {}", lang.t("Belum dibayar; jatuh tempo", "Unpaid; due"), lang.date(b.due_date)),
                            }}</span>
                            {form}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        {(!record.pending.is_empty()).then(|| view! {
            <section class="panel" data-pending-adjustments="">
                <h2>{lang.t("Koreksi untuk tagihan berikutnya", "Corrections for the next bill")}</h2>
                <ul class="staff-list">
                    {record.pending.clone().into_iter().map(|line| view! {
                        <li class="staff-session">{lang.adjustment(&line)}" · "<strong>{lang.money(line.amount)}</strong></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <section>
            <h2>{lang.t("Riwayat tindakan", "What was done")}</h2>
            {if record.audit.is_empty() {
                view! { <p class="muted">{lang.t("Belum ada.", "Nothing yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="staff-list">
                        {record.audit.clone().into_iter().map(|e| view! {
                            <li class="staff-session" data-action=e.action.clone()>
                                <strong>{super::audit::action_text(lang, &e)}</strong>
                                <br/><span class="small">{lang.date_time_wib(e.at)}" · "{e.username.clone()}" · "{e.detail.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Corrects a published bill's final meter figure. Folded away: a correction is rare, and the
/// list stays readable on a phone.
#[component]
fn CorrectionForm(
    bill: BillLine,
    stand_akhir: i64,
    number: String,
    csrf: String,
    action: ServerAction<CorrectBill>,
) -> impl IntoView {
    let lang = use_lang();
    let period = bill.period.to_string();
    let effect = if bill.paid.is_some() {
        lang.t(
            "Tagihan ini sudah dibayar dan tidak diubah: selisihnya masuk ke tagihan berikutnya.",
            "This bill is paid and stays as it is: the difference goes to the next bill.",
        )
    } else {
        lang.t(
            "Tagihan ini dihitung ulang dari angka yang benar; kode bayar lama ditutup.",
            "This bill is computed again from the right figure; its old payment codes are closed.",
        )
    };
    view! {
        <details class="correction">
            <summary>{lang.t("Koreksi angka meter", "Correct the meter figure")}</summary>
            <p class="small">{effect}</p>
            <ActionForm action>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="number" value=number/>
                <input type="hidden" name="period" value=period.clone()/>
                <ReadingCorrectionFields key=period stand_akhir/>
            </ActionForm>
        </details>
    }
}
