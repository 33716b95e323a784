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

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::deputy_binding::bind_by_username;
use crate::app::directory::DirectoryCache;
use crate::app::error::AppError;
use crate::domain::access::Role;
use crate::domain::reference::problem::{ImportProblem, Source, problem};

mod read;
use crate::domain::report::ActorKind;
use crate::storage::Storage;
use crate::storage::audit::NewAuditEntry;
use crate::storage::change::LoadSummary;
use read::read_files;

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

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s); nothing was imported:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<ImportProblem>),
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
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

impl From<ImportError> for AppError {
    fn from(err: ImportError) -> Self {
        match err {
            ImportError::Invalid(problems) => AppError::import_invalid(problems),
            ImportError::Storage(err) => err.into(),
        }
    }
}
