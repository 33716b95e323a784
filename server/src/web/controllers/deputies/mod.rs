//! Deputies as the public sees them: a station's deputies, and one deputy's profile, which is what a
//! deputy's QR code (代表码) opens, with the report form pre-filled to reach that deputy.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::access::{DeputyEdit, DeputyEditRefusal, Principal, may_edit_deputy};
use crate::domain::reference::DeputyRecord;
use crate::storage::directory::DeputyListing;

/// The public profiles of a station's deputies, or of the deputy with this code.
async fn profiles(
    state: &AppState,
    station: Option<uuid::Uuid>,
    code: Option<&str>,
) -> Result<Vec<DeputyProfileView>, AppError> {
    Ok(state.storage.deputy_listings(station, code).await?.into_iter().map(DeputyProfileView::from).collect())
}

impl From<DeputyListing> for DeputyProfileView {
    fn from(listing: DeputyListing) -> Self {
        let d = listing.deputy;
        let photo_url = listing.photo.as_deref().map(|v| photo::photo_url(&d.code, v));
        Self {
            code: d.code,
            name: d.name,
            level: d.level,
            constituency: d.constituency,
            status: d.status.as_str().to_owned(),
            profile: d.profile,
            stations: listing.stations,
            specialties: listing
                .specialties
                .into_iter()
                .map(|c| super::reports::CategoryRef { code: c.code, name: c.name })
                .collect(),
            areas: listing.areas.into_iter().map(|a| AreaLink { code: a.code, name: a.name }).collect(),
            photo_url,
        }
    }
}

pub mod binding;
pub mod list;
pub mod photo;
pub mod put;
pub mod qr;
pub mod retire;
pub mod show;
pub mod workload;

/// Gathers what an edit of a deputy touches and asks [`may_edit_deputy`].
async fn staff_may_edit(
    state: &AppState,
    principal: &Principal,
    before: Option<&DeputyRecord>,
    after: &DeputyRecord,
) -> Result<(), AppError> {
    if matches!(principal, Principal::Admin { .. }) {
        return Ok(());
    }
    let mut edit = DeputyEdit { keeps_a_station: !after.stations.is_empty(), ..DeputyEdit::default() };
    for code in before.into_iter().flat_map(|b| &b.stations).chain(&after.stations) {
        // Unknown codes are left to the directory check, which names them.
        edit.stations.extend(state.storage.find_station(code).await?.map(|s| s.id));
    }
    if let Principal::Staff { stations, .. } = principal {
        for station in stations {
            let places = state.storage.station_places(*station).await?;
            edit.covered_places.extend(places.areas.into_iter().map(|a| a.code));
            edit.covered_places.extend(places.buildings.into_iter().map(|b| b.code));
        }
    }
    let had = |code: &String| before.is_some_and(|b| b.areas.contains(code) || b.buildings.contains(code));
    edit.new_places = after.areas.iter().chain(&after.buildings).filter(|c| !had(c)).cloned().collect();
    may_edit_deputy(principal, &edit).map_err(|refusal| match refusal {
        DeputyEditRefusal::NotTheirStations => {
            AppError::new(ErrorCode::Forbidden, "Staff edit only deputies of their own stations.")
        }
        DeputyEditRefusal::OutsideTheirPlaces => AppError::new(
            ErrorCode::Forbidden,
            "Staff link deputies only to grids, communities and buildings their stations cover.",
        ),
    })
}

/// A deputy's public profile. Never contact details.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyProfileView {
    #[schema(example = "D-001")]
    pub code: String,
    pub name: Localized,
    /// `national`, `provincial`, `city`, `district` or `township`.
    #[schema(example = "district")]
    pub level: String,
    pub constituency: String,
    /// `active` or `on_leave`.
    #[schema(example = "active")]
    pub status: String,
    pub profile: Localized,
    /// Station codes.
    pub stations: Vec<String>,
    /// Topics the deputy knows well (category codes and names).
    pub specialties: Vec<super::reports::CategoryRef>,
    /// Grids and communities the deputy is the contact for (联系网格).
    pub areas: Vec<AreaLink>,
    /// Their portrait (`size=thumb` by default), when there is one; otherwise show their initials.
    #[schema(example = "/api/v1/deputies/D-001/photo?v=9f86d081884c7d65")]
    pub photo_url: Option<String>,
}

/// An area a deputy is the contact for.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaLink {
    #[schema(example = "HP-XH-HX-G1")]
    pub code: String,
    pub name: Localized,
}

/// A station's deputies.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyList {
    pub items: Vec<DeputyProfileView>,
}

/// What a report form opened from a deputy's QR code starts with.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPrefill {
    /// Send as `deputy` in the report.
    #[schema(example = "D-001")]
    pub deputy: String,
    /// Send as `station` in the report (the deputy's first station), when they have one.
    #[schema(example = "XH-01")]
    pub station: Option<String>,
}

/// A deputy's page: the profile, the fields to pre-fill a report to them, and their QR code (代表码).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeputyPage {
    pub deputy: DeputyProfileView,
    pub report_prefill: ReportPrefill,
    pub entry: crate::web::controllers::entry::EntryPoint,
}
