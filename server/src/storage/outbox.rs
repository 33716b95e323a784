//! The notification outbox: notices written in the transaction of the change that raises them (one per
//! cause and recipient), claimed by a relay for a while, and marked delivered, retried or dead; every
//! delivery attempt; and where deputies and stations are reached.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use super::entities::{delivery_attempt, notification_target, outbox};
use super::{Storage, StorageError};
use crate::domain::notify::{Audience, DeliveryAttempt, Notice, NoticeFacts, NoticeKind, NotificationTarget};

/// A notice to write.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNotice {
    pub kind: NoticeKind,
    pub audience: Audience,
    pub recipient_id: Uuid,
    /// The report it is about; none for a resident's booking notices.
    pub report_id: Option<Uuid>,
    pub facts: NoticeFacts,
    /// Identifies the cause within the report, e.g. the timeline entry's id; with the kind, recipient and
    /// report it makes the dedupe key.
    pub cause: String,
}

/// Where a notice stands: the words of [`crate::domain::notify::NoticeStatus`], for filters.
pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const DEAD: &str = "dead";

/// Writes notices on `db` (inside the caller's transaction); one already written for the same cause and
/// recipient is left as it is.
pub(super) async fn enqueue(
    db: &impl ConnectionTrait,
    notices: &[NewNotice],
    at: DateTime<Utc>,
) -> Result<(), StorageError> {
    for row in rows(notices, at)? {
        outbox::Entity::insert(row).on_conflict(on_same_cause()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// The outbox rows of `notices`, pending from `at`.
pub(super) fn rows(notices: &[NewNotice], at: DateTime<Utc>) -> Result<Vec<outbox::ActiveModel>, StorageError> {
    notices
        .iter()
        .map(|notice| {
            let facts = serde_json::to_string(&notice.facts)
                .map_err(|e| StorageError::Corrupt(format!("notice facts: {e}")))?;
            Ok(outbox::ActiveModel {
                id: Set(Uuid::now_v7()),
                kind: Set(notice.kind.as_str().to_owned()),
                audience: Set(notice.audience.as_str().to_owned()),
                recipient_id: Set(notice.recipient_id),
                report_id: Set(notice.report_id),
                facts: Set(facts),
                dedupe_key: Set(format!(
                    "{}:{}:{}:{}:{}",
                    notice.kind,
                    notice.audience,
                    notice.recipient_id,
                    notice.report_id.map(|id| id.to_string()).unwrap_or_default(),
                    notice.cause
                )),
                status: Set(PENDING.to_owned()),
                attempts: Set(0),
                next_attempt_at: Set(at),
                locked_until: Set(None),
                last_error: Set(None),
                created_at: Set(at),
                delivered_at: Set(None),
                streamed_at: Set(None),
            })
        })
        .collect()
}

/// A notice already written for the same cause and recipient stays as it is.
pub(super) fn on_same_cause() -> OnConflict {
    OnConflict::column(outbox::Column::DedupeKey).do_nothing().to_owned()
}

/// Not held by a relay at `now`: never claimed, or its hold ran out.
fn free_at(now: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::any().add(outbox::Column::LockedUntil.is_null()).add(outbox::Column::LockedUntil.lt(now))
}

/// The ids of pending notices due at `now` that no relay holds, the longest waiting first.
fn due_at(now: DateTime<Utc>) -> sea_orm::Select<outbox::Entity> {
    outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(free_at(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
}

/// The result of one delivery round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    Delivered,
    /// Try again at this time.
    Retry {
        at: DateTime<Utc>,
        error: String,
    },
    Dead {
        error: String,
    },
}

impl Storage {
    /// Wakes this instance's relay after notices were committed (nothing happens when `count` is 0).
    pub(super) fn announce_notices(&self, count: usize) {
        if count > 0 {
            self.outbox_written.notify_one();
        }
    }

    /// What a relay waits on between rounds: woken when this instance commits notices.
    pub fn outbox_signal(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.outbox_written.clone()
    }

    /// Claims one notice by id if it is pending, due at `now` and nobody holds it; the stream consumer's
    /// way in. `None` when it was delivered already, is held, or is not due: the stream entry is then done.
    pub async fn claim_notice(
        &self,
        id: Uuid,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Option<Notice>, StorageError> {
        let claim = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(until))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq(PENDING))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(free_at(now));
        if self.writer().support_returning() {
            // One round trip: the claim answers with the row it took.
            return claim
                .exec_with_returning(self.writer())
                .await?
                .into_iter()
                .next()
                .map(Notice::try_from)
                .transpose();
        }
        if claim.exec(self.writer()).await?.rows_affected != 1 {
            return Ok(None);
        }
        outbox::Entity::find_by_id(id).one(self.writer()).await?.map(Notice::try_from).transpose()
    }

    /// Pending notices due at `now` that are not on the stream: never put there, or put there before
    /// `stale_before` and still not taken (the entry was lost, e.g. Redis restarted without its data).
    pub async fn notices_to_stream(
        &self,
        now: DateTime<Utc>,
        stale_before: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<Uuid>, StorageError> {
        let off_stream = sea_orm::Condition::any()
            .add(outbox::Column::StreamedAt.is_null())
            .add(outbox::Column::StreamedAt.lt(stale_before));
        Ok(due_at(now).filter(off_stream).limit(limit).into_tuple().all(self.reader()).await?)
    }

    /// Notes that these notices were put on the stream at `at`.
    pub async fn mark_streamed(&self, ids: &[Uuid], at: DateTime<Utc>) -> Result<(), StorageError> {
        if ids.is_empty() {
            return Ok(());
        }
        outbox::Entity::update_many()
            .col_expr(outbox::Column::StreamedAt, Expr::value(at))
            .filter(outbox::Column::Id.is_in(ids.iter().copied()))
            .filter(outbox::Column::Status.eq(PENDING))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// Gives up on a notice that no consumer could finish (its stream entry went to the dead letters).
    pub async fn bury_notice(&self, id: Uuid, error: &str) -> Result<(), StorageError> {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(DEAD))
            .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(outbox::Column::LastError, Expr::value(error))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.eq(PENDING))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// Up to `limit` pending notices due at `now` that no relay holds, the longest waiting first. Each is
    /// claimed with [`Storage::claim_notice`] just before it is sent.
    pub async fn due_notices(&self, now: DateTime<Utc>, limit: u64) -> Result<Vec<Uuid>, StorageError> {
        Ok(due_at(now).limit(limit).into_tuple().all(self.reader()).await?)
    }

    /// Records one try on one channel.
    pub async fn record_attempt(
        &self,
        outbox_id: Uuid,
        channel: &str,
        ok: bool,
        provider_code: Option<String>,
        detail: Option<String>,
    ) -> Result<(), StorageError> {
        let row = delivery_attempt::ActiveModel {
            id: Set(Uuid::now_v7()),
            outbox_id: Set(outbox_id),
            channel: Set(channel.to_owned()),
            ok: Set(ok),
            provider_code: Set(provider_code),
            detail: Set(detail),
            at: Set(self.now()),
        };
        delivery_attempt::Entity::insert(row).exec_without_returning(self.writer()).await?;
        Ok(())
    }

    /// Ends a round: delivered, to be retried, or dead; the lock is released. Applies only while the notice
    /// is pending and still held as claimed (`false` otherwise: another relay took it after the hold ran out).
    pub async fn settle_notice(&self, notice: &Notice, settled: Settled) -> Result<bool, StorageError> {
        // Off the stream either way: a retry is put back on it when it falls due.
        let mut update = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(outbox::Column::StreamedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(outbox::Column::Id.eq(notice.id))
            .filter(outbox::Column::Status.eq(PENDING));
        update = match notice.locked_until {
            Some(held) => update.filter(outbox::Column::LockedUntil.eq(held)),
            None => update.filter(outbox::Column::LockedUntil.is_null()),
        };
        update = match settled {
            Settled::Delivered => update
                .col_expr(outbox::Column::Status, Expr::value(DELIVERED))
                .col_expr(outbox::Column::DeliveredAt, Expr::value(self.now()))
                .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None)),
            Settled::Retry { at, error } => update
                .col_expr(outbox::Column::Attempts, Expr::value(notice.attempts + 1))
                .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
                .col_expr(outbox::Column::LastError, Expr::value(error)),
            Settled::Dead { error } => update
                .col_expr(outbox::Column::Status, Expr::value(DEAD))
                .col_expr(outbox::Column::Attempts, Expr::value(notice.attempts + 1))
                .col_expr(outbox::Column::LastError, Expr::value(error)),
        };
        Ok(update.exec(self.writer()).await?.rows_affected == 1)
    }

    /// Notices, newest first: of one report, or in one status.
    pub async fn list_notices(
        &self,
        report_id: Option<Uuid>,
        status: Option<&str>,
        limit: u64,
    ) -> Result<Vec<(Notice, Vec<DeliveryAttempt>)>, StorageError> {
        let mut query = outbox::Entity::find().order_by_desc(outbox::Column::Id).limit(limit);
        if let Some(report_id) = report_id {
            query = query.filter(outbox::Column::ReportId.eq(report_id));
        }
        if let Some(status) = status {
            query = query.filter(outbox::Column::Status.eq(status));
        }
        let notices = query.all(self.reader()).await?;
        let ids: Vec<Uuid> = notices.iter().map(|n| n.id).collect();
        let attempts = delivery_attempt::Entity::find()
            .filter(delivery_attempt::Column::OutboxId.is_in(ids))
            .order_by_asc(delivery_attempt::Column::Id)
            .all(self.reader())
            .await?;
        notices
            .into_iter()
            .map(|n| {
                let mine =
                    attempts.iter().filter(|a| a.outbox_id == n.id).cloned().map(DeliveryAttempt::from).collect();
                Ok((n.try_into()?, mine))
            })
            .collect()
    }

    /// One notice by id, with its delivery attempts in order.
    pub async fn find_notice_with_attempts(
        &self,
        id: Uuid,
    ) -> Result<Option<(Notice, Vec<DeliveryAttempt>)>, StorageError> {
        let Some(notice) = self.find_notice(id).await? else { return Ok(None) };
        let attempts = delivery_attempt::Entity::find()
            .filter(delivery_attempt::Column::OutboxId.eq(id))
            .order_by_asc(delivery_attempt::Column::Id)
            .all(self.reader())
            .await?
            .into_iter()
            .map(DeliveryAttempt::from)
            .collect();
        Ok(Some((notice, attempts)))
    }

    /// One notice by id.
    pub async fn find_notice(&self, id: Uuid) -> Result<Option<Notice>, StorageError> {
        outbox::Entity::find_by_id(id).one(self.reader()).await?.map(Notice::try_from).transpose()
    }

    /// Sends a dead (or pending) notice again from the start; `false` when it was already delivered.
    pub async fn resend_notice(&self, id: Uuid) -> Result<bool, StorageError> {
        let updated = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(PENDING))
            .col_expr(outbox::Column::Attempts, Expr::value(0))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(self.now()))
            .col_expr(outbox::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(outbox::Column::StreamedAt, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::Status.ne(DELIVERED))
            .exec(self.writer())
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Sets where `owner` is reached on `channel`.
    pub async fn set_notification_target(
        &self,
        audience: Audience,
        owner_id: Uuid,
        channel: &str,
        target: &str,
    ) -> Result<(), StorageError> {
        let row = notification_target::ActiveModel {
            audience: Set(audience.as_str().to_owned()),
            owner_id: Set(owner_id),
            channel: Set(channel.to_owned()),
            target: Set(target.to_owned()),
            updated_at: Set(self.now()),
        };
        notification_target::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    notification_target::Column::Audience,
                    notification_target::Column::OwnerId,
                    notification_target::Column::Channel,
                ])
                .update_columns([notification_target::Column::Target, notification_target::Column::UpdatedAt])
                .to_owned(),
            )
            .exec_without_returning(self.writer())
            .await?;
        Ok(())
    }

    /// Forgets where `owner` is reached on `channel`.
    pub async fn delete_notification_target(
        &self,
        audience: Audience,
        owner_id: Uuid,
        channel: &str,
    ) -> Result<(), StorageError> {
        notification_target::Entity::delete_many()
            .filter(notification_target::Column::Audience.eq(audience.as_str()))
            .filter(notification_target::Column::OwnerId.eq(owner_id))
            .filter(notification_target::Column::Channel.eq(channel))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// Where `owner` is reached, by channel. A target on a channel this version does not know is left out:
    /// nothing could send on it.
    pub async fn notification_targets(
        &self,
        audience: Audience,
        owner_id: Uuid,
    ) -> Result<Vec<NotificationTarget>, StorageError> {
        let rows = notification_target::Entity::find()
            .filter(notification_target::Column::Audience.eq(audience.as_str()))
            .filter(notification_target::Column::OwnerId.eq(owner_id))
            .order_by_asc(notification_target::Column::Channel)
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().filter_map(|row| NotificationTarget::try_from(row).ok()).collect())
    }
}
