use actix_web::http::StatusCode;
use actix_web::{HttpResponse, post, web};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AccountView;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::report::{ActorKind, FieldError};
use crate::infra::auth::password;
use crate::storage::StorageError;
use crate::storage::accounts::NewAccount;
use crate::storage::audit::NewAuditEntry;
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
    /// `deputy`, `staff` or `admin`.
    #[schema(value_type = AccountRole)]
    pub role: Role,
    /// 10–128 characters, not too repetitive, without the username.
    #[schema(value_type = String, format = Password, min_length = 10, max_length = 128)]
    pub password: SecretString,
    /// Station codes; staff need at least one.
    #[serde(default)]
    pub stations: Vec<String>,
}

/// The roles an account can be created with (citizens and kiosks sign in otherwise).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)] // Describes `NewAccountRequest::role` in the API document.
pub enum AccountRole {
    Deputy,
    Staff,
    Admin,
}

/// Whether a username is well formed.
pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Creates a deputy, staff or admin account (administrators only). Recorded in the audit log.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = NewAccountRequest,
    responses(
        (status = 201, description = "Created.", body = AccountView),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`username_taken`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` or `unknown_station`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts")]
pub async fn handler(
    state: web::Data<AppState>,
    admin: AdminOnly,
    JsonBody(body): JsonBody<NewAccountRequest>,
) -> Result<HttpResponse, AppError> {
    let username = body.username.trim().to_lowercase();
    let display_name = body.display_name.trim().to_owned();
    let mut errors = Vec::new();
    if !valid_username(&username) {
        errors.push(FieldError::new("username", "invalid_value", "3–64 of a–z, 0–9, '.', '_', '-'"));
    }
    if display_name.is_empty() || display_name.chars().count() > 50 {
        errors.push(FieldError::new("display_name", "invalid_length", "1–50 characters"));
    }
    if !body.role.uses_password() {
        errors.push(FieldError::new("role", "invalid_value", "deputy, staff or admin"));
    }
    if let Err(why) = password::check_strength(body.password.expose_secret(), &username) {
        errors.push(FieldError::new("password", "weak_password", why));
    }
    if body.role == Role::Staff && body.stations.is_empty() {
        errors.push(FieldError::new("stations", "required", "staff belong to at least one station"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let mut stations = Vec::new();
    for (index, code) in body.stations.iter().enumerate() {
        let station = state.storage.find_station(code.trim()).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownStation,
                format!("There is no station `{code}`."),
                vec![FieldError::new(format!("stations[{index}]"), "unknown", "no such station")],
            )
        })?;
        if !stations.contains(&station.id) {
            stations.push(station.id);
        }
    }
    let password_hash = password::hash(body.password).await.map_err(AppError::internal)?;
    let new = NewAccount { role: body.role, username: username.clone(), display_name, password_hash, stations };
    let created = state.storage.create_account(&new).await.map_err(|err| match err {
        StorageError::Conflict(_) => {
            AppError::new(ErrorCode::UsernameTaken, format!("The username `{username}` is taken."))
        }
        other => other.into(),
    })?;
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: ActorKind::Admin,
            actor_id: Some(admin.account_id),
            action: "account.create",
            report_id: None,
            reason: Some(&format!("{} {}", body.role, created.id)),
            subject: None,
            detail: None,
        })
        .await?;
    let view = AccountView {
        id: created.id,
        username: created.username,
        display_name: created.display_name,
        role: body.role,
        stations: body.stations.iter().map(|s| s.trim().to_owned()).collect(),
        active: created.active,
        locked_until: None,
        last_login_at: None,
        created_at: created.created_at,
    };
    Ok(HttpResponse::build(StatusCode::CREATED).json(view))
}
