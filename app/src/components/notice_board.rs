//! Outage notices and announcements as customers see them, updated live while the page is open.

use crate::api::notices::{load_notice_board, AnnouncementView, BoardScope, NoticeView};
use crate::components::live::LiveRegion;
use crate::domain::notice::{NoticeKind, NoticeStatus, Severity};
use crate::i18n::{use_lang, Lang};
use crate::model::live::Topic;
use leptos::prelude::*;

pub fn kind_label(lang: Lang, kind: NoticeKind) -> &'static str {
    match kind {
        NoticeKind::SupplyDisruption => lang.t("Gangguan pasokan air", "Supply disruption"),
        NoticeKind::PlannedMaintenance => lang.t("Pemeliharaan terjadwal", "Planned maintenance"),
        NoticeKind::LowPressure => lang.t("Tekanan air rendah", "Low water pressure"),
        NoticeKind::WaterQuality => lang.t("Imbauan kualitas air", "Water quality advisory"),
        NoticeKind::PaymentChannel => lang.t("Gangguan kanal pembayaran", "Payment channel outage"),
        NoticeKind::OfficeClosure => lang.t("Kantor tutup", "Office closed"),
    }
}

pub fn status_label(lang: Lang, status: NoticeStatus) -> &'static str {
    match status {
        NoticeStatus::Investigating => lang.t("Sedang diselidiki", "Investigating"),
        NoticeStatus::Identified => lang.t("Penyebab ditemukan", "Cause identified"),
        NoticeStatus::Repairing => lang.t("Sedang diperbaiki", "Repairing"),
        NoticeStatus::Restoring => lang.t("Pemulihan aliran", "Restoring supply"),
        NoticeStatus::Resolved => lang.t("Selesai", "Resolved"),
        NoticeStatus::Scheduled => lang.t("Terjadwal", "Scheduled"),
        NoticeStatus::InProgress => lang.t("Sedang berlangsung", "In progress"),
        NoticeStatus::Completed => lang.t("Selesai", "Completed"),
        NoticeStatus::Cancelled => lang.t("Dibatalkan", "Cancelled"),
    }
}

pub fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    match severity {
        Severity::Info => lang.t("Informasi", "Information"),
        Severity::Warning => lang.t("Peringatan", "Warning"),
        Severity::Critical => lang.t("Penting", "Critical"),
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "notice notice-info",
        Severity::Warning => "notice notice-warning",
        Severity::Critical => "notice notice-critical",
    }
}

