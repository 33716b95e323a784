//! Directory rows (areas, buildings, categories, stations, deputies, handling units, kiosks) into their
//! domain records.

use crate::domain::Localized;
use crate::domain::directory::{Area, Building, Category, Deputy, HandlingUnit, Kiosk, Station, UrgentHours};
use crate::domain::emergency::EmergencyLine;
use crate::domain::report::GeoPoint;
use crate::domain::routing::DeputyStatus;
use crate::storage::StorageError;
use crate::storage::entities::{area, building, category, deputy, handling_unit, kiosk, station};

impl TryFrom<area::Model> for Area {
    type Error = StorageError;

    fn try_from(row: area::Model) -> Result<Self, StorageError> {
        Ok(Area {
            id: row.id,
            kind: row.kind.parse()?,
            name: Localized::new(row.name_zh, row.name_en),
            code: row.code,
            parent_id: row.parent_id,
        })
    }
}

impl From<building::Model> for Building {
    fn from(row: building::Model) -> Self {
        Building { id: row.id, code: row.code, name: row.name, address: row.address, grid_id: row.grid_id }
    }
}

impl From<category::Model> for Category {
    fn from(row: category::Model) -> Self {
        Category {
            id: row.id,
            code: row.code,
            name: Localized::new(row.name_zh, row.name_en),
            description: Localized::new(row.description_zh, row.description_en),
            reply_deadline_working_days: row.reply_deadline_working_days,
            accept_deadline_working_days: row.accept_deadline_working_days,
            answer_deadline_working_days: row.answer_deadline_working_days,
            sort_order: row.sort_order,
            active: row.active,
            sensitive: row.sensitive,
            icon: row.icon,
            // Written from checked phrases; unreadable ones (a hand-edited row) offer none.
            phrases: serde_json::from_str(&row.phrases).unwrap_or_default(),
            deadline_hours: UrgentHours {
                accept: row.accept_deadline_hours,
                reply: row.reply_deadline_hours,
                answer: row.answer_deadline_hours,
            },
            // Numbers this version does not know (a hand-edited row) are left out.
            emergency: emergency_lines(&row.emergency),
        }
    }
}

/// A category's stored emergency numbers, leaving out any this version does not know.
pub(crate) fn emergency_lines(stored: &str) -> Vec<EmergencyLine> {
    serde_json::from_str::<Vec<String>>(stored)
        .unwrap_or_default()
        .iter()
        .filter_map(|line| line.parse().ok())
        .collect()
}

impl From<station::Model> for Station {
    fn from(row: station::Model) -> Self {
        Station {
            id: row.id,
            location: row.lat.zip(row.lng).map(|(lat, lng)| GeoPoint { lat, lng }),
            name: Localized::new(row.name_zh, row.name_en),
            opening_hours: Localized::new(row.opening_hours_zh, row.opening_hours_en),
            code: row.code,
            address: row.address,
            area_id: row.area_id,
        }
    }
}

impl From<deputy::Model> for Deputy {
    fn from(row: deputy::Model) -> Self {
        Deputy {
            id: row.id,
            status: DeputyStatus::from_stored(&row.status),
            name: Localized::new(row.name_zh, row.name_en),
            profile: Localized::new(row.profile_zh, row.profile_en),
            notification_channels: row
                .notification_channels
                .split(';')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            code: row.code,
            level: row.level,
            constituency: row.constituency,
            account_id: row.account_id,
        }
    }
}

impl From<handling_unit::Model> for HandlingUnit {
    fn from(row: handling_unit::Model) -> Self {
        HandlingUnit { id: row.id, code: row.code, name: Localized::new(row.name_zh, row.name_en), active: row.active }
    }
}

impl From<kiosk::Model> for Kiosk {
    fn from(row: kiosk::Model) -> Self {
        Kiosk {
            id: row.id,
            station_id: row.station_id,
            label: row.label,
            enrollment_expires_at: row.enrollment_expires_at,
            enrolled_at: row.enrolled_at,
            revoked_at: row.revoked_at,
            created_by: row.created_by,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
        }
    }
}
