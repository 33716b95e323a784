use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::report_not_found;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::record::PhotoSource;
use crate::infra::photos::PhotoSize;
use crate::web::auth::Caller;
use crate::web::problem::Problem;

/// Which rendition, and (instead of a bearer token) a signature from a signed link.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PhotoQuery {
    /// `thumb` (long edge 320) or `display` (long edge 2048, the default).
    #[param(inline)]
    pub size: Option<PhotoSize>,
    /// From a signed link: Unix time when it stops working.
    pub expires: Option<i64>,
    /// From a signed link.
    pub signature: Option<String>,
}

/// Version of the rendition pipeline, part of every `ETag`.
const PIPELINE: &str = "r1";

/// One photo of a report, re-encoded without any metadata. Open to whoever may read the report (with a
/// bearer token), or to anyone holding a signed link from the report or tracking view until it expires.
#[utoipa::path(
    tag = "reports",
    security((), ("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The report's id."),
        ("position" = u32, Path, description = "0-based position of the photo."),
        PhotoQuery,
    ),
    responses(
        (status = 200, description = "The image (JPEG, or PNG when it has transparency).", content_type = "image/jpeg",
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag."),
        (status = 401, description = "`unauthenticated` or `invalid_token`: no token and no valid signature.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`photo_not_found` or `report_not_found`: no such photo, or not one you may see; also for an expired or wrong signature.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}/photos/{position}")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<(Uuid, u32)>,
    query: web::Query<PhotoQuery>,
) -> Result<HttpResponse, AppError> {
    let (report_id, position) = path.into_inner();
    let size = query.size.unwrap_or(PhotoSize::Display);
    let not_found = || {
        AppError::new(ErrorCode::PhotoNotFound, "No such photo is visible to you; links expire, so reload the page.")
    };
    let max_age = match (&query.signature, query.expires) {
        (Some(signature), Some(expires)) => {
            state.photos.urls.check(report_id, position, size, expires, signature).ok_or_else(not_found)?
        }
        (None, None) => {
            let Some(principal) = &caller else {
                return Err(AppError::new(ErrorCode::Unauthenticated, "Send a bearer token, or use a signed link."));
            };
            let report = state.storage.find_report(report_id).await?.ok_or_else(report_not_found)?;
            if !principal.may_read_report(&report.scope()) {
                return Err(report_not_found());
            }
            3600
        }
        _ => return Err(not_found()),
    };
    let photos = state.storage.report_photos(report_id).await?;
    let photo = photos.into_iter().find(|p| i64::from(p.position) == i64::from(position)).ok_or_else(not_found)?;
    // Attachments of a handling unit's reply are for the people handling the report, not the citizen.
    let citizen = matches!(caller, Some(Principal::Citizen { .. }));
    if photo.source != PhotoSource::Citizen && citizen {
        return Err(not_found());
    }
    let Some(thumb_key) = photo.thumb_key else {
        return Err(AppError::unavailable("This photo is still being processed.", 30));
    };
    let key = match size {
        PhotoSize::Thumb => thumb_key,
        PhotoSize::Display => photo.storage_key,
    };
    let etag = format!("\"{}-{}-{PIPELINE}\"", photo.sha256, size.as_str());
    let cache = format!("private, max-age={max_age}");
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    if matches {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let bytes = state.photos.store.get(&key).await.map_err(AppError::internal)?.ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("photo {} of report {report_id} is missing from the store", photo.id))
    })?;
    let content_type = HeaderValue::from_str(&photo.content_type).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}
