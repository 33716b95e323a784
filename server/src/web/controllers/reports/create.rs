use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, SubsecRound, Utc};
use uuid::Uuid;

use super::intake_photos::{check_uploads, process_and_store};
use super::{ReportCreated, ReportFormData, tracking_path};
use crate::app::directory::{NewReportPlace, route_new_report};
use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::report::{ActorKind, Channel, FieldError, ReportDraft, ReportStatus, ValidReport, validate};
use crate::storage::entities::idempotency_key;
use crate::storage::reports::{IdempotencyClaim, Intake, NewReport};
use crate::web::auth::Caller;
use crate::web::controllers::throttle;
use crate::web::extract::idempotency::{self, IdempotencyKey};
use crate::web::extract::{body, json, multipart};
use crate::web::problem::Problem;

/// Files a report from a kiosk, a phone or the web mailbox.
///
/// Send JSON, or `multipart/form-data` with the same fields (nested names joined by dots) and `photos`
/// parts. Every rule a field breaks is listed at once in `errors`. With an `Idempotency-Key`, a retry of the
/// same request returns the first answer again (with `Idempotent-Replayed: true`) and creates nothing.
///
/// Who may file: a kiosk (its access token) through `kiosk`, for its own station (filled in when left out);
/// a signed-in citizen through `mobile` or `web`; anyone through `web`, the online mailbox, while the server
/// allows anonymous reports (under a stricter per-address limit).
#[utoipa::path(
    post,
    path = "/api/v1/reports",
    tag = "reports",
    security((), ("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,255}$", description = "Any unique string up to 255 visible ASCII characters (a UUID is ideal). Retries with the same key and body return the first response.")),
    request_body(content(
        (ReportDraft = "application/json"),
        (ReportFormData = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "Stored. Keep the tracking code.", body = ReportCreated,
            headers(("Location" = String, description = "Path of the tracking view."))),
        (status = 400, description = "`malformed_json`, `malformed_multipart` or `invalid_idempotency_key`.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated` (this channel needs a signed-in caller) or `invalid_token`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: this caller cannot file through this channel.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large` or `photo_too_large`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_content_type` (send JSON or a multipart form) or `unsupported_media_type` (a photo that is not JPEG, PNG or WebP, e.g. HEIC).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, `unknown_category`, `unknown_station`, `unknown_deputy`, `too_many_photos`, `image_too_large` (too many pixels), `invalid_image` (damaged or truncated), `idempotency_key_reused` or `station_mismatch` (a kiosk naming another station).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests`: retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`service_unavailable`: busy (the database, or too many photos being processed); retry after `Retry-After` seconds with the same `Idempotency-Key`.", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn handler(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
    key: IdempotencyKey,
    Caller(caller): Caller,
) -> Result<HttpResponse, AppError> {
    throttle_submissions(&req, &state, caller.as_ref()).await?;
    let limits = &state.limits;
    let (draft, raw_photos): (ReportDraft, Vec<Bytes>) = match body::media_type(&req).as_deref() {
        Some(media) if body::is_json(media) => {
            let bytes = body::read_limited(&req, payload, limits.json_body_bytes).await?;
            (json::decode(&bytes)?, Vec::new())
        }
        Some("multipart/form-data") => {
            let form = multipart::read_report_form(&req, payload, limits).await?;
            (json::decode_value(form.fields)?, form.photos)
        }
        other => {
            return Err(AppError::new(
                ErrorCode::UnsupportedContentType,
                format!(
                    "Send application/json or multipart/form-data, not {}.",
                    other.unwrap_or("a body without Content-Type")
                ),
            ));
        }
    };
    let mut draft = draft;
    if let Some(Principal::Kiosk { station_id, .. }) = &caller
        && draft.channel == Channel::Kiosk
        && draft.station.is_none()
    {
        // A kiosk files for its own station; it need not say which.
        let station = state
            .storage
            .find_station_by_id(*station_id)
            .await?
            .ok_or_else(|| AppError::internal(anyhow::anyhow!("kiosk station {station_id} is missing")))?;
        draft.station = Some(station.code);
    }
    let report = validate(draft, &limits.text).map_err(AppError::validation)?;
    let submitter = check_submitter(&state, caller.as_ref(), &report)?;
    let uploads = check_uploads(raw_photos)?;

    let canonical = serde_json::to_vec(&report).map_err(AppError::internal)?;
    let fingerprint = idempotency::fingerprint(
        std::iter::once(canonical.as_slice()).chain(uploads.iter().map(|p| p.sha256.as_bytes())),
    );
    // Keys are scoped to the caller, so nobody can replay another caller's key to learn their tracking code.
    let scoped_key = key.0.as_deref().map(|key| format!("{}:{key}", submitter.scope));
    if let Some(key) = &scoped_key
        && let Some(existing) = state.storage.find_idempotency_key(key).await?
    {
        return replay(&state, existing, &fingerprint).await;
    }

    let category = state.storage.find_category(&report.category).await?.ok_or_else(|| {
        AppError::with_fields(
            ErrorCode::UnknownCategory,
            format!("There is no category `{}`; see GET /api/v1/categories.", report.category),
            vec![FieldError::new("category", "unknown", "no such category")],
        )
    })?;
    let station = match &report.station {
        Some(code) => Some(state.storage.find_station(code).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownStation,
                format!("There is no station `{code}`; see GET /api/v1/stations."),
                vec![FieldError::new("station", "unknown", "no such station")],
            )
        })?),
        None => None,
    };
    if let Some(kiosk_station) = submitter.kiosk_station
        && station.as_ref().is_some_and(|s| s.id != kiosk_station)
    {
        return Err(AppError::with_fields(
            ErrorCode::StationMismatch,
            "This kiosk belongs to another station; leave `station` out or send the kiosk's own.",
            vec![FieldError::new("station", "station_mismatch", "not this kiosk's station")],
        ));
    }
    let chosen_deputy = match &report.deputy {
        Some(code) => Some(state.storage.find_deputy(code).await?.filter(|d| d.status != "left").ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownDeputy,
                format!("There is no deputy `{code}`; see GET /api/v1/stations/{{code}}/deputies."),
                vec![FieldError::new("deputy", "unknown", "no such deputy")],
            )
        })?),
        None => None,
    };
    let area = match &report.area {
        Some(code) => Some(state.storage.find_area(code).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownPlace,
                format!("There is no area `{code}`; see GET /api/v1/stations/{{code}}/places."),
                vec![FieldError::new("area", "unknown", "no such area")],
            )
        })?),
        None => None,
    };
    let building = match &report.building {
        Some(code) => Some(state.storage.find_building(code).await?.ok_or_else(|| {
            AppError::with_fields(
                ErrorCode::UnknownPlace,
                format!("There is no building `{code}`; see GET /api/v1/stations/{{code}}/places."),
                vec![FieldError::new("building", "unknown", "no such building")],
            )
        })?),
        None => None,
    };
    let place = NewReportPlace {
        location: report.location,
        area_id: area.as_ref().map(|a| a.id),
        building_id: building.as_ref().map(|b| b.id),
        station_id: station.as_ref().map(|s| s.id),
        category: report.category.clone(),
        chosen_deputy: chosen_deputy.map(|d| d.id),
    };
    let routing = route_new_report(&state.directory, &state.storage, &place).await?;
    let contact_phone_cipher = report.contact_phone.as_deref().map(|p| state.vault.encrypt(p));
    let contact_phone_lookup = report.contact_phone.as_deref().map(|p| state.vault.lookup_hash(p));

    let id = Uuid::now_v7();
    // Microseconds: what PostgreSQL keeps, so a replayed answer equals the first one.
    let submitted_at = state.clock.now().trunc_subsecs(6);
    let written = process_and_store(&state, &uploads).await?;
    let status = if routing.deputy_id.is_some() { ReportStatus::Assigned } else { ReportStatus::Triage };
    let due_at = Some(
        state.calendar.deadline(submitted_at, crate::app::act::working_days(category.accept_deadline_working_days)),
    );
    let new = NewReport {
        status,
        due_at,
        id,
        report,
        category_id: category.id,
        station_id: station.map(|s| s.id),
        area_id: area.map(|a| a.id),
        building_id: building.map(|b| b.id),
        photos: written.iter().map(|w| w.row.clone()).collect(),
        submitted_at,
        actor: submitter.actor,
        citizen_id: submitter.citizen_id,
        kiosk_id: submitter.kiosk_id,
        contact_phone_cipher,
        contact_phone_lookup,
        routing,
        category_name: crate::domain::Localized::new(&category.name_zh, &category.name_en),
    };
    let claim = scoped_key.as_deref().map(|key| IdempotencyClaim { key, fingerprint: &fingerprint });
    match state.storage.create_report(&new, claim).await {
        Ok(Intake::Created(code)) => {
            state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
            state
                .live
                .publish(crate::infra::live::LiveEvent {
                    kind: crate::infra::live::LiveKind::Filed,
                    report_id: id,
                    stations: [new.station_id, new.routing.station_id].into_iter().flatten().collect(),
                    deputy_id: new.routing.deputy_id,
                    status,
                    at: submitted_at,
                })
                .await;
            Ok(created(id, code.as_str(), submitted_at, status, false))
        }
        Ok(Intake::AlreadyClaimed(existing)) => {
            state.photos.discard(&state.storage, &new.photos).await;
            replay(&state, existing, &fingerprint).await
        }
        Err(err) => {
            state.photos.discard(&state.storage, &new.photos).await;
            Err(err.into())
        }
    }
}

