//! Report-back sessions (述职评议) and their votes: one vote per session and voter, kept by the primary key
//! (two votes racing from the same person: one is stored, the other meets the key).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::{report_back, report_back_vote};
use super::{Storage, StorageError};
use crate::domain::duty::report_back::{ReportBack, Tally};

impl From<report_back::Model> for ReportBack {
    fn from(row: report_back::Model) -> Self {
        ReportBack {
            id: row.id,
            deputy_id: row.deputy_id,
            station_id: row.station_id,
            title: row.title,
            place: row.place,
            opens_at: row.opens_at,
            closes_at: row.closes_at,
            cancelled: row.cancelled,
            published_at: row.published_at,
            created_at: row.created_at,
        }
    }
}

/// A vote to store.
#[derive(Debug, Clone)]
pub struct NewVote {
    pub voter_key: String,
    pub verdict: crate::domain::workflow::Verdict,
    pub comment: String,
    /// `kiosk` or `phone`.
    pub channel: &'static str,
}

impl Storage {
    /// Schedules a session.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_report_back(
        &self,
        deputy: Uuid,
        station: Uuid,
        title: &str,
        place: &str,
        opens_at: DateTime<Utc>,
        closes_at: DateTime<Utc>,
        audit: NewAuditEntry<'_>,
    ) -> Result<ReportBack, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        let row = report_back::ActiveModel {
            id: Set(id),
            deputy_id: Set(deputy),
            station_id: Set(station),
            title: Set(title.to_owned()),
            place: Set(place.to_owned()),
            opens_at: Set(opens_at),
            closes_at: Set(closes_at),
            cancelled: Set(false),
            published_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        append(&txn, NewAuditEntry { subject: Some(format!("report_back:{id}")), ..audit }, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn find_report_back(&self, id: Uuid) -> Result<Option<ReportBack>, StorageError> {
        Ok(report_back::Entity::find_by_id(id).one(self.reader()).await?.map(ReportBack::from))
    }

    /// A station's sessions, or a deputy's, latest first.
    pub async fn list_report_backs(
        &self,
        station: Option<Uuid>,
        deputy: Option<Uuid>,
    ) -> Result<Vec<ReportBack>, StorageError> {
        let mut query = report_back::Entity::find().order_by_desc(report_back::Column::OpensAt);
        if let Some(station) = station {
            query = query.filter(report_back::Column::StationId.eq(station));
        }
        if let Some(deputy) = deputy {
            query = query.filter(report_back::Column::DeputyId.eq(deputy));
        }
        Ok(query.all(self.reader()).await?.into_iter().map(ReportBack::from).collect())
    }

    /// Published sessions of a station (every station when `None`), latest first.
    pub async fn published_report_backs(&self, station: Option<Uuid>) -> Result<Vec<ReportBack>, StorageError> {
        let mut query = report_back::Entity::find()
            .filter(report_back::Column::PublishedAt.is_not_null())
            .order_by_desc(report_back::Column::OpensAt);
        if let Some(station) = station {
            query = query.filter(report_back::Column::StationId.eq(station));
        }
        Ok(query.all(self.reader()).await?.into_iter().map(ReportBack::from).collect())
    }

    /// Stores a vote; `false` when this voter has voted at this session already.
    pub async fn cast_vote(&self, session: Uuid, vote: &NewVote) -> Result<bool, StorageError> {
        let row = report_back_vote::ActiveModel {
            report_back_id: Set(session),
            voter_key: Set(vote.voter_key.clone()),
            verdict: Set(vote.verdict.as_str().to_owned()),
            comment: Set(vote.comment.clone()),
            channel: Set(vote.channel.to_owned()),
            at: Set(self.now()),
        };
        match row.insert(self.writer()).await.map_err(StorageError::from) {
            Ok(_) => Ok(true),
            Err(StorageError::Conflict(_)) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// The votes counted, and their comments (newest first).
    pub async fn tally_votes(&self, session: Uuid) -> Result<(Tally, Vec<String>), StorageError> {
        let votes = report_back_vote::Entity::find()
            .filter(report_back_vote::Column::ReportBackId.eq(session))
            .order_by_desc(report_back_vote::Column::At)
            .all(self.reader())
            .await?;
        let mut tally = Tally::default();
        let mut comments = Vec::new();
        for vote in votes {
            tally.add(vote.verdict.parse()?);
            if !vote.comment.is_empty() {
                comments.push(vote.comment);
            }
        }
        Ok((tally, comments))
    }

    /// Publishes a session's results (once) or cancels it; `false` when nothing changed.
    pub async fn settle_report_back(
        &self,
        id: Uuid,
        publish: bool,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let update = report_back::Entity::update_many().filter(report_back::Column::Id.eq(id));
        let update = if publish {
            update
                .col_expr(report_back::Column::PublishedAt, Expr::value(now))
                .filter(report_back::Column::PublishedAt.is_null())
                .filter(report_back::Column::Cancelled.eq(false))
        } else {
            update
                .col_expr(report_back::Column::Cancelled, Expr::value(true))
                .filter(report_back::Column::Cancelled.eq(false))
                .filter(report_back::Column::PublishedAt.is_null())
        };
        let changed = update.exec(&txn).await?.rows_affected == 1;
        if changed {
            append(&txn, NewAuditEntry { subject: Some(format!("report_back:{id}")), ..audit }, now).await?;
        }
        txn.commit().await?;
        Ok(changed)
    }
}
