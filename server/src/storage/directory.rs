//! The directory routing works from: loading boundaries, station coverage and deputies with the reference
//! data (upserted by code), and reading it back as a routing [`Directory`] with each deputy's [`Workload`].

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::entities::{
    area, area_boundary, building, category, deputy, deputy_area, deputy_building, deputy_photo, deputy_specialty,
    deputy_station, report, station, station_area,
};

use super::{Storage, StorageError};
use crate::domain::Localized;
use crate::domain::directory::{Area, Building, Category, Deputy, Station};
use crate::domain::geometry::parse_boundary;
use crate::domain::reference::{BuildingRecord, DeputyRecord, HandlingUnitRecord, ReferenceData};
use crate::domain::report::ReportStatus;
use crate::domain::routing::DeputyStatus;
use crate::domain::routing::{DeputyLoad, DeputyProfile, Directory, GridIndex, Records, StationCoverage, Workload};

/// A deputy with the names of what they are linked to, for public pages.
#[derive(Debug, Clone)]
pub struct DeputyListing {
    pub deputy: Deputy,
    /// Station codes.
    pub stations: Vec<String>,
    pub specialties: Vec<Category>,
    pub areas: Vec<Area>,
    /// Building codes.
    pub buildings: Vec<String>,
    /// The portrait's version (its upload's hash), when there is one.
    pub photo: Option<String>,
}

