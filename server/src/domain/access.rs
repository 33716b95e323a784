//! Who may do what: the roles, the principal a request acts as, and the object-level rules that decide
//! whether that principal may see or act on a particular report, station or kiosk (who may file through
//! which channel is in [`filing`]). Pure: callers load the facts (a report's station, citizen, assigned
//! deputy) and ask.

use uuid::Uuid;

use super::report::{ActorKind, string_enum};

mod filing;

pub use filing::{Filer, FilingRefusal, StationRefusal, assisted_deputy, assisted_station, may_file};

string_enum! {
    /// What kind of caller a principal is.
    pub enum Role {
        /// A resident signed in through WeChat or a phone code.
        Citizen => "citizen",
        /// A touchscreen device bound to one station.
        Kiosk => "kiosk",
        /// A people's-congress deputy; acts on the reports assigned to them.
        Deputy => "deputy",
        /// Station staff; act within their stations.
        Staff => "staff",
        /// A station head (联络站站长): staff of their stations who also hear of overdue reports (督办 level 1).
        StationHead => "station_head",
        /// The people's-congress working committee (人大工委): reads every report, supervises every station,
        /// hears of reports still overdue (督办 level 2).
        Committee => "committee",
        /// Administrators: accounts and configuration.
        Admin => "admin",
        /// A handling unit's account (承办单位): sees and answers only the reports forwarded to its unit.
        Unit => "unit",
    }
}

impl Role {
    /// Roles that sign in with a username and password.
    pub fn uses_password(self) -> bool {
        matches!(self, Role::Deputy | Role::Staff | Role::StationHead | Role::Committee | Role::Admin | Role::Unit)
    }

    /// Roles that belong to stations (at least one).
    pub fn needs_stations(self) -> bool {
        matches!(self, Role::Staff | Role::StationHead)
    }
}

/// The caller of a request, as proven by its access token and confirmed against storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Citizen {
        account_id: Uuid,
    },
    Kiosk {
        kiosk_id: Uuid,
        station_id: Uuid,
    },
    /// `deputy_id`: the directory entry linked to the account, which reports are assigned to.
    Deputy {
        account_id: Uuid,
        deputy_id: Option<Uuid>,
        stations: Vec<Uuid>,
    },
    /// Station staff; `head`: the station head, who has staff's powers and hears of overdue reports.
    Staff {
        account_id: Uuid,
        stations: Vec<Uuid>,
        head: bool,
    },
    /// The committee (人大工委): reads and supervises, does not handle.
    Committee {
        account_id: Uuid,
    },
    Admin {
        account_id: Uuid,
    },
    /// A handling unit's account: reaches only the reports forwarded to `unit_id`, and only through the
    /// unit's own view (never the citizen's name or phone).
    Unit {
        account_id: Uuid,
        unit_id: Uuid,
    },
}

/// The facts about a report that decide who may reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportScope {
    pub station_id: Option<Uuid>,
    /// The station routing gave it to (the one covering its place), when that is another.
    pub routed_station_id: Option<Uuid>,
    pub citizen_id: Option<Uuid>,
    pub assigned_deputy_id: Option<Uuid>,
}

impl Principal {
    pub fn role(&self) -> Role {
        match self {
            Principal::Citizen { .. } => Role::Citizen,
            Principal::Kiosk { .. } => Role::Kiosk,
            Principal::Deputy { .. } => Role::Deputy,
            Principal::Staff { head: false, .. } => Role::Staff,
            Principal::Staff { head: true, .. } => Role::StationHead,
            Principal::Committee { .. } => Role::Committee,
            Principal::Admin { .. } => Role::Admin,
            Principal::Unit { .. } => Role::Unit,
        }
    }

    /// How audit entries and timelines name this kind of actor.
    pub fn actor_kind(&self) -> ActorKind {
        match self {
            Principal::Citizen { .. } => ActorKind::Citizen,
            Principal::Kiosk { .. } => ActorKind::Kiosk,
            Principal::Deputy { .. } => ActorKind::Deputy,
            Principal::Staff { .. } => ActorKind::Staff,
            Principal::Committee { .. } => ActorKind::Committee,
            Principal::Admin { .. } => ActorKind::Admin,
            Principal::Unit { .. } => ActorKind::Unit,
        }
    }

    /// The account or kiosk id, as recorded in audit entries and timelines.
    pub fn subject_id(&self) -> Uuid {
        match self {
            Principal::Citizen { account_id }
            | Principal::Deputy { account_id, .. }
            | Principal::Staff { account_id, .. }
            | Principal::Committee { account_id }
            | Principal::Admin { account_id }
            | Principal::Unit { account_id, .. } => *account_id,
            Principal::Kiosk { kiosk_id, .. } => *kiosk_id,
        }
    }

    /// May this principal manage the station (its kiosks, its reports)? Staff of the station and admins.
    pub fn manages_station(&self, station_id: Uuid) -> bool {
        match self {
            Principal::Admin { .. } => true,
            Principal::Staff { stations, .. } => stations.contains(&station_id),
            _ => false,
        }
    }

