//! Every rule and tie-break of routing, table by table, and properties of the grid lookup.

use std::collections::{HashMap, HashSet};

use chrono::{TimeZone, Utc};
use geo::{LineString, MultiPolygon, Polygon};
use proptest::prelude::*;
use uuid::Uuid;

use super::*;

fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y)]),
        vec![],
    )])
}

/// Two grids side by side in one community covered by station S1; a second station S2 elsewhere.
struct World {
    grid_a: Uuid,
    grid_b: Uuid,
    building: Uuid,
    station: Uuid,
    other_station: Uuid,
    directory: Directory,
}

/// A stable id for a name, so test worlds built twice agree.
fn id_of(name: &str) -> Uuid {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    Uuid::from_u128(u128::from(hash))
}

fn deputy(name: &str) -> DeputyProfile {
    DeputyProfile {
        id: id_of(name),
        name: name.to_owned(),
        status: DeputyStatus::Active,
        stations: Vec::new(),
        grids: Vec::new(),
        buildings: Vec::new(),
        specialties: Vec::new(),
    }
}

/// Loads by deputy name.
fn load(entries: &[(&str, u32, Option<i64>)]) -> Workload {
    entries
        .iter()
        .map(|(name, open, last)| {
            let last_assigned_at = last.map(|s| Utc.timestamp_opt(s, 0).unwrap());
            (id_of(name), DeputyLoad { open_reports: *open, last_assigned_at })
        })
        .collect()
}

fn route_idle(directory: &Directory, request: &RoutingRequest) -> Decision {
    route(directory, &Workload::new(), request)
}

fn world(deputies: Vec<DeputyProfile>) -> World {
    let id = id_of;
    let (grid_a, grid_b, community, building) = (id("grid-a"), id("grid-b"), id("community"), id("building"));
    let (station, other_station) = (id("S1"), id("S2"));
    let directory = Directory {
        grids: GridIndex::new(vec![(grid_a, square(117.0, 39.0, 0.01)), (grid_b, square(117.01, 39.0, 0.01))]),
        parents: HashMap::from([(grid_a, community), (grid_b, community)]),
        grid_codes: HashMap::from([(grid_a, "G1".to_owned()), (grid_b, "G2".to_owned())]),
        building_grids: HashMap::from([(building, grid_a)]),
        stations: vec![
            StationCoverage { id: station, covers: HashSet::from([community]) },
            StationCoverage { id: other_station, covers: HashSet::new() },
        ],
        deputies,
        sensitive_categories: HashSet::from(["officials_conduct".to_owned()]),
        index: Default::default(),
        records: Default::default(),
        category_names: HashMap::from([("elderly_care".to_owned(), Localized::new("养老服务", "Elderly care"))]),
    };
    World { grid_a, grid_b, building, station, other_station, directory }
}

const IN_A: GeoPoint = GeoPoint { lat: 39.005, lng: 117.005 };
const OUTSIDE: GeoPoint = GeoPoint { lat: 40.0, lng: 118.0 };

fn request(place: Place, category: &str) -> RoutingRequest {
    RoutingRequest { place, station: None, category: category.to_owned(), chosen_deputy: None }
}

fn first(decision: &Decision) -> Option<&Candidate> {
    match decision {
        Decision::Assign { candidates, .. } | Decision::Triage { candidates, .. } => candidates.first(),
    }
}

fn names(w: &World, decision: &Decision) -> Vec<String> {
    let by_id: HashMap<Uuid, &str> = w.directory.deputies.iter().map(|d| (d.id, d.name.as_str())).collect();
    match decision {
        Decision::Assign { candidates, .. } | Decision::Triage { candidates, .. } => {
            candidates.iter().map(|c| by_id[&c.deputy_id].to_owned()).collect()
        }
    }
}

