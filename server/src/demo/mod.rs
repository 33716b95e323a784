//! The demo data set (`liaison serve --demo`, `liaison seed-demo`): one district, its streets and
//! communities, two stations and a category catalogue modelled on 12345 hotline and liaison-station practice.

use crate::domain::reference::ReferenceData;

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
    }
}
