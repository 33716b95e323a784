//! HTTP handlers: one folder per resource, one file per action. Handlers stay thin: they parse, call the
//! domain and storage, and shape the response.

use actix_web::HttpResponse;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::error::{AppError, ErrorCode};

pub mod accounts;
pub mod activities;
pub mod archive;
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
pub mod help_calls;
pub mod kiosk_ui;
pub mod kiosks;
pub mod live;
pub mod me;
pub mod metrics;
pub mod notifications;
pub mod opinions;
pub mod photo_drops;
pub mod plan_tasks;
pub mod reception_days;
pub mod report_backs;
pub mod reports;
pub mod reserved_codes;
pub mod results;
pub mod stations;
pub mod stats;
pub mod suggestions;
pub mod throttle;
pub mod ui_settings;
pub mod unit_links;
pub mod unit_reports;
pub mod web_ui;
pub mod wechat;
pub mod year_end;

/// Registers every route, in matching order: the first pattern that matches a path takes it (`/kiosks/enroll`
/// before `/kiosks/{id}`), also for its 405s (`web::middleware::methods`). Each handler carries its method
/// and path (`#[get("/reports/{id}")]`), and registering it here also adds its operation to the OpenAPI
/// document (`web::openapi::api_doc`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::live::handler)
        .service(health::ready::handler)
        .service(metrics::show::handler)
        .service(entry::deputy::handler)
        .service(entry::station::handler)
        // Not in the document.
        .map(|cfg| cfg.service(kiosk_ui::files::redirect))
        .service(kiosk_ui::files::handler)
        .service(kiosk_ui::track_page::handler)
        .service(photo_drops::page::handler)
        // Not in the document.
        .map(|cfg| cfg.service(web_ui::unit::redirect))
        .service(web_ui::unit::handler)
        // Not in the document.
        .map(|cfg| cfg.service(web_ui::deputy::redirect))
        .service(web_ui::deputy::handler)
        // Not in the document.
        .map(|cfg| cfg.service(web_ui::console::redirect))
        .service(web_ui::console::handler)
        // Not in the document.
        .map(|cfg| cfg.service(web_ui::citizen::redirect))
        .service(web_ui::citizen::handler)
        .service(web_ui::shared::handler)
        .service(
            scope("/api/v1")
                // The kiosks' and phones' hottest reads first: routing tries patterns in order (none of these
                // overlaps another pattern, so the order changes no answer).
                .service(categories::list::handler)
                .service(stations::list::handler)
                .service(stations::show::handler)
                .service(stations::places::handler)
                .service(reception_days::on_duty::handler)
                .service(reception_days::list::handler)
                .service(deputies::list::handler)
                .service(deputies::show::handler)
                .service(categories::put::handler)
                .service(directory::export::handler)
                .service(directory::import::handler)
                .service(ui_settings::show::handler)
                .service(results::list::handler)
                .service(wechat::js_config::handler)
                .service(areas::put::handler)
                .service(buildings::put::handler)
                .service(stations::put::handler)
                .service(stations::qr::handler)
                .service(reception_days::create::handler)
                .service(reception_days::delete::handler)
                .service(reception_days::bookings::create)
                .service(reception_days::bookings::list_slot)
                .service(reception_days::bookings::list_mine)
                .service(reception_days::bookings::cancel_mine)
                .service(activities::create::handler)
                .service(activities::list::handler)
                .service(activities::show::handler)
                .service(activities::update::handler)
                .service(activities::check_in::handler)
                .service(activities::check_in::qr)
                .service(activities::check_in::kiosk)
                .service(activities::attendance::handler)
                .service(activities::photos::add)
                .service(activities::photos::show)
                .service(me::activities::handler)
                .service(opinions::create::handler)
                .service(opinions::list::handler)
                .service(opinions::show::handler)
                .service(opinions::show::edit)
                .service(opinions::actions::send)
                .service(opinions::actions::reply)
                .service(opinions::actions::close_item)
                .service(suggestions::create::handler)
                .service(suggestions::list::mine)
                .service(suggestions::list::of_station)
                .service(suggestions::show::handler)
                .service(suggestions::show::rewrite)
                .service(suggestions::act::handler)
                .service(suggestions::show::evaluation)
                .service(archive::mine)
                .service(archive::of_deputy)
                .service(archive::of_station)
                .service(archive::evaluation)
                .service(report_backs::create::handler)
                .service(report_backs::create::list)
                .service(report_backs::create::published)
                .service(report_backs::create::kiosk)
                .service(report_backs::show::handler)
                .service(report_backs::show::record)
                .service(report_backs::actions::vote)
                .service(report_backs::actions::publish)
                .service(report_backs::actions::cancel)
                .service(plan_tasks::list::list)
                .service(plan_tasks::list::create)
                .service(plan_tasks::list::edit)
                .service(plan_tasks::progress::handler)
                .service(year_end::handler)
                .service(reception_days::absences::list)
                .service(reception_days::absences::mark)
                .service(reception_days::absences::clear)
                .service(kiosks::list::handler)
                .service(kiosks::create::handler)
                .service(help_calls::list::handler)
                .service(help_calls::call::handler)
                .service(help_calls::show::handler)
                .service(help_calls::answer::handler)
                .service(reserved_codes::reserve::handler)
                .service(photo_drops::open::handler)
                .service(photo_drops::show::handler)
                .service(photo_drops::photo::handler)
                .service(photo_drops::status::handler)
                .service(photo_drops::upload::handler)
                .service(deputies::workload::handler)
                .service(deputies::put::handler)
                .service(deputies::retire::handler)
                .service(deputies::qr::handler)
                .service(deputies::photo::set)
                .service(deputies::photo::remove)
                .service(deputies::photo::show)
                .service(deputies::binding::issue)
                .service(deputies::binding::unbind)
                .service(reports::station_list::handler)
                .service(reports::create::handler)
                .service(reports::track::handler)
                .service(kiosk_ui::receipt_qr::handler)
                .service(reports::show::handler)
                .service(reports::photo::handler)
                .service(reports::document::handler)
                .service(reports::attach::handler)
                .service(reports::similar::handler)
                .service(reports::act::handler)
                .service(reports::track_act::handler)
                .service(reports::track_supplement::handler)
                .service(reports::queue::triage)
                .service(reports::queue::inbox)
                .service(stats::show::handler)
                .service(stats::export::handler)
                .service(reports::queue::overdue)
                .service(live::stream::handler)
                .service(notifications::list::handler)
                .service(notifications::channels::handler)
                .service(notifications::resend::handler)
                .service(notifications::preferences::show)
                .service(notifications::preferences::handler)
                .service(notifications::test::handler)
                .service(notifications::targets::deputy)
                .service(notifications::targets::station)
                .service(notifications::targets::unit)
                .service(notifications::supervisors::station_head)
                .service(notifications::supervisors::committee)
                .service(handling_units::list::handler)
                .service(handling_units::put::handler)
                .service(reports::unmask::handler)
                .service(auth::login::handler)
                .service(auth::refresh::handler)
                .service(auth::logout::handler)
                .service(auth::wechat::handler)
                .service(auth::phone_code::handler)
                .service(auth::phone_verify::handler)
                .service(auth::wecom::handler)
                .service(auth::wechat_oa::handler)
                .service(auth::methods::handler)
                .service(me::show::handler)
                .service(me::password::handler)
                .service(me::deputy_binding::handler)
                .service(me::phone::handler)
                .service(me::identities::list)
                .service(me::identities::tie)
                .service(me::identities::untie)
                .service(me::wechat_subscriptions::handler)
                .service(me::wechat_oa_subscriptions::handler)
                .service(me::reports::handler)
                .service(me::record::handler)
                .service(accounts::list::handler)
                .service(accounts::create::handler)
                .service(accounts::phone::set)
                .service(accounts::phone::remove)
                .service(accounts::active::handler)
                .service(kiosks::enroll::handler)
                .service(kiosks::revoke::handler)
                .service(audit::list::handler)
                .service(unit_links::show::handler)
                .service(unit_links::reply::handler)
                .service(unit_links::attach::handler)
                .service(unit_links::document::handler)
                .service(unit_reports::show::handler)
                .service(unit_reports::reply::handler)
                .service(unit_reports::attach::handler)
                .service(unit_reports::document::handler),
        );
}

/// The answer for any path that matches no route (a method a path does not answer gets a 405 before
/// routing: `web::middleware::methods`).
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::new(ErrorCode::NotFound, "Check the path; the API lives under /api/v1."))
}
