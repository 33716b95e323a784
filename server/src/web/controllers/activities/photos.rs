use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::infra::photos::PhotoSize;
use crate::web::auth::{Authenticated, StaffOrAdmin};
use crate::web::extract::multipart::read_attachments;
use crate::web::problem::Problem;

/// The photos added.
#[derive(Debug, Serialize, ToSchema)]
pub struct AddedPhotos {
    /// Their links, in the order sent.
    pub photos: Vec<String>,
}

/// Adds photos to an activity's record (its station's staff and administrators): `multipart/form-data` with
/// `photos` parts (JPEG, PNG or WebP), turned upright and stripped of their metadata like report photos.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id.")),
    request_body(content_type = "multipart/form-data", description = "`photos` parts."),
    responses(
        (status = 201, description = "Added.", body = AddedPhotos),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`activity_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` or `unsupported_media_type`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `invalid_image`, `image_too_large` or `too_many_photos`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/photos")]
pub async fn add(
    req: HttpRequest,
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (photos, documents) = read_attachments(&req, payload, &state.limits).await?;
    if !documents.is_empty() {
        return Err(AppError::validation(vec![crate::domain::report::FieldError::new(
            "documents",
            "unknown_field",
            "an activity takes photos only",
        )]));
    }
    let positions = activities::add_photos(&state, &principal, id, photos).await?;
    let photos = positions.iter().map(|p| format!("/api/v1/activities/{id}/photos/{p}")).collect();
    Ok(HttpResponse::Created().json(AddedPhotos { photos }))
}

/// Which rendition.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ActivityPhotoQuery {
    /// `thumb` (long edge 320) or `display` (long edge 2048, the default).
    #[param(inline)]
    pub size: Option<PhotoSize>,
}

/// One photo of an activity, for whoever may read the activity.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The activity's id."),
        ("position" = i32, Path, description = "0-based position."),
        ActivityPhotoQuery,
    ),
    responses(
        (status = 200, description = "The image.", content_type = "image/jpeg"),
        (status = 404, description = "`activity_not_found` or `photo_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}/photos/{position}")]
pub async fn show(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(Uuid, i32)>,
    query: web::Query<ActivityPhotoQuery>,
) -> Result<HttpResponse, AppError> {
    let (id, position) = path.into_inner();
    let size = query.size.unwrap_or(PhotoSize::Display);
    let (bytes, content_type, version) = activities::photo(&state, &principal, id, position, size).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::ETAG, format!("\"{version}-{}\"", size.as_str())))
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
