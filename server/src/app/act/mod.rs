//! Acting on a report: who may take an action, what the workflow says it does, the deadlines it starts in
//! working days, and the write that records it (report, timeline and audit together, or nothing if the
//! report moved on meanwhile). With the client's `Idempotency-Key` (stored in the same write), a retry of a
//! step that already happened is answered with the report as it is, and takes nothing twice.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

mod notices;

use notices::{notices_for, shared_answer_notices, shares_its_answer, timeline_note};

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake::fingerprint;
use crate::app::shared_answer::shared_answer_unrated;
use crate::app::state::AppState;
use crate::domain::access::{Principal, Role};
use crate::domain::deadlines::{self, StepSpans, Urgency};
use crate::domain::report::record::{FollowUp, Report, ReportUpdate, RoutingState};
use crate::domain::report::{ActorKind, EventKind, ReportStatus, Visibility};
use crate::domain::routing::DeputyStatus;
use crate::domain::workflow::{Action, Outcome, Refusal, State, Transition, step};
use crate::infra::live::{LiveEvent, LiveKind};
use crate::storage::StorageError;
use crate::storage::audit::NewAuditEntry;
use crate::storage::reports::{ClaimedKey, IdempotencyClaim};
use crate::storage::workflow::{NewEvent, ReportChange};

/// Who acts.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in caller.
    Principal(&'a Principal),
    /// Whoever holds the tracking code: the citizen on the tracking page or at a kiosk.
    CodeHolder,
    /// The handling unit with this id, through the signed link it was sent: it may only reply.
    UnitLink(Uuid),
}

impl Actor<'_> {
    /// May this actor take `action` at all (their reach to the report is checked apart)?
    fn may_take(&self, action: &Action) -> bool {
        match self {
            Actor::Principal(p) => action.roles().contains(&p.role()),
            Actor::CodeHolder => action.roles().contains(&Role::Citizen),
            Actor::UnitLink(_) => matches!(action, Action::UnitReply { .. }),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Actor::Principal(p) => p.role().as_str(),
            Actor::CodeHolder => Role::Citizen.as_str(),
            Actor::UnitLink(_) => "handling unit",
        }
    }

    /// Whose `Idempotency-Key`s these are: keys are scoped to the caller, so nobody meets another's.
    fn key_scope(&self) -> String {
        match self {
            Actor::Principal(p) => format!("action:{}", p.subject_id()),
            Actor::CodeHolder => "action:code".to_owned(),
            Actor::UnitLink(unit) => format!("action:unit:{unit}"),
        }
    }

    fn recorded_as(&self) -> (ActorKind, Option<Uuid>) {
        match self {
            Actor::Principal(p) => (p.actor_kind(), Some(p.subject_id())),
            Actor::CodeHolder => (ActorKind::Citizen, None),
            Actor::UnitLink(unit) => (ActorKind::Unit, Some(*unit)),
        }
    }
}

/// The workflow's view of a stored report.
///
/// `shared_answer_unrated`: see [`crate::app::shared_answer::shared_answer_unrated`] (it needs a look-up).
pub fn state_of(
    report: &Report,
    settings: &crate::configuration::WorkflowSettings,
    now: DateTime<Utc>,
    shared_answer_unrated: bool,
) -> State {
    State {
        status: report.status,
        extension_pending: report.extension_days.and_then(|d| u32::try_from(d).ok()),
        proposed_outcome: report.outcome,
        within_reopen_window: report
            .answered_at
            .is_none_or(|at| now - at <= Duration::days(settings.reopen_window_days)),
        follow_up_open: follow_up_open(report, settings, now),
        shared_answer_unrated,
    }
}

/// Whether the citizen is asked "was it actually fixed?": answered by a deputy, closed as resolved at least
/// `follow_up_after_days` ago, and not asked and answered yet.
pub fn follow_up_open(report: &Report, settings: &crate::configuration::WorkflowSettings, now: DateTime<Utc>) -> bool {
    // Only a report a deputy answered goes back to that deputy; a close-out by staff is not asked about.
    report.is_closed()
        && report.first_answered_at.is_some()
        && report.assigned_deputy_id.is_some()
        && report.outcome == Some(Outcome::Resolved)
        && report.follow_up.is_none()
        && report.closed_at.is_some_and(|at| now - at >= Duration::days(settings.follow_up_after_days))
}

