//! `liaison import`: directory files into the database, all or nothing.
//!
//! - areas: a GeoJSON FeatureCollection; each feature's `properties` carry `code`, `kind` (default `grid`),
//!   `parent`, `name_zh`, `name_en`; its geometry (Polygon or MultiPolygon) is the boundary.
//! - stations: CSV with `code,name_zh,name_en,address,lat,lng,opening_hours_zh,opening_hours_en,area,covers`.
//! - deputies: CSV with `code,name_zh,name_en,level,constituency,status,stations,areas,specialties,profile_zh,
//!   profile_en`.
//!
//! Lists inside a CSV cell are separated by `;`. Every row of every file is read and the result is checked
//! together with what is already stored; any problem is reported with its file and line, and then nothing
//! is written. Records are upserted by code, so importing the same files twice changes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use crate::domain::Localized;
use crate::domain::reference::{AreaKind, AreaRecord, DeputyRecord, ReferenceData, StationRecord};
use crate::domain::report::GeoPoint;
use crate::domain::routing::DeputyStatus;
use crate::storage::Storage;
use crate::storage::reference::LoadSummary;

/// The files to import; any may be left out.
#[derive(Debug, Clone, Default)]
pub struct ImportFiles {
    pub areas: Option<PathBuf>,
    pub stations: Option<PathBuf>,
    pub deputies: Option<PathBuf>,
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
    profile_zh: String,
    #[serde(default)]
    profile_en: String,
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
                profile: Some(Localized::new(row.profile_zh, row.profile_en)),
            });
        });
    }
    read
}

/// Records of `new` replace those of `stored` with the same code; new ones are added (areas after the stored
/// ones, so parents already stored come first).
fn merge(stored: ReferenceData, new: ReferenceData) -> ReferenceData {
    fn by_code<T: Clone>(stored: Vec<T>, new: Vec<T>, code: impl Fn(&T) -> &str) -> Vec<T> {
        let mut out: Vec<T> = stored;
        for record in new {
            match out.iter().position(|r| code(r) == code(&record)) {
                Some(i) => out[i] = record,
                None => out.push(record),
            }
        }
        out
    }
    ReferenceData {
        areas: by_code(stored.areas, new.areas, |a| &a.code),
        categories: stored.categories,
        stations: by_code(stored.stations, new.stations, |s| &s.code),
        deputies: by_code(stored.deputies, new.deputies, |d| &d.code),
    }
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
/// writes nothing and lists every problem.
pub async fn import(storage: &Storage, files: &ImportFiles) -> Result<LoadSummary, ImportError> {
    let read = read_files(files);
    let mut problems = read.problems;
    let merged = merge(storage.export_reference_data().await?, read.data);
    if let Err(found) = merged.check() {
        problems.extend(found.into_iter().map(|p| locate(p, &read.sources)));
    }
    if !problems.is_empty() {
        return Err(ImportError::Invalid(problems));
    }
    Ok(storage.load_reference_data(&merged).await?)
}
