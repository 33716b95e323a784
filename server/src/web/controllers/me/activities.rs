use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::activities;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::duty::activity::{ActivityKind, ActivityStatus, Attendance};
use crate::web::auth::Authenticated;
use crate::web::controllers::activities::list::ActivityQuery;
use crate::web::problem::Problem;

/// One of the deputy's activities and their attendance.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyActivity {
    pub id: Uuid,
    pub kind: ActivityKind,
    pub title: String,
    pub place: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub status: ActivityStatus,
    pub invited: bool,
    pub attendance: Attendance,
}

/// The deputy's activities.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyActivities {
    pub items: Vec<MyActivity>,
}

/// The signed-in deputy's activities (invited to, or recorded at) starting in the range, in order of start.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(ActivityQuery),
    responses(
        (status = 200, description = "The activities.", body = MyActivities),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a deputy's account.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/activities")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<ActivityQuery>,
) -> Result<web::Json<MyActivities>, AppError> {
    let (from, to) = query.range(state.clock.now())?;
    let items = activities::mine(&state, &principal, from, to)
        .await?
        .into_iter()
        .map(|(a, r)| MyActivity {
            id: a.id,
            kind: a.kind,
            title: a.title,
            place: a.place,
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            status: a.status,
            invited: r.invited,
            attendance: r.attendance,
        })
        .collect();
    Ok(web::Json(MyActivities { items }))
}