fn refused(refusal: Refusal) -> AppError {
    match refusal {
        Refusal::WrongStatus { .. }
        | Refusal::ExtensionPending
        | Refusal::NoExtensionPending
        | Refusal::FollowUpNotOpen => AppError::new(ErrorCode::InvalidTransition, refusal.to_string()),
        Refusal::Invalid(why) => AppError::new(ErrorCode::InvalidAction, why),
    }
}

/// Takes `action` on `report` for `actor`, who has already been shown to reach the report. Returns the
/// report as it is afterwards.
pub async fn act(state: &AppState, actor: Actor<'_>, report: Report, action: Action) -> Result<Report, AppError> {
    act_once(state, actor, report, action, None).await.map(|acted| acted.report)
}

/// What a step left behind.
#[derive(Debug)]
pub struct Acted {
    /// The report as it is afterwards.
    pub report: Report,
    /// The step was taken by an earlier request with the same `Idempotency-Key`; nothing was done now.
    pub replayed: bool,
}

/// [`act`] under the client's `Idempotency-Key`: the first request with a key takes the step and stores the
/// key with it; a retry with the same key and action (a lost answer, a flaky connection) takes nothing and
/// gets the report as it is now; the key with another action or report is refused.
pub async fn act_once(
    state: &AppState,
    actor: Actor<'_>,
    report: Report,
    action: Action,
    key: Option<&str>,
) -> Result<Acted, AppError> {
    if !actor.may_take(&action) {
        return Err(AppError::new(ErrorCode::Forbidden, format!("`{}` is not for a {}.", action.name(), actor.name())));
    }
    let canonical = serde_json::to_vec(&action).map_err(AppError::internal)?;
    let print = fingerprint([report.id.as_bytes().as_slice(), canonical.as_slice()]);
    let scoped = key.map(|key| format!("{}:{key}", actor.key_scope()));
    if let Some(key) = &scoped
        && let Some(existing) = state.storage.find_idempotency_key(key).await?
    {
        return replay(state, &report, existing, &print).await;
    }
    let claim = scoped.as_deref().map(|key| IdempotencyClaim { key, fingerprint: &print });
    match take_step(state, actor, report.clone(), action, claim).await {
        Ok(after) => Ok(Acted { report: after, replayed: false }),
        Err(err) => {
            // A request with the same key may have got there first (the report moved on, or the key was taken).
            if let Some(key) = &scoped
                && let Some(existing) = state.storage.find_idempotency_key(key).await?
            {
                return replay(state, &report, existing, &print).await;
            }
            Err(err)
        }
    }
}

/// A retry with a stored key: the report as it is, or 422 when the key was used for another step.
async fn replay(state: &AppState, report: &Report, existing: ClaimedKey, print: &str) -> Result<Acted, AppError> {
    if existing.fingerprint != print || existing.report_id != report.id {
        return Err(AppError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used for a different step; use a new key for a new step.",
        ));
    }
    let now = state
        .storage
        .find_report(report.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report vanished")))?;
    Ok(Acted { report: now, replayed: true })
}

