use actix_web::{get, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{NoticeList, NoticeView};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::web::auth::StaffOrAdmin;
use crate::web::problem::Problem;

/// A notice's delivery state, as the `status` filter names it.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // Describes `NoticeQuery::status` in the API document.
pub enum NoticeState {
    Pending,
    Delivered,
    Dead,
}

/// Which notices.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    /// `pending`, `delivered` or `dead`.
    #[param(value_type = Option<NoticeState>, inline)]
    pub status: Option<String>,
    /// Only those about this report.
    pub report_id: Option<Uuid>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
}

/// Notices with every delivery attempt (channel, result, provider code), newest first: staff see those about
/// their stations' reports, administrators all. `status=dead` lists the dead letters to send again.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NoticeQuery),
    responses(
        (status = 200, description = "The notices.", body = NoticeList),
        (status = 403, description = "`forbidden`: staff and administrators only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn handler(
    state: web::Data<AppState>,
    StaffOrAdmin(principal): StaffOrAdmin,
    query: web::Query<NoticeQuery>,
) -> Result<web::Json<NoticeList>, AppError> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`limit` must be 1 to 200."));
    }
    if let Some(status) = &query.status
        && !matches!(status.as_str(), "pending" | "delivered" | "dead")
    {
        return Err(AppError::new(ErrorCode::InvalidQuery, "`status` is `pending`, `delivered` or `dead`."));
    }
    let rows = state.storage.list_notices(query.report_id, query.status.as_deref(), limit).await?;
    let mut items = Vec::with_capacity(rows.len());
    for (notice, attempts) in rows {
        let visible = crate::app::notices::visible(&state, &principal, &notice).await?;
        if visible {
            items.push(NoticeView::new(notice, attempts));
        }
    }
    Ok(web::Json(NoticeList { items }))
}
