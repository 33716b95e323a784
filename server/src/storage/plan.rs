//! The committee's annual plan: its tasks, written and edited with their audit entry in one transaction, and
//! progress reported on them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

use super::audit::{NewAuditEntry, append};
use super::entities::plan_task;
use super::{Storage, StorageError};
use crate::domain::duty::plan::{Owner, PlanTask, TaskDraft, TaskStatus};

impl TryFrom<plan_task::Model> for PlanTask {
    type Error = StorageError;

    fn try_from(row: plan_task::Model) -> Result<Self, StorageError> {
        Ok(PlanTask {
            id: row.id,
            year: row.year,
            title: row.title,
            detail: row.detail,
            owner: Owner { kind: row.owner_kind.parse()?, id: row.owner_id },
            due_on: row.due_on,
            status: row.status.parse()?,
            note: row.note,
            done_at: row.done_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn subject(id: Uuid) -> Option<String> {
    Some(format!("plan_task:{id}"))
}

impl Storage {
    /// Adds a task to `year`'s plan.
    pub async fn create_plan_task(
        &self,
        year: i32,
        draft: &TaskDraft,
        owner: Owner,
        audit: NewAuditEntry<'_>,
    ) -> Result<PlanTask, StorageError> {
        let now = self.now();
        let id = Uuid::now_v7();
        let txn = self.writer().begin().await?;
        let row = plan_task::ActiveModel {
            id: Set(id),
            year: Set(year),
            title: Set(draft.title.clone()),
            detail: Set(draft.detail.clone()),
            owner_kind: Set(owner.kind.as_str().to_owned()),
            owner_id: Set(owner.id),
            due_on: Set(draft.due_on),
            status: Set(TaskStatus::Planned.as_str().to_owned()),
            note: Set(String::new()),
            done_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        txn.commit().await?;
        row.try_into()
    }

    pub async fn find_plan_task(&self, id: Uuid) -> Result<Option<PlanTask>, StorageError> {
        plan_task::Entity::find_by_id(id).one(self.reader()).await?.map(PlanTask::try_from).transpose()
    }

    /// `year`'s tasks by due date.
    pub async fn plan_tasks(&self, year: i32) -> Result<Vec<PlanTask>, StorageError> {
        plan_task::Entity::find()
            .filter(plan_task::Column::Year.eq(year))
            .order_by_asc(plan_task::Column::DueOn)
            .order_by_asc(plan_task::Column::Id)
            .all(self.reader())
            .await?
            .into_iter()
            .map(PlanTask::try_from)
            .collect()
    }

    /// Rewrites a task's words, date and owner.
    pub async fn edit_plan_task(
        &self,
        id: Uuid,
        draft: &TaskDraft,
        owner: Owner,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<PlanTask>, StorageError> {
        let now = self.now();
        let txn = self.writer().begin().await?;
        let Some(row) = plan_task::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
        let mut row = row.into_active_model();
        row.title = Set(draft.title.clone());
        row.detail = Set(draft.detail.clone());
        row.due_on = Set(draft.due_on);
        row.owner_kind = Set(owner.kind.as_str().to_owned());
        row.owner_id = Set(owner.id);
        row.updated_at = Set(now);
        let row = row.update(&txn).await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        txn.commit().await?;
        row.try_into().map(Some)
    }

    /// Records progress: the status, the note, and when it was done (kept from the first time it was marked
    /// done; cleared when it is planned again).
    pub async fn report_plan_task(
        &self,
        id: Uuid,
        status: TaskStatus,
        note: &str,
        audit: NewAuditEntry<'_>,
    ) -> Result<Option<PlanTask>, StorageError> {
        let now: DateTime<Utc> = self.now();
        let txn = self.writer().begin().await?;
        let Some(row) = plan_task::Entity::find_by_id(id).one(&txn).await? else { return Ok(None) };
        let done_at = match status {
            TaskStatus::Done => Some(row.done_at.unwrap_or(now)),
            TaskStatus::Planned | TaskStatus::Dropped => None,
        };
        let mut row = row.into_active_model();
        row.status = Set(status.as_str().to_owned());
        row.note = Set(note.to_owned());
        row.done_at = Set(done_at);
        row.updated_at = Set(now);
        let row = row.update(&txn).await?;
        append(&txn, NewAuditEntry { subject: subject(id), ..audit }, now).await?;
        txn.commit().await?;
        row.try_into().map(Some)
    }
}
