//! Report rows, timeline rows and photo rows into their domain records, and a [`ReportUpdate`] into the
//! columns it sets.

use sea_orm::{ActiveValue, Set};

use super::parse_optional;
use crate::domain::deadlines::Urgency;
use crate::domain::report::record::{Report, ReportEvent, ReportPhoto, ReportUpdate};
use crate::domain::report::{Consent, GeoPoint};
use crate::storage::StorageError;
use crate::storage::entities::{report, report_event, report_photo};

impl TryFrom<report::Model> for Report {
    type Error = StorageError;

    fn try_from(row: report::Model) -> Result<Self, StorageError> {
        Ok(Report {
            channel: row.channel.parse()?,
            status: row.status.parse()?,
            routing_state: parse_optional(row.routing_state.as_deref())?,
            outcome: parse_optional(row.outcome.as_deref())?,
            verdict: parse_optional(row.verdict.as_deref())?,
            follow_up: parse_optional(row.follow_up.as_deref())?,
            location: row.lat.zip(row.lng).map(|(lat, lng)| GeoPoint { lat, lng }),
            consent: Consent {
                personal_info: row.consent_personal_info,
                phone_call: row.consent_phone_call,
                sms: row.consent_sms,
                publish: row.consent_publish,
                publish_photos: row.consent_publish_photos,
            },
            filed_by: match (parse_optional(row.filed_by_kind.as_deref())?, row.filed_by_id) {
                (Some(kind), Some(id)) => Some((kind, id)),
                (None, None) => None,
                _ => return Err(StorageError::Corrupt(format!("report {}: half of filed_by", row.id))),
            },
            id: row.id,
            tracking_code: row.tracking_code,
            category_id: row.category_id,
            station_id: row.station_id,
            title: row.title,
            description: row.description,
            address: row.address,
            contact_name: row.contact_name,
            contact_phone_cipher: row.contact_phone_cipher,
            contact_phone_lookup: row.contact_phone_lookup,
            anonymous: row.anonymous,
            created_at: row.created_at,
            updated_at: row.updated_at,
            citizen_id: row.citizen_id,
            citizen_wechat: row.citizen_wechat,
            kiosk_id: row.kiosk_id,
            assigned_deputy_id: row.assigned_deputy_id,
            routing_reason: row.routing_reason,
            routed_station_id: row.routed_station_id,
            assigned_at: row.assigned_at,
            area_id: row.area_id,
            building_id: row.building_id,
            due_at: row.due_at,
            answer_due_at: row.answer_due_at,
            rating_comment: row.rating_comment,
            answer_text: row.answer_text,
            answered_at: row.answered_at,
            first_answered_at: row.first_answered_at,
            first_answer_due_at: row.first_answer_due_at,
            closed_at: row.closed_at,
            handling_unit_id: row.handling_unit_id,
            extension_days: row.extension_days,
            reopen_count: row.reopen_count,
            escalation_level: row.escalation_level,
            due_soon_noticed: row.due_soon_noticed,
            version: row.version,
            merged_into: row.merged_into,
            follow_up_at: row.follow_up_at,
            urgency: match (row.urgent_accept_hours, row.urgent_answer_hours) {
                (Some(accept), Some(answer)) => Some(Urgency {
                    accept_hours: u32::try_from(accept).unwrap_or(1).max(1),
                    answer_hours: u32::try_from(answer).unwrap_or(1).max(1),
                }),
                _ => None,
            },
        })
    }
}

impl TryFrom<report_event::Model> for ReportEvent {
    type Error = StorageError;

    fn try_from(row: report_event::Model) -> Result<Self, StorageError> {
        Ok(ReportEvent {
            id: row.id,
            report_id: row.report_id,
            kind: row.kind.parse()?,
            visibility: row.visibility.parse()?,
            actor_kind: row.actor_kind.parse()?,
            actor_id: row.actor_id,
            note: row.note,
            from_status: parse_optional(row.from_status.as_deref())?,
            to_status: parse_optional(row.to_status.as_deref())?,
            action: row.action,
            at: row.created_at,
        })
    }
}

impl TryFrom<report_photo::Model> for ReportPhoto {
    type Error = StorageError;

    fn try_from(row: report_photo::Model) -> Result<Self, StorageError> {
        Ok(ReportPhoto {
            id: row.id,
            report_id: row.report_id,
            position: row.position,
            content_type: row.content_type,
            byte_size: row.byte_size,
            sha256: row.sha256,
            storage_key: row.storage_key,
            thumb_key: row.thumb_key,
            original_key: row.original_key,
            width: row.width,
            height: row.height,
            thumb_width: row.thumb_width,
            thumb_height: row.thumb_height,
            source: row.source.parse()?,
            created_at: row.created_at,
        })
    }
}

