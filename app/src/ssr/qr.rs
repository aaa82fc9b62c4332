//! QR codes drawn on the server: QRIS payloads, receipts' verification links, walk-in tickets.

/// A QR code as an SVG image, drawn on the server (an empty string if the data cannot be encoded).
pub fn qr_svg(data: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M) {
        Ok(code) => code.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build(),
        Err(e) => {
            tracing::error!(error = %e, "QR encoding failed");
            String::new()
        }
    }
}
