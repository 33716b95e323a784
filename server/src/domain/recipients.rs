//! Who hears of what happens to a report: one rule for a report filed, each step of the closed loop, and
//! each supervision finding. Pure: the notices are written by storage and delivered by the relay.

use uuid::Uuid;

use super::notify::{Audience, COMMITTEE, NoticeKind};

/// The people and places a report concerns, as it stood before the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parties {
    /// The report itself: the citizen's notices are addressed to it (the phone is stored with the report).
    pub report: Uuid,
    /// The deputy handling it.
    pub deputy: Option<Uuid>,
    /// The station responsible for it: the one routing gave it to, else the one it was filed at.
    pub station: Option<Uuid>,
    /// The handling unit it was forwarded to.
    pub unit: Option<Uuid>,
    /// The citizen left a phone and agreed to be contacted.
    pub citizen_reachable: bool,
    /// The citizen, reachable, also asked for the tracking code by text message when the report was filed.
    pub wants_receipt: bool,
    /// The report waits for the handling unit's reply: the unit's deadline runs, so the unit is chased.
    pub waiting_on_unit: bool,
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The report was filed and routed: to the parties' deputy, or else to their station's triage queue.
    Filed,
    /// A step of the loop.
    Step(Step),
    /// Supervision found the report due soon, overdue, or answered and left unrated.
    Finding(Finding),
    /// The citizen added information or photos (补充).
    Supplemented,
}

/// A step of the loop, in the facts that decide who hears of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Staff assigned it to this deputy (交办).
    pub assigned_to: Option<Uuid>,
    /// The deputy or staff forwarded it to this handling unit (转办承办单位).
    pub forwarded_to: Option<Uuid>,
    /// The deputy gave it back to the station.
    pub returned: bool,
    /// The citizen reopened it.
    pub reopened: bool,
    /// The citizen sees the step on their tracking page.
    pub public: bool,
    /// The deputy asked for more time: the station's staff decide.
    pub extension_requested: bool,
    /// Staff granted or refused the time asked for: the deputy hears which.
    pub extension_decided: bool,
}

/// What supervision found (督办).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The current step is due within a working day.
    DueSoon,
    /// Overdue: escalated to the station head.
    StationHead,
    /// Still overdue some working days later: escalated to the committee.
    Committee,
    /// Answered, and the citizen has not rated it for too long.
    Unrated,
}

impl Finding {
    /// The name recorded on the timeline and in notices' dedupe keys.
    pub fn action(self) -> &'static str {
        match self {
            Finding::DueSoon => "due_soon",
            Finding::StationHead => "escalate_station_head",
            Finding::Committee => "escalate_committee",
            Finding::Unrated => "no_rating",
        }
    }

    /// The timeline's note, in both languages.
    pub fn note(self, rating_wait_days: i64) -> String {
        match self {
            Finding::DueSoon => "即将到期\nDue within a working day".into(),
            Finding::StationHead => "已逾期，督办至联络站站长\nOverdue: escalated to the station head".into(),
            Finding::Committee => "逾期未办，督办至人大常委会\nStill overdue: escalated to the committee".into(),
            Finding::Unrated => format!(
                "答复后{rating_wait_days}日未评价，待督办人员销号\nNo rating {rating_wait_days} days after the answer: \
                 a supervisor may close it"
            ),
        }
    }
}

/// One notice to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient {
    pub kind: NoticeKind,
    pub audience: Audience,
    pub id: Uuid,
}

/// The citizen of a report merged into another (并案), when the other is answered or closed: they are sent
/// the shared answer, if they can be reached.
pub fn shared_answer(merged: &Parties) -> Option<Recipient> {
    merged.citizen_reachable.then_some(Recipient {
        kind: NoticeKind::Progress,
        audience: Audience::Citizen,
        id: merged.report,
    })
}

