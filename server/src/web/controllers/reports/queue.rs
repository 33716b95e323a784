//! Work queues: a station's triage queue (研判), a deputy's inbox, and the overdue board (督办). Oldest
//! first, with an opaque cursor for the next page, so the order is stable while reports come in.

use actix_web::{get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::ReportSummary;
use super::assignees::supervised_summaries;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::ReportStatus;
use crate::storage::report_reads::QueueFilter;
use crate::web::auth::{Authenticated, StaffOrAdmin, Supervisor};
use crate::web::controllers::stations::{managed_station, supervised_station};
use crate::web::problem::Problem;

/// Paging and filters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// `next_cursor` from the previous page.
    #[param(format = Uuid)]
    pub cursor: Option<String>,
    /// 1–100, default 50.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Only this category (code).
    pub category: Option<String>,
    /// Only this station (code); on the overdue board.
    pub station: Option<String>,
    /// On the overdue board: only reports escalated to at least this level of supervision (督办): `1` the
    /// station head, `2` the committee.
    #[param(minimum = 1, maximum = 2)]
    pub level: Option<u8>,
}

/// One page of a queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPage {
    pub items: Vec<ReportSummary>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// A page of the queue `filter` selects; `supervised`: each line names its deputy, unit and pending extension.
async fn page(
    state: &AppState,
    mut filter: QueueFilter,
    query: &QueueQuery,
    supervised: bool,
) -> Result<ReportPage, AppError> {
    if query.level.is_some_and(|level| !(1..=2).contains(&level)) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`level` is 1 (the station head) or 2 (the committee)."));
    }
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`limit` must be 1 to 100."));
    }
    let after = match &query.cursor {
        Some(cursor) => Some(
            Uuid::parse_str(cursor)
                .map_err(|_| AppError::new(ErrorCode::InvalidQuery, "`cursor` is not one this server gave out."))?,
        ),
        None => None,
    };
    if let Some(code) = &query.category {
        let category = state
            .storage
            .find_category(code)
            .await?
            .ok_or_else(|| AppError::new(ErrorCode::CategoryNotFound, format!("There is no category `{code}`.")))?;
        filter.category = Some(category.id);
    }
    let rows = state.storage.report_queue(&filter, after, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let rows: Vec<_> = rows.into_iter().take(usize::try_from(limit).unwrap_or(usize::MAX)).collect();
    let items: Vec<ReportSummary> = if supervised {
        supervised_summaries(&state.storage, rows, state.clock.now()).await?
    } else {
        rows.into_iter().map(|(r, c, s)| ReportSummary::new(r, c, s, state.clock.now())).collect()
    };
    let next_cursor = if more { items.last().map(|r| r.id.to_string()) } else { None };
    Ok(ReportPage { items, next_cursor })
}

/// A station's triage queue: reports waiting for staff to assess and assign them (研判).
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), QueueQuery),
    responses(
        (status = 200, description = "Oldest first.", body = ReportPage),
        (status = 403, description = "`forbidden`: not staff of this station.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`, or `category_not_found` for the `category` filter.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/triage")]
pub async fn triage(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    path: web::Path<String>,
    query: web::Query<QueueQuery>,
) -> Result<web::Json<ReportPage>, AppError> {
    let station = managed_station(&state, &principal, &path).await?;
    let filter = QueueFilter {
        stations: Some(vec![station.id]),
        statuses: vec![ReportStatus::Submitted, ReportStatus::Triage],
        ..Default::default()
    };
    Ok(web::Json(page(&state, filter, &query, true).await?))
}

/// The signed-in deputy's inbox: open reports assigned to them; for a handling unit's account, the open reports
/// forwarded to its unit.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "Oldest first.", body = ReportPage),
        (status = 403, description = "`forbidden`: deputies linked to the directory and handling units' accounts only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`category_not_found` for the `category` filter.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/inbox")]
pub async fn inbox(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<QueueQuery>,
) -> Result<web::Json<ReportPage>, AppError> {
    let filter = match principal {
        Principal::Deputy { deputy_id: Some(deputy_id), .. } => {
            QueueFilter { deputy: Some(deputy_id), statuses: ReportStatus::OPEN.to_vec(), ..Default::default() }
        }
        // A unit's account: the open reports forwarded to its unit (each opened at /me/unit-reports/{id}).
        Principal::Unit { unit_id, .. } => {
            QueueFilter { unit: Some(unit_id), statuses: ReportStatus::OPEN.to_vec(), ..Default::default() }
        }
        _ => {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "The inbox is for deputies linked to the directory and handling units' accounts.",
            ));
        }
    };
    Ok(web::Json(page(&state, filter, &query, false).await?))
}

/// The overdue board (督办): open reports past their current deadline, for staff and station heads (their
/// stations), the committee and administrators (all, or one `station`), optionally only those escalated to
/// the station head (`level=1`) or the committee (`level=2`).
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(QueueQuery),
    responses(
        (status = 200, description = "Oldest first.", body = ReportPage),
        (status = 403, description = "`forbidden`: staff and administrators only, and only their stations.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found` or `category_not_found`, for the filters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/overdue")]
pub async fn overdue(
    state: web::Data<AppState>,
    Supervisor(principal): Supervisor,
    query: web::Query<QueueQuery>,
) -> Result<web::Json<ReportPage>, AppError> {
    let stations = match (&query.station, &principal) {
        (Some(code), _) => Some(vec![supervised_station(&state, &principal, code).await?]),
        (None, Principal::Staff { stations, .. }) => Some(stations.clone()),
        (None, _) => None,
    };
    let filter = QueueFilter {
        stations,
        statuses: ReportStatus::OPEN.to_vec(),
        overdue_at: Some(state.clock.now()),
        min_escalation: query.level,
        ..Default::default()
    };
    Ok(web::Json(page(&state, filter, &query, true).await?))
}
