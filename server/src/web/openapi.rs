//! The API contract: the OpenAPI document generated from the handlers' annotations.
//!
//! `api-spec/openapi.json` is this document, committed; a test fails when the two differ.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::web::controllers::{
    accounts, areas, audit, auth, buildings, categories, deputies, directory, entry, handling_units, health, kiosk_ui,
    kiosks, live, me, metrics, notifications, reception_days, reports, stations, stats,
};

/// Declares the bearer scheme the handlers' `security(("bearer" = []))` refer to.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An EdDSA-signed access token from /api/v1/auth/* or /api/v1/kiosks/enroll, valid about 15 \
                         minutes; renew it with the refresh token at /api/v1/auth/refresh.",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liaison API",
        description = "Citizens' reports to people's-congress deputies through liaison stations (人大代表联络站): \
intake from kiosks, phones and the web mailbox, and tracking by code.\n\n\
Every error is `application/problem+json` (RFC 9457) with a stable `code`; validation errors list each field \
in `errors`. Every response carries `X-Request-Id`.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        health::live::handler,
        health::ready::handler,
        metrics::show::handler,
        categories::list::handler,
        stations::list::handler,
        deputies::list::handler,
        deputies::show::handler,
        deputies::qr::handler,
        deputies::put::handler,
        deputies::retire::handler,
        stations::show::handler,
        stations::places::handler,
        stations::qr::handler,
        stations::put::handler,
        reception_days::list::handler,
        reception_days::on_duty::handler,
        reception_days::create::handler,
        reception_days::delete::handler,
        areas::put::handler,
        buildings::put::handler,
        categories::put::handler,
        directory::export::handler,
        entry::deputy::handler,
        entry::station::handler,
        kiosk_ui::files::handler,
        kiosk_ui::track_page::handler,
        kiosk_ui::receipt_qr::handler,
        reports::create::handler,
        reports::act::handler,
        reports::similar::handler,
        reports::attach::handler,
        reports::track_act::handler,
        reports::queue::triage,
        reports::queue::inbox,
        reports::queue::overdue,
        handling_units::list::handler,
        stats::show::handler,
        live::stream::handler,
        notifications::list::handler,
        notifications::channels::handler,
        notifications::preferences::handler,
        me::wechat_subscriptions::handler,
        notifications::resend::handler,
        notifications::targets::deputy,
        notifications::targets::station,
        notifications::targets::unit,
        handling_units::put::handler,
        reports::track::handler,
        reports::show::handler,
        reports::photo::handler,
        reports::unmask::handler,
        reports::station_list::handler,
        me::reports::handler,
        auth::login::handler,
        auth::refresh::handler,
        auth::logout::handler,
        auth::wechat::handler,
        auth::phone_code::handler,
        auth::phone_verify::handler,
        me::show::handler,
        me::password::handler,
        kiosks::create::handler,
        kiosks::list::handler,
        kiosks::enroll::handler,
        kiosks::revoke::handler,
        accounts::create::handler,
        accounts::list::handler,
        audit::list::handler,
    ),
    modifiers(&BearerScheme),
    tags(
        (name = "reports", description = "Filing and following reports"),
        (name = "auth", description = "Signing in: passwords, WeChat, phone codes; tokens and sessions"),
        (name = "kiosks", description = "Enrolling and managing kiosk devices"),
        (name = "accounts", description = "Deputy, staff and admin accounts, and the audit log"),
        (name = "reference", description = "Categories, stations, deputies, places, reception days and QR entry points"),
        (name = "workflow", description = "The closed loop: actions on reports, work queues, handling units"),
        (name = "notifications", description = "Where people are reached, notices and their delivery attempts"),
        (name = "directory", description = "Editing the directory (staff and administrators); every change is audited"),
        (name = "health", description = "Probes for load balancers"),
    )
)]
pub struct ApiDoc;

/// The document as pretty JSON with a trailing newline, exactly as committed.
pub fn document() -> Result<String, serde_json::Error> {
    let mut json = ApiDoc::openapi().to_pretty_json()?;
    json.push('\n');
    Ok(json)
}
