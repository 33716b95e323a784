use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::error::{AppError, ErrorCode};
use crate::app::reads::Made;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::web::problem::Problem;

/// A place a resident can pick: a community or grid with its buildings.
#[derive(Debug, Serialize, ToSchema)]
pub struct StationPlace {
    /// Send as `area` in the report.
    #[schema(example = "HP-XH-HX-G1")]
    pub code: String,
    /// `street`, `community`, `grid`, …
    #[schema(example = "grid")]
    pub kind: String,
    pub name: Localized,
    /// Code of the enclosing area.
    pub parent: Option<String>,
    pub buildings: Vec<BuildingView>,
    /// With `boundaries=true`: the area's boundary (GeoJSON Polygon or MultiPolygon, WGS-84), when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub boundary: Option<serde_json::Value>,
}

/// A building a resident can pick.
#[derive(Debug, Serialize, ToSchema)]
pub struct BuildingView {
    /// Send as `building` in the report.
    #[schema(example = "HP-XH-HX-G1-B1")]
    pub code: String,
    #[schema(example = "和谐里1号楼")]
    pub name: String,
    pub address: String,
}

/// The places a station covers.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceList {
    /// Parents before children.
    pub items: Vec<StationPlace>,
}

/// Whether to send the areas' boundaries.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PlacesQuery {
    /// Add each area's boundary (for a map: the phone app's pin); the kiosk's list leaves them out.
    #[serde(default)]
    pub boundaries: bool,
}

/// What residents of this station can name as the place of a report: the areas it covers, every community
/// and grid inside them, and their buildings (for the kiosk's place step), with the boundaries on request.
/// From memory, with an `ETag`.
#[utoipa::path(
    tag = "reference",
    params(("code" = String, Path, description = "Station code.", example = "XH-01"), PlacesQuery),
    responses(
        (status = 200, description = "Areas, parents first, with their buildings.", body = PlaceList),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`."),
        (status = 404, description = "`station_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/stations/{code}/places")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<PlacesQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let key = format!("places:{path}:{}", query.boundaries);
    let kept = state
        .reads
        .get_or_make(&state.storage, &key, false, state.clock.now(), || async {
            Made::json(&places(&state, &path, query.boundaries).await?, None)
        })
        .await?;
    Ok(crate::web::conditional::answer(&request, &kept))
}

async fn places(state: &AppState, path: &str, with_boundaries: bool) -> Result<PlaceList, AppError> {
    let station = state
        .storage
        .find_station(path)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::StationNotFound, format!("There is no station `{path}`.")))?;
    let places = state.storage.station_places(station.id).await?;
    let mut boundaries = if with_boundaries {
        let ids: Vec<uuid::Uuid> = places.areas.iter().map(|a| a.id).collect();
        state.storage.area_boundaries(&ids).await?
    } else {
        HashMap::new()
    };
    let codes: HashMap<uuid::Uuid, String> = places.areas.iter().map(|a| (a.id, a.code.clone())).collect();
    let mut buildings: HashMap<uuid::Uuid, Vec<BuildingView>> = HashMap::new();
    for b in places.buildings {
        if let Some(grid) = b.grid_id {
            buildings.entry(grid).or_default().push(BuildingView { code: b.code, name: b.name, address: b.address });
        }
    }
    let items = places
        .areas
        .into_iter()
        .map(|a| StationPlace {
            parent: a.parent_id.and_then(|p| codes.get(&p).cloned()),
            buildings: buildings.remove(&a.id).unwrap_or_default(),
            boundary: boundaries.remove(&a.id).and_then(|text| serde_json::from_str(&text).ok()),
            code: a.code,
            kind: a.kind.as_str().to_owned(),
            name: a.name,
        })
        .collect();
    Ok(PlaceList { items })
}
