//! Accounts of deputies, staff and administrators, managed by administrators.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::access::Role;

pub mod active;
pub mod create;
pub mod list;
pub mod phone;

/// A password account as administrators see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: Uuid,
    #[schema(example = "wang.li")]
    pub username: Option<String>,
    #[schema(example = "王丽")]
    pub display_name: String,
    pub role: Role,
    /// Station codes.
    pub stations: Vec<String>,
    /// A deputy's account: the code of the directory deputy it acts for, once bound.
    #[schema(example = "D-001")]
    pub deputy: Option<String>,
    /// A handling unit's account: the code of the unit it answers for.
    #[schema(example = "HP-CG")]
    pub unit: Option<String>,
    /// The phone number on file for phone-code sign-in, masked.
    #[schema(example = "138****1234")]
    pub phone: Option<String>,
    pub active: bool,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Every deputy, staff and admin account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountList {
    pub items: Vec<AccountView>,
}
