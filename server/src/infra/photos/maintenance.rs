//! Housekeeping that keeps the photo store equal to the database:
//! - the sweep removes objects no photo row points at, once they are older than a grace period (the
//!   leftovers of a crash between writing a photo and committing its report);
//! - the same sweep forgets photo drops (photos a phone sent to a kiosk) an hour after they expired;
//! - the upgrade turns photos stored raw by the first release into stripped renditions, so no stored photo
//!   keeps its GPS position.

use std::time::Duration;

use super::service::PhotoService;
use crate::domain::kiosk_aids::drops_swept_before;
use crate::storage::Storage;

/// What a sweep did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepSummary {
    pub examined: usize,
    pub removed: usize,
    /// Expired photo drops forgotten, with their photos.
    pub drops_removed: u64,
}

/// Removes unreferenced objects older than `grace`, and expired photo drops.
pub async fn sweep(photos: &PhotoService, storage: &Storage, grace: Duration) -> anyhow::Result<SweepSummary> {
    let drops_removed = storage.sweep_photo_drops(drops_swept_before(storage.now())).await?;
    let cutoff = storage.now() - chrono::Duration::from_std(grace)?;
    let mut candidates = photos.store.list("photos/").await?;
    candidates.extend(photos.store.list("reports/").await?);
    candidates.retain(|o| o.modified < cutoff);
    let mut summary = SweepSummary { examined: candidates.len(), removed: 0, drops_removed };
    if candidates.is_empty() {
        return Ok(summary);
    }
    // Read the references after listing: a row committed meanwhile is then seen.
    let referenced = storage.referenced_photo_keys().await?;
    for object in candidates.into_iter().filter(|o| !referenced.contains(&o.key)) {
        photos.store.delete(&object.key).await?;
        summary.removed += 1;
    }
    if summary.removed > 0 {
        tracing::info!(removed = summary.removed, "removed photo files that no report points at");
    }
    Ok(summary)
}

/// Re-processes photos stored raw by the first release; returns how many were upgraded. A photo that cannot
/// be processed is left as it is and logged: nothing accepted is thrown away.
pub async fn upgrade_legacy(photos: &PhotoService, storage: &Storage) -> anyhow::Result<usize> {
    let mut upgraded = 0;
    let mut stuck = std::collections::HashSet::new();
    loop {
        let batch = storage.legacy_photos(50 + stuck.len() as u64).await?;
        let batch: Vec<_> = batch.into_iter().filter(|p| !stuck.contains(&p.id)).collect();
        if batch.is_empty() {
            return Ok(upgraded);
        }
        for row in batch {
            let Some(bytes) = photos.store.get(&row.storage_key).await? else {
                tracing::error!(photo = %row.id, key = %row.storage_key, "a stored photo is missing from the store");
                stuck.insert(row.id);
                continue;
            };
            let upload = bytes;
            let processed = match photos.process(upload.clone()).await {
                Ok(processed) => processed,
                Err(err) => {
                    tracing::error!(photo = %row.id, error = %err, "a stored photo cannot be processed; kept as it is");
                    stuck.insert(row.id);
                    continue;
                }
            };
            let new = photos.store(&processed, &upload).await?.row;
            storage.upgrade_photo(row.id, &new).await?;
            if !new.keys().contains(&row.storage_key.as_str()) {
                photos.store.delete(&row.storage_key).await?;
            }
            upgraded += 1;
        }
    }
}
