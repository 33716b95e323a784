//! The points archive (积分档案): a deputy's year of duties in points, every point with its source; a
//! station's deputies side by side (JSON or CSV).

use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::archive::{self, current_year};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::directory::Deputy;
use crate::domain::duty::points::{Archive, Rule, SourceKind};
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// Which year.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ArchiveQuery {
    /// A local year, 2000 to the current one (default: the current one).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// `json` (default) or `csv` (the station's table only).
    pub format: Option<String>,
}

/// How often a rule applied and the points it gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct TallyView {
    pub count: u32,
    pub points: i32,
}

/// One point's source.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub rule: Rule,
    pub source: SourceKind,
    pub source_id: Uuid,
    /// An activity's title, a report's tracking code, a suggestion's title, a reception slot's time.
    pub label: String,
    pub at: DateTime<Utc>,
    pub points: i32,
}

/// A deputy's year in the archive.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArchiveView {
    #[schema(example = "D-003")]
    pub deputy: String,
    pub name: Localized,
    #[schema(example = 2026)]
    pub year: i32,
    /// The rules version it was scored by.
    #[schema(example = "2026-default")]
    pub rules_version: String,
    pub total: i32,
    /// By rule name.
    pub by_rule: BTreeMap<String, TallyView>,
    /// Every point with its source, by date (left out of a station's table).
    pub entries: Vec<EntryView>,
}

impl ArchiveView {
    pub fn new(deputy: &Deputy, archive: &Archive, with_entries: bool) -> Self {
        Self {
            deputy: deputy.code.clone(),
            name: deputy.name.clone(),
            year: archive.year,
            rules_version: archive.rules_version.clone(),
            total: archive.total,
            by_rule: archive
                .by_rule
                .iter()
                .map(|(rule, t)| (rule.clone(), TallyView { count: t.count, points: t.points }))
                .collect(),
            entries: if with_entries {
                archive
                    .entries
                    .iter()
                    .map(|e| EntryView {
                        rule: e.fact.rule,
                        source: e.fact.source,
                        source_id: e.fact.source_id,
                        label: e.fact.label.clone(),
                        at: e.fact.at,
                        points: e.points,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// A station's deputies and their year.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationArchive {
    pub year: i32,
    pub items: Vec<ArchiveView>,
}

fn year(state: &AppState, query: &ArchiveQuery) -> i32 {
    query.year.unwrap_or_else(|| current_year(state.clock.now()))
}

/// The signed-in deputy's year in the points archive, every point with its source.
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(ArchiveQuery),
    responses(
        (status = 200, description = "Their year.", body = ArchiveView),
        (status = 400, description = "`invalid_query`: a year outside 2000 to now.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a deputy's account.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/archive")]
pub async fn mine(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    query: web::Query<ArchiveQuery>,
) -> Result<web::Json<ArchiveView>, AppError> {
    let (deputy, archive) = archive::mine(&state, &principal, year(&state, &query)).await?;
    Ok(web::Json(ArchiveView::new(&deputy, &archive, true)))
}

/// A deputy's year in the points archive (the deputy, staff of their stations, the committee, administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-003"), ArchiveQuery),
    responses(
        (status = 200, description = "The year.", body = ArchiveView),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}/archive")]
pub async fn of_deputy(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    query: web::Query<ArchiveQuery>,
) -> Result<web::Json<ArchiveView>, AppError> {
    let (deputy, archive) = archive::of_deputy(&state, &principal, &path, year(&state, &query)).await?;
    Ok(web::Json(ArchiveView::new(&deputy, &archive, true)))
}

/// A station's deputies and their year in the points archive, as JSON or as a CSV table (its staff, the
/// committee and administrators).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), ArchiveQuery),
    responses(
        (status = 200, description = "The deputies' years (`text/csv` with `format=csv`).",
            content((StationArchive = "application/json"), (String = "text/csv"))),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/archive")]
pub async fn of_station(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    query: web::Query<ArchiveQuery>,
) -> Result<HttpResponse, AppError> {
    let csv = match query.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(AppError::new(ErrorCode::InvalidQuery, "`format` is `json` or `csv`.")),
    };
    let station = state
        .storage
        .find_station(&path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let year = year(&state, &query);
    let rows = archive::of_station(&state, &principal, station.id, year).await?;
    if !csv {
        let items = rows.iter().map(|(d, a)| ArchiveView::new(d, a, false)).collect();
        return Ok(HttpResponse::Ok().json(StationArchive { year, items }));
    }
    let mut header = vec!["deputy", "name", "year", "rules_version", "total"];
    header.extend(Rule::ALL.iter().map(|r| r.as_str()));
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(d, a)| {
            let mut row = vec![
                d.code.clone(),
                d.name.zh.clone(),
                a.year.to_string(),
                a.rules_version.clone(),
                a.total.to_string(),
            ];
            row.extend(Rule::ALL.iter().map(|r| a.by_rule.get(r.as_str()).map_or(0, |t| t.points).to_string()));
            row
        })
        .collect();
    let bytes = crate::infra::ledger_files::csv_table(&header, &table).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"points-{}-{year}.csv\"", station.code),
        ))
        .body(bytes))
}

/// Which year.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// A local year, 2000 to the current one (default: the current one).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}

/// A deputy's year in three parts (建议质量 + 办理成效 + 群众反馈).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyEvaluationView {
    #[schema(example = "D-003")]
    pub deputy: String,
    pub year: i32,
    pub evaluation: crate::domain::duty::evaluation::DeputyEvaluation,
}

/// A deputy's year evaluated in three separate parts, each with its inputs: the quality of what they raised,
/// what their handling achieved, and what the public said (whoever may read their archive).
#[utoipa::path(
    tag = "duty",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-003"), YearQuery),
    responses(
        (status = 200, description = "The evaluation.", body = DeputyEvaluationView),
        (status = 400, description = "`invalid_query`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deputies/{code}/evaluation")]
pub async fn evaluation(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
    query: web::Query<YearQuery>,
) -> Result<web::Json<DeputyEvaluationView>, AppError> {
    let year = query.year.unwrap_or_else(|| current_year(state.clock.now()));
    let (deputy, evaluation) = crate::app::evaluation::of_deputy(&state, &principal, &path, year).await?;
    Ok(web::Json(DeputyEvaluationView { deputy: deputy.code, year, evaluation }))
}
