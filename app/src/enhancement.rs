//! The WebAssembly that brings a page's islands to life (live regions, copy and print buttons, the
//! queue screen's speech) is fetched only once the page has loaded (the JS and the wasm at once). Every
//! page is whole without it, so a phone on a slow network sees and can use its bill first, and the
//! bundle never competes with the HTML and CSS for the connection: Leptos' own `HydrationScripts`
//! preloads it up front, which on "Slow 4G" put the bill's first paint 0.5 s later.
//!
//! The loader then does what Leptos' island loader does: `hydrate()`, each `<leptos-island>` in
//! document order (awaiting lazy ones, whose chunks it fetches), and `window.__hydrateIsland` for
//! islands a live region swaps in later; `<html data-hydrated>` once every island runs.

use leptos::prelude::*;

/// What every page links to, worked out once per process: the stylesheet's address and the
/// loader script. The names come from the `hash.txt` cargo-leptos leaves beside the server binary
/// (`hash-files`); reading it for every page (as leptos_meta's `HashedStylesheet` does) would put
/// a file read on every request.
pub struct Bundle {
    pub stylesheet: String,
    pub loader: String,
    /// The address of every file of the bundle, lazy islands' chunks included, and the
    /// counter's bundle: what a service worker keeps so that a page works offline
    /// (`/pkg/tirta.<hash>.js`, …).
    pub files: Vec<String>,
    /// What loads the offline counter's own bundle (`counter/`), when it was built.
    pub counter_loader: Option<String>,
}

impl Bundle {
    pub fn get(options: &LeptosOptions) -> &'static Bundle {
        static BUNDLE: std::sync::OnceLock<Bundle> = std::sync::OnceLock::new();
        BUNDLE.get_or_init(|| {
            let names = bundle_names(options);
            let pkg = &options.site_pkg_dir;
            let mut files = vec![
                format!("/{pkg}/{}.js", names.js),
                format!("/{pkg}/{}.wasm", names.wasm),
                format!("/{pkg}/{}.css", names.css),
            ];
            if let Some((loader, manifest)) = &names.split {
                files.push(format!("/{pkg}/{loader}.js"));
                files.push(format!("/{pkg}/{manifest}.json"));
                let path = std::path::Path::new(&*options.site_root).join(&**pkg).join(format!("{manifest}.json"));
                files.extend(
                    split_chunks(&std::fs::read_to_string(path).unwrap_or_default())
                        .map(|c| format!("/{pkg}/{c}.wasm")),
                );
            }
            let counter =
                std::fs::read_to_string(std::path::Path::new(&*options.site_root).join(&**pkg).join(COUNTER_NAMES))
                    .ok()
                    .and_then(|names| counter_names(&names));
            let counter_loader = counter.as_ref().map(|(js, wasm)| {
                files.push(format!("/{pkg}/{js}"));
                files.push(format!("/{pkg}/{wasm}"));
                format!("import('/{pkg}/{js}').then((m) => m.default({{ module_or_path: '/{pkg}/{wasm}' }}));")
            });
            Bundle {
                stylesheet: format!("/{pkg}/{}.css", names.css),
                loader: loader_script(pkg, &names.js, &names.wasm),
                files,
                counter_loader,
            }
        })
    }
}

/// Beside the bundle, `scripts/build-counter.sh` names the counter's bundle files, with their
/// content hash: `js: counter.<hash>.js` and `wasm: counter.<hash>.wasm`.
pub const COUNTER_NAMES: &str = "counter.txt";

/// The counter bundle's (JS, wasm) file names.
pub fn counter_names(listed: &str) -> Option<(String, String)> {
    let name = |key: &str| {
        listed
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim().to_string())
    };
    let safe = |n: &String| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    Some((name("js").filter(safe)?, name("wasm").filter(safe)?))
}

/// The chunks a split build's manifest names (`{"island_loader_0": ["chunk_1", …], …}`), each once.
pub fn split_chunks(manifest: &str) -> impl Iterator<Item = String> {
    let islands: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(manifest).unwrap_or_default();
    islands.into_values().flatten().collect::<std::collections::BTreeSet<_>>().into_iter()
}

/// The bundle's file names, without extensions: with cargo-leptos' `hash-files`, carrying the
/// hashes in its `hash.txt`.
pub struct BundleNames {
    pub js: String,
    pub wasm: String,
    pub css: String,
    /// Built with `--split`: the split loader's and the manifest's names.
    pub split: Option<(String, String)>,
}

