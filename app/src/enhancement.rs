//! The WebAssembly that enhances a page (live updates, instant forms, speech on the queue screen)
//! is fetched only once the page has loaded and the browser is idle. Every page is whole without
//! it, so a phone on a slow network sees and can use its bill first, and the bundle never competes
//! with the HTML and CSS for the connection (Leptos' own `HydrationScripts` preloads it up front).

use leptos::prelude::*;

/// The bundle's file names: with cargo-leptos' `hash-files`, the hashes in the `hash.txt` it
/// leaves beside the server binary.
pub fn bundle_names(options: &LeptosOptions) -> (String, String) {
    let mut js = options.output_name.to_string();
    let mut wasm = options.output_name.to_string();
    let hashes = options
        .hash_files
        .then(|| std::env::current_exe().ok()?.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .flatten()
        .and_then(|path| std::fs::read_to_string(path).ok());
    match hashes {
        Some(hashes) => {
            for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                match file {
                    "js" => js.push_str(&format!(".{}", hash.trim())),
                    "wasm" => wasm.push_str(&format!(".{}", hash.trim())),
                    _ => {}
                }
            }
        }
        None if std::option_env!("LEPTOS_OUTPUT_NAME").is_none() => wasm.push_str("_bg"),
        None => {}
    }
    (js, wasm)
}

pub fn loader_script(pkg: &str, js: &str, wasm: &str) -> String {
    format!(
        "(function () {{\n\
         \tconst enhance = () => import('/{pkg}/{js}.js').then((m) => m.default({{ module_or_path: '/{pkg}/{wasm}.wasm' }}).then(() => m.hydrate()));\n\
         \tconst idle = () => ('requestIdleCallback' in window ? requestIdleCallback(enhance, {{ timeout: 1000 }}) : setTimeout(enhance, 0));\n\
         \tif (document.readyState === 'complete') idle(); else addEventListener('load', idle);\n\
         }})();"
    )
}

#[component]
pub fn DeferredEnhancement(options: LeptosOptions) -> impl IntoView {
    // Rendered into every page: the names are read from disk once per process, not per request.
    static SCRIPT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let script = SCRIPT.get_or_init(|| {
        let (js, wasm) = bundle_names(&options);
        loader_script(&options.site_pkg_dir, &js, &wasm)
    });
    view! { <script type="module">{script.as_str()}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_waits_for_the_page_and_names_both_files() {
        let script = loader_script("pkg", "tirta.abc", "tirta.def");
        assert!(script.contains("import('/pkg/tirta.abc.js')"));
        assert!(script.contains("module_or_path: '/pkg/tirta.def.wasm'"));
        assert!(script.contains("addEventListener('load', idle)"));
        assert!(!script.contains("preload"), "nothing is fetched before the page has loaded");
    }
}
