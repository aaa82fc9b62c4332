//! One live stream per page: an `EventSource` on `/api/v1/live`, opened once the page has
//! hydrated and shared by every part of the page through context. Parts subscribe to a topic
//! and get a counter that moves when an event of that topic arrives; they refetch their data.
//! Without JavaScript nothing opens and pages show what they were rendered with.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Live {
    notices: RwSignal<u64>,
    payments: RwSignal<u64>,
    channels: RwSignal<u64>,
    queue: RwSignal<u64>,
    /// The event id the stream resumes after; 0 until a part of the page reports the id it was
    /// rendered at.
    since: RwSignal<i64>,
    /// The newest event id the stream delivered: data refetched because of an event must be
    /// at least this new, whichever replica answers.
    seen: StoredValue<i64>,
    opened: StoredValue<bool>,
    connected: RwSignal<bool>,
    /// A customer token from the page's data: the stream then carries that customer's payments.
    customer: StoredValue<String>,
}

pub fn provide_live() {
    provide_context(Live {
        notices: RwSignal::new(0),
        payments: RwSignal::new(0),
        channels: RwSignal::new(0),
        queue: RwSignal::new(0),
        since: RwSignal::new(0),
        seen: StoredValue::new(0),
        opened: StoredValue::new(false),
        connected: RwSignal::new(false),
        customer: StoredValue::new(String::new()),
    });
}

pub fn use_live() -> Live {
    use_context::<Live>().unwrap_or_else(|| {
        provide_live();
        expect_context::<Live>()
    })
}

impl Live {
    /// Moves whenever a notice or announcement is published or changes.
    pub fn notices(self) -> Signal<u64> {
        self.notices.into()
    }

    /// Moves whenever a payment is credited.
    pub fn payments(self) -> Signal<u64> {
        self.payments.into()
    }

    /// Moves whenever a payment channel's state changes (a bank down, QRIS back).
    pub fn channels(self) -> Signal<u64> {
        self.channels.into()
    }

    /// Moves whenever a ticket moves or a counter opens or closes at any office.
    pub fn queue(self) -> Signal<u64> {
        self.queue.into()
    }

    /// The newest event id delivered so far (0: none).
    pub fn seen(self) -> i64 {
        self.seen.get_value()
    }

    /// Whether this page opened its stream (after hydration).
    pub fn opened(self) -> bool {
        self.opened.get_value()
    }

    pub fn connected(self) -> Signal<bool> {
        self.connected.into()
    }

    /// The page shows this customer (`token` from its data): their payments come on the stream.
    /// Called while rendering, before the stream opens.
    pub fn for_customer(self, token: &str) {
        self.customer.set_value(token.to_string());
    }

    /// Opens the page's stream (once), resuming after `head`: the event id the page's data was
    /// read at, so nothing published between rendering and connecting is missed.
    pub fn follow_from(self, head: i64) {
        if self.since.get_untracked() == 0 || head < self.since.get_untracked() {
            self.since.set(head);
        }
        #[cfg(feature = "hydrate")]
        self.open();
    }

    #[cfg(feature = "hydrate")]
    fn open(self) {
        use wasm_bindgen::{closure::Closure, JsCast};
        if self.opened.get_value() {
            return;
        }
        self.opened.set_value(true);
        // No `since`: the stream starts at the newest event (a page that knows no head).
        let mut url = "/api/v1/live?".to_string();
        let since = self.since.get_untracked();
        if since > 0 {
            url.push_str(&format!("since={since}&"));
        }
        let customer = self.customer.get_value();
        if !customer.is_empty() {
            url.push_str(&format!("customer={}", crate::url::percent_encode(&customer)));
        }
        let Ok(source) = web_sys::EventSource::new(&url) else {
            return;
        };
        let seen = self.seen;
        let on = |topic: &str, signal: RwSignal<u64>| {
            let callback = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Ok(id) = event.last_event_id().parse::<i64>() {
                    seen.update_value(|s| *s = (*s).max(id));
                }
                signal.update(|n| *n += 1)
            });
            let _ = source.add_event_listener_with_callback(topic, callback.as_ref().unchecked_ref());
            // The page keeps its stream as long as it lives.
            callback.forget();
        };
        use crate::model::live::Topic;
        on(Topic::Notice.as_str(), self.notices);
        on(Topic::Payment.as_str(), self.payments);
        on(Topic::Channel.as_str(), self.channels);
        on(Topic::Queue.as_str(), self.queue);
        let connected = self.connected;
        let open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| connected.set(true));
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
        open.forget();
        let error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| connected.set(false));
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        error.forget();
        // The EventSource reconnects by itself, sending Last-Event-ID; it must outlive this call.
        std::mem::forget(source);
    }
}
