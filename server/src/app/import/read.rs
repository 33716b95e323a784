//! Reading the directory files: each CSV row and GeoJSON feature into its record, with where it came from, and
//! every problem a row has on its own (the whole directory is checked afterwards, in `import`).

use std::collections::HashMap;

use indicatif::{ProgressBar, ProgressStyle};
use serde::Deserialize;

use super::{ImportFile, ImportFiles};
use crate::domain::Localized;
use crate::domain::reference::problem::{ImportProblem, Source, problem};
use crate::domain::reference::{AreaKind, AreaRecord, BuildingRecord, DeputyRecord, ReferenceData, StationRecord};
use crate::domain::report::GeoPoint;
use crate::domain::routing::DeputyStatus;
use crate::domain::schedule::{ReceptionRecord, parse_time};

/// Rows read, and where each record came from, to point problems at their source.
#[derive(Debug, Default)]
pub(super) struct Read {
    pub(super) data: ReferenceData,
    pub(super) sources: HashMap<String, Source>,
    pub(super) problems: Vec<ImportProblem>,
    /// Deputies whose file has no `channels` column: they keep the channels they chose.
    pub(super) channels_kept: std::collections::HashSet<String>,
    /// `(deputy code, account username, where)` from the `account` column.
    pub(super) bindings: Vec<(String, String, Source)>,
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

pub(super) fn read_files(files: &ImportFiles) -> Read {
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
