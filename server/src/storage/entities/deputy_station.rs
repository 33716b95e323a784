use sea_orm::entity::prelude::*;

/// A station a deputy belongs to.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy_stations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub station_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