/// Everyone who hears of `event`.
///
/// - Filed: the deputy it went to, else the station's staff for triage; and the citizen, with the tracking
///   code, when they asked for it by text message.
/// - A step: the deputy a report is assigned to; the handling unit it is forwarded to (with the link it
///   answers through); the station when a deputy gives it back or asks for more time; the deputy when that
///   request is decided; the deputy and the handling unit when the citizen reopens it; the citizen on every
///   public step, when they can be reached.
/// - The citizen added information: the deputy it is assigned to, else the station's staff.
/// - Supervision: whoever's step it is (the deputy, or the handling unit while the report waits for its
///   reply) when a step is due soon or overdue; when overdue, also the station's staff and its head (督办
///   level 1), and later the head and the committee (level 2); the station when an answer waits too long
///   for its rating.
pub fn recipients(event: Event, parties: &Parties) -> Vec<Recipient> {
    let to = |kind, audience, id: Option<Uuid>| id.map(|id| Recipient { kind, audience, id });
    match event {
        Event::Supplemented => match parties.deputy {
            Some(deputy) => to(NoticeKind::Supplemented, Audience::Deputy, Some(deputy)),
            None => to(NoticeKind::Supplemented, Audience::Station, parties.station),
        }
        .into_iter()
        .collect(),
        Event::Filed => {
            let handler = match parties.deputy {
                Some(deputy) => to(NoticeKind::Assigned, Audience::Deputy, Some(deputy)),
                None => to(NoticeKind::Triage, Audience::Station, parties.station),
            };
            let receipt = (parties.citizen_reachable && parties.wants_receipt)
                .then(|| to(NoticeKind::Receipt, Audience::Citizen, Some(parties.report)))
                .flatten();
            handler.into_iter().chain(receipt).collect()
        }
        Event::Step(step) => {
            let handler = if step.assigned_to.is_some() {
                to(NoticeKind::Assigned, Audience::Deputy, step.assigned_to)
            } else if step.returned {
                to(NoticeKind::Triage, Audience::Station, parties.station)
            } else if step.reopened {
                to(NoticeKind::Reopened, Audience::Deputy, parties.deputy)
            } else if step.extension_requested {
                to(NoticeKind::ExtensionRequested, Audience::Station, parties.station)
            } else if step.extension_decided {
                to(NoticeKind::ExtensionDecided, Audience::Deputy, parties.deputy)
            } else {
                None
            };
            let unit = if step.forwarded_to.is_some() {
                to(NoticeKind::Forwarded, Audience::Unit, step.forwarded_to)
            } else if step.reopened {
                to(NoticeKind::Reopened, Audience::Unit, parties.unit)
            } else {
                None
            };
            let citizen = (step.public && parties.citizen_reachable)
                .then(|| to(NoticeKind::Progress, Audience::Citizen, Some(parties.report)))
                .flatten();
            handler.into_iter().chain(unit).chain(citizen).collect()
        }
        Event::Finding(finding) => {
            let handler = if parties.waiting_on_unit && parties.unit.is_some() {
                (Audience::Unit, parties.unit)
            } else {
                (Audience::Deputy, parties.deputy)
            };
            let kind = if finding == Finding::DueSoon { NoticeKind::DueSoon } else { NoticeKind::Escalated };
            let handler = to(kind, handler.0, handler.1);
            let station = parties.station;
            let others = match finding {
                Finding::DueSoon => vec![],
                Finding::StationHead => {
                    vec![to(kind, Audience::Station, station), to(kind, Audience::StationHead, station)]
                }
                Finding::Committee => {
                    vec![to(kind, Audience::StationHead, station), to(kind, Audience::Committee, Some(COMMITTEE))]
                }
                Finding::Unrated => return to(kind, Audience::Station, station).into_iter().collect(),
            };
            handler.into_iter().chain(others.into_iter().flatten()).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parties() -> Parties {
        Parties {
            report: Uuid::now_v7(),
            deputy: Some(Uuid::now_v7()),
            station: Some(Uuid::now_v7()),
            unit: Some(Uuid::now_v7()),
            citizen_reachable: true,
            wants_receipt: false,
            waiting_on_unit: false,
        }
    }

    fn heard(event: Event, parties: &Parties) -> Vec<(NoticeKind, Audience, Uuid)> {
        recipients(event, parties).into_iter().map(|r| (r.kind, r.audience, r.id)).collect()
    }

    const QUIET: Step = Step {
        assigned_to: None,
        forwarded_to: None,
        returned: false,
        reopened: false,
        public: false,
        extension_requested: false,
        extension_decided: false,
    };

    #[test]
    fn extensions_go_to_the_station_to_decide_and_the_decision_back_to_the_deputy() {
        let p = parties();
        let asked = Step { extension_requested: true, ..QUIET };
        assert_eq!(
            heard(Event::Step(asked), &p),
            vec![(NoticeKind::ExtensionRequested, Audience::Station, p.station.unwrap())]
        );
        let decided = Step { extension_decided: true, public: true, ..QUIET };
        assert_eq!(
            heard(Event::Step(decided), &p),
            vec![
                (NoticeKind::ExtensionDecided, Audience::Deputy, p.deputy.unwrap()),
                (NoticeKind::Progress, Audience::Citizen, p.report)
            ]
        );
    }

    #[test]
    fn a_merged_reports_citizen_is_sent_the_shared_answer_when_reachable() {
        let p = parties();
        assert_eq!(
            shared_answer(&p),
            Some(Recipient { kind: NoticeKind::Progress, audience: Audience::Citizen, id: p.report })
        );
        assert_eq!(shared_answer(&Parties { citizen_reachable: false, ..p }), None);
    }

    #[test]
    fn a_filed_report_reaches_its_deputy_or_else_the_triage_queue() {
        let p = parties();
        let (deputy, station) = (p.deputy.unwrap(), p.station.unwrap());
        assert_eq!(heard(Event::Filed, &p), vec![(NoticeKind::Assigned, Audience::Deputy, deputy)]);
        let to_triage = Parties { deputy: None, ..p };
        assert_eq!(heard(Event::Filed, &to_triage), vec![(NoticeKind::Triage, Audience::Station, station)]);
        assert!(heard(Event::Filed, &Parties { station: None, ..to_triage }).is_empty());
    }

    #[test]
    fn a_citizen_who_asked_for_the_code_by_text_gets_a_receipt() {
        let p = Parties { wants_receipt: true, ..parties() };
        assert_eq!(
            heard(Event::Filed, &p),
            vec![
                (NoticeKind::Assigned, Audience::Deputy, p.deputy.unwrap()),
                (NoticeKind::Receipt, Audience::Citizen, p.report),
            ]
        );
        let unreachable = Parties { citizen_reachable: false, ..p };
        assert_eq!(heard(Event::Filed, &unreachable).len(), 1, "no phone or no consent: no text");
        // Only at filing: later steps send progress notices, never a second receipt.
        let answered = Step { public: true, ..QUIET };
        assert_eq!(heard(Event::Step(answered), &p), vec![(NoticeKind::Progress, Audience::Citizen, p.report)]);
    }

    #[test]
    fn steps_reach_the_next_handler_and_public_ones_the_citizen() {
        let p = parties();
        let other = Uuid::now_v7();
        let assign = Step { assigned_to: Some(other), ..QUIET };
        assert_eq!(heard(Event::Step(assign), &p), vec![(NoticeKind::Assigned, Audience::Deputy, other)]);
        let back = Step { returned: true, ..QUIET };
        assert_eq!(heard(Event::Step(back), &p), vec![(NoticeKind::Triage, Audience::Station, p.station.unwrap())]);
        let reopened = Step { reopened: true, public: true, ..QUIET };
        assert_eq!(
            heard(Event::Step(reopened), &p),
            vec![
                (NoticeKind::Reopened, Audience::Deputy, p.deputy.unwrap()),
                (NoticeKind::Reopened, Audience::Unit, p.unit.unwrap()),
                (NoticeKind::Progress, Audience::Citizen, p.report),
            ]
        );
        let unit = Uuid::now_v7();
        let forwarded = Step { forwarded_to: Some(unit), public: true, ..QUIET };
        assert_eq!(
            heard(Event::Step(forwarded), &p),
            vec![(NoticeKind::Forwarded, Audience::Unit, unit), (NoticeKind::Progress, Audience::Citizen, p.report)]
        );
        let answered = Step { public: true, ..QUIET };
        assert_eq!(heard(Event::Step(answered), &p), vec![(NoticeKind::Progress, Audience::Citizen, p.report)]);
        let unreachable = Parties { citizen_reachable: false, ..p };
        assert!(heard(Event::Step(answered), &unreachable).is_empty());
        assert!(heard(Event::Step(QUIET), &p).is_empty());
    }

    #[test]
    fn findings_climb_from_the_handler_to_the_station_head_and_the_committee() {
        let p = parties();
        let (deputy, station) = (p.deputy.unwrap(), p.station.unwrap());
        let escalated = NoticeKind::Escalated;
        assert_eq!(heard(Event::Finding(Finding::DueSoon), &p), vec![(NoticeKind::DueSoon, Audience::Deputy, deputy)]);
        assert_eq!(
            heard(Event::Finding(Finding::StationHead), &p),
            vec![
                (escalated, Audience::Deputy, deputy),
                (escalated, Audience::Station, station),
                (escalated, Audience::StationHead, station),
            ]
        );
        assert_eq!(
            heard(Event::Finding(Finding::Committee), &p),
            vec![
                (escalated, Audience::Deputy, deputy),
                (escalated, Audience::StationHead, station),
                (escalated, Audience::Committee, COMMITTEE),
            ]
        );
        assert_eq!(heard(Event::Finding(Finding::Unrated), &p), vec![(escalated, Audience::Station, station)]);
        let in_triage = Parties { deputy: None, ..p };
        assert_eq!(
            heard(Event::Finding(Finding::StationHead), &in_triage),
            vec![(escalated, Audience::Station, station), (escalated, Audience::StationHead, station)]
        );
    }

    #[test]
    fn a_unit_that_owes_its_reply_is_chased_instead_of_the_deputy() {
        let p = Parties { waiting_on_unit: true, ..parties() };
        let unit = p.unit.unwrap();
        assert_eq!(heard(Event::Finding(Finding::DueSoon), &p), vec![(NoticeKind::DueSoon, Audience::Unit, unit)]);
        let escalated = heard(Event::Finding(Finding::StationHead), &p);
        assert_eq!(escalated[0], (NoticeKind::Escalated, Audience::Unit, unit));
        assert!(escalated.iter().all(|(_, audience, _)| *audience != Audience::Deputy), "{escalated:?}");
    }
}
