use sea_orm::entity::prelude::*;

/// A tracking code handed to a kiosk ahead of its report; `report_id` once a report carries it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reserved_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub kiosk_id: Uuid,
    pub reserved_at: DateTimeUtc,
    pub report_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
