//! Tying a sign-in account to a directory deputy (代表账号绑定): the shape of a one-time binding code, who may
//! make one, and whether a binding may happen. Pure: storage loads the facts inside its transaction and asks.
//!
//! A deputy acts on reports only through an account bound to their directory entry. An administrator binds
//! directly (account creation, `liaison admin bind-deputy`, the deputies CSV); staff of the deputy's station
//! hand the deputy a binding code, which the deputy redeems from any account they signed in with (a
//! password, WeChat or a phone code). A citizen account that redeems a code becomes a deputy account.

use chrono::{DateTime, Utc};
use rand::Rng;
use uuid::Uuid;

use super::access::{Principal, Role};
use super::routing::DeputyStatus;
use super::tracking_code::ALPHABET;

/// Symbols in a binding code: 10 from 30 give about 49 bits, and redemption is rate limited.
pub const CODE_SYMBOLS: usize = 10;

/// A fresh binding code, `7KQ9M-3XDP2`, from the tracking-code alphabet (no 0/O, 1/I/L).
pub fn new_code<R: Rng + ?Sized>(rng: &mut R) -> String {
    let symbols: String =
        (0..CODE_SYMBOLS).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format!("{}-{}", &symbols[..CODE_SYMBOLS / 2], &symbols[CODE_SYMBOLS / 2..])
}

/// A code as typed, in the form it is hashed in: case, spaces and dashes do not matter. `None` when it
/// cannot be a binding code at all.
pub fn canonical_code(typed: &str) -> Option<String> {
    let canonical: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let well_formed = canonical.len() == CODE_SYMBOLS && canonical.bytes().all(|b| ALPHABET.contains(&b));
    well_formed.then_some(canonical)
}

/// Who may make binding codes for a deputy and unbind their account: staff of one of the deputy's stations,
/// and administrators.
pub fn may_manage_binding(principal: &Principal, deputy_stations: &[Uuid]) -> bool {
    match principal {
        Principal::Admin { .. } => true,
        Principal::Staff { .. } => deputy_stations.iter().any(|s| principal.manages_station(*s)),
        Principal::Citizen { .. }
        | Principal::Kiosk { .. }
        | Principal::Deputy { .. }
        | Principal::Committee { .. }
        | Principal::Unit { .. } => false,
    }
}

/// A stored binding code, as redemption sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeFacts {
    pub expires_at: DateTime<Utc>,
    pub consumed: bool,
}

/// What decides whether an account may be bound to a deputy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindFacts {
    pub deputy_id: Uuid,
    pub deputy_status: DeputyStatus,
    /// The account the deputy is bound to now.
    pub deputy_account: Option<Uuid>,
    pub account_id: Uuid,
    pub account_role: Role,
    pub account_active: bool,
    /// The deputy this account is bound to now.
    pub account_deputy: Option<Uuid>,
}

/// What a binding does besides tying the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The account the deputy was bound to before, which loses the deputy's rights.
    pub replaces: Option<Uuid>,
    /// The account was a citizen's and becomes a deputy's.
    pub promotes_citizen: bool,
    /// The two were bound already: nothing changes.
    pub unchanged: bool,
}

/// Why a binding is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BindingRefusal {
    #[error("no binding code matches")]
    CodeUnknown,
    #[error("the binding code has expired; ask the station for a new one")]
    CodeExpired,
    #[error("the binding code was used already")]
    CodeUsed,
    #[error("the deputy has left")]
    DeputyLeft,
    #[error("the deputy is bound to another account; unbind it first")]
    DeputyBoundElsewhere,
    #[error("the account is bound to another deputy")]
    AccountBoundElsewhere,
    #[error("staff and administrator accounts cannot act as a deputy")]
    WrongRole,
    #[error("the account is disabled")]
    AccountInactive,
}

/// May this code still be redeemed at `now`?
pub fn check_code(code: Option<CodeFacts>, now: DateTime<Utc>) -> Result<(), BindingRefusal> {
    match code {
        None => Err(BindingRefusal::CodeUnknown),
        Some(code) if code.consumed => Err(BindingRefusal::CodeUsed),
        Some(code) if code.expires_at <= now => Err(BindingRefusal::CodeExpired),
        Some(_) => Ok(()),
    }
}

/// May the account be bound to the deputy? `replace`: a binding code takes the deputy over from an
/// account bound before (staff made the code for this); a direct binding does not.
pub fn check_binding(facts: &BindFacts, replace: bool) -> Result<Binding, BindingRefusal> {
    if facts.deputy_status == DeputyStatus::Left {
        return Err(BindingRefusal::DeputyLeft);
    }
    if !facts.account_active {
        return Err(BindingRefusal::AccountInactive);
    }
    if !matches!(facts.account_role, Role::Deputy | Role::Citizen) {
        return Err(BindingRefusal::WrongRole);
    }
    if facts.account_deputy.is_some_and(|d| d != facts.deputy_id) {
        return Err(BindingRefusal::AccountBoundElsewhere);
    }
    if facts.deputy_account == Some(facts.account_id) {
        return Ok(Binding { replaces: None, promotes_citizen: false, unchanged: true });
    }
    if facts.deputy_account.is_some() && !replace {
        return Err(BindingRefusal::DeputyBoundElsewhere);
    }
    Ok(Binding {
        replaces: facts.deputy_account,
        promotes_citizen: facts.account_role == Role::Citizen,
        unchanged: false,
    })
}

