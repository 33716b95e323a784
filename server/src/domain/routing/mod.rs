//! Routing: the right deputy for a report, from its place and its topic, with a reason people can read.
//!
//! Pure: the caller hands in a [`Directory`] snapshot (grids, buildings, stations and deputies) and the
//! report's facts; [`route`] answers with ranked candidates or the station's triage queue (研判).
//!
//! The rules, in order: a chosen active deputy first; then deputies linked to the report's grid or building;
//! then deputies of the station that covers the place; then those whose specialties include the category;
//! then whoever has the fewest open reports; then whoever was assigned longest ago (round robin). Deputies on
//! leave or gone are skipped. No confident candidate, a sensitive category, or a place outside every area
//! sends the report to triage.

mod grid_index;
mod records;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use grid_index::GridIndex;
pub use records::Records;

use super::Localized;
use super::report::{GeoPoint, string_enum};

string_enum! {
    /// Whether a deputy takes reports now.
    pub enum DeputyStatus {
        Active => "active",
        OnLeave => "on_leave",
        Left => "left",
    }
}

impl DeputyStatus {
    /// A stored status. An unreadable one counts as `left`: such a deputy is never offered or assigned
    /// anything, nor let in.
    pub fn from_stored(text: &str) -> Self {
        text.parse().unwrap_or(DeputyStatus::Left)
    }
}

/// A deputy as routing sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct DeputyProfile {
    pub id: Uuid,
    pub name: String,
    pub status: DeputyStatus,
    pub stations: Vec<Uuid>,
    /// Grids the deputy is the contact for (联系网格).
    pub grids: Vec<Uuid>,
    pub buildings: Vec<Uuid>,
    /// Category codes the deputy knows well.
    pub specialties: Vec<String>,
}

/// How busy a deputy is right now: it changes with every assignment, so it is read fresh for each
/// decision while the [`Directory`] is a snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeputyLoad {
    /// Reports assigned and not yet closed.
    pub open_reports: u32,
    pub last_assigned_at: Option<DateTime<Utc>>,
}

/// Every deputy's load; a deputy not listed has none.
pub type Workload = HashMap<Uuid, DeputyLoad>;

/// A station and the areas (communities, streets, grids) it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct StationCoverage {
    pub id: Uuid,
    pub covers: HashSet<Uuid>,
}

/// Everything routing needs to know, loaded once and shared.
#[derive(Debug, Default)]
pub struct Directory {
    pub grids: GridIndex,
    /// Each area's parent (grid → community → street → district).
    pub parents: HashMap<Uuid, Uuid>,
    /// Display codes of grids, for reasons (`G3`).
    pub grid_codes: HashMap<Uuid, String>,
    /// Each building's grid.
    pub building_grids: HashMap<Uuid, Uuid>,
    pub stations: Vec<StationCoverage>,
    pub deputies: Vec<DeputyProfile>,
    /// Categories staff always assess first (e.g. complaints about officials).
    pub sensitive_categories: HashSet<String>,
    /// Category names, for reasons.
    pub category_names: HashMap<String, Localized>,
    /// Deputies by grid, building, station and specialty; built on first use.
    pub index: DeputyIndex,
    /// Every category, station, deputy, area and building by code, for what a report names and shows.
    pub records: Records,
}

/// Positions in [`Directory::deputies`] of the active deputies tied to each grid, building, station and
/// category, so a decision looks at the few deputies tied to the report, not at all of them.
#[derive(Debug, Default)]
pub struct DeputyIndex(std::sync::OnceLock<IndexMaps>);

#[derive(Debug, Default)]
struct IndexMaps {
    by_place: HashMap<Uuid, Vec<usize>>,
    by_specialty: HashMap<String, Vec<usize>>,
    by_id: HashMap<Uuid, usize>,
}

impl Directory {
    fn maps(&self) -> &IndexMaps {
        self.index.0.get_or_init(|| {
            let mut maps = IndexMaps::default();
            for (at, d) in self.deputies.iter().enumerate() {
                if d.status != DeputyStatus::Active {
                    continue;
                }
                maps.by_id.insert(d.id, at);
                for place in d.grids.iter().chain(&d.buildings).chain(&d.stations) {
                    maps.by_place.entry(*place).or_default().push(at);
                }
                for category in &d.specialties {
                    maps.by_specialty.entry(category.clone()).or_default().push(at);
                }
            }
            maps
        })
    }
}

/// Where a report is about, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    Point(GeoPoint),
    Grid(Uuid),
    Building(Uuid),
    Station(Uuid),
    Unknown,
}

