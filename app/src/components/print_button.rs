use leptos::prelude::*;

/// Opens the browser's print dialog (a receipt, a walk-in ticket); `children` is its label.
/// Shown only once hydrated: without JavaScript the browser's own menu prints the page.
#[island(lazy)]
pub fn PrintButton(children: Children) -> impl IntoView {
    let button = NodeRef::<leptos::html::Button>::new();
    super::when_ready(button, |_| ());
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! { <button type="button" class="print-button" node_ref=button on:click=print>{children()}</button> }
}
