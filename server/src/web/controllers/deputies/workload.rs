use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::web::auth::Supervisor;
use crate::web::controllers::stations::supervised_station;
use crate::web::problem::Problem;

/// How busy one of the station's deputies is now.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyWorkload {
    #[schema(example = "D-003")]
    pub code: String,
    pub name: Localized,
    /// `active` or `on_leave`.
    #[schema(example = "active")]
    pub status: String,
    /// Reports assigned to them and not yet answered (assigned, accepted, forwarded, the unit replied).
    pub open_reports: u32,
    /// Of those, how many are past their current deadline.
    pub overdue_reports: u32,
    /// When a report was last assigned to them.
    pub last_assigned_at: Option<DateTime<Utc>>,
    /// Whether an account is bound to them (they can sign in to the workbench).
    pub bound: bool,
}

/// The station's deputies and their loads, by code.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkloadList {
    pub items: Vec<DeputyWorkload>,
}

/// Each deputy of a station with their current load (在办): open reports, how many of them are overdue, the
/// last assignment, and whether they can sign in. For triage (who can take one more?) and supervision: the
/// station's staff and head, the committee and administrators.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01")),
    responses(
        (status = 200, description = "The station's deputies who have not left, by code.", body = WorkloadList),
        (status = 403, description = "`forbidden`: not a supervisor of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/workload")]
pub async fn handler(
    state: web::Data<AppState>,
    Supervisor(principal): Supervisor,
    path: web::Path<String>,
) -> Result<web::Json<WorkloadList>, AppError> {
    let station = supervised_station(&state, &principal, &path).await?;
    let listings = state.storage.deputy_listings(Some(station), None).await?;
    let load = state.storage.workload().await?;
    let overdue = state.storage.overdue_by_deputy(state.clock.now()).await?;
    let items = listings
        .into_iter()
        .map(|listing| {
            let d = listing.deputy;
            let now = load.get(&d.id).copied().unwrap_or_default();
            DeputyWorkload {
                open_reports: now.open_reports,
                overdue_reports: overdue.get(&d.id).copied().unwrap_or(0),
                last_assigned_at: now.last_assigned_at,
                bound: d.account_id.is_some(),
                status: d.status.as_str().to_owned(),
                code: d.code,
                name: d.name,
            }
        })
        .collect();
    Ok(web::Json(WorkloadList { items }))
}
