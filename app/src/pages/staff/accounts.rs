use super::{role_label, StaffGate};
use crate::api::staff::{load_staff_directory, CreateStaff, DeactivateStaff, EndStaffSession, ResetStaffPassword};
use crate::components::error_panel::FormError;
use crate::components::loaded::Loaded;
use crate::domain::staff::Role;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// Administrators: staff accounts and a form to add one.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateStaff>::new();
    let deactivate = ServerAction::<DeactivateStaff>::new();
    let reset = ServerAction::<ResetStaffPassword>::new();
    let end_session = ServerAction::<EndStaffSession>::new();
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let change_error = Signal::derive(move || {
        deactivate
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| reset.value().get().and_then(Result::err))
            .or_else(|| end_session.value().get().and_then(Result::err))
    });
    let query = leptos_router::hooks::use_query_map();
    let done = move || {
        let q = query.read();
        if q.get("nonaktif").is_some() {
            Some(lang.t("Akun dinonaktifkan; sesinya sudah ditutup.", "Account deactivated; its sessions have ended."))
        } else if q.get("sandi_diatur").is_some() {
            Some(lang.t(
                "Kata sandi diatur ulang; pemiliknya harus menggantinya saat masuk.",
                "Password reset; its owner must change it at the next sign-in.",
            ))
        } else if q.get("sesi_ditutup").is_some() {
            Some(lang.t("Sesi ditutup.", "Session ended."))
        } else {
            None
        }
    };
    let directory = Resource::new(
        move || {
            (create.version().get(), deactivate.version().get(), reset.version().get(), end_session.version().get())
        },
        |_| load_staff_directory(),
    );
    view! {
        <Title text=lang.t("Akun petugas · Petugas", "Staff accounts · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Akun petugas", "Staff accounts")}</h1>
            <Loaded resource=directory let:d>
                {move || done().map(|text| view! { <p class="alert alert-success" role="status">{text}</p> })}
                <FormError error=change_error/>
                <ul class="staff-list">
                    {d.staff.clone().into_iter().map(|m| {
                        let myself = m.id == d.me;
                        view! { <AccountRow m csrf=d.csrf.clone() myself reset deactivate/> }
                    }).collect_view()}
                </ul>
                <section class="panel">
                    <h2>{lang.t("Sesi yang sedang terbuka", "Open sessions")}</h2>
                    <ul class="staff-list staff-sessions">
                        {d.sessions.clone().into_iter().map(|session| view! { <SessionRow session csrf=d.csrf.clone() end_session/> }).collect_view()}
                    </ul>
                </section>
                <section class="panel">
                    <h2>{lang.t("Tambah petugas", "Add a staff member")}</h2>
                    <FormError error/>
                    <ActionForm action=create>
                        <input type="hidden" name="csrf" value=d.csrf.clone()/>
                        <label for="username">{lang.t("Nama pengguna", "Username")}</label>
                        <input id="username" name="username" required maxlength="32" autocapitalize="none"/>
                        <label for="full_name">{lang.t("Nama lengkap", "Full name")}</label>
                        <input id="full_name" name="full_name" required maxlength="80"/>
                        <label for="role">{lang.t("Peran", "Role")}</label>
                        <select id="role" name="role">
                            {[Role::Teller, Role::Supervisor, Role::Admin].into_iter().map(|r| view! { <option value=r.as_str()>{role_label(lang, r)}</option> }).collect_view()}
                        </select>
                        <label for="office">{lang.t("Kantor (kosong untuk administrator)", "Office (empty for administrators)")}</label>
                        <select id="office" name="office">
                            <option value="">"—"</option>
                            {d.offices.iter().map(|(code, name)| view! { <option value=code.clone()>{name.clone()}</option> }).collect_view()}
                        </select>
                        <label for="counter_no">{lang.t("Nomor loket (teller)", "Counter number (tellers)")}</label>
                        <input id="counter_no" name="counter_no" inputmode="numeric" maxlength="2"/>
                        <label for="password">{lang.t("Kata sandi awal (minimal 10 karakter; sampaikan langsung)", "First password (at least 10 characters; hand it over in person)")}</label>
                        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="128"/>
                        <button type="submit">{lang.t("Tambah", "Add")}</button>
                    </ActionForm>
                </section>
            </Loaded>
        </StaffGate>
    }
}

