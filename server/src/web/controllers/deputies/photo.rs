//! A deputy's portrait: set or removed by the deputy, their station's staff or an administrator; shown to
//! everyone, as the deputy's profile is.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::deputy_page;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::infra::photos::PhotoSize;
use crate::web::auth::Authenticated;
use crate::web::extract::multipart::read_named_files;
use crate::web::problem::Problem;

/// Where the portrait just set is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortraitView {
    #[schema(example = "/api/v1/deputies/D-001/photo?v=9f86d081884c7d65")]
    pub photo_url: String,
}

/// The link of a deputy's portrait at this version.
pub fn photo_url(code: &str, version: &str) -> String {
    let code: String = url::form_urlencoded::byte_serialize(code.as_bytes()).collect();
    format!("/api/v1/deputies/{code}/photo?v={}", &version[..16.min(version.len())])
}

/// Sets the deputy's portrait from a `multipart/form-data` part named `photo` (JPEG, PNG or WebP). It is
/// turned upright, stripped of its metadata and resized like report photos; the one it replaces is removed.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    request_body(content_type = "multipart/form-data", description = "One part named `photo`."),
    responses(
        (status = 200, description = "Set.", body = PortraitView),
        (status = 403, description = "`forbidden`: not the deputy, their station's staff or an administrator.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`: larger than the photo limit.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` (not multipart) or `unsupported_media_type` (not JPEG, PNG or WebP).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (no `photo` part), `invalid_image` or `image_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`service_unavailable`: the photo store or the processing pool is busy or down.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/deputies/{code}/photo")]
pub async fn set(
    req: HttpRequest,
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<web::Json<PortraitView>, AppError> {
    let files = read_named_files(&req, payload, &["photo"], state.limits.photo_bytes).await?;
    let Some((_, bytes)) = files.into_iter().next() else {
        return Err(AppError::validation(vec![crate::domain::report::FieldError::new(
            "photo",
            "required",
            "send the portrait in a part named `photo`",
        )]));
    };
    let version = deputy_page::set_portrait(&state, &principal, &path, bytes).await?;
    Ok(web::Json(PortraitView { photo_url: photo_url(&path, &version) }))
}

/// Removes the deputy's portrait; their pages show their initials again.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 204, description = "Removed."),
        (status = 403, description = "`forbidden`: not the deputy, their station's staff or an administrator.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`, or `photo_not_found`: there is no portrait.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/deputies/{code}/photo")]
pub async fn remove(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    deputy_page::remove_portrait(&state, &principal, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Which rendition of a portrait, and the version the link was made for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PortraitQuery {
    /// `thumb` (long edge 320, the default) or `display` (long edge 2048).
    #[param(inline)]
    pub size: Option<PhotoSize>,
    /// The version from `photo_url`: a link with the current version may be cached for good.
    pub v: Option<String>,
}

/// A serving deputy's portrait (no metadata). Public, like their profile.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Deputy code.", example = "D-001"), PortraitQuery),
    responses(
        (status = 200, description = "The image (JPEG, or PNG with transparency).", content_type = "image/jpeg",
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `If-None-Match` ETag."),
        (status = 404, description = "`deputy_not_found` (also for deputies who have left) or `photo_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}/photo")]
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PortraitQuery>,
) -> Result<HttpResponse, AppError> {
    let size = query.size.unwrap_or(PhotoSize::Thumb);
    let (bytes, content_type, version) = deputy_page::portrait(&state, &path, size).await?;
    let etag = format!("\"{version}-{}\"", size.as_str());
    let current = query.v.as_deref().is_some_and(|v| !v.is_empty() && version.starts_with(v));
    let cache = if current { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
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
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
