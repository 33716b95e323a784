//! A report as it is kept: what the citizen sent, what routing decided and what each step of the closed loop
//! wrote on it, in the domain's own types; its timeline entries and photos; and [`ReportUpdate`], the change a
//! step or a supervision finding makes. Storage reads its rows into these and writes these back.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{ActorKind, Channel, Consent, EventKind, GeoPoint, ReportStatus, Visibility, string_enum};
use crate::domain::access::ReportScope;
use crate::domain::deadlines::{Deadlines, Urgency};
use crate::domain::recipients::Parties;
use crate::domain::workflow::{Outcome, Verdict};

string_enum! {
    /// Who a report waits on after routing (at intake, or since: staff assigned it, a deputy returned it).
    pub enum RoutingState {
        /// Given to a deputy (交办).
        Assigned => "assigned",
        /// Left for staff to assess (研判).
        Triage => "triage",
    }
}

string_enum! {
    /// The citizen's answer to the follow-up question "was it actually fixed?".
    pub enum FollowUp {
        Fixed => "fixed",
        NotFixed => "not_fixed",
    }
}

impl FollowUp {
    /// The answer for "fixed: yes or no".
    pub fn from_fixed(fixed: bool) -> Self {
        if fixed { FollowUp::Fixed } else { FollowUp::NotFixed }
    }
}

string_enum! {
    /// Who a photo came from.
    pub enum PhotoSource {
        /// Sent with the report.
        Citizen => "citizen",
        /// Attached to a handling unit's reply; never shown to the citizen.
        UnitReply => "unit_reply",
    }
}

/// A stored report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub id: Uuid,
    pub tracking_code: String,
    pub category_id: Uuid,
    /// The station it was filed at (or named).
    pub station_id: Option<Uuid>,
    pub title: Option<String>,
    pub description: String,
    pub location: Option<GeoPoint>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    /// The contact phone, encrypted.
    pub contact_phone_cipher: Option<String>,
    /// Keyed hash of the contact phone.
    pub contact_phone_lookup: Option<String>,
    pub channel: Channel,
    pub anonymous: bool,
    pub consent: Consent,
    pub status: ReportStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The signed-in citizen who filed it.
    pub citizen_id: Option<Uuid>,
    /// That citizen hears by WeChat: they held an accepted subscription when filing, or accepted one since.
    pub citizen_wechat: bool,
    /// The kiosk it was filed at.
    pub kiosk_id: Option<Uuid>,
    /// The official (deputy, staff, administrator) who filed it for a resident: assisted intake.
    pub filed_by: Option<(ActorKind, Uuid)>,
    /// The deputy it is assigned to.
    pub assigned_deputy_id: Option<Uuid>,
    pub routing_state: Option<RoutingState>,
    /// Why, in the words staff read (zh; en after a newline).
    pub routing_reason: Option<String>,
    /// The station whose staff handle it (its triage queue, or the station of the area it is about).
    pub routed_station_id: Option<Uuid>,
    pub assigned_at: Option<DateTime<Utc>>,
    /// The community or grid the citizen picked as the place.
    pub area_id: Option<Uuid>,
    /// The building the citizen picked as the place.
    pub building_id: Option<Uuid>,
    /// When the current step is due (accept, unit reply or answer); none once answered or closed.
    pub due_at: Option<DateTime<Utc>>,
    /// When the citizen's answer is due, set at acceptance.
    pub answer_due_at: Option<DateTime<Utc>>,
    /// Proposed by the answer, final at close.
    pub outcome: Option<Outcome>,
    pub verdict: Option<Verdict>,
    pub rating_comment: Option<String>,
    /// The answer to the citizen, in plain words.
    pub answer_text: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    /// The first answer, for the time-to-answer statistics (a reopened report is answered again).
    pub first_answered_at: Option<DateTime<Utc>>,
    /// The answer deadline set when a deputy first took it on (a reopen sets a later one; this one stays).
    pub first_answer_due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub handling_unit_id: Option<Uuid>,
    /// Working days of extension asked for and not yet decided.
    pub extension_days: Option<i32>,
    pub reopen_count: i32,
    /// 0 none, 1 the station head, 2 the committee.
    pub escalation_level: i32,
    pub due_soon_noticed: bool,
    /// Bumped by every transition, so two people acting at once cannot both win.
    pub version: i32,
    /// The report this one was merged into as a duplicate.
    pub merged_into: Option<Uuid>,
    pub follow_up: Option<FollowUp>,
    pub follow_up_at: Option<DateTime<Utc>>,
    /// The hours staff set when they expedited it.
    pub urgency: Option<Urgency>,
}

