//! Whole-deployment figures read at scrape time for `/metrics`: reports by status, and the outbox's depth
//! and age.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::entities::{outbox, report};
use super::outbox::{DEAD, PENDING};
use super::{Storage, StorageError};

/// The outbox at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxFigures {
    pub pending: i64,
    pub dead: i64,
    /// When the oldest notice still waiting was written.
    pub oldest_pending: Option<DateTime<Utc>>,
}

impl Storage {
    /// How many reports are in each status.
    pub async fn report_counts_by_status(&self) -> Result<Vec<(String, i64)>, StorageError> {
        Ok(report::Entity::find()
            .select_only()
            .column(report::Column::Status)
            .column_as(Expr::col(report::Column::Id).count(), "count")
            .group_by(report::Column::Status)
            .into_tuple()
            .all(self.reader())
            .await?)
    }

    /// Notices waiting and dead, and the age of the oldest waiting.
    pub async fn outbox_figures(&self) -> Result<OutboxFigures, StorageError> {
        let count = |status: &'static str| {
            outbox::Entity::find().filter(outbox::Column::Status.eq(status)).count(self.reader())
        };
        let pending = count(PENDING).await?;
        let dead = count(DEAD).await?;
        let oldest_pending = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(PENDING))
            .order_by_asc(outbox::Column::CreatedAt)
            .one(self.reader())
            .await?
            .map(|n| n.created_at);
        Ok(OutboxFigures {
            pending: i64::try_from(pending).unwrap_or(i64::MAX),
            dead: i64::try_from(dead).unwrap_or(i64::MAX),
            oldest_pending,
        })
    }
}
