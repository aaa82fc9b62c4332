use crate::api::staff::Login;
use crate::components::error_panel::FormError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn StaffLoginPage() -> impl IntoView {
    view! { <LoginPanel/> }
}

/// The sign-in form; shown at /staf/masuk and in place of any staff page when signed out.
#[component]
pub fn LoginPanel() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let signed_out = move || query.read().get("keluar").is_some();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    view! {
        <Title text=lang.t("Masuk petugas · Tirta", "Staff sign-in · Tirta")/>
        <section class="panel staff-login">
            <h1>{lang.t("Masuk petugas", "Staff sign-in")}</h1>
            {move || signed_out().then(|| view! { <p class="alert alert-success" role="status">{lang.t("Anda sudah keluar.", "You are signed out.")}</p> })}
            <FormError error/>
            <ActionForm action=login>
                <label for="username">{lang.t("Nama pengguna", "Username")}</label>
                <input id="username" name="username" autocomplete="username" autocapitalize="none" required maxlength="64"/>
                <label for="password">{lang.t("Kata sandi", "Password")}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128"/>
                <button type="submit">{lang.t("Masuk", "Sign in")}</button>
            </ActionForm>
        </section>
    }
}
