use actix_web::{get, web};

use super::show::answer_view;
use super::{CategoryRef, StationRef, TimelineEntry, TrackedReportView, event_text, photo_links};
use crate::app::error::{AppError, ErrorCode};
use crate::app::shared_answer;
use crate::app::state::AppState;
use crate::domain::deadlines;
use crate::domain::report::record::PhotoSource;
use crate::domain::report::{EventKind, ReportStatus};
use crate::domain::tracking_code::TrackingCode;
use crate::web::problem::Problem;

/// Shows a report to whoever holds its tracking code: category, status, station, its photos (stripped of
/// metadata, behind short-lived signed links) and the public timeline. Contact details, places and internal
/// notes are never part of this view.
#[utoipa::path(
    tag = "reports",
    params(("tracking_code" = String, Path, description = "As printed (`LS-7KQ-9M3-XDP`); case, spaces, dashes and the `LS` prefix are optional.", example = "LS-7KQ-9M3-XDP", pattern = r"^[-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[Ll][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[Ss][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*)?(?:[2-9A-HJKMNP-TV-Za-hjkmnp-tv-z][-_\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*){9}$")),
    responses(
        (status = 200, description = "The citizen's view of the report.", body = TrackedReportView),
        (status = 400, description = "`invalid_tracking_code`: not shaped like a tracking code.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`report_not_found`: no report has this code; `report_not_arrived`: a kiosk saved the report under this code while offline and has not sent it yet.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/track/{tracking_code}")]
pub async fn handler(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<TrackedReportView>, AppError> {
    let code = TrackingCode::parse(&path)
        .map_err(|e| AppError::new(ErrorCode::InvalidTrackingCode, format!("{e}. Codes look like LS-7KQ-9M3-XDP.")))?;
    view(&state, &code).await.map(web::Json)
}

/// No report has `code`: either a kiosk holds it for a report saved while its network was down (it arrives
/// when the kiosk is back online), or nobody does.
pub async fn not_found(state: &AppState, code: &TrackingCode) -> AppError {
    match state.storage.find_reserved_code(code.as_str()).await {
        Ok(Some(reserved)) if reserved.report_id.is_none() => AppError::new(
            ErrorCode::ReportNotArrived,
            "The kiosk saved this report while its network was down; it is sent as soon as the kiosk is back \
             online. Try again later.",
        ),
        Ok(_) => AppError::new(ErrorCode::ReportNotFound, "Check the code on your receipt and try again."),
        Err(err) => err.into(),
    }
}

/// The citizen's view of the report with this code.
pub async fn view(state: &AppState, code: &TrackingCode) -> Result<TrackedReportView, AppError> {
    let Some(tracked) = state.storage.track_report(code).await? else {
        return Err(not_found(state, code).await);
    };
    let status = tracked.report.status;
    let mut photos = state.storage.report_photos(tracked.report.id).await?;
    // A handling unit's reply is for the people handling the report.
    photos.retain(|p| p.source == PhotoSource::Citizen);
    let photos = photo_links(&state.photos.urls, tracked.report.id, &photos);
    let timeline = tracked
        .public_events
        .into_iter()
        .map(|e| TimelineEntry {
            at: e.at,
            kind: e.kind,
            text: event_text(e.kind, e.note.as_deref()),
            words: (e.kind == EventKind::Supplemented).then(|| e.note.clone()).flatten(),
        })
        .collect();
    // A merged report shares the answer of the report it joined, and its citizen may rate that answer.
    let answered = shared_answer::answering_report(state, &tracked.report).await?;
    let may_rate =
        status == ReportStatus::Answered || shared_answer::shared_answer_rateable(&tracked.report, &answered);
    let category = state
        .directory
        .category_by_id(&state.storage, tracked.report.category_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("report {} has no category", tracked.report.id)))?;
    let station = match tracked.report.station_id {
        Some(id) => state.directory.station_by_id(&state.storage, id).await?,
        None => None,
    };
    let spans = category.step_spans().expedited(tracked.report.urgency);
    let answer_expected_by = deadlines::answer_expected_by(&state.calendar, spans, tracked.report.deadlines(), status);
    Ok(TrackedReportView {
        due_at: tracked.report.due_at,
        answer_expected_by,
        answer: answer_view(&answered),
        verdict: tracked.report.verdict,
        may_rate,
        follow_up_question: crate::app::act::follow_up_open(&tracked.report, &state.workflow, state.clock.now()),
        tracking_code: tracked.report.tracking_code,
        category: CategoryRef { code: category.code, name: category.name },
        status,
        status_label: status.label(),
        station: station.map(|s| StationRef { code: s.code, name: s.name }),
        photo_count: photos.len() as u64,
        photos,
        submitted_at: tracked.report.created_at,
        updated_at: tracked.report.updated_at,
        timeline,
    })
}
