use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

use super::AccountView;
use crate::app::accounts::{self, AccountRequest};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::report::ActorKind;
use crate::web::auth::AdminOnly;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// A deputy, staff member or administrator to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountRequest {
    /// 3–64 characters: lowercase letters, digits, `.`, `_`, `-`.
    #[schema(
        example = "wang.li",
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[A-Za-z0-9._-]{3,64}[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub username: String,
    /// 1–50 characters.
    #[schema(
        example = "王丽",
        pattern = r"^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000](?:[\s\S]{0,48}[^\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000])?[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub display_name: String,
    /// `deputy`, `staff`, `station_head` (a station's head: staff who also hear of overdue reports), `committee`
    /// (人大工委: reads and supervises every station), `admin`, or `unit` (a handling unit's account: answers
    /// the reports forwarded to its unit, `unit` names it).
    #[schema(value_type = AccountRole)]
    pub role: Role,
    /// 10–128 characters, not too repetitive, without the username.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub password: SecretString,
    /// Station codes; staff need at least one.
    #[serde(default)]
    pub stations: Vec<String>,
    /// For a deputy account: the directory code of the deputy it acts for (bound at once; a deputy account
    /// made without one is bound later with a binding code or `liaison admin bind-deputy`).
    #[serde(default)]
    #[schema(example = "D-001")]
    pub deputy: Option<String>,
    /// For a handling unit's account (role `unit`): the code of the unit it answers for.
    #[serde(default)]
    #[schema(example = "HP-CG")]
    pub unit: Option<String>,
}

/// The roles an account can be created with (citizens and kiosks sign in otherwise).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Describes `NewAccountRequest::role` in the API document.
pub enum AccountRole {
    Deputy,
    Staff,
    StationHead,
    Committee,
    Admin,
    Unit,
}

/// Creates a deputy, staff or admin account (administrators only); a deputy's may name the directory deputy
/// it acts for. Recorded in the audit log.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = NewAccountRequest,
    responses(
        (status = 201, description = "Created.", body = AccountView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`username_taken`, or for a deputy `deputy_already_bound` or `deputy_left`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `unknown_station`, `unknown_deputy` or `unknown_handling_unit`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    JsonBody(body): JsonBody<NewAccountRequest>,
) -> Result<HttpResponse, AppError> {
    let request = AccountRequest {
        username: body.username,
        display_name: body.display_name,
        role: body.role,
        password: body.password,
        stations: body.stations,
        deputy: body.deputy,
        unit: body.unit,
    };
    let created = accounts::create(&state.storage, (ActorKind::Admin, Some(admin.account_id)), request).await?;
    let view = AccountView {
        id: created.id,
        username: Some(created.username),
        display_name: created.display_name,
        role: created.role,
        stations: created.stations,
        deputy: created.deputy,
        unit: created.unit,
        phone: None,
        active: created.active,
        locked_until: None,
        last_login_at: None,
        created_at: created.created_at,
    };
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}
