//! QR codes as SVG, drawn by the server (QRIS payloads, receipts' links, tickets) and by the
//! counter's browser for a provisional receipt made offline: one drawing, wherever it runs.

/// The QR code of `data` as an SVG image; `None` if the data cannot be encoded.
pub fn qr_svg(data: &str) -> Option<String> {
    use qrcode::render::svg;
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(code.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build())
}
