use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{KioskView, enrollment_code_hash, new_enrollment_code};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::StaffOrAdmin;
use crate::web::controllers::stations::managed_station;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A name for the new kiosk.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKioskRequest {
    /// 1–50 characters, e.g. where it stands.
    #[schema(
        example = "大厅一号机",
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,48}[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub label: String,
}

/// The new kiosk and the code to type into it.
#[derive(Debug, Serialize, ToSchema)]
pub struct KioskEnrollmentCode {
    pub kiosk: KioskView,
    /// Shown once; type it into the kiosk's setup screen. Works once.
    #[schema(example = "7KQ9-M3XD-P2AB")]
    pub enrollment_code: String,
    pub expires_at: DateTime<Utc>,
}

/// Creates a kiosk for the station and a one-time enrollment code for it (staff of the station and
/// administrators). The code is valid for `auth.enrollment_code_minutes` and is stored only as a hash.
#[utoipa::path(
    tag = "kiosks",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    request_body = NewKioskRequest,
    responses(
        (status = 201, description = "Created; hand the code to the kiosk.", body = KioskEnrollmentCode),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/stations/{code}/kiosks")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    JsonBody(body): JsonBody<NewKioskRequest>,
) -> Result<HttpResponse, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let label = body.label.trim();
    if label.is_empty() || label.chars().count() > 50 {
        return Err(AppError::validation(vec![FieldError::new("label", "invalid_length", "1–50 characters")]));
    }
    let code = new_enrollment_code();
    let expires_at =
        state.clock.now() + Duration::minutes(i64::try_from(state.auth.enrollment_code_minutes).unwrap_or(30));
    let kiosk = state
        .storage
        .create_kiosk(station.id, label, &enrollment_code_hash(&code), expires_at, Some(principal.subject_id()))
        .await?;
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "kiosk.create",
            report_id: None,
            reason: Some(&format!("kiosk {} at {}", kiosk.id, station.code)),
            subject: None,
            detail: None,
        })
        .await?;
    let body = KioskEnrollmentCode {
        kiosk: KioskView::new(kiosk, station.code, state.clock.now()),
        enrollment_code: code,
        expires_at,
    };
    Ok(HttpResponse::build(StatusCode::CREATED).json(body))
}
