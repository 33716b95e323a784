//! Loading the directory: every reference record (areas, categories, stations, boundaries, coverage, handling
//! units, deputies, buildings, reception days) inserted or updated by code in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

use super::audit::NewAuditEntry;
use super::change::{Change, LoadSummary};
use super::entities::{
    area, area_boundary, building, category, deputy, deputy_area, deputy_building, deputy_specialty, deputy_station,
    station, station_area,
};
use super::{Storage, StorageError};
use crate::domain::Localized;
use crate::domain::reference::{DeputyRecord, HandlingUnitRecord, ReferenceData};

impl Storage {
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
        let now = self.now();
        let txn = sea_orm::TransactionTrait::begin(self.writer()).await?;
        let mut summary = LoadSummary::default();
        // Records may point at areas stored earlier as well as at those loaded now.
        let mut area_ids: HashMap<String, Uuid> =
            area::Entity::find().all(&txn).await?.into_iter().map(|a| (a.code, a.id)).collect();
        for record in &data.areas {
            let parent_id = record.parent.as_ref().and_then(|code| area_ids.get(code).copied());
            let (id, change) = upsert_area(&txn, record, parent_id, now).await?;
            area_ids.insert(record.code.clone(), id);
            summary.count(change);
        }
        for (order, record) in data.categories.iter().enumerate() {
            summary.count(upsert_category(&txn, record, i32::try_from(order).unwrap_or(i32::MAX), now).await?);
        }
        for record in &data.stations {
            let area_id = record.area.as_ref().and_then(|code| area_ids.get(code).copied());
            summary.count(upsert_station(&txn, record, area_id, now).await?);
        }
        load_records(&txn, data, &area_ids, &mut summary, now).await?;
        if let Some(entry) = audit {
            super::audit::append(&txn, entry, now).await?;
        }
        let changed = summary.inserted + summary.updated > 0;
        if changed {
            super::reference_version::bump(&txn, super::reference_version::Changed::Directory).await?;
        }
        txn.commit().await?;
        if changed {
            self.reference_committed(super::reference_version::Changed::Directory);
        }
        Ok(summary)
    }
}

