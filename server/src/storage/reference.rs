//! Areas, categories and stations: listing, lookup by code, and idempotent loading.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

use super::audit::NewAuditEntry;
use super::entities::{area, category, station};
use super::{Storage, StorageError};
use crate::domain::reference::ReferenceData;

/// What loading reference data did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl LoadSummary {
    pub(super) fn count(&mut self, change: Change) {
        match change {
            Change::Inserted => self.inserted += 1,
            Change::Updated => self.updated += 1,
            Change::Unchanged => self.unchanged += 1,
        }
    }
}

pub(super) enum Change {
    Inserted,
    Updated,
    Unchanged,
}

impl Storage {
    /// Active categories in display order.
    pub async fn list_categories(&self) -> Result<Vec<category::Model>, StorageError> {
        Ok(category::Entity::find()
            .filter(category::Column::Active.eq(true))
            .order_by_asc(category::Column::SortOrder)
            .order_by_asc(category::Column::Code)
            .all(self.reader())
            .await?)
    }

    /// An active category by its code.
    pub async fn find_category(&self, code: &str) -> Result<Option<category::Model>, StorageError> {
        Ok(category::Entity::find()
            .filter(category::Column::Code.eq(code))
            .filter(category::Column::Active.eq(true))
            .one(self.reader())
            .await?)
    }

    /// Every station, ordered by code, with the area it belongs to.
    pub async fn list_stations(&self) -> Result<Vec<(station::Model, Option<area::Model>)>, StorageError> {
        let stations = station::Entity::find().order_by_asc(station::Column::Code).all(self.reader()).await?;
        let area_ids: Vec<Uuid> = stations.iter().filter_map(|s| s.area_id).collect();
        let areas: HashMap<Uuid, area::Model> = if area_ids.is_empty() {
            HashMap::new()
        } else {
            area::Entity::find()
                .filter(area::Column::Id.is_in(area_ids))
                .all(self.reader())
                .await?
                .into_iter()
                .map(|a| (a.id, a))
                .collect()
        };
        Ok(stations
            .into_iter()
            .map(|s| {
                let area = s.area_id.and_then(|id| areas.get(&id).cloned());
                (s, area)
            })
            .collect())
    }

    /// Every category, active or not.
    pub async fn all_categories(&self) -> Result<Vec<category::Model>, StorageError> {
        Ok(category::Entity::find().all(self.reader()).await?)
    }

    /// A category by id, active or not (a report keeps its category).
    pub async fn find_category_by_id(&self, id: Uuid) -> Result<Option<category::Model>, StorageError> {
        Ok(category::Entity::find_by_id(id).one(self.reader()).await?)
    }

    /// A station by its code.
    pub async fn find_station(&self, code: &str) -> Result<Option<station::Model>, StorageError> {
        Ok(station::Entity::find().filter(station::Column::Code.eq(code)).one(self.reader()).await?)
    }

    /// A station by its id.
    pub async fn find_station_by_id(&self, id: Uuid) -> Result<Option<station::Model>, StorageError> {
        Ok(station::Entity::find_by_id(id).one(self.reader()).await?)
    }

    /// Inserts or updates every record by code, in one transaction; records already equal are not touched,
    /// and records not named are left alone. The data must have passed [`ReferenceData::check`] together with
    /// what is stored.
    pub async fn load_reference_data(&self, data: &ReferenceData) -> Result<LoadSummary, StorageError> {
        self.load_reference_data_audited(data, None).await
    }

    /// As [`Storage::load_reference_data`], with an audit entry written in the same transaction.
    pub async fn load_reference_data_audited(
        &self,
        data: &ReferenceData,
        audit: Option<NewAuditEntry<'_>>,
    ) -> Result<LoadSummary, StorageError> {
        let txn = sea_orm::TransactionTrait::begin(self.writer()).await?;
        let mut summary = LoadSummary::default();
        // Records may point at areas stored earlier as well as at those loaded now.
        let mut area_ids: HashMap<String, Uuid> =
            area::Entity::find().all(&txn).await?.into_iter().map(|a| (a.code, a.id)).collect();
        for record in &data.areas {
            let parent_id = record.parent.as_ref().and_then(|code| area_ids.get(code).copied());
            let (id, change) = upsert_area(&txn, record, parent_id).await?;
            area_ids.insert(record.code.clone(), id);
            summary.count(change);
        }
        for (order, record) in data.categories.iter().enumerate() {
            summary.count(upsert_category(&txn, record, i32::try_from(order).unwrap_or(i32::MAX)).await?);
        }
        for record in &data.stations {
            let area_id = record.area.as_ref().and_then(|code| area_ids.get(code).copied());
            summary.count(upsert_station(&txn, record, area_id).await?);
        }
        super::directory::load_records(&txn, data, &area_ids, &mut summary).await?;
        if let Some(entry) = audit {
            super::audit::append(&txn, entry).await?;
        }
        txn.commit().await?;
        Ok(summary)
    }
}