async fn take_step(
    state: &AppState,
    actor: Actor<'_>,
    report: Report,
    action: Action,
    claim: Option<IdempotencyClaim<'_>>,
) -> Result<Report, AppError> {
    let now = state.clock.now();
    let shared = matches!(action, Action::Rate { .. }) && shared_answer_unrated(state, &report).await?;
    let current = state_of(&report, &state.workflow, now, shared);
    let transition = step(&current, &action).map_err(refused)?;
    let category = state
        .storage
        .find_category_by_id(report.category_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report {} has no category", report.id)))?;

    let urgency = match &action {
        Action::Expedite { accept_hours, answer_hours, .. } => {
            Some(Urgency { accept_hours: *accept_hours, answer_hours: *answer_hours })
        }
        _ => report.urgency,
    };
    let spans = category.step_spans().expedited(urgency);
    let mut set = changes_of(state, &report, spans, &transition, now);
    let Effects { note, assigned_to, forwarded_to } = carry_out(state, &actor, &report, &action, &mut set, now).await?;
    let visibility = if transition.public && !matches!(action, Action::UnitReply { .. } | Action::Return { .. }) {
        Visibility::Public
    } else {
        Visibility::Internal
    };
    let recorded = actor.recorded_as();
    let note_text = timeline_note(&action, &transition, visibility, note);
    let mut notices = notices_for(&report, &category, &action, &transition, (assigned_to, forwarded_to));
    if shares_its_answer(&action) {
        notices.extend(shared_answer_notices(state, &report, &category, &action, &transition).await?);
    }
    let reason = serde_json::to_string(&action).ok();
    let change = ReportChange {
        report_id: report.id,
        expected_status: current.status,
        expected_version: report.version,
        set,
        event: NewEvent {
            kind: EventKind::Transition,
            visibility,
            actor: recorded,
            note: note_text,
            from: Some(current.status),
            to: Some(transition.to),
            action: Some(action.name().to_owned()),
        },
        audit: Some(NewAuditEntry {
            actor_kind: recorded.0,
            actor_id: recorded.1,
            action: "report.transition",
            report_id: Some(report.id),
            reason: reason.as_deref(),
            subject: Some(format!("report:{}", report.tracking_code)),
            detail: Some(
                serde_json::json!({"from": current.status.as_str(), "to": transition.to.as_str(), "action": action.name()})
                    .to_string(),
            ),
        }),
        notices,
        claim,
    };
    let written = match state.storage.change_report(change).await {
        // Only a claimed key can conflict here: the caller looks it up.
        Err(StorageError::Conflict(what)) if claim.is_some() => {
            return Err(AppError::new(ErrorCode::InvalidTransition, format!("The Idempotency-Key is taken: {what}")));
        }
        other => other?,
    };
    if !written {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Someone else changed this report at the same moment; reload it and try again.",
        ));
    }
    let after = state
        .storage
        .find_report(report.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report vanished")))?;
    state.live.publish(LiveEvent::for_report(LiveKind::Changed, &after, now)).await;
    Ok(after)
}

/// The status, deadlines and closing facts a transition sets.
fn changes_of(
    state: &AppState,
    report: &Report,
    spans: StepSpans,
    transition: &Transition,
    now: DateTime<Utc>,
) -> ReportUpdate {
    let mut set = ReportUpdate { status: Some(transition.to), ..Default::default() };
    apply_deadlines(state, &mut set, report, spans, transition, now);
    set.extension_days = Some(transition.extension_pending.and_then(|d| i32::try_from(d).ok()));
    // (A merged report's citizen rating the shared answer leaves the report closed as it was.)
    if transition.to == ReportStatus::Closed && transition.from != ReportStatus::Closed {
        set.closed_at = Some(Some(now));
        set.outcome = Some(transition.outcome);
    }
    if let Some(verdict) = transition.verdict {
        set.verdict = Some(Some(verdict));
    }
    if transition.reopened {
        set.reopen_count = Some(report.reopen_count + 1);
    }
    set
}

/// What an action carries beyond its transition: the note on the timeline, and the deputy it assigns to.
struct Effects {
    note: Option<String>,
    assigned_to: Option<Uuid>,
    forwarded_to: Option<Uuid>,
}

