use sea_orm::entity::prelude::*;

/// A deputy on duty at a reception slot who did not come, as marked by the station's staff.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reception_absences")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reception_day_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    pub reason: String,
    pub marked_by: Uuid,
    pub marked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
