//! The parts of a page that change while it is open (a notice published, a payment landing, a
//! queue moving) are rendered on the server like the rest of the page and wrapped in a
//! [`LiveRegion`]. The page opens one stream, `/api/v1/live`; when an event of a topic a region
//! follows arrives, the page fetches its own address again and puts each region's new HTML in
//! place. The browser never renders a bill, a notice or a ticket itself, so none of that code is
//! in the WebAssembly a phone downloads: only the stream, the fetch and the swap. Without
//! JavaScript the regions are plain HTML, as fresh as the page.

use crate::model::live::Topic;
use leptos::prelude::*;

/// A part of the page that follows the live stream. `id` must be the same in every rendering of
/// the page; `since` is the live event the region's data was read at (none: follow from the
/// newest); `customer` a customer token whose private events (payments) the page follows;
/// `poll_seconds` re-reads the page that often while the region holds an element marked
/// `data-poll` (a pending payment: the stream is the fast path, the poll the safety net).
///
/// The region itself is server markup: what the browser needs to follow it travels as data
/// attributes, read by the [`Follow`] island inside it. No island here takes props: a prop is
/// deserialised with serde_json, and serde_json alone would be 20 KB of the 45 KB (brotli) a
/// phone downloads to enhance a page.
#[component]
pub fn LiveRegion(
    #[prop(into)] id: String,
    topics: Vec<Topic>,
    #[prop(optional)] since: Option<i64>,
    #[prop(optional, into)] customer: Option<String>,
    #[prop(optional)] poll_seconds: Option<u32>,
    children: Children,
) -> impl IntoView {
    let topics = topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" ");
    // Encoded here, ready for the stream's address: the browser then carries no encoder.
    let customer = customer.map(|c| crate::url::percent_encode(&c));
    view! {
        <div id=id class="live-region" data-topics=topics data-since=since data-customer=customer data-poll-seconds=poll_seconds>
            <Follow/>
            {children()}
        </div>
    }
}

/// Follows every live region of the page not followed yet: those rendered with the page, and
/// those a refresh swapped in (their `Follow` hydrates again).
#[island]
fn Follow() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    follow::scan();
}

