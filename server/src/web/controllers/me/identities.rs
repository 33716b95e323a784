//! The identities of other providers tied to the caller's account: WeCom (企业微信) and the WeChat official
//! account (公众号).

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::sign_in::identities;
use crate::app::state::AppState;
use crate::domain::identity::Provider;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// An identity tied to the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityView {
    pub provider: Provider,
    pub linked_at: DateTime<Utc>,
}

/// The identities tied to the account (at most one per provider).
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityList {
    pub items: Vec<IdentityView>,
}

/// A fresh code from a provider's web OAuth, to tie whoever it was given to to the account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkIdentityRequest {
    pub provider: Provider,
    /// The `code` the provider's OAuth redirect added to the page's address; works once.
    #[schema(example = "CODE-from-open.weixin.qq.com-redirect", pattern = r"^[ \t\r\n]*[!-~]{1,128}[ \t\r\n]*$")]
    pub code: String,
}

/// The identity now tied.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityLinked {
    pub provider: Provider,
    /// A citizen account held the identity before (made when the person first opened the official
    /// account): it keeps its reports and no longer signs in with it.
    pub took_over_citizen_account: bool,
}

/// Lists the WeCom and official-account identities tied to the caller's account.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tied identities (none for a kiosk).", body = IdentityList),
    )
)]
#[get("/me/identities")]
pub async fn list(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
) -> Result<web::Json<IdentityList>, AppError> {
    let items = identities::list(&state, &principal)
        .await?
        .into_iter()
        .map(|linked| IdentityView { provider: linked.provider, linked_at: linked.linked_at })
        .collect();
    Ok(web::Json(IdentityList { items }))
}

/// Ties a WeCom member (deputies, staff and administrators only) or an official-account user (any account)
/// to the caller's account, so that page signs in to it from then on. The `code` comes from the provider's
/// web OAuth, as for signing in: a page that got `identity_not_bound` signs in otherwise and goes through the
/// (silent) OAuth redirect once more. An account holds one identity per provider; tying another replaces it.
/// An identity belongs to one account: one a citizen account holds moves to the official who shows its
/// code; any other is `identity_taken`. Audited.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = LinkIdentityRequest,
    responses(
        (status = 200, description = "Tied.", body = IdentityLinked),
        (status = 401, description = "`wecom_code_invalid` or `wechat_code_invalid`: the code is wrong, expired or used.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: a citizen tying WeCom, or a kiosk; `wecom_not_member`, `wechat_user_blocked` or `wechat_snapshot_user`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`identity_taken`: another deputy's, staff member's or administrator's account (or, for a citizen, any other account) holds it.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`wecom_rate_limited` or `wechat_rate_limited`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`wecom_login_disabled` or `wechat_login_disabled`: that provider is not set up.", body = Problem, content_type = "application/problem+json"),
        (status = 502, description = "`wecom_bad_response` or `wechat_bad_response`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`wecom_unavailable` or `wechat_unavailable`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/identities")]
pub async fn tie(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<LinkIdentityRequest>,
) -> Result<web::Json<IdentityLinked>, AppError> {
    let took_over = identities::link(&state, &principal, body.provider, &body.code).await?;
    Ok(web::Json(IdentityLinked { provider: body.provider, took_over_citizen_account: took_over }))
}

/// Unties the caller's identity of this provider; that page no longer signs in to the account. Refused
/// when it is the account's only way in. Audited.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    params(("provider" = Provider, Path, description = "`wecom` or `wechat_oa`.")),
    responses(
        (status = 204, description = "Untied."),
        (status = 403, description = "`forbidden`: a kiosk.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no identity of this provider is tied (or no such provider).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`last_sign_in_method`: the account has no other way in (no password, phone or other identity).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/identities/{provider}")]
pub async fn untie(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Provider>,
) -> Result<HttpResponse, AppError> {
    identities::unlink(&state, &principal, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
