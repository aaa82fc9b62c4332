//! Complaints for customers: the form (with a photo, from the bill page or an office's page),
//! and the complaint's private page, where it is followed stage by stage and, once resolved,
//! confirmed or reopened. Both are whole without JavaScript.

use crate::api::complaints::{follow_complaint, ComplaintView, ConfirmComplaint, ReopenComplaint, PHOTO_MAX_MB};
use crate::api::offices::list_offices;
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::complaint::{Category, Stage, DESCRIPTION_MAX, DESCRIPTION_MIN, LOCATION_MAX, NAME_MAX};
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// How long a deadline is, in words.
pub fn deadline_text(lang: Lang, deadline: crate::domain::complaint::Deadline) -> String {
    use crate::domain::complaint::Deadline;
    match (lang, deadline) {
        (Lang::Id, Deadline::Hours(h)) => format!("{h} jam"),
        (Lang::En, Deadline::Hours(h)) => format!("{h} hours"),
        (Lang::Id, Deadline::WorkingDays(d)) => format!("{d} hari kerja"),
        (Lang::En, Deadline::WorkingDays(d)) => format!("{d} working days"),
    }
}

#[component]
pub fn ComplaintFormPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let field = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let error = field("galat");
    let error = (!error.is_empty())
        .then(|| crate::model::form_errors::form_error(&error).unwrap_or(crate::error::AppError::BadRequest));
    if let Some(e) = &error {
        e.apply_to_response();
    }
    let had_photo = !field("foto").is_empty();
    let chosen = field("jenis");
    let office = field("kantor");
    let offices = Resource::new(|| (), |_| list_offices());
    let error = Signal::derive(move || error.clone());
    view! {
        <Title text=lang.t("Pengaduan · Tirta", "Complaint · Tirta")/>
        <h1>{lang.t("Sampaikan pengaduan", "Make a complaint")}</h1>
        <p class="muted">{lang.t(
            "Anda akan mendapat nomor pengaduan dan tautan pribadi untuk mengikuti penanganannya. Simpan tautan itu.",
            "You get a complaint number and a private link to follow it. Keep the link.",
        )}</p>
        <FormError error/>
        {had_photo.then(|| view! {
            <p class="alert" role="status" data-photo-again="1">{lang.t(
                "Foto belum terkirim: pilih fotonya lagi.",
                "The photo was not sent: choose it again.",
            )}</p>
        })}
        <section class="panel"><form class="complaint-form" method="post" action="/pengaduan/kirim" enctype="multipart/form-data">
            <label for="c-jenis">{lang.t("Jenis pengaduan", "Kind of complaint")}</label>
            <select id="c-jenis" name="jenis" required>
                {Category::ALL.into_iter().map(|c| {
                    let (id, en) = c.label();
                    view! { <option value=c.as_str() selected=chosen == c.as_str()>{lang.t(id, en)}</option> }
                }).collect_view()}
            </select>
            <label for="c-no">{lang.t("Nomor sambungan", "Customer number")}</label>
            <input id="c-no" name="no" inputmode="numeric" autocomplete="off" maxlength="20" value=field("no")/>
            <p class="small muted">{lang.t(
                "Wajib, kecuali untuk pipa bocor di jalan dan kualitas air: itu boleh dilaporkan siapa saja.",
                "Required, except for a leak in the street or water quality: anyone may report those.",
            )}</p>
            <label for="c-kantor">{lang.t("Kantor unit (bila tanpa nomor sambungan)", "Unit office (without a customer number)")}</label>
            <Loaded resource=offices let:list>
                <select id="c-kantor" name="kantor">
                    <option value="">{lang.t("— pilih kantor terdekat —", "— choose the nearest office —")}</option>
                    {list.into_iter().map(|o| {
                        let selected = o.code == office;
                        view! { <option value=o.code.clone() selected=selected>{o.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </Loaded>
            <label for="c-nama">{lang.t("Nama Anda", "Your name")}</label>
            <input id="c-nama" name="nama" required maxlength=NAME_MAX autocomplete="name" value=field("nama")/>
            <label for="c-hp">{lang.t("Nomor HP", "Mobile number")}</label>
            <input id="c-hp" name="hp" type="tel" required inputmode="tel" autocomplete="tel" placeholder="08…" value=field("hp")/>
            <label for="c-periode">{lang.t("Rekening bulan (untuk pengaduan tagihan)", "Bill of the month (for a bill complaint)")}</label>
            <input id="c-periode" name="periode" type="month" value=field("periode")/>
            <label for="c-uraian">{lang.t("Ceritakan masalahnya", "Tell us what is wrong")}</label>
            <textarea id="c-uraian" name="uraian" required minlength=DESCRIPTION_MIN maxlength=DESCRIPTION_MAX rows="5">{field("uraian")}</textarea>
            <label for="c-lokasi">{lang.t("Lokasi atau patokan (boleh kosong)", "Location or landmark (optional)")}</label>
            <input id="c-lokasi" name="lokasi" maxlength=LOCATION_MAX value=field("lokasi")/>
            <label for="c-foto">{lang.t("Foto (boleh kosong)", "Photo (optional)")}</label>
            <input id="c-foto" name="foto" type="file" accept="image/jpeg,image/png,image/webp"/>
            <p class="small muted">{match lang {
                Lang::Id => format!("JPEG, PNG atau WebP, paling besar {PHOTO_MAX_MB} MB. Data lokasi di dalam foto dihapus sebelum disimpan."),
                Lang::En => format!("JPEG, PNG or WebP, at most {PHOTO_MAX_MB} MB. Location data inside the photo is removed before it is kept."),
            }}</p>
            <button type="submit">{lang.t("Kirim pengaduan", "Send the complaint")}</button>
        </form></section>
    }
}

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let params = use_params_map();
    let complaint = Resource::new(move || params.read().get("token").unwrap_or_default(), follow_complaint);
    view! {
        <Loaded resource=complaint let:c>
            <Complaint c/>
        </Loaded>
    }
}

#[component]
fn Complaint(c: ComplaintView) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let is_new = query.with_untracked(|q| q.get("baru").is_some());
    let confirm = ServerAction::<ConfirmComplaint>::new();
    let reopen = ServerAction::<ReopenComplaint>::new();
    let error = Signal::derive(move || {
        confirm.value().get().and_then(Result::err).or_else(|| reopen.value().get().and_then(Result::err))
    });
    let (cat_id, cat_en) = c.category.label();
    let (stage_id, stage_en) = c.stage.label();
    let (say_id, say_en) = c.stage.sentence();
    let link = format!("/pengaduan/{}", c.token);
    let (confirm_token, reopen_token) = (c.token.clone(), c.token.clone());
    view! {
        <Title text=format!("{} {} · Tirta", lang.t("Pengaduan", "Complaint"), c.number)/>
        <article class="panel complaint" data-stage=c.stage.as_str() data-complaint=c.number.clone()>
            {is_new.then(|| view! {
                <p class="alert alert-success" role="status">{lang.t(
                    "Pengaduan Anda terkirim. Simpan atau tandai halaman ini: hanya tautan ini yang membukanya.",
                    "Your complaint was sent. Keep or bookmark this page: only this link opens it.",
                )}</p>
            })}
            <h1>{lang.t("Pengaduan ", "Complaint ")}<span class="code">{c.number.clone()}</span></h1>
            <p class="complaint-stage"><strong>{lang.t(stage_id, stage_en)}</strong></p>
            <p>{lang.t(say_id, say_en)}</p>
            <dl class="facts">
                <dt>{lang.t("Jenis", "Kind")}</dt><dd>{lang.t(cat_id, cat_en)}</dd>
                <dt>{lang.t("Kantor", "Office")}</dt><dd>{c.office_name.clone()}</dd>
                {c.customer_number.clone().map(|n| view! { <dt>{lang.t("No. sambungan", "Customer no.")}</dt><dd>{n}</dd> })}
                {c.bill_period.map(|p| view! { <dt>{lang.t("Rekening", "Bill")}</dt><dd>{lang.period(p)}</dd> })}
                <dt>{lang.t("Diterima", "Received")}</dt><dd>{lang.date_time_wib(c.received_at)}</dd>
                {c.stage.is_open().then(|| view! {
                    <dt>{lang.t("Target selesai", "Due by")}</dt><dd data-due>{lang.date_time_wib(c.due_at)}</dd>
                })}
                {(!c.location.is_empty()).then(|| view! { <dt>{lang.t("Lokasi", "Location")}</dt><dd>{c.location.clone()}</dd> })}
            </dl>
            <p class="complaint-text">{c.description.clone()}</p>
            {c.has_photo.then(|| view! {
                <img class="complaint-photo" src=format!("{link}/foto") alt=lang.t("Foto yang Anda kirim", "The photo you sent") loading="lazy"/>
            })}
            <h2>{lang.t("Perjalanan pengaduan", "What happened so far")}</h2>
            <ol class="complaint-steps">
                <li data-step="received">
                    <span class="small muted">{lang.date_time_wib(c.received_at)}</span>" "
                    {lang.t("Pengaduan diterima", "Complaint received")}
                </li>
                {c.events.iter().map(|e| {
                    let (id, en) = e.step.label();
                    view! {
                        <li data-step=e.step.as_str()>
                            <span class="small muted">{lang.date_time_wib(e.at)}</span>" "{lang.t(id, en)}
                            {(!e.note.is_empty()).then(|| view! { <q class="complaint-note">{e.note.clone()}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <FormError error/>
            {(c.stage == Stage::Resolved).then(|| view! {
                <section class="complaint-answer">
                    <h2>{lang.t("Apakah masalahnya sudah beres?", "Is the problem solved?")}</h2>
                    {c.closes_at.map(|t| view! {
                        <p class="small muted">{format!("{} {}", lang.t("Bila tidak ada jawaban, pengaduan ini ditutup otomatis pada", "Without an answer, this complaint closes by itself on"), lang.date_time_wib(t))}</p>
                    })}
                    <ActionForm action=confirm>
                        <input type="hidden" name="token" value=confirm_token/>
                        <button type="submit">{lang.t("Sudah beres, tutup pengaduan", "Solved: close the complaint")}</button>
                    </ActionForm>
                    <ActionForm action=reopen>
                        <input type="hidden" name="token" value=reopen_token/>
                        <label for="c-reason">{lang.t("Belum beres? Ceritakan apa yang masih terjadi", "Not solved? Tell us what is still wrong")}</label>
                        <textarea id="c-reason" name="reason" required rows="3" maxlength="1000"></textarea>
                        <button type="submit" class="button-outline">{lang.t("Belum beres, minta ditangani lagi", "Not solved: ask for more work")}</button>
                    </ActionForm>
                </section>
            })}
            <p class="small muted">{lang.t("Tautan pribadi pengaduan ini: ", "This complaint's private link: ")}<code class="complaint-link">{link.clone()}</code></p>
        </article>
    }
}
