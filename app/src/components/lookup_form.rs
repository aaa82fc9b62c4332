use crate::i18n::use_lang;
use leptos::prelude::*;

/// The customer-number form: a plain GET to the bill page, the same with or without JavaScript.
#[component]
pub fn LookupForm(#[prop(optional, into)] value: String, #[prop(optional)] autofocus: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action="/tagihan" class="lookup-form">
            <label for="no">{lang.t("Nomor sambungan", "Customer number")}</label>
            <div class="lookup-row">
                <input
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
