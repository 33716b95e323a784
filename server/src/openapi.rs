//! The API contract: the OpenAPI document generated from the handlers' annotations.
//!
//! `api-spec/openapi.json` is this document, committed; a test fails when the two differ.

use utoipa::OpenApi;

use crate::controllers::{categories, health, reports, stations};

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
        categories::list::handler,
        stations::list::handler,
        reports::create::handler,
        reports::track::handler,
    ),
    tags(
        (name = "reports", description = "Filing and following reports"),
        (name = "reference", description = "Categories and stations"),
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
