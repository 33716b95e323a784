use actix_web::{HttpRequest, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::show::detail;
use super::{ReportDetail, report_not_found};
use crate::app::attachments::attach;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::web::auth::Authenticated;
use crate::web::extract::multipart;
use crate::web::problem::Problem;

/// The attachment form: `photos` and `documents` parts and nothing else. (The server also takes documents
/// without photos; the document lists photos as required so that a form is never empty.)
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Describes the form in the API document; the form itself is read part by part.
pub struct AttachmentForm {
    /// JPEG, PNG or WebP files, one part each; the type is read from the bytes.
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1)]
    photos: Vec<Vec<u8>>,
    /// PDF documents (a reply letter, a signed scan), one part each, at most 5 of 10 MB: plain PDFs only, no
    /// scripts, embedded files or encryption. Send at least one photo or document.
    #[serde(default)]
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1)]
    documents: Vec<Vec<u8>>,
}

/// Attaches the photos or scans of a handling unit's reply (JPEG, PNG or WebP, cleaned like the citizen's
/// photos) to an open report: the assigned deputy, staff of its station and administrators. They are for
/// the people handling the report and never shown to the citizen. Send `multipart/form-data` with `photos`
/// parts only.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    request_body(content = AttachmentForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The report with its attachments.", body = ReportDetail),
        (status = 403, description = "`forbidden`: deputies, staff and administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: the report is closed.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`photo_too_large` or `document_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` or `unsupported_media_type`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` (a field other than photos and documents, or none), `too_many_photos`, `too_many_documents`, `image_too_large`, `invalid_image` or `invalid_document`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/attachments")]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportDetail>, AppError> {
    if matches!(principal, Principal::Citizen { .. } | Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Attachments are for deputies and staff."));
    }
    let report = state.storage.find_report(path.into_inner()).await?.ok_or_else(report_not_found)?;
    if !principal.may_read_report(&report.scope()) {
        return Err(report_not_found());
    }
    let (photos, documents) = multipart::read_attachments(&req, payload, &state.limits).await?;
    let actor = (principal.actor_kind(), Some(principal.subject_id()));
    attach(&state, report.id, report.is_closed(), actor, photos, documents).await?;
    Ok(web::Json(detail(&state, &principal, report.id).await?))
}
