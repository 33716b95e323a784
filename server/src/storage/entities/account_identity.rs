use sea_orm::entity::prelude::*;

/// A sign-in identity of another provider tied to an account: unique per provider and subject, and per
/// account and provider.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "account_identities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub account_id: Uuid,
    /// A [`crate::domain::identity::Provider`].
    pub provider: String,
    /// The provider's id of the person: a WeCom userid, an official-account openid.
    pub subject: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
