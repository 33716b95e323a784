//! Photos from the resident's own phone into the report written at a kiosk: the kiosk opens a drop and shows
//! its link as a QR code, the phone opens the upload page (`/p/{token}`) and sends photos, and the kiosk
//! fetches them into the report.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::kiosk_aids::MAX_DROP_PHOTOS;

pub mod open;
pub mod page;
pub mod photo;
pub mod show;
pub mod status;
pub mod upload;

/// A drop as the kiosk sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoDropView {
    pub id: Uuid,
    pub expires_at: DateTime<Utc>,
    /// Photos it takes in all.
    #[schema(example = 3)]
    pub max_photos: usize,
    /// What arrived so far, in order.
    pub photos: Vec<DropPhotoView>,
}

/// A photo that arrived, fetched from `url` with the kiosk's token.
#[derive(Debug, Serialize, ToSchema)]
pub struct DropPhotoView {
    pub position: u32,
    #[schema(example = "image/jpeg")]
    pub content_type: String,
    pub received_at: DateTime<Utc>,
    #[schema(example = "/api/v1/kiosks/me/photo-drops/0192f3c4-0000-7000-8000-000000000000/photos/0")]
    pub url: String,
}

/// A drop as the phone sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoDropStatus {
    /// Photos received so far.
    pub photos: usize,
    #[schema(example = 3)]
    pub max_photos: usize,
    pub expires_at: DateTime<Utc>,
    /// Past `expires_at`: the kiosk must show a new code.
    pub expired: bool,
}

fn max_photos() -> usize {
    MAX_DROP_PHOTOS
}
