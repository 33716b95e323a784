//! Files attached to an open report after it was filed: the photos, scans and PDF letters of a handling
//! unit's reply, sent by whoever handles the report or by the unit through its link. Photos are cleaned like
//! the citizen's; documents are checked as plain PDFs (see [`crate::infra::documents`]) and kept as sent.
//! They are for the people handling the report, never shown to the citizen.

use bytes::Bytes;
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, process_and_store};
use crate::app::state::AppState;
use crate::domain::report::record::PhotoSource;
use crate::domain::report::{ActorKind, EventKind, FieldError, Visibility};
use crate::infra::documents::{check_pdf, document_key};
use crate::storage::documents::NewDocument;
use crate::storage::workflow::NewEvent;

/// A document as sent: its bytes and its file name, cleaned for a download's name.
#[derive(Debug, Clone)]
pub struct DocumentUpload {
    pub bytes: Bytes,
    pub file_name: String,
}

/// What was attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attached {
    pub photos: usize,
    pub documents: usize,
}

/// Checks, cleans and stores `photos` and `documents`, then records them on the report's timeline; nothing
/// is kept when the report cannot take them or one of them is refused.
pub async fn attach(
    state: &AppState,
    report_id: Uuid,
    closed: bool,
    actor: (ActorKind, Option<Uuid>),
    photos: Vec<Bytes>,
    documents: Vec<DocumentUpload>,
) -> Result<Attached, AppError> {
    if closed {
        return Err(AppError::new(ErrorCode::InvalidTransition, "the report is `closed`; nothing more is attached"));
    }
    let documents = check_documents(documents)?;
    let uploads = check_uploads(photos)?;
    let written = process_and_store(state, &uploads).await?;
    let rows: Vec<_> = written.iter().map(|w| w.row.clone()).collect();
    let mut stored = Vec::with_capacity(documents.len());
    for (document, bytes) in documents {
        if let Err(err) = state.photos.store.put(&document.storage_key, bytes, "application/pdf").await {
            state.photos.discard(&state.storage, &rows).await;
            discard_documents(state, &stored).await;
            return Err(AppError::internal(err));
        }
        stored.push(document);
    }
    let attached = Attached { photos: rows.len(), documents: stored.len() };
    let event = NewEvent {
        kind: EventKind::Attachment,
        visibility: Visibility::Internal,
        actor,
        note: Some(format!("{} photo(s), {} document(s)", attached.photos, attached.documents)),
        from: None,
        to: None,
        action: Some("attach".into()),
    };
    if let Err(err) =
        state.storage.add_attachments(report_id, (&rows, PhotoSource::UnitReply), &stored, event, &[]).await
    {
        state.photos.discard(&state.storage, &rows).await;
        discard_documents(state, &stored).await;
        return Err(err.into());
    }
    state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
    Ok(attached)
}

/// Each document checked as a plain PDF, with the row it will be recorded as.
fn check_documents(documents: Vec<DocumentUpload>) -> Result<Vec<(NewDocument, Bytes)>, AppError> {
    documents
        .into_iter()
        .enumerate()
        .map(|(index, upload)| {
            let checked = check_pdf(&upload.bytes).map_err(|why| {
                AppError::with_fields(
                    ErrorCode::InvalidDocument,
                    format!("Document {} cannot be taken: {why}. Send a plain PDF (print it to PDF again).", index + 1),
                    vec![FieldError::new(format!("documents[{index}]"), "invalid_document", why.to_string())],
                )
            })?;
            let row = NewDocument {
                byte_size: i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX),
                storage_key: document_key(&checked.sha256),
                sha256: checked.sha256,
                file_name: upload.file_name,
            };
            Ok((row, upload.bytes))
        })
        .collect()
}

/// Document `position` of a report, with its bytes, or `document_not_found`.
pub async fn document(
    state: &AppState,
    report_id: Uuid,
    position: u32,
) -> Result<(crate::domain::report::record::ReportDocument, Bytes), AppError> {
    let not_found = || AppError::new(ErrorCode::DocumentNotFound, "The report has no document at this position.");
    let documents = state.storage.report_documents(report_id).await?;
    let found =
        documents.into_iter().find(|d| u32::try_from(d.position).ok() == Some(position)).ok_or_else(not_found)?;
    let bytes = state.photos.store.get(&found.storage_key).await.map_err(AppError::internal)?.ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("document {} is missing from the store", found.storage_key))
    })?;
    Ok((found, bytes))
}

/// Best-effort removal of documents no stored row points at (they are content-addressed and may be shared).
async fn discard_documents(state: &AppState, documents: &[NewDocument]) {
    for document in documents {
        match state.storage.document_key_in_use(&document.storage_key).await {
            Ok(false) => {
                if let Err(err) = state.photos.store.delete(&document.storage_key).await {
                    tracing::warn!(error = %err, key = %document.storage_key, "could not remove an unused document");
                }
            }
            Ok(true) => {}
            Err(err) => tracing::warn!(error = %err, "could not check a document key"),
        }
    }
}
