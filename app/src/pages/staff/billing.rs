use super::StaffGate;
use crate::api::billing::{
    load_billing_desk, load_billing_run, AcceptHeldBills, CorrectReading, DiscardBillingRun, FlaggedBill,
    PublishBillingRun, RunState, RunView, StartBillingRun,
};
use crate::api::self_readings::{load_window_setting, SetReadingWindow};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::components::reading_correction::ReadingCorrectionFields;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn state_label(lang: Lang, state: RunState) -> &'static str {
    match state {
        RunState::Review => lang.t("Diperiksa, belum terbit", "Under review, not published"),
        RunState::Published => lang.t("Terbit", "Published"),
        RunState::Discarded => lang.t("Dibatalkan", "Discarded"),
    }
}

/// The month's billing: runs so far, and drafting the next period's bills.
#[component]
pub fn BillingPage() -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartBillingRun>::new();
    let error = Signal::derive(move || start.value().get().and_then(Result::err));
    let desk = Resource::new(|| (), |_| load_billing_desk());
    view! {
        <Title text=lang.t("Penagihan bulanan · Petugas", "Monthly billing · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Penagihan bulanan", "Monthly billing")}</h1>
            <Loaded resource=desk let:d>
                {d.may_start.then({ let csrf = d.csrf.clone(); move || view! {
                    <section class="panel">
                        <h2>{lang.t("Susun tagihan", "Draft the bills")}</h2>
                        <p class="small">{lang.t(
                            "Tagihan dihitung dari baca meter periode itu; meter yang tidak terbaca ditaksir dari rata-rata tiga bulan. Pelanggan belum melihat apa pun sampai Anda menerbitkannya.",
                            "Bills are computed from the period's meter readings; unread meters are estimated from the three-month average. Customers see nothing until you publish.",
                        )}</p>
                        <FormError error/>
                        <ActionForm action=start>
                            <input type="hidden" name="csrf" value=csrf/>
                            <label for="period">{lang.t("Periode (TTTT-BB)", "Period (YYYY-MM)")}</label>
                            <input id="period" name="period" required pattern="[0-9]{4}-[0-9]{2}" inputmode="numeric"
                                value=d.next_period.to_string()/>
                            <label for="office">{lang.t("Kantor", "Office")}</label>
                            <select id="office" name="office">
                                <option value="">{lang.t("Semua kantor", "Every office")}</option>
                                {d.offices.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                            </select>
                            <button type="submit">{lang.t("Susun tagihan", "Draft the bills")}</button>
                        </ActionForm>
                    </section>
                }})}
                <ReadingWindowPanel csrf=d.csrf.clone()/>
                <section class="panel">
                    <h2>{lang.t("Penagihan", "Billing runs")}</h2>
                    {if d.runs.is_empty() {
                        view! { <p class="muted">{lang.t("Belum ada penagihan disusun di portal.", "No billing run drafted in the portal yet.")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="staff-list billing-runs">
                                {d.runs.clone().into_iter().map(|r| view! {
                                    <li data-run=r.id data-state=r.state.as_str()>
                                        <a href=format!("/staf/tagihan/{}", r.id)><strong>{lang.period(r.period)}</strong></a>
                                        " · "{r.office.clone().unwrap_or_else(|| lang.t("semua kantor", "every office").to_string())}
                                        " · "{state_label(lang, r.state)}
                                        <br/><span class="small muted">{r.created_by.clone()}" · "{lang.date_time_wib(r.created_at)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            </Loaded>
        </StaffGate>
    }
}

/// The days customers may send their own meter figures; administrators change them.
#[component]
fn ReadingWindowPanel(csrf: String) -> impl IntoView {
    let lang = use_lang();
    let set = ServerAction::<SetReadingWindow>::new();
    let error = Signal::derive(move || set.value().get().and_then(Result::err));
    let saved = use_query_map().read_untracked().get("jendela").is_some();
    let window = Resource::new(|| (), |_| load_window_setting());
    view! {
        <section class="panel reading-window">
            <h2>{lang.t("Baca meter mandiri", "Self meter reading")}</h2>
            <Loaded resource=window let:w>
                <p data-window=format!("{}-{}", w.first_day, w.last_day)>{match lang {
                    Lang::Id => format!("Pelanggan dapat mengirim angka meter dan fotonya pada tanggal {}–{} setiap bulan. Angka itu dipakai untuk tagihan bulan berikutnya bila meter tidak dibaca petugas; semua tertahan untuk diperiksa bersama fotonya.", w.first_day, w.last_day),
                    Lang::En => format!("Customers may send their meter figure with a photo on days {}–{} of each month. It bills the next month where no meter reader read the meter; every one is held for review with its photo.", w.first_day, w.last_day),
                }}</p>
                {(saved && w.may_set).then(|| view! {
                    <p class="alert alert-success" role="status">{lang.t("Tanggal baca meter mandiri disimpan.", "Self reading days saved.")}</p>
                })}
                {w.may_set.then({ let csrf = csrf.clone(); move || view! {
                    <FormError error/>
                    <ActionForm action=set attr:class="inline-form">
                        <input type="hidden" name="csrf" value=csrf/>
                        <label for="w-first">{lang.t("Dari tanggal", "From day")}</label>
                        <input id="w-first" name="first_day" type="number" min="1" max="31" required value=w.first_day/>
                        <label for="w-last">{lang.t("sampai tanggal", "to day")}</label>
                        <input id="w-last" name="last_day" type="number" min="1" max="31" required value=w.last_day/>
                        <button type="submit">{lang.t("Simpan", "Save")}</button>
                    </ActionForm>
                }})}
            </Loaded>
        </section>
    }
}

/// One run: its totals, the bills held for review, and publishing.
#[component]
pub fn BillingRunPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let run = Resource::new(
        move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0),
        load_billing_run,
    );
    view! {
        <Title text=lang.t("Penagihan bulanan · Petugas", "Monthly billing · Staff")/>
        <StaffGate let:_ctx>
            <p><a href="/staf/tagihan">{lang.t("← Penagihan bulanan", "← Monthly billing")}</a></p>
            <Loaded resource=run let:view>
                <RunDetail view/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn RunDetail(view: RunView) -> impl IntoView {
    let lang = use_lang();
    let correct = ServerAction::<CorrectReading>::new();
    let accept = ServerAction::<AcceptHeldBills>::new();
    let publish = ServerAction::<PublishBillingRun>::new();
    let discard = ServerAction::<DiscardBillingRun>::new();
    let error = Signal::derive(move || {
        correct
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| accept.value().get().and_then(Result::err))
            .or_else(|| publish.value().get().and_then(Result::err))
            .or_else(|| discard.value().get().and_then(Result::err))
    });
    let published_now = use_query_map().read_untracked().get("terbit").is_some();
    let RunView { run, totals, flagged, unbilled, drd, may_publish, due_date, csrf } = view;
    // Announcements are read in the language they are written in: the customers' own.
    let announce_title = format!("Tagihan {} sudah terbit", Lang::Id.period(run.period));
    let announce_body = format!(
        "Tagihan air {} sudah dapat dilihat dan dibayar di portal, di bank dan di loket kantor unit. Bayar paling lambat {} agar tidak kena denda.",
        Lang::Id.period(run.period),
        Lang::Id.date(due_date)
    );
    let left = totals.left_to_review();
    let review = run.state == RunState::Review;
    let (published_bills, published_m3, published_amount) = totals_published(&drd);
    let summary = match lang {
        Lang::Id => format!(
            "{} tagihan · {} m³ · {} · {} tertahan untuk diperiksa, {} sudah diperiksa",
            totals.bills,
            totals.m3,
            lang.money(totals.amount),
            totals.flagged,
            totals.reviewed
        ),
        Lang::En => format!(
            "{} bills · {} m³ · {} · {} held for review, {} reviewed",
            totals.bills,
            totals.m3,
            lang.money(totals.amount),
            totals.flagged,
            totals.reviewed
        ),
    };
    view! {
        <h1>{lang.t("Penagihan ", "Billing ")}{lang.period(run.period)}</h1>
        {run.office.clone().map(|o| view! { <p><strong>{o}</strong></p> })}
        <p class="muted" data-state=run.state.as_str()>{state_label(lang, run.state)}" · "{run.created_by.clone()}" · "{lang.date_time_wib(run.created_at)}</p>
        {(published_now && !review).then(|| view! {
            <p class="alert alert-success" role="status">{lang.t(
                "Diterbitkan: pelanggan, bank dan loket kini melihat tagihan periode ini.",
                "Published: customers, banks and counters now see this period's bills.",
            )}</p>
        })}
        <FormError error/>
        <p class="run-totals">{if review { summary } else {
            match lang {
                Lang::Id => format!("{published_bills} tagihan terbit · {published_m3} m³ · {}", lang.money(published_amount)),
                Lang::En => format!("{published_bills} bills published · {published_m3} m³ · {}", lang.money(published_amount)),
            }
        }}</p>
        {(review && may_publish).then(|| {
            let (csrf, csrf_discard) = (csrf.clone(), csrf.clone());
            view! {
                <section class="panel">
                    {if left > 0 {
                        view! { <p>{match lang {
                            Lang::Id => format!("Periksa {left} tagihan tertahan sebelum menerbitkan."),
                            Lang::En => format!("Review the {left} held bills before publishing."),
                        }}</p>
                        <ActionForm action=accept attr:class="inline-form">
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <input type="hidden" name="run" value=run.id/>
                            <button type="submit" class="button-outline">{lang.t("Setujui semua yang tersisa apa adanya", "Accept every one left as drafted")}</button>
                        </ActionForm> }.into_any()
                    } else {
                        view! {
                            <ActionForm action=publish>
                                <input type="hidden" name="csrf" value=csrf.clone()/>
                                <input type="hidden" name="run" value=run.id/>
                                <p>{lang.t(
                                    "Semua tagihan tertahan sudah diperiksa. Setelah terbit, tagihan tampil di halaman pelanggan, di bank dan di loket sekaligus.",
                                    "Every held bill is reviewed. Once published, the bills show on customers' pages, at the banks and at the counters at once.",
                                )}</p>
                                <label class="check">
                                    <input type="checkbox" name="announce" value="1" checked/>
                                    {lang.t("Umumkan di portal bersama tagihan (tampil sampai jatuh tempo)", "Announce it on the portal with the bills (shown until they fall due)")}
                                </label>
                                <label for="announce-title">{lang.t("Judul pengumuman", "Announcement title")}</label>
                                <input id="announce-title" name="title" maxlength=crate::domain::notice::TITLE_MAX value=announce_title.clone()/>
                                <label for="announce-body">{lang.t("Isi pengumuman", "Announcement text")}</label>
                                <textarea id="announce-body" name="body" rows="3" maxlength=crate::domain::notice::BODY_MAX>{announce_body.clone()}</textarea>
                                <button type="submit">{lang.t("Terbitkan tagihan", "Publish the bills")}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                    <details>
                        <summary>{lang.t("Batalkan penagihan ini", "Discard this run")}</summary>
                        <ActionForm action=discard>
                            <input type="hidden" name="csrf" value=csrf_discard/>
                            <input type="hidden" name="run" value=run.id/>
                            <p class="small">{lang.t(
                                "Semua tagihan susunan ini dan taksiran yang dibuatnya dihapus; pelanggan tidak pernah melihatnya. Periode ini dapat disusun lagi.",
                                "Every drafted bill and the estimates it made are removed; customers never saw them. The period can be drafted again.",
                            )}</p>
                            <button type="submit" class="button-danger">{lang.t("Ya, batalkan", "Yes, discard")}</button>
                        </ActionForm>
                    </details>
                </section>
            }
        })}
        {(!flagged.is_empty()).then(|| view! {
            <section>
                <h2>{lang.t("Tagihan tertahan", "Held bills")}</h2>
                <ul class="held-bills">
                    {flagged.into_iter().map(|bill| view! { <HeldBill bill run_id=run.id csrf=csrf.clone() open=review correct accept/> }).collect_view()}
                </ul>
            </section>
        })}
        {(!unbilled.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{lang.t("Tidak dapat ditagih", "Could not be billed")}</h2>
                <ul>{unbilled.into_iter().map(|u| view! { <li><strong>{u.number}</strong>" "{u.name}": "{unbillable(lang, &u.reason)}</li> }).collect_view()}</ul>
            </section>
        })}
        <section>
            <h2>{lang.t("Daftar rekening ditagih (DRD)", "Billed accounts (DRD)")}</h2>
            <p><a href=format!("/staf/tagihan/{}/drd.csv", run.id) download="">{lang.t("Unduh CSV", "Download CSV")}</a></p>
            <div class="table-scroll"><table class="report-table drd">
                <thead><tr>
                    <th>{lang.t("Kantor", "Office")}</th><th>{lang.t("Golongan", "Group")}</th>
                    <th class="num">{lang.t("Pelanggan", "Customers")}</th><th class="num">"m³"</th>
                    <th class="num">{lang.t("Koreksi", "Corrections")}</th>
                    <th class="num">{lang.t("Jumlah", "Total")}</th>
                </tr></thead>
                <tbody>
                    {drd.into_iter().map(|l| view! {
                        <tr><td>{l.office}</td><td>{l.group}</td><td class="num">{l.customers}</td><td class="num">{l.m3}</td>
                            <td class="num">{lang.money(l.adjustment)}</td><td class="num">{lang.money(l.amount)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

fn totals_published(drd: &[crate::api::billing::DrdRow]) -> (i64, i64, crate::domain::Money) {
    drd.iter().fold((0, 0, crate::domain::Money::default()), |(c, m, a), l| (c + l.customers, m + l.m3, a + l.amount))
}

#[component]
fn HeldBill(
    bill: FlaggedBill,
    run_id: i64,
    csrf: String,
    open: bool,
    correct: ServerAction<CorrectReading>,
    accept: ServerAction<AcceptHeldBills>,
) -> impl IntoView {
    let lang = use_lang();
    let flags =
        bill.flags.iter().map(|f| lang.pick(f.label().0, f.label().1).to_string()).collect::<Vec<_>>().join(" · ");
    let average = bill.average_m3.map(|a| match lang {
        Lang::Id => format!(" (rata-rata {a} m³)"),
        Lang::En => format!(" (average {a} m³)"),
    });
    let (csrf_correct, csrf_accept) = (csrf.clone(), csrf);
    let actions = (open && bill.may_review && !bill.reviewed).then(|| view! {
        <details>
            <summary>{lang.t("Koreksi angka meter", "Correct the reading")}</summary>
            <ActionForm action=correct>
                <input type="hidden" name="csrf" value=csrf_correct/>
                <input type="hidden" name="run" value=run_id/>
                <input type="hidden" name="customer" value=bill.customer_id/>
                <ReadingCorrectionFields key=bill.customer_id.to_string() stand_akhir=bill.stand_akhir/>
            </ActionForm>
        </details>
        <ActionForm action=accept attr:class="inline-form">
            <input type="hidden" name="csrf" value=csrf_accept/>
            <input type="hidden" name="run" value=run_id/>
            <input type="hidden" name="customer" value=bill.customer_id/>
            <button type="submit" class="button-outline">{lang.t("Setujui apa adanya", "Accept as drafted")}</button>
        </ActionForm>
    });
    view! {
        <li class="panel held-bill" data-customer=bill.number.clone() data-reviewed=bill.reviewed.to_string()>
            <p><strong>{crate::domain::CustomerNumber::parse(&bill.number).map_or(bill.number.clone(), |n| n.display())}</strong>" "{bill.name.clone()}<span class="muted small">" · "{bill.office.clone()}</span></p>
            <p class="small">{flags}</p>
            <p>{format!("{} → {} · {} m³", bill.stand_awal, bill.stand_akhir, bill.usage_m3)}{average}" · "{lang.money(bill.amount)}</p>
            {bill.note.clone().filter(|n| !n.trim().is_empty()).map(|n| view! { <p class="small">{lang.t("Catatan: ", "Note: ")}{n}</p> })}
            {bill.customer_reading.map(|(id, stand)| view! {
                <figure class="customer-reading" data-customer-reading=id>
                    <a href=format!("/staf/baca-meter/{id}/foto") target="_blank">
                        <img src=format!("/staf/baca-meter/{id}/foto") loading="lazy" width="160"
                            alt=lang.t("Foto meter dari pelanggan", "Meter photo from the customer")/>
                    </a>
                    <figcaption class="small">{match lang {
                        Lang::Id => format!("Angka dari pelanggan: {stand}"),
                        Lang::En => format!("Figure from the customer: {stand}"),
                    }}</figcaption>
                </figure>
            })}
            {bill.reviewed.then(|| view! { <p class="small badge">{lang.t("Sudah diperiksa", "Reviewed")}</p> })}
            {actions}
        </li>
    }
}

/// Why a connection could not be billed, in words for the supervisor who fixes the data.
fn unbillable(lang: Lang, why: &crate::api::billing::Unbillable) -> String {
    use crate::api::billing::Unbillable;
    match why {
        Unbillable::Billing { error } => crate::components::error_panel::billing_problem(lang, error),
        Unbillable::ReadingDate { stored } => match lang {
            Lang::Id => format!("tanggal baca meter {stored:?} tidak terbaca; impor ulang bacaannya."),
            Lang::En => format!("the reading date {stored:?} cannot be read; import the reading again."),
        },
        Unbillable::Fraction => lang
            .t(
                "tagihan menjadi pecahan rupiah; periksa tarif golongannya.",
                "the bill came to a fraction of a rupiah; check the group's tariff.",
            )
            .to_string(),
        Unbillable::Text { text } => text.clone(),
    }
}
