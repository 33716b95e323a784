use actix_web::{HttpResponse, get};

use super::Health;

/// The process is up and serving HTTP.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process is alive.", body = Health))
)]
#[get("/health/live")]
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok", database: None, redis: None })
}
