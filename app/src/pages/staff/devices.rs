//! Supervisors: the devices that keep a counter taking cash when the server cannot be reached.
//! A device is enrolled here, on the device itself; each shows when it last reached the server,
//! what its outbox holds, and what became of the cash it took offline.

use super::StaffGate;
use crate::api::counter_devices::{
    load_counter_devices, DeviceLine, EnrolCounterDevice, OfflinePaymentLine, RevokeCounterDevice,
};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::offline::OfflineOutcome;
use crate::domain::Money;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CounterDevicesPage() -> impl IntoView {
    let lang = use_lang();
    let enrol = ServerAction::<EnrolCounterDevice>::new();
    let revoke = ServerAction::<RevokeCounterDevice>::new();
    let error = Signal::derive(move || {
        enrol.value().get().and_then(Result::err).or_else(|| revoke.value().get().and_then(Result::err))
    });
    let query = use_query_map();
    let (enrolled, revoked) = query.with_untracked(|q| (q.get("didaftarkan").is_some(), q.get("dicabut")));
    let page = Resource::new(move || (enrol.version().get(), revoke.version().get()), |_| load_counter_devices());
    view! {
        <Title text=lang.t("Perangkat loket · Petugas", "Counter devices · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Perangkat loket", "Counter devices")}</h1>
            <p class="muted small">{lang.t(
                "Perangkat loket yang terdaftar tetap dapat menerima tunai saat server tidak terjangkau, lalu mengirim pembayarannya sekali saat tersambung lagi. Daftarkan setiap komputer loket dari komputer itu sendiri.",
                "An enrolled counter device keeps taking cash when the server cannot be reached, and sends its payments once when it is back. Enrol each counter computer from that computer.",
            )}</p>
            {enrolled.then(|| view! {
                <p class="alert alert-success" role="status">{lang.t("Perangkat ini terdaftar sebagai loket.", "This device is enrolled as a counter.")}</p>
            })}
            {revoked.clone().map(|id| view! {
                <p class="alert alert-success" role="status">{format!("{} {id} {}", lang.t("Perangkat", "Device"), lang.t("dicabut.", "revoked."))}</p>
            })}
            <FormError error/>
            <Loaded resource=page let:p>
                <section class="panel" data-this-device=p.this_device.map(|id| id.to_string()).unwrap_or_default()>
                    <h2>{lang.t("Perangkat ini", "This device")}</h2>
                    {match p.this_device.and_then(|id| p.devices.iter().find(|d| d.id == id)) {
                        Some(d) => view! {
                            <p>{format!("{} {} · {}", lang.t("Terdaftar sebagai", "Enrolled as"), d.label, d.office_name)}</p>
                        }.into_any(),
                        None => view! { <EnrolForm csrf=p.csrf.clone() offices=p.offices.clone() enrol/> }.into_any(),
                    }}
                    <p class="muted small">{limits_text(lang, p.limits.snapshot_hours, p.limits.device_total)}</p>
                </section>
                {p.devices.is_empty().then(|| view! {
                    <p class="muted" data-empty="devices">{lang.t("Belum ada perangkat loket yang terdaftar.", "No counter device is enrolled yet.")}</p>
                })}
                <ul class="channel-list">
                    {p.devices.iter().cloned().map(|device| view! { <DeviceCard device csrf=p.csrf.clone() revoke/> }).collect_view()}
                </ul>
            </Loaded>
        </StaffGate>
    }
}

fn limits_text(lang: Lang, hours: i64, total: Money) -> String {
    match lang {
        Lang::Id => format!(
            "Saat luring: hanya tunai, seluruh tagihan, tanpa pembatalan; data tagihan paling lama {hours} jam; paling banyak {} per perangkat.",
            lang.money(total)
        ),
        Lang::En => format!(
            "Offline: cash only, every bill owed, no voids; bills no older than {hours} hours; at most {} per device.",
            lang.money(total)
        ),
    }
}

#[component]
fn EnrolForm(csrf: String, offices: Vec<(String, String)>, enrol: ServerAction<EnrolCounterDevice>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p>{lang.t("Perangkat ini belum terdaftar sebagai loket.", "This device is not enrolled as a counter.")}</p>
        <ActionForm action=enrol>
            <input type="hidden" name="csrf" value=csrf/>
            <label for="device-label">{lang.t("Nama perangkat, mis. Loket 1 Kepanjen", "Device name, e.g. Counter 1 Kepanjen")}</label>
            <input id="device-label" name="label" required maxlength="60"/>
            {(!offices.is_empty()).then(|| view! {
                <label for="device-office">{lang.t("Kantor unit", "Unit office")}</label>
                <select id="device-office" name="office">
                    {offices.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                </select>
            })}
            <button type="submit">{lang.t("Daftarkan perangkat ini", "Enrol this device")}</button>
        </ActionForm>
    }
}

