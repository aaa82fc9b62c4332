use super::{role_label, StaffGate};
use crate::api::staff::{load_staff_directory, CreateStaff};
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
    let error = Signal::derive(move || create.value().get().and_then(Result::err));
    let directory = Resource::new(move || create.version().get(), |_| load_staff_directory());
    view! {
        <Title text=lang.t("Akun petugas · Petugas", "Staff accounts · Staff")/>
        <StaffGate let:_ctx>
            <h1>{lang.t("Akun petugas", "Staff accounts")}</h1>
            <Loaded resource=directory let:d>
                <table class="report-table">
                    <thead><tr><th>{lang.t("Nama pengguna", "Username")}</th><th>{lang.t("Nama", "Name")}</th><th>{lang.t("Peran", "Role")}</th><th>{lang.t("Kantor", "Office")}</th></tr></thead>
                    <tbody>
                        {d.staff.iter().map(|m| view! {
                            <tr data-username=m.username.clone()><td>{m.username.clone()}</td><td>{m.full_name.clone()}</td><td>{role_label(lang, m.role)}</td>
                                <td>{m.office.as_ref().map(|o| o.name.clone()).unwrap_or_default()}{m.counter_no.map(|c| format!(" · {} {c}", lang.t("loket", "counter")))}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
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
