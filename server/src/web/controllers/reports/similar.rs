use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ReportSummary, report_not_found};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::duplicates::{Facts, likeness};
use crate::domain::report::ReportStatus;
use crate::domain::report::record::Report;
use crate::storage::report_reads::QueueFilter;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// Open reports that look like the same problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarList {
    /// Most alike first; at most five. A deputy gets only those they may read (their own).
    pub items: Vec<SimilarReport>,
    /// How many more alike reports the station is handling that the caller may not open (a deputy's
    /// colleagues'): counted, not shown.
    pub others: usize,
}

/// A likely duplicate, with why.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarReport {
    #[serde(flatten)]
    pub report: ReportSummary,
    /// 0 to 1.
    pub score: f64,
    /// How much of the wording they share, 0 to 1.
    pub text_similarity: f64,
    /// Metres apart, when both have a location.
    pub distance_m: Option<f64>,
}

fn facts(r: &Report) -> Facts<'_> {
    Facts { category: r.category_id, location: r.location, submitted_at: r.created_at, text: &r.description }
}

/// Suggests open reports of the same station and category that are likely the same problem (recent, nearby,
/// similar words), to merge (并案) with `merge` (staff of the station and administrators). The report's deputy
/// sees the alike reports they hold themselves and how many others the station is handling.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    responses(
        (status = 200, description = "Likely duplicates.", body = SimilarList),
        (status = 403, description = "`forbidden`: staff, the report's deputy and administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}/similar")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<SimilarList>, AppError> {
    if !matches!(principal, Principal::Staff { .. } | Principal::Admin { .. } | Principal::Deputy { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Staff, the report's deputy and administrators only."));
    }
    let report = state.storage.find_report(path.into_inner()).await?.ok_or_else(report_not_found)?;
    let scope = report.scope();
    if !principal.may_read_report(&scope) {
        return Err(report_not_found());
    }
    let filter = QueueFilter {
        stations: Some([scope.station_id, scope.routed_station_id].into_iter().flatten().collect()),
        statuses: ReportStatus::OPEN.to_vec(),
        category: Some(report.category_id),
        ..Default::default()
    };
    let mut found = Vec::new();
    let mut after = None;
    // The station's open reports in the category, a page at a time.
    loop {
        let rows = state.storage.report_queue(&filter, after, 500).await?;
        let last = rows.last().map(|(r, _, _)| r.id);
        for (other, category, station) in rows {
            if other.id == report.id {
                continue;
            }
            if let Some(l) = likeness(&facts(&report), &facts(&other)) {
                let readable = principal.may_read_report(&other.scope());
                found.push((l, readable, ReportSummary::new(other, category, station, state.clock.now())));
            }
        }
        match last {
            Some(id) if found.len() < 1_000 => after = Some(id),
            _ => break,
        }
    }
    found.sort_by(|a, b| b.0.score.total_cmp(&a.0.score));
    let others = found.iter().filter(|(_, readable, _)| !readable).count();
    let items = found
        .into_iter()
        .filter(|(_, readable, _)| *readable)
        .take(5)
        .map(|(l, _, report)| SimilarReport {
            report,
            score: l.score,
            text_similarity: l.text_similarity,
            distance_m: l.distance_m,
        })
        .collect();
    Ok(web::Json(SimilarList { items, others }))
}
