//! Deputies on duty at a reception slot who did not come: the station's staff mark them absent (with a
//! reason) once the slot has begun and until its year is over, or take it back; the committee reads them;
//! the points archive counts a slot only for those who were not absent. The rules are the domain's
//! (`ReceptionSlot::absence_markable`, `absence_access`).

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::{
    AbsenceAccess, AbsenceRefusal, Deputy, MAX_ABSENCE_REASON_CHARS, ReceptionSlot, absence_access,
};
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::storage::schedule::Absence;

fn not_found() -> AppError {
    AppError::new(ErrorCode::ReceptionDayNotFound, "There is no such reception slot.")
}

/// The slot, for those who may read its absences (404 for others, as for a slot that does not exist; 403
/// for the committee asking to write).
async fn slot(state: &AppState, principal: &Principal, day: Uuid, write: bool) -> Result<ReceptionSlot, AppError> {
    let slot = state.storage.find_reception_day(day).await?.ok_or_else(not_found)?;
    match (absence_access(principal, slot.station_id), write) {
        (AbsenceAccess::Mark, _) | (AbsenceAccess::Read, false) => Ok(slot),
        (AbsenceAccess::Read, true) => {
            Err(AppError::new(ErrorCode::Forbidden, "The committee reads who kept their turn; the station marks it."))
        }
        (AbsenceAccess::Hidden, _) => Err(not_found()),
    }
}

/// The deputy `code` may be marked (or unmarked) at the slot now, by the domain's rules.
async fn markable(state: &AppState, slot: &ReceptionSlot, code: &str) -> Result<Deputy, AppError> {
    let not_on_duty =
        || AppError::new(ErrorCode::NotOnDuty, format!("Deputy `{code}` is not on duty at this reception."));
    let deputy = state.storage.find_deputy(code).await?.ok_or_else(not_on_duty)?;
    slot.absence_markable(deputy.id, state.clock.now()).map_err(|refusal| match refusal {
        AbsenceRefusal::NotOnDuty => not_on_duty(),
        AbsenceRefusal::NotBegun => {
            AppError::new(ErrorCode::ReceptionNotBegun, "The reception has not begun; mark an absence once it has.")
        }
        AbsenceRefusal::YearOver => AppError::new(
            ErrorCode::YearKept,
            "The reception's year is over; its points archive is kept as it was scored.",
        ),
    })?;
    Ok(deputy)
}

fn audit<'a>(principal: &Principal, action: &'a str, slot: &ReceptionSlot, deputy: &Deputy) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: Some(format!("reception_day:{}", slot.id)),
        detail: Some(deputy.code.clone()),
    }
}

/// The slot with the absences marked at it, each with its deputy (on duty there).
pub async fn of_slot(
    state: &AppState,
    principal: &Principal,
    day: Uuid,
) -> Result<(ReceptionSlot, Vec<(Absence, Deputy)>), AppError> {
    let slot = slot(state, principal, day, false).await?;
    let absences = state
        .storage
        .reception_absences(&[day])
        .await?
        .into_iter()
        .filter_map(|a| slot.deputies.iter().find(|d| d.id == a.deputy_id).cloned().map(|d| (a, d)))
        .collect();
    Ok((slot, absences))
}

/// Marks the deputy `code` absent from the slot, with a reason.
pub async fn mark(
    state: &AppState,
    principal: &Principal,
    day: Uuid,
    code: &str,
    reason: &str,
) -> Result<(), AppError> {
    let slot = slot(state, principal, day, true).await?;
    let deputy = markable(state, &slot, code).await?;
    let reason = reason.trim();
    if reason.chars().count() > MAX_ABSENCE_REASON_CHARS {
        return Err(AppError::validation(vec![FieldError::new(
            "reason",
            "too_long",
            format!("at most {MAX_ABSENCE_REASON_CHARS} characters"),
        )]));
    }
    let absence = Absence {
        reception_day_id: slot.id,
        deputy_id: deputy.id,
        reason: reason.to_owned(),
        marked_by: principal.subject_id(),
        marked_at: state.clock.now(),
    };
    state.storage.mark_reception_absence(&absence, audit(principal, "reception_day.absence", &slot, &deputy)).await?;
    Ok(())
}

/// Takes back the deputy's absence from the slot (nothing to take back is no error).
pub async fn clear(state: &AppState, principal: &Principal, day: Uuid, code: &str) -> Result<(), AppError> {
    let slot = slot(state, principal, day, true).await?;
    let deputy = markable(state, &slot, code).await?;
    state
        .storage
        .clear_reception_absence(slot.id, deputy.id, audit(principal, "reception_day.absence_clear", &slot, &deputy))
        .await?;
    Ok(())
}
