use actix_web::{get, web};

use super::MeView;
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::infra::pii::mask_phone;
use crate::web::auth::Authenticated;

/// Says who the access token speaks for.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller.", body = MeView),
    )
)]
#[get("/me")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<MeView>, AppError> {
    let station_ids = match &principal {
        Principal::Kiosk { station_id, .. } => vec![*station_id],
        Principal::Staff { stations, .. } | Principal::Deputy { stations, .. } => stations.clone(),
        Principal::Citizen { .. } | Principal::Committee { .. } | Principal::Admin { .. } | Principal::Unit { .. } => {
            Vec::new()
        }
    };
    let mut stations = Vec::with_capacity(station_ids.len());
    for id in station_ids {
        if let Some(station) = state.storage.find_station_by_id(id).await? {
            stations.push(station.code);
        }
    }
    stations.sort();
    let view = match &principal {
        Principal::Kiosk { kiosk_id, .. } => {
            let label = state.storage.find_kiosk(*kiosk_id).await?.map(|k| k.label).unwrap_or_default();
            MeView {
                role: principal.role(),
                id: *kiosk_id,
                display_name: label,
                username: None,
                phone: None,
                stations,
                deputy: None,
            }
        }
        _ => {
            let account = state
                .storage
                .find_account(principal.subject_id())
                .await?
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("a resolved account vanished")))?;
            let phone = match &account.phone_cipher {
                Some(cipher) => Some(mask_phone(&state.vault.decrypt(cipher).map_err(AppError::internal)?)),
                None => None,
            };
            let deputy = match &principal {
                Principal::Deputy { deputy_id: Some(id), .. } => {
                    state.storage.find_deputy_by_id(*id).await?.map(|d| d.code)
                }
                _ => None,
            };
            MeView {
                role: principal.role(),
                id: account.id,
                display_name: account.display_name,
                username: account.username,
                phone,
                stations,
                deputy,
            }
        }
    };
    Ok(web::Json(view))
}
