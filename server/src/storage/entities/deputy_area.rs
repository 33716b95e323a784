use sea_orm::entity::prelude::*;

/// A grid or community a deputy is the contact for (联系网格).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
