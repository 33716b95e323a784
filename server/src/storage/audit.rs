//! The append-only audit log: sensitive acts (unmasking a phone number, enrolling or revoking a kiosk,
//! creating an account), with who, when, what and why. The database refuses updates and deletes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use uuid::Uuid;

use super::entities::audit_entry;
use super::{Storage, StorageError};
use crate::domain::report::ActorKind;

/// One act to record.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub actor_kind: ActorKind,
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub report_id: Option<Uuid>,
    pub reason: Option<&'a str>,
}

impl Storage {
    pub async fn append_audit(&self, entry: NewAuditEntry<'_>) -> Result<DateTime<Utc>, StorageError> {
        let at = Utc::now();
        audit_entry::ActiveModel {
            id: Set(Uuid::now_v7()),
            actor_kind: Set(entry.actor_kind.as_str().to_owned()),
            actor_id: Set(entry.actor_id),
            action: Set(entry.action.to_owned()),
            report_id: Set(entry.report_id),
            reason: Set(entry.reason.map(str::to_owned)),
            created_at: Set(at),
        }
        .insert(self.writer())
        .await?;
        Ok(at)
    }

    /// The newest entries first, optionally only those about one report.
    pub async fn list_audit(
        &self,
        report_id: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<audit_entry::Model>, StorageError> {
        let mut query = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Id).limit(limit);
        if let Some(report_id) = report_id {
            query = query.filter(audit_entry::Column::ReportId.eq(report_id));
        }
        Ok(query.all(self.reader()).await?)
    }
}
