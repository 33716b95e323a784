use sea_orm::entity::prelude::*;

/// A kiosk device bound to one station: created with a one-time enrollment code, then signed in.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "kiosks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub station_id: Uuid,
    pub label: String,
    /// Hash of the one-time enrollment code; cleared once used.
    #[sea_orm(unique)]
    pub enrollment_code_hash: Option<String>,
    pub enrollment_expires_at: Option<DateTimeUtc>,
    pub enrolled_at: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// When it last called in; refreshed at most once a minute.
    pub last_seen_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
