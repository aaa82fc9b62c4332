//! Administrators: the unit offices. An office is added by its code and name; then its details,
//! weekly hours, the villages it serves, its queue services and its counters are kept here.

use super::StaffGate;
use crate::api::offices::{
    load_office_desk, load_office_settings, AddCounter, AddOffice, CounterSetting, OfficeSettings, SaveCounter,
    SaveOfficeAreas, SaveOfficeDetails, SaveOfficeHours, SaveQueueService, ServiceSetting,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn OfficeDeskPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddOffice>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let desk = Resource::new(|| (), |_| load_office_desk());
    view! {
        <Title text=lang.t("Kantor unit · Petugas", "Unit offices · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Kantor unit", "Unit offices")}</h1>
            <FormError error/>
            <Loaded resource=desk let:d>
                <ul class="staff-list">
                    {d.offices.iter().map(|o| view! {
                        <li class="panel" data-office=o.code.clone()>
                            <a href=format!("/staf/kantor/{}", o.code)><strong>{o.code.clone()}" · "{o.name.clone()}</strong></a>
                            <br/><span class="small">{format!(
                                "{} {} · {} {} · {} {}",
                                o.villages, lang.t("desa", "villages"),
                                o.counters, lang.t("loket", "counters"),
                                o.services, lang.t("layanan antrean", "queue services"),
                            )}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <section class="panel">
                    <h2>{lang.t("Tambah kantor unit", "Add a unit office")}</h2>
                    <ActionForm action=add>
                        <input type="hidden" name="csrf" value=d.csrf.clone()/>
                        <label for="office-code">{lang.t("Kode kantor (1–4 angka, awal nomor pelanggannya)", "Office code (1–4 digits, as its customer numbers start)")}</label>
                        <input id="office-code" name="code" required maxlength="4" inputmode="numeric" pattern="[0-9]{1,4}"/>
                        <label for="office-name">{lang.t("Nama kantor", "Office name")}</label>
                        <input id="office-name" name="name" required maxlength="80"/>
                        <button type="submit">{lang.t("Tambah kantor", "Add the office")}</button>
                    </ActionForm>
                </section>
            </Loaded>
        </StaffGate>
    }
}

#[component]
pub fn OfficeSettingsPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let settings = Resource::new(move || params.read().get("code").unwrap_or_default(), load_office_settings);
    view! {
        <Title text=lang.t("Kantor unit · Petugas", "Unit offices · Staff")/>
        <StaffGate let:_ctx>
            <p><a href="/staf/kantor">{lang.t("← Kantor unit", "← Unit offices")}</a></p>
            <Loaded resource=settings let:s>
                <SettingsView s/>
            </Loaded>
        </StaffGate>
    }
}

#[component]
fn SettingsView(s: OfficeSettings) -> impl IntoView {
    let lang = use_lang();
    let details = ServerAction::<SaveOfficeDetails>::new();
    let hours = ServerAction::<SaveOfficeHours>::new();
    let areas = ServerAction::<SaveOfficeAreas>::new();
    let service = ServerAction::<SaveQueueService>::new();
    let add_counter = ServerAction::<AddCounter>::new();
    let counter = ServerAction::<SaveCounter>::new();
    let error = Signal::derive(move || {
        [
            details.value().get(),
            hours.value().get(),
            areas.value().get(),
            service.value().get(),
            add_counter.value().get(),
            counter.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    let saved = use_query_map().read_untracked().get("disimpan").is_some();
    let o = s.office.clone();
    let (csrf, code) = (s.csrf.clone(), o.code.clone());
    // Each form carries the session's token and the office's code.
    let hidden = || {
        view! {
            <input type="hidden" name="csrf" value=csrf.clone()/>
            <input type="hidden" name="code" value=code.clone()/>
        }
    };
    let [for_details, for_hours, for_areas, for_service, for_counter] = std::array::from_fn(|_| hidden());
    let day_rows = (1..=7u8)
        .map(|weekday| {
            let day = o.hours.days.iter().find(|d| d.weekday == weekday);
            let time = |t: Option<chrono::NaiveTime>| t.map(|t| lang.time(t)).unwrap_or_default();
            let i = weekday - 1;
            view! {
                <tr>
                    <th scope="row">{lang.weekday(weekday)}</th>
                    <td><input name=format!("week[days][{i}][opens]") aria-label=format!("{} {}", lang.t("Buka", "Opens"), lang.weekday(weekday))
                        value=time(day.map(|d| d.opens)) inputmode="numeric" maxlength="5" size="5" placeholder="07.30"/></td>
                    <td><input name=format!("week[days][{i}][closes]") aria-label=format!("{} {}", lang.t("Tutup", "Closes"), lang.weekday(weekday))
                        value=time(day.map(|d| d.closes)) inputmode="numeric" maxlength="5" size="5" placeholder="15.30"/></td>
                </tr>
            }
        })
        .collect_view();
    let services = s.services.clone();
    view! {
        <h1>{o.code.clone()}" · "{o.name.clone()}</h1>
        <p><a href=format!("/kantor/{}", o.code)>{lang.t("Halaman kantor untuk pelanggan", "The office's page for customers")}</a></p>
        {saved.then(|| view! { <p class="alert alert-success" role="status">{lang.t("Perubahan disimpan.", "Change saved.")}</p> })}
        <FormError error/>
        <section class="panel">
            <h2>{lang.t("Data kantor", "Details")}</h2>
            <ActionForm action=details>
                {for_details}
                <label for="office-name">{lang.t("Nama kantor", "Office name")}</label>
                <input id="office-name" name="office[name]" required maxlength="80" value=o.name.clone()/>
                <label for="office-address">{lang.t("Alamat", "Address")}</label>
                <input id="office-address" name="office[address]" required maxlength="200" value=o.address.clone()/>
                <label for="office-phone">{lang.t("Telepon kantor", "Office phone")}</label>
                <input id="office-phone" name="office[phone]" type="tel" required maxlength="40" value=o.phone.clone()/>
                <label for="hours-note">{lang.t("Keterangan jam buka (mis. istirahat)", "Opening hours note (e.g. breaks)")}</label>
                <input id="hours-note" name="office[hours_note]" maxlength="200" value=o.hours_note.clone()/>
                <label for="hours-note-en">{lang.t("Keterangan jam buka (Inggris)", "Opening hours note (English)")}</label>
                <input id="hours-note-en" name="office[hours_note_en]" maxlength="200" value=o.hours_note_en.clone()/>
                <button type="submit">{lang.t("Simpan data kantor", "Save the details")}</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>{lang.t("Jam buka", "Opening hours")}</h2>
            <p class="small muted">{lang.t(
                "Jam WIB. Kosongkan jam buka dan tutup untuk hari libur kantor. Tiket antrean daring hanya diambil saat kantor buka.",
                "WIB. Leave both times empty on a day the office is closed. Online queue tickets are taken only while it is open.",
            )}</p>
            <ActionForm action=hours>
                {for_hours}
                <table class="hours-form">
                    <thead><tr><th>{lang.t("Hari", "Day")}</th><th>{lang.t("Buka", "Opens")}</th><th>{lang.t("Tutup", "Closes")}</th></tr></thead>
                    <tbody>{day_rows}</tbody>
                </table>
                <button type="submit">{lang.t("Simpan jam buka", "Save the hours")}</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>{lang.t("Desa yang dilayani", "Villages served")}</h2>
            <ActionForm action=areas>
                {for_areas}
                <label for="office-areas">{lang.t(
                    "Satu kecamatan per baris: \"Kecamatan: Desa, Desa\"",
                    "One district a line: \"District: village, village\"",
                )}</label>
                <textarea id="office-areas" name="areas" rows="6" required>{s.areas.clone()}</textarea>
                <button type="submit">{lang.t("Simpan desa", "Save the villages")}</button>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>{lang.t("Layanan antrean", "Queue services")}</h2>
            <ul class="staff-list">
                {s.services.iter().cloned().map(|svc| view! {
                    <ServiceRow svc csrf=s.csrf.clone() code=o.code.clone() action=service/>
                }).collect_view()}
            </ul>
            <details>
                <summary>{lang.t("Tambah layanan", "Add a service")}</summary>
                <ActionForm action=service>
                    {for_service}
                    <ServiceFields key="new".into() svc=None/>
                    <button type="submit">{lang.t("Tambah layanan", "Add the service")}</button>
                </ActionForm>
            </details>
        </section>
        <section class="panel">
            <h2>{lang.t("Loket", "Counters")}</h2>
            <ul class="staff-list">
                {s.counters.iter().cloned().map(|c| view! {
                    <CounterRow c services=services.clone() csrf=s.csrf.clone() code=o.code.clone() action=counter/>
                }).collect_view()}
            </ul>
            <ActionForm action=add_counter>
                {for_counter}
                <button type="submit" class="button-outline">{lang.t("Tambah loket", "Add a counter")}</button>
            </ActionForm>
        </section>
    }
}

/// The fields of a queue service; `key` keeps their ids apart on the page.
#[component]
fn ServiceFields(key: String, svc: Option<ServiceSetting>) -> impl IntoView {
    let lang = use_lang();
    let id = |f: &str| format!("service-{key}-{f}");
    let svc_ = svc.clone();
    let value = move |f: fn(&ServiceSetting) -> String| svc_.as_ref().map(f).unwrap_or_default();
    view! {
        {svc.as_ref().map(|s| view! { <input type="hidden" name="service[id]" value=s.id/> })}
        <label for=id("prefix")>{lang.t("Huruf tiket", "Ticket letter")}</label>
        <input id=id("prefix") name="service[prefix]" required maxlength="1" size="2" pattern="[A-Za-z]" value=value(|s| s.prefix.clone())/>
        <label for=id("name")>{lang.t("Nama layanan", "Service name")}</label>
        <input id=id("name") name="service[name_id]" required maxlength="60" value=value(|s| s.name_id.clone())/>
        <label for=id("name-en")>{lang.t("Nama layanan (Inggris)", "Service name (English)")}</label>
        <input id=id("name-en") name="service[name_en]" maxlength="60" value=value(|s| s.name_en.clone())/>
        <label class="check">
            <input type="checkbox" name="service[active]" value="1" checked=svc.as_ref().is_none_or(|s| s.active)/>
            {lang.t("Menerima tiket", "Takes tickets")}
        </label>
    }
}

#[component]
fn ServiceRow(
    svc: ServiceSetting,
    csrf: String,
    code: String,
    action: ServerAction<SaveQueueService>,
) -> impl IntoView {
    let lang = use_lang();
    let (title, prefix, active, key) =
        (format!("{} · {}", svc.prefix, svc.name_id), svc.prefix.clone(), svc.active, svc.id.to_string());
    view! {
        <li class="staff-session" data-service=prefix>
            <strong>{title}</strong>
            {(!active).then(|| view! { " "<span class="badge">{lang.t("tidak aktif", "off")}</span> })}
            <details>
                <summary>{lang.t("Ubah", "Change")}</summary>
                <ActionForm action>
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="code" value=code/>
                    <ServiceFields key svc=Some(svc)/>
                    <button type="submit">{lang.t("Simpan layanan", "Save the service")}</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn CounterRow(
    c: CounterSetting,
    services: Vec<ServiceSetting>,
    csrf: String,
    code: String,
    action: ServerAction<SaveCounter>,
) -> impl IntoView {
    let lang = use_lang();
    let boxes = services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <label class="check">
                    <input type="checkbox" name=format!("counter[serves][{i}]") value=s.id checked=c.services.contains(&s.id)/>
                    {format!("{} · {}", s.prefix, s.name_id)}
                </label>
            }
        })
        .collect_view();
    view! {
        <li class="staff-session" data-counter=c.number>
            <strong>{lang.t("Loket ", "Counter ")}{c.number}</strong>
            {c.open.then(|| view! { " "<span class="badge">{lang.t("sedang buka", "open now")}</span> })}
            <ActionForm action>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="code" value=code/>
                <input type="hidden" name="counter[number]" value=c.number/>
                <fieldset>
                    <legend class="small">{lang.t("Memanggil tiket layanan", "Calls tickets of")}</legend>
                    {boxes}
                </fieldset>
                <button type="submit" class="button-outline">{lang.t("Simpan loket", "Save the counter")}</button>
            </ActionForm>
        </li>
    }
}
