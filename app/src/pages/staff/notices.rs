use super::StaffGate;
use crate::api::notices::{
    load_notice_desk, NoticeDesk, NoticeView, PublishAnnouncement, PublishNotice, UpdateNotice, WithdrawAnnouncement,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::components::notice_board::{kind_label, severity_label, status_label, AnnouncementCard, NoticeCard};
use crate::domain::notice::{NoticeKind, Severity, BODY_MAX, MITIGATION_MAX, TITLE_MAX};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where supervisors and administrators publish and update notices and announcements.
#[component]
pub fn NoticeDeskPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Gangguan & pengumuman · Petugas", "Notices · Staff")/>
        <StaffGate let:_ctx>
            <DeskLoader/>
        </StaffGate>
    }
}

#[component]
fn DeskLoader() -> impl IntoView {
    let publish = ServerAction::<PublishNotice>::new();
    let update = ServerAction::<UpdateNotice>::new();
    let announce = ServerAction::<PublishAnnouncement>::new();
    let withdraw = ServerAction::<WithdrawAnnouncement>::new();
    let desk = Resource::new(
        move || (publish.version().get(), update.version().get(), announce.version().get(), withdraw.version().get()),
        |_| load_notice_desk(),
    );
    view! {
        <Loaded resource=desk let:desk>
            <Desk desk publish update announce withdraw/>
        </Loaded>
    }
}

