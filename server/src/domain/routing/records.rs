//! The directory's records by code and by id, held in the routing snapshot: what a new report may name
//! (category, station, deputy, area, building) and what views show beside a report (its category and
//! station), answered from memory instead of one storage look-up each.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::directory::{Area, Building, Category, Deputy, Station};

/// Every category (retired ones too: a report keeps its category), station, deputy, area and building.
#[derive(Debug, Default, Clone)]
pub struct Records {
    categories: HashMap<String, Category>,
    category_codes: HashMap<Uuid, String>,
    stations: HashMap<String, Station>,
    station_codes: HashMap<Uuid, String>,
    deputies: HashMap<String, Deputy>,
    areas: HashMap<String, Area>,
    buildings: HashMap<String, Building>,
}

impl Records {
    pub fn new(
        categories: Vec<Category>,
        stations: Vec<Station>,
        deputies: Vec<Deputy>,
        areas: Vec<Area>,
        buildings: Vec<Building>,
    ) -> Self {
        Self {
            category_codes: categories.iter().map(|c| (c.id, c.code.clone())).collect(),
            categories: categories.into_iter().map(|c| (c.code.clone(), c)).collect(),
            station_codes: stations.iter().map(|s| (s.id, s.code.clone())).collect(),
            stations: stations.into_iter().map(|s| (s.code.clone(), s)).collect(),
            deputies: deputies.into_iter().map(|d| (d.code.clone(), d)).collect(),
            areas: areas.into_iter().map(|a| (a.code.clone(), a)).collect(),
            buildings: buildings.into_iter().map(|b| (b.code.clone(), b)).collect(),
        }
    }

    /// A category citizens may file under now: known and not retired.
    pub fn active_category(&self, code: &str) -> Option<&Category> {
        self.categories.get(code).filter(|c| c.active)
    }

    /// A category by id, retired or not.
    pub fn category_by_id(&self, id: Uuid) -> Option<&Category> {
        self.category_codes.get(&id).and_then(|code| self.categories.get(code))
    }

    pub fn station(&self, code: &str) -> Option<&Station> {
        self.stations.get(code)
    }

    pub fn station_by_id(&self, id: Uuid) -> Option<&Station> {
        self.station_codes.get(&id).and_then(|code| self.stations.get(code))
    }

    /// A deputy by code, whatever their status.
    pub fn deputy(&self, code: &str) -> Option<&Deputy> {
        self.deputies.get(code)
    }

    pub fn area(&self, code: &str) -> Option<&Area> {
        self.areas.get(code)
    }

    pub fn building(&self, code: &str) -> Option<&Building> {
        self.buildings.get(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Localized;

    fn category(code: &str, active: bool) -> Category {
        Category {
            id: Uuid::now_v7(),
            code: code.to_owned(),
            name: Localized::new("环境", "Environment"),
            description: Localized::new("", ""),
            reply_deadline_working_days: 5,
            accept_deadline_working_days: 2,
            answer_deadline_working_days: 15,
            sort_order: 0,
            active,
            sensitive: false,
            icon: None,
            phrases: Vec::new(),
            deadline_hours: Default::default(),
            emergency: Vec::new(),
        }
    }

    fn building(code: &str) -> Building {
        Building {
            id: Uuid::now_v7(),
            code: code.to_owned(),
            name: code.to_owned(),
            address: String::new(),
            grid_id: None,
        }
    }

    #[test]
    fn a_retired_category_is_not_offered_but_still_found_by_id() {
        let retired = category("old", false);
        let retired_id = retired.id;
        let records = Records::new(vec![category("environment", true), retired], vec![], vec![], vec![], vec![]);
        assert!(records.active_category("environment").is_some());
        assert!(records.active_category("old").is_none());
        assert!(records.active_category("missing").is_none());
        assert_eq!(records.category_by_id(retired_id).map(|c| c.code.as_str()), Some("old"));
        assert!(records.category_by_id(Uuid::now_v7()).is_none());
    }

    #[test]
    fn places_are_found_by_their_own_code_only() {
        let records = Records::new(vec![], vec![], vec![], vec![], vec![building("B-1"), building("B-2")]);
        assert_eq!(records.building("B-2").map(|b| b.code.as_str()), Some("B-2"));
        assert!(records.building("b-2").is_none());
        assert!(records.area("B-1").is_none());
        assert!(records.station_by_id(Uuid::now_v7()).is_none());
    }
}
