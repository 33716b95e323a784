use sea_orm::entity::prelude::*;

/// A deputy's attendance at an activity.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_attendance")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub activity_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub deputy_id: Uuid,
    pub invited: bool,
    /// A [`crate::domain::duty::activity::Attendance`].
    pub attendance: String,
    /// A [`crate::domain::duty::activity::AttendanceSource`].
    pub source: String,
    pub checked_in_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
