use crate::i18n::use_lang;
use leptos::prelude::*;

/// Copies `text` to the clipboard. Shown only once hydrated: without JavaScript the text stays
/// selectable by hand.
#[component]
pub fn CopyButton(#[prop(into)] text: String, #[prop(optional)] label: Option<&'static str>) -> impl IntoView {
    let lang = use_lang();
    let label = label.unwrap_or(lang.t("Salin", "Copy"));
    let copied = RwSignal::new(false);
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &text;
    };
    view! {
        <button type="button" class="copy-button" class:copied=move || copied.get() aria-live="polite" on:click=copy>
            {move || if copied.get() { lang.t("Tersalin ✓", "Copied ✓") } else { label }}
        </button>
    }
}
