//! The offline counter's own WebAssembly, loaded by the counter page alone. Kept apart from the
//! bundle every page loads because a lazy island's code moves to a chunk of its own but its data
//! (text, tables, the snapshot's field names) would stay in that bundle: 30 KB (brotli) more for
//! every customer's phone. This bundle mounts the offline counter (`app`'s
//! `pages::staff::offline_counter`) in the page's `#offline-counter`.

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    use wasm_bindgen::JsCast;
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("offline-counter"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    leptos::mount::mount_to(element, app::pages::staff::offline_counter::OfflineCounter).forget();
}