/// Who is filing a report, as recorded with it.
struct Submitter {
    actor: (ActorKind, Option<Uuid>),
    citizen_id: Option<Uuid>,
    kiosk_id: Option<Uuid>,
    /// A kiosk files for its own station only.
    kiosk_station: Option<Uuid>,
    /// Prefix of the caller's idempotency keys.
    scope: String,
}

/// Anonymous callers get a stricter hourly limit per address; signed-in callers a per-minute limit each.
async fn throttle_submissions(req: &HttpRequest, state: &AppState, caller: Option<&Principal>) -> Result<(), AppError> {
    let limits = &state.rate_limits;
    match caller {
        None => {
            let ip = throttle::client_ip(req, state);
            throttle::enforce(
                state,
                "reports:anonymous",
                &ip,
                limits.anonymous_reports_per_ip_per_hour,
                throttle::HOUR,
                ErrorCode::TooManyRequests,
            )
            .await
        }
        Some(principal) => {
            throttle::enforce(
                state,
                "reports:caller",
                &principal.subject_id().to_string(),
                limits.reports_per_caller_per_minute,
                throttle::MINUTE,
                ErrorCode::TooManyRequests,
            )
            .await
        }
    }
}

/// Checks that the caller may file through the report's channel.
///
/// Kiosks file through `kiosk` for their own station; signed-in citizens through `mobile` or `web`; anyone
/// through `web` (the online mailbox) while anonymous reports are allowed. Deputies, staff and admins do not
/// file reports of their own here.
fn check_submitter(state: &AppState, caller: Option<&Principal>, report: &ValidReport) -> Result<Submitter, AppError> {
    let channel = report.channel;
    match (caller, channel) {
        (Some(Principal::Kiosk { kiosk_id, station_id }), Channel::Kiosk) => Ok(Submitter {
            actor: (ActorKind::Kiosk, Some(*kiosk_id)),
            citizen_id: None,
            kiosk_id: Some(*kiosk_id),
            kiosk_station: Some(*station_id),
            scope: format!("kiosk:{kiosk_id}"),
        }),
        (Some(Principal::Kiosk { .. }), _) => Err(channel_error("A kiosk files reports through the `kiosk` channel.")),
        (Some(Principal::Citizen { account_id }), Channel::Mobile | Channel::Web) => Ok(Submitter {
            actor: (ActorKind::Citizen, Some(*account_id)),
            citizen_id: Some(*account_id),
            kiosk_id: None,
            kiosk_station: None,
            scope: format!("account:{account_id}"),
        }),
        (Some(Principal::Citizen { .. }), Channel::Kiosk) => {
            Err(channel_error("Only a kiosk files through the `kiosk` channel; use `mobile` or `web`."))
        }
        (Some(_), _) => Err(AppError::new(
            ErrorCode::Forbidden,
            "Deputies, staff and administrators do not file reports through this endpoint.",
        )),
        (None, Channel::Web) if state.auth.allow_anonymous_reports => Ok(Submitter {
            actor: (ActorKind::Citizen, None),
            citizen_id: None,
            kiosk_id: None,
            kiosk_station: None,
            scope: "anonymous".to_owned(),
        }),
        (None, Channel::Web) => Err(AppError::new(
            ErrorCode::Unauthenticated,
            "This server takes reports from signed-in citizens only; sign in with WeChat or a phone code.",
        )),
        (None, Channel::Kiosk) => Err(AppError::new(
            ErrorCode::Unauthenticated,
            "Kiosk reports need the kiosk's access token; enroll the kiosk first.",
        )),
        (None, Channel::Mobile) => Err(AppError::new(
            ErrorCode::Unauthenticated,
            "Sign in with WeChat or a phone code to report from the mobile client, or use channel `web`.",
        )),
    }
}

