use crate::i18n::Lang;
use leptos::prelude::*;

/// Copies `text` to the clipboard. Shown only once hydrated: without JavaScript the text stays
/// selectable by hand. What the tap copies and what it then says travel in the button's data
/// attributes (islands here take no props: see `components::live`).
#[component]
pub fn CopyButton(
    lang: Lang,
    #[prop(into)] text: String,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let label = label.unwrap_or_else(|| lang.t("Salin", "Copy").to_string());
    view! {
        <CopyOnTap>
            <button type="button" class="copy-button" aria-live="polite" data-copy=text data-copied=lang.t("Tersalin ✓", "Copied ✓")>
                {label}
            </button>
        </CopyOnTap>
    }
}

#[island(lazy)]
fn CopyOnTap(children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Span>::new();
    super::when_ready(root, |_| ());
    let copy = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let button = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("[data-copy]").ok().flatten());
            let (Some(button), Some(window)) = (button, web_sys::window()) else { return };
            let _ = window.navigator().clipboard().write_text(&button.get_attribute("data-copy").unwrap_or_default());
            let _ = button.class_list().add_1("copied");
            button.set_text_content(button.get_attribute("data-copied").as_deref());
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! { <span class="copy-on-tap" node_ref=root on:click=copy>{children()}</span> }
}
