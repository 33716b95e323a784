//! Which account a sign-in reaches, and who may tie a WeCom member, an official-account user or a phone
//! number to an account. Pure: storage loads the facts inside its transaction and asks.
//!
//! - A WeCom userid (企业微信) or an official-account openid (公众号) is tied to at most one account, and an
//!   account holds at most one of each provider. WeCom is for officials only: an untied member is refused
//!   (`identity_not_bound`) until they tie it from an account they signed in to otherwise. The official
//!   account makes a citizen account for an openid it has not met, as the mini-program does; a deputy
//!   without a password redeems a binding code from that account.
//! - A phone number belongs to at most one account, so phone-code sign-in reaches exactly that account,
//!   whatever its role, and makes a citizen only for a number no account holds.
//! - An official's claim wins over a citizen's when it is proven: an official who shows a fresh provider code
//!   or a phone code for an identity or number a citizen account holds takes it over (the citizen account
//!   keeps its reports and loses that way in). An administrator's word alone proves nothing: setting a
//!   number a citizen holds is refused, and so is anything another official holds.

use uuid::Uuid;

use super::access::Role;
use super::report::string_enum;
use super::routing::DeputyStatus;

string_enum! {
    /// A sign-in provider an account can be tied to.
    pub enum Provider {
        /// WeCom web OAuth (企业微信网页授权): the member's userid.
        Wecom => "wecom",
        /// The WeChat official account's web OAuth (`snsapi_base`): the user's openid.
        WechatOa => "wechat_oa",
    }
}

impl Provider {
    /// Does signing in with an identity no account holds make a citizen account (the official account)? If
    /// not (WeCom), it is refused until an official ties it.
    pub fn creates_citizens(self) -> bool {
        matches!(self, Provider::WechatOa)
    }

    /// May an account of this role tie an identity of this provider to itself?
    pub fn may_link(self, role: Role) -> bool {
        match self {
            Provider::Wecom => is_official(role),
            Provider::WechatOa => role != Role::Kiosk,
        }
    }
}

/// Deputies, staff and administrators.
pub fn is_official(role: Role) -> bool {
    matches!(role, Role::Deputy | Role::Staff | Role::Admin)
}

/// An account as these rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub account_id: Uuid,
    pub role: Role,
}

/// What tying an identity or a number to an account does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Nobody held it.
    New,
    /// The account holds it already: nothing changes.
    Unchanged,
    /// This citizen account held it and loses it.
    TakenFromCitizen(Uuid),
}

/// Why an identity or number cannot be tied to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimRefusal {
    #[error("another account holds it")]
    Taken,
    #[error("this kind of account cannot hold it")]
    WrongRole,
}

/// May `claimant` take what `holder` (if anyone) holds now? `proven`: the claimant showed a code that only
/// whoever controls the identity or phone could have.
pub fn check_claim(claimant: Holder, holder: Option<Holder>, proven: bool) -> Result<Claim, ClaimRefusal> {
    match holder {
        None => Ok(Claim::New),
        Some(holder) if holder.account_id == claimant.account_id => Ok(Claim::Unchanged),
        Some(holder) if proven && holder.role == Role::Citizen && is_official(claimant.role) => {
            Ok(Claim::TakenFromCitizen(holder.account_id))
        }
        Some(_) => Err(ClaimRefusal::Taken),
    }
}

/// May `claimant` tie an identity of `provider` held by `holder` (always proven: it comes with a fresh code)?
pub fn check_link(provider: Provider, claimant: Holder, holder: Option<Holder>) -> Result<Claim, ClaimRefusal> {
    if !provider.may_link(claimant.role) {
        return Err(ClaimRefusal::WrongRole);
    }
    check_claim(claimant, holder, true)
}

/// Why an account found for a sign-in is not let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefusal {
    #[error("this account is disabled")]
    Disabled,
    #[error("the deputy this account acts for has left")]
    DeputyLeft,
    #[error("this kind of account does not sign in here")]
    WrongRole,
}

/// May the account sign in? `deputy_status`: the status of the directory deputy it is bound to, if any.
pub fn may_sign_in(role: Role, active: bool, deputy_status: Option<DeputyStatus>) -> Result<(), SignInRefusal> {
    if role == Role::Kiosk {
        return Err(SignInRefusal::WrongRole);
    }
    if !active {
        return Err(SignInRefusal::Disabled);
    }
    if role == Role::Deputy && deputy_status == Some(DeputyStatus::Left) {
        return Err(SignInRefusal::DeputyLeft);
    }
    Ok(())
}

/// The ways into an account, to keep at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WaysIn {
    pub password: bool,
    pub phone: bool,
    /// The mini-program's openid.
    pub wechat: bool,
    /// Tied WeCom and official-account identities.
    pub identities: usize,
}

