//! The photo half of filing a report: a cheap type check before anything else, then processing in the
//! bounded pool and writing renditions, with every failure a precise problem+json and nothing left behind.

use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::report::FieldError;
use crate::infra::photos::PhotoFormat;
use crate::infra::photos::pool::PoolError;
use crate::infra::photos::process::{PhotoError, is_heic};
use crate::infra::photos::service::{IngestError, Written};
use crate::storage::reports::NewPhoto;

/// An upload whose type is acceptable, with the hash that identifies it.
pub struct Upload {
    pub bytes: Bytes,
    pub sha256: String,
}

fn field(index: usize) -> String {
    format!("photos[{index}]")
}

fn unsupported(index: usize, heic: bool) -> AppError {
    let detail = if heic {
        format!(
            "Photo {} is HEIC (an iPhone photo). Send {} instead: on the iPhone, Settings → Camera → Formats → \
             Most Compatible, or share the photo as JPEG.",
            index + 1,
            PhotoFormat::ACCEPTED
        )
    } else {
        format!("Photo {} is not a {} image.", index + 1, PhotoFormat::ACCEPTED)
    };
    AppError::with_fields(
        ErrorCode::UnsupportedMediaType,
        detail,
        vec![FieldError::new(field(index), "unsupported_format", PhotoFormat::ACCEPTED)],
    )
}

/// Checks each upload's type from its bytes (not its name or `Content-Type`) and hashes it.
pub fn check_uploads(raw: Vec<Bytes>) -> Result<Vec<Upload>, AppError> {
    raw.into_iter()
        .enumerate()
        .map(|(index, bytes)| {
            if PhotoFormat::sniff(&bytes).is_none() {
                return Err(unsupported(index, is_heic(&bytes)));
            }
            let sha256 = hex::encode(Sha256::digest(&bytes));
            Ok(Upload { bytes, sha256 })
        })
        .collect()
}

pub(crate) fn ingest_error(index: usize, err: IngestError) -> AppError {
    match err {
        IngestError::Photo(PhotoError::Unsupported { heic }) => unsupported(index, heic),
        IngestError::Photo(PhotoError::TooLarge { width, height }) => AppError::with_fields(
            ErrorCode::ImageTooLarge,
            format!("Photo {} declares {width}×{height} pixels, more than accepted.", index + 1),
            vec![FieldError::new(field(index), "too_many_pixels", "too many pixels")],
        ),
        IngestError::Photo(PhotoError::OverDecoderLimit) => AppError::with_fields(
            ErrorCode::ImageTooLarge,
            format!("Photo {} is too large to process.", index + 1),
            vec![FieldError::new(field(index), "too_many_pixels", "too many pixels")],
        ),
        IngestError::Photo(PhotoError::Corrupt(why)) => AppError::with_fields(
            ErrorCode::InvalidImage,
            format!("Photo {} is damaged or incomplete; take or choose it again.", index + 1),
            vec![FieldError::new(field(index), "invalid_image", why)],
        ),
        IngestError::Pool(PoolError::Saturated) => {
            AppError::unavailable("Many photos are being processed; send the report again in a moment.", 3)
        }
        IngestError::Pool(PoolError::Failed(why)) => AppError::internal(anyhow::anyhow!("photo job failed: {why}")),
    }
}

/// Processes every upload and writes its renditions; on any failure, removes what was written.
pub async fn process_and_store(state: &AppState, uploads: &[Upload]) -> Result<Vec<Written>, AppError> {
    let mut stored = Vec::with_capacity(uploads.len());
    for (index, upload) in uploads.iter().enumerate() {
        let result = match state.photos.process(upload.bytes.clone()).await {
            Ok(processed) => state.photos.store(&processed, &upload.bytes).await.map_err(AppError::internal),
            Err(err) => Err(ingest_error(index, err)),
        };
        match result {
            Ok(photo) => stored.push(photo),
            Err(err) => {
                let rows: Vec<NewPhoto> = stored.into_iter().map(|w: Written| w.row).collect();
                state.photos.discard(&state.storage, &rows).await;
                return Err(err);
            }
        }
    }
    Ok(stored)
}
