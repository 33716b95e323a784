//! Reference data: the areas, categories and stations that reports point at, as they are loaded from a file.
//!
//! Records are keyed by `code`, so loading the same data twice changes nothing.

use std::collections::HashSet;

use serde::Deserialize;

use super::Localized;
use super::report::{GeoPoint, string_enum};
use super::routing::DeputyStatus;

string_enum! {
    /// The levels of the administrative hierarchy, largest first.
    pub enum AreaKind {
        District => "district",
        Street => "street",
        Town => "town",
        Community => "community",
        Village => "village",
        Grid => "grid",
    }
}

impl AreaKind {
    /// Depth in the hierarchy: 0 for a district, 3 for a grid.
    pub fn rank(self) -> u8 {
        match self {
            AreaKind::District => 0,
            AreaKind::Street | AreaKind::Town => 1,
            AreaKind::Community | AreaKind::Village => 2,
            AreaKind::Grid => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaRecord {
    pub code: String,
    pub kind: AreaKind,
    pub name: Localized,
    /// Code of the enclosing area; `None` only for a district.
    #[serde(default)]
    pub parent: Option<String>,
    /// The area's outline, a GeoJSON Polygon or MultiPolygon (grids need one to be found by location).
    #[serde(default)]
    pub boundary: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRecord {
    pub code: String,
    pub name: Localized,
    pub description: Localized,
    /// Working days within which a report of this category should be answered.
    pub reply_deadline_working_days: u16,
    /// Staff assess every report of this category themselves before anyone is assigned.
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationRecord {
    pub code: String,
    pub name: Localized,
    pub address: String,
    #[serde(default)]
    pub location: Option<GeoPoint>,
    pub opening_hours: Localized,
    /// Code of the area the station belongs to.
    #[serde(default)]
    pub area: Option<String>,
    /// Codes of the areas (communities, grids, streets) whose reports the station handles.
    #[serde(default)]
    pub covers: Vec<String>,
}

/// A deputy, with what ties them to places and topics.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeputyRecord {
    pub code: String,
    pub name: Localized,
    /// `national`, `provincial`, `city`, `district` or `township`.
    pub level: String,
    pub constituency: String,
    #[serde(default = "active")]
    pub status: DeputyStatus,
    /// Codes of the stations the deputy belongs to.
    #[serde(default)]
    pub stations: Vec<String>,
    /// Codes of the grids and communities the deputy is the contact for (联系网格).
    #[serde(default)]
    pub areas: Vec<String>,
    /// Category codes the deputy knows well.
    #[serde(default)]
    pub specialties: Vec<String>,
    /// A short public profile.
    #[serde(default)]
    pub profile: Option<Localized>,
}

fn active() -> DeputyStatus {
    DeputyStatus::Active
}

/// The levels of people's congress a deputy can sit in.
pub const DEPUTY_LEVELS: [&str; 5] = ["national", "provincial", "city", "district", "township"];

/// A consistent set of reference records. Areas are listed parents first; categories in display order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceData {
    #[serde(default)]
    pub areas: Vec<AreaRecord>,
    #[serde(default)]
    pub categories: Vec<CategoryRecord>,
    #[serde(default)]
    pub stations: Vec<StationRecord>,
    #[serde(default)]
    pub deputies: Vec<DeputyRecord>,
}

impl ReferenceData {
    /// Checks codes are unique and well-formed, parents come before children one level up, stations name
    /// known areas, and deadlines are sensible. Returns every problem found.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let mut areas: Vec<(&str, AreaKind)> = Vec::new();
        for (i, area) in self.areas.iter().enumerate() {
            check_code(&mut problems, "area", i, &area.code);
            if areas.iter().any(|(code, _)| *code == area.code) {
                problems.push(format!("area #{i}: code `{}` appears twice", area.code));
            }
            match (&area.parent, area.kind) {
                (None, AreaKind::District) => {}
                (None, kind) => problems.push(format!("area `{}`: a {kind} needs a parent", area.code)),
                (Some(parent), kind) => match areas.iter().find(|(code, _)| code == parent) {
                    None => problems.push(format!("area `{}`: parent `{parent}` must be listed before it", area.code)),
                    Some((_, parent_kind)) if parent_kind.rank() + 1 != kind.rank() => problems
                        .push(format!("area `{}`: a {kind} cannot sit directly inside a {parent_kind}", area.code)),
                    Some(_) => {}
                },
            }
            if let Some(boundary) = &area.boundary
                && let Err(why) = super::geometry::parse_boundary(boundary)
            {
                problems.push(format!("area `{}`: boundary: {why}", area.code));
            }
            areas.push((&area.code, area.kind));
        }
        let mut categories = HashSet::new();
        for (i, category) in self.categories.iter().enumerate() {
            check_code(&mut problems, "category", i, &category.code);
            if !categories.insert(&category.code) {
                problems.push(format!("category #{i}: code `{}` appears twice", category.code));
            }
            if !(1..=130).contains(&category.reply_deadline_working_days) {
                problems.push(format!("category `{}`: reply deadline must be 1 to 130 working days", category.code));
            }
        }
        let mut stations = HashSet::new();
        for (i, station) in self.stations.iter().enumerate() {
            check_code(&mut problems, "station", i, &station.code);
            if !stations.insert(&station.code) {
                problems.push(format!("station #{i}: code `{}` appears twice", station.code));
            }
            if let Some(area) = &station.area
                && !areas.iter().any(|(code, _)| code == area)
            {
                problems.push(format!("station `{}`: unknown area `{area}`", station.code));
            }
            for area in &station.covers {
                if !areas.iter().any(|(code, _)| code == area) {
                    problems.push(format!("station `{}`: covers unknown area `{area}`", station.code));
                }
            }
        }
        let mut deputies = HashSet::new();
        for (i, deputy) in self.deputies.iter().enumerate() {
            check_code(&mut problems, "deputy", i, &deputy.code);
            if !deputies.insert(&deputy.code) {
                problems.push(format!("deputy #{i}: code `{}` appears twice", deputy.code));
            }
            if !DEPUTY_LEVELS.contains(&deputy.level.as_str()) {
                problems.push(format!("deputy `{}`: level must be one of {}", deputy.code, DEPUTY_LEVELS.join(", ")));
            }
            for station in &deputy.stations {
                if !stations.contains(station) {
                    problems.push(format!("deputy `{}`: unknown station `{station}`", deputy.code));
                }
            }
            for area in &deputy.areas {
                if !areas.iter().any(|(code, _)| code == area) {
                    problems.push(format!("deputy `{}`: unknown area `{area}`", deputy.code));
                }
            }
            for category in &deputy.specialties {
                if !categories.contains(category) {
                    problems.push(format!("deputy `{}`: unknown category `{category}`", deputy.code));
                }
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

fn check_code(problems: &mut Vec<String>, what: &str, index: usize, code: &str) {
    let ok = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !ok {
        problems.push(format!("{what} #{index}: code `{code}` must be 1–64 letters, digits, `-`, `_` or `.`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(code: &str, kind: AreaKind, parent: Option<&str>) -> AreaRecord {
        AreaRecord {
            code: code.into(),
            kind,
            name: Localized::new(code, code),
            parent: parent.map(Into::into),
            boundary: None,
        }
    }

    #[test]
    fn a_consistent_set_passes() {
        let data = ReferenceData {
            areas: vec![
                area("D", AreaKind::District, None),
                area("S", AreaKind::Street, Some("D")),
                area("C", AreaKind::Community, Some("S")),
            ],
            ..Default::default()
        };
        assert_eq!(data.check(), Ok(()));
    }

    #[test]
    fn every_inconsistency_is_named() {
        let data = ReferenceData {
            areas: vec![
                area("S", AreaKind::Street, None),
                area("C", AreaKind::Community, Some("X")),
                area("D", AreaKind::District, None),
                area("G", AreaKind::Grid, Some("D")),
                area("D", AreaKind::District, None),
                area("bad code", AreaKind::District, None),
            ],
            categories: vec![CategoryRecord {
                code: "env".into(),
                name: Localized::new("环境", "Env"),
                description: Localized::new("", ""),
                reply_deadline_working_days: 0,
                sensitive: false,
            }],
            stations: vec![StationRecord {
                code: "ST".into(),
                name: Localized::new("站", "Station"),
                address: "addr".into(),
                location: None,
                opening_hours: Localized::new("", ""),
                area: Some("nowhere".into()),
                covers: vec!["nowhere-else".into()],
            }],
            deputies: vec![DeputyRecord {
                code: "DEP".into(),
                name: Localized::new("代表", "Deputy"),
                level: "galactic".into(),
                constituency: String::new(),
                status: DeputyStatus::Active,
                stations: vec!["ST".into(), "NOPE".into()],
                areas: vec!["G".into(), "ZZ".into()],
                specialties: vec!["env".into(), "astrology".into()],
                profile: None,
            }],
        };
        let problems = data.check().unwrap_err();
        let joined = problems.join("\n");
        for expected in [
            "area `S`: a street needs a parent",
            "area `C`: parent `X` must be listed before it",
            "area `G`: a grid cannot sit directly inside a district",
            "code `D` appears twice",
            "code `bad code` must be",
            "category `env`: reply deadline",
            "station `ST`: unknown area `nowhere`",
            "station `ST`: covers unknown area `nowhere-else`",
            "deputy `DEP`: level must be one of",
            "deputy `DEP`: unknown station `NOPE`",
            "deputy `DEP`: unknown area `ZZ`",
            "deputy `DEP`: unknown category `astrology`",
        ] {
            assert!(joined.contains(expected), "missing {expected:?} in\n{joined}");
        }
    }
}
