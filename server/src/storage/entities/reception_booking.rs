use sea_orm::entity::prelude::*;

/// A resident's booking of a place at a reception slot (预约接待), with the slot's station and times kept.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reception_bookings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// None once the slot itself was cancelled.
    pub reception_day_id: Option<Uuid>,
    pub station_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub citizen_id: Uuid,
    pub topic: String,
    pub category: Option<String>,
    /// `booked` or `cancelled`.
    pub status: String,
    pub created_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    /// When the reminder notice was written (about a day ahead).
    pub reminded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