/// A report's facts, as routing takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutingRequest {
    pub place: Place,
    /// The station the report came through (a kiosk's, or one named in the form), if any.
    pub station: Option<Uuid>,
    pub category: String,
    /// A deputy the citizen chose (代表码 QR code or a pick from the list).
    pub chosen_deputy: Option<Uuid>,
}

/// Why a candidate ranks where it does; each becomes part of the readable reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    Chosen,
    GridContact(String),
    BuildingContact,
    StationDeputy,
    Specialty(Localized),
    OpenReports(u32),
}

/// One deputy who could take the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub deputy_id: Uuid,
    pub why: Vec<Why>,
    /// 网格 G3 的联系代表；专长 养老服务；在办 2 件
    pub reason: Localized,
}

/// Why a report waits for staff instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriageReason {
    SensitiveCategory,
    OutsideEveryArea,
    NoConfidentCandidate,
}

impl TriageReason {
    pub fn as_str(self) -> &'static str {
        match self {
            TriageReason::SensitiveCategory => "sensitive_category",
            TriageReason::OutsideEveryArea => "outside_every_area",
            TriageReason::NoConfidentCandidate => "no_confident_candidate",
        }
    }

    pub fn text(self) -> Localized {
        match self {
            TriageReason::SensitiveCategory => {
                Localized::new("敏感类别，由工作人员研判", "Sensitive category: staff assess it")
            }
            TriageReason::OutsideEveryArea => {
                Localized::new("地点不在任何网格内，由工作人员研判", "The place is outside every area: staff assess it")
            }
            TriageReason::NoConfidentCandidate => {
                Localized::new("没有明确的联系代表，由工作人员研判", "No clearly responsible deputy: staff assess it")
            }
        }
    }
}

/// What routing decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Assign to the first; the rest are the next choices, in order.
    Assign { station: Option<Uuid>, candidates: Vec<Candidate> },
    /// Put in this station's triage queue (or the district's when no station is known).
    Triage { station: Option<Uuid>, reason: TriageReason, candidates: Vec<Candidate> },
}

/// Where a place lies: its grid (if any), and every area above it.
fn resolve(directory: &Directory, place: Place) -> (Option<Uuid>, Option<Uuid>, bool) {
    match place {
        Place::Point(point) => match directory.grids.locate(point) {
            Some(grid) => (Some(grid), None, true),
            None => (None, None, false),
        },
        Place::Grid(grid) => (Some(grid), None, true),
        Place::Building(building) => match directory.building_grids.get(&building) {
            Some(grid) => (Some(*grid), Some(building), true),
            None => (None, Some(building), true),
        },
        Place::Station(_) | Place::Unknown => (None, None, true),
    }
}

/// The areas that contain `grid`, the grid itself first.
fn ancestry(directory: &Directory, grid: Uuid) -> Vec<Uuid> {
    let mut chain = vec![grid];
    let mut at = grid;
    while let Some(parent) = directory.parents.get(&at) {
        if chain.contains(parent) {
            break;
        }
        chain.push(*parent);
        at = *parent;
    }
    chain
}

/// Decides who should take a report.
pub fn route(directory: &Directory, workload: &Workload, request: &RoutingRequest) -> Decision {
    let (grid, building, located) = resolve(directory, request.place);
    let covering_station = grid.and_then(|grid| {
        let areas = ancestry(directory, grid);
        // The station covering the smallest area that contains the grid.
        areas.iter().find_map(|area| directory.stations.iter().find(|s| s.covers.contains(area)).map(|s| s.id))
    });
    let place_station = match request.place {
        Place::Station(station) => Some(station),
        _ => None,
    };
    let station = covering_station.or(place_station).or(request.station);

    let candidates = rank(directory, workload, request, grid, building, station);
    let confident = candidates.first().is_some_and(|c| {
        c.why.iter().any(|w| matches!(w, Why::Chosen | Why::GridContact(_) | Why::BuildingContact | Why::StationDeputy))
    });
    let triage = if directory.sensitive_categories.contains(&request.category) {
        Some(TriageReason::SensitiveCategory)
    } else if !located {
        Some(TriageReason::OutsideEveryArea)
    } else if !confident {
        Some(TriageReason::NoConfidentCandidate)
    } else {
        None
    };
    match triage {
        Some(reason) => Decision::Triage { station, reason, candidates },
        None => Decision::Assign { station, candidates },
    }
}

/// How many candidates a decision lists.
const CANDIDATES: usize = 5;

