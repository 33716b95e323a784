//! Written review opinions (审议意见) and their listed problems: drafted, sent, replied to, closed item by
//! item with evidence, and escalated once when items are still open past the deadline; each change with
//! its audit entry (and an escalation with its notices) in one transaction.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::{opinion_item, review_opinion};
use super::outbox::{NewNotice, enqueue};
use super::{Storage, StorageError};
use crate::domain::duty::opinion::{ItemStatus, OpinionItem, OpinionStatus, ReviewOpinion, all_closed};

/// An opinion with its items in order.
pub type OpinionRecord = (ReviewOpinion, Vec<OpinionItem>);

/// What a draft says.
#[derive(Debug, Clone)]
pub struct OpinionDraft {
    pub activity_id: Option<Uuid>,
    pub unit_id: Uuid,
    pub title: String,
    pub body: String,
    pub due_at: DateTime<Utc>,
    pub items: Vec<String>,
}

impl TryFrom<review_opinion::Model> for ReviewOpinion {
    type Error = StorageError;

    fn try_from(row: review_opinion::Model) -> Result<Self, StorageError> {
        Ok(ReviewOpinion {
            id: row.id,
            station_id: row.station_id,
            activity_id: row.activity_id,
            unit_id: row.unit_id,
            title: row.title,
            body: row.body,
            due_at: row.due_at,
            status: row.status.parse()?,
            sent_at: row.sent_at,
            reply: row.reply,
            replied_at: row.replied_at,
            closed_at: row.closed_at,
            escalated_at: row.escalated_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

impl TryFrom<opinion_item::Model> for OpinionItem {
    type Error = StorageError;

    fn try_from(row: opinion_item::Model) -> Result<Self, StorageError> {
        Ok(OpinionItem {
            position: row.position,
            text: row.text,
            status: row.status.parse()?,
            evidence: row.evidence,
            closed_at: row.closed_at,
        })
    }
}

async fn items_of(db: &impl sea_orm::ConnectionTrait, id: Uuid) -> Result<Vec<OpinionItem>, StorageError> {
    opinion_item::Entity::find()
        .filter(opinion_item::Column::OpinionId.eq(id))
        .order_by_asc(opinion_item::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(OpinionItem::try_from)
        .collect()
}

async fn write_items(db: &impl sea_orm::ConnectionTrait, id: Uuid, items: &[String]) -> Result<(), StorageError> {
    opinion_item::Entity::delete_many().filter(opinion_item::Column::OpinionId.eq(id)).exec(db).await?;
    for (position, text) in items.iter().enumerate() {
        opinion_item::ActiveModel {
            opinion_id: Set(id),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            text: Set(text.clone()),
            status: Set(ItemStatus::Open.as_str().to_owned()),
            evidence: Set(String::new()),
            closed_at: Set(None),
            closed_by: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

fn subject(id: Uuid) -> Option<String> {
    Some(format!("opinion:{id}"))
}

impl Storage {
    /// Writes a new draft at `station`.
    pub async fn create_opinion(
        &self,
        station: Uuid,
        draft: &OpinionDraft,
        audit: NewAuditEntry<'_>,
    ) -> Result<OpinionRecord, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        let row = review_opinion::ActiveModel {
            id: Set(id),
            station_id: Set(station),
            activity_id: Set(draft.activity_id),
            unit_id: Set(draft.unit_id),
            title: Set(draft.title.clone()),
            body: Set(draft.body.clone()),
            due_at: Set(draft.due_at),
            status: Set(OpinionStatus::Draft.as_str().to_owned()),
            sent_at: Set(None),
            reply: Set(String::new()),
            replied_at: Set(None),
            closed_at: Set(None),
            escalated_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        write_items(&txn, id, &draft.items).await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        let items = items_of(&txn, id).await?;
        txn.commit().await?;
        Ok((row.try_into()?, items))
    }

    /// Replaces a draft's words, department, deadline and items; `false` when it is no longer a draft.
    pub async fn update_opinion_draft(
        &self,
        id: Uuid,
        draft: &OpinionDraft,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let updated = review_opinion::Entity::update_many()
            .col_expr(review_opinion::Column::ActivityId, Expr::value(draft.activity_id))
            .col_expr(review_opinion::Column::UnitId, Expr::value(draft.unit_id))
            .col_expr(review_opinion::Column::Title, Expr::value(draft.title.clone()))
            .col_expr(review_opinion::Column::Body, Expr::value(draft.body.clone()))
            .col_expr(review_opinion::Column::DueAt, Expr::value(draft.due_at))
            .col_expr(review_opinion::Column::UpdatedAt, Expr::value(now))
            .filter(review_opinion::Column::Id.eq(id))
            .filter(review_opinion::Column::Status.eq(OpinionStatus::Draft.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if updated {
            write_items(&txn, id, &draft.items).await?;
            append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        }
        txn.commit().await?;
        Ok(updated)
    }

    pub async fn find_opinion(&self, id: Uuid) -> Result<Option<OpinionRecord>, StorageError> {
        let Some(row) = review_opinion::Entity::find_by_id(id).one(self.reader()).await? else { return Ok(None) };
        Ok(Some((row.try_into()?, items_of(self.reader(), id).await?)))
    }

    /// A station's opinions, newest first, optionally of one status.
    pub async fn station_opinions(
        &self,
        station: Uuid,
        status: Option<OpinionStatus>,
    ) -> Result<Vec<OpinionRecord>, StorageError> {
        let mut query = review_opinion::Entity::find()
            .filter(review_opinion::Column::StationId.eq(station))
            .order_by_desc(review_opinion::Column::CreatedAt);
        if let Some(status) = status {
            query = query.filter(review_opinion::Column::Status.eq(status.as_str()));
        }
        let mut out = Vec::new();
        for row in query.all(self.reader()).await? {
            let items = items_of(self.reader(), row.id).await?;
            out.push((row.try_into()?, items));
        }
        Ok(out)
    }

    /// Moves the opinion from one of `from` to `to`, dating the step (sent, replied or closed) and, for a
    /// reply, keeping its words; `false` when it was in none of `from`.
    pub async fn advance_opinion(
        &self,
        id: Uuid,
        from: &[OpinionStatus],
        to: OpinionStatus,
        reply: Option<&str>,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let mut update = review_opinion::Entity::update_many()
            .col_expr(review_opinion::Column::Status, Expr::value(to.as_str()))
            .col_expr(review_opinion::Column::UpdatedAt, Expr::value(now));
        update = match to {
            OpinionStatus::Sent => update.col_expr(review_opinion::Column::SentAt, Expr::value(now)),
            OpinionStatus::Answered => update.col_expr(review_opinion::Column::RepliedAt, Expr::value(now)),
            OpinionStatus::Closed => update.col_expr(review_opinion::Column::ClosedAt, Expr::value(now)),
            OpinionStatus::Draft => update,
        };
        if let Some(reply) = reply {
            update = update.col_expr(review_opinion::Column::Reply, Expr::value(reply.to_owned()));
        }
        let statuses: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
        let moved = update
            .filter(review_opinion::Column::Id.eq(id))
            .filter(review_opinion::Column::Status.is_in(statuses))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if moved {
            append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        }
        txn.commit().await?;
        Ok(moved)
    }

    /// Closes item `position` with `evidence` while the opinion is answered, and the opinion with its last
    /// item; `None` when the item was not open on an answered opinion, else whether the opinion closed.
    pub async fn close_opinion_item(
        &self,
        id: Uuid,
        position: i32,
        evidence: &str,
        by: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<bool>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let answered = review_opinion::Entity::find_by_id(id)
            .filter(review_opinion::Column::Status.eq(OpinionStatus::Answered.as_str()))
            .one(&txn)
            .await?
            .is_some();
        let closed = answered
            && opinion_item::Entity::update_many()
                .col_expr(opinion_item::Column::Status, Expr::value(ItemStatus::Closed.as_str()))
                .col_expr(opinion_item::Column::Evidence, Expr::value(evidence.to_owned()))
                .col_expr(opinion_item::Column::ClosedAt, Expr::value(now))
                .col_expr(opinion_item::Column::ClosedBy, Expr::value(by))
                .filter(opinion_item::Column::OpinionId.eq(id))
                .filter(opinion_item::Column::Position.eq(position))
                .filter(opinion_item::Column::Status.eq(ItemStatus::Open.as_str()))
                .exec(&txn)
                .await?
                .rows_affected
                == 1;
        if !closed {
            return Ok(None);
        }
        let done = all_closed(&items_of(&txn, id).await?);
        let mut update = review_opinion::Entity::update_many()
            .col_expr(review_opinion::Column::UpdatedAt, Expr::value(now))
            .filter(review_opinion::Column::Id.eq(id));
        if done {
            update = update
                .col_expr(review_opinion::Column::Status, Expr::value(OpinionStatus::Closed.as_str()))
                .col_expr(review_opinion::Column::ClosedAt, Expr::value(now));
        }
        update.exec(&txn).await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        txn.commit().await?;
        Ok(Some(done))
    }

    /// Opinions out with their deadline passed and not yet escalated (the domain decides which are due).
    pub async fn opinions_past_due(&self, now: DateTime<Utc>) -> Result<Vec<OpinionRecord>, StorageError> {
        let rows = review_opinion::Entity::find()
            .filter(
                review_opinion::Column::Status.is_in([OpinionStatus::Sent.as_str(), OpinionStatus::Answered.as_str()]),
            )
            .filter(review_opinion::Column::DueAt.lt(now))
            .filter(review_opinion::Column::EscalatedAt.is_null())
            .all(self.reader())
            .await?;
        let mut out = Vec::new();
        for row in rows {
            let items = items_of(self.reader(), row.id).await?;
            out.push((row.try_into()?, items));
        }
        Ok(out)
    }

    /// Marks the opinion escalated and queues `notices`, once; `false` when it was escalated already.
    pub async fn escalate_opinion(&self, id: Uuid, notices: &[NewNotice]) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let marked = review_opinion::Entity::update_many()
            .col_expr(review_opinion::Column::EscalatedAt, Expr::value(now))
            .filter(review_opinion::Column::Id.eq(id))
            .filter(review_opinion::Column::EscalatedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if marked {
            enqueue(&txn, notices, now).await?;
        }
        txn.commit().await?;
        Ok(marked)
    }
}
