use sea_orm::entity::prelude::*;

/// A reception slot at a station: deputies receive residents between `starts_at` and `ends_at`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reception_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub station_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub note_zh: String,
    pub note_en: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Places for residents who book ahead.
    pub capacity: i32,
    /// Places taken; raised only while below `capacity`.
    pub booked: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
