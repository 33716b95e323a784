use actix_web::{get, web};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::report::ActorKind;
use crate::domain::schedule::{at, plausible};
use crate::storage::audit::AuditFilter;
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
    /// Only actions starting with this, e.g. `directory.`, `report.` or `directory.import`.
    #[param(example = "directory.")]
    pub action: Option<String>,
    /// Only acts of this kind of actor: `citizen`, `kiosk`, `deputy`, `staff`, `admin`, `unit`, `system`, …
    pub actor_kind: Option<ActorKind>,
    /// Only entries on or after this local date.
    #[param(value_type = Option<String>, format = Date, example = "2026-11-01")]
    pub from: Option<NaiveDate>,
    /// Only entries on or before this local date.
    #[param(value_type = Option<String>, format = Date, example = "2026-11-30")]
    pub to: Option<NaiveDate>,
    /// The next page: only entries older than this one (the last `id` of the page before).
    pub before: Option<Uuid>,
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
    if [query.from, query.to].into_iter().flatten().any(|d| !plausible(d)) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "Dates must be between 2000 and 2100."));
    }
    let filter = AuditFilter {
        report_id: query.report_id,
        subject: query.subject.clone(),
        action_prefix: query.action.clone().filter(|a| !a.is_empty()),
        actor_kind: query.actor_kind.map(|k| k.as_str().to_owned()),
        from: query.from.map(|d| at(d, NaiveTime::MIN)),
        to: query.to.map(|d| at(d + Duration::days(1), NaiveTime::MIN)),
        before: query.before,
    };
    let items = state
        .storage
        .list_audit(&filter, limit)
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
