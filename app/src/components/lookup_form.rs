use crate::i18n::use_lang;
use crate::url::percent_encode;
use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The customer-number form. Without JavaScript the browser submits it as a GET; once hydrated,
/// the router navigates to the same URL without reloading the page.
#[component]
pub fn LookupForm(#[prop(optional, into)] value: String, #[prop(optional)] autofocus: bool) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let input = NodeRef::<html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        let Some(field) = input.get() else { return };
        ev.prevent_default();
        navigate(&format!("/tagihan?no={}", percent_encode(field.value().trim())), Default::default());
    };
    view! {
        <form method="get" action="/tagihan" class="lookup-form" on:submit=on_submit>
            <label for="no">{lang.t("Nomor sambungan", "Customer number")}</label>
            <div class="lookup-row">
                <input
                    node_ref=input
                    id="no"
                    name="no"
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    maxlength="24"
                    required
                    autofocus=autofocus
                    placeholder=lang.t("contoh: 01.02.003456", "e.g. 01.02.003456")
                    value=value
                    aria-describedby="no-hint"
                />
                <button type="submit">{lang.t("Cek", "Check")}</button>
            </div>
            <p id="no-hint" class="hint">{lang.t(
                "Nomor sambungan (8-12 angka) tertera di rekening atau struk pembayaran.",
                "Your customer number (8-12 digits) is printed on your bill or payment receipt.",
            )}</p>
        </form>
    }
}
