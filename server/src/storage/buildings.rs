//! Buildings and the places a station covers: what a resident can pick as the place of a report.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use uuid::Uuid;

use super::change::Change;
use super::entities::{area, building, station_area};
use super::{Storage, StorageError};
use crate::domain::directory::{Area, Building};
use crate::domain::reference::BuildingRecord;

/// Inserts or updates a building by code.
pub(super) async fn upsert_building(
    db: &impl ConnectionTrait,
    record: &BuildingRecord,
    grid_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(Uuid, Change), StorageError> {
    match building::Entity::find().filter(building::Column::Code.eq(record.code.as_str())).one(db).await? {
        Some(row) if row.name == record.name && row.address == record.address && row.grid_id == grid_id => {
            Ok((row.id, Change::Unchanged))
        }
        Some(row) => {
            let id = row.id;
            let mut row = row.into_active_model();
            row.name = Set(record.name.clone());
            row.address = Set(record.address.clone());
            row.grid_id = Set(grid_id);
            row.updated_at = Set(now);
            row.update(db).await?;
            Ok((id, Change::Updated))
        }
        None => {
            let id = Uuid::now_v7();
            building::ActiveModel {
                id: Set(id),
                code: Set(record.code.clone()),
                name: Set(record.name.clone()),
                address: Set(record.address.clone()),
                grid_id: Set(grid_id),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
            Ok((id, Change::Inserted))
        }
    }
}

/// The areas a station covers and every area inside them, parents before children, with the buildings in
/// each.
#[derive(Debug, Clone, Default)]
pub struct StationPlaces {
    pub areas: Vec<Area>,
    pub buildings: Vec<Building>,
}

impl Storage {
    /// Every building, by code.
    pub async fn list_buildings(&self) -> Result<Vec<Building>, StorageError> {
        let mut rows = building::Entity::find().all(self.reader()).await?;
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(rows.into_iter().map(Building::from).collect())
    }

    /// A building by code.
    pub async fn find_building(&self, code: &str) -> Result<Option<Building>, StorageError> {
        let row = building::Entity::find().filter(building::Column::Code.eq(code)).one(self.reader()).await?;
        Ok(row.map(Building::from))
    }

    /// A building by id.
    pub async fn find_building_by_id(&self, id: Uuid) -> Result<Option<Building>, StorageError> {
        Ok(building::Entity::find_by_id(id).one(self.reader()).await?.map(Building::from))
    }

    /// An area's boundary as stored: GeoJSON (Polygon or MultiPolygon, WGS-84) text.
    pub async fn area_boundary(&self, area_id: Uuid) -> Result<Option<String>, StorageError> {
        Ok(super::entities::area_boundary::Entity::find_by_id(area_id).one(self.reader()).await?.map(|b| b.geojson))
    }

    /// The boundaries of these areas as stored (GeoJSON text), by area; areas without one are left out.
    pub async fn area_boundaries(&self, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, StorageError> {
        use super::entities::area_boundary;
        Ok(area_boundary::Entity::find()
            .filter(area_boundary::Column::AreaId.is_in(ids.to_vec()))
            .all(self.reader())
            .await?
            .into_iter()
            .map(|b| (b.area_id, b.geojson))
            .collect())
    }

    /// Every area (district, street, community, grid), by code, without boundaries.
    pub async fn list_areas(&self) -> Result<Vec<Area>, StorageError> {
        let mut rows = area::Entity::find().all(self.reader()).await?;
        rows.sort_by(|a, b| a.code.cmp(&b.code));
        rows.into_iter().map(Area::try_from).collect()
    }

    /// An area by id.
    pub async fn find_area_by_id(&self, id: Uuid) -> Result<Option<Area>, StorageError> {
        area::Entity::find_by_id(id).one(self.reader()).await?.map(Area::try_from).transpose()
    }

    /// An area by code.
    pub async fn find_area(&self, code: &str) -> Result<Option<Area>, StorageError> {
        area::Entity::find()
            .filter(area::Column::Code.eq(code))
            .one(self.reader())
            .await?
            .map(Area::try_from)
            .transpose()
    }

    /// What residents of this station can name as a place: covered areas, what lies inside them, and their
    /// buildings.
    pub async fn station_places(&self, station_id: Uuid) -> Result<StationPlaces, StorageError> {
        let db = self.reader();
        let covered: Vec<Uuid> = station_area::Entity::find()
            .filter(station_area::Column::StationId.eq(station_id))
            .all(db)
            .await?
            .into_iter()
            .map(|l| l.area_id)
            .collect();
        let all = area::Entity::find().all(db).await?;
        let mut children: HashMap<Uuid, Vec<&area::Model>> = HashMap::new();
        for a in &all {
            if let Some(parent) = a.parent_id {
                children.entry(parent).or_default().push(a);
            }
        }
        let by_id: HashMap<Uuid, &area::Model> = all.iter().map(|a| (a.id, a)).collect();
        let mut seen = HashSet::new();
        let mut areas = Vec::new();
        let mut queue: Vec<Uuid> = covered;
        queue.sort_by_key(|id| by_id.get(id).map(|a| a.code.clone()));
        let mut at = 0;
        while at < queue.len() {
            let id = queue[at];
            at += 1;
            if !seen.insert(id) {
                continue;
            }
            if let Some(a) = by_id.get(&id) {
                areas.push((*a).clone());
            }
            let mut kids: Vec<&&area::Model> = children.get(&id).map(|k| k.iter().collect()).unwrap_or_default();
            kids.sort_by(|a, b| a.code.cmp(&b.code));
            queue.extend(kids.into_iter().map(|k| k.id));
        }
        let ids: Vec<Uuid> = areas.iter().map(|a| a.id).collect();
        let mut buildings = building::Entity::find().filter(building::Column::GridId.is_in(ids)).all(db).await?;
        buildings.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(StationPlaces {
            areas: super::records::all(areas)?,
            buildings: buildings.into_iter().map(Building::from).collect(),
        })
    }
}