async fn upsert_area(
    db: &impl ConnectionTrait,
    record: &crate::domain::reference::AreaRecord,
    parent_id: Option<Uuid>,
) -> Result<(Uuid, Change), StorageError> {
    let existing = area::Entity::find().filter(area::Column::Code.eq(record.code.as_str())).one(db).await?;
    let now = Utc::now();
    match existing {
        Some(row)
            if row.kind == record.kind.as_str()
                && row.name_zh == record.name.zh
                && row.name_en == record.name.en
                && row.parent_id == parent_id =>
        {
            Ok((row.id, Change::Unchanged))
        }
        Some(row) => {
            let id = row.id;
            let mut active: area::ActiveModel = row.into();
            active.kind = Set(record.kind.as_str().to_owned());
            active.name_zh = Set(record.name.zh.clone());
            active.name_en = Set(record.name.en.clone());
            active.parent_id = Set(parent_id);
            active.updated_at = Set(now);
            active.update(db).await?;
            Ok((id, Change::Updated))
        }
        None => {
            let id = Uuid::now_v7();
            area::ActiveModel {
                id: Set(id),
                code: Set(record.code.clone()),
                kind: Set(record.kind.as_str().to_owned()),
                name_zh: Set(record.name.zh.clone()),
                name_en: Set(record.name.en.clone()),
                parent_id: Set(parent_id),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            Ok((id, Change::Inserted))
        }
    }
}

async fn upsert_category(
    db: &impl ConnectionTrait,
    record: &crate::domain::reference::CategoryRecord,
    sort_order: i32,
) -> Result<Change, StorageError> {
    let existing = category::Entity::find().filter(category::Column::Code.eq(record.code.as_str())).one(db).await?;
    let deadline = i32::from(record.reply_deadline_working_days);
    let accept = i32::from(record.accept_deadline_working_days);
    let answer = i32::from(record.answer_deadline_working_days);
    let now = Utc::now();
    match existing {
        Some(row)
            if row.name_zh == record.name.zh
                && row.name_en == record.name.en
                && row.description_zh == record.description.zh
                && row.description_en == record.description.en
                && row.reply_deadline_working_days == deadline
                && row.accept_deadline_working_days == accept
                && row.answer_deadline_working_days == answer
                && row.sort_order == sort_order
                && row.sensitive == record.sensitive
                && row.active =>
        {
            Ok(Change::Unchanged)
        }
        Some(row) => {
            let mut active: category::ActiveModel = row.into();
            active.name_zh = Set(record.name.zh.clone());
            active.name_en = Set(record.name.en.clone());
            active.description_zh = Set(record.description.zh.clone());
            active.description_en = Set(record.description.en.clone());
            active.reply_deadline_working_days = Set(deadline);
            active.accept_deadline_working_days = Set(accept);
            active.answer_deadline_working_days = Set(answer);
            active.sort_order = Set(sort_order);
            active.sensitive = Set(record.sensitive);
            active.active = Set(true);
            active.updated_at = Set(now);
            active.update(db).await?;
            Ok(Change::Updated)
        }
        None => {
            category::ActiveModel {
                id: Set(Uuid::now_v7()),
                code: Set(record.code.clone()),
                name_zh: Set(record.name.zh.clone()),
                name_en: Set(record.name.en.clone()),
                description_zh: Set(record.description.zh.clone()),
                description_en: Set(record.description.en.clone()),
                reply_deadline_working_days: Set(deadline),
                accept_deadline_working_days: Set(accept),
                answer_deadline_working_days: Set(answer),
                sort_order: Set(sort_order),
                active: Set(true),
                sensitive: Set(record.sensitive),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            Ok(Change::Inserted)
        }
    }
}

async fn upsert_station(
    db: &impl ConnectionTrait,
    record: &crate::domain::reference::StationRecord,
    area_id: Option<Uuid>,
) -> Result<Change, StorageError> {
    let existing = station::Entity::find().filter(station::Column::Code.eq(record.code.as_str())).one(db).await?;
    let (lat, lng) = record.location.map(|p| (Some(p.lat), Some(p.lng))).unwrap_or((None, None));
    let now = Utc::now();
    match existing {
        Some(row)
            if row.name_zh == record.name.zh
                && row.name_en == record.name.en
                && row.address == record.address
                && row.lat == lat
                && row.lng == lng
                && row.opening_hours_zh == record.opening_hours.zh
                && row.opening_hours_en == record.opening_hours.en
                && row.area_id == area_id =>
        {
            Ok(Change::Unchanged)
        }
        Some(row) => {
            let mut active: station::ActiveModel = row.into();
            active.name_zh = Set(record.name.zh.clone());
            active.name_en = Set(record.name.en.clone());
            active.address = Set(record.address.clone());
            active.lat = Set(lat);
            active.lng = Set(lng);
            active.opening_hours_zh = Set(record.opening_hours.zh.clone());
            active.opening_hours_en = Set(record.opening_hours.en.clone());
            active.area_id = Set(area_id);
            active.updated_at = Set(now);
            active.update(db).await?;
            Ok(Change::Updated)
        }
        None => {
            station::ActiveModel {
                id: Set(Uuid::now_v7()),
                code: Set(record.code.clone()),
                name_zh: Set(record.name.zh.clone()),
                name_en: Set(record.name.en.clone()),
                address: Set(record.address.clone()),
                lat: Set(lat),
                lng: Set(lng),
                opening_hours_zh: Set(record.opening_hours.zh.clone()),
                opening_hours_en: Set(record.opening_hours.en.clone()),
                area_id: Set(area_id),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            Ok(Change::Inserted)
        }
    }
}
