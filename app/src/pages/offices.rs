use crate::api::notices::BoardScope;
use crate::api::offices::{get_office, list_offices, Office};
use crate::components::loaded::Loaded;
use crate::components::notice_board::NoticeBoard;
use crate::components::queue_status::QueueStatus;
use crate::i18n::{use_lang, Lang};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfficeListPage() -> impl IntoView {
    let lang = use_lang();
    let offices = Resource::new(|| (), |_| list_offices());
    view! {
        <Title text=lang.t("Kantor Unit · Tirta", "Unit Offices · Tirta")/>
        <h1>{lang.t("Kantor unit", "Unit offices")}</h1>
        <Loaded resource=offices let:list>
            <ul class="office-list">
                {list.into_iter().map(|o| view! { <li><OfficeCard office=o link=true/></li> }).collect_view()}
            </ul>
        </Loaded>
    }
}

#[component]
pub fn OfficePage() -> impl IntoView {
    let params = use_params_map();
    let office = Resource::new(move || params.read().get("code").unwrap_or_default(), get_office);
    view! {
        <Loaded resource=office let:o>
            <OfficeDetail office=o/>
        </Loaded>
    }
}

#[component]
fn OfficeDetail(office: Office) -> impl IntoView {
    let lang = use_lang();
    let districts = office.districts.clone();
    let scope = BoardScope { office: Some(office.code.clone()), ..BoardScope::default() };
    let code = office.code.clone();
    view! {
        <Title text=format!("{} · Tirta", office.name)/>
        <p class="crumbs"><a href="/kantor">{lang.t("Kantor unit", "Unit offices")}</a></p>
        <OfficeCard office link=false/>
        <NoticeBoard scope heading=true/>
        <QueueStatus office=code.clone()/>
        <p><a class="button button-outline" data-complain href=format!("/pengaduan?kantor={code}")>{lang.t("Sampaikan pengaduan", "Make a complaint")}</a></p>
        <section class="panel">
            <h2>{lang.t("Wilayah layanan", "Areas served")}</h2>
            <dl class="areas">
                {districts.into_iter().map(|d| view! {
                    <dt>{lang.t("Kecamatan ", "District of ")}{d.name}</dt>
                    <dd>{d.villages.join(", ")}</dd>
                }).collect_view()}
            </dl>
        </section>
    }
}

/// Today's hours first (open now, closed, a holiday, when it opens next), then the week.
#[component]
pub fn OfficeHours(office: Office) -> impl IntoView {
    let lang = use_lang();
    if !office.hours.is_set() {
        return Either::Left(view! {
            <p><span class="label">{lang.t("Jam layanan: ", "Opening hours: ")}</span>{lang.pick(&office.hours_note, &office.hours_note_en).to_string()}</p>
        });
    }
    let status = office.status;
    let next = status.next_opening.map(|t| lang.opening(t)).unwrap_or_default();
    let today = match (lang, status.today, status.open_now) {
        (Lang::Id, Some(day), true) => {
            format!("Hari ini buka {}–{} WIB · sedang buka", lang.time(day.opens), lang.time(day.closes))
        }
        (Lang::En, Some(day), true) => {
            format!("Open today {}–{} WIB · open now", lang.time(day.opens), lang.time(day.closes))
        }
        (Lang::Id, Some(day), false) => {
            format!("Hari ini {}–{} WIB · sedang tutup, buka lagi {next}", lang.time(day.opens), lang.time(day.closes))
        }
        (Lang::En, Some(day), false) => {
            format!("Today {}–{} WIB · closed now, opens {next}", lang.time(day.opens), lang.time(day.closes))
        }
        (Lang::Id, None, _) if status.holiday => format!("Hari ini libur · buka lagi {next}"),
        (Lang::En, None, _) if status.holiday => format!("Closed today for a holiday · opens {next}"),
        (Lang::Id, None, _) => format!("Hari ini tutup · buka lagi {next}"),
        (Lang::En, None, _) => format!("Closed today · opens {next}"),
    };
    let week = office
        .hours
        .runs()
        .into_iter()
        .map(|run| {
            let days = if run.first == run.last {
                lang.weekday(run.first).to_string()
            } else {
                format!("{}–{}", lang.weekday(run.first), lang.weekday(run.last))
            };
            view! { <li>{format!("{days} {}–{}", lang.time(run.opens), lang.time(run.closes))}</li> }
        })
        .collect_view();
    Either::Right(view! {
        <div class="office-hours" data-open=status.open_now.to_string()>
            <p><span class="label">{lang.t("Jam layanan: ", "Opening hours: ")}</span><strong class="hours-today">{today}</strong></p>
            <ul class="hours-week">{week}</ul>
            <p class="muted small">{lang.t("Tutup pada hari libur nasional.", "Closed on public holidays.")}</p>
        </div>
    })
}

#[component]
fn OfficeCard(office: Office, link: bool) -> impl IntoView {
    let lang = use_lang();
    let tel = format!("tel:{}", office.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>());
    let href = format!("/kantor/{}", office.code);
    let name = office.name.clone();
    let hours = view! { <OfficeHours office=office.clone()/> };
    view! {
        <article class="panel office-card">
            <h2>
                {if link { Either::Left(view! { <a href=href>{name}</a> }) } else { Either::Right(view! { <span>{name}</span> }) }}
                {office.is_head_office.then(|| view! { <span class="badge">{lang.t("Kantor pusat", "Head office")}</span> })}
            </h2>
            <p>{office.address}</p>
            {hours}
            <p><span class="label">{lang.t("Telepon: ", "Phone: ")}</span><a href=tel>{office.phone}</a></p>
            {link.then(|| {
                let n: usize = office.districts.iter().map(|d| d.villages.len()).sum();
                let districts = office.districts.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join(", ");
                view! { <p class="muted">{lang.t("Melayani ", "Serves ")}{n}{lang.t(" desa/kelurahan di ", " villages in ")}{districts}</p> }
            })}
        </article>
    }
}
