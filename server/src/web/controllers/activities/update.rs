use actix_web::{patch, web};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::ActivityView;
use crate::app::activities::{self, Edit};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::duty::activity::{ActivityKind, ActivityStatus, plan, record_text};
use crate::web::auth::StaffOrAdmin;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// The changed plan: all of it, as when planning.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanInput {
    pub kind: ActivityKind,
    #[serde(default)]
    pub unannounced: bool,
    pub title: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// What to change; what is left out stays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityChangeInput {
    pub plan: Option<PlanInput>,
    /// `held` or `cancelled` from `planned`; back to `planned` from `cancelled`.
    pub status: Option<ActivityStatus>,
    /// Minutes (纪要), up to 20,000 characters.
    pub minutes: Option<String>,
    /// Findings (发现的问题), up to 20,000 characters: what a review opinion is written from.
    pub findings: Option<String>,
    /// The deputies invited from now on (codes); dropped ones with nothing recorded are removed.
    pub invited: Option<Vec<String>>,
}

/// Changes an activity's plan, status, minutes, findings or invitations (its station's staff and
/// administrators); recorded in the audit log.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The activity's id.")),
    request_body = ActivityChangeInput,
    responses(
        (status = 200, description = "Changed.", body = ActivityView),
        (status = 403, description = "`forbidden`: not the station's staff.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`activity_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`: e.g. a held activity cannot be cancelled.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/activities/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<Uuid>,
    JsonBody(body): JsonBody<ActivityChangeInput>,
) -> Result<web::Json<ActivityView>, AppError> {
    let mut errors = Vec::new();
    let plan = match body.plan {
        Some(p) => match plan(p.kind, p.unannounced, &p.title, &p.topic, &p.place, p.starts_at, p.ends_at) {
            Ok(plan) => Some(plan),
            Err(mut found) => {
                for e in &mut found {
                    e.field = format!("plan.{}", e.field);
                }
                errors.extend(found);
                None
            }
        },
        None => None,
    };
    let mut text = |field: &str, value: Option<String>| match value.map(|v| record_text(field, &v)) {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => None,
    };
    let (minutes, findings) = (text("minutes", body.minutes), text("findings", body.findings));
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let edit = Edit { plan, status: body.status, minutes, findings, invited: body.invited };
    let record = activities::edit(&state, &principal, path.into_inner(), edit).await?;
    Ok(web::Json(ActivityView::new(&record, &principal, &state.public_url)))
}
