pub mod channel_status;
#[cfg(feature = "hydrate")]
pub mod chime;
pub mod copy_button;
pub mod error_panel;
pub mod layout;
pub mod live;
pub mod loaded;
pub mod lookup_form;
pub mod notice_board;
pub mod print_button;
#[cfg(any(feature = "ssr", feature = "device"))]
pub mod qr;
pub mod queue_status;
pub mod reading_correction;
pub mod usage_chart;

use leptos::prelude::*;

/// Runs once the island holding `node` has hydrated: marks the island `data-ready`, so controls
/// that need it (a copy button, a countdown) show from then on and never before a tap would work
/// (`leptos-island:not([data-ready])` hides them: a lazy island arrives after the page), and
/// hands `then` the element.
pub fn when_ready<E>(node: NodeRef<E>, then: impl FnOnce(&web_sys::Element) + 'static)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let Some(element) = node.get_untracked() else { return };
        let element: &web_sys::Element = element.unchecked_ref();
        if let Ok(Some(island)) = element.closest("leptos-island") {
            let _ = island.set_attribute("data-ready", "");
        }
        then(element);
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (node, then);
}
