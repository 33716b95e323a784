//! Outbox rows, delivery attempts and notification targets into their domain records.

use crate::domain::notify::{DeliveryAttempt, Notice, NotificationTarget};
use crate::storage::StorageError;
use crate::storage::entities::{delivery_attempt, notification_target, outbox};

impl TryFrom<outbox::Model> for Notice {
    type Error = StorageError;

    fn try_from(row: outbox::Model) -> Result<Self, StorageError> {
        Ok(Notice {
            id: row.id,
            status: row.status.parse()?,
            kind: row.kind,
            audience: row.audience,
            recipient_id: row.recipient_id,
            report_id: row.report_id,
            facts: row.facts,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            locked_until: row.locked_until,
            last_error: row.last_error,
            created_at: row.created_at,
            delivered_at: row.delivered_at,
        })
    }
}

impl From<delivery_attempt::Model> for DeliveryAttempt {
    fn from(row: delivery_attempt::Model) -> Self {
        DeliveryAttempt {
            at: row.at,
            channel: row.channel,
            ok: row.ok,
            provider_code: row.provider_code,
            detail: row.detail,
        }
    }
}

impl TryFrom<notification_target::Model> for NotificationTarget {
    type Error = StorageError;

    fn try_from(row: notification_target::Model) -> Result<Self, StorageError> {
        Ok(NotificationTarget { channel: row.channel.parse()?, target: row.target, updated_at: row.updated_at })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::notify::NoticeStatus;
    use crate::storage::outbox::{DEAD, DELIVERED, PENDING};

    #[test]
    fn the_outbox_filters_on_the_words_of_the_notice_statuses() {
        assert_eq!(
            [PENDING, DELIVERED, DEAD],
            [NoticeStatus::Pending.as_str(), NoticeStatus::Delivered.as_str(), NoticeStatus::Dead.as_str()]
        );
    }
}
