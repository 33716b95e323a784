//! Reception days: loading them by (station, start), reading a station's days, removing one, and the
//! deputies on duty marked absent from one.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use uuid::Uuid;

use super::audit::NewAuditEntry;
use super::change::Change;
use super::entities::{deputy, reception_absence, reception_day, reception_day_deputy, station};
use super::{Storage, StorageError};
use crate::domain::Localized;
use crate::domain::directory::{Deputy, ReceptionSlot};
use crate::domain::schedule::{DEFAULT_CAPACITY, ReceptionRecord};

/// Inserts or updates a slot, keyed by its station and start, with exactly these deputies.
pub(super) async fn upsert_reception_day(
    db: &impl ConnectionTrait,
    record: &ReceptionRecord,
    station_id: Uuid,
    deputies: &[Uuid],
    now: DateTime<Utc>,
) -> Result<Change, StorageError> {
    let (starts_at, ends_at) = record.window();
    let note = record.note.clone().unwrap_or_else(|| Localized::new("", ""));
    let existing = reception_day::Entity::find()
        .filter(reception_day::Column::StationId.eq(station_id))
        .filter(reception_day::Column::StartsAt.eq(starts_at))
        .one(db)
        .await?;
    let (id, mut change) = match existing {
        Some(row)
            if row.ends_at == ends_at
                && row.note_zh == note.zh
                && row.note_en == note.en
                && record.capacity.is_none_or(|c| c == row.capacity) =>
        {
            (row.id, Change::Unchanged)
        }
        Some(row) => {
            let id = row.id;
            let mut row = row.into_active_model();
            row.ends_at = Set(ends_at);
            row.note_zh = Set(note.zh);
            row.note_en = Set(note.en);
            if let Some(capacity) = record.capacity {
                row.capacity = Set(capacity);
            }
            row.updated_at = Set(now);
            row.update(db).await?;
            (id, Change::Updated)
        }
        None => {
            let id = Uuid::now_v7();
            reception_day::ActiveModel {
                id: Set(id),
                station_id: Set(station_id),
                starts_at: Set(starts_at),
                ends_at: Set(ends_at),
                note_zh: Set(note.zh),
                note_en: Set(note.en),
                created_at: Set(now),
                updated_at: Set(now),
                capacity: Set(record.capacity.unwrap_or(DEFAULT_CAPACITY)),
                booked: Set(0),
            }
            .insert(db)
            .await?;
            (id, Change::Inserted)
        }
    };
    let mut current: Vec<Uuid> = reception_day_deputy::Entity::find()
        .filter(reception_day_deputy::Column::ReceptionDayId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.deputy_id)
        .collect();
    let mut wanted = deputies.to_vec();
    current.sort();
    wanted.sort();
    wanted.dedup();
    if current != wanted {
        reception_day_deputy::Entity::delete_many()
            .filter(reception_day_deputy::Column::ReceptionDayId.eq(id))
            .exec(db)
            .await?;
        // An absence is of a deputy on duty: one taken off the slot takes their absence with them.
        reception_absence::Entity::delete_many()
            .filter(reception_absence::Column::ReceptionDayId.eq(id))
            .filter(reception_absence::Column::DeputyId.is_not_in(wanted.iter().copied()))
            .exec(db)
            .await?;
        for deputy_id in wanted {
            reception_day_deputy::ActiveModel { reception_day_id: Set(id), deputy_id: Set(deputy_id) }
                .insert(db)
                .await?;
        }
        if matches!(change, Change::Unchanged) {
            change = Change::Updated;
        }
    }
    Ok(change)
}

