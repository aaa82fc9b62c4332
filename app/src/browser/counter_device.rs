//! The counter device: what it keeps in IndexedDB (its office's snapshot, its offline receipt
//! numbers, its outbox) and how it talks to the server's counter API when it answers.

use super::idb::Db;
use crate::domain::offline::ReceiptBlock;
use crate::model::counter_devices::{DeviceRefusal, Snapshot, SyncAnswer, SyncRequest};
use crate::model::offline_counter::{forgettable, next_batch, Numbers, OutboxEntry, NUMBERS_LOW};
use wasm_bindgen::JsValue;

const DATABASE: &str = "tirta-loket";
const KV: &str = "kv";
const OUTBOX: &str = "outbox";
const SNAPSHOT: &str = "snapshot";
const NUMBERS: &str = "numbers";

/// How a contact with the server went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contact {
    Reached,
    Unreachable,
    Refused(DeviceRefusal),
}

pub struct Device {
    db: Db,
    pub snapshot: Option<Snapshot>,
    pub numbers: Numbers,
    /// Oldest first.
    pub outbox: Vec<OutboxEntry>,
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// How long a request may take: a whole office's snapshot on a slow link takes a while.
const SNAPSHOT_TIMEOUT_MS: i32 = 120_000;
const TIMEOUT_MS: i32 = 15_000;

/// A request to the counter API, read as `T` when it succeeds.
async fn call<T: serde::de::DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&str>,
    timeout_ms: i32,
) -> Result<T, Contact> {
    match super::request(method, url, body, timeout_ms).await {
        None => Err(Contact::Unreachable),
        Some((status, text)) if (200..300).contains(&status) => {
            // Not what the API answers (a captive portal's or a proxy's page): not the server.
            serde_json::from_str(&text).map_err(|_| Contact::Unreachable)
        }
        // A proxy in front of a server that is down answers 502 to 504.
        Some((status, _)) if status >= 500 => Err(Contact::Unreachable),
        Some((_, text)) => {
            let code = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("code").and_then(|c| c.as_str()).and_then(|c| c.parse().ok()));
            Err(Contact::Refused(code.unwrap_or(DeviceRefusal::Other)))
        }
    }
}

impl Device {
    /// What the device holds, as the last page left it.
    pub async fn load() -> Result<Device, JsValue> {
        let db = Db::open(DATABASE, &[KV, OUTBOX]).await?;
        let snapshot = db.get(KV, SNAPSHOT).await?.and_then(|s| serde_json::from_str(&s).ok());
        let mut device = Device { db, snapshot, numbers: Numbers::default(), outbox: Vec::new() };
        device.reload().await?;
        Ok(device)
    }

    /// Reads the numbers and the outbox again: another tab of this browser may have used them.
    pub async fn reload(&mut self) -> Result<(), JsValue> {
        let numbers = self.db.get(KV, NUMBERS).await?.and_then(|s| serde_json::from_str(&s).ok());
        let mut outbox: Vec<OutboxEntry> =
            self.db.all(OUTBOX).await?.iter().filter_map(|s| serde_json::from_str(s).ok()).collect();
        outbox.sort_by_key(|e| (e.payment.taken_at, e.payment.receipt_number));
        self.numbers = numbers.unwrap_or_default();
        self.outbox = outbox;
        Ok(())
    }

    pub fn waiting(&self) -> i64 {
        self.outbox.iter().filter(|e| e.waiting()).count() as i64
    }

    /// Stores the payment and the numbers left after it in one transaction: once this returns,
    /// the receipt may print, and neither the payment nor its number can be lost or used again.
    pub async fn record(&mut self, entry: OutboxEntry, numbers: Numbers) -> Result<(), JsValue> {
        self.db.write(&[(OUTBOX, &entry.payment.key, &json(&entry)), (KV, NUMBERS, &json(&numbers))], &[]).await?;
        self.outbox.push(entry);
        self.numbers = numbers;
        Ok(())
    }

