use sea_orm::entity::prelude::*;

/// A resident at a kiosk asked for a member of staff; answered when one said they are coming.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "help_calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub station_id: Uuid,
    pub kiosk_id: Uuid,
    pub called_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
    /// The account that answered.
    pub answered_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
