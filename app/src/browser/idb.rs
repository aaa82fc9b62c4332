//! IndexedDB, as much of it as the counter needs: string values under string keys in a few
//! stores, read one or all at a time, written several in one transaction.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{js_sys, IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

pub struct Db(IdbDatabase);

/// Resolves with the request's result once it succeeds.
fn request_done(request: &IdbRequest) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(failed.unchecked_ref()));
    })
}

/// Resolves once the transaction is committed; rejects if it aborts.
fn committed(tx: &IdbTransaction) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed: JsValue = Closure::<dyn Fn(JsValue)>::new(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        })
        .into_js_value();
        tx.set_oncomplete(Some(ok.unchecked_ref()));
        tx.set_onerror(Some(failed.unchecked_ref()));
        tx.set_onabort(Some(failed.unchecked_ref()));
    })
}

impl Db {
    /// Opens (or creates) database `name` with these stores.
    pub async fn open(name: &str, stores: &'static [&'static str]) -> Result<Db, JsValue> {
        let factory = web_sys::window()
            .ok_or_else(|| JsValue::from_str("no window"))?
            .indexed_db()?
            .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
        let open = factory.open_with_u32(name, 1)?;
        let creating = open.clone();
        let upgrade = Closure::once_into_js(move || {
            if let Ok(db) = creating.result() {
                let db: IdbDatabase = db.unchecked_into();
                for store in stores {
                    if !db.object_store_names().contains(store) {
                        let _ = db.create_object_store(store);
                    }
                }
            }
        });
        open.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let db = JsFuture::from(request_done(&open)).await?;
        Ok(Db(db.unchecked_into()))
    }

    pub async fn get(&self, store: &str, key: &str) -> Result<Option<String>, JsValue> {
        let tx = self.0.transaction_with_str(store)?;
        let request = tx.object_store(store)?.get(&JsValue::from_str(key))?;
        Ok(JsFuture::from(request_done(&request)).await?.as_string())
    }

    pub async fn all(&self, store: &str) -> Result<Vec<String>, JsValue> {
        let tx = self.0.transaction_with_str(store)?;
        let request = tx.object_store(store)?.get_all()?;
        let values: js_sys::Array = JsFuture::from(request_done(&request)).await?.unchecked_into();
        Ok(values.iter().filter_map(|v| v.as_string()).collect())
    }

    /// Puts every `(store, key, value)` and deletes every `(store, key)` in one transaction:
    /// all of it is stored, or none.
    pub async fn write(&self, puts: &[(&str, &str, &str)], deletes: &[(&str, &str)]) -> Result<(), JsValue> {
        let names = js_sys::Array::new();
        for store in puts.iter().map(|p| p.0).chain(deletes.iter().map(|d| d.0)) {
            if !names.includes(&JsValue::from_str(store), 0) {
                names.push(&JsValue::from_str(store));
            }
        }
        let tx = self.0.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readwrite)?;
        let done = committed(&tx);
        let queued = (|| -> Result<(), JsValue> {
            for (store, key, value) in puts {
                tx.object_store(store)?.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))?;
            }
            for (store, key) in deletes {
                tx.object_store(store)?.delete(&JsValue::from_str(key))?;
            }
            Ok(())
        })();
        if let Err(e) = queued {
            // What was queued before the failure must not commit without the rest.
            let _ = tx.abort();
            return Err(e);
        }
        JsFuture::from(done).await?;
        Ok(())
    }
}