    /// Brings the office's snapshot up to date: only what changed, once the device holds one.
    pub async fn refresh(&mut self) -> Contact {
        let mut url = format!("/api/v1/counter/snapshot?outbox={}", self.waiting());
        if let Some(held) = &self.snapshot {
            url.push_str(&format!("&since={}", crate::url::percent_encode(&held.cursor)));
        }
        let newer: Snapshot = match call("GET", &url, None, SNAPSHOT_TIMEOUT_MS).await {
            Ok(s) => s,
            Err(contact) => return contact,
        };
        let mut snapshot = self.snapshot.take().unwrap_or_else(|| newer.clone());
        snapshot.apply(newer);
        if self.db.write(&[(KV, SNAPSHOT, &json(&snapshot))], &[]).await.is_err() {
            leptos::logging::warn!("the office's snapshot could not be stored");
        }
        self.snapshot = Some(snapshot);
        Contact::Reached
    }

    /// Asks for another block of receipt numbers when few are left.
    pub async fn top_up(&mut self) -> Contact {
        if self.numbers.remaining() >= NUMBERS_LOW {
            return Contact::Reached;
        }
        let body = format!("{{\"outbox\":{}}}", self.waiting());
        let block: ReceiptBlock = match call("POST", "/api/v1/counter/receipt-block", Some(&body), TIMEOUT_MS).await {
            Ok(b) => b,
            Err(contact) => return contact,
        };
        if self.reload().await.is_err() {
            return Contact::Refused(DeviceRefusal::Other);
        }
        let mut numbers = self.numbers.clone();
        numbers.add(block);
        if self.db.write(&[(KV, NUMBERS, &json(&numbers))], &[]).await.is_ok() {
            self.numbers = numbers;
        }
        Contact::Reached
    }

    /// Sends the outbox, oldest first, in batches, and keeps each answer. Sent twice (the link
    /// dropped before the answer came), a payment gets the same answer.
    pub async fn send(&mut self) -> Contact {
        loop {
            let payments = next_batch(&self.outbox);
            if payments.is_empty() {
                return Contact::Reached;
            }
            let request = SyncRequest { outbox: self.waiting(), payments };
            let answer: SyncAnswer = match call("POST", "/api/v1/counter/sync", Some(&json(&request)), TIMEOUT_MS).await
            {
                Ok(a) => a,
                Err(contact) => return contact,
            };
            let now = super::now();
            let mut answered = Vec::new();
            for result in answer.results {
                if let Some(entry) = self.outbox.iter().find(|e| e.payment.key == result.key) {
                    answered.push(OutboxEntry { outcome: Some(result.outcome), synced_at: Some(now), ..entry.clone() });
                }
            }
            if answered.is_empty() {
                return Contact::Refused(DeviceRefusal::Other);
            }
            let values: Vec<(String, String)> = answered.iter().map(|e| (e.payment.key.clone(), json(e))).collect();
            let puts: Vec<(&str, &str, &str)> = values.iter().map(|(k, v)| (OUTBOX, k.as_str(), v.as_str())).collect();
            if self.db.write(&puts, &[]).await.is_err() {
                return Contact::Refused(DeviceRefusal::Other);
            }
            for entry in answered {
                if let Some(kept) = self.outbox.iter_mut().find(|e| e.payment.key == entry.payment.key) {
                    *kept = entry;
                }
            }
        }
    }

    /// Forgets payments sent days ago (the server keeps them).
    pub async fn forget_old(&mut self) {
        let now = super::now();
        let old: Vec<String> =
            self.outbox.iter().filter(|e| forgettable(e, now)).map(|e| e.payment.key.clone()).collect();
        if old.is_empty() {
            return;
        }
        let deletes: Vec<(&str, &str)> = old.iter().map(|k| (OUTBOX, k.as_str())).collect();
        if self.db.write(&[], &deletes).await.is_ok() {
            self.outbox.retain(|e| !old.contains(&e.payment.key));
        }
    }

    /// Asks the browser to keep the device's data even when space runs short.
    pub fn keep_storage() {
        if let Some(window) = web_sys::window() {
            if let Ok(promise) = window.navigator().storage().persist() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                });
            }
        }
    }

    /// Installs the counter's service worker (served by the server, `/sw/loket.js`).
    pub fn install_worker() {
        let Some(window) = web_sys::window() else { return };
        let options = web_sys::RegistrationOptions::new();
        options.set_scope("/staf/loket");
        let promise = window.navigator().service_worker().register_with_options("/sw/loket.js", &options);
        wasm_bindgen_futures::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
                leptos::logging::warn!("the counter's service worker could not be installed");
            }
        });
    }
}
