//! Deputies on duty at a reception slot who did not come: the station's staff mark them absent (with a
//! reason) once the slot has begun, or take it back; the points archive counts a slot only for those who
//! were not absent.

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::{AbsenceRefusal, Deputy, MAX_ABSENCE_REASON_CHARS, ReceptionSlot};
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::storage::schedule::Absence;

fn not_found() -> AppError {
    AppError::new(ErrorCode::ReceptionDayNotFound, "There is no such reception slot.")
}

/// The slot, for those who run its station (404 for others, as for a slot that does not exist); the
/// committee reads every station's but marks nothing (403).
async fn slot(state: &AppState, principal: &Principal, day: Uuid, write: bool) -> Result<ReceptionSlot, AppError> {
    let slot = state.storage.find_reception_day(day).await?.ok_or_else(not_found)?;
    if principal.manages_station(slot.station_id) {
        return Ok(slot);
    }
    match (principal, write) {
        (Principal::Committee { .. }, false) => Ok(slot),
        (Principal::Committee { .. }, true) => {
            Err(AppError::new(ErrorCode::Forbidden, "The committee reads who kept their turn; the station marks it."))
        }
        _ => Err(not_found()),
    }
}

fn on_duty<'a>(slot: &'a ReceptionSlot, code: &str) -> Result<&'a Deputy, AppError> {
    slot.deputies.iter().find(|d| d.code == code).ok_or_else(|| {
        AppError::new(ErrorCode::NotOnDuty, format!("Deputy `{code}` is not on duty at this reception."))
    })
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

/// The slot with the absences marked at it, each with its deputy.
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
    let deputy = on_duty(&slot, code)?;
    let now = state.clock.now();
    slot.absence_markable(deputy.id, now).map_err(|refusal| match refusal {
        AbsenceRefusal::NotOnDuty => {
            AppError::new(ErrorCode::NotOnDuty, format!("Deputy `{code}` is not on duty at this reception."))
        }
        AbsenceRefusal::NotBegun => {
            AppError::new(ErrorCode::ReceptionNotBegun, "The reception has not begun; mark an absence once it has.")
        }
    })?;
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
        marked_at: now,
    };
    state.storage.mark_reception_absence(&absence, audit(principal, "reception_day.absence", &slot, deputy)).await?;
    Ok(())
}

/// Takes back the deputy's absence from the slot (nothing to take back is no error).
pub async fn clear(state: &AppState, principal: &Principal, day: Uuid, code: &str) -> Result<(), AppError> {
    let slot = slot(state, principal, day, true).await?;
    let deputy = on_duty(&slot, code)?;
    state
        .storage
        .clear_reception_absence(slot.id, deputy.id, audit(principal, "reception_day.absence_clear", &slot, deputy))
        .await?;
    Ok(())
}
