//! Activities (履职活动) as people use them: staff plan, edit and record them and mark attendance; deputies
//! check in with the activity's QR code and see theirs; the committee reads them; a kiosk shows the check-in
//! code of what is under way at its station.

use bytes::Bytes;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, process_and_store};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::Station;
use crate::domain::duty::activity::{
    Activity, ActivityPlan, ActivityStatus, Attendance, AttendanceSource, CheckInRefusal, check_in_margin, may_mark,
    may_read,
};
use crate::domain::report::FieldError;
use crate::storage::activities::{ActivityChange, ActivityPhoto, AttendanceRecord};
use crate::storage::audit::NewAuditEntry;

fn not_found() -> AppError {
    AppError::new(ErrorCode::ActivityNotFound, "There is no such activity, or it is not yours to see.")
}

fn audit<'a>(principal: &Principal, action: &'a str, detail: Option<String>) -> NewAuditEntry<'a> {
    NewAuditEntry {
        actor_kind: principal.actor_kind(),
        actor_id: Some(principal.subject_id()),
        action,
        report_id: None,
        reason: None,
        subject: None,
        detail,
    }
}

/// An activity with who is invited or recorded, and its photos.
#[derive(Debug, Clone)]
pub struct ActivityRecord {
    pub activity: Activity,
    pub station_code: String,
    pub attendance: Vec<(AttendanceRecord, crate::domain::directory::Deputy)>,
    pub photos: Vec<ActivityPhoto>,
}

/// The deputies with these codes, or a 422 naming the unknown ones.
async fn deputies(state: &AppState, codes: &[String]) -> Result<Vec<Uuid>, AppError> {
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for (index, code) in codes.iter().enumerate() {
        match state.storage.find_deputy(code).await? {
            Some(d) if d.status != crate::domain::routing::DeputyStatus::Left => {
                if !ids.contains(&d.id) {
                    ids.push(d.id);
                }
            }
            _ => errors.push(FieldError::new(
                format!("invited[{index}]"),
                "unknown_deputy",
                "no serving deputy has this code",
            )),
        }
    }
    if errors.is_empty() { Ok(ids) } else { Err(AppError::validation(errors)) }
}

/// A random secret for the check-in code.
fn new_token() -> String {
    format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple())
}

/// Plans an activity at the station staff run.
pub async fn create(
    state: &AppState,
    principal: &Principal,
    station: &Station,
    plan: &ActivityPlan,
    invited: &[String],
) -> Result<ActivityRecord, AppError> {
    let invited = deputies(state, invited).await?;
    let detail = serde_json::json!({"title": plan.title, "kind": plan.kind, "invited": invited.len()}).to_string();
    let created = state
        .storage
        .create_activity(
            station.id,
            plan,
            &invited,
            &new_token(),
            Some(principal.subject_id()),
            audit(principal, "activity.create", Some(detail)),
        )
        .await?;
    record(state, created).await
}

/// The activity `id` when `principal` runs its station.
async fn managed(state: &AppState, principal: &Principal, id: Uuid) -> Result<Activity, AppError> {
    let activity = state.storage.find_activity(id).await?.ok_or_else(not_found)?;
    if !principal.manages_station(activity.station_id) {
        return Err(if may_read(principal, activity.station_id, false) {
            AppError::new(ErrorCode::Forbidden, "Only the station's staff change its activities.")
        } else {
            not_found()
        });
    }
    Ok(activity)
}

/// What staff change in an activity.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub plan: Option<ActivityPlan>,
    pub status: Option<ActivityStatus>,
    pub minutes: Option<String>,
    pub findings: Option<String>,
    pub invited: Option<Vec<String>>,
}

