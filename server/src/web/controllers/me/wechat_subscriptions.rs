use std::collections::BTreeMap;

use actix_web::{post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::FieldError;
use crate::web::auth::Authenticated;
use crate::web::extract::json::JsonBody;
use crate::web::problem::Problem;

/// What `wx.requestSubscribeMessage` answered, passed on as it came.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscribeResults {
    /// Template id → `accept`, `reject`, `ban` or `filter`.
    #[schema(example = json!({"tmpl-progress": "accept"}))]
    pub results: BTreeMap<String, String>,
}

/// How many messages of each template may be sent to the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionCredits {
    #[schema(example = json!({"tmpl-progress": 2}))]
    pub credits: BTreeMap<String, i32>,
}

/// Records the caller's answers to a subscribe-message request in the mini-program. Each `accept` allows
/// one message of that template (WeChat's one-time subscriptions); messages stop when none is left.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = SubscribeResults,
    responses(
        (status = 200, description = "The credits now held.", body = SubscriptionCredits),
        (status = 403, description = "`forbidden`: a kiosk, or an account not signed in with WeChat.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a template this deployment does not send, or an unknown answer.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/wechat-subscriptions")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    JsonBody(body): JsonBody<SubscribeResults>,
) -> Result<web::Json<SubscriptionCredits>, AppError> {
    if matches!(principal, Principal::Kiosk { .. }) {
        return Err(AppError::new(ErrorCode::Forbidden, "Kiosks do not receive subscribe messages."));
    }
    let account_id = principal.subject_id();
    let account = state.storage.find_account(account_id).await?;
    if account.and_then(|a| a.wechat_openid).is_none() {
        return Err(AppError::new(ErrorCode::Forbidden, "Sign in with WeChat to receive subscribe messages."));
    }
    let known: Vec<&String> = [&state.notify.wechat_deputy_template_id, &state.notify.wechat_citizen_template_id]
        .into_iter()
        .flatten()
        .collect();
    let mut errors = Vec::new();
    for (template, answer) in &body.results {
        if !known.contains(&template) {
            errors.push(FieldError::new(format!("results.{template}"), "unknown_template", "not a template sent here"));
        }
        if !matches!(answer.as_str(), "accept" | "reject" | "ban" | "filter") {
            errors.push(FieldError::new(
                format!("results.{template}"),
                "invalid_answer",
                "accept, reject, ban or filter",
            ));
        }
    }
    if body.results.is_empty() {
        errors.push(FieldError::new("results", "required", "at least one template"));
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let mut credits = BTreeMap::new();
    for (template, answer) in &body.results {
        let total = match answer.as_str() {
            "accept" => {
                state.storage.mark_reports_wechat(account_id).await?;
                state.storage.add_subscription_credits(account_id, template, 1).await?
            }
            _ => state.storage.subscription_credits(account_id, template).await?,
        };
        credits.insert(template.clone(), total);
    }
    Ok(web::Json(SubscriptionCredits { credits }))
}
