use crate::i18n::Lang;
use leptos::prelude::*;

/// Copies `text` to the clipboard. Shown only once hydrated: without JavaScript the text stays
/// selectable by hand. An island: it carries its language, as islands see no page context.
#[island]
pub fn CopyButton(lang: Lang, text: String, #[prop(optional)] label: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| lang.t("Salin", "Copy").to_string());
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
            {move || if copied.get() { lang.t("Tersalin ✓", "Copied ✓").to_string() } else { label.clone() }}
        </button>
    }
}