    /// May this principal read the full report (description, place, masked contact)?
    ///
    /// Staff read their stations' reports; a deputy reads the reports assigned to them; a citizen reads
    /// their own; admins read all. Kiosks never read reports: they are shared screens in a public room.
    pub fn may_read_report(&self, report: &ReportScope) -> bool {
        match self {
            Principal::Admin { .. } | Principal::Committee { .. } => true,
            Principal::Staff { stations, .. } => {
                [report.station_id, report.routed_station_id].into_iter().flatten().any(|s| stations.contains(&s))
            }
            Principal::Deputy { deputy_id, .. } => deputy_id.is_some() && report.assigned_deputy_id == *deputy_id,
            Principal::Citizen { account_id } => report.citizen_id == Some(*account_id),
            // A unit reads its reports through its own view only (see `may_answer_as_unit`).
            Principal::Kiosk { .. } | Principal::Unit { .. } => false,
        }
    }

    /// May this principal answer a report as its handling unit? A unit's account, for the reports forwarded
    /// to its unit (while they are with it).
    pub fn may_answer_as_unit(&self, report_unit: Option<Uuid>) -> bool {
        match self {
            Principal::Unit { unit_id, .. } => report_unit == Some(*unit_id),
            _ => false,
        }
    }

    /// May this principal see the citizen's full phone number (to call back)? Only the people who handle the
    /// case: staff of its station and the assigned deputy. Every unmasking is audited by the caller.
    pub fn may_unmask_contact(&self, report: &ReportScope) -> bool {
        match self {
            Principal::Staff { .. } | Principal::Deputy { .. } => self.may_read_report(report),
            Principal::Admin { .. }
            | Principal::Committee { .. }
            | Principal::Citizen { .. }
            | Principal::Kiosk { .. }
            | Principal::Unit { .. } => false,
        }
    }

    /// Is this principal the head of the station (or an administrator)?
    pub fn heads_station(&self, station_id: Uuid) -> bool {
        match self {
            Principal::Admin { .. } => true,
            Principal::Staff { stations, head: true, .. } => stations.contains(&station_id),
            _ => false,
        }
    }

    /// May this principal watch supervision (the overdue board, statistics)? Staff for their stations, the
    /// committee and administrators for all.
    pub fn supervises(&self) -> bool {
        matches!(self, Principal::Staff { .. } | Principal::Committee { .. } | Principal::Admin { .. })
    }
}

/// What an edit of a deputy's record touches, as far as who may make it goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeputyEdit {
    /// The stations the deputy had and will have (known ones; unknown codes are the directory check's).
    pub stations: Vec<Uuid>,
    /// The deputy keeps at least one station.
    pub keeps_a_station: bool,
    /// Grids, communities and buildings newly linked to the deputy.
    pub new_places: Vec<String>,
    /// What the editor's stations cover (areas and buildings, by code).
    pub covered_places: std::collections::HashSet<String>,
}

/// Why an edit of a deputy is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeputyEditRefusal {
    /// Staff edit only deputies of their own stations (and keep them on at least one).
    NotTheirStations,
    /// Staff link deputies only to places their stations cover.
    OutsideTheirPlaces,
}

/// Administrators edit any deputy; staff only deputies of their own stations (every station the deputy had
/// and will have is theirs, one is kept) and link them only to places their stations cover.
pub fn may_edit_deputy(principal: &Principal, edit: &DeputyEdit) -> Result<(), DeputyEditRefusal> {
    match principal {
        Principal::Admin { .. } => Ok(()),
        Principal::Staff { .. } => {
            if !edit.keeps_a_station || !edit.stations.iter().all(|s| principal.manages_station(*s)) {
                Err(DeputyEditRefusal::NotTheirStations)
            } else if edit.new_places.iter().any(|p| !edit.covered_places.contains(p)) {
                Err(DeputyEditRefusal::OutsideTheirPlaces)
            } else {
                Ok(())
            }
        }
        _ => Err(DeputyEditRefusal::NotTheirStations),
    }
}

/// Who may manage what is the deputy's own (where they are notified, their portrait): the deputy, staff of
/// every one of the deputy's stations, or an administrator.
pub fn may_manage_deputy(principal: &Principal, deputy: Uuid, deputy_stations: &[Uuid]) -> bool {
    match principal {
        Principal::Admin { .. } => true,
        Principal::Deputy { deputy_id, .. } => *deputy_id == Some(deputy),
        Principal::Staff { .. } => {
            !deputy_stations.is_empty() && deputy_stations.iter().all(|s| principal.manages_station(*s))
        }
        Principal::Citizen { .. } | Principal::Kiosk { .. } | Principal::Committee { .. } | Principal::Unit { .. } => {
            false
        }
    }
}

/// Who a token speaks for: a person's account or a kiosk device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Account(Uuid),
    Kiosk(Uuid),
}

impl Subject {
    /// The `sub` claim: `account:<uuid>` or `kiosk:<uuid>`.
    pub fn to_claim(self) -> String {
        match self {
            Subject::Account(id) => format!("account:{id}"),
            Subject::Kiosk(id) => format!("kiosk:{id}"),
        }
    }

    pub fn parse(claim: &str) -> Option<Self> {
        let (kind, id) = claim.split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "account" => Some(Subject::Account(id)),
            "kiosk" => Some(Subject::Kiosk(id)),
            _ => None,
        }
    }

    /// The stored form of the kind (`account` or `kiosk`).
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Account(_) => "account",
            Subject::Kiosk(_) => "kiosk",
        }
    }

    pub fn id(self) -> Uuid {
        match self {
            Subject::Account(id) | Subject::Kiosk(id) => id,
        }
    }
}

#[cfg(test)]
mod tests;
