use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::app::stats::{Period, ledger, today};
use crate::infra::ledger_files;
use crate::web::auth::Supervisor;
use crate::web::controllers::stats::show::station_scope;
use crate::web::problem::Problem;

/// The file to make.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One workbook with every table.
    #[default]
    Xlsx,
    /// One table, chosen by `table`.
    Csv,
}

/// Which table a CSV file holds.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportTable {
    /// The figures of the period: the total, then every grouping (week, category, grid, deputy, handling
    /// unit, station, channel), one row per group.
    #[default]
    Figures,
    /// The reports of the period, one row each.
    Reports,
}

/// Which period, which stations, and which file.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// First local date, 2000–2100 (default 30 days before `to`).
    #[param(value_type = Option<String>, format = Date, example = "2026-01-01")]
    pub from: Option<NaiveDate>,
    /// Last local date, included (default today); at most ten years after `from`.
    #[param(value_type = Option<String>, format = Date, example = "2026-12-31")]
    pub to: Option<NaiveDate>,
    /// Only this station (code); staff see only their own stations.
    pub station: Option<String>,
    /// `xlsx` (default) or `csv`.
    #[param(value_type = Option<ExportFormat>, inline)]
    pub format: Option<ExportFormat>,
    /// For `csv`: `figures` (default) or `reports`; a workbook holds both.
    #[param(value_type = Option<ExportTable>, inline)]
    pub table: Option<ExportTable>,
}

/// The ledger (明白账) a station presents to the committee, as a file to download: for a month or a year, the
/// three rates with their numerators and denominators, the figures by week, category, grid, deputy, handling
/// unit, station and channel, and the list of reports (tracking code, dates, place, status, outcome, rating;
/// never contact details or descriptions). The same numbers as `GET /stats` for the same period and stations.
/// An XLSX workbook, or one CSV table (UTF-8 with a byte-order mark); text cells never become formulas.
#[utoipa::path(
    tag = "workflow",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The file, as an attachment.", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv"),
        )),
        (status = 403, description = "`forbidden`: staff (their stations), the committee and administrators.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`station_not_found` for the `station` filter.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stats/export")]
pub async fn handler(
    state: web::Data<AppState>,
    Supervisor(principal): Supervisor,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let period = Period::new(query.from, query.to, today(&state))?;
    let (stations, scope) = station_scope(&state, &principal, query.station.as_deref()).await?;
    let ledger = ledger(&state, stations.as_deref(), scope, period).await?;
    let made = match (query.format.unwrap_or_default(), query.table.unwrap_or_default()) {
        (ExportFormat::Xlsx, _) => ledger_files::xlsx(&ledger)
            .map(|bytes| (bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")),
        (ExportFormat::Csv, ExportTable::Figures) => {
            ledger_files::csv_figures(&ledger).map(|bytes| (bytes, "text/csv; charset=utf-8", "figures.csv"))
        }
        (ExportFormat::Csv, ExportTable::Reports) => {
            ledger_files::csv_reports(&ledger).map(|bytes| (bytes, "text/csv; charset=utf-8", "reports.csv"))
        }
    };
    let (bytes, content_type, extension) = made.map_err(AppError::internal)?;
    let disposition = format!("attachment; filename=\"{}\"", ledger_files::file_name(&ledger, extension));
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(AppError::internal)?))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}
