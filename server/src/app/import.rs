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

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use crate::app::deputy_binding::bind_by_username;
use crate::domain::Localized;
use crate::domain::access::Role;
use crate::domain::reference::{AreaKind, AreaRecord, BuildingRecord, DeputyRecord, ReferenceData, StationRecord};
use crate::domain::report::GeoPoint;
use crate::domain::routing::DeputyStatus;
use crate::domain::schedule::{ReceptionRecord, parse_time};
use crate::storage::Storage;
use crate::storage::change::LoadSummary;

/// The files to import; any may be left out.
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub areas: Option<PathBuf>,
    pub stations: Option<PathBuf>,
    pub deputies: Option<PathBuf>,
    pub buildings: Option<PathBuf>,
    pub schedule: Option<PathBuf>,
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s); nothing was imported:\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// Rows read, and where each record came from (`file:line`), to point problems at their source.
#[derive(Debug, Default)]
struct Read {
    data: ReferenceData,
    sources: HashMap<String, String>,
    problems: Vec<String>,
    /// Deputies whose file has no `channels` column: they keep the channels they chose.
    channels_kept: std::collections::HashSet<String>,
    /// `(deputy code, account username, file:line)` from the `account` column.
    bindings: Vec<(String, String, String)>,
}

/// What an import wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub records: LoadSummary,
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
    })
}

fn read_csv<T: for<'de> Deserialize<'de>>(
    path: &Path,
    what: &str,
    read: &mut Read,
    mut take: impl FnMut(T, &mut Read, String),
) {
    let name = path.display().to_string();
    let mut reader = match csv::ReaderBuilder::new().trim(csv::Trim::All).from_path(path) {
        Ok(reader) => reader,
        Err(err) => return read.problems.push(format!("{name}: cannot read: {err}")),
    };
    let rows = std::fs::read(path).map(|b| b.iter().filter(|&&c| c == b'\n').count() as u64).unwrap_or(0);
    let bar = progress(rows, what);
    for result in reader.deserialize::<T>() {
        bar.inc(1);
        match result {
            Ok(row) => {
                let line = bar.position() + 1;
                take(row, read, format!("{name}:{line}"));
            }
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                read.problems.push(format!("{name}:{line}: {err}"));
            }
        }
    }
    bar.finish_and_clear();
}

fn read_areas(path: &Path, read: &mut Read) {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => return read.problems.push(format!("{name}: cannot read: {err}")),
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(err) => return read.problems.push(format!("{name}:{}: not JSON: {err}", err.line())),
    };
    let Some(features) = value.get("features").and_then(|f| f.as_array()) else {
        return read.problems.push(format!("{name}: expected a GeoJSON FeatureCollection"));
    };
    let bar = progress(features.len() as u64, "areas");
    for (i, feature) in features.iter().enumerate() {
        bar.inc(1);
        let at = format!("{name}: feature #{}", i + 1);
        let props = feature.get("properties").cloned().unwrap_or_default();
        let text = |key: &str| props.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let Some(code) = text("code") else {
            read.problems.push(format!("{at}: properties.code is required"));
            continue;
        };
        let kind = match text("kind").unwrap_or_else(|| "grid".into()).parse::<AreaKind>() {
            Ok(kind) => kind,
            Err(err) => {
                read.problems.push(format!("{at} ({code}): {err}"));
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
    if let Some(path) = &files.areas {
        read_areas(path, &mut read);
    }
    if let Some(path) = &files.stations {
        read_csv(path, "stations", &mut read, |row: StationRow, read, at| {
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
    if let Some(path) = &files.deputies {
        read_csv(path, "deputies", &mut read, |row: DeputyRow, read, at| {
            let status = if row.status.is_empty() { Ok(DeputyStatus::Active) } else { row.status.parse() };
            let status = match status {
                Ok(status) => status,
                Err(err) => return read.problems.push(format!("{at}: {err}")),
            };
            if row.channels.is_none() {
                read.channels_kept.insert(row.code.clone());
            }
            let cell = row.channels.as_deref().unwrap_or_default();
            let channels = match list(cell).iter().map(|c| c.parse()).collect::<Result<Vec<_>, _>>() {
                Ok(channels) => channels,
                Err(err) => return read.problems.push(format!("{at}: {err}")),
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
    if let Some(path) = &files.buildings {
        read_csv(path, "buildings", &mut read, |row: BuildingRow, read, at| {
            read.sources.insert(row.code.clone(), at);
            read.data.buildings.push(BuildingRecord {
                code: row.code,
                name: row.name,
                address: row.address,
                grid: Some(row.grid).filter(|g| !g.is_empty()),
            });
        });
    }
    if let Some(path) = &files.schedule {
        read_csv(path, "schedule", &mut read, |row: ScheduleRow, read, at| match schedule_record(row) {
            Ok(record) => {
                read.sources.insert(record.key(), at);
                read.data.reception_days.push(record);
            }
            Err(problem) => read.problems.push(format!("{at}: {problem}")),
        });
    }
    read
}

/// Points a problem at the file and line of the record it names (the first `code` in backticks).
fn locate(problem: String, sources: &HashMap<String, String>) -> String {
    let code = problem.split('`').nth(1).unwrap_or_default();
    match sources.get(code) {
        Some(at) => format!("{at}: {problem}"),
        None => problem,
    }
}

/// Reads every file, checks the whole directory as it would be, and writes it in one transaction, or
/// writes nothing and lists every problem. Then binds the accounts named in the deputies' `account` column.
pub async fn import(storage: &Storage, files: &ImportFiles) -> Result<ImportSummary, ImportError> {
    let read = read_files(files);
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
    let records = storage.load_reference_data(&merged).await?;
    let mut accounts_bound = 0;
    for (deputy, username, at) in &read.bindings {
        let bound = bind_by_username(storage, username, deputy)
            .await
            .map_err(|err| ImportError::Invalid(vec![format!("{at}: the directory was written, but {err}")]))?;
        accounts_bound += usize::from(!bound.binding.unchanged);
    }
    Ok(ImportSummary { records, accounts_bound })
}

/// What would stop the `account` cells from binding: an unknown username, an account that is not a
/// deputy's, or one named twice or already acting for another deputy.
async fn check_bindings(
    storage: &Storage,
    bindings: &[(String, String, String)],
) -> Result<Vec<String>, crate::storage::StorageError> {
    let mut problems = Vec::new();
    let bound: HashMap<uuid::Uuid, String> =
        storage.all_deputies().await?.into_iter().filter_map(|d| Some((d.account_id?, d.code))).collect();
    let mut named: HashMap<&str, &str> = HashMap::new();
    for (deputy, username, at) in bindings {
        if let Some(first) = named.insert(username.as_str(), deputy.as_str()) {
            problems.push(format!("{at}: account `{username}` is named for `{first}` too"));
        }
        let Some(account) = storage.find_account_by_username(username).await? else {
            problems.push(format!("{at}: there is no account `{username}`"));
            continue;
        };
        if !matches!(account.role, Role::Deputy | Role::Citizen) {
            problems.push(format!("{at}: account `{username}` is not a deputy's"));
        }
        if let Some(other) = bound.get(&account.id).filter(|other| *other != deputy) {
            problems.push(format!("{at}: account `{username}` acts for `{other}` already"));
        }
    }
    Ok(problems)
}
