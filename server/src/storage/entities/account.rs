use sea_orm::entity::prelude::*;

/// A person who signs in: a citizen (WeChat or phone) or a deputy, staff member or admin (password).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A [`crate::domain::access::Role`] other than `kiosk`.
    pub role: String,
    #[sea_orm(unique)]
    pub username: Option<String>,
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    #[sea_orm(unique)]
    pub wechat_openid: Option<String>,
    #[sea_orm(unique)]
    pub wechat_unionid: Option<String>,
    /// Keyed hash of the phone number, for finding the account by phone.
    #[sea_orm(unique)]
    pub phone_lookup: Option<String>,
    /// The phone number, encrypted.
    pub phone_cipher: Option<String>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub active: bool,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// For a `unit` account: the handling unit it answers for.
    pub handling_unit_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
