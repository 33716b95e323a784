//! HTTP handlers: one folder per resource, one file per action. Handlers stay thin: they parse, call the
//! domain and storage, and shape the response.

use std::collections::HashMap;
use std::sync::OnceLock;

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::OpenApi;

use crate::app::error::{AppError, ErrorCode};

pub mod accounts;
pub mod areas;
pub mod audit;
pub mod auth;
pub mod buildings;
pub mod categories;
pub mod deputies;
pub mod directory;
pub mod entry;
pub mod handling_units;
pub mod health;
pub mod kiosk_ui;
pub mod kiosks;
pub mod live;
pub mod me;
pub mod metrics;
pub mod notifications;
pub mod reception_days;
pub mod reports;
pub mod stations;
pub mod stats;
pub mod throttle;

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/health/live").route(web::get().to(health::live::handler)))
        .service(resource("/health/ready").route(web::get().to(health::ready::handler)))
        .service(resource("/metrics").route(web::get().to(metrics::show::handler)))
        .service(resource("/q/d/{code}").route(web::get().to(entry::deputy::handler)))
        .service(resource("/q/s/{code}").route(web::get().to(entry::station::handler)))
        .service(resource("/kiosk").route(web::get().to(kiosk_ui::files::redirect)))
        .service(resource("/kiosk/{file:.*}").route(web::get().to(kiosk_ui::files::handler)))
        .service(resource("/t/{tracking_code}").route(web::get().to(kiosk_ui::track_page::handler)))
        .service(
            web::scope("/api/v1")
                .service(resource("/categories").route(web::get().to(categories::list::handler)))
                .service(resource("/categories/{code}").route(web::put().to(categories::put::handler)))
                .service(resource("/directory").route(web::get().to(directory::export::handler)))
                .service(resource("/areas/{code}").route(web::put().to(areas::put::handler)))
                .service(resource("/buildings/{code}").route(web::put().to(buildings::put::handler)))
                .service(resource("/stations").route(web::get().to(stations::list::handler)))
                .service(
                    resource("/stations/{code}")
                        .route(web::get().to(stations::show::handler))
                        .route(web::put().to(stations::put::handler)),
                )
                .service(resource("/stations/{code}/qr.svg").route(web::get().to(stations::qr::handler)))
                .service(resource("/stations/{code}/places").route(web::get().to(stations::places::handler)))
                .service(resource("/stations/{code}/on-duty").route(web::get().to(reception_days::on_duty::handler)))
                .service(
                    resource("/stations/{code}/reception-days")
                        .route(web::get().to(reception_days::list::handler))
                        .route(web::post().to(reception_days::create::handler)),
                )
                .service(resource("/reception-days/{id}").route(web::delete().to(reception_days::delete::handler)))
                .service(
                    resource("/stations/{code}/kiosks")
                        .route(web::get().to(kiosks::list::handler))
                        .route(web::post().to(kiosks::create::handler)),
                )
                .service(resource("/stations/{code}/deputies").route(web::get().to(deputies::list::handler)))
                .service(
                    resource("/deputies/{code}")
                        .route(web::get().to(deputies::show::handler))
                        .route(web::put().to(deputies::put::handler))
                        .route(web::delete().to(deputies::retire::handler)),
                )
                .service(resource("/deputies/{code}/qr.svg").route(web::get().to(deputies::qr::handler)))
                .service(resource("/deputies/{code}/binding-codes").route(web::post().to(deputies::binding::create)))
                .service(resource("/deputies/{code}/account").route(web::delete().to(deputies::binding::delete)))
                .service(resource("/stations/{code}/reports").route(web::get().to(reports::station_list::handler)))
                .service(resource("/reports").route(web::post().to(reports::create::handler)))
                .service(resource("/reports/track/{tracking_code}").route(web::get().to(reports::track::handler)))
                .service(
                    resource("/reports/track/{tracking_code}/qr.svg")
                        .route(web::get().to(kiosk_ui::receipt_qr::handler)),
                )
                .service(resource("/reports/{id}").route(web::get().to(reports::show::handler)))
                .service(resource("/reports/{id}/photos/{position}").route(web::get().to(reports::photo::handler)))
                .service(resource("/reports/{id}/attachments").route(web::post().to(reports::attach::handler)))
                .service(resource("/reports/{id}/similar").route(web::get().to(reports::similar::handler)))
                .service(resource("/reports/{id}/actions").route(web::post().to(reports::act::handler)))
                .service(
                    resource("/reports/track/{tracking_code}/actions")
                        .route(web::post().to(reports::track_act::handler)),
                )
                .service(resource("/stations/{code}/triage").route(web::get().to(reports::queue::triage)))
                .service(resource("/me/inbox").route(web::get().to(reports::queue::inbox)))
                .service(resource("/stats").route(web::get().to(stats::show::handler)))
                .service(resource("/overdue").route(web::get().to(reports::queue::overdue)))
                .service(resource("/live").route(web::get().to(live::stream::handler)))
                .service(resource("/notifications").route(web::get().to(notifications::list::handler)))
                .service(resource("/notifications/channels").route(web::get().to(notifications::channels::handler)))
                .service(resource("/notifications/{id}/resend").route(web::post().to(notifications::resend::handler)))
                .service(
                    resource("/deputies/{code}/notification-channels")
                        .route(web::put().to(notifications::preferences::handler)),
                )
                .service(
                    resource("/deputies/{code}/notification-targets/{channel}")
                        .route(web::put().to(notifications::targets::deputy)),
                )
                .service(
                    resource("/stations/{code}/notification-targets/{channel}")
                        .route(web::put().to(notifications::targets::station)),
                )
                .service(
                    resource("/handling-units/{code}/notification-targets/{channel}")
                        .route(web::put().to(notifications::targets::unit)),
                )
                .service(resource("/handling-units").route(web::get().to(handling_units::list::handler)))
                .service(resource("/handling-units/{code}").route(web::put().to(handling_units::put::handler)))
                .service(resource("/reports/{id}/contact/unmask").route(web::post().to(reports::unmask::handler)))
                .service(resource("/auth/login").route(web::post().to(auth::login::handler)))
                .service(resource("/auth/refresh").route(web::post().to(auth::refresh::handler)))
                .service(resource("/auth/logout").route(web::post().to(auth::logout::handler)))
                .service(resource("/auth/wechat").route(web::post().to(auth::wechat::handler)))
                .service(resource("/auth/phone/code").route(web::post().to(auth::phone_code::handler)))
                .service(resource("/auth/phone/verify").route(web::post().to(auth::phone_verify::handler)))
                .service(resource("/auth/wecom").route(web::post().to(auth::wecom::handler)))
                .service(resource("/auth/wechat-oa").route(web::post().to(auth::wechat_oa::handler)))
                .service(resource("/me").route(web::get().to(me::show::handler)))
                .service(resource("/me/password").route(web::post().to(me::password::handler)))
                .service(resource("/me/phone").route(web::put().to(me::phone::handler)))
                .service(
                    resource("/me/identities")
                        .route(web::get().to(me::identities::list))
                        .route(web::post().to(me::identities::create)),
                )
                .service(resource("/me/identities/{provider}").route(web::delete().to(me::identities::delete)))
                .service(resource("/me/deputy-binding").route(web::post().to(me::deputy_binding::handler)))
                .service(resource("/me/wechat-subscriptions").route(web::post().to(me::wechat_subscriptions::handler)))
                .service(resource("/me/reports").route(web::get().to(me::reports::handler)))
                .service(
                    resource("/accounts")
                        .route(web::get().to(accounts::list::handler))
                        .route(web::post().to(accounts::create::handler)),
                )
                .service(
                    resource("/accounts/{id}/phone")
                        .route(web::put().to(accounts::phone::put))
                        .route(web::delete().to(accounts::phone::delete)),
                )
                .service(resource("/kiosks/enroll").route(web::post().to(kiosks::enroll::handler)))
                .service(resource("/kiosks/{id}").route(web::delete().to(kiosks::revoke::handler)))
                .service(resource("/audit").route(web::get().to(audit::list::handler))),
        );
}