fn rank(
    directory: &Directory,
    workload: &Workload,
    request: &RoutingRequest,
    grid: Option<Uuid>,
    building: Option<Uuid>,
    station: Option<Uuid>,
) -> Vec<Candidate> {
    let maps = directory.maps();
    // The deputies tied to the report by choice or place; by topic only when those are too few to fill the
    // list, since a place tie always ranks above a topic-only tie.
    let mut pool: Vec<usize> = Vec::new();
    pool.extend(request.chosen_deputy.and_then(|id| maps.by_id.get(&id)));
    for place in [grid, building, station].into_iter().flatten() {
        pool.extend(maps.by_place.get(&place).into_iter().flatten());
    }
    pool.sort_unstable();
    pool.dedup();
    if pool.len() < CANDIDATES {
        pool.extend(maps.by_specialty.get(&request.category).into_iter().flatten());
        pool.sort_unstable();
        pool.dedup();
    }
    let mut scored: Vec<(Key, &DeputyProfile)> = pool
        .into_iter()
        .map(|at| &directory.deputies[at])
        .filter_map(|d| {
            let load = workload.get(&d.id).copied().unwrap_or_default();
            let key = Key {
                chosen: request.chosen_deputy == Some(d.id),
                grid: grid.is_some_and(|g| d.grids.contains(&g)),
                building: building.is_some_and(|b| d.buildings.contains(&b)),
                station: station.is_some_and(|s| d.stations.contains(&s)),
                specialty: d.specialties.contains(&request.category),
                open_reports: load.open_reports,
                last_assigned_at: load.last_assigned_at,
                id: d.id,
            };
            // Only deputies with some tie to the report are candidates at all.
            (key.chosen || key.grid || key.building || key.station || key.specialty).then_some((key, d))
        })
        .collect();
    // Only the first few are described, so sort just far enough to find them.
    if scored.len() > CANDIDATES {
        scored.select_nth_unstable_by(CANDIDATES - 1, |a, b| a.0.cmp(&b.0));
        scored.truncate(CANDIDATES);
    }
    scored.sort_by(|a, b| a.0.cmp(&b.0));
    scored
        .into_iter()
        .map(|(key, d)| {
            let why = explain(directory, request, grid, &key);
            Candidate { deputy_id: d.id, reason: reason_text(&why), why }
        })
        .collect()
}

fn explain(directory: &Directory, request: &RoutingRequest, grid: Option<Uuid>, key: &Key) -> Vec<Why> {
    let mut why = Vec::new();
    if key.chosen {
        why.push(Why::Chosen);
    }
    if key.grid {
        let code = grid.and_then(|g| directory.grid_codes.get(&g)).cloned().unwrap_or_default();
        why.push(Why::GridContact(code));
    }
    if key.building {
        why.push(Why::BuildingContact);
    }
    if key.station && !key.grid && !key.building {
        why.push(Why::StationDeputy);
    }
    if key.specialty {
        let name = directory.category_names.get(&request.category).cloned();
        why.push(Why::Specialty(name.unwrap_or_else(|| Localized::new(&request.category, &request.category))));
    }
    why.push(Why::OpenReports(key.open_reports));
    why
}

/// Sort key: earlier rules first; `Ord` puts the best candidate first.
#[derive(Debug, PartialEq, Eq)]
struct Key {
    chosen: bool,
    grid: bool,
    building: bool,
    station: bool,
    specialty: bool,
    open_reports: u32,
    last_assigned_at: Option<DateTime<Utc>>,
    id: Uuid,
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .chosen
            .cmp(&self.chosen)
            .then((other.grid || other.building).cmp(&(self.grid || self.building)))
            .then(other.building.cmp(&self.building))
            .then(other.station.cmp(&self.station))
            .then(other.specialty.cmp(&self.specialty))
            .then(self.open_reports.cmp(&other.open_reports))
            // Never assigned sorts first (None < Some), then longest ago.
            .then(self.last_assigned_at.cmp(&other.last_assigned_at))
            .then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn reason_text(why: &[Why]) -> Localized {
    let (zh, en): (Vec<String>, Vec<String>) = why
        .iter()
        .map(|w| match w {
            Why::Chosen => ("群众指定的代表".to_owned(), "chosen by the citizen".to_owned()),
            Why::GridContact(code) => (format!("网格 {code} 的联系代表"), format!("contact deputy of grid {code}")),
            Why::BuildingContact => ("楼栋联系代表".to_owned(), "contact deputy of the building".to_owned()),
            Why::StationDeputy => ("本联络站代表".to_owned(), "deputy of the station".to_owned()),
            Why::Specialty(name) => (format!("专长 {}", name.zh), format!("specialty: {}", name.en)),
            Why::OpenReports(n) => (format!("在办 {n} 件"), format!("{n} open")),
        })
        .unzip();
    Localized::new(zh.join("；"), en.join("; "))
}
