//! A photo as a customer sends it, made safe to keep: only JPEG, PNG and WebP are read (by
//! their bytes, not their name), decoded within limits, turned upright, shrunk to at most
//! `MAX_SIDE` pixels a side and written again as JPEG. The new file carries no metadata: the
//! phone's EXIF (its location, its owner's name) is gone before anything is stored.

use crate::domain::complaint::PhotoProblem;
use crate::ssr::db::photos::StoredPhoto;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// What a phone's camera makes (2 to 6 MB), with room to spare.
pub const MAX_UPLOAD_MB: u32 = crate::model::complaints::PHOTO_MAX_MB;
pub const MAX_UPLOAD_BYTES: usize = MAX_UPLOAD_MB as usize * 1024 * 1024;
/// Enough to read a meter or see a leak; a stored photo stays near 200 KB.
pub const MAX_SIDE: u32 = 1600;
const QUALITY: u8 = 80;
/// A decompression bomb (a small file claiming a huge picture) stops here.
const MAX_PIXELS_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// `prepare`, off the async workers.
pub async fn prepare_off_thread(bytes: Vec<u8>) -> Result<Result<StoredPhoto, PhotoProblem>, crate::error::AppError> {
    crate::ssr::heavy::off_thread(move || prepare(&bytes)).await
}

pub fn prepare(bytes: &[u8]) -> Result<StoredPhoto, PhotoProblem> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PhotoProblem::TooLarge(MAX_UPLOAD_MB));
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoProblem::NotAPhoto)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(PhotoProblem::NotAPhoto);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PIXELS_SIDE);
    limits.max_image_height = Some(MAX_PIXELS_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| PhotoProblem::Broken)?;
    // A phone stores a portrait photo sideways and says so in EXIF: turn it before the EXIF goes.
    let orientation = decoder.orientation().map_err(|_| PhotoProblem::Broken)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PhotoProblem::Broken)?;
    picture.apply_orientation(orientation);
    if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
    let mut out = Vec::with_capacity(256 * 1024);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| PhotoProblem::Broken)?;
    Ok(StoredPhoto { content_type: "image/jpeg", bytes: out, width: rgb.width(), height: rgb.height() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageEncoder, RgbImage};

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(img.as_raw(), width, height, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    /// A JPEG with an EXIF block (APP1) naming a place, as phones write them.
    fn jpeg_with_exif() -> Vec<u8> {
        let img = RgbImage::from_pixel(40, 30, image::Rgb([10, 120, 200]));
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut plain).encode_image(&img).unwrap();
        let mut exif = b"Exif\0\0GPS -7.9666 112.6326 Jl. Raya Landungsari".to_vec();
        let len = (exif.len() + 2) as u16;
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&len.to_be_bytes());
        segment.append(&mut exif);
        let mut with = plain[..2].to_vec();
        with.extend_from_slice(&segment);
        with.extend_from_slice(&plain[2..]);
        with
    }

    #[test]
    fn a_photo_is_written_again_small_and_without_metadata() {
        let big = prepare(&png(3200, 1000)).unwrap();
        assert_eq!((big.width, big.height), (1600, 500), "shrunk, its shape kept");
        assert_eq!(image::guess_format(&big.bytes).unwrap(), ImageFormat::Jpeg);

        let original = jpeg_with_exif();
        assert!(original.windows(10).any(|w| w == b"Landungsar"), "the test photo carries a place");
        let stored = prepare(&original).unwrap();
        assert!(!stored.bytes.windows(4).any(|w| w == b"Exif"), "no EXIF block");
        assert!(!stored.bytes.windows(10).any(|w| w == b"Landungsar"), "no place");
        assert_eq!((stored.width, stored.height), (40, 30), "a small photo keeps its size");
    }

    #[test]
    fn what_is_not_a_photo_is_refused_by_its_bytes() {
        let executable = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0".repeat(40);
        assert_eq!(prepare(&executable).unwrap_err(), PhotoProblem::NotAPhoto);
        assert_eq!(prepare(b"GIF89a......").unwrap_err(), PhotoProblem::NotAPhoto, "GIF is not taken");
        let mut broken = png(100, 100);
        broken.truncate(60);
        assert_eq!(prepare(&broken).unwrap_err(), PhotoProblem::Broken);
        let huge = vec![0xFFu8; MAX_UPLOAD_BYTES + 1];
        assert_eq!(prepare(&huge).unwrap_err(), PhotoProblem::TooLarge(MAX_UPLOAD_MB));
    }
}
