//! Reference data: the areas, categories and stations that reports point at, as they are loaded from a file.
//!
//! Records are keyed by `code`, so loading the same data twice changes nothing.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::Localized;
use super::emergency::EmergencyLine;
use super::report::{GeoPoint, string_enum};
use super::routing::DeputyStatus;
use super::schedule::ReceptionRecord;

string_enum! {
    /// The levels of the administrative hierarchy, largest first.
    pub enum AreaKind {
        District => "district",
        Street => "street",
        Town => "town",
        Community => "community",
        Village => "village",
        /// An industrial park (产业园区), at the level of a community; a station can cover it.
        Park => "park",
        Grid => "grid",
    }
}

impl AreaKind {
    /// Depth in the hierarchy: 0 for a district, 3 for a grid.
    pub fn rank(self) -> u8 {
        match self {
            AreaKind::District => 0,
            AreaKind::Street | AreaKind::Town => 1,
            AreaKind::Community | AreaKind::Village | AreaKind::Park => 2,
            AreaKind::Grid => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryRecord {
    pub code: String,
    pub name: Localized,
    pub description: Localized,
    /// Working days a handling unit has to reply once a report is forwarded to it.
    pub reply_deadline_working_days: u16,
    /// Working days to assess or accept a report once it arrives or is assigned.
    #[serde(default = "default_accept_days")]
    pub accept_deadline_working_days: u16,
    /// Working days from acceptance to the answer the citizen gets.
    #[serde(default = "default_answer_days")]
    pub answer_deadline_working_days: u16,
    /// Staff assess every report of this category themselves before anyone is assigned.
    #[serde(default)]
    pub sensitive: bool,
    /// The name of the drawing kiosks and phones show for it (their own set; an unknown name falls back to
    /// the category's code, then to a generic drawing).
    #[serde(default)]
    #[schema(example = "property_management")]
    pub icon: Option<String>,
    /// Common phrases a resident can tap to describe a problem of this category (at most 12).
    #[serde(default)]
    pub phrases: Vec<Localized>,
    /// Urgent steps: hours on the clock (1–720) that replace the step's working days.
    #[serde(default)]
    #[schema(example = 2, minimum = 1, maximum = 720)]
    pub accept_deadline_hours: Option<u16>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 720)]
    pub reply_deadline_hours: Option<u16>,
    #[serde(default)]
    #[schema(example = 24, minimum = 1, maximum = 720)]
    pub answer_deadline_hours: Option<u16>,
    /// Numbers kiosks and phones tell the resident to call now, before filing (e.g. `["110", "119"]`).
    #[serde(default)]
    pub emergency: Vec<EmergencyLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
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
    /// Codes of the buildings the deputy is the contact for.
    #[serde(default)]
    pub buildings: Vec<String>,
    /// Category codes the deputy knows well.
    #[serde(default)]
    pub specialties: Vec<String>,
    /// A short public profile.
    #[serde(default)]
    pub profile: Option<Localized>,
    /// How the deputy is notified of new reports, most preferred first.
    #[serde(default)]
    pub channels: Vec<NotifyChannel>,
}

string_enum! {
    /// A way to reach a deputy or staff member with a notification; a person lists theirs in order of
    /// preference, and the next is tried when one fails.
    pub enum NotifyChannel {
        /// WeChat mini-program subscribe message.
        WechatSubscribe => "wechat_subscribe",
        /// WeChat official account one-time subscription message (一次性订阅消息), accepted in its web pages.
        WechatOaSubscribe => "wechat_oa_subscribe",
        /// WeCom (企业微信) application message.
        WecomApp => "wecom_app",
        /// WeCom group robot.
        WecomRobot => "wecom_robot",
        /// Browser Web Push.
        WebPush => "web_push",
        /// A signed HTTP webhook.
        Webhook => "webhook",
        /// Text message.
        Sms => "sms",
    }
}

/// A handling unit (承办单位): an office or company a deputy forwards reports to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlingUnitRecord {
    #[schema(example = "HP-CG")]
    pub code: String,
    pub name: Localized,
}

/// A building residents can name as the place of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildingRecord {
    pub code: String,
    pub name: String,
    pub address: String,
    /// Code of the grid (or community) the building stands in.
    #[serde(default)]
    pub grid: Option<String>,
}

fn default_accept_days() -> u16 {
    3
}

fn default_answer_days() -> u16 {
    15
}

fn active() -> DeputyStatus {
    DeputyStatus::Active
}

/// The levels of people's congress a deputy can sit in.
pub const DEPUTY_LEVELS: [&str; 5] = ["national", "provincial", "city", "district", "township"];

