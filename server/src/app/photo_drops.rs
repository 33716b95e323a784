//! Photos from the resident's own phone into the report written at a kiosk: the kiosk opens a drop and
//! shows its link as a QR code; the phone sends photos there (checked and re-encoded like a report's, so
//! no location or camera data travels on); the kiosk fetches them and they join the report like photos
//! taken on the kiosk. A drop lives fifteen minutes and is swept an hour later.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use rand::RngCore;
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, ingest_error};
use crate::app::state::AppState;
use crate::domain::kiosk_aids::{DropRefusal, PhotoDrop};
use crate::infra::auth::tokens::hash_secret;
use crate::storage::StorageError;
use crate::storage::kiosk_aids::DropPhoto;

/// A drop just opened: the secret link the phone opens (shown once, as a QR code).
#[derive(Debug, Clone)]
pub struct OpenedDrop {
    pub drop: PhotoDrop,
    pub upload_url: String,
}

fn token_hash(token: &str) -> String {
    hash_secret(&format!("photo-drop:{token}"))
}

/// Opens a drop for `kiosk_id`.
pub async fn open(state: &AppState, kiosk_id: Uuid) -> Result<OpenedDrop, AppError> {
    let mut secret = [0u8; 24];
    rand::rng().fill_bytes(&mut secret);
    let token = URL_SAFE_NO_PAD.encode(secret);
    let expires_at = PhotoDrop::expiry(state.clock.now());
    let drop = state.storage.open_photo_drop(kiosk_id, &token_hash(&token), expires_at).await?;
    Ok(OpenedDrop { drop, upload_url: format!("{}/p/{token}", state.public_url) })
}

/// The drop a phone's link reaches.
pub async fn reached(state: &AppState, token: &str) -> Result<PhotoDrop, AppError> {
    state.storage.find_photo_drop_by_token(&token_hash(token)).await?.ok_or_else(|| {
        AppError::new(
            ErrorCode::PhotoDropNotFound,
            "This link leads nowhere; scan the code on the kiosk's screen again.",
        )
    })
}

/// Keeps one photo the phone sent; its position in the drop.
pub async fn receive(state: &AppState, token: &str, upload: Bytes) -> Result<u32, AppError> {
    let drop = reached(state, token).await?;
    takes_photo(state, &drop)?;
    let checked = check_uploads(vec![upload])?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::new(ErrorCode::ValidationFailed, "Send one photo."))?;
    let photo = state.photos.process(checked.bytes).await.map_err(|err| ingest_error(0, err))?;
    let content_type = photo.format.content_type();
    match state.storage.add_drop_photo(&drop, content_type, photo.display.bytes.clone()).await {
        Ok(position) => Ok(position),
        Err(StorageError::Conflict(_)) => {
            // Another photo arrived at the same moment: take the next place, if there is one.
            let drop = reached(state, token).await?;
            takes_photo(state, &drop)?;
            Ok(state.storage.add_drop_photo(&drop, content_type, photo.display.bytes).await?)
        }
        Err(err) => Err(err.into()),
    }
}

fn takes_photo(state: &AppState, drop: &PhotoDrop) -> Result<(), AppError> {
    drop.takes_photo(state.clock.now()).map_err(|refusal| match refusal {
        DropRefusal::Expired => AppError::new(
            ErrorCode::PhotoDropExpired,
            "This code has expired; tap 用手机传照片 on the kiosk again for a new one.",
        ),
        DropRefusal::Full => {
            AppError::new(ErrorCode::PhotoDropFull, "The report already has all the photos it can take.")
        }
    })
}

/// The kiosk's own drop with what it received so far.
pub async fn contents(state: &AppState, kiosk_id: Uuid, id: Uuid) -> Result<(PhotoDrop, Vec<DropPhoto>), AppError> {
    let drop = own(state, kiosk_id, id).await?;
    let photos = state.storage.drop_photos(drop.id).await?;
    Ok((drop, photos))
}

/// One photo of the kiosk's own drop: its type and bytes.
pub async fn photo(state: &AppState, kiosk_id: Uuid, id: Uuid, position: u32) -> Result<(String, Vec<u8>), AppError> {
    let drop = own(state, kiosk_id, id).await?;
    state
        .storage
        .drop_photo(drop.id, position)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::PhotoNotFound, "The drop has no photo at this position."))
}

async fn own(state: &AppState, kiosk_id: Uuid, id: Uuid) -> Result<PhotoDrop, AppError> {
    state
        .storage
        .find_photo_drop(id)
        .await?
        .filter(|d| d.kiosk_id == kiosk_id)
        .ok_or_else(|| AppError::new(ErrorCode::PhotoDropNotFound, "This kiosk opened no such photo drop."))
}
