use actix_web::{HttpResponse, get, web};

use crate::app::attachments;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::unit_reply;
use crate::web::controllers::reports::document::pdf_download;
use crate::web::problem::Problem;

/// One PDF attached to the report, through the unit's link.
#[utoipa::path(
    tag = "workflow",
    params(
        ("token" = String, Path, description = "The signed link's token."),
        ("position" = u32, Path, description = "0-based position of the document."),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment.", content_type = "application/pdf"),
        (status = 401, description = "`unit_link_invalid` or `unit_link_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`unit_link_superseded`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`document_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/unit-links/{token}/documents/{position}")]
pub async fn handler(state: web::Data<AppState>, path: web::Path<(String, u32)>) -> Result<HttpResponse, AppError> {
    let (token, position) = path.into_inner();
    let opened = unit_reply::open(&state, &token).await?;
    let (document, bytes) = attachments::document(&state, opened.report.id, position).await?;
    Ok(pdf_download(&document, &opened.report.tracking_code, bytes))
}
