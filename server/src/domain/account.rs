//! A person who signs in, as the server keeps them: a citizen (WeChat, official account or phone code) or a
//! deputy, staff member, station head, committee member or administrator (password, WeCom, phone code).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::access::Role;

/// An account, with what proves it and what throttles it.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub id: Uuid,
    pub role: Role,
    pub username: Option<String>,
    pub display_name: String,
    /// argon2id PHC string.
    pub password_hash: Option<String>,
    pub wechat_openid: Option<String>,
    pub wechat_unionid: Option<String>,
    /// Keyed hash of the phone number, for finding the account by phone.
    pub phone_lookup: Option<String>,
    /// The phone number, encrypted.
    pub phone_cipher: Option<String>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// For a handling unit's account: the unit it answers for.
    pub handling_unit_id: Option<Uuid>,
}