#[component]
fn Desk(
    desk: NoticeDesk,
    publish: ServerAction<PublishNotice>,
    update: ServerAction<UpdateNotice>,
    announce: ServerAction<PublishAnnouncement>,
    withdraw: ServerAction<WithdrawAnnouncement>,
) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let published = move || query.read().get("terbit").is_some();
    let publish_error = Signal::derive(move || publish.value().get().and_then(Result::err));
    let update_error = Signal::derive(move || update.value().get().and_then(Result::err));
    let announce_error = Signal::derive(move || announce.value().get().and_then(Result::err));
    let csrf = desk.csrf.clone();
    let (csrf_publish, csrf_open, csrf_announce) = (csrf.clone(), csrf.clone(), csrf.clone());
    let mut index = 0usize;
    let area_choices = desk
        .offices
        .iter()
        .map(|office| {
            let districts = office
                .districts
                .iter()
                .map(|d| {
                    let whole = index;
                    index += 1;
                    let villages = d
                        .villages
                        .iter()
                        .map(|v| {
                            let i = index;
                            index += 1;
                            view! {
                                <label class="check"><input type="checkbox" name=format!("form[areas][{i}]") value=format!("{}|{}", d.name, v)/>{v.clone()}</label>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="area-district">
                            <label class="check strong"><input type="checkbox" name=format!("form[areas][{whole}]") value=format!("{}|", d.name)/>
                                {lang.t("Seluruh Kec. ", "All of ")}{d.name.clone()}</label>
                            <div class="area-villages">{villages}</div>
                        </div>
                    }
                })
                .collect_view();
            view! { <fieldset class="areas-of-office"><legend>{office.name.clone()}</legend>{districts}</fieldset> }
        })
        .collect_view();
    let office_options =
        desk.offices.iter().map(|o| view! { <option value=o.code.clone()>{o.name.clone()}</option> }).collect_view();
    let office_options_2 =
        desk.offices.iter().map(|o| view! { <option value=o.code.clone()>{o.name.clone()}</option> }).collect_view();
    let all_offices = desk.may_publish_for_all;
    view! {
        <h1>{lang.t("Gangguan & pengumuman", "Notices & announcements")}</h1>
        {move || published().then(|| view! { <p class="alert alert-success" role="status" data-published="1">{lang.t("Pemberitahuan diterbitkan dan tampil di portal.", "Notice published: it is on the portal now.")}</p> })}
        <section class="panel">
            <h2>{lang.t("Terbitkan pemberitahuan gangguan", "Publish a disruption notice")}</h2>
            <FormError error=publish_error/>
            <ActionForm action=publish attr:class="notice-form">
                <input type="hidden" name="form[csrf]" value=csrf_publish/>
                <label for="kind">{lang.t("Jenis", "Kind")}</label>
                <select id="kind" name="form[kind]">
                    {NoticeKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{kind_label(lang, k)}</option> }).collect_view()}
                </select>
                <label for="severity">{lang.t("Tingkat", "Severity")}</label>
                <select id="severity" name="form[severity]">
                    {Severity::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=s == Severity::Warning>{severity_label(lang, s)}</option> }).collect_view()}
                </select>
                <label for="office">{lang.t("Kantor", "Office")}</label>
                <select id="office" name="form[office]">
                    {office_options}
                    {all_offices.then(|| view! { <option value="">{lang.t("Semua kantor unit", "Every unit office")}</option> })}
                </select>
                <label for="title">{lang.t("Judul", "Title")}</label>
                <input id="title" name="form[title]" required maxlength=TITLE_MAX/>
                <label for="body">{lang.t("Isi pemberitahuan", "Text")}</label>
                <textarea id="body" name="form[body]" rows="4" required maxlength=BODY_MAX></textarea>
                <div class="form-row">
                    <div><label for="starts_at">{lang.t("Mulai (WIB, kosong = sekarang)", "Start (WIB, empty = now)")}</label>
                    <input id="starts_at" name="form[starts_at]" type="datetime-local"/></div>
                    <div><label for="ends_at">{lang.t("Selesai (wajib untuk pekerjaan terjadwal)", "End (required for planned work)")}</label>
                    <input id="ends_at" name="form[ends_at]" type="datetime-local"/></div>
                </div>
                <div class="form-row">
                    <div><label for="repair_eta">{lang.t("Perkiraan perbaikan selesai", "Repair estimate")}</label>
                    <input id="repair_eta" name="form[repair_eta]" type="datetime-local"/></div>
                    <div><label for="flow_eta">{lang.t("Perkiraan air normal kembali", "Water back to normal")}</label>
                    <input id="flow_eta" name="form[flow_eta]" type="datetime-local"/></div>
                </div>
                <label for="mitigation">{lang.t("Bantuan air (jadwal tangki, titik air)", "Water supply help (tankers, water points)")}</label>
                <textarea id="mitigation" name="form[mitigation]" rows="2" maxlength=MITIGATION_MAX></textarea>
                <details class="area-picker">
                    <summary>{lang.t("Wilayah terdampak (kosong = seluruh wilayah kantor)", "Areas affected (none = the office's whole area)")}</summary>
                    {area_choices}
                </details>
                <button type="submit">{lang.t("Terbitkan", "Publish")}</button>
            </ActionForm>
        </section>
        <section>
            <h2>{lang.t("Sedang berlangsung", "Open now")}</h2>
            <FormError error=update_error/>
            {desk.notices.is_empty().then(|| view! { <p class="muted">{lang.t("Tidak ada gangguan terbuka.", "No open notices.")}</p> })}
            {desk.notices.into_iter().map(|n| view! { <OpenNotice notice=n csrf=csrf_open.clone() update/> }).collect_view()}
        </section>
        <section class="panel">
            <h2>{lang.t("Pengumuman", "Announcements")}</h2>
            <FormError error=announce_error/>
            <ActionForm action=announce attr:class="announcement-form">
                <input type="hidden" name="csrf" value=csrf_announce/>
                <label for="a_office">{lang.t("Kantor", "Office")}</label>
                <select id="a_office" name="office">
                    {office_options_2}
                    {all_offices.then(|| view! { <option value="">{lang.t("Semua kantor unit", "Every unit office")}</option> })}
                </select>
                <label for="a_title">{lang.t("Judul", "Title")}</label>
                <input id="a_title" name="title" required maxlength=TITLE_MAX/>
                <label for="a_body">{lang.t("Isi", "Text")}</label>
                <textarea id="a_body" name="body" rows="3" required maxlength=BODY_MAX></textarea>
                <div class="form-row">
                    <div><label for="a_starts">{lang.t("Tampil mulai (kosong = sekarang)", "Shown from (empty = now)")}</label>
                    <input id="a_starts" name="starts_at" type="datetime-local"/></div>
                    <div><label for="a_ends">{lang.t("Tampil sampai", "Shown until")}</label>
                    <input id="a_ends" name="ends_at" type="datetime-local" required/></div>
                </div>
                <label class="check"><input type="checkbox" name="pinned" value="1"/>{lang.t("Sematkan di atas", "Pin to the top")}</label>
                <button type="submit">{lang.t("Terbitkan pengumuman", "Publish announcement")}</button>
            </ActionForm>
            {desk.announcements.into_iter().map(|a| {
                let id = a.id;
                let csrf = csrf.clone();
                view! {
                    <AnnouncementCard announcement=a/>
                    <ActionForm action=withdraw attr:class="inline-form">
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button-outline">{lang.t("Tarik pengumuman", "Withdraw")}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn OpenNotice(notice: NoticeView, csrf: String, update: ServerAction<UpdateNotice>) -> impl IntoView {
    let lang = use_lang();
    let id = notice.id;
    let choices = notice.status.next_choices();
    let flow_field = format!("flow-{id}");
    let repair_field = format!("repair-{id}");
    let status_field = format!("status-{id}");
    let message_field = format!("message-{id}");
    view! {
        <div class="open-notice">
            <NoticeCard notice detailed=true/>
            <ActionForm action=update attr:class="update-form">
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="id" value=id/>
                <label for=status_field.clone()>{lang.t("Status baru", "New status")}</label>
                <select id=status_field name="status">
                    {choices.into_iter().map(|s| view! { <option value=s.as_str()>{status_label(lang, s)}</option> }).collect_view()}
                </select>
                <label for=message_field.clone()>{lang.t("Keterangan untuk pelanggan", "Message for customers")}</label>
                <input id=message_field name="message" maxlength="1000"/>
                <div class="form-row">
                    <div><label for=repair_field.clone()>{lang.t("Perkiraan perbaikan selesai", "Repair estimate")}</label>
                    <input id=repair_field name="repair_eta" type="datetime-local"/></div>
                    <div><label for=flow_field.clone()>{lang.t("Perkiraan air normal", "Water back to normal")}</label>
                    <input id=flow_field name="flow_eta" type="datetime-local"/></div>
                </div>
                <button type="submit">{lang.t("Perbarui", "Update")}</button>
            </ActionForm>
        </div>
    }
}