/// A consistent set of reference records. Areas are listed parents first; categories in display order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferenceData {
    #[serde(default)]
    pub areas: Vec<AreaRecord>,
    #[serde(default)]
    pub categories: Vec<CategoryRecord>,
    #[serde(default)]
    pub stations: Vec<StationRecord>,
    #[serde(default)]
    pub buildings: Vec<BuildingRecord>,
    #[serde(default)]
    pub deputies: Vec<DeputyRecord>,
    #[serde(default)]
    pub reception_days: Vec<ReceptionRecord>,
    #[serde(default)]
    pub handling_units: Vec<HandlingUnitRecord>,
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
            for (step, days) in [
                ("accept", category.accept_deadline_working_days),
                ("reply", category.reply_deadline_working_days),
                ("answer", category.answer_deadline_working_days),
            ] {
                if !(1..=130).contains(&days) {
                    problems
                        .push(format!("category `{}`: {step} deadline must be 1 to 130 working days", category.code));
                }
            }
            for (step, hours) in [
                ("accept", category.accept_deadline_hours),
                ("reply", category.reply_deadline_hours),
                ("answer", category.answer_deadline_hours),
            ] {
                if hours.is_some_and(|h| !(1..=720).contains(&h)) {
                    problems.push(format!("category `{}`: {step} deadline must be 1 to 720 hours", category.code));
                }
            }
            if let (Some(accept), Some(answer)) = (category.accept_deadline_hours, category.answer_deadline_hours)
                && accept > answer
            {
                problems.push(format!("category `{}`: accept hours exceed answer hours", category.code));
            }
            let mut lines = HashSet::new();
            if !category.emergency.iter().all(|l| lines.insert(*l)) {
                problems.push(format!("category `{}`: an emergency number appears twice", category.code));
            }
            check_presentation(&mut problems, category);
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
        let mut buildings = HashSet::new();
        for (i, building) in self.buildings.iter().enumerate() {
            check_code(&mut problems, "building", i, &building.code);
            if !buildings.insert(&building.code) {
                problems.push(format!("building #{i}: code `{}` appears twice", building.code));
            }
            if building.name.trim().is_empty() {
                problems.push(format!("building `{}`: name is empty", building.code));
            }
            if let Some(grid) = &building.grid
                && !areas.iter().any(|(code, _)| code == grid)
            {
                problems.push(format!("building `{}`: unknown grid `{grid}`", building.code));
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
            for building in &deputy.buildings {
                if !buildings.contains(building) {
                    problems.push(format!("deputy `{}`: unknown building `{building}`", deputy.code));
                }
            }
            for category in &deputy.specialties {
                if !categories.contains(category) {
                    problems.push(format!("deputy `{}`: unknown category `{category}`", deputy.code));
                }
            }
        }
        let mut units = HashSet::new();
        for (i, unit) in self.handling_units.iter().enumerate() {
            check_code(&mut problems, "handling unit", i, &unit.code);
            if !units.insert(&unit.code) {
                problems.push(format!("handling unit #{i}: code `{}` appears twice", unit.code));
            }
            if unit.name.zh.trim().is_empty() {
                problems.push(format!("handling unit `{}`: name is empty", unit.code));
            }
        }
        let mut slots = HashSet::new();
        for day in &self.reception_days {
            problems.extend(day.problems());
            let at = format!("reception day `{}`", day.key());
            if !slots.insert((&day.station, day.date, day.start)) {
                problems.push(format!("{at}: appears twice"));
            }
            if !stations.contains(&day.station) {
                problems.push(format!("{at}: unknown station `{}`", day.station));
            }
            for deputy in &day.deputies {
                if !deputies.contains(deputy) {
                    problems.push(format!("{at}: unknown deputy `{deputy}`"));
                }
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    /// These records, with those of `new` replacing the ones with the same key and the rest added (areas
    /// after the ones already here, so parents stored before come first).
    pub fn merge(self, new: ReferenceData) -> ReferenceData {
        fn by_key<T, K: PartialEq>(stored: Vec<T>, new: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
            let mut out: Vec<T> = stored;
            for record in new {
                match out.iter().position(|r| key(r) == key(&record)) {
                    Some(i) => out[i] = record,
                    None => out.push(record),
                }
            }
            out
        }
        ReferenceData {
            areas: by_key(self.areas, new.areas, |a| a.code.clone()),
            categories: by_key(self.categories, new.categories, |c| c.code.clone()),
            stations: by_key(self.stations, new.stations, |s| s.code.clone()),
            buildings: by_key(self.buildings, new.buildings, |b| b.code.clone()),
            deputies: by_key(self.deputies, new.deputies, |d| d.code.clone()),
            reception_days: by_key(self.reception_days, new.reception_days, |r| (r.station.clone(), r.date, r.start)),
            handling_units: by_key(self.handling_units, new.handling_units, |u| u.code.clone()),
        }
    }
}

/// At most this many phrases a category.
pub const MAX_PHRASES: usize = 12;
/// At most this many characters a phrase, in each language.
pub const MAX_PHRASE_CHARS: usize = 40;

/// A category's drawing name and phrases: short, plain and complete in both languages.
fn check_presentation(problems: &mut Vec<String>, category: &CategoryRecord) {
    if let Some(icon) = &category.icon {
        let ok = !icon.is_empty()
            && icon.len() <= 64
            && icon.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            problems.push(format!(
                "category `{}`: icon `{icon}` must be 1–64 lower-case letters, digits or `_`",
                category.code
            ));
        }
    }
    if category.phrases.len() > MAX_PHRASES {
        problems.push(format!("category `{}`: at most {MAX_PHRASES} phrases", category.code));
    }
    for (i, phrase) in category.phrases.iter().enumerate() {
        for (lang, text) in [("zh", &phrase.zh), ("en", &phrase.en)] {
            let chars = text.trim().chars().count();
            if chars == 0 || chars > MAX_PHRASE_CHARS || text.chars().any(char::is_control) {
                problems.push(format!(
                    "category `{}`: phrase #{i} ({lang}) must be 1–{MAX_PHRASE_CHARS} characters on one line",
                    category.code
                ));
            }
        }
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

pub mod problem;

#[cfg(test)]
mod tests;
