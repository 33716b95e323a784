//! Notices as staff see them: which ones a principal may see (those about reports they may read, residents'
//! booking notices and review-opinion notices of their stations), and sending one again.

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::notify::{DeliveryAttempt, Notice};
use crate::storage::audit::NewAuditEntry;

/// Whether `principal` may see `notice`.
pub async fn visible(state: &AppState, principal: &Principal, notice: &Notice) -> Result<bool, AppError> {
    Ok(match notice.report_id {
        Some(report_id) => match state.storage.find_report(report_id).await? {
            Some(report) => principal.may_read_report(&report.scope()),
            None => false,
        },
        // About no report (a resident's booking, a review opinion): for the station's staff and
        // administrators, and the committee for opinions.
        None => notice.content().ok().is_some_and(|c| match c.facts.station_id() {
            Some(station) => {
                principal.manages_station(station)
                    || (c.facts.opinion.is_some() && matches!(principal, Principal::Committee { .. }))
            }
            None => false,
        }),
    })
}

/// Queues a dead (or still pending) notice again from its first attempt, and records who did.
pub async fn resend(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
) -> Result<(Notice, Vec<DeliveryAttempt>), AppError> {
    let not_found = || AppError::new(ErrorCode::NotFound, "No such notice is visible to you.");
    let notice = state.storage.find_notice(id).await?.ok_or_else(not_found)?;
    if !visible(state, principal, &notice).await? {
        return Err(not_found());
    }
    if !state.storage.resend_notice(id).await? {
        return Err(AppError::new(ErrorCode::Conflict, "It was delivered; there is nothing to send again."));
    }
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "notification.resend",
            report_id: notice.report_id,
            reason: None,
            subject: Some(format!("notification:{id}")),
            detail: None,
        })
        .await?;
    state.storage.find_notice_with_attempts(id).await?.ok_or_else(not_found)
}