#[cfg(feature = "hydrate")]
pub mod follow {
    use super::Topic;
    use crate::model::live::SEEN_HEADER;
    use leptos::prelude::set_timeout;
    use std::{cell::RefCell, rc::Rc, time::Duration};
    use wasm_bindgen::{closure::Closure, JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::js_sys;

    /// Events arriving together (a teller's call moves several tickets) cost one fetch.
    const GATHER: Duration = Duration::from_millis(150);
    /// A region with a field in use is not replaced under the typist; it is tried again later.
    const RETRY: Duration = Duration::from_secs(3);

    struct Region {
        id: String,
        topics: Vec<Topic>,
        poll_seconds: u32,
    }

    struct Followed {
        region: Region,
        /// The region as last rendered by the server (`signature`): a refresh that renders the
        /// same leaves the region (and what the customer opened or typed in it) alone.
        rendered: String,
        polling: bool,
    }

    #[derive(Default)]
    struct Page {
        regions: Vec<Followed>,
        since: Option<i64>,
        customer: Option<String>,
        seen: i64,
        opened: bool,
        dirty: Vec<String>,
        scheduled: bool,
        fetching: bool,
        refreshed: Vec<Rc<dyn Fn()>>,
        connection: Vec<Rc<dyn Fn(bool)>>,
    }

    thread_local! {
        static PAGE: RefCell<Page> = RefCell::new(Page::default());
    }

    /// Registers the regions of the document that are not followed yet (marked once followed).
    pub(super) fn scan() {
        let Some(root) = document().and_then(|d| d.document_element()) else { return };
        for element in elements(&root, ".live-region[data-topics]:not([data-followed])") {
            let _ = element.set_attribute("data-followed", "");
            let attribute = |name: &str| element.get_attribute(name).unwrap_or_default();
            let topics = attribute("data-topics").split(' ').filter_map(Topic::parse).collect();
            let poll_seconds = attribute("data-poll-seconds").parse().unwrap_or(0);
            let customer = Some(attribute("data-customer")).filter(|c| !c.is_empty());
            region(
                Region { id: element.id(), topics, poll_seconds },
                attribute("data-since").parse().unwrap_or(0),
                customer,
            );
        }
    }

    fn region(region: Region, since: i64, customer: Option<String>) {
        let rendered =
            document().and_then(|d| d.get_element_by_id(&region.id)).map(|e| signature(&e)).unwrap_or_default();
        let id = region.id.clone();
        let open = PAGE.with_borrow_mut(|page| {
            if since > 0 {
                page.since = Some(page.since.map_or(since, |s| s.min(since)));
            }
            if customer.is_some() {
                page.customer = customer;
            }
            // A region swapped in by a refresh hydrates again: it replaces its earlier self.
            let polling = page.regions.iter().any(|f| f.region.id == id && f.polling);
            page.regions.retain(|f| f.region.id != id);
            page.regions.push(Followed { region, rendered, polling });
            !std::mem::replace(&mut page.opened, true)
        });
        keep_polling(&id);
        if open {
            // Every region of the page registers first: the stream then opens once, from the
            // oldest point any of them was rendered at.
            set_timeout(open_stream, Duration::ZERO);
        }
    }

    /// Runs `f` with `true` when the page's stream opens and `false` when it drops (it then
    /// reconnects by itself).
    pub fn on_connection(f: impl Fn(bool) + 'static) {
        PAGE.with_borrow_mut(|page| page.connection.push(Rc::new(f)));
    }

    /// Runs `f` after every refresh that replaced a region.
    pub fn on_refreshed(f: impl Fn() + 'static) {
        PAGE.with_borrow_mut(|page| page.refreshed.push(Rc::new(f)));
    }

    fn document() -> Option<web_sys::Document> {
        web_sys::window().and_then(|w| w.document())
    }

    fn open_stream() {
        let (since, customer) = PAGE.with_borrow(|page| (page.since.unwrap_or(0), page.customer.clone()));
        let mut url = String::from("/api/v1/live?");
        if since > 0 {
            url.push_str("since=");
            url.push_str(&since.to_string());
            url.push('&');
        }
        if let Some(customer) = customer {
            url.push_str("customer=");
            url.push_str(&customer);
        }
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        for topic in Topic::ALL {
            let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                arrived(topic, event.last_event_id().parse().unwrap_or(0))
            });
            let _ = source.add_event_listener_with_callback(topic.as_str(), listener.as_ref().unchecked_ref());
            // The page keeps its stream as long as it lives.
            listener.forget();
        }
        let set = |up: bool| {
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                for listener in PAGE.with_borrow(|page| page.connection.clone()) {
                    listener(up);
                }
            })
        };
        let (opened, failed) = (set(true), set(false));
        source.set_onopen(Some(opened.as_ref().unchecked_ref()));
        source.set_onerror(Some(failed.as_ref().unchecked_ref()));
        opened.forget();
        failed.forget();
        // The EventSource reconnects by itself, sending Last-Event-ID: the server replays what
        // the page missed meanwhile.
        std::mem::forget(source);
    }

    fn arrived(topic: Topic, id: i64) {
        let ids: Vec<String> = PAGE.with_borrow_mut(|page| {
            page.seen = page.seen.max(id);
            page.regions.iter().filter(|f| f.region.topics.contains(&topic)).map(|f| f.region.id.clone()).collect()
        });
        for id in ids {
            mark(id, GATHER);
        }
    }

    fn mark(id: String, after: Duration) {
        let schedule = PAGE.with_borrow_mut(|page| {
            if !page.dirty.contains(&id) {
                page.dirty.push(id);
            }
            !std::mem::replace(&mut page.scheduled, true)
        });
        if schedule {
            set_timeout(refresh, after);
        }
    }

    fn keep_polling(id: &str) {
        let Some(element) = document().and_then(|d| d.get_element_by_id(id)) else {
            return;
        };
        let wants = element.query_selector("[data-poll]").ok().flatten().is_some();
        let seconds = PAGE.with_borrow_mut(|page| {
            let followed = page.regions.iter_mut().find(|f| f.region.id == id)?;
            let seconds = followed.region.poll_seconds;
            (wants && seconds > 0 && !std::mem::replace(&mut followed.polling, true)).then_some(seconds)
        });
        if let Some(seconds) = seconds {
            let id = id.to_string();
            set_timeout(
                move || {
                    PAGE.with_borrow_mut(|page| {
                        if let Some(f) = page.regions.iter_mut().find(|f| f.region.id == id) {
                            f.polling = false;
                        }
                    });
                    mark(id, Duration::ZERO);
                },
                Duration::from_secs(seconds.into()),
            );
        }
    }

    fn refresh() {
        let batch = PAGE.with_borrow_mut(|page| {
            page.scheduled = false;
            if std::mem::replace(&mut page.fetching, true) {
                // A fetch is under way: it schedules the next when it is done.
                return None;
            }
            Some((std::mem::take(&mut page.dirty), page.seen))
        });
        let Some((batch, seen)) = batch else { return };
        wasm_bindgen_futures::spawn_local(async move {
            let fresh = fetch_page(seen).await;
            let mut later = Vec::new();
            let mut replaced = false;
            if let Some(fresh) = fresh {
                for id in &batch {
                    match swap(id, &fresh) {
                        Swap::Replaced => replaced = true,
                        Swap::Later => later.push(id.clone()),
                        Swap::Same => {}
                    }
                }
            }
            for id in &batch {
                keep_polling(id);
            }
            let (again, listeners) = PAGE.with_borrow_mut(|page| {
                page.fetching = false;
                let listeners = if replaced { page.refreshed.clone() } else { Vec::new() };
                (!page.dirty.is_empty() && !std::mem::replace(&mut page.scheduled, true), listeners)
            });
            for listener in listeners {
                listener();
            }
            if again {
                set_timeout(refresh, GATHER);
            }
            for id in later {
                mark(id, RETRY);
            }
        });
    }

    async fn fetch_page(seen: i64) -> Option<web_sys::Document> {
        let window = web_sys::window()?;
        let href = window.location().href().ok()?;
        let headers = web_sys::Headers::new().ok()?;
        headers.set(SEEN_HEADER, &seen.to_string()).ok()?;
        let init = web_sys::RequestInit::new();
        init.set_headers(&headers);
        init.set_cache(web_sys::RequestCache::NoStore);
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&href, &init)).await.ok()?.dyn_into().ok()?;
        // An error page (a limit reached, the server restarting) leaves what is shown alone.
        if !response.ok() {
            return None;
        }
        let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
        web_sys::DomParser::new().ok()?.parse_from_string(&text, web_sys::SupportedType::TextHtml).ok()
    }

    enum Swap {
        Replaced,
        Same,
        Later,
    }

    fn swap(id: &str, fresh: &web_sys::Document) -> Swap {
        let (Some(document), Some(new)) = (document(), fresh.get_element_by_id(id)) else {
            return Swap::Same;
        };
        let Some(old) = document.get_element_by_id(id) else {
            return Swap::Same;
        };
        let rendered = signature(&new);
        let unchanged =
            PAGE.with_borrow(|page| page.regions.iter().any(|f| f.region.id == id && f.rendered == rendered));
        if unchanged {
            return Swap::Same;
        }
        if editing_inside(&document, &old) {
            return Swap::Later;
        }
        PAGE.with_borrow_mut(|page| {
            if let Some(f) = page.regions.iter_mut().find(|f| f.region.id == id) {
                f.rendered = rendered;
            }
        });
        old.set_inner_html(&new.inner_html());
        hydrate_islands_in(&old);
        Swap::Replaced
    }

    /// The elements under `root` that match `selector`, in document order.
    pub fn elements(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
        let Ok(found) = root.query_selector_all(selector) else { return Vec::new() };
        (0..found.length()).filter_map(|i| found.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
    }

    /// What decides whether a region changed: the `data-live-key` its content carries where the
    /// page marks one (a pending payment changes only when its status does, not with every
    /// second of its countdown), else its whole HTML.
    fn signature(region: &web_sys::Element) -> String {
        match region.query_selector("[data-live-key]").ok().flatten().and_then(|e| e.get_attribute("data-live-key")) {
            Some(key) => "key:".to_owned() + &key,
            None => region.inner_html(),
        }
    }

    fn editing_inside(document: &web_sys::Document, region: &web_sys::Element) -> bool {
        document.active_element().is_some_and(|active| {
            region.contains(Some(&active)) && matches!(active.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        })
    }

    /// The islands inside a replaced region (a copy button, a countdown) come alive again
    /// through the hook Leptos' island loader leaves on `window`.
    fn hydrate_islands_in(root: &web_sys::Element) {
        let Some(window) = web_sys::window() else { return };
        let Some(hydrate) = js_sys::Reflect::get(&window, &JsValue::from_str("__hydrateIsland"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            return;
        };
        for island in elements(root, "leptos-island") {
            let component = island.get_attribute("data-component").unwrap_or_default();
            let _ = hydrate.call2(&JsValue::NULL, &island, &JsValue::from_str(&component));
        }
    }
}
