//! Photos attached to an open report after it was filed: the scans and pictures of a handling unit's reply,
//! sent by whoever handles the report or by the unit through its link. Cleaned like the citizen's photos,
//! kept for the people handling it, never shown to the citizen.

use bytes::Bytes;
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, process_and_store};
use crate::app::state::AppState;
use crate::domain::report::{ActorKind, EventKind, Visibility};
use crate::storage::workflow::NewEvent;

/// Checks, cleans and stores `photos`, then records them on the report's timeline; nothing is kept when
/// the report cannot take them.
pub async fn attach(
    state: &AppState,
    report_id: Uuid,
    closed: bool,
    actor: (ActorKind, Option<Uuid>),
    photos: Vec<Bytes>,
) -> Result<usize, AppError> {
    if closed {
        return Err(AppError::new(ErrorCode::InvalidTransition, "the report is `closed`; nothing more is attached"));
    }
    let uploads = check_uploads(photos)?;
    let written = process_and_store(state, &uploads).await?;
    let rows: Vec<_> = written.iter().map(|w| w.row.clone()).collect();
    let event = NewEvent {
        kind: EventKind::Attachment,
        visibility: Visibility::Internal,
        actor,
        note: Some(format!("{} photo(s)", rows.len())),
        from: None,
        to: None,
        action: Some("attach".into()),
    };
    if let Err(err) = state.storage.add_attachments(report_id, &rows, event).await {
        state.photos.discard(&state.storage, &rows).await;
        return Err(err.into());
    }
    state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
    Ok(rows.len())
}