async fn upsert_area(
    db: &impl ConnectionTrait,
    record: &crate::domain::reference::AreaRecord,
    parent_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(Uuid, Change), StorageError> {
    let existing = area::Entity::find().filter(area::Column::Code.eq(record.code.as_str())).one(db).await?;
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
    now: DateTime<Utc>,
) -> Result<Change, StorageError> {
    let existing = category::Entity::find().filter(category::Column::Code.eq(record.code.as_str())).one(db).await?;
    let deadline = i32::from(record.reply_deadline_working_days);
    let accept = i32::from(record.accept_deadline_working_days);
    let answer = i32::from(record.answer_deadline_working_days);
    let phrases = serde_json::to_string(&record.phrases).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let emergency = serde_json::to_string(&record.emergency).map_err(|e| StorageError::Corrupt(e.to_string()))?;
    let hours = |h: Option<u16>| h.map(i32::from);
    let (accept_hours, reply_hours, answer_hours) =
        (hours(record.accept_deadline_hours), hours(record.reply_deadline_hours), hours(record.answer_deadline_hours));
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
                && row.icon == record.icon
                && row.phrases == phrases
                && row.emergency == emergency
                && (row.accept_deadline_hours, row.reply_deadline_hours, row.answer_deadline_hours)
                    == (accept_hours, reply_hours, answer_hours)
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
            active.icon = Set(record.icon.clone());
            active.phrases = Set(phrases);
            active.emergency = Set(emergency);
            active.accept_deadline_hours = Set(accept_hours);
            active.reply_deadline_hours = Set(reply_hours);
            active.answer_deadline_hours = Set(answer_hours);
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
                icon: Set(record.icon.clone()),
                phrases: Set(phrases),
                emergency: Set(emergency),
                accept_deadline_hours: Set(accept_hours),
                reply_deadline_hours: Set(reply_hours),
                answer_deadline_hours: Set(answer_hours),
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
    now: DateTime<Utc>,
) -> Result<Change, StorageError> {
    let existing = station::Entity::find().filter(station::Column::Code.eq(record.code.as_str())).one(db).await?;
    let (lat, lng) = record.location.map(|p| (Some(p.lat), Some(p.lng))).unwrap_or((None, None));
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

/// Loads boundaries, station coverage and deputies (with their links) in the reference loader's transaction.
pub(super) async fn load_records(
    db: &impl ConnectionTrait,
    data: &ReferenceData,
    area_ids: &HashMap<String, Uuid>,
    summary: &mut LoadSummary,
    now: DateTime<Utc>,
) -> Result<(), StorageError> {
    for record in &data.areas {
        let (Some(boundary), Some(&area_id)) = (&record.boundary, area_ids.get(&record.code)) else { continue };
        let geojson = boundary.to_string();
        match area_boundary::Entity::find_by_id(area_id).one(db).await? {
            Some(row) if row.geojson == geojson => summary.count(Change::Unchanged),
            Some(row) => {
                let mut row = row.into_active_model();
                row.geojson = Set(geojson);
                row.updated_at = Set(now);
                row.update(db).await?;
                summary.count(Change::Updated);
            }
            None => {
                area_boundary::ActiveModel { area_id: Set(area_id), geojson: Set(geojson), updated_at: Set(now) }
                    .insert(db)
                    .await?;
                summary.count(Change::Inserted);
            }
        }
    }
    let station_ids: HashMap<String, Uuid> =
        station::Entity::find().all(db).await?.into_iter().map(|s| (s.code, s.id)).collect();
    let category_ids: HashMap<String, Uuid> =
        category::Entity::find().all(db).await?.into_iter().map(|c| (c.code, c.id)).collect();
    let area_id = |code: &String| area_ids.get(code).copied();
    for record in &data.stations {
        let Some(&station_id) = station_ids.get(&record.code) else { continue };
        let wanted: HashSet<Uuid> = record.covers.iter().filter_map(area_id).collect();
        let current: HashSet<Uuid> = station_area::Entity::find()
            .filter(station_area::Column::StationId.eq(station_id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.area_id)
            .collect();
        if wanted != current {
            station_area::Entity::delete_many().filter(station_area::Column::StationId.eq(station_id)).exec(db).await?;
            for area_id in wanted {
                station_area::ActiveModel { station_id: Set(station_id), area_id: Set(area_id) }.insert(db).await?;
            }
        }
    }
    for record in &data.buildings {
        let grid = record.grid.as_ref().and_then(area_id);
        let (_, change) = super::buildings::upsert_building(db, record, grid, now).await?;
        summary.count(change);
    }
    let building_ids: HashMap<String, Uuid> =
        building::Entity::find().all(db).await?.into_iter().map(|b| (b.code, b.id)).collect();
    for record in &data.deputies {
        let links = DeputyLinks {
            stations: record.stations.iter().filter_map(|c| station_ids.get(c).copied()).collect(),
            areas: record.areas.iter().filter_map(area_id).collect(),
            buildings: record.buildings.iter().filter_map(|c| building_ids.get(c).copied()).collect(),
            specialties: record.specialties.iter().filter_map(|c| category_ids.get(c).copied()).collect(),
        };
        summary.count(upsert_deputy(db, record, &links, now).await?);
    }
    for unit in &data.handling_units {
        summary.count(upsert_handling_unit(db, unit, now).await?);
    }
    if !data.reception_days.is_empty() {
        let deputy_ids: HashMap<String, Uuid> =
            deputy::Entity::find().all(db).await?.into_iter().map(|d| (d.code, d.id)).collect();
        for record in &data.reception_days {
            let Some(&station_id) = station_ids.get(&record.station) else { continue };
            let deputies: Vec<Uuid> = record.deputies.iter().filter_map(|c| deputy_ids.get(c).copied()).collect();
            summary.count(super::schedule::upsert_reception_day(db, record, station_id, &deputies, now).await?);
        }
    }
    Ok(())
}

async fn upsert_handling_unit(
    db: &impl ConnectionTrait,
    record: &HandlingUnitRecord,
    now: DateTime<Utc>,
) -> Result<Change, StorageError> {
    use super::entities::handling_unit;
    match handling_unit::Entity::find().filter(handling_unit::Column::Code.eq(record.code.as_str())).one(db).await? {
        Some(row) if row.name_zh == record.name.zh && row.name_en == record.name.en && row.active => {
            Ok(Change::Unchanged)
        }
        Some(row) => {
            let mut row = row.into_active_model();
            row.name_zh = Set(record.name.zh.clone());
            row.name_en = Set(record.name.en.clone());
            row.active = Set(true);
            row.updated_at = Set(now);
            row.update(db).await?;
            Ok(Change::Updated)
        }
        None => {
            handling_unit::ActiveModel {
                id: Set(Uuid::now_v7()),
                code: Set(record.code.clone()),
                name_zh: Set(record.name.zh.clone()),
                name_en: Set(record.name.en.clone()),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            Ok(Change::Inserted)
        }
    }
}

/// What a deputy is tied to, by id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct DeputyLinks {
    stations: HashSet<Uuid>,
    areas: HashSet<Uuid>,
    buildings: HashSet<Uuid>,
    specialties: HashSet<Uuid>,
}

async fn upsert_deputy(
    db: &impl ConnectionTrait,
    record: &DeputyRecord,
    wanted: &DeputyLinks,
    now: DateTime<Utc>,
) -> Result<Change, StorageError> {
    let profile = record.profile.clone().unwrap_or_else(|| Localized::new("", ""));
    let channels = record.channels.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(";");
    let existing = deputy::Entity::find().filter(deputy::Column::Code.eq(record.code.as_str())).one(db).await?;
    let (id, mut change) = match existing {
        Some(row)
            if row.name_zh == record.name.zh
                && row.name_en == record.name.en
                && row.level == record.level
                && row.constituency == record.constituency
                && row.status == record.status.as_str()
                && row.profile_zh == profile.zh
                && row.profile_en == profile.en
                && row.notification_channels == channels =>
        {
            (row.id, Change::Unchanged)
        }
        Some(row) => {
            let id = row.id;
            let mut row = row.into_active_model();
            row.name_zh = Set(record.name.zh.clone());
            row.name_en = Set(record.name.en.clone());
            row.level = Set(record.level.clone());
            row.constituency = Set(record.constituency.clone());
            row.status = Set(record.status.as_str().to_owned());
            row.profile_zh = Set(profile.zh.clone());
            row.profile_en = Set(profile.en.clone());
            row.notification_channels = Set(channels);
            row.updated_at = Set(now);
            row.update(db).await?;
            (id, Change::Updated)
        }
        None => {
            let id = Uuid::now_v7();
            deputy::ActiveModel {
                id: Set(id),
                code: Set(record.code.clone()),
                name_zh: Set(record.name.zh.clone()),
                name_en: Set(record.name.en.clone()),
                level: Set(record.level.clone()),
                constituency: Set(record.constituency.clone()),
                status: Set(record.status.as_str().to_owned()),
                profile_zh: Set(profile.zh.clone()),
                profile_en: Set(profile.en.clone()),
                account_id: Set(None),
                notification_channels: Set(channels),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            (id, Change::Inserted)
        }
    };
    let current = DeputyLinks {
        stations: deputy_station::Entity::find()
            .filter(deputy_station::Column::DeputyId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.station_id)
            .collect(),
        areas: deputy_area::Entity::find()
            .filter(deputy_area::Column::DeputyId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.area_id)
            .collect(),
        buildings: deputy_building::Entity::find()
            .filter(deputy_building::Column::DeputyId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.building_id)
            .collect(),
        specialties: deputy_specialty::Entity::find()
            .filter(deputy_specialty::Column::DeputyId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.category_id)
            .collect(),
    };
    if current != *wanted {
        deputy_station::Entity::delete_many().filter(deputy_station::Column::DeputyId.eq(id)).exec(db).await?;
        deputy_area::Entity::delete_many().filter(deputy_area::Column::DeputyId.eq(id)).exec(db).await?;
        deputy_building::Entity::delete_many().filter(deputy_building::Column::DeputyId.eq(id)).exec(db).await?;
        deputy_specialty::Entity::delete_many().filter(deputy_specialty::Column::DeputyId.eq(id)).exec(db).await?;
        for &station_id in &wanted.stations {
            deputy_station::ActiveModel { deputy_id: Set(id), station_id: Set(station_id) }.insert(db).await?;
        }
        for &area_id in &wanted.areas {
            deputy_area::ActiveModel { deputy_id: Set(id), area_id: Set(area_id) }.insert(db).await?;
        }
        for &building_id in &wanted.buildings {
            deputy_building::ActiveModel { deputy_id: Set(id), building_id: Set(building_id) }.insert(db).await?;
        }
        for &category_id in &wanted.specialties {
            deputy_specialty::ActiveModel { deputy_id: Set(id), category_id: Set(category_id) }.insert(db).await?;
        }
        if matches!(change, Change::Unchanged) {
            change = Change::Updated;
        }
    }
    Ok(change)
}
