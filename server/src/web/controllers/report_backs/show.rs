use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::ReportBackView;
use crate::app::error::AppError;
use crate::app::report_backs;
use crate::app::state::AppState;
use crate::web::auth::Caller;
use crate::web::controllers::archive::ArchiveView;
use crate::web::problem::Problem;

/// A session: open to anyone while voting is open or once its results are published; always to its
/// station, the committee and the deputy.
#[utoipa::path(
    tag = "duty",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "The session.", body = ReportBackView),
        (status = 404, description = "`report_back_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/report-backs/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportBackView>, AppError> {
    let session = report_backs::show(&state, caller.as_ref(), path.into_inner()).await?;
    Ok(web::Json(ReportBackView::new(&session, state.clock.now())))
}

/// The deputy's one-page record (成绩单) for the session, and the session.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBackRecord {
    pub session: ReportBackView,
    /// Their points archive for the session's year.
    pub record: ArchiveView,
}

/// The deputy's one-page record (成绩单) voters read before rating: their points archive for the session's
/// year, totals per rule (every entry with its source only for the station, the committee and the deputy).
/// Open as the session is.
#[utoipa::path(
    tag = "duty",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "The record.", body = ReportBackRecord),
        (status = 404, description = "`report_back_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/report-backs/{id}/record")]
pub async fn record(
    state: web::Data<AppState>,
    Caller(caller): Caller,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportBackRecord>, AppError> {
    let (session, archive) = report_backs::record(&state, caller.as_ref(), path.into_inner()).await?;
    let deputy = session.deputy.clone();
    let view = ReportBackView::new(&session, state.clock.now());
    // Voters read the totals per rule; the entries name citizens' reports by their tracking codes, which
    // open a report's tracking page, so only those inside see them.
    let record = match &deputy {
        Some(d) => ArchiveView::new(d, &archive, session.insider),
        None => {
            return Err(crate::app::error::AppError::new(
                crate::app::error::ErrorCode::DeputyNotFound,
                "The deputy is no longer in the directory.",
            ));
        }
    };
    Ok(web::Json(ReportBackRecord { session: view, record }))
}