/// A deputy account acts only while its deputy has not left; one whose deputy left is refused at once.
pub fn deputy_account_usable(bound_deputy_status: Option<DeputyStatus>) -> bool {
    bound_deputy_status != Some(DeputyStatus::Left)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn facts() -> BindFacts {
        BindFacts {
            deputy_id: Uuid::from_u128(1),
            deputy_status: DeputyStatus::Active,
            deputy_account: None,
            account_id: Uuid::from_u128(10),
            account_role: Role::Deputy,
            account_active: true,
            account_deputy: None,
        }
    }

    #[test]
    fn codes_are_drawn_from_the_alphabet_and_read_forgivingly() {
        let code = new_code(&mut rand::rng());
        assert_eq!(code.len(), CODE_SYMBOLS + 1);
        let canonical = canonical_code(&code).unwrap();
        assert_eq!(canonical, code.replace('-', ""));
        assert_eq!(canonical_code(&format!(" {} ", code.to_lowercase())), Some(canonical));
        assert_eq!(canonical_code("7KQ9M-3XDP"), None, "too short");
        assert_eq!(canonical_code("7KQ9M-3XDP0"), None, "0 is not in the alphabet");
        assert_eq!(canonical_code(""), None);
    }

    #[test]
    fn a_code_works_once_and_until_it_expires() {
        let now = Utc::now();
        let fresh = CodeFacts { expires_at: now + Duration::hours(1), consumed: false };
        assert_eq!(check_code(Some(fresh), now), Ok(()));
        assert_eq!(check_code(None, now), Err(BindingRefusal::CodeUnknown));
        assert_eq!(check_code(Some(CodeFacts { consumed: true, ..fresh }), now), Err(BindingRefusal::CodeUsed));
        assert_eq!(check_code(Some(fresh), now + Duration::hours(1)), Err(BindingRefusal::CodeExpired));
    }

    #[test]
    fn a_free_deputy_account_binds() {
        let binding = check_binding(&facts(), false).unwrap();
        assert_eq!(binding, Binding { replaces: None, promotes_citizen: false, unchanged: false });
    }

    #[test]
    fn a_citizen_account_becomes_a_deputy_account() {
        let binding = check_binding(&BindFacts { account_role: Role::Citizen, ..facts() }, true).unwrap();
        assert!(binding.promotes_citizen);
    }

    #[test]
    fn officials_and_disabled_accounts_cannot_bind() {
        for role in [Role::Staff, Role::StationHead, Role::Committee, Role::Admin, Role::Kiosk] {
            let refused = check_binding(&BindFacts { account_role: role, ..facts() }, true);
            assert_eq!(refused, Err(BindingRefusal::WrongRole), "{role}");
        }
        let refused = check_binding(&BindFacts { account_active: false, ..facts() }, true);
        assert_eq!(refused, Err(BindingRefusal::AccountInactive));
    }

    #[test]
    fn a_deputy_who_left_cannot_be_bound() {
        let refused = check_binding(&BindFacts { deputy_status: DeputyStatus::Left, ..facts() }, true);
        assert_eq!(refused, Err(BindingRefusal::DeputyLeft));
        let on_leave = check_binding(&BindFacts { deputy_status: DeputyStatus::OnLeave, ..facts() }, false);
        assert!(on_leave.is_ok(), "a deputy on leave still answers what they have");
    }

    #[test]
    fn a_code_takes_a_deputy_over_but_a_direct_binding_does_not() {
        let old = Uuid::from_u128(11);
        let bound = BindFacts { deputy_account: Some(old), ..facts() };
        assert_eq!(check_binding(&bound, false), Err(BindingRefusal::DeputyBoundElsewhere));
        assert_eq!(check_binding(&bound, true).unwrap().replaces, Some(old));
    }

    #[test]
    fn an_account_serves_one_deputy() {
        let elsewhere = BindFacts { account_deputy: Some(Uuid::from_u128(2)), ..facts() };
        assert_eq!(check_binding(&elsewhere, true), Err(BindingRefusal::AccountBoundElsewhere));
    }

    #[test]
    fn binding_twice_changes_nothing() {
        let account = facts().account_id;
        let same = BindFacts { deputy_account: Some(account), account_deputy: Some(facts().deputy_id), ..facts() };
        assert!(check_binding(&same, false).unwrap().unchanged);
    }

    #[test]
    fn only_staff_of_the_deputys_stations_and_admins_manage_bindings() {
        let (a, b) = (Uuid::from_u128(100), Uuid::from_u128(101));
        let staff = Principal::Staff { account_id: Uuid::from_u128(5), stations: vec![a], head: false };
        assert!(may_manage_binding(&staff, &[a, b]));
        assert!(!may_manage_binding(&staff, &[b]));
        assert!(!may_manage_binding(&staff, &[]));
        assert!(may_manage_binding(&Principal::Admin { account_id: Uuid::from_u128(6) }, &[]));
        let deputy = Principal::Deputy { account_id: Uuid::from_u128(7), deputy_id: None, stations: vec![a] };
        assert!(!may_manage_binding(&deputy, &[a]));
    }

    #[test]
    fn a_deputy_who_left_cannot_use_their_account() {
        assert!(deputy_account_usable(None), "not bound yet: may sign in to redeem a code");
        assert!(deputy_account_usable(Some(DeputyStatus::Active)));
        assert!(deputy_account_usable(Some(DeputyStatus::OnLeave)));
        assert!(!deputy_account_usable(Some(DeputyStatus::Left)));
    }
}
