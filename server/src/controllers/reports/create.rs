use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{ReportCreated, ReportFormData, tracking_path};
use crate::domain::report::{FieldError, ReportDraft, ReportStatus, validate};
use crate::errors::{ApiError, ErrorCode, Problem};
use crate::extract::idempotency::{self, IdempotencyKey};
use crate::extract::{body, json, multipart};
use crate::photos::PhotoFormat;
use crate::state::AppState;
use crate::storage::entities::idempotency_key;
use crate::storage::reports::{IdempotencyClaim, Intake, NewPhoto, NewReport};

/// A photo that passed the checks, ready to store.
struct CheckedPhoto {
    format: PhotoFormat,
    bytes: Bytes,
    sha256: String,
}

/// Files a report from a kiosk, a phone or the web mailbox.
///
/// Send JSON, or `multipart/form-data` with the same fields (nested names joined by dots) and `photos`
/// parts. Every rule a field breaks is listed at once in `errors`. With an `Idempotency-Key`, a retry of the
/// same request returns the first answer again (with `Idempotent-Replayed: true`) and creates nothing.
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "reports",
    params(("Idempotency-Key" = Option<String>, Header, description = "Any unique string up to 255 visible ASCII characters (a UUID is ideal). Retries with the same key and body return the first response.")),
    request_body(content(
        (ReportDraft = "application/json"),
        (ReportFormData = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "Stored. Keep the tracking code.", body = ReportCreated,
            headers(("Location" = String, description = "Path of the tracking view."))),
        (status = 400, description = "`malformed_json`, `malformed_multipart` or `invalid_idempotency_key`.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large` or `photo_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` (send JSON or a multipart form) or `unsupported_media_type` (a photo that is not JPEG, PNG or WebP).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `unknown_category`, `unknown_station`, `too_many_photos` or `idempotency_key_reused`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`service_unavailable`: busy; retry after `Retry-After` seconds with the same `Idempotency-Key`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    key: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let limits = &state.limits;
    let (draft, raw_photos): (ReportDraft, Vec<Bytes>) = match body::media_type(&req).as_deref() {
        Some(media) if body::is_json(media) => {
            let bytes = body::read_limited(&req, payload, limits.json_body_bytes).await?;
            (json::decode(&bytes)?, Vec::new())
        }
        Some("multipart/form-data") => {
            let form = multipart::read_report_form(&req, payload, limits).await?;
            (json::decode_value(form.fields)?, form.photos)
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::UnsupportedContentType,
                format!(
                    "Send application/json or multipart/form-data, not {}.",
                    other.unwrap_or("a body without Content-Type")
                ),
            ));
        }
    };
    let report = validate(draft, &limits.text).map_err(ApiError::validation)?;
    let photos = check_photos(raw_photos)?;

    let canonical = serde_json::to_vec(&report).map_err(ApiError::internal)?;
    let fingerprint = idempotency::fingerprint(
        std::iter::once(canonical.as_slice()).chain(photos.iter().map(|p| p.sha256.as_bytes())),
    );
    if let Some(key) = &key.0
        && let Some(existing) = state.storage.find_idempotency_key(key).await?
    {
        return replay(&state, existing, &fingerprint).await;
    }

    let category = state.storage.find_category(&report.category).await?.ok_or_else(|| {
        ApiError::with_fields(
            ErrorCode::UnknownCategory,
            format!("There is no category `{}`; see GET /api/v1/categories.", report.category),
            vec![FieldError::new("category", "unknown", "no such category")],
        )
    })?;
    let station = match &report.station {
        Some(code) => Some(state.storage.find_station(code).await?.ok_or_else(|| {
            ApiError::with_fields(
                ErrorCode::UnknownStation,
                format!("There is no station `{code}`; see GET /api/v1/stations."),
                vec![FieldError::new("station", "unknown", "no such station")],
            )
        })?),
        None => None,
    };

    let id = Uuid::now_v7();
    // Microseconds: what PostgreSQL keeps, so a replayed answer equals the first one.
    let submitted_at = Utc::now().trunc_subsecs(6);
    let stored_photos = store_photos(&state, id, &photos).await?;
    let new = NewReport {
        id,
        report,
        category_id: category.id,
        station_id: station.map(|s| s.id),
        photos: stored_photos,
        submitted_at,
    };
    let claim = key.0.as_deref().map(|key| IdempotencyClaim { key, fingerprint: &fingerprint });
    match state.storage.create_report(&new, claim).await {
        Ok(Intake::Created(code)) => Ok(created(id, code.as_str(), submitted_at, false)),
        Ok(Intake::AlreadyClaimed(existing)) => {
            remove_photos(&state, &new.photos).await;
            replay(&state, existing, &fingerprint).await
        }
        Err(err) => {
            remove_photos(&state, &new.photos).await;
            Err(err.into())
        }
    }
}