#[test]
fn each_rule_outranks_the_next() {
    let w = world(vec![]);
    let (grid_a, station) = (w.grid_a, w.station);
    let chosen = deputy("chosen");
    let mut grid = deputy("grid");
    grid.grids = vec![grid_a];
    let mut at_station = deputy("station");
    at_station.stations = vec![station];
    let mut expert = deputy("expert");
    expert.specialties = vec!["elderly_care".into()];
    let w = world(vec![expert, at_station, grid, chosen.clone()]);
    let mut req = request(Place::Point(IN_A), "elderly_care");
    req.chosen_deputy = Some(chosen.id);
    // Earlier rules win even against a heavier load.
    let busy = load(&[("chosen", 9, None), ("grid", 5, None), ("station", 0, None), ("expert", 0, None)]);
    let decision = route(&w.directory, &busy, &req);
    assert!(matches!(decision, Decision::Assign { station: Some(s), .. } if s == w.station));
    assert_eq!(names(&w, &decision), ["chosen", "grid", "station", "expert"]);
    req.chosen_deputy = None;
    assert_eq!(names(&w, &route(&w.directory, &busy, &req)), ["grid", "station", "expert"]);
}

#[test]
fn reasons_read_as_staff_expect() {
    let w = world(vec![]);
    let mut d = deputy("王丽");
    d.grids = vec![w.grid_a];
    d.specialties = vec!["elderly_care".into()];
    let w = world(vec![d]);
    let decision = route(&w.directory, &load(&[("王丽", 2, None)]), &request(Place::Point(IN_A), "elderly_care"));
    let reason = &first(&decision).unwrap().reason;
    assert_eq!(reason.zh, "网格 G1 的联系代表；专长 养老服务；在办 2 件");
    assert_eq!(reason.en, "contact deputy of grid G1; specialty: Elderly care; 2 open");
}

#[test]
fn ties_go_to_fewer_open_reports_then_round_robin_then_id() {
    let w = world(vec![]);
    let grid_a = w.grid_a;
    let mk = |name: &str| {
        let mut d = deputy(name);
        d.grids = vec![grid_a];
        d
    };
    type Case<'a> = (Vec<(&'a str, u32, Option<i64>)>, &'a str);
    let cases: Vec<Case> = vec![
        (vec![("busy", 3, None), ("free", 1, None)], "free"),
        (vec![("recent", 1, Some(2_000)), ("earlier", 1, Some(1_000))], "earlier"),
        (vec![("recent", 1, Some(2_000)), ("never", 1, None)], "never"),
    ];
    for (loads, expected) in cases {
        let w = world(loads.iter().map(|(name, _, _)| mk(name)).collect());
        let decision = route(&w.directory, &load(&loads), &request(Place::Grid(w.grid_a), "environment"));
        assert_eq!(names(&w, &decision)[0], expected);
    }
    // Full tie: the same order every time (by id).
    let w = world(vec![mk("x"), mk("y")]);
    let once = names(&w, &route_idle(&w.directory, &request(Place::Grid(w.grid_a), "environment")));
    let again = names(&w, &route_idle(&w.directory, &request(Place::Grid(w.grid_a), "environment")));
    assert_eq!(once, again);
}

#[test]
fn deputies_on_leave_or_gone_are_skipped_even_when_chosen() {
    let w = world(vec![]);
    let mut away = deputy("away");
    away.grids = vec![w.grid_a];
    away.status = DeputyStatus::OnLeave;
    let mut gone = deputy("gone");
    gone.grids = vec![w.grid_a];
    gone.status = DeputyStatus::Left;
    let mut present = deputy("present");
    present.stations = vec![w.station];
    let away_id = away.id;
    let w = world(vec![away, gone, present]);
    let mut req = request(Place::Point(IN_A), "environment");
    req.chosen_deputy = Some(away_id);
    assert_eq!(names(&w, &route_idle(&w.directory, &req)), ["present"]);
}

#[test]
fn buildings_route_like_their_grid_and_their_own_contacts() {
    let w = world(vec![]);
    let mut building_contact = deputy("building");
    building_contact.buildings = vec![w.building];
    let mut grid_contact = deputy("grid");
    grid_contact.grids = vec![w.grid_a];
    let w = world(vec![grid_contact, building_contact]);
    let decision = route(
        &w.directory,
        &load(&[("grid", 0, None), ("building", 4, None)]),
        &request(Place::Building(w.building), "environment"),
    );
    assert!(matches!(decision, Decision::Assign { .. }));
    assert_eq!(names(&w, &decision), ["building", "grid"]);
}

