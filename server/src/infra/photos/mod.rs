//! Photos: deciding a photo's type from its bytes, the pipeline that makes safe renditions of it
//! ([`process`]), the bounded pool it runs in ([`pool`]), signed URLs ([`urls`]), housekeeping
//! ([`maintenance`]), and the store that keeps the bytes.
//!
//! The store is a trait so that a single station keeps photos on local disk and a city keeps them in
//! S3-compatible object storage; handlers see only [`PhotoStore`]. Keys are content-addressed: a photo's
//! renditions live under the SHA-256 of the uploaded file, so the same photo sent twice is stored once.

mod local;
pub mod maintenance;
pub mod pool;
pub mod process;
mod s3;
pub mod service;
pub mod urls;

use std::fmt::Debug;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::configuration::{PhotoSettings, PhotoStoreKind};
pub use local::LocalPhotoStore;
pub use s3::S3PhotoStore;
pub use service::PhotoService;

/// Builds the configured store.
pub fn store_from_settings(
    settings: &PhotoSettings,
    local_root: std::path::PathBuf,
) -> anyhow::Result<Arc<dyn PhotoStore>> {
    Ok(match settings.store {
        PhotoStoreKind::Local => Arc::new(LocalPhotoStore::new(local_root)),
        PhotoStoreKind::S3 => Arc::new(S3PhotoStore::new(&settings.s3)?),
    })
}

/// Which rendition of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhotoSize {
    /// Long edge 320.
    Thumb,
    /// Long edge 2048.
    Display,
}

impl PhotoSize {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSize::Thumb => "thumb",
            PhotoSize::Display => "display",
        }
    }
}

/// Where a rendition of the photo with this upload hash is kept.
pub fn rendition_key(sha256: &str, size: PhotoSize, format: PhotoFormat) -> String {
    format!("photos/{}/{sha256}/{}.{}", &sha256[..2.min(sha256.len())], size.as_str(), format.extension())
}

/// Where the original upload is kept, when originals are kept at all.
pub fn original_key(sha256: &str, format: PhotoFormat) -> String {
    format!("photos/{}/{sha256}/original.{}", &sha256[..2.min(sha256.len())], format.extension())
}

/// One object in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub key: String,
    pub modified: DateTime<Utc>,
}

/// The photo formats accepted, decided from the first bytes, never from a file name or `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    Jpeg,
    Png,
    Webp,
}

impl PhotoFormat {
    /// Names of the accepted formats, for error messages.
    pub const ACCEPTED: &'static str = "JPEG, PNG or WebP";

    /// Reads the format from the file's magic bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match image::guess_format(bytes).ok()? {
            image::ImageFormat::Jpeg => Some(Self::Jpeg),
            image::ImageFormat::Png => Some(Self::Png),
            image::ImageFormat::WebP => Some(Self::Webp),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }
}

/// Why the photo store failed.
#[derive(Debug, thiserror::Error)]
pub enum PhotoStoreError {
    #[error("`{0}` is not a valid photo key")]
    BadKey(String),
    #[error("photo store I/O failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("object storage failed: {0}")]
    Remote(String),
}

/// Where photo bytes live. Keys are relative paths made of `[a-z0-9._-]` segments separated by `/`.
#[async_trait]
pub trait PhotoStore: Send + Sync + Debug {
    /// Stores `bytes` under `key`, replacing what was there; readers never see a half-written photo.
    async fn put(&self, key: &str, bytes: Bytes, content_type: &str) -> Result<(), PhotoStoreError>;
    /// The bytes under `key`, or `None`.
    async fn get(&self, key: &str) -> Result<Option<Bytes>, PhotoStoreError>;
    /// Removes `key`; removing a missing key is not an error.
    async fn delete(&self, key: &str) -> Result<(), PhotoStoreError>;
    /// Whether `key` is stored.
    async fn exists(&self, key: &str) -> Result<bool, PhotoStoreError>;
    /// Every object whose key starts with `prefix` (a folder such as `photos/`).
    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, PhotoStoreError>;
}

/// Refuses keys that could escape the store or surprise a filesystem.
pub(crate) fn check_key(key: &str) -> Result<(), PhotoStoreError> {
    let ok = !key.is_empty()
        && key.len() <= 256
        && key.split('/').all(|segment| {
            !segment.is_empty()
                && !segment.starts_with('.')
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'))
        });
    if ok { Ok(()) } else { Err(PhotoStoreError::BadKey(key.to_owned())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_read_from_magic_bytes() {
        assert_eq!(PhotoFormat::sniff(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), Some(PhotoFormat::Jpeg));
        assert_eq!(PhotoFormat::sniff(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), Some(PhotoFormat::Png));
        assert_eq!(PhotoFormat::sniff(b"RIFF\x24\x00\x00\x00WEBPVP8 "), Some(PhotoFormat::Webp));
        assert_eq!(PhotoFormat::sniff(b"GIF89a\x01\x00\x01\x00"), None);
        assert_eq!(PhotoFormat::sniff(b"#!/bin/sh\nrm -rf /\n"), None);
        assert_eq!(PhotoFormat::sniff(b"%PDF-1.7\n"), None);
        assert_eq!(PhotoFormat::sniff(b""), None);
    }

    #[test]
    fn keys_cannot_escape_the_store() {
        assert!(check_key("reports/0193c0d2-4f6e/0.jpg").is_ok());
        for bad in ["", "../etc/passwd", "a//b", "/abs", "a/./b", "a/../b", "UPPER.jpg", "a b", ".hidden", "a\\b"] {
            assert!(check_key(bad).is_err(), "{bad:?}");
        }
    }
}
