//! The year-end report (年度履职报告) as JSON for the console's printable page, or as an XLSX workbook.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::app::year_end::{self, YearEnd};
use crate::domain::Localized;
use crate::domain::duty::activity::ActivityKind;
use crate::domain::stats::Figures;
use crate::web::auth::Authenticated;
use crate::web::controllers::plan_tasks::PlanTaskView;
use crate::web::problem::Problem;

mod sheets;

/// The file to make.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum YearEndFormat {
    #[default]
    Json,
    Xlsx,
}

/// Which station, and which form.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearEndQuery {
    /// One station (code); every station when left out (the committee and administrators).
    pub station: Option<String>,
    /// `json` (default) or `xlsx`.
    #[param(value_type = Option<YearEndFormat>, inline)]
    pub format: Option<YearEndFormat>,
}

/// Activities held of one kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct KindCount {
    pub kind: ActivityKind,
    pub held: u64,
}

/// Activities of the year and the attendance at those held.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivitiesSummary {
    pub held: u64,
    pub planned: u64,
    pub cancelled: u64,
    pub held_by_kind: Vec<KindCount>,
    pub attendances: u64,
    pub present: u64,
    pub excused: u64,
    pub absent: u64,
    pub unrecorded: u64,
}

/// Reception days over by the report's time.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceptionSummary {
    pub held: u64,
    /// Deputies' turns on duty.
    pub duties: u64,
    pub absences: u64,
    pub kept: u64,
}

/// Review opinions sent in the year, with their listed problems.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpinionsSummary {
    pub sent: u64,
    pub closed: u64,
    pub items: u64,
    pub items_closed: u64,
    pub items_closed_on_time: u64,
    pub items_overdue: u64,
}

/// Votes or ratings counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingCounts {
    pub satisfied: u64,
    pub mostly: u64,
    pub not_satisfied: u64,
    pub total: u64,
    /// Satisfied or mostly, of the total.
    pub satisfaction: Option<f64>,
    /// Fewer than 10: read with care.
    pub small_sample: bool,
}

impl From<crate::domain::duty::report_back::Tally> for RatingCounts {
    fn from(t: crate::domain::duty::report_back::Tally) -> Self {
        Self {
            satisfied: t.satisfied,
            mostly: t.mostly,
            not_satisfied: t.not_satisfied,
            total: t.total(),
            satisfaction: t.satisfaction(),
            small_sample: t.small_sample(),
        }
    }
}

/// Suggestions submitted to an organ in the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestionsSummary {
    pub submitted: u64,
    pub answered: u64,
    pub answered_on_time: u64,
    pub overdue: u64,
    pub rehandled: u64,
    /// The deputies' ratings of the answers.
    pub ratings: RatingCounts,
}

/// Report-backs to voters held in the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBacksSummary {
    pub held: u64,
    pub published: u64,
    pub votes: RatingCounts,
}

/// A deputy's points for the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyPointsLine {
    #[schema(example = "D-003")]
    pub deputy: String,
    pub name: Localized,
    pub stations: Vec<String>,
    pub total: i32,
    pub rules_version: String,
}

/// The annual plan's tasks counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanSummary {
    pub total: u64,
    pub done_on_time: u64,
    pub done_late: u64,
    pub overdue: u64,
    pub open: u64,
    pub dropped: u64,
}

/// A station's reports of the year.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationFigures {
    pub station: String,
    pub name: Localized,
    pub figures: Figures,
}

/// The year-end report.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearEndView {
    pub year: i32,
    /// The station, or none for every station.
    pub station: Option<String>,
    pub station_name: Option<Localized>,
    pub generated_at: DateTime<Utc>,
    /// The year is over.
    pub complete: bool,
    /// The reports filed in the year (to today while it runs): the same numbers as `GET /stats` for the
    /// same dates and stations.
    pub reports: Figures,
    pub reports_by_station: Vec<StationFigures>,
    pub activities: ActivitiesSummary,
    pub reception: ReceptionSummary,
    pub opinions: OpinionsSummary,
    pub suggestions: SuggestionsSummary,
    pub report_backs: ReportBacksSummary,
    /// Serving deputies, most points first.
    pub points: Vec<DeputyPointsLine>,
    pub plan: PlanSummary,
    pub tasks: Vec<PlanTaskView>,
}

