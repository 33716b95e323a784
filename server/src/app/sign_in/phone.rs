//! Phone numbers as a way in: checking a one-time code, signing in with it, and the number on file of a
//! deputy's, staff member's or administrator's account, set by an administrator or, proven with a code,
//! by its owner.
//!
//! A number belongs to one account. Phone-code sign-in reaches the account holding the number, whatever its
//! role, and makes a citizen account only for a number nobody holds. An official who proves a number a
//! citizen account holds takes it over; an administrator cannot give away a citizen's number, and nobody
//! takes an official's (`domain::identity`).

use super::{SignedIn, admit};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::identity::{Claim, ClaimRefusal, is_official};
use crate::domain::report::{ActorKind, FieldError, normalize_phone};
use crate::infra::pii::mask_phone;
use crate::storage::audit::NewAuditEntry;
use crate::storage::identities::{ClaimError, Removal};
use crate::storage::phone_codes::CodeCheck;

/// The phone number in canonical form, or a 422 naming the field.
pub fn canonical_phone(raw: &str) -> Result<String, AppError> {
    normalize_phone(raw).ok_or_else(|| {
        AppError::validation(vec![FieldError::new("phone", "invalid_phone", "an 11-digit mainland mobile number")])
    })
}

/// The stored form of a code: keyed to the phone, so a leaked table cannot be brute-forced offline.
pub fn code_hash(state: &AppState, phone: &str, code: &str) -> String {
    state.vault.lookup_hash(&format!("phone-code:{phone}:{code}"))
}

/// Checks the code sent to `phone` (canonical), using it up when it is right.
pub async fn check_code(state: &AppState, phone: &str, code: &str) -> Result<(), AppError> {
    let code = code.trim();
    let lookup = state.vault.lookup_hash(phone);
    let max = state.rate_limits.phone_code_attempts;
    let verdict = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        state.storage.check_phone_code(&lookup, &code_hash(state, phone, code), max).await?
    } else {
        // Not a code at all still costs a guess, so the shape of the input tells an attacker nothing.
        state.storage.check_phone_code(&lookup, "", max).await?
    };
    match verdict {
        CodeCheck::Valid => Ok(()),
        CodeCheck::Wrong { remaining } if remaining > 0 => {
            Err(AppError::new(ErrorCode::InvalidPhoneCode, format!("The code is wrong; {remaining} tries remain.")))
        }
        CodeCheck::Wrong { .. } | CodeCheck::NoLiveCode => Err(AppError::new(
            ErrorCode::InvalidPhoneCode,
            "No valid code for this number: it expired, was used or had too many wrong tries. Ask for a new one.",
        )),
    }
}

/// Signs in the account holding the number (a deputy's or staff member's on file, or a citizen's), making a
/// citizen account for a number nobody holds.
pub async fn sign_in(state: &AppState, raw_phone: &str, code: &str) -> Result<SignedIn, AppError> {
    let phone = canonical_phone(raw_phone)?;
    check_code(state, &phone, code).await?;
    let lookup = state.vault.lookup_hash(&phone);
    let account = state.storage.phone_citizen(&lookup, &state.vault.encrypt(&phone)).await?;
    let signed_in = admit(state, &account).await?;
    tracing::info!(account = %signed_in.account_id, "{} signed in with a phone code", signed_in.role);
    Ok(signed_in)
}

fn audit(
    actor: ActorKind,
    actor_id: uuid::Uuid,
    action: &'static str,
    account_id: uuid::Uuid,
) -> NewAuditEntry<'static> {
    NewAuditEntry {
        actor_kind: actor,
        actor_id: Some(actor_id),
        action,
        report_id: None,
        reason: None,
        subject: Some(format!("account:{account_id}")),
        detail: None,
    }
}

/// The caller's own number, proven with the code sent to it. Taken over from a citizen account when the
/// caller is an official. The number, masked.
pub async fn set_own(state: &AppState, principal: &Principal, raw_phone: &str, code: &str) -> Result<String, AppError> {
    if matches!(principal, Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Kiosks have no phone number."));
    }
    let phone = canonical_phone(raw_phone)?;
    check_code(state, &phone, code).await?;
    let masked = mask_phone(&phone);
    let account_id = principal.subject_id();
    let entry = NewAuditEntry {
        reason: Some(&masked),
        ..audit(principal.actor_kind(), account_id, "account.phone.set", account_id)
    };
    let lookup = state.vault.lookup_hash(&phone);
    let claim = state
        .storage
        .set_account_phone(account_id, &lookup, &state.vault.encrypt(&phone), true, entry)
        .await
        .map_err(phone_claim_error)?;
    if let Claim::TakenFromCitizen(citizen) = claim {
        tracing::info!(account = %account_id, from = %citizen, "phone number taken over from a citizen account");
    }
    Ok(masked)
}

/// Sets (or with `None` clears) the number on file of a deputy's, staff member's or administrator's account,
/// as an administrator. The number, masked.
pub async fn set_for(
    state: &AppState,
    admin_id: uuid::Uuid,
    account_id: uuid::Uuid,
    raw_phone: Option<&str>,
) -> Result<Option<String>, AppError> {
    let not_found =
        || AppError::new(ErrorCode::AccountNotFound, "No deputy, staff or administrator account has this id.");
    let account = state.storage.find_account(account_id).await?.ok_or_else(not_found)?;
    let role = account.role;
    if !is_official(role) {
        return Err(not_found());
    }
    let Some(raw_phone) = raw_phone else {
        let entry = audit(ActorKind::Admin, admin_id, "account.phone.clear", account_id);
        return match state.storage.clear_account_phone(account_id, entry).await? {
            Removal::Removed | Removal::Absent => Ok(None),
            Removal::LastWayIn => Err(last_way_in("the phone number")),
        };
    };
    let phone = canonical_phone(raw_phone)?;
    let masked = mask_phone(&phone);
    let entry =
        NewAuditEntry { reason: Some(&masked), ..audit(ActorKind::Admin, admin_id, "account.phone.set", account_id) };
    let lookup = state.vault.lookup_hash(&phone);
    state
        .storage
        .set_account_phone(account_id, &lookup, &state.vault.encrypt(&phone), false, entry)
        .await
        .map_err(phone_claim_error)?;
    Ok(Some(masked))
}

fn phone_claim_error(err: ClaimError) -> AppError {
    match err {
        ClaimError::Refused(ClaimRefusal::Taken) => AppError::new(
            ErrorCode::PhoneTaken,
            "Another account holds this number. An official's number is never taken over; a citizen's only by its \
             owner, who sets it on their official account with a code sent to it (PUT /api/v1/me/phone).",
        ),
        ClaimError::Refused(ClaimRefusal::WrongRole) => {
            AppError::new(ErrorCode::Forbidden, "This account cannot hold a phone number.")
        }
        ClaimError::NoAccount => AppError::new(ErrorCode::AccountNotFound, "There is no such account."),
        ClaimError::Storage(err) => err.into(),
    }
}

/// Refuses to remove an account's only way in.
pub fn last_way_in(what: &str) -> AppError {
    AppError::new(
        ErrorCode::LastSignInMethod,
        format!("Removing {what} would leave the account no way to sign in; add another way first."),
    )
}