/// Records what `action` itself carries on `set` (the deputy, the unit, the answer, the rating …), looking
/// up what it names.
async fn carry_out(
    state: &AppState,
    actor: &Actor<'_>,
    report: &Report,
    action: &Action,
    set: &mut ReportUpdate,
    now: DateTime<Utc>,
) -> Result<Effects, AppError> {
    let note: Option<String>;
    let mut assigned_to = None;
    let mut forwarded_to = None;
    match action {
        Action::Assign { deputy, note: why } => {
            let deputy = state
                .storage
                .find_deputy(deputy)
                .await?
                .filter(|d| d.status == DeputyStatus::Active)
                .ok_or_else(|| AppError::new(ErrorCode::UnknownDeputy, format!("No active deputy `{deputy}`.")))?;
            set.assigned_deputy_id = Some(Some(deputy.id));
            assigned_to = Some(deputy.id);
            set.assigned_at = Some(Some(now));
            set.routing_state = Some(Some(RoutingState::Assigned));
            set.routing_reason = Some(Some(format!("工作人员交办\nAssigned by staff{}", suffix(why))));
            note = Some(format!("{}{}", deputy.code, suffix(why)));
        }
        Action::Return { reason } => {
            set.assigned_deputy_id = Some(None);
            set.routing_state = Some(Some(RoutingState::Triage));
            set.routing_reason = Some(Some(format!("代表退单：{reason}\nReturned by the deputy: {reason}")));
            note = Some(reason.clone());
        }
        Action::Forward { unit, note: why } => {
            let unit =
                state.storage.find_handling_unit(unit).await?.filter(|u| u.active).ok_or_else(|| {
                    AppError::new(ErrorCode::UnknownHandlingUnit, format!("No handling unit `{unit}`."))
                })?;
            set.handling_unit_id = Some(Some(unit.id));
            forwarded_to = Some(unit.id);
            note = Some(format!("{}{}", unit.code, suffix(why)));
        }
        Action::UnitReply { text } => note = Some(text.clone()),
        Action::Answer { text, outcome } => {
            set.answer_text = Some(Some(text.clone()));
            set.answered_at = Some(Some(now));
            if report.first_answered_at.is_none() {
                set.first_answered_at = Some(Some(now));
            }
            set.outcome = Some(Some(*outcome));
            note = Some(text.clone());
        }
        Action::RequestExtension { working_days, reason } => note = Some(format!("{working_days}: {reason}")),
        Action::DecideExtension { reason, .. } => note = Some(reason.clone()),
        Action::Rate { comment, .. } => {
            set.rating_comment = Some(comment.clone());
            note = comment.clone();
        }
        // The reason stays on the record (the audit log); the citizen reads the explanation.
        Action::Close { explanation, .. } => note = Some(explanation.clone()),
        Action::Expedite { accept_hours, answer_hours, reason } => {
            set.urgency = Some(Some(Urgency { accept_hours: *accept_hours, answer_hours: *answer_hours }));
            note = Some(format!("{accept_hours}h / {answer_hours}h — {reason}"));
        }
        Action::Merge { into } => {
            let target = merge_target(state, actor, report, *into).await?;
            set.merged_into = Some(Some(target.id));
            note = Some(target.tracking_code);
        }
        Action::Withdraw { reason } => note = reason.clone(),
        Action::FollowUp { fixed, comment } => {
            set.follow_up = Some(Some(FollowUp::from_fixed(*fixed)));
            set.follow_up_at = Some(Some(now));
            if !fixed {
                // Reopened: it is no longer closed, and the next close decides the outcome afresh.
                set.closed_at = Some(None);
                set.outcome = Some(None);
            }
            note = comment.clone();
        }
        Action::Accept { note: why } => note = why.clone(),
    }
    Ok(Effects { note, assigned_to, forwarded_to })
}

fn suffix(note: &Option<String>) -> String {
    note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(|n| format!(" — {n}")).unwrap_or_default()
}

/// Sets the deadlines the transition starts, stops or moves (see [`crate::domain::deadlines`]); new
/// deadlines clear earlier escalation.
fn apply_deadlines(
    state: &AppState,
    set: &mut ReportUpdate,
    report: &Report,
    spans: StepSpans,
    transition: &Transition,
    now: DateTime<Utc>,
) {
    let current = report.deadlines();
    // Taking the report on (or having it reopened) starts the answer clock; a unit's reply resumes it.
    let fresh_answer = transition.from == ReportStatus::Assigned || transition.reopened;
    let Some(next) = deadlines::after_step(&state.calendar, spans, current, transition.deadline, fresh_answer, now)
    else {
        return;
    };
    set.due_at = Some(next.due_at);
    if next.answer_due_at != current.answer_due_at {
        set.answer_due_at = Some(next.answer_due_at);
    }
    if next.first_answer_due_at != current.first_answer_due_at {
        set.first_answer_due_at = Some(next.first_answer_due_at);
    }
    set.escalation_level = Some(0);
    set.due_soon_noticed = Some(false);
}

/// The open report `into` that `report` can be merged into: another report the same staff member reaches.
async fn merge_target(state: &AppState, actor: &Actor<'_>, report: &Report, into: Uuid) -> Result<Report, AppError> {
    let not_found = || AppError::new(ErrorCode::ReportNotFound, "The report to merge into is not visible to you.");
    let target = state.storage.find_report(into).await?.ok_or_else(not_found)?;
    if let Actor::Principal(principal) = actor
        && !principal.may_read_report(&target.scope())
    {
        return Err(not_found());
    }
    if target.id == report.id || target.is_closed() {
        return Err(AppError::new(ErrorCode::InvalidAction, "Merge into another report that is still open."));
    }
    Ok(target)
}