/// A resource that answers other methods with a problem+json 405.
fn resource(path: &str) -> actix_web::Resource {
    web::resource(path).default_service(web::to(method_not_allowed))
}

async fn method_not_allowed(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let pattern = req.match_pattern().unwrap_or_default();
    Err(AppError::method_not_allowed(req.method().as_str(), allowed_methods(&pattern)))
}

/// The `Allow` value for a route pattern, from the OpenAPI document (one source of truth; a test checks
/// that every documented method is routed): its methods in upper case, with HEAD wherever GET is (see
/// `web::middleware::head`). The only resource the document leaves out is the `/kiosk` redirect, a GET.
pub fn allowed_methods(pattern: &str) -> String {
    static ALLOWED: OnceLock<HashMap<String, String>> = OnceLock::new();
    let allowed = ALLOWED.get_or_init(|| {
        let mut doc = crate::web::openapi::ApiDoc::openapi();
        doc.paths
            .paths
            .iter_mut()
            .map(|(path, item)| {
                let mut methods = Vec::new();
                for (method, _) in crate::web::openapi::operations_mut(item) {
                    methods.push(method.to_ascii_uppercase());
                    if method == "get" {
                        methods.push("HEAD".to_owned());
                    }
                }
                (path.clone(), methods.join(", "))
            })
            .collect()
    });
    allowed.get(&without_regexes(pattern)).cloned().unwrap_or_else(|| "GET, HEAD".to_owned())
}

/// `/kiosk/{file:.*}` as the document writes it: `/kiosk/{file}`.
fn without_regexes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_regex = false;
    for c in pattern.chars() {
        match c {
            ':' if out.rfind('{') > out.rfind('}') => in_regex = true,
            '}' => {
                in_regex = false;
                out.push(c);
            }
            _ if in_regex => {}
            _ => out.push(c),
        }
    }
    out
}

/// The answer for any path that matches no route.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::new(ErrorCode::NotFound, "Check the path; the API lives under /api/v1."))
}
