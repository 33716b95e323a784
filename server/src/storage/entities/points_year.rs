use sea_orm::entity::prelude::*;

/// A deputy's past year in the points archive, as scored once the year was over.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "points_years")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    pub rules_version: String,
    pub total: i32,
    /// A [`crate::domain::duty::points::Archive`] as JSON.
    pub archive: String,
    pub kept_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
