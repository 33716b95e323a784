//! The API contract: the OpenAPI document generated from the handlers' annotations. Its operations are the
//! routes `controllers::configure` registers (`utoipa-actix-web` collects them), so no list of handlers here.
//!
//! `api-spec/openapi.json` is this document, committed; a test fails when the two differ.

use utoipa::openapi::path::{Operation, ParameterIn, PathItem};
use utoipa::openapi::schema::AdditionalProperties;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, Schema};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::web::controllers;

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

/// Every operation of a path item, with its lower-case method.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("options", item.options.as_mut()),
        ("head", item.head.as_mut()),
        ("patch", item.patch.as_mut()),
        ("trace", item.trace.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.map(|op| (method, op)))
}

/// Names every operation after its method and path (`get_stations_code_reports`): the handlers are all
/// called `handler`, and operation ids must be unique (stateful testing links operations by them).
struct OperationIds;

impl Modify for OperationIds {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let words: Vec<&str> = path
                .trim_start_matches("/api/v1")
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .filter(|word| !word.is_empty())
                .collect();
            for (method, op) in operations_mut(item) {
                op.operation_id = Some(format!("{method}_{}", words.join("_")));
            }
        }
    }
}

/// The errors the shared extractors answer with, declared once: each operation gets them according to what
/// it takes, so no handler can forget one. A JSON body (`JsonBody`) can be malformed (400), too large (413),
/// of another content type (415) or not fit the fields (422); a multipart form likewise; a bearer token
/// (`Authenticated`, `Caller`…) can be missing or invalid (401); a query string (`web::Query` with
/// `deny_unknown_fields`) can be invalid (400). A status a handler already documents keeps its description,
/// which gains any code it does not name yet.
struct ExtractorErrors;

impl ExtractorErrors {
    fn codes(op: &Operation) -> Vec<(&'static str, &'static str)> {
        let mut codes = Vec::new();
        let body_types: Vec<&str> =
            op.request_body.iter().flat_map(|body| body.content.keys()).map(String::as_str).collect();
        if body_types.contains(&"application/json") {
            codes.push(("400", "malformed_json"));
        }
        if body_types.contains(&"multipart/form-data") {
            codes.push(("400", "malformed_multipart"));
        }
        let takes_query = op.parameters.iter().flatten().any(|param| matches!(param.parameter_in, ParameterIn::Query));
        if takes_query {
            codes.push(("400", "invalid_query"));
        }
        let bearer = op
            .security
            .iter()
            .flatten()
            .any(|requirement| serde_json::to_value(requirement).is_ok_and(|value| value.get("bearer").is_some()));
        if bearer {
            codes.extend([("401", "unauthenticated"), ("401", "invalid_token")]);
        }
        if !body_types.is_empty() {
            codes.extend([
                ("413", "payload_too_large"),
                ("415", "unsupported_content_type"),
                ("422", "validation_failed"),
            ]);
        }
        codes
    }
}

/// "`a`.", "`a` or `b`.", "`a`, `b` or `c`.".
fn code_list(codes: &[&str]) -> String {
    let quoted: Vec<String> = codes.iter().map(|code| format!("`{code}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => format!("{last}."),
        Some((last, rest)) => format!("{} or {last}.", rest.join(", ")),
        None => String::new(),
    }
}

impl Modify for ExtractorErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for (_, op) in operations_mut(item) {
                let codes = Self::codes(op);
                let mut statuses: Vec<&str> = codes.iter().map(|(status, _)| *status).collect();
                statuses.dedup();
                for status in statuses {
                    let wanted: Vec<&str> = codes.iter().filter(|(s, _)| *s == status).map(|(_, code)| *code).collect();
                    match op.responses.responses.get_mut(status) {
                        Some(RefOr::T(response)) => {
                            let missing: Vec<&str> = wanted
                                .iter()
                                .copied()
                                .filter(|code| !response.description.contains(&format!("`{code}`")))
                                .collect();
                            if !missing.is_empty() {
                                response.description = format!("{} Also {}", response.description, code_list(&missing));
                            }
                        }
                        Some(RefOr::Ref(_)) => {}
                        None => {
                            let problem = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
                            let response = ResponseBuilder::new()
                                .description(code_list(&wanted))
                                .content(crate::web::problem::PROBLEM_JSON, problem)
                                .build();
                            op.responses.responses.insert(status.to_owned(), RefOr::T(response));
                        }
                    }
                }
            }
        }
    }
}

/// `deny_unknown_fields` on an internally tagged enum refuses unknown properties in every variant, but
/// utoipa does not carry it over to the variants' objects: close them here.
struct ClosedVariants;

impl ClosedVariants {
    /// The enums with `#[serde(tag = …, deny_unknown_fields)]`.
    const ENUMS: &'static [&'static str] = &["Action", "SuggestionAction"];
}

impl Modify for ClosedVariants {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else { return };
        for name in Self::ENUMS {
            if let Some(RefOr::T(Schema::OneOf(one_of))) = components.schemas.get_mut(*name) {
                for variant in &mut one_of.items {
                    if let RefOr::T(Schema::Object(object)) = variant {
                        object.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
                    }
                }
            }
        }
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
    tags(
        (name = "reports", description = "Filing and following reports"),
        (name = "auth", description = "Signing in: passwords, WeCom, WeChat, phone codes; tied identities; tokens and sessions"),
        (name = "kiosks", description = "Enrolling and managing kiosk devices"),
        (name = "accounts", description = "Deputy, staff and admin accounts, and the audit log"),
        (name = "reference", description = "Categories, stations, deputies, places, reception days and QR entry points"),
        (name = "workflow", description = "The closed loop: actions on reports, work queues, handling units"),
        (name = "notifications", description = "Where people are reached, notices and their delivery attempts"),
        (name = "directory", description = "Editing the directory (staff and administrators); every change is audited"),
        (name = "duty", description = "Deputies' duties beyond single reports (履职): activities, attendance and check-in, review opinions (审议意见) closed item by item, suggestions (议案建议), the points archive (积分档案), report-backs to voters (述职评议)"),
        (name = "screens", description = "The browser screens besides the kiosk: the handling unit's page and what the screens share"),
        (name = "health", description = "Probes for load balancers"),
    )
)]
struct ApiDoc;

/// The document: `ApiDoc`'s info and tags, the operations of every route `controllers::configure` registers
/// (in its order) with the schemas they use, then the modifiers above.
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(controllers::configure)
        .split_for_parts();
    let modifiers: [&dyn Modify; 4] = [&BearerScheme, &OperationIds, &ExtractorErrors, &ClosedVariants];
    for modifier in modifiers {
        modifier.modify(&mut doc);
    }
    doc
}

/// The document as pretty JSON with a trailing newline, exactly as committed.
pub fn document() -> Result<String, serde_json::Error> {
    let mut json = api_doc().to_pretty_json()?;
    json.push('\n');
    Ok(json)
}
