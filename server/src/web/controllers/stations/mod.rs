//! Liaison stations.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::access::Principal;
use crate::domain::directory::{Area, Station};
use crate::domain::report::GeoPoint;

pub mod list;
pub mod places;
pub mod put;
pub mod qr;
pub mod show;

/// The station with this code, when `principal` manages it: 404 when there is none, 403 when it is not
/// theirs (stations are public, so there is nothing to hide).
pub async fn managed_station(state: &AppState, principal: &Principal, code: &str) -> Result<Station, AppError> {
    let station = state
        .storage
        .find_station(code)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`.")))?;
    if !principal.manages_station(station.id) {
        return Err(AppError::new(ErrorCode::Forbidden, "You are not on the staff of this station."));
    }
    Ok(station)
}

/// The id of the station with this code, when `principal` supervises it: its staff and head, the committee
/// and administrators (404 when there is none, 403 when it is not theirs).
pub async fn supervised_station(state: &AppState, principal: &Principal, code: &str) -> Result<uuid::Uuid, AppError> {
    if !matches!(principal, Principal::Committee { .. }) {
        return Ok(managed_station(state, principal, code).await?.id);
    }
    let station = state
        .storage
        .find_station(code)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{code}`.")))?;
    Ok(station.id)
}

/// The administrative area a station belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationArea {
    #[schema(example = "HP-HX-HP")]
    pub code: String,
    /// `district`, `street`, `town`, `community`, `village` or `grid`.
    #[schema(example = "community")]
    pub kind: String,
    pub name: Localized,
}

/// A liaison station, as kiosks and phones show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationView {
    #[schema(example = "HX-01")]
    pub code: String,
    pub name: Localized,
    #[schema(example = "和平路88号社区党群服务中心一楼")]
    pub address: String,
    pub location: Option<GeoPoint>,
    pub opening_hours: Localized,
    pub area: Option<StationArea>,
}

impl StationView {
    pub fn new(s: Station, area: Option<Area>) -> Self {
        Self {
            code: s.code,
            name: s.name,
            address: s.address,
            location: s.location,
            opening_hours: s.opening_hours,
            area: area.map(|a| StationArea { code: a.code, kind: a.kind.as_str().to_owned(), name: a.name }),
        }
    }
}

/// Every station.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationList {
    pub items: Vec<StationView>,
}