impl YearEndView {
    fn new(r: &YearEnd) -> Self {
        let a = &r.activities;
        let o = &r.opinions;
        let s = &r.suggestions;
        let p = &r.plan;
        Self {
            year: r.year,
            station: r.station.as_ref().map(|s| s.code.clone()),
            station_name: r.station.as_ref().map(|s| s.name.clone()),
            generated_at: r.generated_at,
            complete: r.complete,
            reports: r.reports.total.clone(),
            reports_by_station: r
                .reports
                .groups
                .iter()
                .flat_map(|(_, groups)| groups)
                .map(|g| StationFigures {
                    station: g.key.clone(),
                    name: r
                        .stations
                        .iter()
                        .find(|s| s.code == g.key)
                        .map_or_else(|| Localized::new(g.name.clone(), g.name.clone()), |s| s.name.clone()),
                    figures: g.figures.clone(),
                })
                .collect(),
            activities: ActivitiesSummary {
                held: a.held,
                planned: a.planned,
                cancelled: a.cancelled,
                held_by_kind: a
                    .held_by_kind
                    .iter()
                    .map(|(kind, held)| KindCount { kind: *kind, held: *held })
                    .collect(),
                attendances: a.attendances,
                present: a.present,
                excused: a.excused,
                absent: a.absent,
                unrecorded: a.unrecorded,
            },
            reception: ReceptionSummary {
                held: r.reception.held,
                duties: r.reception.duties,
                absences: r.reception.absences,
                kept: r.reception.kept,
            },
            opinions: OpinionsSummary {
                sent: o.sent,
                closed: o.closed,
                items: o.items,
                items_closed: o.items_closed,
                items_closed_on_time: o.items_closed_on_time,
                items_overdue: o.items_overdue,
            },
            suggestions: SuggestionsSummary {
                submitted: s.submitted,
                answered: s.answered,
                answered_on_time: s.answered_on_time,
                overdue: s.overdue,
                rehandled: s.rehandled,
                ratings: s.ratings.into(),
            },
            report_backs: ReportBacksSummary {
                held: r.report_backs.held,
                published: r.report_backs.published,
                votes: r.report_backs.votes.into(),
            },
            points: r
                .points
                .iter()
                .map(|d| DeputyPointsLine {
                    deputy: d.deputy.code.clone(),
                    name: d.deputy.name.clone(),
                    stations: d.stations.clone(),
                    total: d.total,
                    rules_version: d.rules_version.clone(),
                })
                .collect(),
            plan: PlanSummary {
                total: p.total,
                done_on_time: p.done_on_time,
                done_late: p.done_late,
                overdue: p.overdue,
                open: p.open,
                dropped: p.dropped,
            },
            tasks: r.tasks.iter().map(|t| PlanTaskView::new(t, r.generated_at)).collect(),
        }
    }
}

/// The year-end report (年度履职报告) of one station or of every station, drawn from the year's record: the
/// closed loop's figures (equal to `GET /stats` for the same dates), activities and attendance, reception
/// days, review opinions item by item, suggestions and their ratings, report-backs and votes, every serving
/// deputy's points, and the annual plan's tasks. JSON for the console's printable page, or an XLSX workbook
/// (text never becomes a formula). The committee and administrators read any scope; staff their station's.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("year" = i32, Path, description = "From 2000 to the current year.", example = 2026), YearEndQuery),
    responses(
        (status = 200, description = "The report.", content(
            (YearEndView = "application/json"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = "`invalid_query`: a year from 2000 to the current year.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/year-end/{year}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<i32>,
    query: web::Query<YearEndQuery>,
) -> Result<HttpResponse, AppError> {
    let station =
        match &query.station {
            Some(code) => {
                Some(state.storage.find_station(code).await?.ok_or_else(|| {
                    AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`."))
                })?)
            }
            None => None,
        };
    let report = year_end::report(&state, &principal, path.into_inner(), station).await?;
    match query.format.unwrap_or_default() {
        YearEndFormat::Json => {
            Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(YearEndView::new(&report)))
        }
        YearEndFormat::Xlsx => {
            let bytes = sheets::workbook(&report).map_err(AppError::internal)?;
            let scope: String = report
                .station
                .as_ref()
                .map_or("all", |s| s.code.as_str())
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            let disposition = format!("attachment; filename=\"liaison-year-end-{}-{scope}.xlsx\"", report.year);
            Ok(HttpResponse::Ok()
                .insert_header((
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ))
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_str(&disposition).map_err(AppError::internal)?,
                ))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .body(bytes))
        }
    }
}
