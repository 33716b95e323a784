use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::auth::AdminOnly;
use crate::web::problem::Problem;

/// Which entries to show.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only entries about this report.
    pub report_id: Option<Uuid>,
    /// Only entries about this directory record, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// At most this many (1–500, default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u64>,
}

/// One audited act.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `staff`, `deputy`, `admin`, …
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// e.g. `contact.unmask`, `kiosk.create`, `kiosk.revoke`, `account.create`, `directory.deputy.update`.
    #[schema(example = "contact.unmask")]
    pub action: String,
    pub report_id: Option<Uuid>,
    pub reason: Option<String>,
    /// What a directory change touched, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// The change (`before` and `after`) for directory changes.
    #[schema(value_type = Option<Object>)]
    pub detail: Option<serde_json::Value>,
}

/// Audit entries, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub items: Vec<AuditEntryView>,
}

/// Reads the append-only audit log, newest first (administrators only).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "The entries.", body = AuditList),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn handler(
    state: web::Data<AppState>,
    _admin: AdminOnly,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<AuditList>, AppError> {
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`limit` must be 1 to 500."));
    }
    let items = state
        .storage
        .list_audit(query.report_id, query.subject.as_deref(), limit)
        .await?
        .into_iter()
        .map(|e| AuditEntryView {
            id: e.id,
            at: e.at,
            actor_kind: e.actor_kind,
            actor_id: e.actor_id,
            action: e.action,
            report_id: e.report_id,
            reason: e.reason,
            subject: e.subject,
            detail: e.detail.and_then(|d| serde_json::from_str(&d).ok()),
        })
        .collect();
    Ok(web::Json(AuditList { items }))
}
