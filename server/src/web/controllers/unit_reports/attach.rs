use actix_web::{HttpRequest, post, web};
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::auth::Authenticated;
use crate::web::controllers::reports::attach::AttachmentForm;
use crate::web::controllers::unit_links::UnitReportView;
use crate::web::extract::multipart;
use crate::web::problem::Problem;

/// Photos, scans and PDF letters of the unit's work on a report forwarded to it. Send
/// `multipart/form-data` with `photos` and `documents` parts only.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    request_body(content = AttachmentForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Attached.", body = UnitReportView),
        (status = 403, description = "`forbidden`: handling units' accounts only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report is closed.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`photo_too_large` or `document_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` or `unsupported_media_type`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `too_many_photos`, `too_many_documents`, `image_too_large`, `invalid_image` or `invalid_document`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/unit-reports/{id}/attachments")]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<UnitReportView>, AppError> {
    // The report first: nothing is read from a caller it does not let in.
    let opened = unit_reply::open_as(&state, &principal, path.into_inner()).await?;
    let (photos, documents) = multipart::read_attachments(&req, payload, &state.limits).await?;
    let opened = unit_reply::attach_files(&state, opened, photos, documents).await?;
    Ok(web::Json(UnitReportView::new(&state, opened).await?))
}
