use actix_web::{get, web};
use uuid::Uuid;

use super::document::DocumentView;
use super::{
    AnswerView, AreaRef, BuildingRef, DeputyRef, EventView, FiledBy, HandlingUnitRef, MaskedContact, PlaceView,
    ProgressView, ReportDetail, ReportSummary, RoutingView, StationRef, UrgencyView, photo_links, report_not_found,
};
use crate::app::error::AppError;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::access::Principal;
use crate::domain::report::Visibility;
use crate::domain::report::record::{PhotoSource, Report};
use crate::infra::pii::mask_phone;
use crate::web::auth::Authenticated;
use crate::web::problem::Problem;

/// Shows a whole report to someone who may handle it: staff of its station, the deputy it is assigned to,
/// an administrator, or the citizen who filed it. The phone number is masked. Anyone else gets the same 404
/// as for a report that does not exist.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The report's id.")),
    responses(
        (status = 200, description = "The report.", body = ReportDetail),
        (status = 404, description = "`report_not_found`: no such report, or not one you may see.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}")]
pub async fn handler(
    state: web::Data<AppState>,
    Authenticated(principal): Authenticated,
    path: web::Path<Uuid>,
) -> Result<web::Json<ReportDetail>, AppError> {
    Ok(web::Json(detail(&state, &principal, path.into_inner()).await?))
}

/// The report as `principal` may see it (404 when they may not).
pub async fn detail(state: &AppState, principal: &Principal, id: Uuid) -> Result<ReportDetail, AppError> {
    detail_for(state, principal, id, true).await
}

/// The report as `principal` sees it; `check` false only right after they acted on it (a deputy who
/// returned a report sees the result of that, though the report is no longer theirs).
pub async fn detail_for(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    check: bool,
) -> Result<ReportDetail, AppError> {
    let record = state.storage.report_record(id).await?.ok_or_else(report_not_found)?;
    if check && !principal.may_read_report(&record.report.scope()) {
        return Err(report_not_found());
    }
    let report = record.report;
    let official = !matches!(principal, Principal::Citizen { .. } | Principal::Kiosk { .. });
    let routing = if official { routing_view(state, &report).await? } else { None };
    let filed_by = match report.filed_by {
        Some((kind, account_id)) if official => {
            let name = state.storage.find_account(account_id).await?.map(|a| a.display_name);
            Some(FiledBy { kind, account_id, name })
        }
        _ => None,
    };
    let timeline = state
        .storage
        .report_events(report.id)
        .await?
        .into_iter()
        .filter(|e| official || e.visibility == Visibility::Public)
        .map(EventView::from)
        .map(|mut e| {
            // The citizen reads what happened, not which official did it.
            if !official {
                e.actor_id = None;
            }
            e
        })
        .collect();
    let mut progress = progress_view(state, &report).await?;
    if !official {
        // Internal handling stays internal: extension requests and the handling unit.
        progress.extension_pending_days = None;
        progress.handling_unit = None;
    }
    let mut photos = state.storage.report_photos(report.id).await?;
    if !official {
        photos.retain(|p| p.source == PhotoSource::Citizen);
    }
    let photos = photo_links(&state.photos.urls, report.id, &photos);
    let documents = if official {
        let base = format!("/api/v1/reports/{}/documents", report.id);
        Some(
            state.storage.report_documents(report.id).await?.into_iter().map(|d| DocumentView::new(d, &base)).collect(),
        )
    } else {
        None
    };
    let phone = match &report.contact_phone_cipher {
        Some(cipher) => Some(mask_phone(&state.vault.decrypt(cipher).map_err(AppError::internal)?)),
        None => None,
    };
    let boundary = match (official, report.area_id) {
        (true, Some(id)) => state.storage.area_boundary(id).await?.and_then(|text| serde_json::from_str(&text).ok()),
        _ => None,
    };
    let place = PlaceView {
        area: match report.area_id {
            Some(id) => state.storage.find_area_by_id(id).await?.map(|a| AreaRef {
                code: a.code,
                kind: a.kind.as_str().to_owned(),
                name: a.name,
                boundary,
            }),
            None => None,
        },
        building: match report.building_id {
            Some(id) => state.storage.find_building_by_id(id).await?.map(|b| BuildingRef {
                code: b.code,
                name: b.name,
                address: b.address,
            }),
            None => None,
        },
    };
    let mut detail = ReportDetail {
        description: report.description.clone(),
        location: report.location,
        place,
        anonymous: report.anonymous,
        contact: MaskedContact { name: report.contact_name.clone(), phone },
        consent_phone_call: report.consent.phone_call,
        consent_sms: report.consent.sms,
        consent_publish: report.consent.publish,
        consent_publish_photos: report.consent.publish_photos,
        photo_count: photos.len() as u64,
        photos,
        routing,
        documents,
        filed_by,
        progress,
        timeline,
        summary: ReportSummary::new(report, record.category, record.station, state.clock.now()),
    };
    if !official {
        detail.summary.escalation_level = None;
    }
    Ok(detail)
}

/// Deadlines, unit, answer and verdict.
pub async fn progress_view(state: &AppState, report: &Report) -> Result<ProgressView, AppError> {
    let handling_unit = match report.handling_unit_id {
        Some(id) => {
            state.storage.find_handling_unit_by_id(id).await?.map(|u| HandlingUnitRef { code: u.code, name: u.name })
        }
        None => None,
    };
    Ok(ProgressView {
        due_at: report.due_at,
        answer_due_at: report.answer_due_at,
        handling_unit,
        extension_pending_days: report.extension_days,
        answer: answer_view(report),
        verdict: report.verdict,
        rating_comment: report.rating_comment.clone(),
        reopen_count: report.reopen_count,
        closed_at: report.closed_at,
        merged_into: report.merged_into,
        urgency: report.urgency.map(|u| UrgencyView { accept_hours: u.accept_hours, answer_hours: u.answer_hours }),
    })
}

/// The answer given, if any.
pub fn answer_view(report: &Report) -> Option<AnswerView> {
    let text = report.answer_text.clone()?;
    Some(AnswerView { text, answered_at: report.answered_at, outcome: report.outcome })
}

/// Routing's decision as staff read it: the state, the reason (stored zh, newline, en), the deputy and station.
async fn routing_view(state: &AppState, report: &Report) -> Result<Option<RoutingView>, AppError> {
    let Some(routing_state) = report.routing_state else { return Ok(None) };
    let text = report.routing_reason.clone().unwrap_or_default();
    let (zh, en) = text.split_once('\n').unwrap_or((text.as_str(), text.as_str()));
    let deputy = match report.assigned_deputy_id {
        Some(id) => state.storage.find_deputy_by_id(id).await?.map(|d| DeputyRef { code: d.code, name: d.name }),
        None => None,
    };
    let station = match report.routed_station_id {
        Some(id) => state.storage.find_station_by_id(id).await?.map(|s| StationRef { code: s.code, name: s.name }),
        None => None,
    };
    Ok(Some(RoutingView { state: routing_state.as_str().to_owned(), reason: Localized::new(zh, en), deputy, station }))
}
