use std::collections::HashMap;

use actix_web::{get, web};

use super::{AccountList, AccountView};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Role;
use crate::infra::pii::mask_phone;
use crate::web::auth::AdminOnly;
use crate::web::problem::Problem;

/// Lists deputy, staff and admin accounts, oldest first (administrators only).
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The accounts.", body = AccountList),
        (status = 403, description = "`forbidden`: administrators only.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/accounts")]
pub async fn handler(state: web::Data<AppState>, _admin: AdminOnly) -> Result<web::Json<AccountList>, AppError> {
    let codes: HashMap<_, _> = state.storage.list_stations().await?.into_iter().map(|(s, _)| (s.id, s.code)).collect();
    let deputies: HashMap<_, _> =
        state.storage.all_deputies().await?.into_iter().filter_map(|d| Some((d.account_id?, d.code))).collect();
    let units: HashMap<_, _> = state.storage.list_handling_units().await?.into_iter().map(|u| (u.id, u.code)).collect();
    let items = state
        .storage
        .list_accounts(&[Role::Deputy, Role::Staff, Role::StationHead, Role::Committee, Role::Admin, Role::Unit])
        .await?
        .into_iter()
        .map(|(a, stations)| {
            Ok(AccountView {
                id: a.id,
                username: a.username,
                display_name: a.display_name,
                role: a.role,
                stations: stations.iter().filter_map(|id| codes.get(id).cloned()).collect(),
                deputy: deputies.get(&a.id).cloned(),
                unit: a.handling_unit_id.and_then(|id| units.get(&id).cloned()),
                phone: match &a.phone_cipher {
                    Some(cipher) => Some(mask_phone(&state.vault.decrypt(cipher).map_err(AppError::internal)?)),
                    None => None,
                },
                active: a.active,
                locked_until: a.locked_until,
                last_login_at: a.last_login_at,
                created_at: a.created_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(web::Json(AccountList { items }))
}
