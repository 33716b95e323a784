//! Moving a report through the closed loop: one conditional update (the report must still be in the status
//! and version the decision was made on), its timeline entry and its audit entry, in one transaction.
//! Handling units and leases live here too.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QueryTrait, Set, TransactionTrait};
use uuid::Uuid;

use super::audit::NewAuditEntry;
use super::entities::{handling_unit, lease, outbox, report, report_event};
use super::one_statement::OneStatement;
use super::records::all;
use super::records::report::report_columns;
use super::{Storage, StorageError};
use crate::domain::directory::HandlingUnit;
use crate::domain::report::record::{Report, ReportUpdate};
use crate::domain::report::{ActorKind, EventKind, ReportStatus, Visibility};

/// A timeline entry to write with a change.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: EventKind,
    pub visibility: Visibility,
    pub actor: (ActorKind, Option<Uuid>),
    pub note: Option<String>,
    pub from: Option<ReportStatus>,
    pub to: Option<ReportStatus>,
    pub action: Option<String>,
}

/// A change to one report: what to write (everything else untouched), on the condition that it is still in
/// `expected_status` at `expected_version`.
#[derive(Debug)]
pub struct ReportChange<'a> {
    pub report_id: Uuid,
    pub expected_status: ReportStatus,
    pub expected_version: i32,
    pub set: ReportUpdate,
    pub event: NewEvent,
    pub audit: Option<NewAuditEntry<'a>>,
    /// Notices the change raises, written with it.
    pub notices: Vec<super::outbox::NewNotice>,
    /// The client's `Idempotency-Key` for this step, stored with it: a second request with the same key
    /// fails on the key (`StorageError::Conflict`) and writes nothing.
    pub claim: Option<super::reports::IdempotencyClaim<'a>>,
}

impl Storage {
    /// Writes the change, its event and audit entry; `false` when the report moved on meanwhile. On
    /// PostgreSQL in one statement (one round trip), on SQLite in one transaction.
    pub async fn change_report(&self, change: ReportChange<'_>) -> Result<bool, StorageError> {
        let now = self.now();
        let mut set = report_columns(change.set);
        set.version = Set(change.expected_version + 1);
        set.updated_at = Set(now);
        let update = report::Entity::update_many()
            .set(set)
            .filter(report::Column::Id.eq(change.report_id))
            .filter(report::Column::Status.eq(change.expected_status.as_str()))
            .filter(report::Column::Version.eq(change.expected_version));
        let event = event_row(change.report_id, change.event, now);
        let audit = change.audit.map(|entry| super::audit::row(entry, now));
        let notices = super::outbox::rows(&change.notices, now)?;
        let claim = change.claim.map(|claim| super::reports::claim_row(claim, change.report_id, now));
        if !self.is_sqlite() {
            let mut statement = OneStatement::default();
            statement.update("changed", update.into_query())?;
            statement.insert_each("event", &[event], "changed", &[])?;
            if let Some(audit) = audit {
                statement.insert_each("audit", &[audit], "changed", &[])?;
            }
            statement.insert_each("notices", &notices, "changed", &[outbox::Column::DedupeKey])?;
            if let Some(claim) = claim {
                statement.insert_each("claim", &[claim], "changed", &[])?;
            }
            let changed = statement.run(self.writer(), "changed").await? == 1;
            if changed {
                self.announce_notices(notices.len());
            }
            return Ok(changed);
        }
        let txn = self.writer().begin().await?;
        if update.exec(&txn).await?.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        event.insert(&txn).await?;
        if let Some(audit) = audit {
            audit.insert(&txn).await?;
        }
        let written = notices.len();
        for notice in notices {
            outbox::Entity::insert(notice)
                .on_conflict(super::outbox::on_same_cause())
                .exec_without_returning(&txn)
                .await?;
        }
        if let Some(claim) = claim {
            claim.insert(&txn).await?;
        }
        txn.commit().await?;
        self.announce_notices(written);
        Ok(true)
    }

