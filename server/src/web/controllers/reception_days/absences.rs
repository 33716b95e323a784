//! Who kept their turn at a reception slot: the deputies on duty, those marked absent with the reason.

use actix_web::{delete, get, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::reception_absences;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A deputy on duty at the slot.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyTurn {
    #[schema(example = "D-003")]
    pub deputy: String,
    pub name: Localized,
    pub absent: bool,
    pub reason: Option<String>,
    pub marked_at: Option<DateTime<Utc>>,
}

/// The slot's turns on duty.
#[derive(Debug, Serialize, ToSchema)]
pub struct DutyTurns {
    pub id: Uuid,
    #[schema(example = "XH-01")]
    pub station: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub turns: Vec<DutyTurn>,
}

/// Why the deputy was absent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AbsenceInput {
    /// At most 500 characters; may be empty.
    #[serde(default)]
    #[schema(example = "临时公务未到")]
    pub reason: String,
}

async fn turns(
    state: &AppState,
    principal: &crate::domain::access::Principal,
    id: Uuid,
) -> Result<DutyTurns, AppError> {
    let (slot, absences) = reception_absences::of_slot(state, principal, id).await?;
    let turns = slot
        .deputies
        .iter()
        .map(|d| {
            let absence = absences.iter().find(|(_, deputy)| deputy.id == d.id).map(|(a, _)| a);
            DutyTurn {
                deputy: d.code.clone(),
                name: d.name.clone(),
                absent: absence.is_some(),
                reason: absence.map(|a| a.reason.clone()),
                marked_at: absence.map(|a| a.marked_at),
            }
        })
        .collect();
    Ok(DutyTurns { id: slot.id, station: slot.station_code, starts_at: slot.starts_at, ends_at: slot.ends_at, turns })
}

/// The deputies on duty at a reception slot and who of them was absent (staff of its station,
/// administrators, the committee).
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Reception slot id.")),
    responses(
        (status = 200, description = "The turns on duty.", body = DutyTurns),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reception-days/{id}/absences")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<DutyTurns>, AppError> {
    Ok(web::Json(turns(&state, &principal, path.into_inner()).await?))
}

/// Marks a deputy on duty absent from the slot once it has begun, until its year is over (staff of its
/// station, administrators);
/// the points archive no longer counts the turn. Marking again replaces the reason. Audited.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Reception slot id."),
        ("deputy" = String, Path, description = "The deputy's code.", example = "D-003"),
    ),
    request_body = AbsenceInput,
    responses(
        (status = 200, description = "Marked.", body = DutyTurns),
        (status = 403, description = "`forbidden`: the committee reads, the station marks.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_on_duty`, `reception_not_begun`, or `year_kept` (its year is over).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the reason is too long.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/reception-days/{id}/absences/{deputy}")]
pub async fn mark(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(Uuid, String)>,
    JsonBody(body): JsonBody<AbsenceInput>,
) -> Result<web::Json<DutyTurns>, AppError> {
    let (id, deputy) = path.into_inner();
    reception_absences::mark(&state, &principal, id, &deputy, &body.reason).await?;
    Ok(web::Json(turns(&state, &principal, id).await?))
}

/// Takes back a deputy's absence from the slot (staff of its station, administrators). Audited.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "Reception slot id."),
        ("deputy" = String, Path, description = "The deputy's code.", example = "D-003"),
    ),
    responses(
        (status = 200, description = "Taken back (or none was marked).", body = DutyTurns),
        (status = 403, description = "`forbidden`: the committee reads, the station marks.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`reception_day_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_on_duty`, or `year_kept` (its year is over).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/reception-days/{id}/absences/{deputy}")]
pub async fn clear(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<(Uuid, String)>,
) -> Result<web::Json<DutyTurns>, AppError> {
    let (id, deputy) = path.into_inner();
    reception_absences::clear(&state, &principal, id, &deputy).await?;
    Ok(web::Json(turns(&state, &principal, id).await?))
}
