//! Staff: the complaint desk (an office's complaints, overdue first), a complaint's record with
//! the steps this member of staff may take, the deadlines per category (administrators), and
//! the monthly report against the national indicator.

use super::StaffGate;
use crate::api::complaints::{
    load_complaint_desk, load_complaint_record, load_complaint_report, ActOnComplaint, ComplaintDesk, ComplaintRecord,
    SetComplaintDeadline,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::complaint::{Category, Deadline, ReportLine, Stage, Step, INDICATOR_PERMILLE, NOTE_MAX};
use crate::i18n::{use_lang, Lang};
use crate::pages::complaint::deadline_text;
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Time left before the deadline, or how long overdue, in words.
pub fn time_left(lang: Lang, minutes: i64) -> String {
    let m = minutes.unsigned_abs();
    let (days, hours, mins) = (m / 1440, (m % 1440) / 60, m % 60);
    let span = match (lang, days, hours) {
        (Lang::Id, 0, 0) => format!("{mins} menit"),
        (Lang::En, 0, 0) => format!("{mins} min"),
        (Lang::Id, 0, h) => format!("{h} jam {mins} menit"),
        (Lang::En, 0, h) => format!("{h} h {mins} min"),
        (Lang::Id, d, h) => format!("{d} hari {h} jam"),
        (Lang::En, d, h) => format!("{d} d {h} h"),
    };
    match (lang, minutes < 0) {
        (Lang::Id, true) => format!("lewat {span}"),
        (Lang::En, true) => format!("overdue {span}"),
        (Lang::Id, false) => format!("sisa {span}"),
        (Lang::En, false) => format!("{span} left"),
    }
}

fn label(lang: Lang, (id, en): (&'static str, &'static str)) -> &'static str {
    lang.t(id, en)
}

#[component]
pub fn ComplaintDeskPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let office = move || query.read().get("kantor").unwrap_or_default();
    let stage = move || query.read().get("tahap").unwrap_or_default();
    let deadline = ServerAction::<SetComplaintDeadline>::new();
    let error = Signal::derive(move || deadline.value().get().and_then(Result::err));
    let desk =
        Resource::new(move || (office(), stage(), deadline.version().get()), |(o, s, _)| load_complaint_desk(o, s));
    view! {
        <Title text=lang.t("Pengaduan · Petugas", "Complaints · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Pengaduan pelanggan", "Customer complaints")}</h1>
            <FormError error/>
            <Loaded resource=desk let:d>
                <DeskFilter d=d.clone()/>
                <p><a href=format!("/staf/pengaduan/laporan?kantor={}", percent_encode(&d.office))>{lang.t("Laporan bulanan", "Monthly report")}</a></p>
                {d.lines.is_empty().then(|| view! { <p class="muted" data-empty="complaints">{lang.t("Tidak ada pengaduan.", "No complaints.")}</p> })}
                <ul class="complaint-desk">
                    {d.lines.iter().map(|l| {
                        let overdue = l.minutes_left.is_some_and(|m| m < 0);
                        let (cat_id, cat_en) = l.category.label();
                        view! {
                            <li class={if overdue { "panel complaint-line overdue" } else { "panel complaint-line" }}
                                data-complaint=l.number.clone() data-stage=l.stage.as_str() data-overdue=overdue.to_string()>
                                <p><a href=format!("/staf/pengaduan/{}", l.id)><strong class="code">{l.number.clone()}</strong></a>" · "{lang.t(cat_id, cat_en)}</p>
                                <p class="small">
                                    {label(lang, l.stage.label())}
                                    {l.minutes_left.map(|m| view! { " · "<strong class=if m < 0 { "time-left late" } else { "time-left" }>{time_left(lang, m)}</strong> })}
                                    {l.assignee.clone().map(|a| format!(" · {a}"))}
                                </p>
                                <p class="small muted">{format!("{} · {}{} · {}", l.office_name, l.reporter_name, l.customer_number.as_ref().map(|n| format!(" ({n})")).unwrap_or_default(), lang.date_time_wib(l.received_at))}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Deadlines d=d.clone() action=deadline/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn DeskFilter(d: ComplaintDesk) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action="/staf/pengaduan" class="filter-form">
            {(!d.offices.is_empty()).then(|| view! {
                <label for="kantor">{lang.t("Kantor", "Office")}</label>
                <select id="kantor" name="kantor">
                    <option value="">{lang.t("Semua kantor", "Every office")}</option>
                    {d.offices.iter().map(|(code, name)| view! { <option value=code.clone() selected=*code == d.office>{name.clone()}</option> }).collect_view()}
                </select>
            })}
            <label for="tahap">{lang.t("Tahap", "Stage")}</label>
            <select id="tahap" name="tahap">
                <option value="">{lang.t("Semua tahap", "Every stage")}</option>
                {Stage::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=d.stage == Some(s)>{label(lang, s.label())}</option> }).collect_view()}
            </select>
            <button type="submit">{lang.t("Tampilkan", "Show")}</button>
        </form>
    }
}

