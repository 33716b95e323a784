//! Creating password accounts, one set of rules for the API (`POST /api/v1/accounts`) and the command line
//! (`liaison admin create`): the username, name and password checks, the stations, and for a deputy the
//! directory entry the account acts for, bound in the same transaction.

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::domain::access::Role;
use crate::domain::report::{ActorKind, FieldError};
use crate::infra::auth::password;
use crate::storage::accounts::NewAccount;
use crate::storage::audit::NewAuditEntry;
use crate::storage::bindings::BindError;
use crate::storage::{Storage, StorageError};

/// A deputy, staff or admin account to create.
#[derive(Debug)]
pub struct AccountRequest {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: SecretString,
    /// Station codes; staff need at least one.
    pub stations: Vec<String>,
    /// For a deputy: the directory code of the deputy the account acts for.
    pub deputy: Option<String>,
    /// For a handling unit's account: the code of the unit it answers for.
    pub unit: Option<String>,
}

/// The account as created.
#[derive(Debug, Clone)]
pub struct CreatedAccount {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub stations: Vec<String>,
    pub deputy: Option<String>,
    pub unit: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

/// Whether a username is well formed: 3–64 of a–z, 0–9, `.`, `_`, `-`.
pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// Stops an official's account (its sessions end at once) or lets it sign in again, as an administrator,
/// audited as `account.stop` or `account.start`. An administrator cannot stop their own account.
pub async fn set_active(storage: &Storage, admin_id: Uuid, account_id: Uuid, active: bool) -> Result<(), AppError> {
    let not_found = || AppError::new(ErrorCode::AccountNotFound, "No official's account has this id.");
    let account = storage.find_account(account_id).await?.ok_or_else(not_found)?;
    if !account.role.uses_password() {
        return Err(not_found());
    }
    if account_id == admin_id && !active {
        return Err(AppError::new(ErrorCode::Conflict, "You cannot stop your own account; ask another administrator."));
    }
    let entry = NewAuditEntry {
        actor_kind: ActorKind::Admin,
        actor_id: Some(admin_id),
        action: if active { "account.start" } else { "account.stop" },
        report_id: None,
        reason: None,
        subject: Some(format!("account:{}", account.username.as_deref().unwrap_or_default())),
        detail: None,
    };
    if !storage.set_account_active(account_id, active, entry).await? {
        return Err(not_found());
    }
    Ok(())
}

/// Checks every field, then creates the account (with its deputy binding) and its audit entries.
pub async fn create(
    storage: &Storage,
    actor: (ActorKind, Option<Uuid>),
    request: AccountRequest,
) -> Result<CreatedAccount, AppError> {
    let username = request.username.trim().to_lowercase();
    let display_name = request.display_name.trim().to_owned();
    let deputy_code = request.deputy.as_deref().map(str::trim).filter(|code| !code.is_empty()).map(str::to_owned);
    let unit_code = request.unit.as_deref().map(str::trim).filter(|code| !code.is_empty()).map(str::to_owned);
    let mut errors = Vec::new();
    if !valid_username(&username) {
        errors.push(FieldError::new("username", "invalid_value", "3–64 of a–z, 0–9, '.', '_', '-'"));
    }
    if display_name.is_empty() || display_name.chars().count() > 50 {
        errors.push(FieldError::new("display_name", "invalid_length", "1–50 characters"));
    }
    if !request.role.uses_password() {
        errors.push(FieldError::new("role", "invalid_value", "deputy, staff, station_head, committee, admin or unit"));
    }
    if let Err(why) = password::check_strength(request.password.expose_secret(), &username) {
        errors.push(FieldError::new("password", "weak_password", why));
    }
    if request.role.needs_stations() && request.stations.is_empty() {
        errors.push(FieldError::new("stations", "required", "staff and station heads belong to at least one station"));
    }
    if deputy_code.is_some() && request.role != Role::Deputy {
        errors.push(FieldError::new("deputy", "not_allowed", "only deputy accounts act for a deputy"));
    }
    match (request.role == Role::Unit, unit_code.is_some()) {
        (true, false) => errors.push(FieldError::new("unit", "required", "a unit's account names its handling unit")),
        (false, true) => errors.push(FieldError::new("unit", "not_allowed", "only unit accounts answer for a unit")),
        _ => {}
    }
    if request.role == Role::Unit && !request.stations.is_empty() {
        errors.push(FieldError::new("stations", "not_allowed", "a unit's account belongs to no station"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let mut station_ids = Vec::new();
    let mut station_codes = Vec::new();
    for (index, code) in request.stations.iter().enumerate() {
        let code = code.trim();
        let station = storage.find_station(code).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownStation,
                format!("There is no station `{code}`."),
                vec![FieldError::new(format!("stations[{index}]"), "unknown", "no such station")],
            )
        })?;
        if !station_ids.contains(&station.id) {
            station_ids.push(station.id);
            station_codes.push(station.code);
        }
    }
    let deputy = match &deputy_code {
        Some(code) => Some(storage.find_deputy(code).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownDeputy,
                format!("There is no deputy `{code}`."),
                vec![FieldError::new("deputy", "unknown", "no such deputy")],
            )
        })?),
        None => None,
    };
    let unit = match &unit_code {
        Some(code) => Some(storage.find_handling_unit(code).await?.filter(|u| u.active).ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownHandlingUnit,
                format!("There is no handling unit `{code}`; see GET /api/v1/handling-units."),
                vec![FieldError::new("unit", "unknown", "no such handling unit")],
            )
        })?),
        None => None,
    };
    let password_hash = password::hash(request.password).await.map_err(AppError::internal)?;
    let new = NewAccount {
        role: request.role,
        username: username.clone(),
        display_name,
        password_hash,
        stations: station_ids,
        deputy: deputy.as_ref().map(|d| d.id),
        unit: unit.as_ref().map(|u| u.id),
    };
    let audit = NewAuditEntry {
        actor_kind: actor.0,
        actor_id: actor.1,
        action: "account.create",
        report_id: None,
        reason: None,
        subject: None,
        detail: None,
    };
    let created = storage.create_account(&new, audit).await.map_err(|err| match err {
        BindError::Storage(StorageError::Conflict(_)) => {
            AppError::new(ErrorCode::UsernameTaken, format!("The username `{username}` is taken."))
        }
        other => other.into(),
    })?;
    Ok(CreatedAccount {
        id: created.id,
        username,
        display_name: created.display_name,
        role: request.role,
        stations: station_codes,
        deputy: deputy.map(|d| d.code),
        unit: unit.map(|u| u.code),
        active: created.active,
        created_at: created.created_at,
    })
}
