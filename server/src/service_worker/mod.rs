//! Service workers. Each part of the portal that works offline has one, with a scope of its own:
//! the counter's keeps the counter page and the bundle so that a teller serves customers while
//! the server cannot be reached. Every worker is one script (`worker.js`) with its pages and the
//! current bundle's files written in by the server, the same way the pages learn the bundle's
//! names ([`app::enhancement::Bundle`]): a release never leaves a stale bundle cached.

use app::enhancement::Bundle;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use leptos::prelude::LeptosOptions;
use std::hash::{Hash, Hasher};

const SCRIPT: &str = include_str!("worker.js");

/// One offline part of the portal.
pub struct Worker {
    /// Where the script is served.
    pub path: &'static str,
    /// The pages it controls (`Service-Worker-Allowed`, wider than the script's own folder).
    pub scope: &'static str,
    /// The pages kept for offline use, as the member last saw them online.
    pub pages: &'static [&'static str],
    /// Its caches' names start with this; another worker's caches are not its to drop.
    pub cache: &'static str,
}

/// The counter: `/staf/loket` and what it loads.
pub const COUNTER: Worker =
    Worker { path: "/sw/loket.js", scope: "/staf/loket", pages: &["/staf/loket"], cache: "tirta-loket" };

impl Worker {
    /// The worker's script for this bundle; `hashed`: its file names carry content hashes.
    pub fn script(&self, bundle: &Bundle, hashed: bool) -> String {
        let mut files = bundle.files.clone();
        files.push("/favicon.svg".into());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&files, self.pages).hash(&mut hasher);
        // Unhashed names (a debug build) change content under the same name: the server's
        // start marks a new cache then.
        if !hashed {
            started().hash(&mut hasher);
        }
        let json = |list: &[String]| serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
        let pages: Vec<String> = self.pages.iter().map(|p| p.to_string()).collect();
        SCRIPT
            .replace("__CACHE__", &format!("{}:{:016x}", self.cache, hasher.finish()))
            .replace("__PREFIX__", &format!("{}:", self.cache))
            .replace("__PAGES__", &json(&pages))
            .replace("__FILES__", &json(&files))
    }
}

fn started() -> std::time::SystemTime {
    static STARTED: std::sync::OnceLock<std::time::SystemTime> = std::sync::OnceLock::new();
    *STARTED.get_or_init(std::time::SystemTime::now)
}

/// `GET /sw/loket.js`. Revalidated on every visit, as browsers do for workers anyway.
pub async fn counter(State(options): State<LeptosOptions>) -> Response {
    serve(&COUNTER, &options)
}

fn serve(worker: &Worker, options: &LeptosOptions) -> Response {
    let script = worker.script(Bundle::get(options), options.hash_files);
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/javascript; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static(crate::assets::REVALIDATE)),
            (header::HeaderName::from_static("service-worker-allowed"), HeaderValue::from_static(worker.scope)),
        ],
        script,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(js: &str) -> Bundle {
        Bundle {
            stylesheet: "/pkg/tirta.c1.css".into(),
            loader: String::new(),
            files: vec![format!("/pkg/{js}.js"), "/pkg/tirta.w1.wasm".into(), "/pkg/chunk_3.w9.wasm".into()],
            counter_loader: None,
        }
    }

    #[test]
    fn the_counters_worker_names_the_bundle_and_a_new_bundle_makes_a_new_cache() {
        let script = COUNTER.script(&bundle("tirta.j1"), true);
        assert!(script.contains(
            r#"const FILES = ["/pkg/tirta.j1.js","/pkg/tirta.w1.wasm","/pkg/chunk_3.w9.wasm","/favicon.svg"];"#
        ));
        assert!(script.contains(r#"const PAGES = ["/staf/loket"];"#));
        assert!(script.contains("const PREFIX = 'tirta-loket:';"));
        assert!(!script.contains("__"), "every placeholder is filled");
        let cache = |s: &str| s.lines().find(|l| l.starts_with("const CACHE")).unwrap().to_string();
        assert_eq!(cache(&script), cache(&COUNTER.script(&bundle("tirta.j1"), true)));
        assert_ne!(cache(&script), cache(&COUNTER.script(&bundle("tirta.j2"), true)));
    }
}
