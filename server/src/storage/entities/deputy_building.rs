use sea_orm::entity::prelude::*;

/// A building a deputy is the contact for.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy_buildings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub building_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