#[component]
fn DeviceCard(device: DeviceLine, csrf: String, revoke: ServerAction<RevokeCounterDevice>) -> impl IntoView {
    let lang = use_lang();
    let when = move |t: Option<chrono::NaiveDateTime>| t.map(|t| lang.date_time_wib(t)).unwrap_or_else(|| "—".into());
    let class = if device.revoked_at.is_none() { "panel channel" } else { "panel channel channel-troubled" };
    view! {
        <li class=class data-device=device.id data-revoked=device.revoked_at.is_some().to_string()>
            <h2>{device.label.clone()}" "<span class="code">{format!("#{}", device.id)}</span></h2>
            <p class="small">{format!("{} · {} {} {}", device.office_name, lang.t("didaftarkan", "enrolled by"), device.enrolled_by, lang.date_time_wib(device.enrolled_at))}</p>
            {device.revoked_at.map(|t| view! { <p><strong>{format!("{} {}", lang.t("Dicabut", "Revoked"), lang.date_time_wib(t))}</strong></p> })}
            <dl class="facts small">
                <dt>{lang.t("Terakhir tersambung", "Last reached the server")}</dt><dd>{when(device.last_seen_at)}</dd>
                <dt>{lang.t("Terakhir sinkron", "Last sync")}</dt><dd>{when(device.last_synced_at)}</dd>
                <dt>{lang.t("Menunggu dikirim", "Waiting in the outbox")}</dt><dd data-outbox=device.outbox>{device.outbox}</dd>
                <dt>{lang.t("Pembayaran luring", "Offline payments")}</dt>
                <dd>{format!("{} {} · {} {} · {} {}", device.credited, lang.t("dikreditkan", "credited"), device.set_aside, lang.t("disisihkan", "set aside"), device.refused, lang.t("ditolak", "refused"))}</dd>
            </dl>
            {(!device.payments.is_empty()).then(|| view! {
                <h3>{lang.t("Pembayaran luring terakhir", "Latest offline payments")}</h3>
                <ul class="offline-payments">
                    {device.payments.iter().cloned().map(|p| view! { <PaymentItem p/> }).collect_view()}
                </ul>
            })}
            {device.revoked_at.is_none().then(|| view! {
                <ActionForm action=revoke>
                    <input type="hidden" name="csrf" value=csrf.clone()/>
                    <input type="hidden" name="id" value=device.id/>
                    <button type="submit" class="secondary">{lang.t("Cabut perangkat ini", "Revoke this device")}</button>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
pub fn PaymentItem(p: OfflinePaymentLine) -> impl IntoView {
    let lang = use_lang();
    let (code, outcome) = match &p.outcome {
        OfflineOutcome::Credited { receipt_token, difference, .. } => {
            let note = match difference.is_zero() {
                true => String::new(),
                false => format!(
                    " · {} {}",
                    lang.t("selisih denda ke tagihan berikutnya", "late-fee difference to the next bill"),
                    lang.money(*difference)
                ),
            };
            let link = format!("/resi/{receipt_token}");
            ("credited", view! { <a href=link>{lang.t("Dikreditkan", "Credited")}</a>{note} }.into_any())
        }
        OfflineOutcome::SetAside { reason } => {
            let (id, en) = reason.label();
            let text =
                format!("{}: {}", lang.t("Disisihkan untuk dikembalikan", "Set aside to refund"), lang.t(id, en));
            ("set_aside", view! { <strong>{text}</strong> }.into_any())
        }
        OfflineOutcome::Refused { reason } => {
            let (id, en) = reason.label();
            let text = format!("{}: {}", lang.t("Ditolak", "Refused"), lang.t(id, en));
            ("refused", view! { <strong class="refused">{text}</strong> }.into_any())
        }
    };
    view! {
        <li data-offline-receipt=p.receipt_number.to_string() data-outcome=code>
            <p class="offline-payment-head"><span class="code">{p.receipt_number.to_string()}</span><strong>{lang.money(p.amount)}</strong></p>
            <p class="small muted">{format!("{} · {} · {} · {}", p.customer_number, p.periods.replace(',', ", "), p.teller, lang.date_time_wib(p.taken_at))}</p>
            <p class="small">{outcome}</p>
        </li>
    }
}
