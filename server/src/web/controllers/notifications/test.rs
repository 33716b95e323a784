use actix_web::{post, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::deputy_page::deputy_managed_by as deputy_settable_by;
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::reference::NotifyChannel;
use crate::storage::audit::NewAuditEntry;
use crate::web::auth::Authenticated;
use crate::web::controllers::throttle;
use crate::web::problem::Problem;

/// Test messages a deputy may have sent in an hour (a text message costs money).
const TESTS_PER_HOUR: u32 = 5;

/// How each channel took the test message, in the deputy's order.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestResults {
    pub results: Vec<TestResult>,
}

/// One channel's outcome.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestResult {
    #[schema(value_type = NotifyChannel)]
    pub channel: NotifyChannel,
    /// The provider took it.
    pub delivered: bool,
    /// Otherwise the provider's code (`not_tried` for a WeChat subscribe message, which the test does not
    /// spend) and words.
    #[schema(example = "410")]
    pub code: Option<String>,
    pub detail: Option<String>,
}

/// Sends a test message at once on every channel the deputy is reached on (in their order; the deputy, staff
/// of their stations or an administrator), and says which worked. A channel in the order without a target is
/// not listed. At most five an hour per deputy. Recorded in the audit log.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "Deputy code.", example = "D-001")),
    responses(
        (status = 200, description = "Each channel's outcome.", body = TestResults),
        (status = 403, description = "`forbidden`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`deputy_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/deputies/{code}/notification-test")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<String>,
) -> Result<web::Json<TestResults>, AppError> {
    let code = path.into_inner();
    let deputy = deputy_settable_by(&state, &principal, &code).await?;
    throttle::enforce(&state, "notification-test", &code, TESTS_PER_HOUR, throttle::HOUR, ErrorCode::TooManyRequests)
        .await?;
    // The workbench itself: the deputy's report page without a report (its path before the `#`).
    let workbench = state.links.deputy_report.split('#').next().unwrap_or_default();
    let url = format!("{}{workbench}", state.public_url);
    let tries = state.relay.test_deputy(deputy.id, &url, state.clock.now()).await?;
    let results: Vec<TestResult> = tries
        .into_iter()
        .map(|t| match t.result {
            Ok(()) => TestResult { channel: t.channel, delivered: true, code: None, detail: None },
            Err(err) => {
                TestResult { channel: t.channel, delivered: false, code: Some(err.code), detail: Some(err.detail) }
            }
        })
        .collect();
    state
        .storage
        .append_audit(NewAuditEntry {
            actor_kind: principal.actor_kind(),
            actor_id: Some(principal.subject_id()),
            action: "notification_channels.test",
            report_id: None,
            reason: None,
            subject: Some(format!("deputy:{code}")),
            detail: Some(
                serde_json::json!(results.iter().map(|r| (r.channel.as_str(), r.delivered)).collect::<Vec<_>>())
                    .to_string(),
            ),
        })
        .await?;
    Ok(web::Json(TestResults { results }))
}
