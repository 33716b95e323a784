use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::state::AppState;

/// The console map's background.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapView {
    /// A raster tile service in Web Mercator, WGS-84 (`{z}`, `{x}`, `{y}` filled in by the map); none: grids
    /// are drawn on a plain background.
    #[schema(example = "https://tiles.example.org/{z}/{x}/{y}.png")]
    pub tile_url: Option<String>,
    /// What the tile service asks to be credited with.
    pub attribution: Option<String>,
    #[schema(example = 18)]
    pub max_zoom: u8,
}

/// The screens' settings on this deployment.
#[derive(Debug, Serialize, ToSchema)]
pub struct UiSettingsView {
    pub map: MapView,
}

/// How the screens are set up here: the console map's tile service (`[map]` in the configuration), or none.
/// Public: nothing in it is secret.
#[utoipa::path(
    tag = "directory",
    responses((status = 200, description = "The settings.", body = UiSettingsView))
)]
#[get("/ui-settings")]
pub async fn handler(state: web::Data<AppState>) -> web::Json<UiSettingsView> {
    let map = &state.map;
    web::Json(UiSettingsView {
        map: MapView { tile_url: map.tile_url.clone(), attribution: map.attribution.clone(), max_zoom: map.max_zoom },
    })
}
