//! Who may file a report through which channel, and, for assisted intake (an official filing for a
//! resident through `reception`, `visit`, `phone` or `letter`), which station the report is filed for and
//! which deputy it goes to when the official does not say. Pure: the caller resolves codes to ids.

use uuid::Uuid;

use super::Principal;
use crate::domain::report::{ActorKind, Channel};

/// Who files a report, as recorded with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filer {
    pub actor: (ActorKind, Option<Uuid>),
    pub citizen_id: Option<Uuid>,
    pub kiosk_id: Option<Uuid>,
    /// A kiosk files for its own station only.
    pub kiosk_station: Option<Uuid>,
    /// The official who filed it for a resident (assisted intake), shown to the people handling it.
    pub filed_by: Option<(ActorKind, Uuid)>,
    /// Prefix of the caller's idempotency keys, so nobody can replay another caller's key.
    pub scope: String,
}

/// Why a caller may not file through a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilingRefusal {
    /// A kiosk tried another channel than `kiosk`.
    KioskFilesThroughKiosk,
    /// Someone other than a kiosk tried the `kiosk` channel.
    KioskChannelIsForKiosks,
    /// Officials file for residents through the assisted channels, not `kiosk`, `mobile` or `web`.
    NotForOfficials,
    /// Only deputies, staff, station heads and administrators file through the assisted channels.
    AssistedChannelIsForOfficials,
    /// Anonymous reports are off: sign in.
    SignInRequired,
    /// The `kiosk` channel without a kiosk's token.
    KioskTokenRequired,
    /// The `mobile` channel without signing in.
    MobileNeedsSignIn,
    /// An assisted channel without signing in.
    AssistedNeedsSignIn,
}

/// Who may file through which channel: a kiosk through `kiosk` (for its own station); a signed-in citizen
/// through `mobile` or `web`; anyone through `web`, the online mailbox, while anonymous reports are allowed;
/// a deputy, staff member, station head or administrator for a resident through `reception` (接待日),
/// `visit` (走访), `phone` or `letter`, and through nothing else. The committee supervises and files nothing.
pub fn may_file(caller: Option<&Principal>, channel: Channel, anonymous_allowed: bool) -> Result<Filer, FilingRefusal> {
    let account = |actor: ActorKind, account_id: Uuid, filed_by: bool| Filer {
        actor: (actor, Some(account_id)),
        citizen_id: (actor == ActorKind::Citizen).then_some(account_id),
        kiosk_id: None,
        kiosk_station: None,
        filed_by: filed_by.then_some((actor, account_id)),
        scope: format!("account:{account_id}"),
    };
    match (caller, channel) {
        (Some(Principal::Kiosk { kiosk_id, station_id }), Channel::Kiosk) => Ok(Filer {
            actor: (ActorKind::Kiosk, Some(*kiosk_id)),
            citizen_id: None,
            kiosk_id: Some(*kiosk_id),
            kiosk_station: Some(*station_id),
            filed_by: None,
            scope: format!("kiosk:{kiosk_id}"),
        }),
        (Some(Principal::Kiosk { .. }), _) => Err(FilingRefusal::KioskFilesThroughKiosk),
        (Some(Principal::Citizen { account_id }), Channel::Mobile | Channel::Web) => {
            Ok(account(ActorKind::Citizen, *account_id, false))
        }
        (Some(Principal::Citizen { .. }), Channel::Kiosk) => Err(FilingRefusal::KioskChannelIsForKiosks),
        (Some(Principal::Citizen { .. }), _) => Err(FilingRefusal::AssistedChannelIsForOfficials),
        // The committee supervises and a handling unit answers; neither files for residents.
        (Some(Principal::Committee { .. } | Principal::Unit { .. }), channel) if channel.is_assisted() => {
            Err(FilingRefusal::AssistedChannelIsForOfficials)
        }
        (Some(official), channel) if channel.is_assisted() => {
            Ok(account(official.actor_kind(), official.subject_id(), true))
        }
        (Some(_), _) => Err(FilingRefusal::NotForOfficials),
        (None, Channel::Web) if anonymous_allowed => Ok(Filer {
            actor: (ActorKind::Citizen, None),
            citizen_id: None,
            kiosk_id: None,
            kiosk_station: None,
            filed_by: None,
            scope: "anonymous".to_owned(),
        }),
        (None, Channel::Web) => Err(FilingRefusal::SignInRequired),
        (None, Channel::Kiosk) => Err(FilingRefusal::KioskTokenRequired),
        (None, Channel::Mobile) => Err(FilingRefusal::MobileNeedsSignIn),
        (None, _) => Err(FilingRefusal::AssistedNeedsSignIn),
    }
}