/// Edits the plan, moves the status (planned → held or cancelled; held back to planned is refused), records
/// minutes and findings, or changes who is invited.
pub async fn edit(state: &AppState, principal: &Principal, id: Uuid, edit: Edit) -> Result<ActivityRecord, AppError> {
    let current = managed(state, principal, id).await?;
    if let Some(status) = edit.status
        && current.status != status
        && !matches!(
            (current.status, status),
            (ActivityStatus::Planned, _) | (ActivityStatus::Cancelled, ActivityStatus::Planned)
        )
    {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("A {} activity cannot become {}.", current.status.as_str(), status.as_str()),
        ));
    }
    let invited = match &edit.invited {
        Some(codes) => Some(deputies(state, codes).await?),
        None => None,
    };
    let detail = serde_json::json!({
        "plan": edit.plan.is_some(), "status": edit.status, "minutes": edit.minutes.is_some(),
        "findings": edit.findings.is_some(), "invited": invited.as_ref().map(Vec::len),
    })
    .to_string();
    let change = ActivityChange {
        plan: edit.plan,
        status: edit.status,
        minutes: edit.minutes,
        findings: edit.findings,
        invited,
    };
    let updated = state
        .storage
        .update_activity(id, &change, audit(principal, "activity.update", Some(detail)))
        .await?
        .ok_or_else(not_found)?;
    record(state, updated).await
}

/// The activity with its attendance and photos, for whoever may read it.
pub async fn show(state: &AppState, principal: &Principal, id: Uuid) -> Result<ActivityRecord, AppError> {
    let activity = state.storage.find_activity(id).await?.ok_or_else(not_found)?;
    let attendance = state.storage.activity_attendance(id).await?;
    let concerns_them = match principal {
        Principal::Deputy { deputy_id: Some(deputy), .. } => attendance.iter().any(|a| a.deputy_id == *deputy),
        _ => false,
    };
    if !may_read(principal, activity.station_id, concerns_them) {
        return Err(not_found());
    }
    record(state, activity).await
}

async fn record(state: &AppState, activity: Activity) -> Result<ActivityRecord, AppError> {
    let mut attendance = Vec::new();
    for entry in state.storage.activity_attendance(activity.id).await? {
        if let Some(deputy) = state.storage.find_deputy_by_id(entry.deputy_id).await? {
            attendance.push((entry, deputy));
        }
    }
    attendance.sort_by(|a, b| a.1.code.cmp(&b.1.code));
    let station_code = state.storage.find_station_by_id(activity.station_id).await?.map(|s| s.code).unwrap_or_default();
    let photos = state.storage.activity_photos(activity.id).await?;
    Ok(ActivityRecord { activity, station_code, attendance, photos })
}

/// A station's activities starting in `[from, to)`, for its staff and the committee.
pub async fn of_station(
    state: &AppState,
    principal: &Principal,
    station: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ActivityRecord>, AppError> {
    if !may_read(principal, station, false) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the station's staff and the committee list its activities.",
        ));
    }
    let mut out = Vec::new();
    for activity in state.storage.station_activities(station, from, to).await? {
        out.push(record(state, activity).await?);
    }
    Ok(out)
}