/// Whether a report's citizen is told of its progress: they left a phone and agreed to be contacted, or they
/// hear by WeChat (accepted a subscription).
pub fn citizen_reachable(consent_personal_info: bool, has_phone: bool, wechat: bool) -> bool {
    (consent_personal_info && has_phone) || wechat
}

impl Report {
    /// Whether the report is closed (销号).
    pub fn is_closed(&self) -> bool {
        self.status == ReportStatus::Closed
    }

    /// The facts that decide who may reach it: the station it was filed at and the one routing gave it to
    /// (they differ for a report about a place another station covers; both stations' staff reach it).
    pub fn scope(&self) -> ReportScope {
        ReportScope {
            station_id: self.station_id,
            routed_station_id: self.routed_station_id,
            citizen_id: self.citizen_id,
            assigned_deputy_id: self.assigned_deputy_id,
        }
    }

    /// What statistics count of it.
    pub fn stat_facts(&self) -> crate::domain::stats::ReportFacts {
        crate::domain::stats::ReportFacts {
            status: self.status,
            outcome: self.outcome,
            verdict: self.verdict,
            submitted_at: self.created_at,
            first_answered_at: self.first_answered_at,
            first_answer_due_at: self.first_answer_due_at,
            due_at: self.due_at,
            closed_at: self.closed_at,
        }
    }

    /// The people and places it concerns, for deciding who hears of what happens to it.
    pub fn parties(&self) -> Parties {
        Parties {
            report: self.id,
            deputy: self.assigned_deputy_id,
            station: self.routed_station_id.or(self.station_id),
            unit: self.handling_unit_id,
            citizen_reachable: citizen_reachable(
                self.consent.personal_info,
                self.contact_phone_cipher.is_some(),
                self.citizen_wechat,
            ),
            wants_receipt: self.consent.sms,
            waiting_on_unit: self.status == ReportStatus::Forwarded,
        }
    }

    /// Its deadlines as they stand.
    pub fn deadlines(&self) -> Deadlines {
        Deadlines {
            due_at: self.due_at,
            answer_due_at: self.answer_due_at,
            first_answer_due_at: self.first_answer_due_at,
        }
    }
}

/// What a change writes on a report. A field left `None` keeps what is stored; for a value that may be
/// absent, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportUpdate {
    pub status: Option<ReportStatus>,
    pub assigned_deputy_id: Option<Option<Uuid>>,
    pub assigned_at: Option<Option<DateTime<Utc>>>,
    pub routing_state: Option<Option<RoutingState>>,
    pub routing_reason: Option<Option<String>>,
    pub handling_unit_id: Option<Option<Uuid>>,
    pub due_at: Option<Option<DateTime<Utc>>>,
    pub answer_due_at: Option<Option<DateTime<Utc>>>,
    pub first_answer_due_at: Option<Option<DateTime<Utc>>>,
    pub escalation_level: Option<i32>,
    pub due_soon_noticed: Option<bool>,
    pub extension_days: Option<Option<i32>>,
    pub outcome: Option<Option<Outcome>>,
    pub verdict: Option<Option<Verdict>>,
    pub rating_comment: Option<Option<String>>,
    pub answer_text: Option<Option<String>>,
    pub answered_at: Option<Option<DateTime<Utc>>>,
    pub first_answered_at: Option<Option<DateTime<Utc>>>,
    pub closed_at: Option<Option<DateTime<Utc>>>,
    pub reopen_count: Option<i32>,
    pub merged_into: Option<Option<Uuid>>,
    pub follow_up: Option<Option<FollowUp>>,
    pub follow_up_at: Option<Option<DateTime<Utc>>>,
    pub urgency: Option<Option<Urgency>>,
}

/// One entry of a report's append-only timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportEvent {
    /// UUIDv7: ids sort in the order events happened.
    pub id: Uuid,
    pub report_id: Uuid,
    pub kind: EventKind,
    pub visibility: Visibility,
    pub actor_kind: ActorKind,
    pub actor_id: Option<Uuid>,
    pub note: Option<String>,
    pub from_status: Option<ReportStatus>,
    pub to_status: Option<ReportStatus>,
    /// The workflow action, for transitions.
    pub action: Option<String>,
    pub at: DateTime<Utc>,
}

/// A photo of a report. The display rendition lives in the photo store under `storage_key`, the thumbnail
/// under `thumb_key` (none for a photo stored by the first release, processed at startup).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportPhoto {
    pub id: Uuid,
    pub report_id: Uuid,
    /// 0-based, in the order the photos were sent.
    pub position: i32,
    pub content_type: String,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub thumb_key: Option<String>,
    /// The upload as received, only when `photos.keep_originals` is on.
    pub original_key: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub thumb_width: Option<i32>,
    pub thumb_height: Option<i32>,
    pub source: PhotoSource,
    pub created_at: DateTime<Utc>,
}

