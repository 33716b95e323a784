use sea_orm::entity::prelude::*;

/// An area's boundary (grids above all), as a GeoJSON Polygon or MultiPolygon in WGS-84.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "area_boundaries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: Uuid,
    pub geojson: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
