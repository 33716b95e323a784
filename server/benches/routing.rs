//! Routing at city scale: 10,000 grid polygons, 2,000 deputies, random places and categories.
//!
//!     cargo bench --bench routing
//!
//! Criterion measures the mean; the p50/p99/max per call, which the target is stated in (p99 ≤ 50 µs),
//! are measured after it over 200,000 calls and printed as a RESULT line.

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use geo::{LineString, MultiPolygon, Polygon};
use liaison::domain::Localized;
use liaison::domain::report::GeoPoint;
use liaison::domain::routing::{
    DeputyLoad, DeputyProfile, DeputyStatus, Directory, GridIndex, Place, RoutingRequest, StationCoverage, Workload,
    route,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

const SIDE: u32 = 100; // 100 × 100 = 10,000 grids
const CELL: f64 = 0.002; // about 200 m
const DEPUTIES: u32 = 2_000;
const CATEGORIES: [&str; 14] = [
    "environment",
    "roads_traffic",
    "elderly_care",
    "education",
    "health",
    "housing",
    "employment",
    "safety",
    "water_power_gas",
    "property_management",
    "food_safety",
    "culture_sports",
    "policy_suggestion",
    "other",
];

/// A grid as surveyors draw them: a jittered hexagon-ish ring that fills its cell.
fn grid_shape(rng: &mut StdRng, col: u32, row: u32) -> MultiPolygon<f64> {
    let (x, y) = (116.9 + f64::from(col) * CELL, 39.0 + f64::from(row) * CELL);
    let j = |rng: &mut StdRng| rng.random_range(0.0..CELL * 0.05);
    let ring = vec![
        (x, y),
        (x + CELL / 2.0, y - j(rng)),
        (x + CELL, y),
        (x + CELL + j(rng), y + CELL / 2.0),
        (x + CELL, y + CELL),
        (x + CELL / 2.0, y + CELL + j(rng)),
        (x, y + CELL),
        (x - j(rng), y + CELL / 2.0),
        (x, y),
    ];
    MultiPolygon::new(vec![Polygon::new(LineString::from(ring), vec![])])
}

fn city() -> (Directory, Workload) {
    let mut rng = StdRng::seed_from_u64(7);
    let mut grids = Vec::new();
    let mut parents = HashMap::new();
    let mut grid_codes = HashMap::new();
    let mut grid_ids = Vec::new();
    // 100 communities of 10 × 10 grids; a station per 5 communities.
    let community = |col: u32, row: u32| Uuid::from_u128(1_000_000 + u128::from((col / 10) * 10 + row / 10));
    for col in 0..SIDE {
        for row in 0..SIDE {
            let id = Uuid::from_u128(u128::from(col * SIDE + row + 1));
            grids.push((id, grid_shape(&mut rng, col, row)));
            parents.insert(id, community(col, row));
            grid_codes.insert(id, format!("G{}-{}", col, row));
            grid_ids.push(id);
        }
    }
    let stations: Vec<StationCoverage> = (0..20u128)
        .map(|s| StationCoverage {
            id: Uuid::from_u128(2_000_000 + s),
            covers: (0..5u128).map(|k| Uuid::from_u128(1_000_000 + s * 5 + k)).collect::<HashSet<_>>(),
        })
        .collect();
    let deputies = (0..DEPUTIES)
        .map(|i| DeputyProfile {
            id: Uuid::from_u128(3_000_000 + u128::from(i)),
            name: format!("代表{i}"),
            status: if i % 50 == 0 { DeputyStatus::OnLeave } else { DeputyStatus::Active },
            stations: vec![stations[(i % 20) as usize].id],
            grids: (0..5).map(|_| grid_ids[rng.random_range(0..grid_ids.len())]).collect(),
            buildings: Vec::new(),
            specialties: (0..2).map(|_| CATEGORIES[rng.random_range(0..CATEGORIES.len())].to_owned()).collect(),
        })
        .collect();
    let category_names =
        CATEGORIES.iter().map(|c| ((*c).to_owned(), Localized::new(*c, *c))).collect::<HashMap<_, _>>();
    let directory = Directory {
        grids: GridIndex::new(grids),
        parents,
        grid_codes,
        building_grids: HashMap::new(),
        stations,
        deputies,
        sensitive_categories: HashSet::from(["officials_conduct".to_owned()]),
        index: Default::default(),
        records: Default::default(),
        category_names,
    };
    let workload = directory
        .deputies
        .iter()
        .map(|d| (d.id, DeputyLoad { open_reports: rng.random_range(0..12), last_assigned_at: None }))
        .collect();
    (directory, workload)
}

fn requests(n: usize) -> Vec<RoutingRequest> {
    let mut rng = StdRng::seed_from_u64(11);
    (0..n)
        .map(|_| {
            // Mostly inside the city, some outside it.
            let lng = 116.9 + rng.random_range(-0.01..f64::from(SIDE) * CELL + 0.01);
            let lat = 39.0 + rng.random_range(-0.01..f64::from(SIDE) * CELL + 0.01);
            RoutingRequest {
                place: Place::Point(GeoPoint { lat, lng }),
                station: None,
                category: CATEGORIES[rng.random_range(0..CATEGORIES.len())].to_owned(),
                chosen_deputy: None,
            }
        })
        .collect()
}

fn main() {
    let (directory, workload) = city();
    let requests = requests(4096);
    let mut criterion = Criterion::default().configure_from_args();
    let mut at = 0;
    criterion.bench_function("route (10,000 grids, 2,000 deputies)", |b| {
        b.iter(|| {
            at = (at + 1) % requests.len();
            black_box(route(&directory, &workload, black_box(&requests[at])))
        })
    });
    criterion.final_summary();

    let mut nanos: Vec<u128> = Vec::with_capacity(200_000);
    for i in 0..200_000 {
        let request = &requests[i % requests.len()];
        let started = Instant::now();
        black_box(route(&directory, &workload, black_box(request)));
        nanos.push(started.elapsed().as_nanos());
    }
    nanos.sort_unstable();
    let pct = |p: f64| nanos[((nanos.len() as f64 - 1.0) * p) as usize] as f64 / 1000.0;
    println!(
        "RESULT grids={} deputies={} p50_us={:.1} p99_us={:.1} max_us={:.1}",
        directory.grids.len(),
        directory.deputies.len(),
        pct(0.50),
        pct(0.99),
        pct(1.0)
    );
}
