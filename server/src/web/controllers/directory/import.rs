use actix_web::{HttpRequest, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::AppError;
use crate::app::import::{ImportFile, ImportFiles, ImportRun, ReadCounts, import};
use crate::app::state::AppState;
use crate::storage::change::LoadSummary;
use crate::web::auth::AdminOnly;
use crate::web::extract::multipart::read_named_files;
use crate::web::problem::Problem;

/// The form parts an import takes.
const PARTS: [&str; 5] = ["areas", "stations", "deputies", "buildings", "schedule"];
/// The largest file taken (a district's grid boundaries fit well inside).
const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Only check, or write.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Check every file against the directory as it would be, and write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// The directory files, as `liaison import` takes them: any of them, one part each.
#[derive(ToSchema)]
#[allow(dead_code)] // Describes the form in the API document.
pub struct ImportForm {
    /// GeoJSON FeatureCollection of areas (`properties`: `code`, `kind`, `parent`, `name_zh`, `name_en`).
    #[schema(value_type = Option<String>, format = Binary)]
    areas: Option<Vec<u8>>,
    /// CSV `code,name_zh,name_en,address,lat,lng,opening_hours_zh,opening_hours_en,area,covers`.
    #[schema(value_type = Option<String>, format = Binary)]
    stations: Option<Vec<u8>>,
    /// CSV `code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,profile_en`
    /// and optionally `buildings`, `channels`, `account`.
    #[schema(value_type = Option<String>, format = Binary)]
    deputies: Option<Vec<u8>>,
    /// CSV `code,name,address,grid`.
    #[schema(value_type = Option<String>, format = Binary)]
    buildings: Option<Vec<u8>>,
    /// CSV `station,date,start,end,deputies,note_zh,note_en`.
    #[schema(value_type = Option<String>, format = Binary)]
    schedule: Option<Vec<u8>>,
}

/// What an import read and wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportView {
    pub dry_run: bool,
    /// Records in each file.
    pub read: ReadCounts,
    /// Records inserted, updated and left as they were; none on a dry run.
    pub written: Option<WrittenView>,
    /// Deputies newly bound to the account named in their `account` cell.
    pub accounts_bound: usize,
}

/// Records written.
#[derive(Debug, Serialize, ToSchema)]
pub struct WrittenView {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl From<LoadSummary> for WrittenView {
    fn from(s: LoadSummary) -> Self {
        Self { inserted: s.inserted, updated: s.updated, unchanged: s.unchanged }
    }
}

/// Imports directory files (administrators), with the same checks as `liaison import`: every row of every
/// file is read and checked together with what is stored; any problem is listed with its file (the part's
/// name) and line (CSV) or feature (GeoJSON), and then nothing is written. Records are upserted by code, so
/// the same files twice change nothing. Written in one transaction with its audit entry
/// (`directory.import`); every instance uses it within a minute. `dry_run=true` only checks.
#[utoipa::path(
    tag = "directory",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Checked, and written unless a dry run.", body = ImportView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`import_invalid`: `problems` lists each, and nothing was written.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/directory/import")]
pub async fn handler(
    req: HttpRequest,
    state: web::Data<AppState>,
    admin: AdminOnly,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> Result<web::Json<ImportView>, AppError> {
    let mut files = ImportFiles::default();
    for (name, bytes) in read_named_files(&req, payload, &PARTS, MAX_FILE_BYTES).await? {
        let file = Some(ImportFile { bytes: bytes.to_vec(), name: name.clone() });
        match name.as_str() {
            "areas" => files.areas = file,
            "stations" => files.stations = file,
            "deputies" => files.deputies = file,
            "buildings" => files.buildings = file,
            _ => files.schedule = file,
        }
    }
    let run = ImportRun { dry_run: query.dry_run, actor: Some(admin.account_id) };
    let summary = import(&state.storage, Some(&state.directory), &files, run).await?;
    Ok(web::Json(ImportView {
        dry_run: query.dry_run,
        read: summary.read,
        written: summary.records.map(WrittenView::from),
        accounts_bound: summary.accounts_bound,
    }))
}
