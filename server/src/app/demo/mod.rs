//! The demo data set (`liaison serve --demo`, `liaison seed-demo`): one district, its streets, communities,
//! grids and buildings, two stations, sixteen deputies, a category catalogue modelled on 12345 hotline and
//! liaison-station practice, and a month of reception days around the day it is loaded.

use chrono::NaiveDate;

use crate::domain::reference::ReferenceData;
use crate::domain::routing::DeputyStatus;
use crate::domain::schedule::demo_schedule;

const REFERENCE: &str = include_str!("reference.json");

/// Why the built-in demo data cannot be used (a broken edit of `reference.json`).
#[derive(Debug, thiserror::Error)]
pub enum DemoDataError {
    #[error("demo data is not valid JSON: {0}")]
    Parse(#[from] serde_json::Error),
    #[error("demo data is inconsistent: {}", .0.join("; "))]
    Inconsistent(Vec<String>),
}

/// The demo reference data, checked.
pub fn reference_data() -> Result<ReferenceData, DemoDataError> {
    let data: ReferenceData = serde_json::from_str(REFERENCE)?;
    data.check().map_err(DemoDataError::Inconsistent)?;
    Ok(data)
}

/// The demo reference data with reception days from a week before `today` to a month after it, taken in
/// turn by each station's active deputies.
pub fn reference_data_with_schedule(today: NaiveDate) -> Result<ReferenceData, DemoDataError> {
    let mut data = reference_data()?;
    let stations: Vec<(String, Vec<String>)> = data
        .stations
        .iter()
        .map(|s| {
            let deputies = data
                .deputies
                .iter()
                .filter(|d| d.status == DeputyStatus::Active && d.stations.contains(&s.code))
                .map(|d| d.code.clone())
                .collect();
            (s.code.clone(), deputies)
        })
        .collect();
    data.reception_days = demo_schedule(today, &stations);
    data.check().map_err(DemoDataError::Inconsistent)?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::AreaKind;

    #[test]
    fn the_demo_set_is_consistent_and_complete_enough_to_demo() {
        let data = reference_data().unwrap();
        assert!(data.categories.len() >= 10);
        assert_eq!(data.stations.len(), 2);
        assert_eq!(data.areas.iter().filter(|a| a.kind == AreaKind::District).count(), 1);
        assert_eq!(data.areas.iter().filter(|a| a.kind == AreaKind::Street).count(), 2);
        assert!(data.areas.iter().filter(|a| a.kind == AreaKind::Community).count() >= 3);
        for code in ["environment", "roads_traffic", "property_management", "elderly_care", "other"] {
            assert!(data.categories.iter().any(|c| c.code == code), "{code}");
        }
        assert!(data.deputies.len() >= 15);
        assert!(data.buildings.len() >= 20);
    }

    #[test]
    fn the_demo_month_of_reception_days_names_only_active_deputies_of_the_station() {
        let today: NaiveDate = "2026-11-29".parse().unwrap();
        let data = reference_data_with_schedule(today).unwrap();
        assert!(data.reception_days.len() >= 30, "{}", data.reception_days.len());
        for day in &data.reception_days {
            for code in &day.deputies {
                let deputy = data.deputies.iter().find(|d| &d.code == code).unwrap();
                assert_eq!(deputy.status, DeputyStatus::Active);
                assert!(deputy.stations.contains(&day.station));
            }
        }
    }
}
