//! Changes to the directory through the API: one record at a time, checked together with everything stored
//! (the same rules as `liaison import`), written in one transaction with its audit entry, and then visible
//! to routing at once on this instance (within a minute on the others).

use serde::Serialize;
use uuid::Uuid;

use crate::directory::DirectoryCache;
use crate::domain::reference::ReferenceData;
use crate::domain::report::ActorKind;
use crate::storage::audit::NewAuditEntry;
use crate::storage::{Storage, StorageError};

/// Why a change was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the change is inconsistent: {}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// One change to make: the records to upsert, what they are (for the audit log), and the record before.
pub struct Edit<'a, T: Serialize> {
    pub change: ReferenceData,
    /// e.g. `directory.deputy.update`.
    pub action: &'a str,
    /// e.g. `deputy:D-003`.
    pub subject: String,
    pub before: Option<T>,
    pub after: T,
    pub actor: (ActorKind, Option<Uuid>),
}

/// Checks `edit` against `stored` (the directory as [`Storage::export_reference_data`] read it), then writes
/// it and its audit entry together.
pub async fn apply<T: Serialize>(
    storage: &Storage,
    cache: &DirectoryCache,
    stored: ReferenceData,
    edit: Edit<'_, T>,
) -> Result<(), EditError> {
    let mut change = edit.change;
    let merged = stored.merge(change.clone());
    merged.check().map_err(EditError::Invalid)?;
    if !change.categories.is_empty() {
        // A category's place in the list is its display order: write the whole list.
        change.categories = merged.categories;
    }
    let detail = serde_json::json!({ "before": edit.before, "after": edit.after }).to_string();
    let entry = NewAuditEntry {
        actor_kind: edit.actor.0,
        actor_id: edit.actor.1,
        action: edit.action,
        report_id: None,
        reason: None,
        subject: Some(edit.subject),
        detail: Some(detail),
    };
    storage.load_reference_data_audited(&change, Some(entry)).await?;
    cache.invalidate().await;
    Ok(())
}
