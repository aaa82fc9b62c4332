use super::StaffGate;
use crate::api::staff::audit_log;
use crate::components::loaded::Loaded;
use crate::i18n::{use_lang, Lang};
use crate::model::staff::AuditLine;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Administrators: every staff action, newest first, 100 per page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let before = move || query.read().get("sebelum").and_then(|b| b.parse::<i64>().ok());
    let log = Resource::new(before, audit_log);
    view! {
        <Title text=lang.t("Log audit · Petugas", "Audit log · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Log audit", "Audit log")}</h1>
            <Loaded resource=log let:entries>
                {
                    let next = (entries.len() == 100).then(|| entries.last().map(|e| format!("/staf/audit?sebelum={}", e.id))).flatten();
                    view! {
                        <div class="table-scroll"><table class="report-table audit">
                            <thead><tr><th>{lang.t("Waktu", "When")}</th><th>{lang.t("Petugas", "Staff")}</th><th>{lang.t("Tindakan", "Action")}</th><th>{lang.t("Rincian", "Details")}</th></tr></thead>
                            <tbody>
                                {entries.into_iter().map(|e| { let action = e.action.clone(); let what = action_text(lang, &e); view! {
                                    <tr data-action=action>
                                        <td>{lang.date_time_wib(e.at)}</td>
                                        <td>{e.username}<br/><span class="muted small">{e.client_ip.unwrap_or_default()}</span></td>
                                        <td>{what}</td>
                                        <td>{e.subject}{(!e.detail.is_empty()).then(|| format!(" · {}", e.detail))}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table></div>
                        {next.map(|href| view! { <p><a href=href>{lang.t("Lebih lama", "Older")}</a></p> })}
                    }
                }
            </Loaded>
        </StaffGate>
    }
}

/// What an audit entry's action is called, or its stored code when this version does not know it.
pub fn action_text(lang: Lang, entry: &AuditLine) -> String {
    match entry.kind {
        Some(kind) => lang.pick(kind.label().0, kind.label().1).to_string(),
        None => entry.action.clone(),
    }
}
