//! What only the browser does: its storage, its clock, its requests. Compiled for the
//! WebAssembly alone; the rules these serve live in `model` and the domain, tested natively.

pub mod counter_device;
pub mod idb;

use chrono::{DateTime, Utc};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::js_sys;

/// Now, by the device's clock (chrono's own clock is not compiled for the browser).
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// 32 random hex digits from the browser's cryptographic generator.
pub fn random_key() -> Option<String> {
    let mut bytes = [0u8; 16];
    web_sys::window()?.crypto().ok()?.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A request's answer: its status and body, or `None` when the server could not be reached
/// within `timeout_ms` (a link that drops packets would otherwise hold the device, and the
/// teller, until the system's own timeout).
pub async fn request(method: &str, url: &str, body: Option<&str>, timeout_ms: i32) -> Option<(u16, String)> {
    let window = web_sys::window()?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_cache(web_sys::RequestCache::NoStore);
    if let Ok(abort) = web_sys::AbortController::new() {
        init.set_signal(Some(&abort.signal()));
        let stop = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(stop.unchecked_ref(), timeout_ms);
    }
    if let Some(body) = body {
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Content-Type", "application/json").ok()?;
        init.set_headers(&headers);
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.ok()?.dyn_into().ok()?;
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string().unwrap_or_default();
    Some((response.status(), text))
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(promise).await;
}
