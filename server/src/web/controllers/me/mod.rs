//! The signed-in caller: who they are, their password, phone number and tied identities, and (for citizens)
//! their own reports; a deputy's record.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::access::Role;

pub mod activities;
pub mod deputy_binding;
pub mod identities;
pub mod password;
pub mod phone;
pub mod record;
pub mod reports;
pub mod show;
pub mod wechat_oa_subscriptions;
pub mod wechat_subscriptions;

/// Who the access token speaks for.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub role: Role,
    /// The account or kiosk id.
    pub id: Uuid,
    pub display_name: String,
    /// Password accounts only.
    pub username: Option<String>,
    /// The phone number the account signs in with by code (a citizen's, or one on file), masked.
    #[schema(example = "138****1234")]
    pub phone: Option<String>,
    /// Codes of the stations this caller belongs to (a kiosk: its one station).
    pub stations: Vec<String>,
    /// A deputy's account: the code of the directory deputy it acts for, once bound.
    #[schema(example = "D-001")]
    pub deputy: Option<String>,
}
