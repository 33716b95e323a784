//! `liaison import`: directory files into the database, all or nothing.
//!
//! - areas: a GeoJSON FeatureCollection; each feature's `properties` carry `code`, `kind` (default `grid`),
//!   `parent`, `name_zh`, `name_en`; its geometry (Polygon or MultiPolygon) is the boundary.
//! - stations: CSV with `code,name_zh,name_en,address,lat,lng,opening_hours_zh,opening_hours_en,area,covers`.
//! - deputies: CSV with `code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,
//!   profile_en` and optionally `buildings` and `channels` (notification channels, most preferred first:
//!   `wechat_subscribe`, `wecom_app`, `wecom_robot`, `web_push`, `webhook`, `sms`) and `account` (the
//!   username of the account the deputy signs in with, bound after the directory is written).
//! - buildings: CSV with `code,name,address,grid`.
//! - schedule: CSV with `station,date,start,end,deputies,note_zh,note_en`: one reception slot per row, local
//!   China time (`2026-12-01,09:00,11:30`), keyed by station, date and start.
//!
//! Lists inside a CSV cell are separated by `;`. Every row of every file is read and the result is checked
//! together with what is already stored; any problem is reported with its file and line, and then nothing
//! is written. Records are upserted by code, so importing the same files twice changes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::deputy_binding::bind_by_username;
use crate::app::directory::DirectoryCache;
use crate::domain::Localized;
use crate::domain::access::Role;
use crate::domain::reference::{AreaKind, AreaRecord, BuildingRecord, DeputyRecord, ReferenceData, StationRecord};
use crate::domain::report::ActorKind;
use crate::domain::report::GeoPoint;
use crate::domain::routing::DeputyStatus;
use crate::domain::schedule::{ReceptionRecord, parse_time};
use crate::storage::Storage;
use crate::storage::audit::NewAuditEntry;
use crate::storage::change::LoadSummary;

/// One file to import: its name (a path, or the part of an upload) and what it holds.
#[derive(Debug, Clone)]
pub struct ImportFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl ImportFile {
    /// Reads a file from disk, named by its path.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        Ok(Self { name: path.display().to_string(), bytes: std::fs::read(path)? })
    }
}

/// The files to import; any may be left out.
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub areas: Option<ImportFile>,
    pub stations: Option<ImportFile>,
    pub deputies: Option<ImportFile>,
    pub buildings: Option<ImportFile>,
    pub schedule: Option<ImportFile>,
}

impl ImportFiles {
    /// Reads the files at these paths.
    pub fn read(
        areas: Option<PathBuf>,
        stations: Option<PathBuf>,
        deputies: Option<PathBuf>,
        buildings: Option<PathBuf>,
        schedule: Option<PathBuf>,
    ) -> std::io::Result<Self> {
        let read = |path: Option<PathBuf>| path.as_deref().map(ImportFile::read).transpose();
        Ok(Self {
            areas: read(areas)?,
            stations: read(stations)?,
            deputies: read(deputies)?,
            buildings: read(buildings)?,
            schedule: read(schedule)?,
        })
    }
}

/// Where in the files a record or a problem is: the file, and its CSV line or GeoJSON feature (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct Source {
    /// The file's name: its path, or the part of an upload (`deputies`).
    pub file: String,
    pub line: Option<u64>,
    pub feature: Option<u64>,
}

/// Something in the files that stops the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportProblem {
    /// Where it is, when it can be pointed at.
    #[serde(flatten)]
    pub at: Option<Source>,
    #[schema(example = "station `XH-09` does not exist")]
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(Source { file, line: Some(line), .. }) => write!(f, "{file}:{line}: {}", self.message),
            Some(Source { file, feature: Some(n), .. }) => write!(f, "{file}: feature #{n}: {}", self.message),
            Some(Source { file, .. }) => write!(f, "{file}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn problem(at: &Source, message: impl Into<String>) -> ImportProblem {
    ImportProblem { at: Some(at.clone()), message: message.into() }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s); nothing was imported:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ImportProblem>),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// Rows read, and where each record came from, to point problems at their source.
#[derive(Debug, Default)]
struct Read {
    data: ReferenceData,
    sources: HashMap<String, Source>,
    problems: Vec<ImportProblem>,
    /// Deputies whose file has no `channels` column: they keep the channels they chose.
    channels_kept: std::collections::HashSet<String>,
    /// `(deputy code, account username, where)` from the `account` column.
    bindings: Vec<(String, String, Source)>,
}