/// Why an official may not file for the station named (or none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationRefusal {
    /// Staff file only for the stations they serve.
    NotTheirs,
    /// Staff of several stations name the one the report is for.
    WhichStation,
}

/// The station an official's report is filed for: staff and station heads file for a station they serve,
/// their only one when they name none; a deputy for the station they name, else their only station, else
/// none (routing then works from the place); an administrator for the station they name, if any.
pub fn assisted_station(principal: &Principal, named: Option<Uuid>) -> Result<Option<Uuid>, StationRefusal> {
    match principal {
        Principal::Staff { stations, .. } => match (named, stations.as_slice()) {
            (Some(station), _) if stations.contains(&station) => Ok(Some(station)),
            (Some(_), _) | (None, []) => Err(StationRefusal::NotTheirs),
            (None, [only]) => Ok(Some(*only)),
            (None, _) => Err(StationRefusal::WhichStation),
        },
        Principal::Deputy { stations, .. } => Ok(named.or(match stations.as_slice() {
            [only] => Some(*only),
            _ => None,
        })),
        _ => Ok(named),
    }
}

/// The deputy an official's report is routed to by choice: the one named, else the deputy filing it
/// (their own directory entry). Routing gives a report to its chosen deputy while they are active, as it
/// does for a citizen who picked one; one on leave, or a sensitive category, leaves it to routing's rules.
pub fn assisted_deputy(principal: &Principal, named: Option<Uuid>) -> Option<Uuid> {
    match principal {
        Principal::Deputy { deputy_id, .. } => named.or(*deputy_id),
        _ => named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSISTED: [Channel; 4] = [Channel::Reception, Channel::Visit, Channel::Phone, Channel::Letter];
    const SELF_SERVICE: [Channel; 3] = [Channel::Kiosk, Channel::Mobile, Channel::Web];

    #[test]
    fn who_may_file_through_which_channel() {
        let (kiosk_id, station_id, account_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let kiosk = Principal::Kiosk { kiosk_id, station_id };
        let citizen = Principal::Citizen { account_id };
        let staff = Principal::Staff { account_id, stations: vec![station_id], head: false };
        let filed = may_file(Some(&kiosk), Channel::Kiosk, false).unwrap();
        assert_eq!((filed.kiosk_station, filed.scope), (Some(station_id), format!("kiosk:{kiosk_id}")));
        assert_eq!(filed.filed_by, None);
        assert_eq!(may_file(Some(&kiosk), Channel::Web, true), Err(FilingRefusal::KioskFilesThroughKiosk));
        for channel in [Channel::Mobile, Channel::Web] {
            let filed = may_file(Some(&citizen), channel, false).unwrap();
            assert_eq!((filed.citizen_id, filed.filed_by), (Some(account_id), None));
        }
        assert_eq!(may_file(Some(&citizen), Channel::Kiosk, true), Err(FilingRefusal::KioskChannelIsForKiosks));
        assert_eq!(may_file(Some(&staff), Channel::Web, true), Err(FilingRefusal::NotForOfficials));
        assert_eq!(may_file(None, Channel::Web, true).unwrap().scope, "anonymous");
        assert_eq!(may_file(None, Channel::Web, false), Err(FilingRefusal::SignInRequired));
        assert_eq!(may_file(None, Channel::Kiosk, true), Err(FilingRefusal::KioskTokenRequired));
        assert_eq!(may_file(None, Channel::Mobile, true), Err(FilingRefusal::MobileNeedsSignIn));
    }

    #[test]
    fn officials_file_for_residents_through_the_assisted_channels_only() {
        let (account_id, station) = (Uuid::now_v7(), Uuid::now_v7());
        let officials = [
            (Principal::Deputy { account_id, deputy_id: Some(Uuid::now_v7()), stations: vec![] }, ActorKind::Deputy),
            (Principal::Staff { account_id, stations: vec![station], head: false }, ActorKind::Staff),
            (Principal::Staff { account_id, stations: vec![station], head: true }, ActorKind::Staff),
            (Principal::Admin { account_id }, ActorKind::Admin),
        ];
        for (official, kind) in &officials {
            for channel in ASSISTED {
                let filer = may_file(Some(official), channel, false).unwrap();
                assert_eq!(filer.actor, (*kind, Some(account_id)), "{official:?} {channel}");
                assert_eq!(filer.filed_by, Some((*kind, account_id)));
                assert_eq!((filer.citizen_id, filer.kiosk_id, filer.kiosk_station), (None, None, None));
                assert_eq!(filer.scope, format!("account:{account_id}"), "keys scoped to the official's account");
            }
            for channel in SELF_SERVICE {
                assert_eq!(may_file(Some(official), channel, true), Err(FilingRefusal::NotForOfficials));
            }
        }
    }

    #[test]
    fn citizens_kiosks_the_committee_units_and_strangers_do_not_use_the_assisted_channels() {
        let kiosk = Principal::Kiosk { kiosk_id: Uuid::now_v7(), station_id: Uuid::now_v7() };
        let citizen = Principal::Citizen { account_id: Uuid::now_v7() };
        let committee = Principal::Committee { account_id: Uuid::now_v7() };
        let unit = Principal::Unit { account_id: Uuid::now_v7(), unit_id: Uuid::now_v7() };
        for channel in ASSISTED {
            assert_eq!(may_file(Some(&unit), channel, true), Err(FilingRefusal::AssistedChannelIsForOfficials));
            assert_eq!(may_file(Some(&kiosk), channel, true), Err(FilingRefusal::KioskFilesThroughKiosk));
            assert_eq!(may_file(Some(&citizen), channel, true), Err(FilingRefusal::AssistedChannelIsForOfficials));
            assert_eq!(may_file(Some(&committee), channel, true), Err(FilingRefusal::AssistedChannelIsForOfficials));
            assert_eq!(may_file(None, channel, true), Err(FilingRefusal::AssistedNeedsSignIn));
        }
        assert_eq!(may_file(Some(&committee), Channel::Web, true), Err(FilingRefusal::NotForOfficials));
    }

    #[test]
    fn staff_file_for_a_station_they_serve_and_their_only_one_by_default() {
        let (mine, also_mine, theirs) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let staff = |stations: Vec<Uuid>| Principal::Staff { account_id: Uuid::now_v7(), stations, head: false };
        assert_eq!(assisted_station(&staff(vec![mine]), None), Ok(Some(mine)));
        assert_eq!(assisted_station(&staff(vec![mine]), Some(mine)), Ok(Some(mine)));
        assert_eq!(assisted_station(&staff(vec![mine]), Some(theirs)), Err(StationRefusal::NotTheirs));
        assert_eq!(assisted_station(&staff(vec![mine, also_mine]), Some(also_mine)), Ok(Some(also_mine)));
        assert_eq!(assisted_station(&staff(vec![mine, also_mine]), None), Err(StationRefusal::WhichStation));
        assert_eq!(assisted_station(&staff(vec![]), None), Err(StationRefusal::NotTheirs));
        let head = Principal::Staff { account_id: Uuid::now_v7(), stations: vec![mine], head: true };
        assert_eq!(assisted_station(&head, Some(theirs)), Err(StationRefusal::NotTheirs));
    }

    #[test]
    fn deputies_and_administrators_name_any_station_and_deputies_default_to_their_only_one() {
        let (mine, other) = (Uuid::now_v7(), Uuid::now_v7());
        let deputy = |stations: Vec<Uuid>| Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: None, stations };
        assert_eq!(assisted_station(&deputy(vec![mine]), None), Ok(Some(mine)));
        assert_eq!(assisted_station(&deputy(vec![mine]), Some(other)), Ok(Some(other)));
        assert_eq!(assisted_station(&deputy(vec![mine, other]), None), Ok(None), "routing works from the place");
        assert_eq!(assisted_station(&deputy(vec![]), None), Ok(None));
        let admin = Principal::Admin { account_id: Uuid::now_v7() };
        assert_eq!(assisted_station(&admin, None), Ok(None));
        assert_eq!(assisted_station(&admin, Some(other)), Ok(Some(other)));
    }

    #[test]
    fn a_deputys_report_goes_to_them_unless_they_name_a_colleague() {
        let (themself, colleague) = (Uuid::now_v7(), Uuid::now_v7());
        let deputy = Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: Some(themself), stations: vec![] };
        assert_eq!(assisted_deputy(&deputy, None), Some(themself));
        assert_eq!(assisted_deputy(&deputy, Some(colleague)), Some(colleague));
        let unbound = Principal::Deputy { account_id: Uuid::now_v7(), deputy_id: None, stations: vec![] };
        assert_eq!(assisted_deputy(&unbound, None), None, "an account not tied to a deputy: routing decides");
        let staff = Principal::Staff { account_id: Uuid::now_v7(), stations: vec![], head: false };
        assert_eq!(assisted_deputy(&staff, None), None);
        assert_eq!(assisted_deputy(&staff, Some(colleague)), Some(colleague));
    }
}