/// The columns `update` sets; every other column is left as it is.
pub fn report_columns(update: ReportUpdate) -> report::ActiveModel {
    fn set<T: Into<sea_orm::Value>>(value: Option<T>) -> ActiveValue<T> {
        value.map_or(ActiveValue::NotSet, Set)
    }
    fn text<T: std::fmt::Display>(value: Option<Option<T>>) -> ActiveValue<Option<String>> {
        set(value.map(|v| v.map(|v| v.to_string())))
    }
    report::ActiveModel {
        status: set(update.status.map(|s| s.as_str().to_owned())),
        assigned_deputy_id: set(update.assigned_deputy_id),
        assigned_at: set(update.assigned_at),
        routing_state: text(update.routing_state),
        routing_reason: set(update.routing_reason),
        handling_unit_id: set(update.handling_unit_id),
        due_at: set(update.due_at),
        answer_due_at: set(update.answer_due_at),
        first_answer_due_at: set(update.first_answer_due_at),
        escalation_level: set(update.escalation_level),
        due_soon_noticed: set(update.due_soon_noticed),
        extension_days: set(update.extension_days),
        outcome: text(update.outcome),
        verdict: text(update.verdict),
        rating_comment: set(update.rating_comment),
        answer_text: set(update.answer_text),
        answered_at: set(update.answered_at),
        first_answered_at: set(update.first_answered_at),
        closed_at: set(update.closed_at),
        reopen_count: set(update.reopen_count),
        merged_into: set(update.merged_into),
        follow_up: text(update.follow_up),
        follow_up_at: set(update.follow_up_at),
        urgent_accept_hours: set(update.urgency.map(|u| u.and_then(|u| i32::try_from(u.accept_hours).ok()))),
        urgent_answer_hours: set(update.urgency.map(|u| u.and_then(|u| i32::try_from(u.answer_hours).ok()))),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use sea_orm::ActiveValue::NotSet;
    use uuid::Uuid;

    use super::*;
    use crate::domain::report::record::{FollowUp, RoutingState};
    use crate::domain::report::{Channel, ReportStatus};
    use crate::domain::workflow::Outcome;

    fn row() -> report::Model {
        let now = Utc::now();
        report::Model {
            id: Uuid::now_v7(),
            tracking_code: "LS-7KQ-9M3-XDP".into(),
            category_id: Uuid::now_v7(),
            station_id: None,
            title: None,
            description: "路灯不亮".into(),
            lat: Some(31.2),
            lng: None,
            address: None,
            contact_name: None,
            contact_phone: None,
            channel: "web".into(),
            anonymous: true,
            consent_personal_info: false,
            consent_phone_call: false,
            consent_publish: false,
            consent_publish_photos: false,
            status: "answered".into(),
            created_at: now,
            updated_at: now,
            citizen_id: None,
            citizen_wechat: false,
            kiosk_id: None,
            assigned_deputy_id: None,
            contact_phone_cipher: None,
            contact_phone_lookup: None,
            routing_state: Some("triage".into()),
            routing_reason: None,
            routed_station_id: None,
            assigned_at: None,
            area_id: None,
            building_id: None,
            due_at: None,
            answer_due_at: None,
            outcome: Some("resolved".into()),
            verdict: None,
            rating_comment: None,
            answer_text: Some("已修复".into()),
            answered_at: Some(now),
            first_answered_at: Some(now),
            first_answer_due_at: None,
            closed_at: None,
            handling_unit_id: None,
            extension_days: None,
            reopen_count: 0,
            escalation_level: 0,
            due_soon_noticed: false,
            version: 3,
            merged_into: None,
            follow_up: Some("not_fixed".into()),
            follow_up_at: None,
            urgent_accept_hours: None,
            urgent_answer_hours: None,
            consent_sms: false,
            filed_by_kind: None,
            filed_by_id: None,
        }
    }

    #[test]
    fn stored_words_become_domain_values() {
        let report = Report::try_from(row()).unwrap();
        assert_eq!(report.status, ReportStatus::Answered);
        assert_eq!(report.channel, Channel::Web);
        assert_eq!(report.routing_state, Some(RoutingState::Triage));
        assert_eq!(report.outcome, Some(Outcome::Resolved));
        assert_eq!(report.follow_up, Some(FollowUp::NotFixed));
        assert_eq!(report.location, None, "a point needs both coordinates");
        assert_eq!(report.version, 3);
        assert_eq!(report.filed_by, None);
        let official = Uuid::now_v7();
        let assisted = report::Model {
            channel: "phone".into(),
            consent_sms: true,
            filed_by_kind: Some("staff".into()),
            filed_by_id: Some(official),
            ..row()
        };
        let report = Report::try_from(assisted).unwrap();
        assert_eq!((report.channel, report.consent.sms), (Channel::Phone, true));
        assert_eq!(report.filed_by, Some((crate::domain::report::ActorKind::Staff, official)));
    }

    #[test]
    fn an_unknown_stored_word_is_a_corrupt_row() {
        for broken in [
            report::Model { status: "lost".into(), ..row() },
            report::Model { channel: "fax".into(), ..row() },
            report::Model { verdict: Some("meh".into()), ..row() },
            report::Model { routing_state: Some("routed".into()), ..row() },
            report::Model { filed_by_kind: Some("staff".into()), ..row() },
            report::Model { filed_by_kind: Some("clerk".into()), filed_by_id: Some(Uuid::now_v7()), ..row() },
        ] {
            assert!(matches!(Report::try_from(broken), Err(StorageError::Corrupt(_))));
        }
    }

    #[test]
    fn an_update_sets_what_it_names_clears_what_it_empties_and_leaves_the_rest() {
        let columns = report_columns(ReportUpdate {
            status: Some(ReportStatus::Closed),
            outcome: Some(Some(Outcome::Explained)),
            closed_at: Some(None),
            follow_up: Some(Some(FollowUp::Fixed)),
            ..Default::default()
        });
        assert_eq!(columns.status, Set("closed".to_owned()));
        assert_eq!(columns.outcome, Set(Some("explained".to_owned())));
        assert_eq!(columns.closed_at, Set(None));
        assert_eq!(columns.follow_up, Set(Some("fixed".to_owned())));
        assert_eq!(columns.verdict, NotSet);
        assert_eq!(columns.assigned_deputy_id, NotSet);
        assert_eq!(columns.version, NotSet);
    }
}
