use actix_web::{get, web};

use crate::app::state::AppState;
use crate::infra::notify::setup::ChannelSetup;

/// The channels this deployment sends on, and the public keys and template ids clients subscribe with.
#[utoipa::path(
    tag = "notifications",
    responses((status = 200, description = "What is set up.", body = ChannelSetup))
)]
#[get("/notifications/channels")]
pub async fn handler(state: web::Data<AppState>) -> web::Json<ChannelSetup> {
    web::Json(state.notify.clone())
}
