//! Deputies' suggestions (议案建议): written and rewritten with the reports they draw on, moved step by step
//! (each step only from the status it was decided on, with its audit entry, a review's record and the
//! citizens' notices in the same transaction), and read by deputy or station.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::{suggestion, suggestion_report, suggestion_review};
use super::outbox::{NewNotice, enqueue};
use super::{Storage, StorageError};
use crate::domain::duty::suggestion::{Checklist, Suggestion, SuggestionStatus};
use crate::domain::workflow::Verdict;

/// A quality review as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    pub reviewer_id: Uuid,
    pub checklist: Checklist,
    pub approved: bool,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// A suggestion with the reports it draws on and its reviews, oldest first.
#[derive(Debug, Clone)]
pub struct SuggestionRecord {
    pub suggestion: Suggestion,
    pub reports: Vec<Uuid>,
    pub reviews: Vec<Review>,
}

/// What a step changes; `None` stays.
#[derive(Debug, Clone, Default)]
pub struct SuggestionChange {
    pub status: Option<SuggestionStatus>,
    /// `Some(None)` clears it.
    pub due_at: Option<Option<DateTime<Utc>>>,
    pub unit_id: Option<Uuid>,
    pub submitted: bool,
    pub answer: Option<String>,
    pub verdict: Option<Verdict>,
    pub rehandled: bool,
    pub review: Option<Review>,
}

impl TryFrom<suggestion::Model> for Suggestion {
    type Error = StorageError;

