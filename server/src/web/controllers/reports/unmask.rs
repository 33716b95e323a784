use actix_web::{post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::report_not_found;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// Why the full number is needed; kept in the audit log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnmaskRequest {
    /// 2–500 characters.
    #[schema(
        example = "回访核实处理结果",
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][\s\S]{0,498}[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub reason: String,
}

/// The full number, and when its disclosure was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnmaskedContact {
    #[schema(example = "13812341234")]
    pub phone: String,
    pub audited_at: DateTime<Utc>,
}

/// Shows the citizen's full phone number to the staff of the report's station or its assigned deputy, so
/// they can call back. Every disclosure is written to the append-only audit log first: who, when, which
/// report and why.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    request_body = UnmaskRequest,
    responses(
        (status = 200, description = "The full number; the disclosure is audited.", body = UnmaskedContact),
        (status = 403, description = "`forbidden`: you may see the report but not the full number.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`, or `no_contact_phone`: the citizen left no number.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a reason of 2–500 characters is required.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/contact/unmask")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<UnmaskRequest>,
) -> Result<web::Json<UnmaskedContact>, AppError> {
    let report = state.storage.find_report(path.into_inner()).await?.ok_or_else(report_not_found)?;
    let scope = report.scope();
    if !principal.may_read_report(&scope) {
        return Err(report_not_found());
    }
    if !principal.may_unmask_contact(&scope) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the report's station staff and its deputy may do this."));
    }
    let reason = body.reason.trim();
    let chars = reason.chars().count();
    if !(2..=500).contains(&chars) {
        return Err(AppError::validation(vec![FieldError::new("reason", "invalid_length", "2–500 characters")]));
    }
    let Some(cipher) = &report.contact_phone_cipher else {
        return Err(AppError::new(ErrorCode::NoContactPhone, "The citizen left no phone number."));
    };
    let phone = state.vault.decrypt(cipher).map_err(AppError::internal)?;
    let audited_at = state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "contact.unmask",
            report_id: Some(report.id),
            reason: Some(reason),
            subject: None,
            detail: None,
        })
        .await?;
    tracing::info!(report = %report.id, actor = %principal.subject_id(), "contact phone unmasked (audited)");
    Ok(web::Json(UnmaskedContact { phone, audited_at }))
}
