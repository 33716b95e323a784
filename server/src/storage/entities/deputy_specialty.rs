use sea_orm::entity::prelude::*;

/// A category a deputy knows well.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputy_specialties")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
