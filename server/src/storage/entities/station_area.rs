use sea_orm::entity::prelude::*;

/// An area a station covers (a community, a street, a grid).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "station_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub station_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
