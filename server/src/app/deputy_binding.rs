//! Tying accounts to directory deputies: staff make one-time binding codes, deputies redeem them from the
//! account they signed in with, administrators bind directly (command line, import) and anyone who manages
//! the deputy may unbind. Every change is audited; the rules are in `domain::binding`.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::binding::{BindingRefusal, canonical_code, may_manage_binding, new_code};
use crate::domain::report::ActorKind;
use crate::domain::routing::DeputyStatus;
use crate::infra::auth::tokens::hash_secret;
use crate::storage::Storage;
use crate::storage::audit::NewAuditEntry;
use crate::storage::bindings::Bound;

/// A binding code as handed to the deputy: shown once, stored only as a hash.
#[derive(Debug, Clone)]
pub struct IssuedCode {
    pub deputy: String,
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The deputy workbench's page that redeems it, for the QR code.
    pub url: String,
}

/// The stored form of a binding code.
fn code_hash(canonical: &str) -> String {
    hash_secret(&format!("deputy-binding:{canonical}"))
}

fn audit<'a>(principal: &Principal, action: &'a str) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: None,
        detail: None,
    }
}

/// A deputy whose binding someone manages.
struct ManagedDeputy {
    id: Uuid,
    code: String,
    status: DeputyStatus,
}

/// The deputy by code, if `principal` may manage their binding.
async fn managed_deputy(state: &AppState, principal: &Principal, code: &str) -> Result<ManagedDeputy, AppError> {
    let not_found = || AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{code}`."));
    let deputy = state.storage.find_deputy(code).await?.ok_or_else(not_found)?;
    let stations = state.storage.deputy_station_ids(deputy.id).await?;
    if !may_manage_binding(principal, &stations) {
        return Err(match principal {
            Principal::Staff { .. } => {
                AppError::new(ErrorCode::Forbidden, "Only staff of the deputy's stations manage their account.")
            }
            _ => AppError::new(ErrorCode::Forbidden, "Only staff and administrators manage deputies' accounts."),
        });
    }
    Ok(ManagedDeputy { id: deputy.id, status: deputy.status, code: deputy.code })
}

/// Makes a one-time binding code for the deputy, valid for `auth.binding_code_hours`.
pub async fn issue_code(state: &AppState, principal: &Principal, deputy_code: &str) -> Result<IssuedCode, AppError> {
    let deputy = managed_deputy(state, principal, deputy_code).await?;
    if deputy.status == DeputyStatus::Left {
        return Err(BindingRefusal::DeputyLeft.into());
    }
    let code = new_code(&mut rand::rng());
    let canonical = canonical_code(&code).ok_or_else(|| AppError::internal(anyhow::anyhow!("malformed new code")))?;
    let hours = i64::try_from(state.auth.binding_code_hours).unwrap_or(72);
    let expires_at = state.clock.now() + Duration::hours(hours);
    let reason = format!("expires {}", expires_at.to_rfc3339());
    let entry = NewAuditEntry {
        reason: Some(&reason),
        subject: Some(format!("deputy:{}", deputy.code)),
        ..audit(principal, "deputy.binding_code.create")
    };
    state.storage.create_binding_code(deputy.id, &code_hash(&canonical), expires_at, entry).await?;
    // In the fragment: browsers never send it to a server, so the code stays out of access logs and Referers.
    let url = format!("{}/deputy/#/bind/{code}", state.public_url.trim_end_matches('/'));
    Ok(IssuedCode { deputy: deputy.code, code, expires_at, url })
}

/// Redeems a binding code for the signed-in account: from now on it acts for the code's deputy.
pub async fn redeem(state: &AppState, principal: &Principal, typed: &str) -> Result<Bound, AppError> {
    if matches!(principal, Principal::Kiosk { .. }) {
        return Err(BindingRefusal::WrongRole.into());
    }
    let canonical = canonical_code(typed).ok_or(BindingRefusal::CodeUnknown)?;
    let entry = audit(principal, "deputy.bind");
    Ok(state.storage.redeem_binding_code(&code_hash(&canonical), principal.subject_id(), entry).await?)
}

/// Unties the deputy from their account (which loses every deputy right at once). The account it had.
pub async fn unbind(state: &AppState, principal: &Principal, deputy_code: &str) -> Result<Uuid, AppError> {
    let deputy = managed_deputy(state, principal, deputy_code).await?;
    let entry = NewAuditEntry { subject: Some(format!("deputy:{}", deputy.code)), ..audit(principal, "deputy.unbind") };
    state
        .storage
        .unbind_deputy(deputy.id, entry)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("Deputy `{}` has no account bound.", deputy.code)))
}

/// Binds the account with this username to the deputy with this code, from the command line or an import
/// (an administrator's act, recorded as the system's).
pub async fn bind_by_username(storage: &Storage, username: &str, deputy_code: &str) -> Result<Bound, AppError> {
    let username = username.trim().to_lowercase();
    let account = storage
        .find_account_by_username(&username)
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::AccountNotFound, format!("There is no account `{username}`.")))?;
    let deputy = storage
        .find_deputy(deputy_code.trim())
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{deputy_code}`.")))?;
    let reason = format!("to account {username}");
    let entry = NewAuditEntry {
        actor_kind: ActorKind::System,
        actor_id: None,
        action: "deputy.bind",
        report_id: None,
        reason: Some(&reason),
        subject: None,
        detail: None,
    };
    Ok(storage.bind_deputy_account(deputy.id, account.id, entry).await?)
}

/// Unties the deputy with this code from the command line; the username it had.
pub async fn unbind_by_code(storage: &Storage, deputy_code: &str) -> Result<Option<String>, AppError> {
    let deputy = storage
        .find_deputy(deputy_code.trim())
        .await?
        .ok_or_else(|| AppError::new(ErrorCode::DeputyNotFound, format!("There is no deputy `{deputy_code}`.")))?;
    let entry = NewAuditEntry {
        actor_kind: ActorKind::System,
        actor_id: None,
        action: "deputy.unbind",
        report_id: None,
        reason: None,
        subject: Some(format!("deputy:{}", deputy.code)),
        detail: None,
    };
    let Some(account_id) = storage.unbind_deputy(deputy.id, entry).await? else { return Ok(None) };
    Ok(storage.find_account(account_id).await?.and_then(|a| a.username))
}