impl Storage {
    /// Reception slots that overlap `[from, to)`, of one station or of all, in order of start.
    pub async fn reception_days(
        &self,
        station_id: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ReceptionSlot>, StorageError> {
        let mut query = reception_day::Entity::find()
            .filter(reception_day::Column::EndsAt.gt(from))
            .filter(reception_day::Column::StartsAt.lt(to))
            .order_by_asc(reception_day::Column::StartsAt);
        if let Some(station_id) = station_id {
            query = query.filter(reception_day::Column::StationId.eq(station_id));
        }
        let days = query.all(self.reader()).await?;
        self.with_deputies(days).await
    }

    /// One reception slot by id.
    pub async fn find_reception_day(&self, id: Uuid) -> Result<Option<ReceptionSlot>, StorageError> {
        let days: Vec<reception_day::Model> =
            reception_day::Entity::find_by_id(id).one(self.reader()).await?.into_iter().collect();
        Ok(self.with_deputies(days).await?.pop())
    }

    /// Every reception slot, as records.
    pub(super) async fn export_reception_days(&self) -> Result<Vec<ReceptionRecord>, StorageError> {
        let days =
            reception_day::Entity::find().order_by_asc(reception_day::Column::StartsAt).all(self.reader()).await?;
        Ok(self.with_deputies(days).await?.iter().map(ReceptionSlot::record).collect())
    }

    /// Removes a slot and writes the audit entry, together.
    pub async fn delete_reception_day(&self, id: Uuid, audit: NewAuditEntry<'_>) -> Result<bool, StorageError> {
        let txn = self.writer().begin().await?;
        reception_day_deputy::Entity::delete_many()
            .filter(reception_day_deputy::Column::ReceptionDayId.eq(id))
            .exec(&txn)
            .await?;
        reception_absence::Entity::delete_many()
            .filter(reception_absence::Column::ReceptionDayId.eq(id))
            .exec(&txn)
            .await?;
        super::bookings::cancel_slot_bookings(&txn, id, self.now()).await?;
        let deleted = reception_day::Entity::delete_by_id(id).exec(&txn).await?.rows_affected > 0;
        if deleted {
            super::audit::append(&txn, audit, self.now()).await?;
            super::reference_version::bump(&txn, super::reference_version::Changed::Directory).await?;
        }
        txn.commit().await?;
        if deleted {
            self.reference_committed(super::reference_version::Changed::Directory);
        }
        Ok(deleted)
    }

    async fn with_deputies(&self, days: Vec<reception_day::Model>) -> Result<Vec<ReceptionSlot>, StorageError> {
        if days.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.reader();
        let ids: Vec<Uuid> = days.iter().map(|d| d.id).collect();
        let links = reception_day_deputy::Entity::find()
            .filter(reception_day_deputy::Column::ReceptionDayId.is_in(ids))
            .all(db)
            .await?;
        let deputy_ids: Vec<Uuid> = links.iter().map(|l| l.deputy_id).collect();
        let deputies: HashMap<Uuid, Deputy> = deputy::Entity::find()
            .filter(deputy::Column::Id.is_in(deputy_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, Deputy::from(d)))
            .collect();
        let stations: HashMap<Uuid, String> =
            station::Entity::find().all(db).await?.into_iter().map(|s| (s.id, s.code)).collect();
        Ok(days
            .into_iter()
            .map(|day| {
                let mut on_duty: Vec<Deputy> = links
                    .iter()
                    .filter(|l| l.reception_day_id == day.id)
                    .filter_map(|l| deputies.get(&l.deputy_id).cloned())
                    .collect();
                on_duty.sort_by(|a, b| a.code.cmp(&b.code));
                ReceptionSlot {
                    id: day.id,
                    station_id: day.station_id,
                    station_code: stations.get(&day.station_id).cloned().unwrap_or_default(),
                    starts_at: day.starts_at,
                    ends_at: day.ends_at,
                    note: Localized::new(day.note_zh, day.note_en),
                    deputies: on_duty,
                    capacity: day.capacity,
                    booked: day.booked,
                }
            })
            .collect())
    }
}

/// A deputy on duty at a slot who did not come.
#[derive(Debug, Clone, PartialEq)]
pub struct Absence {
    pub reception_day_id: Uuid,
    pub deputy_id: Uuid,
    pub reason: String,
    pub marked_by: Uuid,
    pub marked_at: DateTime<Utc>,
}

impl From<reception_absence::Model> for Absence {
    fn from(row: reception_absence::Model) -> Self {
        Absence {
            reception_day_id: row.reception_day_id,
            deputy_id: row.deputy_id,
            reason: row.reason,
            marked_by: row.marked_by,
            marked_at: row.marked_at,
        }
    }
}

impl Storage {
    /// The absences marked at these slots.
    pub async fn reception_absences(&self, days: &[Uuid]) -> Result<Vec<Absence>, StorageError> {
        if days.is_empty() {
            return Ok(Vec::new());
        }
        Ok(reception_absence::Entity::find()
            .filter(reception_absence::Column::ReceptionDayId.is_in(days.iter().copied()))
            .all(self.reader())
            .await?
            .into_iter()
            .map(Absence::from)
            .collect())
    }

    /// Marks the deputy absent from the slot (again: the reason is replaced), with its audit entry.
    pub async fn mark_reception_absence(
        &self,
        absence: &Absence,
        audit: NewAuditEntry<'_>,
    ) -> Result<(), StorageError> {
        let txn = self.writer().begin().await?;
        reception_absence::Entity::delete_by_id((absence.reception_day_id, absence.deputy_id)).exec(&txn).await?;
        reception_absence::ActiveModel {
            reception_day_id: Set(absence.reception_day_id),
            deputy_id: Set(absence.deputy_id),
            reason: Set(absence.reason.clone()),
            marked_by: Set(absence.marked_by),
            marked_at: Set(absence.marked_at),
        }
        .insert(&txn)
        .await?;
        super::audit::append(&txn, audit, self.now()).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Takes an absence back; `false` when none was marked.
    pub async fn clear_reception_absence(
        &self,
        day: Uuid,
        deputy: Uuid,
        audit: NewAuditEntry<'_>,
    ) -> Result<bool, StorageError> {
        let txn = self.writer().begin().await?;
        let removed = reception_absence::Entity::delete_by_id((day, deputy)).exec(&txn).await?.rows_affected > 0;
        if removed {
            super::audit::append(&txn, audit, self.now()).await?;
        }
        txn.commit().await?;
        Ok(removed)
    }
}