    /// Records a supervision step once: the update applies only while the report is as `expected` (same
    /// version, escalation level and due-soon mark), so two instances running at once write it once.
    pub async fn record_supervision(
        &self,
        report_id: Uuid,
        expected: &Report,
        set: ReportUpdate,
        event: NewEvent,
        notices: &[super::outbox::NewNotice],
    ) -> Result<bool, StorageError> {
        let txn = self.writer().begin().await?;
        let updated = report::Entity::update_many()
            .set(report_columns(set))
            .filter(report::Column::Id.eq(report_id))
            .filter(report::Column::Version.eq(expected.version))
            .filter(report::Column::EscalationLevel.eq(expected.escalation_level))
            .filter(report::Column::DueSoonNoticed.eq(expected.due_soon_noticed))
            .exec(&txn)
            .await?;
        if updated.rows_affected == 0 {
            txn.rollback().await?;
            return Ok(false);
        }
        insert_event(&txn, report_id, event, self.now()).await?;
        super::outbox::enqueue(&txn, notices, self.now()).await?;
        txn.commit().await?;
        self.announce_notices(notices.len());
        Ok(true)
    }

    /// Adds photos (a handling unit's reply, or the citizen's 补充) and documents after the report's others,
    /// with their timeline entry and notices; refused (`Conflict`) once the report is closed.
    pub async fn add_attachments(
        &self,
        report_id: Uuid,
        photos: (&[super::reports::NewPhoto], crate::domain::report::record::PhotoSource),
        documents: &[super::documents::NewDocument],
        event: NewEvent,
        notices: &[super::outbox::NewNotice],
    ) -> Result<(), StorageError> {
        use super::entities::report_photo;
        use super::reports::photo_row;
        let (photos, source) = photos;
        let txn = self.writer().begin().await?;
        let open = report::Entity::find_by_id(report_id)
            .one(&txn)
            .await?
            .is_some_and(|r| r.status != ReportStatus::Closed.as_str());
        if !open {
            return Err(StorageError::Conflict("the report is closed; nothing more is added".into()));
        }
        let next = report_photo::Entity::find()
            .filter(report_photo::Column::ReportId.eq(report_id))
            .all(&txn)
            .await?
            .iter()
            .map(|p| usize::try_from(p.position).unwrap_or(0) + 1)
            .max()
            .unwrap_or(0);
        let now = self.now();
        for (offset, photo) in photos.iter().enumerate() {
            photo_row(report_id, next + offset, photo, source, now).insert(&txn).await?;
        }
        super::documents::insert_documents(&txn, report_id, documents, event.actor.0, now).await?;
        insert_event(&txn, report_id, event, self.now()).await?;
        super::outbox::enqueue(&txn, notices, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Open reports supervision has something to record about, soonest due first: due before `soon` and
    /// not yet marked, overdue and not yet escalated, or escalated once and due before `committee_cutoff`.
    pub async fn reports_to_supervise(
        &self,
        now: DateTime<Utc>,
        soon: DateTime<Utc>,
        committee_cutoff: DateTime<Utc>,
        limit: u64,
    ) -> Result<Vec<Report>, StorageError> {
        use sea_orm::{Condition, QuerySelect};
        let due_soon = Condition::all()
            .add(report::Column::DueAt.gte(now))
            .add(report::Column::DueAt.lt(soon))
            .add(report::Column::DueSoonNoticed.eq(false));
        let overdue = Condition::all().add(report::Column::DueAt.lt(now)).add(report::Column::EscalationLevel.eq(0));
        let to_committee =
            Condition::all().add(report::Column::DueAt.lt(committee_cutoff)).add(report::Column::EscalationLevel.eq(1));
        all(report::Entity::find()
            .filter(Condition::any().add(due_soon).add(overdue).add(to_committee))
            .filter(report::Column::Status.ne(ReportStatus::Closed.as_str()))
            .order_by_asc(report::Column::DueAt)
            .limit(limit)
            .all(self.reader())
            .await?)
    }

    /// Answered reports still without a rating since before `before`, not yet put to a supervisor.
    pub async fn unrated_answers(&self, before: DateTime<Utc>, limit: u64) -> Result<Vec<Report>, StorageError> {
        use sea_orm::QuerySelect;
        all(report::Entity::find()
            .filter(report::Column::Status.eq(ReportStatus::Answered.as_str()))
            .filter(report::Column::AnsweredAt.lt(before))
            .filter(report::Column::EscalationLevel.eq(0))
            .order_by_asc(report::Column::AnsweredAt)
            .limit(limit)
            .all(self.reader())
            .await?)
    }

    /// Reports from before the closed loop: still `submitted` although routing decided, or open without a
    /// deadline. Each gets the status routing gave it and an accept deadline from `deadline`.
    pub async fn backfill_workflow(&self, deadline: impl Fn(&Report) -> DateTime<Utc>) -> Result<usize, StorageError> {
        use sea_orm::Condition;
        let legacy = report::Entity::find()
            .filter(Condition::any().add(report::Column::Status.eq(ReportStatus::Submitted.as_str())).add(
                Condition::all().add(report::Column::DueAt.is_null()).add(
                    report::Column::Status.is_in([ReportStatus::Triage.as_str(), ReportStatus::Assigned.as_str()]),
                ),
            ))
            .all(self.writer())
            .await?;
        let count = legacy.len();
        for r in legacy {
            let r = Report::try_from(r)?;
            let status = match (r.status, r.assigned_deputy_id) {
                (ReportStatus::Submitted, Some(_)) => ReportStatus::Assigned,
                (ReportStatus::Submitted, None) => ReportStatus::Triage,
                (other, _) => other,
            };
            report::Entity::update_many()
                .col_expr(report::Column::Status, Expr::value(status.as_str()))
                .col_expr(report::Column::DueAt, Expr::value(deadline(&r)))
                .filter(report::Column::Id.eq(r.id))
                .filter(report::Column::Version.eq(r.version))
                .exec(self.writer())
                .await?;
        }
        Ok(count)
    }

    /// A handling unit by code.
    pub async fn find_handling_unit(&self, code: &str) -> Result<Option<HandlingUnit>, StorageError> {
        let row = handling_unit::Entity::find().filter(handling_unit::Column::Code.eq(code)).one(self.reader()).await?;
        Ok(row.map(HandlingUnit::from))
    }

    /// A handling unit by id.
    pub async fn find_handling_unit_by_id(&self, id: Uuid) -> Result<Option<HandlingUnit>, StorageError> {
        Ok(handling_unit::Entity::find_by_id(id).one(self.reader()).await?.map(HandlingUnit::from))
    }

    /// Active handling units, by code.
    pub async fn list_handling_units(&self) -> Result<Vec<HandlingUnit>, StorageError> {
        let rows = handling_unit::Entity::find()
            .filter(handling_unit::Column::Active.eq(true))
            .order_by_asc(handling_unit::Column::Code)
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().map(HandlingUnit::from).collect())
    }

    /// Takes or renews the lease `name` for `holder` until `until`, if nobody else holds one unexpired at
    /// `now`.
    pub async fn acquire_lease(
        &self,
        name: &str,
        holder: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StorageError> {
        let renewed = lease::Entity::update_many()
            .col_expr(lease::Column::Holder, Expr::value(holder))
            .col_expr(lease::Column::ExpiresAt, Expr::value(until))
            .filter(lease::Column::Name.eq(name))
            .filter(lease::Column::Holder.eq(holder).or(lease::Column::ExpiresAt.lt(now)))
            .exec(self.writer())
            .await?;
        if renewed.rows_affected > 0 {
            return Ok(true);
        }
        let inserted =
            lease::ActiveModel { name: Set(name.to_owned()), holder: Set(holder.to_owned()), expires_at: Set(until) }
                .insert(self.writer())
                .await;
        match inserted {
            Ok(_) => Ok(true),
            // Someone else holds it (the row exists and is theirs).
            Err(err) => match StorageError::from(err) {
                StorageError::Conflict(_) => Ok(false),
                other => Err(other),
            },
        }
    }

    /// Lets go of a lease `holder` holds, so another instance can take it at once.
    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StorageError> {
        lease::Entity::update_many()
            .col_expr(lease::Column::ExpiresAt, Expr::value(self.now() - chrono::Duration::seconds(1)))
            .filter(lease::Column::Name.eq(name))
            .filter(lease::Column::Holder.eq(holder))
            .exec(self.writer())
            .await?;
        Ok(())
    }
}

async fn insert_event(
    db: &impl sea_orm::ConnectionTrait,
    report_id: Uuid,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    event_row(report_id, event, now).insert(db).await?;
    Ok(())
}

fn event_row(report_id: Uuid, event: NewEvent, now: DateTime<Utc>) -> report_event::ActiveModel {
    report_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        report_id: Set(report_id),
        kind: Set(event.kind.as_str().to_owned()),
        visibility: Set(event.visibility.as_str().to_owned()),
        actor_kind: Set(event.actor.0.as_str().to_owned()),
        actor_id: Set(event.actor.1),
        note: Set(event.note),
        from_status: Set(event.from.map(|s| s.as_str().to_owned())),
        to_status: Set(event.to.map(|s| s.as_str().to_owned())),
        action: Set(event.action),
        created_at: Set(now),
    }
}