/// Decides each photo's type from its bytes and hashes it.
fn check_photos(raw: Vec<Bytes>) -> Result<Vec<CheckedPhoto>, ApiError> {
    raw.into_iter()
        .enumerate()
        .map(|(index, bytes)| {
            let format = PhotoFormat::sniff(&bytes).ok_or_else(|| {
                ApiError::with_fields(
                    ErrorCode::UnsupportedMediaType,
                    format!("Photo {} is not a {} image.", index + 1, PhotoFormat::ACCEPTED),
                    vec![FieldError::new(format!("photos[{index}]"), "unsupported_format", PhotoFormat::ACCEPTED)],
                )
            })?;
            let sha256 = hex::encode(Sha256::digest(&bytes));
            Ok(CheckedPhoto { format, bytes, sha256 })
        })
        .collect()
}

/// Writes the photos under the report's id; on failure, removes what was written.
async fn store_photos(state: &AppState, id: Uuid, photos: &[CheckedPhoto]) -> Result<Vec<NewPhoto>, ApiError> {
    let mut stored = Vec::with_capacity(photos.len());
    for (position, photo) in photos.iter().enumerate() {
        let storage_key = format!("reports/{}/{position}.{}", id.simple(), photo.format.extension());
        let content_type = photo.format.content_type();
        if let Err(err) = state.photos.put(&storage_key, photo.bytes.clone(), content_type).await {
            remove_photos(state, &stored).await;
            return Err(ApiError::internal(err));
        }
        stored.push(NewPhoto {
            content_type: content_type.to_owned(),
            byte_size: i64::try_from(photo.bytes.len()).unwrap_or(i64::MAX),
            sha256: photo.sha256.clone(),
            storage_key,
        });
    }
    Ok(stored)
}

/// Best-effort removal of photos whose report was not stored.
async fn remove_photos(state: &AppState, photos: &[NewPhoto]) {
    for photo in photos {
        if let Err(err) = state.photos.delete(&photo.storage_key).await {
            tracing::warn!(error = %err, key = %photo.storage_key, "could not remove an orphaned photo");
        }
    }
}

/// Answers a retry: the first response again, or 422 when the key was used for a different request.
async fn replay(
    state: &AppState,
    existing: idempotency_key::Model,
    fingerprint: &str,
) -> Result<HttpResponse, ApiError> {
    if existing.fingerprint != fingerprint {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used for a different report; use a new key for a new report.",
        ));
    }
    let report = state
        .storage
        .find_report(existing.report_id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("idempotency key points at missing report")))?;
    Ok(created(report.id, &report.tracking_code, report.created_at, true))
}

/// The 201 for a stored report. A replay is byte-for-byte the first answer, plus `Idempotent-Replayed`.
fn created(id: Uuid, code: &str, submitted_at: DateTime<Utc>, replayed: bool) -> HttpResponse {
    let location = tracking_path(code);
    let status = ReportStatus::Submitted;
    let body = ReportCreated {
        id,
        tracking_code: code.to_owned(),
        status,
        status_label: status.label(),
        submitted_at,
        tracking_url: location.clone(),
    };
    let mut response = HttpResponse::build(StatusCode::CREATED);
    response.insert_header((header::LOCATION, location));
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.json(body)
}
