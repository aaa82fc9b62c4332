use super::StaffGate;
use crate::api::staff::{ChangePassword, StaffContext};
use crate::components::error_panel::FormError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The staff home: who is signed in, where to go, and the password change.
#[component]
pub fn StaffDeskPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("Petugas · Tirta", "Staff · Tirta")/>
        <StaffGate let:ctx>
            <Desk ctx/>
        </StaffGate>
    }
}

#[component]
fn Desk(ctx: StaffContext) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{lang.t("Selamat bertugas, ", "Welcome, ")}{ctx.member.full_name.clone()}</h1>
        <PasswordPanel ctx/>
    }
}

/// The password change: on the desk, and all a member whose password was reset may do.
#[component]
pub fn PasswordPanel(ctx: StaffContext) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let query = use_query_map();
    let changed = move || query.read().get("sandi").is_some();
    view! {
        <section class="panel" id="ganti-sandi">
            <h2>{lang.t("Ganti kata sandi", "Change password")}</h2>
            {move || changed().then(|| view! { <p class="alert alert-success" role="status">{lang.t("Kata sandi sudah diganti. Sesi lain telah ditutup.", "Password changed. Other sessions were signed out.")}</p> })}
            <FormError error/>
            <ActionForm action=change>
                <input type="hidden" name="csrf" value=ctx.csrf.clone()/>
                <label for="current">{lang.t("Kata sandi sekarang", "Current password")}</label>
                <input id="current" name="current" type="password" autocomplete="current-password" required/>
                <label for="new_password">{lang.t("Kata sandi baru (minimal 10 karakter)", "New password (at least 10 characters)")}</label>
                <input id="new_password" name="new_password" type="password" autocomplete="new-password" required minlength="10" maxlength="128"/>
                <label for="repeat">{lang.t("Ulangi kata sandi baru", "Repeat the new password")}</label>
                <input id="repeat" name="repeat" type="password" autocomplete="new-password" required minlength="10" maxlength="128"/>
                <button type="submit">{lang.t("Simpan", "Save")}</button>
            </ActionForm>
        </section>
    }
}