pub fn bundle_names(options: &LeptosOptions) -> BundleNames {
    let mut js = options.output_name.to_string();
    let mut wasm = options.output_name.to_string();
    let mut css = options.output_name.to_string();
    let (mut loader, mut manifest) = (None, None);
    let hashes = options
        .hash_files
        .then(|| std::env::current_exe().ok()?.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .flatten()
        .and_then(|path| std::fs::read_to_string(path).ok());
    match hashes {
        Some(hashes) => {
            for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                let name = match file {
                    "js" => &mut js,
                    "wasm" => &mut wasm,
                    "css" => &mut css,
                    "split" => loader.insert("__wasm_split".to_string()),
                    "manifest" => manifest.insert("__wasm_split_manifest".to_string()),
                    _ => continue,
                };
                name.push('.');
                name.push_str(hash.trim());
            }
        }
        None if std::option_env!("LEPTOS_OUTPUT_NAME").is_none() => wasm.push_str("_bg"),
        None => {}
    }
    BundleNames { js, wasm, css, split: loader.zip(manifest) }
}

pub fn loader_script(pkg: &str, js: &str, wasm: &str) -> String {
    format!(
        "(function () {{\n\
         \tconst island = (mod, el) => {{ const f = mod[el.dataset.component]; return f ? f(el) : undefined; }};\n\
         \tconst walk = async (mod, node) => {{\n\
         \t\tfor (const child of node.children) {{\n\
         \t\t\tif (child.tagName === 'LEPTOS-ISLAND') await island(mod, child);\n\
         \t\t\tawait walk(mod, child);\n\
         \t\t}}\n\
         \t}};\n\
         \tconst enhance = () => {{\n\
         \t\tconst wasm = fetch('/{pkg}/{wasm}.wasm');\n\
         \t\treturn import('/{pkg}/{js}.js').then(async (mod) => {{\n\
         \t\tawait mod.default({{ module_or_path: wasm }});\n\
         \t\tmod.hydrate();\n\
         \t\twindow.__hydrateIsland = (el) => island(mod, el);\n\
         \t\tawait walk(mod, document.body);\n\
         \t\tdocument.documentElement.setAttribute('data-hydrated', '');\n\
         \t}});\n\
         \t}};\n\
         \tif (document.readyState === 'complete') enhance(); else addEventListener('load', enhance);\n\
         }})();"
    )
}

#[component]
pub fn DeferredEnhancement(options: LeptosOptions) -> impl IntoView {
    // Islands: only what an island renders is hydrated, so nothing else (no page's resource)
    // is serialised into the HTML. Leptos' own loader says the same to the renderer.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let script = Bundle::get(&options).loader.as_str();
    view! { <script type="module">{script}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counters_bundle_is_named_by_its_build() {
        assert_eq!(
            counter_names("js: counter.ab12.js\nwasm: counter.ab12.wasm\n"),
            Some(("counter.ab12.js".into(), "counter.ab12.wasm".into()))
        );
        assert_eq!(counter_names("js: counter.js"), None, "both files or none");
        assert_eq!(counter_names("js: ../x.js\nwasm: y.wasm"), None, "a name, never a path");
    }

    #[test]
    fn a_split_build_names_each_chunk_once() {
        let chunks: Vec<String> =
            split_chunks(r#"{"counter_loader_0": ["chunk_2", "chunk_1"], "queue_loader_1": ["chunk_1"]}"#).collect();
        assert_eq!(chunks, ["chunk_1", "chunk_2"]);
        assert_eq!(split_chunks("not json").count(), 0);
    }

    #[test]
    fn the_loader_waits_for_the_page_and_names_both_files() {
        let script = loader_script("pkg", "tirta.abc", "tirta.def");
        assert!(script.contains("import('/pkg/tirta.abc.js')"));
        assert!(script.contains("fetch('/pkg/tirta.def.wasm')"));
        assert!(script.contains("addEventListener('load', enhance)"));
        assert!(!script.contains("preload"), "nothing is fetched before the page has loaded");
        assert!(script.contains("window.__hydrateIsland"), "live regions hydrate the islands they swap in");
        assert!(script.contains("setAttribute('data-hydrated'"), "marked once every island runs");
    }
}