/// How many records each file held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReadCounts {
    pub areas: usize,
    pub stations: usize,
    pub deputies: usize,
    pub buildings: usize,
    pub reception_days: usize,
}

/// What an import read and wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub read: ReadCounts,
    /// Nothing on a dry run.
    pub records: Option<LoadSummary>,
    /// Deputies newly bound to the account named in their `account` cell.
    pub accounts_bound: usize,
}

fn list(cell: &str) -> Vec<String> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn progress(rows: u64, what: &str) -> ProgressBar {
    // Shown on a terminal for large files only; hidden otherwise.
    let bar = if rows >= 1_000 { ProgressBar::new(rows) } else { ProgressBar::hidden() };
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}") {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

#[derive(Debug, Deserialize)]
struct StationRow {
    code: String,
    name_zh: String,
    name_en: String,
    address: String,
    lat: Option<f64>,
    lng: Option<f64>,
    #[serde(default)]
    opening_hours_zh: String,
    #[serde(default)]
    opening_hours_en: String,
    #[serde(default)]
    area: String,
    #[serde(default)]
    covers: String,
}

#[derive(Debug, Deserialize)]
struct DeputyRow {
    code: String,
    name_zh: String,
    name_en: String,
    level: String,
    #[serde(default)]
    constituency: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    stations: String,
    #[serde(default)]
    areas: String,
    #[serde(default)]
    specialties: String,
    #[serde(default)]
    buildings: String,
    /// Absent (no such column) or empty keeps the channels the deputy chose.
    #[serde(default)]
    channels: Option<String>,
    /// The username of the account the deputy signs in with; empty binds nothing.
    #[serde(default)]
    account: String,
    #[serde(default)]
    profile_zh: String,
    #[serde(default)]
    profile_en: String,
}

#[derive(Debug, Deserialize)]
struct BuildingRow {
    code: String,
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    grid: String,
}

#[derive(Debug, Deserialize)]
struct ScheduleRow {
    station: String,
    date: String,
    start: String,
    end: String,
    deputies: String,
    #[serde(default)]
    note_zh: String,
    #[serde(default)]
    note_en: String,
    /// Places for booking; empty leaves a slot's as it is (10 for a new one).
    #[serde(default)]
    capacity: Option<i32>,
}

fn schedule_record(row: ScheduleRow) -> Result<ReceptionRecord, String> {
    let date = row.date.parse().map_err(|_| format!("date `{}` is not like 2026-12-01", row.date))?;
    let time = |text: &str| parse_time(text).ok_or_else(|| format!("time `{text}` is not like 09:30"));
    let note = (!row.note_zh.is_empty() || !row.note_en.is_empty()).then(|| {
        let en = if row.note_en.is_empty() { row.note_zh.clone() } else { row.note_en };
        Localized::new(row.note_zh, en)
    });
    Ok(ReceptionRecord {
        station: row.station,
        date,
        start: time(&row.start)?,
        end: time(&row.end)?,
        deputies: list(&row.deputies),
        note,
        capacity: row.capacity,
    })
}

fn read_csv<T: for<'de> Deserialize<'de>>(
    file: &ImportFile,
    what: &str,
    read: &mut Read,
    mut take: impl FnMut(T, &mut Read, Source),
) {
    let whole = Source { file: file.name.clone(), line: None, feature: None };
    let at_line = |line: u64| Source { line: Some(line), ..whole.clone() };
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(file.bytes.as_slice());
    if let Err(err) = reader.headers() {
        return read.problems.push(problem(&whole, format!("cannot read: {err}")));
    }
    let rows = file.bytes.iter().filter(|&&c| c == b'\n').count() as u64;
    let bar = progress(rows, what);
    let mut record = csv::StringRecord::new();
    loop {
        bar.inc(1);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                match record.deserialize::<T>(reader.headers().ok()) {
                    Ok(row) => take(row, read, at_line(line)),
                    Err(err) => read.problems.push(problem(&at_line(line), csv_message(&err))),
                }
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                read.problems.push(problem(&at_line(line), csv_message(&err)));
                if !matches!(err.kind(), csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
            }
        }
    }
    bar.finish_and_clear();
}

/// A CSV error without the position the problem already carries.
fn csv_message(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!("field {}: {}", field + 1, err.kind()),
            None => err.kind().to_string(),
        },
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("{len} fields, but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
        _ => err.to_string(),
    }
}