impl WaysIn {
    /// Is there a way in left besides the one being removed?
    pub fn another_besides_one(self) -> bool {
        usize::from(self.password) + usize::from(self.phone) + usize::from(self.wechat) + self.identities > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(id: u128, role: Role) -> Holder {
        Holder { account_id: Uuid::from_u128(id), role }
    }

    #[test]
    fn only_the_official_account_makes_citizens() {
        assert!(Provider::WechatOa.creates_citizens());
        assert!(!Provider::Wecom.creates_citizens());
    }

    #[test]
    fn wecom_is_for_officials_and_the_official_account_for_anyone_but_kiosks() {
        for role in [Role::Deputy, Role::Staff, Role::Admin] {
            assert!(Provider::Wecom.may_link(role), "{role}");
            assert!(Provider::WechatOa.may_link(role), "{role}");
        }
        assert!(!Provider::Wecom.may_link(Role::Citizen));
        assert!(Provider::WechatOa.may_link(Role::Citizen));
        assert!(!Provider::Wecom.may_link(Role::Kiosk));
        assert!(!Provider::WechatOa.may_link(Role::Kiosk));
    }

    #[test]
    fn something_nobody_holds_is_tied_and_holding_it_twice_changes_nothing() {
        let deputy = holder(1, Role::Deputy);
        assert_eq!(check_claim(deputy, None, false), Ok(Claim::New));
        assert_eq!(check_claim(deputy, Some(deputy), false), Ok(Claim::Unchanged));
    }

    #[test]
    fn a_proven_official_takes_over_from_a_citizen_and_an_unproven_one_does_not() {
        let citizen = holder(2, Role::Citizen);
        for role in [Role::Deputy, Role::Staff, Role::Admin] {
            let official = holder(1, role);
            assert_eq!(check_claim(official, Some(citizen), true), Ok(Claim::TakenFromCitizen(citizen.account_id)));
            assert_eq!(check_claim(official, Some(citizen), false), Err(ClaimRefusal::Taken));
        }
    }

    #[test]
    fn nobody_takes_from_an_official_and_citizens_take_from_nobody() {
        let staff = holder(3, Role::Staff);
        assert_eq!(check_claim(holder(1, Role::Deputy), Some(staff), true), Err(ClaimRefusal::Taken));
        assert_eq!(check_claim(holder(4, Role::Citizen), Some(staff), true), Err(ClaimRefusal::Taken));
        assert_eq!(
            check_claim(holder(4, Role::Citizen), Some(holder(5, Role::Citizen)), true),
            Err(ClaimRefusal::Taken)
        );
    }

    #[test]
    fn a_citizen_cannot_tie_a_wecom_member() {
        let citizen = holder(4, Role::Citizen);
        assert_eq!(check_link(Provider::Wecom, citizen, None), Err(ClaimRefusal::WrongRole));
        assert_eq!(check_link(Provider::WechatOa, citizen, None), Ok(Claim::New));
        let deputy = holder(1, Role::Deputy);
        assert_eq!(check_link(Provider::Wecom, deputy, Some(citizen)), Ok(Claim::TakenFromCitizen(citizen.account_id)));
    }

    #[test]
    fn disabled_accounts_and_deputies_who_left_do_not_sign_in() {
        assert_eq!(may_sign_in(Role::Staff, true, None), Ok(()));
        assert_eq!(may_sign_in(Role::Citizen, true, None), Ok(()));
        assert_eq!(may_sign_in(Role::Deputy, true, Some(DeputyStatus::OnLeave)), Ok(()));
        assert_eq!(may_sign_in(Role::Deputy, true, None), Ok(()), "not bound yet: signs in to redeem a code");
        assert_eq!(may_sign_in(Role::Staff, false, None), Err(SignInRefusal::Disabled));
        assert_eq!(may_sign_in(Role::Deputy, true, Some(DeputyStatus::Left)), Err(SignInRefusal::DeputyLeft));
        assert_eq!(may_sign_in(Role::Kiosk, true, None), Err(SignInRefusal::WrongRole));
    }

    #[test]
    fn the_last_way_into_an_account_stays() {
        assert!(!WaysIn { identities: 1, ..WaysIn::default() }.another_besides_one());
        assert!(WaysIn { identities: 1, phone: true, ..WaysIn::default() }.another_besides_one());
        assert!(WaysIn { identities: 2, ..WaysIn::default() }.another_besides_one());
        assert!(WaysIn { password: true, identities: 1, ..WaysIn::default() }.another_besides_one());
        assert!(!WaysIn { phone: true, ..WaysIn::default() }.another_besides_one());
    }
}
