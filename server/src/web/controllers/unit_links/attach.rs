use actix_web::{HttpRequest, post, web};

use super::UnitReportView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::controllers::reports::attach::AttachmentForm;
use crate::web::extract::multipart;
use crate::web::problem::Problem;

/// Photos or scans of the unit's work, through its link (JPEG, PNG or WebP; checked and cleaned like the
/// citizen's). Send `multipart/form-data` with `photos` parts only.
#[utoipa::path(
    tag = "workflow",
    params(("token" = String, Path, description = "The signed link's token.")),
    request_body(content = AttachmentForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Attached.", body = UnitReportView),
        (status = 401, description = "`unit_link_invalid` or `unit_link_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`unit_link_superseded`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report is closed.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`photo_too_large` or `document_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` or `unsupported_media_type`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `too_many_photos`, `too_many_documents`, `image_too_large`, `invalid_image` or `invalid_document`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/unit-links/{token}/attachments")]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<UnitReportView>, AppError> {
    // The link first: nothing is read from a caller it does not let in.
    let opened = unit_reply::open(&state, &path).await?;
    let (photos, documents) = multipart::read_attachments(&req, payload, &state.limits).await?;
    let opened = unit_reply::attach_files(&state, opened, photos, documents).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