/// One account with the administrator's actions on it; destructive ones behind a disclosure.
#[component]
fn AccountRow(
    m: crate::domain::staff::StaffMember,
    csrf: String,
    myself: bool,
    reset: ServerAction<ResetStaffPassword>,
    deactivate: ServerAction<DeactivateStaff>,
) -> impl IntoView {
    let lang = use_lang();
    let input_id = format!("reset-{}", m.id);
    let deactivate_form = (!myself).then(|| {
        let (csrf, username) = (csrf.clone(), m.username.clone());
        view! {
            <details>
                <summary>{lang.t("Nonaktifkan", "Deactivate")}</summary>
                <ActionForm action=deactivate attr:class="inline-form">
                    <input type="hidden" name="csrf" value=csrf/>
                    <input type="hidden" name="id" value=m.id/>
                    <p class="small">{lang.t("Akun tidak bisa masuk lagi dan sesinya ditutup sekarang.", "The account can no longer sign in, and its sessions end now.")}</p>
                    <button type="submit" class="button-danger">{lang.t("Ya, nonaktifkan ", "Yes, deactivate ")}{username}</button>
                </ActionForm>
            </details>
        }
    });
    let office = m.office.as_ref().map(|o| format!(" · {}", o.name)).unwrap_or_default();
    let counter = m.counter_no.map(|c| format!(" · {} {c}", lang.t("loket", "counter"))).unwrap_or_default();
    view! {
        <li class="panel staff-account" data-username=m.username.clone()>
            <p class="staff-account-name"><strong>{m.full_name.clone()}</strong>" "<span class="muted">{m.username.clone()}</span>
                {m.must_change_password.then(|| view! { " "<span class="badge badge-warning">{lang.t("harus ganti sandi", "must change password")}</span> })}</p>
            <p class="small">{role_label(lang, m.role)}{office}{counter}</p>
            <div class="account-actions">
                <details>
                    <summary>{lang.t("Atur ulang sandi", "Reset password")}</summary>
                    <ActionForm action=reset>
                        <input type="hidden" name="csrf" value=csrf/>
                        <input type="hidden" name="id" value=m.id/>
                        <label for=input_id.clone()>{lang.t("Kata sandi sementara (minimal 10 karakter)", "Temporary password (at least 10 characters)")}</label>
                        <input id=input_id name="password" type="password" autocomplete="new-password" required minlength="10" maxlength="128"/>
                        <button type="submit" class="button-outline">{lang.t("Atur ulang", "Reset")}</button>
                    </ActionForm>
                </details>
                {deactivate_form}
            </div>
        </li>
    }
}

/// An open session, which an administrator can end.
#[component]
fn SessionRow(
    session: crate::api::staff::SessionLine,
    csrf: String,
    end_session: ServerAction<EndStaffSession>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <li class="staff-session" data-session-of=session.username.clone()>
            <p><strong>{session.username.clone()}</strong>" · "{session.client_ip.clone()}</p>
            <p class="small muted">{lang.t("Masuk ", "Signed in ")}{lang.date_time_wib(session.signed_in_at)}" · "
                {lang.t("terakhir aktif ", "last active ")}{lang.date_time_wib(session.last_seen_at)}</p>
            <ActionForm action=end_session>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="id" value=session.staff_id/>
                <input type="hidden" name="handle" value=session.handle.clone()/>
                <button type="submit" class="button-outline">{lang.t("Tutup sesi", "End session")}</button>
            </ActionForm>
        </li>
    }
}
