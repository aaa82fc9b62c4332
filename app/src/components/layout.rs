use crate::i18n::use_lang;
use crate::url::percent_encode;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Header with navigation and the language switch, the page, and a footer with the contacts
/// customers look for.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // The switch is a plain link through /bahasa (sets a cookie, redirects back): it works
    // without JavaScript and keeps the visitor on the same page. rel=external keeps the
    // router from treating /bahasa as one of its own pages.
    let switch_href = move || {
        let search = location.search.get();
        let here = if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search.trim_start_matches('?'))
        };
        format!("/bahasa/{}?next={}", lang.other().code(), percent_encode(&here))
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <svg class="brand-drop" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2C8 8 5 11.5 5 15a7 7 0 0 0 14 0c0-3.5-3-7-7-13z"/></svg>
                <span class="brand-text">
                    <span class="brand-name">"Tirta"</span>
                    <span class="brand-sub">{lang.t("Layanan Pelanggan Air Minum", "Water customer service")}</span>
                </span>
            </a>
            <a class="lang-switch" href=switch_href hreflang=lang.other().code() rel="external">
                {lang.t("English", "Bahasa Indonesia")}
            </a>
        </header>
        <nav class="site-nav" aria-label=lang.t("Menu utama", "Main menu")>
            <a href="/">{lang.t("Cek Tagihan", "Check Bill")}</a>
            <a href="/tarif">{lang.t("Tarif", "Tariffs")}</a>
            <a href="/kantor">{lang.t("Kantor Unit", "Offices")}</a>
        </nav>
        <main class="page">{children()}</main>
        <footer class="site-footer">
            <p>{lang.t(
                "Tagihan dibayar paling lambat tanggal 20 setiap bulan.",
                "Bills are payable by the 20th of each month.",
            )}</p>
            <p>{lang.t("Semua waktu dalam WIB.", "All times are WIB (UTC+7).")}</p>
        </footer>
    }
}
