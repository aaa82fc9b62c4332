//! Pages for staff: sign-in, the desk, notices, the counter, reports, accounts, the audit log.
//! Each page asks the server who is signed in; the server checks role and office again on
//! every action, so a page only decides what to show.

pub mod accounts;
pub mod audit;
pub mod banks;
pub mod billing;
pub mod channels;
pub mod complaints;
pub mod counter;
pub mod customers;
pub mod desk;
pub mod devices;
pub mod imports;
pub mod login;
pub mod notices;
pub mod offices;
pub mod offline_counter;
pub mod queue;
pub mod queue_stats;
pub mod reports;
pub mod tariffs;

use crate::api::staff::{who_am_i, Logout, StaffContext};
use crate::components::error_panel::ErrorPanel;
use crate::domain::staff::{Duty, Role};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

pub fn role_label(lang: Lang, role: Role) -> &'static str {
    match role {
        Role::Admin => lang.t("Administrator", "Administrator"),
        Role::Supervisor => lang.t("Supervisor", "Supervisor"),
        Role::Teller => lang.t("Teller loket", "Counter teller"),
    }
}

/// Renders `children` for a signed-in staff member; otherwise the sign-in form (401) or a
/// refusal (403).
#[component]
pub fn StaffGate<V>(children: impl Fn(StaffContext) -> V + Clone + Send + Sync + 'static) -> impl IntoView
where
    V: IntoView + 'static,
{
    let lang = use_lang();
    // Asked again after a password change (`?sandi=1`): a member whose reset password was
    // just changed gets the page they came for.
    let query = leptos_router::hooks::use_query_map();
    let me = Resource::new(move || query.read().get("sandi"), |_| who_am_i());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{lang.t("Memuat…", "Loading…")}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match me.await {
                        // A reset password is changed before anything else is shown.
                        Ok(ctx) if ctx.member.must_change_password => EitherOf3::A(Either::Left(view! {
                            <StaffNav ctx=ctx.clone()/>
                            <p class="alert" role="alert">{lang.t(
                                "Administrator telah mengatur ulang kata sandi Anda. Ganti kata sandi sebelum bekerja.",
                                "An administrator reset your password. Change it before you go on.",
                            )}</p>
                            <desk::PasswordPanel ctx/>
                        })),
                        Ok(ctx) => EitherOf3::A(Either::Right(view! { <StaffNav ctx=ctx.clone()/> {children(ctx)} })),
                        Err(AppError::NotSignedIn) => {
                            AppError::NotSignedIn.apply_to_response();
                            EitherOf3::B(view! { <login::LoginPanel/> })
                        }
                        Err(error) => EitherOf3::C(view! { <ErrorPanel error/> }),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn StaffNav(ctx: StaffContext) -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    let m = &ctx.member;
    let office_id = m.office_id();
    let publishes = m.may(Duty::PublishNotices { office_id });
    // Administrators have no office of their own: they choose one on the counter and console pages.
    let counter = m.role == crate::domain::staff::Role::Admin
        || office_id.is_some_and(|o| m.may(Duty::TakeCounterPayments { office_id: o }));
    let finance = m.may(Duty::ManageFinance);
    let admin = m.may(Duty::Administer);
    let who = format!(
        "{} · {}{}",
        m.full_name,
        role_label(lang, m.role),
        m.office.as_ref().map(|o| format!(" · {}", o.name)).unwrap_or_default()
    );
    view! {
        <nav class="staff-nav" aria-label=lang.t("Menu petugas", "Staff menu")>
            <p class="staff-who" data-username=m.username.clone()>{who}</p>
            <a href="/staf">{lang.t("Beranda petugas", "Staff home")}</a>
            {counter.then(|| view! { <a href="/staf/loket">{lang.t("Loket", "Counter")}</a> })}
            {counter.then(|| view! { <a href="/staf/antrean">{lang.t("Antrean", "Queue")}</a> })}
            {office_id.is_none_or(|o| m.may(Duty::ManageCounterDevices { office_id: o })).then(|| view! { <a href="/staf/perangkat">{lang.t("Perangkat loket", "Counter devices")}</a> })}
            {publishes.then(|| view! { <a href="/staf/gangguan">{lang.t("Gangguan & pengumuman", "Notices")}</a> })}
            <a href="/staf/pelanggan">{lang.t("Pelanggan", "Customers")}</a>
            <a href="/staf/pengaduan">{lang.t("Pengaduan", "Complaints")}</a>
            <a href="/staf/laporan">{lang.t("Laporan kas", "Cash report")}</a>
            {office_id.is_none_or(|o| m.may(Duty::ReadOfficeReports { office_id: o })).then(|| view! { <a href="/staf/antrean/statistik">{lang.t("Statistik antrean", "Queue statistics")}</a> })}
            {finance.then(|| view! { <a href="/staf/rekonsiliasi">{lang.t("Rekonsiliasi", "Reconciliation")}</a> })}
            {admin.then(|| view! { <a href="/staf/pengguna">{lang.t("Akun petugas", "Staff accounts")}</a> })}
            {admin.then(|| view! { <a href="/staf/kanal">{lang.t("Kanal pembayaran", "Payment channels")}</a> })}
            {m.may(Duty::SeeBillingRuns).then(|| view! { <a href="/staf/tagihan">{lang.t("Penagihan bulanan", "Monthly billing")}</a> })}
            {admin.then(|| view! { <a href="/staf/impor">{lang.t("Impor data", "Import data")}</a> })}
            {admin.then(|| view! { <a href="/staf/tarif">{lang.t("Tarif", "Tariffs")}</a> })}
            {admin.then(|| view! { <a href="/staf/bank">{lang.t("Bank", "Banks")}</a> })}
            {admin.then(|| view! { <a href="/staf/kantor">{lang.t("Kantor unit", "Unit offices")}</a> })}
            {admin.then(|| view! { <a href="/staf/audit">{lang.t("Log audit", "Audit log")}</a> })}
            <ActionForm action=logout attr:class="inline-form sign-out">
                <input type="hidden" name="csrf" value=ctx.csrf.clone()/>
                <button type="submit" class="button-link">{lang.t("Keluar", "Sign out")}</button>
            </ActionForm>
        </nav>
    }
}
