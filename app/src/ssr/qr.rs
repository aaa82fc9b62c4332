//! QR codes drawn on the server: QRIS payloads, receipts' verification links, walk-in tickets.

/// A QR code as an SVG image (an empty string if the data cannot be encoded).
pub fn qr_svg(data: &str) -> String {
    crate::components::qr::qr_svg(data).unwrap_or_else(|| {
        tracing::error!(len = data.len(), "QR encoding failed");
        String::new()
    })
}
