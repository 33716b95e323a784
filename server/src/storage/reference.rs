//! Areas, categories and stations: listing, lookup by code, and idempotent loading.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::entities::{area, category, station};
use super::{Storage, StorageError};
use crate::domain::directory::{Area, Category, Station};

impl Storage {
    /// Active categories in display order.
    pub async fn list_categories(&self) -> Result<Vec<Category>, StorageError> {
        let rows = category::Entity::find()
            .filter(category::Column::Active.eq(true))
            .order_by_asc(category::Column::SortOrder)
            .order_by_asc(category::Column::Code)
            .all(self.reader())
            .await?;
        Ok(rows.into_iter().map(Category::from).collect())
    }

    /// An active category by its code.
    pub async fn find_category(&self, code: &str) -> Result<Option<Category>, StorageError> {
        let row = category::Entity::find()
            .filter(category::Column::Code.eq(code))
            .filter(category::Column::Active.eq(true))
            .one(self.reader())
            .await?;
        Ok(row.map(Category::from))
    }

    /// Every station, ordered by code, with the area it belongs to.
    pub async fn list_stations(&self) -> Result<Vec<(Station, Option<Area>)>, StorageError> {
        let stations = station::Entity::find().order_by_asc(station::Column::Code).all(self.reader()).await?;
        let area_ids: Vec<Uuid> = stations.iter().filter_map(|s| s.area_id).collect();
        let areas: HashMap<Uuid, Area> = if area_ids.is_empty() {
            HashMap::new()
        } else {
            area::Entity::find()
                .filter(area::Column::Id.is_in(area_ids))
                .all(self.reader())
                .await?
                .into_iter()
                .map(|a| Ok((a.id, Area::try_from(a)?)))
                .collect::<Result<_, StorageError>>()?
        };
        Ok(stations
            .into_iter()
            .map(|s| {
                let area = s.area_id.and_then(|id| areas.get(&id).cloned());
                (s.into(), area)
            })
            .collect())
    }

    /// Every category, active or not.
    pub async fn all_categories(&self) -> Result<Vec<Category>, StorageError> {
        Ok(category::Entity::find().all(self.reader()).await?.into_iter().map(Category::from).collect())
    }

    /// A category by id, active or not (a report keeps its category).
    pub async fn find_category_by_id(&self, id: Uuid) -> Result<Option<Category>, StorageError> {
        Ok(category::Entity::find_by_id(id).one(self.reader()).await?.map(Category::from))
    }

    /// A station by its code.
    pub async fn find_station(&self, code: &str) -> Result<Option<Station>, StorageError> {
        let row = station::Entity::find().filter(station::Column::Code.eq(code)).one(self.reader()).await?;
        Ok(row.map(Station::from))
    }

    /// A station by its id.
    pub async fn find_station_by_id(&self, id: Uuid) -> Result<Option<Station>, StorageError> {
        Ok(station::Entity::find_by_id(id).one(self.reader()).await?.map(Station::from))
    }
}