#[component]
fn Deadlines(d: ComplaintDesk, action: ServerAction<SetComplaintDeadline>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel complaint-deadlines">
            <h2>{lang.t("Tenggat per jenis pengaduan", "Deadline per kind of complaint")}</h2>
            <p class="small muted">{lang.t(
                "Jam dihitung terus-menerus; hari kerja tidak menghitung Sabtu, Minggu dan hari libur. Perubahan berlaku untuk pengaduan berikutnya.",
                "Hours run round the clock; working days skip Saturdays, Sundays and holidays. A change applies to complaints filed after it.",
            )}</p>
            <ul>
                {d.deadlines.iter().map(|(category, deadline)| {
                    let (id, en) = category.label();
                    view! {
                        <li data-deadline=category.as_str()>
                            <strong>{lang.t(id, en)}</strong>": "<span class="deadline-text">{deadline_text(lang, *deadline)}</span>
                            {d.may_set_deadlines.then(|| view! { <DeadlineForm csrf=d.csrf.clone() category=*category deadline=*deadline action/> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn DeadlineForm(
    csrf: String,
    category: Category,
    deadline: Deadline,
    action: ServerAction<SetComplaintDeadline>,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("tenggat-{}", category.as_str());
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="category" value=category.as_str()/>
            <label for=id.clone() class="visually-hidden">{lang.t("Jumlah", "Amount")}</label>
            <input id=id name="amount" type="number" min="1" max="720" required value=deadline.amount() class="short-input"/>
            <select name="unit" aria-label=lang.t("Satuan", "Unit")>
                <option value="hours" selected=matches!(deadline, Deadline::Hours(_))>{lang.t("jam", "hours")}</option>
                <option value="working_days" selected=matches!(deadline, Deadline::WorkingDays(_))>{lang.t("hari kerja", "working days")}</option>
            </select>
            <button type="submit" class="secondary">{lang.t("Simpan", "Save")}</button>
        </ActionForm>
    }
}

#[component]
pub fn ComplaintRecordPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let act = ServerAction::<ActOnComplaint>::new();
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let id = move || params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    let record = Resource::new(move || (id(), act.version().get()), |(id, _)| load_complaint_record(id));
    view! {
        <Title text=lang.t("Pengaduan · Petugas", "Complaint · Staff")/>
        <StaffGate let:_ctx>
            <p class="crumbs"><a href="/staf/pengaduan">{lang.t("Pengaduan", "Complaints")}</a></p>
            <FormError error/>
            <Loaded resource=record let:r>
                <Record r act/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn Record(r: ComplaintRecord, act: ServerAction<ActOnComplaint>) -> impl IntoView {
    let lang = use_lang();
    let v = r.view.clone();
    let (cat_id, cat_en) = v.category.label();
    view! {
        <article class="panel complaint-record" data-complaint=v.number.clone() data-stage=v.stage.as_str()>
            <h1>{lang.t("Pengaduan ", "Complaint ")}<span class="code">{v.number.clone()}</span></h1>
            <p><strong class="complaint-stage">{label(lang, v.stage.label())}</strong>
                {r.minutes_left.map(|m| view! { " · "<strong class=if m < 0 { "time-left late" } else { "time-left" }>{time_left(lang, m)}</strong> })}</p>
            <dl class="facts">
                <dt>{lang.t("Jenis", "Kind")}</dt><dd>{lang.t(cat_id, cat_en)}</dd>
                <dt>{lang.t("Kantor", "Office")}</dt><dd>{v.office_name.clone()}</dd>
                <dt>{lang.t("Pelapor", "Reported by")}</dt><dd>{r.reporter_name.clone()}</dd>
                <dt>{lang.t("Nomor HP", "Mobile")}</dt>
                <dd>{format!("+{}", r.phone)}" "{(!r.phone_on_file).then(|| view! { <span class="tag" data-phone-unverified>{lang.t("bukan nomor terdaftar", "not the number on file")}</span> })}</dd>
                {v.customer_number.clone().map(|n| view! { <dt>{lang.t("No. sambungan", "Customer no.")}</dt><dd><a href=format!("/staf/pelanggan/{n}")>{n.clone()}</a></dd> })}
                {v.bill_period.map(|p| view! { <dt>{lang.t("Rekening", "Bill")}</dt><dd>{lang.period(p)}</dd> })}
                <dt>{lang.t("Diterima", "Received")}</dt><dd>{lang.date_time_wib(v.received_at)}</dd>
                <dt>{lang.t("Tenggat", "Due by")}</dt><dd>{lang.date_time_wib(v.due_at)}</dd>
                {r.assignee.clone().map(|a| view! { <dt>{lang.t("Petugas", "Assigned to")}</dt><dd data-assignee>{a}</dd> })}
                {(!v.location.is_empty()).then(|| view! { <dt>{lang.t("Lokasi", "Location")}</dt><dd>{v.location.clone()}</dd> })}
                {r.coordinates.clone().map(|(lat, lon)| view! {
                    <dt>{lang.t("Titik", "Position")}</dt>
                    <dd><a href=format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}") rel="noopener" target="_blank">{format!("{lat}, {lon}")}</a></dd>
                })}
            </dl>
            <p class="complaint-text">{v.description.clone()}</p>
            {v.has_photo.then(|| view! {
                <img class="complaint-photo" src=format!("/staf/pengaduan/{}/foto", r.id) alt=lang.t("Foto dari pelapor", "Photo from the reporter") loading="lazy"/>
            })}
            {r.correction_link.clone().map(|href| view! {
                <p class="alert">{lang.t("Bila pengaduan tagihan ini benar, koreksi angka meternya di halaman pelanggan: tagihan dihitung ulang (atau selisihnya dibawa ke tagihan berikutnya bila sudah lunas).", "If this bill complaint is upheld, correct the reading on the customer's page: the bill is computed again (or, when paid, the difference goes to the next bill).")}" "
                <a href=href data-correction>{lang.t("Koreksi angka meter", "Correct the reading")}</a></p>
            })}
            <h2>{lang.t("Riwayat", "History")}</h2>
            <ol class="complaint-steps">
                {v.events.iter().map(|e| view! {
                    <li data-step=e.step.as_str()>
                        <span class="small muted">{lang.date_time_wib(e.at)}</span>" "{label(lang, e.step.label())}
                        {e.by.clone().map(|b| format!(" · {b}"))}
                        {e.assignee.clone().map(|a| format!(" → {a}"))}
                        {(!e.note.is_empty()).then(|| view! { <q class="complaint-note">{e.note.clone()}</q> })}
                    </li>
                }).collect_view()}
            </ol>
            <Steps r=r.clone() act/>
        </article>
    }
}

#[component]
fn Steps(r: ComplaintRecord, act: ServerAction<ActOnComplaint>) -> impl IntoView {
    let lang = use_lang();
    let (csrf, id) = (r.csrf.clone(), r.id);
    let form = |step: Step, body: AnyView, button: &'static str, class: &'static str| {
        step_form(act, csrf.clone(), id, step, body, button, class)
    };
    let note = move |id: &'static str, text: &'static str, required: bool| {
        view! {
            <label for=id>{text}</label>
            <textarea id=id name="note" rows="2" maxlength=NOTE_MAX required=required></textarea>
        }
        .into_any()
    };
    let assignable = r.assignable.clone();
    r.steps
        .iter()
        .map(|step| match step {
            Step::Verify => form(*step, ().into_any(), lang.t("Verifikasi", "Verify"), ""),
            Step::Start => form(*step, ().into_any(), lang.t("Mulai dikerjakan", "Start work"), ""),
            Step::Assign => form(
                *step,
                view! {
                    <label for="c-assignee">{lang.t("Tugaskan kepada", "Assign to")}</label>
                    <select id="c-assignee" name="assignee" required>
                        {assignable.iter().map(|(id, name)| view! { <option value=*id>{name.clone()}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
                lang.t("Tugaskan", "Assign"),
                "",
            ),
            Step::Resolve => form(
                *step,
                note("c-resolve", lang.t("Apa yang sudah dikerjakan (dibaca pelanggan)", "What was done (the customer reads it)"), true),
                lang.t("Tandai selesai", "Mark resolved"),
                "",
            ),
            Step::Reject => form(
                *step,
                note("c-reject", lang.t("Alasan penolakan (dibaca pelanggan)", "Reason for rejecting (the customer reads it)"), true),
                lang.t("Tolak pengaduan", "Reject the complaint"),
                "secondary",
            ),
            _ => form(
                *step,
                note("c-note", lang.t("Catatan internal (tidak dibaca pelanggan)", "Internal note (the customer does not see it)"), true),
                lang.t("Tambah catatan", "Add the note"),
                "secondary",
            ),
        })
        .collect_view()
}

fn step_form(
    act: ServerAction<ActOnComplaint>,
    csrf: String,
    id: i64,
    step: Step,
    body: AnyView,
    button: &'static str,
    class: &'static str,
) -> impl IntoView {
    view! {
        <ActionForm action=act attr:class="complaint-step" attr:data-step=step.as_str()>
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="step" value=step.as_str()/>
            {body}
            <button type="submit" class=class>{button}</button>
        </ActionForm>
    }
}

#[component]
pub fn ComplaintReportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let office = move || query.read().get("kantor").unwrap_or_default();
    let month = move || query.read().get("bulan").unwrap_or_default();
    let report = Resource::new(move || (office(), month()), |(o, m)| load_complaint_report(o, m));
    view! {
        <Title text=lang.t("Laporan pengaduan · Petugas", "Complaint report · Staff")/>
        <StaffGate let:_ctx>
            <p class="crumbs"><a href="/staf/pengaduan">{lang.t("Pengaduan", "Complaints")}</a></p>
            <h1>{lang.t("Laporan pengaduan bulanan", "Monthly complaint report")}</h1>
            <Loaded resource=report let:r>
                <form method="get" action="/staf/pengaduan/laporan" class="filter-form">
                    <label for="bulan">{lang.t("Bulan", "Month")}</label>
                    <input id="bulan" name="bulan" type="month" value=r.month.to_string()/>
                    {(!r.offices.is_empty()).then(|| view! {
                        <label for="kantor">{lang.t("Kantor", "Office")}</label>
                        <select id="kantor" name="kantor">
                            <option value="">{lang.t("Semua kantor", "Every office")}</option>
                            {r.offices.iter().map(|(code, name)| view! { <option value=code.clone() selected=*code == r.office>{name.clone()}</option> }).collect_view()}
                        </select>
                    })}
                    <button type="submit">{lang.t("Tampilkan", "Show")}</button>
                </form>
                <section class="panel">
                    <h2>{if r.office_name.is_empty() { lang.t("Semua kantor", "Every office").to_string() } else { r.office_name.clone() }}" · "{lang.period(r.month)}</h2>
                    <p class="small muted">{lang.t("Indikator nasional: paling sedikit 80% pengaduan selesai dalam tenggat.", "National indicator: at least 80% of complaints resolved within the deadline.")}</p>
                    <div class="table-scroll"><table class="report-table complaint-report">
                        <thead><tr>
                            <th>{lang.t("Jenis", "Kind")}</th><th class="num">{lang.t("Diterima", "Received")}</th>
                            <th class="num">{lang.t("Selesai", "Resolved")}</th><th class="num">{lang.t("Tepat waktu", "In time")}</th>
                            <th class="num">{lang.t("Median", "Median")}</th>
                        </tr></thead>
                        <tbody>{r.lines.iter().map(|l| view! { <ReportRow l=l.clone()/> }).collect_view()}</tbody>
                    </table></div>
                    <p><a class="button button-outline" href=format!("/staf/pengaduan/laporan.csv?bulan={}&kantor={}", r.month, percent_encode(&r.office)) download>{lang.t("Unduh CSV", "Download CSV")}</a></p>
                </section>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn ReportRow(l: ReportLine) -> impl IntoView {
    let lang = use_lang();
    let kind = l.category.map(|c| label(lang, c.label())).unwrap_or(lang.t("Semua jenis", "Every kind"));
    let percent = l.within_permille.map(|p| match lang {
        Lang::Id => format!("{},{}%", p / 10, p % 10),
        Lang::En => format!("{}.{}%", p / 10, p % 10),
    });
    let meets = l.within_permille.map(|p| p >= INDICATOR_PERMILLE);
    let median = l
        .median_minutes
        .map(|m| time_left(lang, m).replace("sisa ", "").replace(" left", ""))
        .unwrap_or_else(|| "—".into());
    view! {
        <tr data-category=l.category.map(|c| c.as_str()).unwrap_or("all") data-meets=meets.map(|m| m.to_string()).unwrap_or_default()>
            <td>{kind}</td><td class="num">{l.received}</td><td class="num">{l.resolved}</td>
            <td class="num">{format!("{} ({})", l.within_deadline, percent.unwrap_or_else(|| "—".into()))}</td>
            <td class="num">{median}</td>
        </tr>
    }
}
