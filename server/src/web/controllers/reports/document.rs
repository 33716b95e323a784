use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::report_not_found;
use crate::app::attachments;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::ActorKind;
use crate::domain::report::record::ReportDocument;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// A PDF attached to a report, as the people handling it see it listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct DocumentView {
    /// 0-based, in the order documents were attached.
    pub position: i32,
    /// As sent (cleaned); may be empty.
    pub file_name: String,
    pub byte_size: i64,
    /// Who attached it: `unit`, `deputy`, `staff`, …
    pub attached_by: ActorKind,
    pub attached_at: DateTime<Utc>,
    /// Where to download it (with the same credentials as this view).
    pub url: String,
}

impl DocumentView {
    /// `base` is the download path without the position, e.g. `/api/v1/reports/{id}/documents`.
    pub fn new(document: ReportDocument, base: &str) -> Self {
        Self {
            url: format!("{base}/{}", document.position),
            position: document.position,
            file_name: document.file_name,
            byte_size: document.byte_size,
            attached_by: document.attached_by,
            attached_at: document.created_at,
        }
    }
}

/// A PDF as a download: never shown inline, never sniffed, sandboxed if a browser opens it anyway.
pub fn pdf_download(document: &ReportDocument, tracking_code: &str, bytes: bytes::Bytes) -> HttpResponse {
    let name = format!("{tracking_code}-{}.pdf", document.position + 1);
    let mut response = HttpResponse::Ok().content_type("application/pdf").body(bytes);
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    response
}

/// One PDF attached to a report (a handling unit's reply letter), for the deputy, staff and administrators
/// who reach the report; never for the citizen.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The report's id."),
        ("position" = u32, Path, description = "0-based position of the document."),
    ),
    responses(
        (status = 200, description = "The PDF, as an attachment.", content_type = "application/pdf"),
        (status = 403, description = "`forbidden`: not for citizens or kiosks.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found` or `document_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}/documents/{position}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(Uuid, u32)>,
) -> Result<HttpResponse, AppError> {
    if matches!(principal, Principal::Citizen { .. } | Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Documents are for the people handling the report."));
    }
    let (report_id, position) = path.into_inner();
    let report = state.storage.find_report(report_id).await?.ok_or_else(report_not_found)?;
    if !principal.may_read_report(&report.scope()) {
        return Err(report_not_found());
    }
    let (document, bytes) = attachments::document(&state, report.id, position).await?;
    Ok(pdf_download(&document, &report.tracking_code, bytes))
}
