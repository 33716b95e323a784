//! Changes to the directory through the API: one record at a time, checked together with everything stored
//! (the same rules as `liaison import`), written in one transaction with its audit entry, and then visible
//! to routing at once on this instance (within a minute on the others).

use serde::Serialize;
use uuid::Uuid;

use crate::app::directory::DirectoryCache;
use crate::domain::reference::{
    AreaRecord, BuildingRecord, CategoryRecord, HandlingUnitRecord, ReferenceData, StationRecord,
};
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
pub struct Edit<T: Serialize> {
    pub change: ReferenceData,
    /// e.g. `directory.deputy.update`.
    pub action: String,
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
    edit: Edit<T>,
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
        action: &edit.action,
        report_id: None,
        reason: None,
        subject: Some(edit.subject),
        detail: Some(detail),
    };
    storage.load_reference_data_audited(&change, Some(entry)).await?;
    cache.invalidate().await;
    Ok(())
}

/// A directory record edited whole by its code.
pub trait Record: Serialize + Clone {
    /// As the audit log names it: `area`, `building`, …
    const KIND: &'static str;
    fn code(&self) -> &str;
    /// The records of this kind in `data`.
    fn all(data: &ReferenceData) -> &[Self];
    /// A change holding just this record.
    fn change(self) -> ReferenceData;
}

macro_rules! record {
    ($type:ty, $kind:literal, $field:ident) => {
        impl Record for $type {
            const KIND: &'static str = $kind;
            fn code(&self) -> &str {
                &self.code
            }
            fn all(data: &ReferenceData) -> &[Self] {
                &data.$field
            }
            fn change(self) -> ReferenceData {
                ReferenceData { $field: vec![self], ..Default::default() }
            }
        }
    };
}

record!(AreaRecord, "area", areas);
record!(BuildingRecord, "building", buildings);
record!(CategoryRecord, "category", categories);
record!(StationRecord, "station", stations);
record!(HandlingUnitRecord, "handling_unit", handling_units);

/// Creates or replaces `after` (by its code), audited as `directory.<kind>.create` or `.update`; `true` when
/// it was created.
pub async fn upsert<R: Record>(
    storage: &Storage,
    cache: &DirectoryCache,
    actor: (ActorKind, Option<Uuid>),
    after: R,
) -> Result<bool, EditError> {
    let stored = storage.export_reference_data().await?;
    let before = R::all(&stored).iter().find(|r| r.code() == after.code()).cloned();
    let created = before.is_none();
    let edit = Edit {
        action: format!("directory.{}.{}", R::KIND, if created { "create" } else { "update" }),
        subject: format!("{}:{}", R::KIND, after.code()),
        before,
        after: after.clone(),
        change: after.change(),
        actor,
    };
    apply(storage, cache, stored, edit).await?;
    Ok(created)
}
