use sea_orm::entity::prelude::*;

/// A people's-congress deputy as the directory knows them; `account_id` links the account they sign in with.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deputies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// `national`, `provincial`, `city`, `district` or `township`.
    pub level: String,
    pub constituency: String,
    /// A [`crate::domain::routing::DeputyStatus`].
    pub status: String,
    pub profile_zh: String,
    pub profile_en: String,
    #[sea_orm(unique)]
    pub account_id: Option<Uuid>,
    /// Notification channels, most preferred first, separated by `;`.
    pub notification_channels: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
