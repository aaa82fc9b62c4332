//! What a phone downloads: the browser bundle precompressed and cached for a year under hashed
//! names, pages compressed on the fly, event streams never buffered by compression.

use crate::common;

use common::{spawn, Options};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundle_is_served_precompressed_with_a_long_cache_life() {
    let site = std::env::temp_dir().join(format!("tirta-site-{}", std::process::id()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    let css = ".bill { color: #0a5a8a; }\n".repeat(400);
    std::fs::write(site.join("pkg/tirta.AbC123.css"), &css).unwrap();
    assert_eq!(server::assets::precompress(&site.join("pkg")).unwrap(), 1);
    let app = spawn(Options { site_root: Some(site.display().to_string()), ..Options::default() }).await;

    let brotli = app.get_with("/pkg/tirta.AbC123.css", &[("accept-encoding", "gzip, deflate, br")]).await;
    assert_eq!(brotli.status, 200);
    assert_eq!(brotli.headers["content-encoding"], "br");
    assert_eq!(brotli.headers["cache-control"], server::assets::IMMUTABLE);
    assert!(brotli.headers["content-type"].to_str().unwrap().starts_with("text/css"));
    let gzip = app.get_with("/pkg/tirta.AbC123.css", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gzip.headers["content-encoding"], "gzip");
    let plain = app.get_with("/pkg/tirta.AbC123.css", &[("accept-encoding", "identity")]).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(plain.body, css, "a browser that takes no encoding gets the file itself");
    assert_eq!(app.get("/pkg/tirta.missing.css").await.status, 404);
    std::fs::remove_dir_all(&site).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_and_live_streams_are_not() {
    let app = spawn(Options::default()).await;
    let response =
        app.client.get(format!("{}/tarif", app.base)).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let live =
        app.client.get(format!("{}/api/v1/live", app.base)).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(live.status(), 200);
    assert!(live.headers().get("content-encoding").is_none(), "events must reach the page as they happen");
}
