//! The committee's annual plan as people use it: the committee and administrators write tasks with an owner
//! (the committee, a station, a deputy) and a due date; owners report progress and mark them done; every
//! official reads the plan.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::access::Principal;
use crate::domain::duty::plan::{self, Owner, OwnerKind, PlanTask, TaskStatus};
use crate::domain::report::FieldError;
use crate::domain::routing::DeputyStatus;
use crate::storage::audit::NewAuditEntry;

/// A task with its owner named.
#[derive(Debug, Clone)]
pub struct TaskRecord {
    pub task: PlanTask,
    /// The station's or deputy's code; none for the committee.
    pub owner_code: Option<String>,
    pub owner_name: Option<Localized>,
}

/// A task's words, date and owner as asked for.
#[derive(Debug, Clone)]
pub struct TaskInput<'a> {
    pub title: &'a str,
    pub detail: &'a str,
    pub due_on: NaiveDate,
    pub owner_kind: OwnerKind,
    pub owner: Option<&'a str>,
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::PlanTaskNotFound, "There is no such task in the plan.")
}

fn audit<'a>(principal: &Principal, action: &'a str, detail: Option<String>) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: None,
        detail,
    }
}

fn may_plan(principal: &Principal) -> Result<(), AppError> {
    if plan::may_plan(principal) {
        Ok(())
    } else {
        Err(AppError::new(ErrorCode::Forbidden, "Only the committee and administrators write the annual plan."))
    }
}

/// The owner named by kind and code, or what is wrong with it.
async fn owner(state: &AppState, kind: OwnerKind, code: Option<&str>) -> Result<Result<Owner, FieldError>, AppError> {
    let invalid = |code: &str, message: &str| Ok(Err(FieldError::new("owner", code, message)));
    let id = match (kind, code.map(str::trim).filter(|c| !c.is_empty())) {
        (OwnerKind::Committee, None) => None,
        (OwnerKind::Committee, Some(_)) => return invalid("not_allowed", "the committee's own task names no owner"),
        (_, None) => return invalid("required", "name the station or the deputy"),
        (OwnerKind::Station, Some(code)) => match state.storage.find_station(code).await? {
            Some(station) => Some(station.id),
            None => return invalid("unknown_station", "no station has this code"),
        },
        (OwnerKind::Deputy, Some(code)) => match state.storage.find_deputy(code).await? {
            Some(deputy) if deputy.status != DeputyStatus::Left => Some(deputy.id),
            _ => return invalid("unknown_deputy", "no serving deputy has this code"),
        },
    };
    Ok(Ok(Owner { kind, id }))
}

/// The owner and the checked words, or every problem with them in one answer.
async fn checked(state: &AppState, year: i32, input: &TaskInput<'_>) -> Result<(Owner, plan::TaskDraft), AppError> {
    let owner = owner(state, input.owner_kind, input.owner).await?;
    match (owner, plan::draft(year, input.title, input.detail, input.due_on)) {
        (Ok(owner), Ok(draft)) => Ok((owner, draft)),
        (owner, draft) => {
            let mut errors: Vec<FieldError> = draft.err().unwrap_or_default();
            errors.extend(owner.err());
            Err(AppError::validation(errors))
        }
    }
}

/// Names the task's owner.
async fn named(state: &AppState, task: PlanTask) -> Result<TaskRecord, AppError> {
    let (owner_code, owner_name) = match (task.owner.kind, task.owner.id) {
        (OwnerKind::Station, Some(id)) => {
            state.storage.find_station_by_id(id).await?.map(|s| (Some(s.code), Some(s.name))).unwrap_or_default()
        }
        (OwnerKind::Deputy, Some(id)) => {
            state.storage.find_deputy_by_id(id).await?.map(|d| (Some(d.code), Some(d.name))).unwrap_or_default()
        }
        _ => (None, None),
    };
    Ok(TaskRecord { task, owner_code, owner_name })
}

/// A plan's year: from 2000 to next year (a plan is written ahead).
fn plan_year(state: &AppState, year: i32) -> Result<i32, AppError> {
    crate::app::archive::checked_year(state.clock.now(), year, 1).map(|_| year)
}

/// Adds a task to a year's plan (the committee, administrators).
pub async fn create(
    state: &AppState,
    principal: &Principal,
    year: i32,
    input: TaskInput<'_>,
) -> Result<TaskRecord, AppError> {
    may_plan(principal)?;
    // In a body, a year out of range is a field's problem (422), as every body field's is.
    let year = plan_year(state, year).map_err(|_| {
        AppError::validation(vec![FieldError::new("year", "out_of_range", "a plan's year is from 2000 to next year")])
    })?;
    let (owner, draft) = checked(state, year, &input).await?;
    let task = state.storage.create_plan_task(year, &draft, owner, audit(principal, "plan_task.create", None)).await?;
    named(state, task).await
}

/// Rewrites a task (the committee, administrators).
pub async fn edit(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    input: TaskInput<'_>,
) -> Result<TaskRecord, AppError> {
    may_plan(principal)?;
    let task = state.storage.find_plan_task(id).await?.ok_or_else(not_found)?;
    let (owner, draft) = checked(state, task.year, &input).await?;
    let task = state
        .storage
        .edit_plan_task(id, &draft, owner, audit(principal, "plan_task.update", None))
        .await?
        .ok_or_else(not_found)?;
    named(state, task).await
}

/// Reports progress on a task: its owner (planned or done), the committee and administrators (also dropped).
pub async fn report(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    status: TaskStatus,
    note: &str,
) -> Result<TaskRecord, AppError> {
    if !plan::may_read(principal) {
        return Err(AppError::new(ErrorCode::Forbidden, "The annual plan is for the people who carry it out."));
    }
    let task = state.storage.find_plan_task(id).await?.ok_or_else(not_found)?;
    if !plan::may_report(principal, task.owner, task.status, status) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the task's owner reports on it, and only the committee drops it or takes up a dropped one.",
        ));
    }
    let note = plan::note(status, note).map_err(|e| AppError::validation(vec![e]))?;
    let detail = Some(format!("{} → {}", task.status.as_str(), status.as_str()));
    let task = state
        .storage
        .report_plan_task(id, status, &note, audit(principal, "plan_task.progress", detail))
        .await?
        .ok_or_else(not_found)?;
    named(state, task).await
}

/// A year's plan, optionally only the tasks of one owner kind and code, for any official.
pub async fn of_year(
    state: &AppState,
    principal: &Principal,
    year: i32,
    only: Option<(OwnerKind, Option<&str>)>,
) -> Result<Vec<TaskRecord>, AppError> {
    if !plan::may_read(principal) {
        return Err(AppError::new(ErrorCode::Forbidden, "The annual plan is for the people who carry it out."));
    }
    let year = plan_year(state, year)?;
    let mut tasks = state.storage.plan_tasks(year).await?;
    if let Some((kind, code)) = only {
        let wanted = owner(state, kind, code).await?.map_err(|e| AppError::validation(vec![e]))?;
        tasks.retain(|t| t.owner == wanted);
    }
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(named(state, task).await?);
    }
    Ok(out)
}
