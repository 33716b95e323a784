//! Account rows into [`Account`] records.

use super::super::StorageError;
use super::super::entities::account;
use crate::domain::account::Account;

impl TryFrom<account::Model> for Account {
    type Error = StorageError;

    fn try_from(row: account::Model) -> Result<Self, StorageError> {
        Ok(Account {
            id: row.id,
            role: row.role.parse()?,
            username: row.username,
            display_name: row.display_name,
            password_hash: row.password_hash,
            wechat_openid: row.wechat_openid,
            wechat_unionid: row.wechat_unionid,
            phone_lookup: row.phone_lookup,
            phone_cipher: row.phone_cipher,
            failed_logins: row.failed_logins,
            locked_until: row.locked_until,
            active: row.active,
            last_login_at: row.last_login_at,
            created_at: row.created_at,
            handling_unit_id: row.handling_unit_id,
        })
    }
}
