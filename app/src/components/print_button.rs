use leptos::prelude::*;

/// Opens the browser's print dialog (a receipt, a walk-in ticket). Shown only once hydrated:
/// without JavaScript the browser's own menu prints the page.
#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <button type="button" class="print-button" on:click=print>{label}</button> }
}
