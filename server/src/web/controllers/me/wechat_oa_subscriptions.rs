use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::oa_subscriptions::{OaAnswer, record};
use crate::app::state::AppState;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// What WeChat's confirmation page added to the app's address when it sent the resident back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OaSubscriptionAnswer {
    #[schema(example = "o-oa-user")]
    pub openid: String,
    #[schema(example = "TMPL-oa-progress")]
    pub template_id: String,
    /// `confirm` or `cancel`.
    #[schema(example = "confirm")]
    pub action: String,
    #[schema(example = 1000, minimum = 0, maximum = 65535)]
    pub scene: u16,
    /// The `reserved` value the page sent (checked by the page, ignored here).
    #[serde(default)]
    pub reserved: Option<String>,
}

/// How many official-account messages may be sent to the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct OaSubscriptionCredits {
    #[schema(example = 1)]
    pub credits: i32,
}

/// Records the resident's answer to the official account's one-time subscription (一次性订阅消息), asked in
/// the phone app inside WeChat. Each `confirm` allows one message about their reports or bookings.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = OaSubscriptionAnswer,
    responses(
        (status = 200, description = "The messages the caller may now be sent.", body = OaSubscriptionCredits),
        (status = 403, description = "`forbidden`: a kiosk, or the answer is for another WeChat user than the one the caller signed in as.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: not the template or scene sent here, or an unknown action.", body = Problem, content_type = "application/problem+json"),
        (status = 501, description = "`wechat_subscriptions_disabled`: no official-account template is configured.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/wechat-oa-subscriptions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<OaSubscriptionAnswer>,
) -> Result<web::Json<OaSubscriptionCredits>, AppError> {
    let answer =
        OaAnswer { openid: body.openid, template_id: body.template_id, action: body.action, scene: body.scene };
    let credits = record(&state, &principal, &answer).await?;
    Ok(web::Json(OaSubscriptionCredits { credits }))
}