/// The signed-in deputy's activities starting in `[from, to)`, with their attendance.
pub async fn mine(
    state: &AppState,
    principal: &Principal,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<(Activity, AttendanceRecord)>, AppError> {
    let Principal::Deputy { deputy_id: Some(deputy), .. } = principal else {
        return Err(AppError::new(ErrorCode::Forbidden, "Only a deputy's account has activities of its own."));
    };
    Ok(state.storage.deputy_activities(*deputy, from, to).await?)
}

/// The signed-in deputy checks in with the code the activity's QR carries.
pub async fn check_in(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    token: &str,
) -> Result<AttendanceRecord, AppError> {
    let Principal::Deputy { deputy_id: Some(deputy), .. } = principal else {
        return Err(AppError::new(ErrorCode::Forbidden, "Check in with a deputy's account."));
    };
    let activity = state.storage.find_activity(id).await?.ok_or_else(not_found)?;
    match activity.check_in(token.trim(), state.clock.now()) {
        Ok(()) => {}
        Err(CheckInRefusal::WrongCode) => {
            return Err(AppError::new(ErrorCode::WrongCheckInCode, "This is not the activity's check-in code."));
        }
        Err(CheckInRefusal::OutsideTime) => {
            return Err(AppError::new(
                ErrorCode::CheckInClosed,
                "Check-in opens an hour before the activity starts and closes an hour after it ends.",
            ));
        }
        Err(CheckInRefusal::Cancelled) => {
            return Err(AppError::new(ErrorCode::ActivityCancelled, "This activity was cancelled."));
        }
    }
    Ok(state
        .storage
        .record_attendance(
            id,
            *deputy,
            Attendance::Present,
            AttendanceSource::CheckIn,
            audit(principal, "activity.check_in", None),
        )
        .await?)
}

/// Staff mark a deputy present, absent, excused, or back to only invited.
pub async fn mark(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    deputy_code: &str,
    attendance: Attendance,
) -> Result<AttendanceRecord, AppError> {
    let activity = managed(state, principal, id).await?;
    let deputy = deputies(state, &[deputy_code.to_owned()]).await.map_err(|_| {
        AppError::new(ErrorCode::DeputyNotFound, format!("There is no serving deputy `{deputy_code}`."))
    })?;
    if !may_mark(&activity, attendance, state.clock.now()) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Presence and absence are marked once the activity is near; nothing on a cancelled one.",
        ));
    }
    let detail = serde_json::json!({"deputy": deputy_code, "attendance": attendance}).to_string();
    Ok(state
        .storage
        .record_attendance(
            id,
            deputy[0],
            attendance,
            AttendanceSource::Staff,
            audit(principal, "activity.attendance", Some(detail)),
        )
        .await?)
}

/// Adds photos to an activity's record (processed like report photos: upright, no metadata).
pub async fn add_photos(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    raw: Vec<Bytes>,
) -> Result<Vec<i32>, AppError> {
    managed(state, principal, id).await?;
    if raw.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("photos", "required", "one or more photos")]));
    }
    let uploads = check_uploads(raw)?;
    let written = process_and_store(state, &uploads).await?;
    let photos: Vec<ActivityPhoto> = written
        .iter()
        .map(|w| ActivityPhoto {
            position: 0,
            display_key: w.row.storage_key.clone(),
            thumb_key: w.row.thumb_key.clone(),
            sha256: w.row.sha256.clone(),
        })
        .collect();
    let detail = serde_json::json!({"photos": photos.len()}).to_string();
    match state.storage.add_activity_photos(id, &photos, audit(principal, "activity.photos", Some(detail))).await {
        Ok(positions) => {
            state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
            Ok(positions)
        }
        Err(err) => {
            let rows: Vec<_> = written.into_iter().map(|w| w.row).collect();
            state.photos.discard(&state.storage, &rows).await;
            Err(err.into())
        }
    }
}

/// One photo of an activity, for whoever may read it: the bytes, content type and version.
pub async fn photo(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    position: i32,
    size: crate::infra::photos::PhotoSize,
) -> Result<(Bytes, &'static str, String), AppError> {
    show(state, principal, id).await?;
    let missing = || AppError::new(ErrorCode::PhotoNotFound, "The activity has no photo at this position.");
    let photo =
        state.storage.activity_photos(id).await?.into_iter().find(|p| p.position == position).ok_or_else(missing)?;
    let key = match size {
        crate::infra::photos::PhotoSize::Thumb => &photo.thumb_key,
        crate::infra::photos::PhotoSize::Display => &photo.display_key,
    };
    let bytes = state.photos.store.get(key).await.map_err(AppError::internal)?.ok_or_else(missing)?;
    let content_type = crate::infra::photos::PhotoFormat::sniff(&bytes).map_or("image/jpeg", |f| f.content_type());
    Ok((bytes, content_type, photo.sha256))
}

/// What is under way at the kiosk's station now (from an hour before to an hour after), for its check-in code.
pub async fn under_way(state: &AppState, station: Uuid) -> Result<Vec<Activity>, AppError> {
    Ok(state.storage.current_activities(station, state.clock.now(), check_in_margin()).await?)
}