/// The notices and announcements for a scope (empty scope: everything open), following the live
/// stream while the page is open.
#[component]
pub fn NoticeBoard(scope: BoardScope, #[prop(optional)] heading: bool) -> impl IntoView {
    let lang = use_lang();
    let board = Resource::new(|| (), move |_| load_notice_board(scope.clone(), 0));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let board = board.await.ok()?;
                let count = board.notices.len();
                let shown = !(board.notices.is_empty() && board.announcements.is_empty());
                Some(view! {
                    <LiveRegion id="papan-gangguan" topics=vec![Topic::Notice, Topic::Channel] since=board.head>
                        {shown.then(|| view! {
                            <section class="notice-board" aria-live="polite" data-notices=count>
                                {heading.then(|| view! { <h2>{lang.t("Gangguan & pengumuman", "Disruptions & announcements")}</h2> })}
                                {board.announcements.into_iter().map(|a| view! { <AnnouncementCard announcement=a/> }).collect_view()}
                                {board.notices.into_iter().map(|n| view! { <NoticeCard notice=n detailed=false/> }).collect_view()}
                                <p class="small"><a href="/gangguan">{lang.t("Semua gangguan dan riwayatnya", "All disruptions and their history")}</a></p>
                            </section>
                        })}
                    </LiveRegion>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn AnnouncementCard(announcement: AnnouncementView) -> impl IntoView {
    let lang = use_lang();
    view! {
        <article class="notice notice-announcement" data-announcement-id=announcement.id>
            <p class="notice-kind">
                {if announcement.pinned { lang.t("📌 Pengumuman", "📌 Announcement") } else { lang.t("Pengumuman", "Announcement") }}
                {announcement.office.map(|(_, name)| format!(" · {name}"))}
            </p>
            <h3>{announcement.title}</h3>
            <p class="notice-body">{announcement.body}</p>
            <p class="muted small">{lang.t("Berlaku sampai ", "Until ")}{lang.date_time_wib(announcement.ends_at)}</p>
        </article>
    }
}

#[component]
pub fn NoticeCard(notice: NoticeView, detailed: bool) -> impl IntoView {
    let lang = use_lang();
    let areas = notice
        .areas
        .iter()
        .map(|a| {
            if a.village.is_empty() {
                format!("{} {}", lang.t("Kec.", "District"), a.district)
            } else {
                format!("{}, {} {}", a.village, lang.t("Kec.", "District"), a.district)
            }
        })
        .collect::<Vec<_>>();
    let scope = notice
        .office
        .as_ref()
        .map(|(_, name)| name.clone())
        .unwrap_or_else(|| lang.t("Semua kantor unit", "Every unit office").to_string());
    let planned = notice.kind.is_planned();
    let closed = notice.status.is_closed();
    let mut updates = notice.updates.clone();
    // The portal's own notice about a payment channel is said in the reader's language.
    let (title, body) = match (&notice.channel, lang) {
        (Some(code), Lang::En) => {
            let label = lang.payment_channel(code);
            for u in &mut updates {
                if u.message == Lang::Id.channel_notice_closed("", true) {
                    u.message = lang.channel_notice_closed(&label, true);
                } else if u.message.starts_with("Pembayaran lewat ") && u.message.ends_with(" kembali normal.") {
                    u.message = lang.channel_notice_closed(&label, false);
                }
            }
            lang.channel_notice(&label, notice.severity == Severity::Critical)
        }
        _ => (notice.title.clone(), notice.body.clone()),
    };
    view! {
        <article class=move || format!("{}{}", severity_class(notice.severity), if closed { " notice-closed" } else { "" }) id=format!("n{}", notice.id) data-notice-id=notice.id>
            <p class="notice-kind">
                {kind_label(lang, notice.kind)}" · "{scope}
                <span class="notice-status" data-status=notice.status.as_str()>{status_label(lang, notice.status)}</span>
            </p>
            <h3>{title}</h3>
            <p class="notice-body">{body}</p>
            {(!areas.is_empty()).then(|| view! {
                <p><span class="label">{lang.t("Wilayah terdampak: ", "Areas affected: ")}</span>{areas.join("; ")}</p>
            })}
            <dl class="notice-times">
                {if planned {
                    view! {
                        <dt>{lang.t("Waktu", "When")}</dt>
                        <dd>{lang.date_time_wib(notice.starts_at)}{notice.ends_at.map(|e| format!(" – {}", lang.date_time_wib(e)))}</dd>
                    }.into_any()
                } else {
                    view! { <dt>{lang.t("Mulai", "Since")}</dt><dd>{lang.date_time_wib(notice.starts_at)}</dd> }.into_any()
                }}
                {notice.flow_eta.map(|t| view! {
                    <dt>{lang.t("Air normal kembali (perkiraan)", "Water back to normal (estimate)")}</dt>
                    <dd class="flow-eta">{lang.date_time_wib(t)}</dd>
                })}
                {notice.repair_eta.map(|t| view! {
                    <dt>{lang.t("Perbaikan selesai (perkiraan)", "Repair done (estimate)")}</dt>
                    <dd>{lang.date_time_wib(t)}</dd>
                })}
            </dl>
            {(!notice.mitigation.is_empty()).then(|| view! {
                <p class="notice-mitigation"><span class="label">{lang.t("Bantuan air: ", "Water supply help: ")}</span>{notice.mitigation.clone()}</p>
            })}
            {detailed.then(|| view! {
                <details>
                    <summary>{lang.t("Riwayat pembaruan", "Update history")}</summary>
                    <ol class="notice-updates">
                        {updates.into_iter().map(|u| view! {
                            <li>
                                <time>{lang.date_time_wib(u.at)}</time>" · "{status_label(lang, u.status)}
                                {(!u.message.is_empty()).then(|| format!(": {}", u.message))}
                            </li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
            <p class="muted small">{lang.t("Diperbarui ", "Updated ")}{lang.date_time_wib(notice.updated_at)}</p>
        </article>
    }
}
