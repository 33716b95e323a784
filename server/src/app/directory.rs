//! The routing directory as the server keeps it: a snapshot loaded from storage, shared by every request
//! and reloaded once the directory changed (here, or on another instance: the storage's generation of what
//! the public reads) or when it is older than a minute; the
//! deputies' loads, read every few seconds and counted in process in between; and the step that routes a
//! new report with them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::RwLock;
use uuid::Uuid;

use crate::domain::directory::{Category, Station};
use crate::domain::report::GeoPoint;
use crate::domain::report::record::RoutingState;
use crate::domain::routing::{Decision, Directory, Place, RoutingRequest, Workload, route};
use crate::storage::reports::RoutingRecord;
use crate::storage::{Storage, StorageError};

/// How long a loaded directory is used before it is read again.
const MAX_AGE: Duration = Duration::from_secs(60);
/// How long deputies' loads are counted in process before they are read again: the count query reads
/// every assigned report, so it runs every few seconds, not for every report.
const LOAD_MAX_AGE: Duration = Duration::from_secs(5);

/// The shared snapshot, and the deputies' loads as last read plus what this process assigned since.
#[derive(Debug, Default)]
pub struct DirectoryCache {
    /// When it was loaded, in which generation, and the snapshot.
    loaded: RwLock<Option<(Instant, u64, Arc<Directory>)>>,
    workload: tokio::sync::Mutex<Option<(Instant, Workload)>>,
}

impl DirectoryCache {
    /// The current directory, reloading it when it is stale.
    pub async fn get(&self, storage: &Storage) -> Result<Arc<Directory>, StorageError> {
        let current =
            |generation: u64, at: &Instant| generation == storage.reference_generation(false) && at.elapsed() < MAX_AGE;
        if let Some((at, generation, directory)) = self.loaded.read().await.as_ref()
            && current(*generation, at)
        {
            return Ok(directory.clone());
        }
        let mut slot = self.loaded.write().await;
        if let Some((at, generation, directory)) = slot.as_ref()
            && current(*generation, at)
        {
            return Ok(directory.clone());
        }
        // Read before loading: a change committing meanwhile leaves the snapshot under the older generation.
        let generation = storage.reference_generation(false);
        let directory = Arc::new(storage.load_directory().await?);
        *slot = Some((Instant::now(), generation, directory.clone()));
        Ok(directory)
    }

    /// Forgets the snapshot: the next report reads the directory again.
    pub async fn invalidate(&self) {
        *self.loaded.write().await = None;
        *self.workload.lock().await = None;
    }

    /// Routes with the deputies' current loads and counts the assignment at once, so the next report in
    /// this process sees it even before the loads are read again.
    async fn route(
        &self,
        storage: &Storage,
        directory: &Directory,
        request: &RoutingRequest,
    ) -> Result<Decision, StorageError> {
        let mut slot = self.workload.lock().await;
        let fresh = slot.as_ref().is_some_and(|(at, _)| at.elapsed() < LOAD_MAX_AGE);
        if !fresh {
            *slot = Some((Instant::now(), storage.workload().await?));
        }
        let (_, workload) = slot.get_or_insert_with(|| (Instant::now(), Workload::new()));
        let decision = route(directory, workload, request);
        if let Decision::Assign { candidates, .. } = &decision
            && let Some(first) = candidates.first()
        {
            let load = workload.entry(first.deputy_id).or_default();
            load.open_reports += 1;
            load.last_assigned_at = Some(storage.now());
        }
        Ok(decision)
    }
}

impl DirectoryCache {
    /// A category by id, retired or not: from the snapshot, or from storage when it is newer than the snapshot.
    pub async fn category_by_id(&self, storage: &Storage, id: Uuid) -> Result<Option<Category>, StorageError> {
        let directory = self.get(storage).await?;
        self.held_or_stored(directory.records.category_by_id(id), || storage.find_category_by_id(id)).await
    }

    /// A station by id: from the snapshot, or from storage when it is newer than the snapshot.
    pub async fn station_by_id(&self, storage: &Storage, id: Uuid) -> Result<Option<Station>, StorageError> {
        let directory = self.get(storage).await?;
        self.held_or_stored(directory.records.station_by_id(id), || storage.find_station_by_id(id)).await
    }

    /// The record the snapshot holds, or else what storage has. A record only storage has was added (on
    /// another instance, or by the command line) after the snapshot was made: the snapshot is dropped, so
    /// routing, which comes next, sees the record too.
    pub async fn held_or_stored<T, F>(
        &self,
        held: Option<&T>,
        stored: impl FnOnce() -> F,
    ) -> Result<Option<T>, StorageError>
    where
        T: Clone,
        F: std::future::Future<Output = Result<Option<T>, StorageError>>,
    {
        if let Some(record) = held {
            return Ok(Some(record.clone()));
        }
        let found = stored().await?;
        if found.is_some() {
            self.invalidate().await;
        }
        Ok(found)
    }
}

/// A new report's facts, as routing needs them.
#[derive(Debug, Clone)]
pub struct NewReportPlace {
    pub location: Option<GeoPoint>,
    pub station_id: Option<Uuid>,
    /// The community or grid the citizen picked.
    pub area_id: Option<Uuid>,
    /// The building the citizen picked.
    pub building_id: Option<Uuid>,
    pub category: String,
    /// A deputy the citizen chose.
    pub chosen_deputy: Option<Uuid>,
}

/// Decides who takes a new report, with the current directory and every deputy's current load.
pub async fn route_new_report(
    cache: &DirectoryCache,
    storage: &Storage,
    report: &NewReportPlace,
) -> Result<RoutingRecord, StorageError> {
    let directory = cache.get(storage).await?;
    // The most precise place given wins: a point, then a building, then an area, then the station.
    let place = match (report.location, report.building_id, report.area_id, report.station_id) {
        (Some(point), ..) => Place::Point(point),
        (None, Some(building), ..) => Place::Building(building),
        (None, None, Some(area), _) => Place::Grid(area),
        (None, None, None, Some(station)) => Place::Station(station),
        (None, None, None, None) => Place::Unknown,
    };
    let request = RoutingRequest {
        place,
        station: report.station_id,
        category: report.category.clone(),
        chosen_deputy: report.chosen_deputy,
    };
    Ok(match cache.route(storage, &directory, &request).await? {
        Decision::Assign { station, candidates } => match candidates.first() {
            Some(first) => RoutingRecord {
                state: RoutingState::Assigned,
                deputy_id: Some(first.deputy_id),
                station_id: station,
                reason: format!("{}\n{}", first.reason.zh, first.reason.en),
            },
            None => triage(station, "没有候选代表\nNo candidate"),
        },
        Decision::Triage { station, reason, .. } => {
            let text = reason.text();
            triage(station, &format!("{}\n{}", text.zh, text.en))
        }
    })
}

fn triage(station: Option<Uuid>, reason: &str) -> RoutingRecord {
    RoutingRecord { state: RoutingState::Triage, deputy_id: None, station_id: station, reason: reason.to_owned() }
}
