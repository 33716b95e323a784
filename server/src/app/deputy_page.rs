//! What is the deputy's own and managed on their behalf: who may manage it (the deputy, staff of all their
//! stations, an administrator), and their portrait, which residents see on the station's pages.

use bytes::Bytes;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, ingest_error};
use crate::app::state::AppState;
use crate::domain::access::{Principal, may_manage_deputy};
use crate::domain::directory::Deputy;
use crate::infra::photos::PhotoSize;
use crate::storage::audit::NewAuditEntry;
use crate::storage::deputy_photos::DeputyPortrait;

fn no_deputy(code: &str) -> AppError {
    AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{code}`."))
}

/// The deputy `code`, when `principal` may manage what is theirs: the deputy themself, staff of all their
/// stations, or an administrator.
pub async fn deputy_managed_by(state: &AppState, principal: &Principal, code: &str) -> Result<Deputy, AppError> {
    let found = state.storage.find_deputy(code).await?.ok_or_else(|| no_deputy(code))?;
    let mut stations = Vec::new();
    if matches!(principal, Principal::Staff { .. }) {
        for code in state.storage.deputy_listings(None, Some(code)).await?.iter().flat_map(|l| &l.stations) {
            stations.extend(state.storage.find_station(code).await?.map(|s| s.id));
        }
    }
    if !may_manage_deputy(principal, found.id, &stations) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the deputy, their station's staff or an administrator."));
    }
    Ok(found)
}

/// The photo store did not answer: the request can be tried again.
fn store_down(err: impl std::fmt::Display) -> AppError {
    tracing::warn!(error = %err, "the photo store did not answer");
    AppError::unavailable("The photo store is not answering; try again in a moment.", 5)
}

fn audit<'a>(principal: &Principal, action: &'a str, code: &str, detail: Option<String>) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: Some(format!("deputy:{code}")),
        detail,
    }
}

/// Makes `upload` (JPEG, PNG or WebP; turned upright, stripped of its metadata, resized) the deputy's
/// portrait, and removes the one it replaces from the store. Answers the new portrait's version.
pub async fn set_portrait(
    state: &AppState,
    principal: &Principal,
    code: &str,
    upload: Bytes,
) -> Result<String, AppError> {
    let deputy = deputy_managed_by(state, principal, code).await?;
    let mut uploads = check_uploads(vec![upload])?;
    let Some(upload) = uploads.pop() else { return Err(AppError::internal(anyhow::anyhow!("no upload"))) };
    let processed = state.photos.process(upload.bytes.clone()).await.map_err(|e| ingest_error(0, e))?;
    let written = state.photos.store(&processed, &upload.bytes).await.map_err(store_down)?;
    let portrait = DeputyPortrait {
        display_key: written.row.storage_key.clone(),
        thumb_key: written.row.thumb_key.clone(),
        sha256: written.row.sha256.clone(),
    };
    let detail = serde_json::json!({ "sha256": portrait.sha256 }).to_string();
    let stored = state
        .storage
        .set_deputy_portrait(deputy.id, &portrait, audit(principal, "deputy.photo.set", code, Some(detail)))
        .await;
    let before = match stored {
        Ok(before) => before,
        Err(err) => {
            state.photos.discard(&state.storage, &[written.row]).await;
            return Err(err.into());
        }
    };
    state.photos.ensure_written(std::slice::from_ref(&written)).await.map_err(store_down)?;
    if let Some(before) = before.filter(|b| b.sha256 != portrait.sha256) {
        state.photos.discard_keys(&state.storage, [before.display_key.as_str(), before.thumb_key.as_str()]).await;
    }
    Ok(portrait.sha256)
}

/// Removes the deputy's portrait (the station's pages show their initials again).
pub async fn remove_portrait(state: &AppState, principal: &Principal, code: &str) -> Result<(), AppError> {
    let deputy = deputy_managed_by(state, principal, code).await?;
    let removed =
        state.storage.remove_deputy_portrait(deputy.id, audit(principal, "deputy.photo.remove", code, None)).await?;
    match removed {
        Some(before) => {
            state.photos.discard_keys(&state.storage, [before.display_key.as_str(), before.thumb_key.as_str()]).await;
            Ok(())
        }
        None => Err(AppError::new(ErrorCode::PhotoNotFound, format!("Deputy `{code}` has no portrait."))),
    }
}

/// A serving deputy's portrait at `size`, with its content type and version; public, as their profile is.
pub async fn portrait(
    state: &AppState,
    code: &str,
    size: PhotoSize,
) -> Result<(Bytes, &'static str, String), AppError> {
    let not_found = || AppError::new(ErrorCode::PhotoNotFound, format!("Deputy `{code}` has no portrait."));
    let listing = state.storage.deputy_listings(None, Some(code)).await?.pop().ok_or_else(|| no_deputy(code))?;
    let portrait = state.storage.deputy_portrait(listing.deputy.id).await?.ok_or_else(not_found)?;
    let key = match size {
        PhotoSize::Thumb => &portrait.thumb_key,
        PhotoSize::Display => &portrait.display_key,
    };
    let bytes = state.photos.store.get(key).await.map_err(store_down)?.ok_or_else(not_found)?;
    let content_type = crate::infra::photos::PhotoFormat::sniff(&bytes).map_or("image/jpeg", |f| f.content_type());
    Ok((bytes, content_type, portrait.sha256))
}
