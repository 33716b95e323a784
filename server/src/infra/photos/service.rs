//! Everything handlers do with photos, in one place: process an upload in the bounded pool, write its
//! renditions to the store, and take them back out when the report that needed them was not stored.

use std::sync::Arc;

use bytes::Bytes;

use super::pool::{PhotoPool, PoolError};
use super::process::{PhotoError, PixelLimits, ProcessedPhoto, process};
use super::urls::PhotoUrlSigner;
use super::{PhotoSize, PhotoStore, PhotoStoreError, original_key, rendition_key};
use crate::storage::Storage;
use crate::storage::reports::NewPhoto;

/// Why an upload could not become a photo.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Photo(#[from] PhotoError),
    #[error(transparent)]
    Pool(#[from] PoolError),
}

/// A photo written to the store: its row, and its objects (kept until the report is committed, see
/// [`PhotoService::ensure_written`]).
#[derive(Debug, Clone)]
pub struct Written {
    pub row: NewPhoto,
    objects: Vec<(String, Bytes, &'static str)>,
}

/// The photo store, the processing pool and the URL signer.
#[derive(Debug)]
pub struct PhotoService {
    pub store: Arc<dyn PhotoStore>,
    pub pool: PhotoPool,
    pub limits: PixelLimits,
    pub keep_originals: bool,
    pub urls: PhotoUrlSigner,
    /// Processing time goes to `liaison_photo_processing_seconds`.
    pub metrics: Arc<crate::infra::metrics::Metrics>,
}

impl PhotoService {
    /// Runs the pipeline on an upload, off the async executor.
    pub async fn process(&self, upload: Bytes) -> Result<ProcessedPhoto, IngestError> {
        let limits = self.limits;
        let started = std::time::Instant::now();
        let result = self.pool.run(move || process(&upload, &limits)).await;
        // A full queue is not processing time; a refused photo is.
        if let Ok(outcome) = &result {
            self.metrics.photo(started.elapsed().as_secs_f64(), outcome.is_ok());
        }
        Ok(result??)
    }

    /// Writes a processed photo's renditions (and the upload, when originals are kept).
    pub async fn store(&self, photo: &ProcessedPhoto, upload: &Bytes) -> Result<Written, PhotoStoreError> {
        let content_type = photo.format.content_type();
        let display_key = rendition_key(&photo.sha256, PhotoSize::Display, photo.format);
        let thumb_key = rendition_key(&photo.sha256, PhotoSize::Thumb, photo.format);
        let mut objects = vec![
            (display_key.clone(), Bytes::from(photo.display.bytes.clone()), content_type),
            (thumb_key.clone(), Bytes::from(photo.thumb.bytes.clone()), content_type),
        ];
        let original = self.keep_originals.then(|| original_key(&photo.sha256, photo.source_format));
        if let Some(key) = &original {
            objects.push((key.clone(), upload.clone(), photo.source_format.content_type()));
        }
        for (key, bytes, content_type) in &objects {
            self.store.put(key, bytes.clone(), content_type).await?;
        }
        let dimension = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        let row = NewPhoto {
            content_type: content_type.to_owned(),
            byte_size: i64::try_from(photo.display.bytes.len()).unwrap_or(i64::MAX),
            sha256: photo.sha256.clone(),
            storage_key: display_key,
            thumb_key,
            original_key: original,
            width: dimension(photo.display.width),
            height: dimension(photo.display.height),
            thumb_width: dimension(photo.thumb.width),
            thumb_height: dimension(photo.thumb.height),
        };
        Ok(Written { row, objects })
    }

    /// After the report is committed: writes again any object that a concurrent failed request (sharing the
    /// same content-addressed key) removed in between. Cheap: one existence check per object.
    pub async fn ensure_written(&self, written: &[Written]) -> Result<(), PhotoStoreError> {
        for (key, bytes, content_type) in written.iter().flat_map(|w| &w.objects) {
            if !self.store.exists(key).await? {
                tracing::warn!(key, "a photo object vanished before its report was committed; writing it again");
                self.store.put(key, bytes.clone(), content_type).await?;
            }
        }
        Ok(())
    }

    /// Best-effort removal of renditions that no stored report points at (another report may share them:
    /// keys are content-addressed). What this misses, the sweep finds.
    pub async fn discard(&self, storage: &Storage, photos: &[NewPhoto]) {
        self.discard_keys(storage, photos.iter().flat_map(NewPhoto::keys)).await;
    }

    /// Best-effort removal of these objects, each unless a report's photo or a portrait still points at it.
    pub async fn discard_keys<'a>(&self, storage: &Storage, keys: impl IntoIterator<Item = &'a str>) {
        for key in keys {
            match storage.photo_key_in_use(key).await {
                Ok(false) => {
                    if let Err(err) = self.store.delete(key).await {
                        tracing::warn!(error = %err, key, "could not remove an unused photo; the sweep will");
                    }
                }
                Ok(true) => {}
                Err(err) => tracing::warn!(error = %err, key, "could not check a photo key; the sweep will"),
            }
        }
    }
}
