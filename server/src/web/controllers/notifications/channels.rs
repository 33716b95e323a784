use actix_web::web;

use crate::app::state::AppState;
use crate::infra::notify::setup::ChannelSetup;

/// The channels this deployment sends on, and the public keys and template ids clients subscribe with.
#[utoipa::path(
    get,
    path = "/api/v1/notifications/channels",
    tag = "notifications",
    responses((status = 200, description = "What is set up.", body = ChannelSetup))
)]
pub async fn handler(state: web::Data<AppState>) -> web::Json<ChannelSetup> {
    web::Json(state.notify.clone())
}