fn channel_error(detail: &str) -> AppError {
    AppError::with_fields(
        ErrorCode::Forbidden,
        detail,
        vec![FieldError::new("channel", "not_allowed", "this caller cannot use this channel")],
    )
}

/// Answers a retry: the first response again, or 422 when the key was used for a different request.
async fn replay(
    state: &AppState,
    existing: idempotency_key::Model,
    fingerprint: &str,
) -> Result<HttpResponse, AppError> {
    if existing.fingerprint != fingerprint {
        return Err(AppError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was already used for a different report; use a new key for a new report.",
        ));
    }
    let report = state
        .storage
        .find_report(existing.report_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("idempotency key points at missing report")))?;
    let status = report.status.parse().map_err(AppError::internal)?;
    Ok(created(report.id, &report.tracking_code, report.created_at, status, true))
}

/// The 201 for a stored report. A replay is byte-for-byte the first answer, plus `Idempotent-Replayed`.
fn created(id: Uuid, code: &str, submitted_at: DateTime<Utc>, status: ReportStatus, replayed: bool) -> HttpResponse {
    let location = tracking_path(code);
    let body = ReportCreated {
        id,
        tracking_code: code.to_owned(),
        status,
        status_label: status.label(),
        submitted_at,
        tracking_url: location.clone(),
    };
    let mut response = HttpResponse::build(StatusCode::CREATED);
    response.insert_header((header::LOCATION, location));
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.json(body)
}
