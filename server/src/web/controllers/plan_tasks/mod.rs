//! The committee's annual plan (年度工作计划): tasks with an owner and a due date, written by the committee
//! and administrators, reported on by their owners, read by every official.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::plan::{TaskInput, TaskRecord};
use crate::domain::Localized;
use crate::domain::duty::plan::{OwnerKind, Standing, TaskStatus};

pub mod list;
pub mod progress;

/// A task's words, date and owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTaskInput {
    /// The plan's year.
    #[schema(example = 2026)]
    pub year: i32,
    #[schema(example = "开展老旧小区加装电梯专题调研")]
    pub title: String,
    #[serde(default)]
    pub detail: String,
    /// A date in the plan's year.
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub due_on: NaiveDate,
    pub owner_kind: OwnerKind,
    /// The station's or the deputy's code; left out for the committee.
    #[schema(example = "XH-01")]
    pub owner: Option<String>,
}

impl PlanTaskInput {
    pub fn task(&self) -> TaskInput<'_> {
        TaskInput {
            title: &self.title,
            detail: &self.detail,
            due_on: self.due_on,
            owner_kind: self.owner_kind,
            owner: self.owner.as_deref(),
        }
    }
}

/// Where a task stands today, as the year-end report counts it.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStanding {
    DoneOnTime,
    DoneLate,
    Overdue,
    Open,
    Dropped,
}

impl From<Standing> for TaskStanding {
    fn from(s: Standing) -> Self {
        match s {
            Standing::DoneOnTime => TaskStanding::DoneOnTime,
            Standing::DoneLate => TaskStanding::DoneLate,
            Standing::Overdue => TaskStanding::Overdue,
            Standing::Open => TaskStanding::Open,
            Standing::Dropped => TaskStanding::Dropped,
        }
    }
}

/// A task of the plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanTaskView {
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    pub detail: String,
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
    pub owner_kind: OwnerKind,
    /// The station's or deputy's code; none for the committee.
    pub owner: Option<String>,
    pub owner_name: Option<Localized>,
    pub status: TaskStatus,
    pub standing: TaskStanding,
    /// The owner's latest word on it.
    pub note: String,
    pub done_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl PlanTaskView {
    pub fn new(r: &TaskRecord, now: DateTime<Utc>) -> Self {
        let t = &r.task;
        Self {
            id: t.id,
            year: t.year,
            title: t.title.clone(),
            detail: t.detail.clone(),
            due_on: t.due_on,
            owner_kind: t.owner.kind,
            owner: r.owner_code.clone(),
            owner_name: r.owner_name.clone(),
            status: t.status,
            standing: t.standing(now).into(),
            note: t.note.clone(),
            done_at: t.done_at,
            updated_at: t.updated_at,
        }
    }
}

/// A year's tasks, by due date.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanTaskList {
    pub items: Vec<PlanTaskView>,
}