    fn try_from(row: suggestion::Model) -> Result<Self, StorageError> {
        Ok(Suggestion {
            id: row.id,
            deputy_id: row.deputy_id,
            station_id: row.station_id,
            title: row.title,
            facts: row.facts,
            cause: row.cause,
            measures: row.measures,
            status: row.status.parse()?,
            unit_id: row.unit_id,
            submitted_at: row.submitted_at,
            due_at: row.due_at,
            answer: row.answer,
            answered_at: row.answered_at,
            verdict: row.verdict.map(|v| v.parse()).transpose()?,
            rated_at: row.rated_at,
            rehandled: row.rehandled,
            checklist: Checklist {
                facts: row.checklist_facts,
                cause: row.checklist_cause,
                measures: row.checklist_measures,
            },
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn subject(id: Uuid) -> Option<String> {
    Some(format!("suggestion:{id}"))
}

async fn link_reports(db: &impl sea_orm::ConnectionTrait, id: Uuid, reports: &[Uuid]) -> Result<(), StorageError> {
    suggestion_report::Entity::delete_many().filter(suggestion_report::Column::SuggestionId.eq(id)).exec(db).await?;
    for report in reports {
        suggestion_report::ActiveModel { suggestion_id: Set(id), report_id: Set(*report) }.insert(db).await?;
    }
    Ok(())
}

impl Storage {
    /// A new draft by `deputy` at `station`, drawing on `reports`.
    pub async fn create_suggestion(
        &self,
        deputy: Uuid,
        station: Uuid,
        words: &[String; 4],
        reports: &[Uuid],
        audit: NewAuditEntry<'_>,
    ) -> Result<Uuid, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let [title, facts, cause, measures] = words.clone();
        let txn = self.writer().begin().await?;
        suggestion::ActiveModel {
            id: Set(id),
            deputy_id: Set(deputy),
            station_id: Set(station),
            title: Set(title),
            facts: Set(facts),
            cause: Set(cause),
            measures: Set(measures),
            status: Set(SuggestionStatus::Draft.as_str().to_owned()),
            unit_id: Set(None),
            submitted_at: Set(None),
            due_at: Set(None),
            answer: Set(String::new()),
            answered_at: Set(None),
            verdict: Set(None),
            rated_at: Set(None),
            rehandled: Set(false),
            checklist_facts: Set(false),
            checklist_cause: Set(false),
            checklist_measures: Set(false),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        link_reports(&txn, id, reports).await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Rewrites a draft or a returned suggestion; `false` when it is in neither.
    pub async fn rewrite_suggestion(
        &self,
        id: Uuid,
        words: &[String; 4],
        reports: &[Uuid],
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let [title, facts, cause, measures] = words.clone();
        let txn = self.writer().begin().await?;
        let updated = suggestion::Entity::update_many()
            .col_expr(suggestion::Column::Title, Expr::value(title))
            .col_expr(suggestion::Column::Facts, Expr::value(facts))
            .col_expr(suggestion::Column::Cause, Expr::value(cause))
            .col_expr(suggestion::Column::Measures, Expr::value(measures))
            .col_expr(suggestion::Column::UpdatedAt, Expr::value(now))
            .filter(suggestion::Column::Id.eq(id))
            .filter(
                suggestion::Column::Status
                    .is_in([SuggestionStatus::Draft.as_str(), SuggestionStatus::Revising.as_str()]),
            )
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if updated {
            link_reports(&txn, id, reports).await?;
            append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        }
        txn.commit().await?;
        Ok(updated)
    }

    pub async fn find_suggestion(&self, id: Uuid) -> Result<Option<SuggestionRecord>, StorageError> {
        let Some(row) = suggestion::Entity::find_by_id(id).one(self.reader()).await? else { return Ok(None) };
        Ok(Some(self.suggestion_record(row).await?))
    }

    async fn suggestion_record(&self, row: suggestion::Model) -> Result<SuggestionRecord, StorageError> {
        let reports = suggestion_report::Entity::find()
            .filter(suggestion_report::Column::SuggestionId.eq(row.id))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|l| l.report_id)
            .collect();
        let reviews = suggestion_review::Entity::find()
            .filter(suggestion_review::Column::SuggestionId.eq(row.id))
            .order_by_asc(suggestion_review::Column::At)
            .all(self.reader())
            .await?
            .into_iter()
            .map(|r| Review {
                reviewer_id: r.reviewer_id,
                checklist: Checklist { facts: r.facts, cause: r.cause, measures: r.measures },
                approved: r.approved,
                comment: r.comment,
                at: r.at,
            })
            .collect();
        Ok(SuggestionRecord { suggestion: row.try_into()?, reports, reviews })
    }

    /// A deputy's suggestions, or a station's, newest first.
    pub async fn list_suggestions(
        &self,
        deputy: Option<Uuid>,
        station: Option<Uuid>,
    ) -> Result<Vec<SuggestionRecord>, StorageError> {
        let mut query = suggestion::Entity::find().order_by_desc(suggestion::Column::CreatedAt);
        if let Some(deputy) = deputy {
            query = query.filter(suggestion::Column::DeputyId.eq(deputy));
        }
        if let Some(station) = station {
            query = query.filter(suggestion::Column::StationId.eq(station));
        }
        let mut out = Vec::new();
        for row in query.all(self.reader()).await? {
            out.push(self.suggestion_record(row).await?);
        }
        Ok(out)
    }

    /// Applies a step decided on the suggestion in status `from`; `false` when it moved meanwhile.
    pub async fn step_suggestion(
        &self,
        id: Uuid,
        from: SuggestionStatus,
        change: &SuggestionChange,
        notices: &[NewNotice],
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let mut update = suggestion::Entity::update_many().col_expr(suggestion::Column::UpdatedAt, Expr::value(now));
        if let Some(status) = change.status {
            update = update.col_expr(suggestion::Column::Status, Expr::value(status.as_str()));
        }
        if let Some(due_at) = change.due_at {
            update = update.col_expr(suggestion::Column::DueAt, Expr::value(due_at));
        }
        if let Some(unit) = change.unit_id {
            update = update.col_expr(suggestion::Column::UnitId, Expr::value(unit));
        }
        if change.submitted {
            update = update.col_expr(suggestion::Column::SubmittedAt, Expr::value(now));
        }
        if let Some(answer) = &change.answer {
            update = update
                .col_expr(suggestion::Column::Answer, Expr::value(answer.clone()))
                .col_expr(suggestion::Column::AnsweredAt, Expr::value(now));
        }
        if let Some(verdict) = change.verdict {
            update = update
                .col_expr(suggestion::Column::Verdict, Expr::value(verdict.as_str()))
                .col_expr(suggestion::Column::RatedAt, Expr::value(now));
        }
        if change.rehandled {
            update = update.col_expr(suggestion::Column::Rehandled, Expr::value(true));
        }
        if let Some(review) = &change.review {
            update = update
                .col_expr(suggestion::Column::ChecklistFacts, Expr::value(review.checklist.facts))
                .col_expr(suggestion::Column::ChecklistCause, Expr::value(review.checklist.cause))
                .col_expr(suggestion::Column::ChecklistMeasures, Expr::value(review.checklist.measures));
        }
        let moved = update
            .filter(suggestion::Column::Id.eq(id))
            .filter(suggestion::Column::Status.eq(from.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if moved {
            if let Some(review) = &change.review {
                suggestion_review::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    suggestion_id: Set(id),
                    reviewer_id: Set(review.reviewer_id),
                    facts: Set(review.checklist.facts),
                    cause: Set(review.checklist.cause),
                    measures: Set(review.checklist.measures),
                    approved: Set(review.approved),
                    comment: Set(review.comment.clone()),
                    at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
            enqueue(&txn, notices, now).await?;
            append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        }
        txn.commit().await?;
        Ok(moved)
    }
}
