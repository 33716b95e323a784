use actix_web::HttpResponse;

use super::Health;

/// The process is up and serving HTTP.
#[utoipa::path(
    get,
    path = "/health/live",
    tag = "health",
    responses((status = 200, description = "The process is alive.", body = Health))
)]
pub async fn handler() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok", database: None, redis: None })
}