fn read_areas(file: &ImportFile, read: &mut Read) {
    let whole = Source { file: file.name.clone(), line: None, feature: None };
    let value: serde_json::Value = match serde_json::from_slice(&file.bytes) {
        Ok(value) => value,
        Err(err) => {
            let at = Source { line: Some(err.line() as u64), ..whole };
            return read.problems.push(problem(&at, format!("not JSON: {err}")));
        }
    };
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return read.problems.push(problem(&whole, "expected a GeoJSON FeatureCollection"));
    };
    let bar = progress(features.len() as u64, "areas");
    for (i, feature) in features.iter().enumerate() {
        bar.inc(1);
        let at = Source { feature: Some(i as u64 + 1), ..whole.clone() };
        let props = feature.get("properties").cloned().unwrap_or_default();
        let text = |key: &str| props.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let Some(code) = text("code") else {
            read.problems.push(problem(&at, "properties.code is required"));
            continue;
        };
        let kind = match text("kind").unwrap_or_else(|| "grid".into()).parse::<AreaKind>() {
            Ok(kind) => kind,
            Err(err) => {
                read.problems.push(problem(&at, format!("area `{code}`: {err}")));
                continue;
            }
        };
        let zh = text("name_zh").unwrap_or_else(|| code.clone());
        let en = text("name_en").unwrap_or_else(|| zh.clone());
        read.sources.insert(code.clone(), at);
        read.data.areas.push(AreaRecord {
            code,
            kind,
            name: Localized::new(zh, en),
            parent: text("parent"),
            boundary: feature.get("geometry").cloned().filter(|g| !g.is_null()),
        });
    }
    bar.finish_and_clear();
}

fn read_files(files: &ImportFiles) -> Read {
    let mut read = Read::default();
    if let Some(file) = &files.areas {
        read_areas(file, &mut read);
    }
    if let Some(file) = &files.stations {
        read_csv(file, "stations", &mut read, |row: StationRow, read, at| {
            read.sources.insert(row.code.clone(), at);
            read.data.stations.push(StationRecord {
                location: row.lat.zip(row.lng).map(|(lat, lng)| GeoPoint { lat, lng }),
                code: row.code,
                name: Localized::new(row.name_zh, row.name_en),
                address: row.address,
                opening_hours: Localized::new(row.opening_hours_zh, row.opening_hours_en),
                area: Some(row.area).filter(|a| !a.is_empty()),
                covers: list(&row.covers),
            });
        });
    }
    if let Some(file) = &files.deputies {
        read_csv(file, "deputies", &mut read, |row: DeputyRow, read, at| {
            let status = if row.status.is_empty() { Ok(DeputyStatus::Active) } else { row.status.parse() };
            let status = match status {
                Ok(status) => status,
                Err(err) => return read.problems.push(problem(&at, format!("{err}"))),
            };
            if row.channels.is_none() {
                read.channels_kept.insert(row.code.clone());
            }
            let cell = row.channels.as_deref().unwrap_or_default();
            let channels = match list(cell).iter().map(|c| c.parse()).collect::<Result<Vec<_>, _>>() {
                Ok(channels) => channels,
                Err(err) => return read.problems.push(problem(&at, format!("{err}"))),
            };
            if !row.account.trim().is_empty() {
                read.bindings.push((row.code.clone(), row.account.trim().to_lowercase(), at.clone()));
            }
            read.sources.insert(row.code.clone(), at);
            read.data.deputies.push(DeputyRecord {
                code: row.code,
                name: Localized::new(row.name_zh, row.name_en),
                level: row.level,
                constituency: row.constituency,
                status,
                stations: list(&row.stations),
                areas: list(&row.areas),
                specialties: list(&row.specialties),
                buildings: list(&row.buildings),
                channels,
                profile: Some(Localized::new(row.profile_zh, row.profile_en)),
            });
        });
    }
    if let Some(file) = &files.buildings {
        read_csv(file, "buildings", &mut read, |row: BuildingRow, read, at| {
            read.sources.insert(row.code.clone(), at);
            read.data.buildings.push(BuildingRecord {
                code: row.code,
                name: row.name,
                address: row.address,
                grid: Some(row.grid).filter(|g| !g.is_empty()),
            });
        });
    }
    if let Some(file) = &files.schedule {
        read_csv(file, "schedule", &mut read, |row: ScheduleRow, read, at| match schedule_record(row) {
            Ok(record) => {
                read.sources.insert(record.key(), at);
                read.data.reception_days.push(record);
            }
            Err(message) => read.problems.push(problem(&at, message)),
        });
    }
    read
}

