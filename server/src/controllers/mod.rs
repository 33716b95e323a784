//! HTTP handlers: one folder per resource, one file per action. Handlers stay thin: they parse, call the
//! domain and storage, and shape the response.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::errors::{ApiError, ErrorCode};

pub mod categories;
pub mod health;
pub mod reports;
pub mod stations;

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health/live").route(web::get().to(health::live::handler)))
        .service(resource("/health/ready").route(web::get().to(health::ready::handler)))
        .service(
            web::scope("/api/v1")
                .service(resource("/categories").route(web::get().to(categories::list::handler)))
                .service(resource("/stations").route(web::get().to(stations::list::handler)))
                .service(resource("/reports").route(web::post().to(reports::create::handler)))
                .service(resource("/reports/track/{tracking_code}").route(web::get().to(reports::track::handler))),
        );
}

/// A resource that answers other methods with a problem+json 405.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::MethodNotAllowed, format!("{} is not allowed on this path.", req.method())))
}

/// The answer for any path that matches no route.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::new(ErrorCode::NotFound, "Check the path; the API lives under /api/v1."))
}
