//! Tying a WeCom member or an official-account user to the signed-in account (`POST /api/v1/me/identities`
//! with a fresh code from the provider), untying it, and listing what is tied. Both changes are audited.

use chrono::{DateTime, Utc};

use super::oauth;
use super::phone::last_way_in;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::identity::{Claim, ClaimRefusal, Provider};
use crate::storage::StorageError;
use crate::storage::audit::NewAuditEntry;
use crate::storage::identities::{ClaimError, Removal};

/// An identity tied to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedIdentity {
    pub provider: Provider,
    pub linked_at: DateTime<Utc>,
}

fn audit(principal: &Principal, action: &'static str) -> NewAuditEntry<'static> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: Some(format!("account:{}", principal.subject_id())),
        detail: None,
    }
}

/// The identities tied to the caller's account.
pub async fn list(state: &AppState, principal: &Principal) -> Result<Vec<LinkedIdentity>, AppError> {
    if matches!(principal, Principal::Kiosk { .. }) {
        return Ok(Vec::new());
    }
    let rows = state.storage.identities_of(principal.subject_id()).await?;
    rows.into_iter()
        .map(|row| {
            let provider = row.provider.parse().map_err(StorageError::from)?;
            Ok(LinkedIdentity { provider, linked_at: row.created_at })
        })
        .collect()
}

/// Ties whoever the provider gave `code` to to the caller's account, replacing an identity of the same
/// provider the account held. Whether it was taken over from a citizen account.
pub async fn link(state: &AppState, principal: &Principal, provider: Provider, code: &str) -> Result<bool, AppError> {
    // Refused before the code is spent.
    if !provider.may_link(principal.role()) {
        return Err(wrong_role(provider));
    }
    let subject = oauth::subject(state, provider, code).await?;
    let account_id = principal.subject_id();
    let claim =
        state.storage.link_identity(account_id, provider, &subject, audit(principal, "account.identity.link")).await;
    match claim {
        Ok(Claim::TakenFromCitizen(citizen)) => {
            tracing::info!(account = %account_id, from = %citizen, %provider, "identity taken over from a citizen account");
            Ok(true)
        }
        Ok(Claim::New | Claim::Unchanged) => {
            tracing::info!(account = %account_id, %provider, "identity tied to the account");
            Ok(false)
        }
        Err(ClaimError::Refused(ClaimRefusal::Taken)) => Err(AppError::new(
            ErrorCode::IdentityTaken,
            "This identity is tied to another account; whoever holds that account can untie it \
             (DELETE /api/v1/me/identities/{provider}).",
        )),
        Err(ClaimError::Refused(ClaimRefusal::WrongRole)) => Err(wrong_role(provider)),
        Err(ClaimError::NoAccount) => Err(AppError::internal(anyhow::anyhow!("a resolved account vanished"))),
        Err(ClaimError::Storage(StorageError::Conflict(_))) => Err(AppError::new(
            ErrorCode::IdentityTaken,
            "This identity was tied to another account at the same moment.",
        )),
        Err(ClaimError::Storage(err)) => Err(err.into()),
    }
}

/// Unties the caller's identity of `provider`.
pub async fn unlink(state: &AppState, principal: &Principal, provider: Provider) -> Result<(), AppError> {
    if matches!(principal, Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Kiosks have no identities."));
    }
    let entry = audit(principal, "account.identity.unlink");
    match state.storage.unlink_identity(principal.subject_id(), provider, entry).await? {
        Removal::Removed => Ok(()),
        Removal::Absent => {
            Err(AppError::new(ErrorCode::NotFound, format!("No {provider} identity is tied to this account.")))
        }
        Removal::LastWayIn => Err(last_way_in(&format!("the {provider} identity"))),
    }
}

fn wrong_role(provider: Provider) -> AppError {
    let detail = match provider {
        Provider::Wecom => "Only deputies, staff and administrators tie a WeCom member to their account.",
        Provider::WechatOa => "Kiosks cannot tie an identity.",
    };
    AppError::new(ErrorCode::Forbidden, detail)
}
