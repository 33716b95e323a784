//! The append-only audit log: sensitive acts (unmasking a phone number, enrolling or revoking a kiosk,
//! creating an account, changing the directory), with who, when, what and why. The database refuses updates and deletes.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
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
    /// What a directory change touched, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// The change itself, as JSON.
    pub detail: Option<String>,
}

/// Which audit entries to list; every field narrows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub report_id: Option<Uuid>,
    /// A directory record, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// Actions starting with this, e.g. `directory.` or `report.assign`.
    pub action_prefix: Option<String>,
    /// `staff`, `admin`, …
    pub actor_kind: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only entries older than this one (the next page).
    pub before: Option<Uuid>,
}

/// One recorded act, as it was written (the log is append-only, so it is read back as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// An [`ActorKind`], as written.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    /// e.g. `contact.unmask`.
    pub action: String,
    pub report_id: Option<Uuid>,
    pub reason: Option<String>,
    /// What a directory change touched, e.g. `deputy:D-003`.
    pub subject: Option<String>,
    /// The change itself, as JSON (`before` and `after`).
    pub detail: Option<String>,
}

impl From<audit_entry::Model> for AuditEntry {
    fn from(row: audit_entry::Model) -> Self {
        AuditEntry {
            id: row.id,
            at: row.created_at,
            actor_kind: row.actor_kind,
            actor_id: row.actor_id,
            action: row.action,
            report_id: row.report_id,
            reason: row.reason,
            subject: row.subject,
            detail: row.detail,
        }
    }
}

/// Appends an entry on `db`, so it can share the transaction of the change it records.
pub(super) async fn append(
    db: &impl ConnectionTrait,
    entry: NewAuditEntry<'_>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, StorageError> {
    row(entry, now).insert(db).await?;
    Ok(now)
}

/// The stored row of `entry`, written at `at`.
pub(super) fn row(entry: NewAuditEntry<'_>, at: DateTime<Utc>) -> audit_entry::ActiveModel {
    audit_entry::ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_kind: Set(entry.actor_kind.as_str().to_owned()),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.to_owned()),
        report_id: Set(entry.report_id),
        reason: Set(entry.reason.map(str::to_owned)),
        subject: Set(entry.subject),
        detail: Set(entry.detail),
        created_at: Set(at),
    }
}

impl Storage {
    pub async fn append_audit(&self, entry: NewAuditEntry<'_>) -> Result<DateTime<Utc>, StorageError> {
        append(self.writer(), entry, self.now()).await
    }

    /// The newest entries first that `filter` lets through, at most `limit`.
    pub async fn list_audit(&self, filter: &AuditFilter, limit: u64) -> Result<Vec<AuditEntry>, StorageError> {
        use audit_entry::Column as C;
        let mut query = audit_entry::Entity::find().order_by_desc(C::Id).limit(limit);
        if let Some(report_id) = filter.report_id {
            query = query.filter(C::ReportId.eq(report_id));
        }
        if let Some(subject) = &filter.subject {
            query = query.filter(C::Subject.eq(subject.as_str()));
        }
        if let Some(action) = &filter.action_prefix {
            query = query.filter(C::Action.starts_with(action.as_str()));
        }
        if let Some(kind) = &filter.actor_kind {
            query = query.filter(C::ActorKind.eq(kind.as_str()));
        }
        if let Some(from) = filter.from {
            query = query.filter(C::CreatedAt.gte(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(C::CreatedAt.lt(to));
        }
        if let Some(before) = filter.before {
            query = query.filter(C::Id.lt(before));
        }
        Ok(query.all(self.reader()).await?.into_iter().map(AuditEntry::from).collect())
    }
}

impl Storage {
    /// Entries written in `[from, to)`, oldest first, `limit` at a time after the entry `after` (for
    /// exporting the whole log page by page).
    pub async fn audit_between(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        after: Option<Uuid>,
        limit: u64,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let mut query = audit_entry::Entity::find().order_by_asc(audit_entry::Column::Id).limit(limit);
        if let Some(from) = from {
            query = query.filter(audit_entry::Column::CreatedAt.gte(from));
        }
        if let Some(to) = to {
            query = query.filter(audit_entry::Column::CreatedAt.lt(to));
        }
        if let Some(after) = after {
            query = query.filter(audit_entry::Column::Id.gt(after));
        }
        Ok(query.all(self.reader()).await?.into_iter().map(AuditEntry::from).collect())
    }
}