#[test]
fn triage_when_sensitive_outside_or_unclear() {
    let w = world(vec![]);
    let mut local = deputy("local");
    local.grids = vec![w.grid_a];
    local.stations = vec![w.station];
    let mut expert = deputy("expert");
    expert.specialties = vec!["elderly_care".into()];
    let w = world(vec![local, expert]);
    let cases: Vec<(RoutingRequest, TriageReason, Option<Uuid>)> = vec![
        (request(Place::Point(IN_A), "officials_conduct"), TriageReason::SensitiveCategory, Some(w.station)),
        (request(Place::Point(OUTSIDE), "environment"), TriageReason::OutsideEveryArea, None),
        (
            RoutingRequest { station: Some(w.other_station), ..request(Place::Point(OUTSIDE), "environment") },
            TriageReason::OutsideEveryArea,
            Some(w.other_station),
        ),
        // Only a specialty ties anyone to it: not confident enough.
        (request(Place::Unknown, "elderly_care"), TriageReason::NoConfidentCandidate, None),
        (
            request(Place::Station(w.other_station), "environment"),
            TriageReason::NoConfidentCandidate,
            Some(w.other_station),
        ),
    ];
    for (req, reason, station) in cases {
        match route_idle(&w.directory, &req) {
            Decision::Triage { reason: got, station: at, .. } => {
                assert_eq!((got, at), (reason, station), "{req:?}");
            }
            other => panic!("{req:?} should wait for triage, got {other:?}"),
        }
    }
    // A station with its own deputy routes a report filed there without a place.
    let kiosk = RoutingRequest { station: Some(w.station), ..request(Place::Unknown, "environment") };
    assert!(matches!(route_idle(&w.directory, &kiosk), Decision::Assign { .. }));
}

#[test]
fn the_covering_station_wins_over_the_station_the_report_came_through() {
    let w = world(vec![]);
    let mut a = deputy("covering");
    a.stations = vec![w.station];
    let mut b = deputy("kiosk's");
    b.stations = vec![w.other_station];
    let w = world(vec![a, b]);
    let req = RoutingRequest { station: Some(w.other_station), ..request(Place::Point(IN_A), "environment") };
    let decision = route_idle(&w.directory, &req);
    assert!(matches!(&decision, Decision::Assign { station: Some(s), .. } if *s == w.station));
    assert_eq!(names(&w, &decision), ["covering"]);
}

proptest! {
    /// Any point strictly inside one of a lattice of grids resolves to that grid.
    #[test]
    fn a_point_inside_a_grid_resolves_to_it(col in 0u32..20, row in 0u32..20, fx in 0.01f64..0.99, fy in 0.01f64..0.99) {
        let size = 0.005;
        let grids: Vec<(Uuid, MultiPolygon<f64>)> = (0..20u32)
            .flat_map(|c| (0..20u32).map(move |r| (c, r)))
            .map(|(c, r)| (Uuid::from_u128(u128::from(c * 100 + r)), square(117.0 + f64::from(c) * size, 39.0 + f64::from(r) * size, size)))
            .collect();
        let index = GridIndex::new(grids);
        let point = GeoPoint { lng: 117.0 + (f64::from(col) + fx) * size, lat: 39.0 + (f64::from(row) + fy) * size };
        prop_assert_eq!(index.locate(point), Some(Uuid::from_u128(u128::from(col * 100 + row))));
    }

    /// Any point outside every grid goes to triage, whoever the deputies are.
    #[test]
    fn a_point_outside_every_grid_goes_to_triage(lat in -89.0f64..89.0, lng in -179.0f64..179.0, open in 0u32..10) {
        prop_assume!(!(38.99..=39.02).contains(&lat) || !(116.99..=117.03).contains(&lng));
        let w = world(vec![]);
        let mut d = deputy("someone");
        d.grids = vec![w.grid_a, w.grid_b];
        d.stations = vec![w.station];
        let w = world(vec![d]);
        let workload = load(&[("someone", open, None)]);
        let decision = route(&w.directory, &workload, &request(Place::Point(GeoPoint { lat, lng }), "environment"));
        let is_outside = matches!(decision, Decision::Triage { reason: TriageReason::OutsideEveryArea, .. });
        prop_assert!(is_outside);
    }
}

#[test]
fn an_unreadable_stored_deputy_status_counts_as_left() {
    assert_eq!(DeputyStatus::from_stored("on_leave"), DeputyStatus::OnLeave);
    assert_eq!(DeputyStatus::from_stored("retired"), DeputyStatus::Left);
    assert_eq!(DeputyStatus::from_stored(""), DeputyStatus::Left);
}