/// A PDF document attached to a report; never shown to the citizen.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportDocument {
    pub id: Uuid,
    pub report_id: Uuid,
    pub position: i32,
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    /// As sent, cleaned; may be empty.
    pub file_name: String,
    pub attached_by: ActorKind,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn report() -> Report {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).single().unwrap_or_default();
        Report {
            id: Uuid::from_u128(1),
            tracking_code: "LS-7KQ-9M3-XDP".into(),
            category_id: Uuid::from_u128(2),
            station_id: Some(Uuid::from_u128(3)),
            title: None,
            description: "垃圾桶三天没有清运".into(),
            location: None,
            address: None,
            contact_name: None,
            contact_phone_cipher: None,
            contact_phone_lookup: None,
            channel: Channel::Kiosk,
            anonymous: false,
            consent: Consent::default(),
            status: ReportStatus::Assigned,
            created_at: at,
            updated_at: at,
            citizen_id: None,
            citizen_wechat: false,
            kiosk_id: None,
            filed_by: None,
            assigned_deputy_id: Some(Uuid::from_u128(4)),
            routing_state: Some(RoutingState::Assigned),
            routing_reason: None,
            routed_station_id: None,
            assigned_at: Some(at),
            area_id: None,
            building_id: None,
            due_at: Some(at),
            answer_due_at: None,
            outcome: None,
            verdict: None,
            rating_comment: None,
            answer_text: None,
            answered_at: None,
            first_answered_at: None,
            first_answer_due_at: None,
            closed_at: None,
            handling_unit_id: None,
            extension_days: None,
            reopen_count: 0,
            escalation_level: 0,
            due_soon_noticed: false,
            version: 0,
            merged_into: None,
            follow_up: None,
            follow_up_at: None,
            urgency: None,
        }
    }

    #[test]
    fn stored_words_read_back_as_the_same_values_and_unknown_ones_are_refused() {
        for state in RoutingState::ALL {
            assert_eq!(state.as_str().parse::<RoutingState>(), Ok(*state));
        }
        for answer in FollowUp::ALL {
            assert_eq!(answer.as_str().parse::<FollowUp>(), Ok(*answer));
        }
        for source in PhotoSource::ALL {
            assert_eq!(source.as_str().parse::<PhotoSource>(), Ok(*source));
        }
        assert_eq!(FollowUp::from_fixed(true), FollowUp::Fixed);
        assert_eq!(FollowUp::from_fixed(false).as_str(), "not_fixed");
        let unknown = "routed".parse::<RoutingState>().err().map(|e| e.to_string());
        assert_eq!(unknown.as_deref(), Some("`routed` is not a known RoutingState"));
    }

    #[test]
    fn the_station_responsible_is_the_routed_one_else_the_one_it_was_filed_at() {
        let mut r = report();
        assert_eq!(r.parties().station, r.station_id);
        assert_eq!(r.scope().routed_station_id, None);
        r.routed_station_id = Some(Uuid::from_u128(9));
        assert_eq!(r.parties().station, Some(Uuid::from_u128(9)));
        assert_eq!(r.scope().station_id, Some(Uuid::from_u128(3)));
        assert_eq!(r.parties().deputy, r.assigned_deputy_id);
        assert!(!r.parties().waiting_on_unit);
        r.status = ReportStatus::Forwarded;
        assert!(r.parties().waiting_on_unit, "forwarded: the unit owes its reply");
    }

    #[test]
    fn the_citizen_is_reachable_with_a_phone_and_consent_or_by_wechat() {
        let mut r = report();
        assert!(!r.parties().citizen_reachable);
        let wechat = Report { citizen_wechat: true, ..r.clone() };
        assert!(wechat.parties().citizen_reachable, "an accepted WeChat subscription needs no phone");
        r.contact_phone_cipher = Some("sealed".into());
        assert!(!r.parties().citizen_reachable, "no consent");
        r.consent.personal_info = true;
        assert!(r.parties().citizen_reachable);
        assert!(!r.parties().wants_receipt);
        r.consent.sms = true;
        assert!(r.parties().wants_receipt);
    }

    #[test]
    fn closed_means_the_closed_status_and_deadlines_are_read_together() {
        let mut r = report();
        assert!(!r.is_closed());
        assert_eq!(r.deadlines().due_at, r.due_at);
        r.status = ReportStatus::Closed;
        assert!(r.is_closed());
    }
}
