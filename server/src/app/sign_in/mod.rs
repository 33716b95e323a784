//! Signing in with something other than a password, and the ways into an account: WeChat (mini-program and
//! official account), WeCom, phone codes, the identities tied to an account and the phone number on file.
//! The rules are in `domain::identity`; each service answers with who was let in, and the web layer starts
//! the session.

use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::domain::account::Account;
use crate::domain::identity::may_sign_in;

pub mod errors;
pub mod identities;
pub mod oauth;
pub mod phone;

/// Who a sign-in let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedIn {
    pub account_id: Uuid,
    /// The account's role as stored: a citizen account that redeemed a binding code signs in as a deputy.
    pub role: Role,
}

/// Lets the account in when the rule allows (active; a deputy whose deputy has not left), noting the time.
/// A password lockout stays as it is: another way in neither counts against it nor lifts it.
pub async fn admit(state: &AppState, account: &Account) -> Result<SignedIn, AppError> {
    let role: Role = account.role;
    let deputy_status = match role {
        Role::Deputy => state.storage.deputy_of_account(account.id).await?.map(|d| d.status),
        _ => None,
    };
    may_sign_in(role, account.active, deputy_status)?;
    state.storage.note_sign_in(account.id).await?;
    Ok(SignedIn { account_id: account.id, role })
}
