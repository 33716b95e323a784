//! 补充: the citizen adds information or photos to their open report, with the tracking code as the key.
//! The text joins the public timeline (the citizen reads it back; so do the people handling it), the photos
//! join the report's own, and the deputy it is assigned to (or the station's staff) hears of it.

use bytes::Bytes;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, process_and_store};
use crate::app::state::AppState;
use crate::domain::notify::NoticeFacts;
use crate::domain::recipients::{Event, recipients};
use crate::domain::report::record::{PhotoSource, Report};
use crate::domain::report::{ActorKind, EventKind, FieldError, Visibility};
use crate::infra::live::{LiveEvent, LiveKind};
use crate::storage::StorageError;
use crate::storage::outbox::NewNotice;
use crate::storage::workflow::NewEvent;

/// The most a supplement's text may hold.
pub const MAX_TEXT_CHARS: usize = 2000;

/// What was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Supplemented {
    pub photos: usize,
}

/// Adds `text` and `photos` to `report`; at least one of them. Refused once the report is closed, and when
/// the photos would pass the report's limit.
pub async fn supplement(
    state: &AppState,
    report: &Report,
    text: Option<String>,
    photos: Vec<Bytes>,
) -> Result<Supplemented, AppError> {
    let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    if text.is_none() && photos.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("text", "required", "add some words or a photo")]));
    }
    if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS) {
        return Err(AppError::validation(vec![FieldError::new(
            "text",
            "too_long",
            format!("at most {MAX_TEXT_CHARS} characters"),
        )]));
    }
    if report.is_closed() {
        return Err(AppError::new(ErrorCode::InvalidTransition, "The report is closed; nothing more is added to it."));
    }
    let had = state.storage.report_photos(report.id).await?.iter().filter(|p| p.source == PhotoSource::Citizen).count();
    let limit = state.limits.photos_per_report;
    if had + photos.len() > limit {
        return Err(AppError::with_fields(
            ErrorCode::TooManyPhotos,
            format!("A report may carry at most {limit} photos; this one has {had}."),
            vec![FieldError::new("photos", "too_many", format!("at most {} more", limit.saturating_sub(had)))],
        ));
    }
    let uploads = check_uploads(photos)?;
    let written = process_and_store(state, &uploads).await?;
    let rows: Vec<_> = written.iter().map(|w| w.row.clone()).collect();
    let category = state
        .storage
        .find_category_by_id(report.category_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report {} names a category that is gone", report.id)))?;
    let notices: Vec<NewNotice> = recipients(Event::Supplemented, &report.parties())
        .into_iter()
        .map(|r| NewNotice {
            kind: r.kind,
            audience: r.audience,
            recipient_id: r.id,
            report_id: Some(report.id),
            facts: NoticeFacts::about_report(report.tracking_code.clone(), category.name.clone(), None),
            cause: format!("supplement-{}", uuid::Uuid::now_v7()),
        })
        .collect();
    let note = match (&text, rows.len()) {
        (Some(text), 0) => text.clone(),
        (Some(text), n) => format!("{text}\n（{n} 张照片 / {n} photo(s)）"),
        (None, n) => format!("（{n} 张照片 / {n} photo(s)）"),
    };
    let event = NewEvent {
        kind: EventKind::Supplemented,
        visibility: Visibility::Public,
        actor: (ActorKind::Citizen, report.citizen_id),
        note: Some(note),
        from: None,
        to: None,
        action: Some("supplement".into()),
    };
    if let Err(err) =
        state.storage.add_attachments(report.id, (&rows, PhotoSource::Citizen), &[], event, &notices).await
    {
        state.photos.discard(&state.storage, &rows).await;
        return Err(match err {
            StorageError::Conflict(_) => {
                AppError::new(ErrorCode::InvalidTransition, "The report is closed; nothing more is added to it.")
            }
            other => other.into(),
        });
    }
    state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
    state.live.publish(LiveEvent::for_report(LiveKind::Changed, report, state.clock.now())).await;
    Ok(Supplemented { photos: rows.len() })
}