impl Storage {
    /// The whole reference data as stored (areas parents first, with boundaries; categories in order;
    /// stations with what they cover; deputies with their links), so an import can be checked against it.
    pub async fn export_reference_data(&self) -> Result<ReferenceData, StorageError> {
        use crate::domain::reference::{AreaKind, AreaRecord, CategoryRecord, StationRecord};
        let db = self.reader();
        let areas = area::Entity::find().all(db).await?;
        let area_codes: HashMap<Uuid, String> = areas.iter().map(|a| (a.id, a.code.clone())).collect();
        let boundaries: HashMap<Uuid, String> =
            area_boundary::Entity::find().all(db).await?.into_iter().map(|b| (b.area_id, b.geojson)).collect();
        let mut area_records = Vec::with_capacity(areas.len());
        for a in &areas {
            let kind: AreaKind = a.kind.parse()?;
            let boundary = match boundaries.get(&a.id) {
                Some(text) => Some(
                    serde_json::from_str(text)
                        .map_err(|e| StorageError::Corrupt(format!("boundary of {}: {e}", a.code)))?,
                ),
                None => None,
            };
            area_records.push((
                kind.rank(),
                AreaRecord {
                    code: a.code.clone(),
                    kind,
                    name: Localized::new(&a.name_zh, &a.name_en),
                    parent: a.parent_id.and_then(|p| area_codes.get(&p).cloned()),
                    boundary,
                },
            ));
        }
        area_records.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
        let mut categories = category::Entity::find().filter(category::Column::Active.eq(true)).all(db).await?;
        categories.sort_by_key(|c| c.sort_order);
        let mut covers: HashMap<Uuid, Vec<String>> = HashMap::new();
        for link in station_area::Entity::find().all(db).await? {
            if let Some(code) = area_codes.get(&link.area_id) {
                covers.entry(link.station_id).or_default().push(code.clone());
            }
        }
        let stations = station::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|s| StationRecord {
                location: s.lat.zip(s.lng).map(|(lat, lng)| crate::domain::report::GeoPoint { lat, lng }),
                covers: covers.remove(&s.id).unwrap_or_default(),
                code: s.code,
                name: Localized::new(s.name_zh, s.name_en),
                address: s.address,
                opening_hours: Localized::new(s.opening_hours_zh, s.opening_hours_en),
                area: s.area_id.and_then(|id| area_codes.get(&id).cloned()),
            })
            .collect();
        let mut deputies = Vec::new();
        for listing in self.listings(None, None, true).await? {
            let d = listing.deputy;
            deputies.push(DeputyRecord {
                code: d.code,
                name: d.name,
                level: d.level,
                constituency: d.constituency,
                status: d.status,
                stations: listing.stations,
                areas: listing.areas.into_iter().map(|a| a.code).collect(),
                buildings: listing.buildings,
                specialties: listing.specialties.into_iter().map(|c| c.code).collect(),
                profile: Some(d.profile),
                channels: d.notification_channels.iter().map(|c| c.parse()).collect::<Result<_, _>>()?,
            });
        }
        Ok(ReferenceData {
            areas: area_records.into_iter().map(|(_, a)| a).collect(),
            categories: categories
                .into_iter()
                .map(|c| CategoryRecord {
                    code: c.code,
                    name: Localized::new(c.name_zh, c.name_en),
                    description: Localized::new(c.description_zh, c.description_en),
                    reply_deadline_working_days: u16::try_from(c.reply_deadline_working_days).unwrap_or(1),
                    accept_deadline_working_days: u16::try_from(c.accept_deadline_working_days).unwrap_or(1),
                    answer_deadline_working_days: u16::try_from(c.answer_deadline_working_days).unwrap_or(1),
                    sensitive: c.sensitive,
                    phrases: serde_json::from_str(&c.phrases).unwrap_or_default(),
                    icon: c.icon,
                    accept_deadline_hours: c.accept_deadline_hours.and_then(|h| u16::try_from(h).ok()),
                    reply_deadline_hours: c.reply_deadline_hours.and_then(|h| u16::try_from(h).ok()),
                    answer_deadline_hours: c.answer_deadline_hours.and_then(|h| u16::try_from(h).ok()),
                    emergency: crate::storage::records::directory::emergency_lines(&c.emergency),
                })
                .collect(),
            stations,
            buildings: building::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|b| BuildingRecord {
                    grid: b.grid_id.and_then(|g| area_codes.get(&g).cloned()),
                    code: b.code,
                    name: b.name,
                    address: b.address,
                })
                .collect(),
            deputies,
            reception_days: self.export_reception_days().await?,
            handling_units: self
                .list_handling_units()
                .await?
                .into_iter()
                .map(|u| HandlingUnitRecord { code: u.code, name: u.name })
                .collect(),
        })
    }

    /// Deputies who have not left, by code: those of one station, or the one with this code.
    pub async fn deputy_listings(
        &self,
        station: Option<Uuid>,
        code: Option<&str>,
    ) -> Result<Vec<DeputyListing>, StorageError> {
        self.listings(station, code, false).await
    }

    async fn listings(
        &self,
        station: Option<Uuid>,
        code: Option<&str>,
        include_left: bool,
    ) -> Result<Vec<DeputyListing>, StorageError> {
        let db = self.reader();
        let mut query = deputy::Entity::find();
        if !include_left {
            query = query.filter(deputy::Column::Status.ne(DeputyStatus::Left.as_str()));
        }
        if let Some(code) = code {
            query = query.filter(deputy::Column::Code.eq(code));
        }
        if let Some(station) = station {
            let ids: Vec<Uuid> = deputy_station::Entity::find()
                .filter(deputy_station::Column::StationId.eq(station))
                .all(db)
                .await?
                .into_iter()
                .map(|l| l.deputy_id)
                .collect();
            query = query.filter(deputy::Column::Id.is_in(ids));
        }
        let deputies = query.all(db).await?;
        let ids: Vec<Uuid> = deputies.iter().map(|d| d.id).collect();
        let station_codes: HashMap<Uuid, String> =
            station::Entity::find().all(db).await?.into_iter().map(|s| (s.id, s.code)).collect();
        let categories: HashMap<Uuid, Category> =
            category::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.into())).collect();
        let stations =
            deputy_station::Entity::find().filter(deputy_station::Column::DeputyId.is_in(ids.clone())).all(db).await?;
        let specialties = deputy_specialty::Entity::find()
            .filter(deputy_specialty::Column::DeputyId.is_in(ids.clone()))
            .all(db)
            .await?;
        let areas =
            deputy_area::Entity::find().filter(deputy_area::Column::DeputyId.is_in(ids.clone())).all(db).await?;
        let building_links = deputy_building::Entity::find()
            .filter(deputy_building::Column::DeputyId.is_in(ids.clone()))
            .all(db)
            .await?;
        let photos: HashMap<Uuid, String> = deputy_photo::Entity::find()
            .filter(deputy_photo::Column::DeputyId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.deputy_id, p.sha256))
            .collect();
        let building_codes: HashMap<Uuid, String> =
            building::Entity::find().all(db).await?.into_iter().map(|b| (b.id, b.code)).collect();
        let area_rows: HashMap<Uuid, Area> = area::Entity::find()
            .filter(area::Column::Id.is_in(areas.iter().map(|l| l.area_id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| Ok((a.id, Area::try_from(a)?)))
            .collect::<Result<_, StorageError>>()?;
        let mut listings: Vec<DeputyListing> = deputies
            .into_iter()
            .map(|d| {
                let d = Deputy::from(d);
                let mut stations: Vec<String> = stations
                    .iter()
                    .filter(|l| l.deputy_id == d.id)
                    .filter_map(|l| station_codes.get(&l.station_id).cloned())
                    .collect();
                stations.sort();
                let mut specialties: Vec<Category> = specialties
                    .iter()
                    .filter(|l| l.deputy_id == d.id)
                    .filter_map(|l| categories.get(&l.category_id).cloned())
                    .collect();
                specialties.sort_by_key(|c| c.sort_order);
                let mut areas: Vec<Area> = areas
                    .iter()
                    .filter(|l| l.deputy_id == d.id)
                    .filter_map(|l| area_rows.get(&l.area_id).cloned())
                    .collect();
                areas.sort_by(|a, b| a.code.cmp(&b.code));
                let mut buildings: Vec<String> = building_links
                    .iter()
                    .filter(|l| l.deputy_id == d.id)
                    .filter_map(|l| building_codes.get(&l.building_id).cloned())
                    .collect();
                buildings.sort();
                let photo = photos.get(&d.id).cloned();
                DeputyListing { deputy: d, stations, specialties, areas, buildings, photo }
            })
            .collect();
        listings.sort_by(|a, b| a.deputy.code.cmp(&b.deputy.code));
        Ok(listings)
    }

    /// The directory as routing reads it: grids with their boundaries, the area tree, buildings, station
    /// coverage, deputies with their links, sensitive categories and category names.
    pub async fn load_directory(&self) -> Result<Directory, StorageError> {
        let db = self.reader();
        let areas = area::Entity::find().all(db).await?;
        let codes: HashMap<Uuid, String> = areas.iter().map(|a| (a.id, a.code.clone())).collect();
        let parents = areas.iter().filter_map(|a| a.parent_id.map(|p| (a.id, p))).collect();
        let mut grids = Vec::new();
        for row in area_boundary::Entity::find().all(db).await? {
            let value: serde_json::Value = serde_json::from_str(&row.geojson)
                .map_err(|e| StorageError::Corrupt(format!("boundary of area {}: {e}", row.area_id)))?;
            let shape = parse_boundary(&value)
                .map_err(|e| StorageError::Corrupt(format!("boundary of area {}: {e}", row.area_id)))?;
            grids.push((row.area_id, shape));
        }
        let buildings = building::Entity::find().all(db).await?;
        let building_grids = buildings.iter().filter_map(|b| b.grid_id.map(|g| (b.id, g))).collect();
        let mut covers: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        for link in station_area::Entity::find().all(db).await? {
            covers.entry(link.station_id).or_default().insert(link.area_id);
        }
        let station_rows = station::Entity::find().all(db).await?;
        let stations = station_rows
            .iter()
            .map(|s| StationCoverage { id: s.id, covers: covers.remove(&s.id).unwrap_or_default() })
            .collect();
        let categories = category::Entity::find().all(db).await?;
        let category_codes: HashMap<Uuid, String> = categories.iter().map(|c| (c.id, c.code.clone())).collect();
        let mut links: HashMap<Uuid, DeputyProfile> = HashMap::new();
        let deputy_rows = deputy::Entity::find().all(db).await?;
        for d in &deputy_rows {
            let status = d.status.parse()?;
            links.insert(
                d.id,
                DeputyProfile {
                    id: d.id,
                    name: d.name_zh.clone(),
                    status,
                    stations: Vec::new(),
                    grids: Vec::new(),
                    buildings: Vec::new(),
                    specialties: Vec::new(),
                },
            );
        }
        for l in deputy_station::Entity::find().all(db).await? {
            links.entry(l.deputy_id).and_modify(|d| d.stations.push(l.station_id));
        }
        for l in deputy_area::Entity::find().all(db).await? {
            links.entry(l.deputy_id).and_modify(|d| d.grids.push(l.area_id));
        }
        for l in deputy_building::Entity::find().all(db).await? {
            links.entry(l.deputy_id).and_modify(|d| d.buildings.push(l.building_id));
        }
        for l in deputy_specialty::Entity::find().all(db).await? {
            if let Some(code) = category_codes.get(&l.category_id) {
                links.entry(l.deputy_id).and_modify(|d| d.specialties.push(code.clone()));
            }
        }
        let mut deputies: Vec<DeputyProfile> = links.into_values().collect();
        deputies.sort_by_key(|d| d.id);
        let records = Records::new(
            categories.iter().cloned().map(Category::from).collect(),
            station_rows.into_iter().map(Station::from).collect(),
            deputy_rows.into_iter().map(Deputy::from).collect(),
            areas.into_iter().map(Area::try_from).collect::<Result<_, _>>()?,
            buildings.into_iter().map(Building::from).collect(),
        );
        Ok(Directory {
            records,
            grids: GridIndex::new(grids),
            parents,
            grid_codes: codes,
            building_grids,
            stations,
            deputies,
            sensitive_categories: categories.iter().filter(|c| c.sensitive).map(|c| c.code.clone()).collect(),
            index: Default::default(),
            category_names: categories.into_iter().map(|c| (c.code, Localized::new(c.name_zh, c.name_en))).collect(),
        })
    }

    /// Every deputy's open reports (assigned to them and not yet answered) and last assignment.
    pub async fn workload(&self) -> Result<Workload, StorageError> {
        let rows: Vec<(Option<Uuid>, i64, Option<DateTime<Utc>>)> = report::Entity::find()
            .select_only()
            .column(report::Column::AssignedDeputyId)
            .column_as(Expr::col(report::Column::Id).count(), "open")
            .column_as(Expr::col(report::Column::AssignedAt).max(), "last")
            .filter(report::Column::AssignedDeputyId.is_not_null())
            .filter(report::Column::Status.is_in(OPEN_FOR_DEPUTY.iter().map(|s| s.as_str())))
            .group_by(report::Column::AssignedDeputyId)
            .into_tuple()
            .all(self.reader())
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, open, last)| {
                id.map(|id| {
                    (id, DeputyLoad { open_reports: u32::try_from(open).unwrap_or(u32::MAX), last_assigned_at: last })
                })
            })
            .collect())
    }

    /// How many of each deputy's open reports are past their current deadline at `now`.
    pub async fn overdue_by_deputy(&self, now: DateTime<Utc>) -> Result<HashMap<Uuid, u32>, StorageError> {
        let rows: Vec<(Option<Uuid>, i64)> = report::Entity::find()
            .select_only()
            .column(report::Column::AssignedDeputyId)
            .column_as(Expr::col(report::Column::Id).count(), "overdue")
            .filter(report::Column::AssignedDeputyId.is_not_null())
            .filter(report::Column::Status.is_in(OPEN_FOR_DEPUTY.iter().map(|s| s.as_str())))
            .filter(report::Column::DueAt.lt(now))
            .group_by(report::Column::AssignedDeputyId)
            .into_tuple()
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().filter_map(|(id, n)| id.map(|id| (id, u32::try_from(n).unwrap_or(u32::MAX)))).collect())
    }

    /// The stations a deputy belongs to.
    pub async fn deputy_station_ids(&self, deputy_id: Uuid) -> Result<Vec<Uuid>, StorageError> {
        let links = deputy_station::Entity::find()
            .filter(deputy_station::Column::DeputyId.eq(deputy_id))
            .all(self.reader())
            .await?;
        Ok(links.into_iter().map(|l| l.station_id).collect())
    }

    /// Every directory deputy, whatever their status.
    pub async fn all_deputies(&self) -> Result<Vec<Deputy>, StorageError> {
        Ok(deputy::Entity::find().all(self.reader()).await?.into_iter().map(Deputy::from).collect())
    }

    /// A directory deputy by id.
    pub async fn find_deputy_by_id(&self, id: Uuid) -> Result<Option<Deputy>, StorageError> {
        Ok(deputy::Entity::find_by_id(id).one(self.reader()).await?.map(Deputy::from))
    }

    /// A directory deputy by code.
    pub async fn find_deputy(&self, code: &str) -> Result<Option<Deputy>, StorageError> {
        let row = deputy::Entity::find().filter(deputy::Column::Code.eq(code)).one(self.reader()).await?;
        Ok(row.map(Deputy::from))
    }

    /// Sets the channels a deputy is reached on (`;`-separated, most preferred first).
    pub async fn set_deputy_channels(&self, deputy_id: Uuid, channels: &str) -> Result<(), StorageError> {
        deputy::Entity::update_many()
            .col_expr(deputy::Column::NotificationChannels, sea_orm::sea_query::Expr::value(channels))
            .col_expr(deputy::Column::UpdatedAt, sea_orm::sea_query::Expr::value(self.now()))
            .filter(deputy::Column::Id.eq(deputy_id))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    /// The directory entry of the deputy who signs in with this account.
    pub async fn deputy_of_account(&self, account_id: Uuid) -> Result<Option<Deputy>, StorageError> {
        let row = deputy::Entity::find().filter(deputy::Column::AccountId.eq(account_id)).one(self.reader()).await?;
        Ok(row.map(Deputy::from))
    }
}

/// The statuses in which a report is on its deputy's desk.
const OPEN_FOR_DEPUTY: [ReportStatus; 4] =
    [ReportStatus::Assigned, ReportStatus::Accepted, ReportStatus::Forwarded, ReportStatus::UnitReplied];
