//! The browser bundle (`/pkg`: wasm, JavaScript, CSS), served precompressed. Compressing once at
//! start, next to each file, costs a phone the fewest bytes (brotli at its best quality) and the
//! server nothing per request. With cargo-leptos' `hash-files` the names change with the content,
//! so they are cached for a year; unhashed names must be revalidated.

use axum::http::{header, HeaderValue};
use axum::Router;
use std::io::Write;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "svg", "json", "txt", "html"];
/// Larger files are debug builds, never sent to phones: compressed on the fly instead of
/// spending minutes of brotli's best quality on them.
const LARGEST: u64 = 4 * 1024 * 1024;
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// Writes `<file>.br` and `<file>.gz` beside every compressible file under `dir` that lacks
/// them or changed since. Returns how many files were compressed.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut done = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            done += precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) || std::fs::metadata(&path)?.len() > LARGEST {
            continue;
        }
        let br = with_suffix(&path, "br");
        let gz = with_suffix(&path, "gz");
        if fresh(&path, &br) && fresh(&path, &gz) {
            continue;
        }
        let content = std::fs::read(&path)?;
        write_atomically(&br, &brotli_bytes(&content)?)?;
        write_atomically(&gz, &gzip_bytes(&content)?)?;
        done += 1;
    }
    Ok(done)
}

pub fn brotli_bytes(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(content.len() / 3);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(content)?;
    }
    Ok(out)
}

pub fn gzip_bytes(content: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(content.len() / 3), flate2::Compression::best());
    encoder.write_all(content)?;
    encoder.finish()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn fresh(source: &Path, compressed: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    matches!((modified(source), modified(compressed)), (Some(s), Some(c)) if c >= s)
}

/// Replicas starting together on one site directory must never serve a half-written file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = with_suffix(path, &format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// `/pkg` from `dir`, choosing the brotli or gzip file when the browser accepts it.
pub fn bundle<S: Clone + Send + Sync + 'static>(dir: &Path, hashed: bool) -> Router<S> {
    let cache = HeaderValue::from_static(if hashed { IMMUTABLE } else { REVALIDATE });
    Router::new()
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, cache))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn compressed_files_come_back_as_the_original_and_are_redone_only_when_stale() {
        let dir = std::env::temp_dir().join(format!("tirta-assets-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        let css = "body { color: #0a5a8a; } ".repeat(200);
        std::fs::write(dir.join("tirta.css"), &css).unwrap();
        std::fs::write(dir.join("nested/app.js"), "console.log(1);".repeat(50)).unwrap();
        std::fs::write(dir.join("photo.png"), [0u8; 64]).unwrap();
        assert_eq!(precompress(&dir).unwrap(), 2);
        assert_eq!(precompress(&dir).unwrap(), 0, "fresh files are left alone");
        assert!(!dir.join("photo.png.br").exists(), "images are compressed already");

        let mut unbrotli = String::new();
        brotli::Decompressor::new(std::fs::File::open(dir.join("tirta.css.br")).unwrap(), 4096)
            .read_to_string(&mut unbrotli)
            .unwrap();
        let mut ungzip = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("tirta.css.gz")).unwrap())
            .read_to_string(&mut ungzip)
            .unwrap();
        assert_eq!((unbrotli.as_str(), ungzip.as_str()), (css.as_str(), css.as_str()));
        assert!(std::fs::metadata(dir.join("tirta.css.br")).unwrap().len() < css.len() as u64 / 10);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
