//! A resident at a kiosk asks for a member of staff (请工作人员帮忙): the call is recorded, the station's staff
//! hear of it at once on their live stream, and the kiosk hears when one of them answers.

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::kiosk_aids::HelpCall;
use crate::infra::live::{HelpEvent, HelpKind};

/// How far back a station's list of calls reaches.
const LISTED_HOURS: i64 = 24;

/// A call as it stands, with the kiosk's label (where to go).
#[derive(Debug, Clone)]
pub struct CallView {
    pub call: HelpCall,
    pub kiosk_label: String,
    /// The call was made by an earlier press (nothing new was recorded).
    pub repeated: bool,
}

async fn kiosk_label(state: &AppState, kiosk_id: Uuid) -> Result<String, AppError> {
    Ok(state.storage.find_kiosk(kiosk_id).await?.map(|k| k.label).unwrap_or_default())
}

fn event(kind: HelpKind, view: &CallView) -> HelpEvent {
    HelpEvent {
        kind,
        call_id: view.call.id,
        station_id: view.call.station_id,
        kiosk_id: view.call.kiosk_id,
        kiosk_label: view.kiosk_label.clone(),
        at: view.call.answered_at.unwrap_or(view.call.called_at),
    }
}

/// The kiosk `kiosk_id` of `station_id` calls for staff; a second press soon after is the same call.
pub async fn call(state: &AppState, kiosk_id: Uuid, station_id: Uuid) -> Result<CallView, AppError> {
    let (call, new) = state.storage.call_for_help(station_id, kiosk_id).await?;
    let view = CallView { call, kiosk_label: kiosk_label(state, kiosk_id).await?, repeated: !new };
    if new {
        state.live.publish(event(HelpKind::Called, &view)).await;
    }
    Ok(view)
}

/// The kiosk's own call.
pub async fn own_call(state: &AppState, kiosk_id: Uuid, id: Uuid) -> Result<CallView, AppError> {
    let call = state.storage.find_help_call(id).await?.filter(|c| c.kiosk_id == kiosk_id).ok_or_else(not_found)?;
    Ok(CallView { call, kiosk_label: kiosk_label(state, kiosk_id).await?, repeated: false })
}

/// A member of staff of the call's station (or an administrator) says they are coming; the first answer is
/// the one kept, and the kiosk hears of it.
pub async fn answer(state: &AppState, principal: &Principal, id: Uuid) -> Result<CallView, AppError> {
    let call = state.storage.find_help_call(id).await?.ok_or_else(not_found)?;
    if !principal.manages_station(call.station_id) {
        return Err(not_found());
    }
    let (call, answered) = state.storage.answer_help_call(id, principal.subject_id()).await?.ok_or_else(not_found)?;
    let view = CallView { kiosk_label: kiosk_label(state, call.kiosk_id).await?, call, repeated: !answered };
    if answered {
        state.live.publish(event(HelpKind::Answered, &view)).await;
    }
    Ok(view)
}

/// The station's calls of the last day, newest first, each with its kiosk's label.
pub async fn recent(state: &AppState, station_id: Uuid) -> Result<Vec<CallView>, AppError> {
    let since = state.clock.now() - chrono::Duration::hours(LISTED_HOURS);
    let kiosks = state.storage.station_kiosks(station_id).await?;
    let label = |id: Uuid| kiosks.iter().find(|k| k.id == id).map(|k| k.label.clone()).unwrap_or_default();
    Ok(state
        .storage
        .help_calls(station_id, since)
        .await?
        .into_iter()
        .map(|call| CallView { kiosk_label: label(call.kiosk_id), call, repeated: false })
        .collect())
}

fn not_found() -> AppError {
    AppError::new(ErrorCode::HelpCallNotFound, "No call for help with this id is visible to you.")
}
