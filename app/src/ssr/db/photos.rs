//! A photo a customer sent (with a complaint, or of their meter), as the portal keeps it.

#[derive(Debug)]
pub struct StoredPhoto {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PhotoRow {
    pub content_type: String,
    pub bytes: Vec<u8>,
}