/// Points a problem at the file and line of the record it names (the first `code` in backticks).
fn locate(message: String, sources: &HashMap<String, Source>) -> ImportProblem {
    let code = message.split('`').nth(1).unwrap_or_default();
    ImportProblem { at: sources.get(code).cloned(), message }
}

/// Who imports, for the audit log, and whether only to check.
#[derive(Debug, Clone, Copy)]
pub struct ImportRun {
    /// Check everything, write nothing.
    pub dry_run: bool,
    /// An administrator through the API (audited as `directory.import`); `None` for the command line.
    pub actor: Option<Uuid>,
}

/// Reads every file, checks the whole directory as it would be, and writes it in one transaction (with its
/// audit entry when an administrator imports through the API), or writes nothing and lists every problem.
/// Then binds the accounts named in the deputies' `account` column. `cache` is told to read the directory
/// again.
pub async fn import(
    storage: &Storage,
    cache: Option<&Arc<DirectoryCache>>,
    files: &ImportFiles,
    run: ImportRun,
) -> Result<ImportSummary, ImportError> {
    let read = read_files(files);
    let counts = ReadCounts {
        areas: read.data.areas.len(),
        stations: read.data.stations.len(),
        deputies: read.data.deputies.len(),
        buildings: read.data.buildings.len(),
        reception_days: read.data.reception_days.len(),
    };
    let mut problems = read.problems;
    let stored = storage.export_reference_data().await?;
    let mut data = read.data;
    for deputy in data.deputies.iter_mut().filter(|d| read.channels_kept.contains(&d.code)) {
        if let Some(existing) = stored.deputies.iter().find(|s| s.code == deputy.code) {
            deputy.channels = existing.channels.clone();
        }
    }
    let merged = stored.merge(data);
    if let Err(found) = merged.check() {
        problems.extend(found.into_iter().map(|p| locate(p, &read.sources)));
    }
    problems.extend(check_bindings(storage, &read.bindings).await?);
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    if run.dry_run {
        return Ok(ImportSummary { read: counts, records: None, accounts_bound: 0 });
    }
    let detail = serde_json::json!({ "read": counts }).to_string();
    let entry = run.actor.map(|id| NewAuditEntry {
        actor_kind: ActorKind::Admin,
        actor_id: Some(id),
        action: "directory.import",
        report_id: None,
        reason: None,
        subject: None,
        detail: Some(detail),
    });
    let records = storage.load_reference_data_audited(&merged, entry).await?;
    if let Some(cache) = cache {
        cache.invalidate().await;
    }
    let mut accounts_bound = 0;
    for (deputy, username, at) in &read.bindings {
        let bound = bind_by_username(storage, username, deputy)
            .await
            .map_err(|err| ImportError::Invalid(vec![problem(at, format!("the directory was written, but {err}"))]))?;
        accounts_bound += usize::from(!bound.binding.unchanged);
    }
    Ok(ImportSummary { read: counts, records: Some(records), accounts_bound })
}

/// What would stop the `account` cells from binding: an unknown username, an account that is not a
/// deputy's, or one named twice or already acting for another deputy.
async fn check_bindings(
    storage: &Storage,
    bindings: &[(String, String, Source)],
) -> Result<Vec<ImportProblem>, crate::storage::StorageError> {
    let mut problems = Vec::new();
    let bound: HashMap<uuid::Uuid, String> =
        storage.all_deputies().await?.into_iter().filter_map(|d| Some((d.account_id?, d.code))).collect();
    let mut named: HashMap<&str, &str> = HashMap::new();
    for (deputy, username, at) in bindings {
        if let Some(first) = named.insert(username.as_str(), deputy.as_str()) {
            problems.push(problem(at, format!("account `{username}` is named for `{first}` too")));
        }
        let Some(account) = storage.find_account_by_username(username).await? else {
            problems.push(problem(at, format!("there is no account `{username}`")));
            continue;
        };
        if !matches!(account.role, Role::Deputy | Role::Citizen) {
            problems.push(problem(at, format!("account `{username}` is not a deputy's")));
        }
        if let Some(other) = bound.get(&account.id).filter(|other| *other != deputy) {
            problems.push(problem(at, format!("account `{username}` acts for `{other}` already")));
        }
    }
    Ok(problems)
}
