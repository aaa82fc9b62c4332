use super::StaffGate;
use crate::api::reports::{load_cash_report, load_reconciliation, MarkRefunded};
use crate::components::loaded::Loaded;
use crate::i18n::use_lang;
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Cash taken at the counters on a day: per teller (a teller sees their own) and the office total.
#[component]
pub fn CashReportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let day = move || query.read().get("tanggal").unwrap_or_default();
    let office = move || query.read().get("kantor").unwrap_or_default();
    let report = Resource::new(move || (day(), office()), |(d, o)| load_cash_report(d, o));
    view! {
        <Title text=lang.t("Laporan kas · Petugas", "Cash report · Staff")/>
        <StaffGate let:_ctx>
            <Loaded resource=report let:r>
                {
                    let csv = format!("/staf/laporan/kas.csv?tanggal={}&kantor={}", r.day, percent_encode(&r.office_code));
                    view! {
                        <h1>{lang.t("Laporan kas harian", "Daily cash report")}</h1>
                        <form method="get" action="/staf/laporan" class="filter-form">
                            <label for="tanggal">{lang.t("Tanggal", "Date")}</label>
                            <input id="tanggal" name="tanggal" type="date" value=r.day.to_string()/>
                            {(!r.offices.is_empty()).then(|| view! {
                                <label for="kantor">{lang.t("Kantor", "Office")}</label>
                                <select id="kantor" name="kantor">
                                    {r.offices.iter().map(|(code, name)| view! { <option value=code.clone() selected=*code == r.office_code>{name.clone()}</option> }).collect_view()}
                                </select>
                            })}
                            <button type="submit">{lang.t("Tampilkan", "Show")}</button>
                        </form>
                        <section class="panel">
                            <h2>{r.office_name.clone()}" · "{lang.date(r.day)}</h2>
                            <div class="table-scroll"><table class="report-table">
                                <thead><tr><th>{lang.t("Petugas", "Teller")}</th><th class="num">{lang.t("Transaksi", "Payments")}</th><th class="num">{lang.t("Kas", "Cash")}</th></tr></thead>
                                <tbody>
                                    {r.tellers.iter().map(|t| view! {
                                        <tr data-teller=t.username.clone()><td>{t.full_name.clone()}" ("{t.username.clone()}")"</td><td class="num">{t.payments}</td><td class="num">{lang.money(t.amount)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                                <tfoot><tr><th>{if r.own_only { lang.t("Kas Anda", "Your cash") } else { lang.t("Total kantor (kas yang harus disetor)", "Office total (cash expected)") }}</th>
                                    <th class="num">{r.payments}</th><th class="num" data-total=r.total.whole_rupiah().unwrap_or_default()>{lang.money(r.total)}</th></tr></tfoot>
                            </table></div>
                            <p><a class="button button-outline" href=csv download>{lang.t("Unduh CSV", "Download CSV")}</a></p>
                        </section>
                        {(!r.offline.is_empty()).then(|| view! {
                            <section class="panel">
                                <h2>{lang.t("Pembayaran loket luring", "Offline counter payments")}</h2>
                                <p class="muted small">{lang.t(
                                    "Diterima saat server tidak terjangkau, dengan nomor kuitansi sementaranya; yang dikreditkan sudah termasuk di atas.",
                                    "Taken while the server was unreachable, under their provisional receipts' numbers; those credited are in the totals above.",
                                )}</p>
                                <ul class="offline-payments">
                                    {r.offline.iter().cloned().map(|p| view! { <super::devices::PaymentItem p/> }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }
                }
            </Loaded>
        </StaffGate>
    }
}

/// Administrators: the day's money per channel, the reconciliation file, and money to refund.
#[component]
pub fn ReconciliationPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let day = move || query.read().get("tanggal").unwrap_or_default();
    let refund = ServerAction::<MarkRefunded>::new();
    let report = Resource::new(move || (day(), refund.version().get()), |(d, _)| load_reconciliation(d));
    view! {
        <Title text=lang.t("Rekonsiliasi · Petugas", "Reconciliation · Staff")/>
        <StaffGate let:_ctx>
            <Loaded resource=report let:r>
                {
                    let csv = format!("/staf/laporan/rekonsiliasi.csv?tanggal={}", r.day);
                    let csrf = r.csrf.clone();
                    view! {
                        <h1>{lang.t("Rekonsiliasi harian per kanal", "Daily reconciliation per channel")}</h1>
                        <form method="get" action="/staf/rekonsiliasi" class="filter-form">
                            <label for="tanggal">{lang.t("Tanggal", "Date")}</label>
                            <input id="tanggal" name="tanggal" type="date" value=r.day.to_string()/>
                            <button type="submit">{lang.t("Tampilkan", "Show")}</button>
                        </form>
                        <section class="panel">
                            <div class="table-scroll"><table class="report-table">
                                <thead><tr><th>{lang.t("Kanal", "Channel")}</th><th class="num">{lang.t("Lunas", "Credited")}</th><th class="num">{lang.t("Jumlah", "Amount")}</th>
                                    <th class="num">{lang.t("Dikembalikan", "To refund")}</th><th class="num">{lang.t("Jumlah", "Amount")}</th></tr></thead>
                                <tbody>
                                    {r.channels.iter().map(|c| view! {
                                        <tr data-channel=c.channel.clone()><td>{lang.payment_channel(&c.channel)}</td><td class="num">{c.credited}</td><td class="num">{lang.money(c.credited_amount)}</td>
                                            <td class="num">{c.set_aside}</td><td class="num">{lang.money(c.set_aside_amount)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            {r.channels.is_empty().then(|| view! { <p class="muted">{lang.t("Tidak ada transaksi pada tanggal ini.", "No transactions on this day.")}</p> })}
                            <p><a class="button button-outline" href=csv download>{lang.t("Unduh CSV rekonsiliasi", "Download the reconciliation CSV")}</a></p>
                        </section>
                        <section class="panel">
                            <h2>{lang.t("Kelebihan bayar untuk dikembalikan", "Overpayments to refund")}</h2>
                            <div class="table-scroll"><table class="report-table overpayments">
                                <thead><tr><th>{lang.t("Diterima", "Received")}</th><th>{lang.t("Kanal / referensi", "Channel / reference")}</th><th class="num">{lang.t("Jumlah", "Amount")}</th><th></th></tr></thead>
                                <tbody>
                                    {r.overpayments.into_iter().map(|o| {
                                        use crate::domain::RefundReason;
                                        let reason = o.reason.parse::<RefundReason>().ok();
                                        let review = reason.is_some_and(RefundReason::needs_review);
                                        let (id, en) = reason.unwrap_or(RefundReason::IntentClosed).label();
                                        let reason = lang.t(id, en);
                                        let csrf = csrf.clone();
                                        view! {
                                            <tr data-overpayment=o.id data-review=review.then_some("yes")>
                                                <td>{lang.date_time_wib(o.received_at)}</td>
                                                <td>{lang.payment_channel(&o.channel)}" · "{o.partner_reference.clone()}<br/>
                                                    {review.then(|| view! { <span class="badge badge-warning">{lang.t("Perlu diperiksa", "Needs review")}</span>" " })}
                                                    <span class="muted small">{o.customer_number.clone().unwrap_or_default()}" · "{reason}</span></td>
                                                <td class="num">{lang.money(o.amount)}</td>
                                                <td>{match o.refunded_at {
                                                    Some(t) => view! { <span class="badge">{lang.t("Dikembalikan ", "Refunded ")}{lang.date_time_wib(t)}</span> }.into_any(),
                                                    None => view! {
                                                        <ActionForm action=refund attr:class="inline-form">
                                                            <input type="hidden" name="csrf" value=csrf/>
                                                            <input type="hidden" name="id" value=o.id/>
                                                            <button type="submit" class="button-outline">{lang.t("Tandai sudah dikembalikan", "Mark refunded")}</button>
                                                        </ActionForm>
                                                    }.into_any(),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        </section>
                    }
                }
            </Loaded>
        </StaffGate>
    }
}
