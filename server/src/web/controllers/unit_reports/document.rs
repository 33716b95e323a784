use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

use crate::app::attachments;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::auth::Authenticated;
use crate::web::controllers::reports::document::pdf_download;
use crate::web::problem::Problem;

/// One PDF attached to a report forwarded to the unit.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The report's id."),
        ("position" = u32, Path, description = "0-based position of the document."),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment.", content_type = "application/pdf"),
        (status = 403, description = "`forbidden`: handling units' accounts only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found` or `document_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/unit-reports/{id}/documents/{position}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(Uuid, u32)>,
) -> Result<HttpResponse, AppError> {
    let (report_id, position) = path.into_inner();
    let opened = unit_reply::open_as(&state, &principal, report_id).await?;
    let (document, bytes) = attachments::document(&state, opened.report.id, position).await?;
    Ok(pdf_download(&document, &opened.report.tracking_code, bytes))
}
