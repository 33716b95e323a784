//! Document rows: the PDFs attached to a report, listed in order and found by position.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::entities::report_document;
use super::{Storage, StorageError};
use crate::domain::report::ActorKind;
use crate::domain::report::record::ReportDocument;

/// A checked document written to the store, to be recorded with its report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub byte_size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub file_name: String,
}

impl TryFrom<report_document::Model> for ReportDocument {
    type Error = StorageError;

    fn try_from(row: report_document::Model) -> Result<Self, StorageError> {
        Ok(ReportDocument {
            id: row.id,
            report_id: row.report_id,
            position: row.position,
            byte_size: row.byte_size,
            sha256: row.sha256,
            storage_key: row.storage_key,
            file_name: row.file_name,
            attached_by: row.attached_by.parse()?,
            created_at: row.created_at,
        })
    }
}

impl Storage {
    /// A report's documents in the order they were attached.
    pub async fn report_documents(&self, report_id: Uuid) -> Result<Vec<ReportDocument>, StorageError> {
        report_document::Entity::find()
            .filter(report_document::Column::ReportId.eq(report_id))
            .order_by_asc(report_document::Column::Position)
            .all(self.reader())
            .await?
            .into_iter()
            .map(ReportDocument::try_from)
            .collect()
    }

    /// Whether any document row points at `key` (documents are content-addressed and may be shared).
    pub async fn document_key_in_use(&self, key: &str) -> Result<bool, StorageError> {
        Ok(report_document::Entity::find()
            .filter(report_document::Column::StorageKey.eq(key))
            .one(self.writer())
            .await?
            .is_some())
    }
}

/// Writes `documents` after the report's existing ones, inside the caller's transaction.
pub(crate) async fn insert_documents(
    db: &impl ConnectionTrait,
    report_id: Uuid,
    documents: &[NewDocument],
    attached_by: ActorKind,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    let next = report_document::Entity::find()
        .filter(report_document::Column::ReportId.eq(report_id))
        .all(db)
        .await?
        .iter()
        .map(|d| d.position + 1)
        .max()
        .unwrap_or(0);
    for (offset, document) in documents.iter().enumerate() {
        report_document::ActiveModel {
            id: Set(Uuid::now_v7()),
            report_id: Set(report_id),
            position: Set(next + i32::try_from(offset).unwrap_or(i32::MAX - next)),
            byte_size: Set(document.byte_size),
            sha256: Set(document.sha256.clone()),
            storage_key: Set(document.storage_key.clone()),
            file_name: Set(document.file_name.clone()),
            attached_by: Set(attached_by.as_str().to_owned()),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
