//! Filing a report: who may file through which channel, the rules every field must keep, the references
//! it names, routing, the deadline it starts with, its photos, and the one write that stores it all — or,
//! for a retry with the same `Idempotency-Key`, the first answer again.

use bytes::Bytes;
use chrono::{DateTime, SubsecRound, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::app::directory::{NewReportPlace, route_new_report};
use crate::app::error::{AppError, ErrorCode};
use crate::app::intake_photos::{check_uploads, process_and_store};
use crate::app::state::AppState;
use crate::domain::access::{FilingRefusal, Principal, StationRefusal, assisted_deputy, assisted_station, may_file};
use crate::domain::deadlines;
use crate::domain::directory::{Area, Building, Category, Deputy, Station};
use crate::domain::kiosk_aids::{ReservedCodeRefusal, may_use_reserved};
use crate::domain::recipients::{Event, Parties, recipients};
use crate::domain::report::{Channel, FieldError, ReportDraft, ReportStatus, validate};
use crate::domain::routing::DeputyStatus;
use crate::infra::live::{LiveEvent, LiveKind};
use crate::storage::reports::{ClaimedKey, IdempotencyClaim, Intake, NewReport};

/// What a caller sends: the report's fields, its photos, and the key that makes a retry safe.
#[derive(Debug)]
pub struct Submission {
    pub draft: ReportDraft,
    pub photos: Vec<Bytes>,
    pub idempotency_key: Option<String>,
}

/// A stored report, as the caller is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub id: Uuid,
    pub tracking_code: String,
    pub submitted_at: DateTime<Utc>,
    pub status: ReportStatus,
    /// A retry of a request already stored: nothing new was created.
    pub replayed: bool,
}

/// The records a report names, each shown to exist.
struct References {
    category: Category,
    station: Option<Station>,
    deputy: Option<Deputy>,
    area: Option<Area>,
    building: Option<Building>,
}

/// Files `submission` for `caller`.
pub async fn file(state: &AppState, caller: Option<&Principal>, submission: Submission) -> Result<Filed, AppError> {
    let Submission { mut draft, photos, idempotency_key } = submission;
    fill_in_station(state, caller, &mut draft).await?;
    let report = validate(draft, &state.limits.text).map_err(AppError::validation)?;
    let filer = may_file(caller, report.channel, state.auth.allow_anonymous_reports).map_err(refused)?;
    let uploads = check_uploads(photos)?;

    let canonical = serde_json::to_vec(&report).map_err(AppError::internal)?;
    let fingerprint =
        fingerprint(std::iter::once(canonical.as_slice()).chain(uploads.iter().map(|p| p.sha256.as_bytes())));
    // Keys are scoped to the caller, so nobody can replay another caller's key to learn their tracking code.
    let scoped_key = idempotency_key.as_deref().map(|key| format!("{}:{key}", filer.scope));
    // A retry is looked for before any work is redone when it matters: photos are not processed twice, and
    // the reserved code its first request used is not refused as taken. Otherwise the write itself finds a
    // retry (its key is stored already), which saves every first request a round trip.
    if let Some(key) = &scoped_key
        && (!uploads.is_empty() || report.reserved_code.is_some())
        && let Some(existing) = state.storage.find_idempotency_key(key).await?
    {
        return replay(state, existing, &fingerprint).await;
    }

    if let Some(code) = &report.reserved_code {
        let reserved = state.storage.find_reserved_code(code.as_str()).await?;
        may_use_reserved(reserved.as_ref(), filer.kiosk_id.unwrap_or_default()).map_err(|refusal| match refusal {
            ReservedCodeRefusal::Unknown => AppError::with_fields(
                ErrorCode::UnknownReservedCode,
                format!("This kiosk did not reserve `{code}`; leave `reserved_code` out to get a new code."),
                vec![FieldError::new("reserved_code", "unknown", "not reserved by this kiosk")],
            ),
            ReservedCodeRefusal::Used => AppError::with_fields(
                ErrorCode::ReservedCodeUsed,
                format!("`{code}` is on another report; resend with that report's Idempotency-Key, or without `reserved_code`."),
                vec![FieldError::new("reserved_code", "used", "on another report")],
            ),
        })?;
    }
    let refs = references(state, &report).await?;
    if let Some(kiosk_station) = filer.kiosk_station
        && refs.station.as_ref().is_some_and(|s| s.id != kiosk_station)
    {
        return Err(AppError::with_fields(
            ErrorCode::StationMismatch,
            "This kiosk belongs to another station; leave `station` out or send the kiosk's own.",
            vec![FieldError::new("station", "station_mismatch", "not this kiosk's station")],
        ));
    }
    let mut chosen_deputy = refs.deputy.as_ref().map(|d| d.id);
    if let (Some(official), Some(_)) = (caller, filer.filed_by) {
        // Assisted intake: staff file for a station they serve; a deputy's report goes to them unless they
        // named a colleague.
        assisted_station(official, refs.station.as_ref().map(|s| s.id)).map_err(station_refused)?;
        chosen_deputy = assisted_deputy(official, chosen_deputy);
    }
    let place = NewReportPlace {
        location: report.location,
        area_id: refs.area.as_ref().map(|a| a.id),
        building_id: refs.building.as_ref().map(|b| b.id),
        station_id: refs.station.as_ref().map(|s| s.id),
        category: report.category.clone(),
        chosen_deputy,
    };
    let routing = route_new_report(&state.directory, &state.storage, &place).await?;
    let contact_phone_cipher = report.contact_phone.as_deref().map(|p| state.vault.encrypt(p));
    let contact_phone_lookup = report.contact_phone.as_deref().map(|p| state.vault.lookup_hash(p));

    let id = Uuid::now_v7();
    // Microseconds: what PostgreSQL keeps, so a replayed answer equals the first one.
    let submitted_at = state.clock.now().trunc_subsecs(6);
    let written = process_and_store(state, &uploads).await?;
    let status = if routing.deputy_id.is_some() { ReportStatus::Assigned } else { ReportStatus::Triage };
    let spans = refs.category.step_spans();
    let citizen_wechat = match filer.citizen_id {
        Some(account) => state.storage.hears_by_wechat(account).await?,
        None => false,
    };
    let parties = Parties {
        report: id,
        deputy: routing.deputy_id,
        station: routing.station_id,
        unit: None,
        citizen_reachable: crate::domain::report::record::citizen_reachable(
            report.consent.personal_info,
            report.contact_phone.is_some(),
            citizen_wechat,
        ),
        wants_receipt: report.consent.sms,
        waiting_on_unit: false,
    };
    let told = recipients(Event::Filed, &parties);
    let new = NewReport {
        status,
        due_at: Some(deadlines::at_intake(&state.calendar, spans, submitted_at)),
        recipients: told,
        id,
        report,
        category_id: refs.category.id,
        station_id: refs.station.map(|s| s.id),
        area_id: refs.area.map(|a| a.id),
        building_id: refs.building.map(|b| b.id),
        photos: written.iter().map(|w| w.row.clone()).collect(),
        submitted_at,
        actor: filer.actor,
        citizen_id: filer.citizen_id,
        citizen_wechat,
        kiosk_id: filer.kiosk_id,
        filed_by: filer.filed_by,
        contact_phone_cipher,
        contact_phone_lookup,
        routing,
        category_name: refs.category.name.clone(),
    };
    let claim = scoped_key.as_deref().map(|key| IdempotencyClaim { key, fingerprint: &fingerprint });
    match state.storage.create_report(&new, claim).await {
        Ok(Intake::Created(code)) => {
            state.photos.ensure_written(&written).await.map_err(AppError::internal)?;
            let event = LiveEvent {
                kind: LiveKind::Filed,
                report_id: id,
                stations: [new.station_id, new.routing.station_id].into_iter().flatten().collect(),
                deputy_id: new.routing.deputy_id,
                status,
                at: submitted_at,
            };
            state.live.publish(event).await;
            Ok(Filed { id, tracking_code: code.as_str().to_owned(), submitted_at, status, replayed: false })
        }
        Ok(Intake::AlreadyClaimed(existing)) => {
            state.photos.discard(&state.storage, &new.photos).await;
            replay(state, existing, &fingerprint).await
        }
        Err(err) => {
            state.photos.discard(&state.storage, &new.photos).await;
            Err(err.into())
        }
    }
}

/// A kiosk files for its own station, staff for their only station and a deputy for theirs, when the report
/// names none: it is filled in before the report is checked (the station is its place).
async fn fill_in_station(
    state: &AppState,
    caller: Option<&Principal>,
    draft: &mut ReportDraft,
) -> Result<(), AppError> {
    if draft.station.is_some() {
        return Ok(());
    }
    let station_id = match caller {
        Some(Principal::Kiosk { station_id, .. }) if draft.channel == Channel::Kiosk => *station_id,
        Some(official) if draft.channel.is_assisted() => {
            match assisted_station(official, None).map_err(station_refused)? {
                Some(station_id) => station_id,
                None => return Ok(()),
            }
        }
        _ => return Ok(()),
    };
    let cache = &state.directory;
    let directory = cache.get(&state.storage).await?;
    let station = cache
        .held_or_stored(directory.records.station_by_id(station_id), || state.storage.find_station_by_id(station_id))
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("the caller's station {station_id} is missing")))?;
    draft.station = Some(station.code);
    Ok(())
}

/// Finds every record the report names in the directory snapshot, asking storage only about a code the
/// snapshot does not hold (one added on another instance a moment ago, which also renews the snapshot); an
/// unknown one is refused with its field.
async fn references(state: &AppState, report: &crate::domain::report::ValidReport) -> Result<References, AppError> {
    let unknown = |code: ErrorCode, field: &str, what: &str, value: &str, list: &str| {
        AppError::with_fields(
            code,
            format!("There is no {what} `{value}`; see {list}."),
            vec![FieldError::new(field, "unknown", format!("no such {what}"))],
        )
    };
    let cache = &state.directory;
    let directory = cache.get(&state.storage).await?;
    let held = &directory.records;
    let storage = &state.storage;
    let category = cache
        .held_or_stored(held.active_category(&report.category), || storage.find_category(&report.category))
        .await?
        .ok_or_else(|| {
            unknown(ErrorCode::UnknownCategory, "category", "category", &report.category, "GET /api/v1/categories")
        })?;
    let places = "GET /api/v1/stations/{code}/places";
    let station = match &report.station {
        Some(code) => {
            Some(cache.held_or_stored(held.station(code), || storage.find_station(code)).await?.ok_or_else(|| {
                unknown(ErrorCode::UnknownStation, "station", "station", code, "GET /api/v1/stations")
            })?)
        }
        None => None,
    };
    let deputy = match &report.deputy {
        Some(code) => Some(
            cache
                .held_or_stored(held.deputy(code), || storage.find_deputy(code))
                .await?
                .filter(|d| d.status != DeputyStatus::Left)
                .ok_or_else(|| {
                    unknown(ErrorCode::UnknownDeputy, "deputy", "deputy", code, "GET /api/v1/stations/{code}/deputies")
                })?,
        ),
        None => None,
    };
    let area = match &report.area {
        Some(code) => Some(
            cache
                .held_or_stored(held.area(code), || storage.find_area(code))
                .await?
                .ok_or_else(|| unknown(ErrorCode::UnknownPlace, "area", "area", code, places))?,
        ),
        None => None,
    };
    let building = match &report.building {
        Some(code) => Some(
            cache
                .held_or_stored(held.building(code), || storage.find_building(code))
                .await?
                .ok_or_else(|| unknown(ErrorCode::UnknownPlace, "building", "building", code, places))?,
        ),
        None => None,
    };
    Ok(References { category, station, deputy, area, building })
}

/// A retry: the first answer again, or 422 when the key was used for a different request.
async fn replay(state: &AppState, existing: ClaimedKey, fingerprint: &str) -> Result<Filed, AppError> {
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
    Ok(Filed {
        id: report.id,
        tracking_code: report.tracking_code,
        submitted_at: report.created_at,
        status: report.status,
        replayed: true,
    })
}

/// What the caller is told when the channel is not theirs.
fn refused(refusal: FilingRefusal) -> AppError {
    let channel = |detail: &str| {
        AppError::with_fields(
            ErrorCode::Forbidden,
            detail,
            vec![FieldError::new("channel", "not_allowed", "this caller cannot use this channel")],
        )
    };
    match refusal {
        FilingRefusal::KioskFilesThroughKiosk => channel("A kiosk files reports through the `kiosk` channel."),
        FilingRefusal::KioskChannelIsForKiosks => {
            channel("Only a kiosk files through the `kiosk` channel; use `mobile` or `web`.")
        }
        FilingRefusal::NotForOfficials => channel(
            "Deputies, staff and administrators file for a resident through `reception`, `visit`, `phone` or \
             `letter`, not `kiosk`, `mobile` or `web`.",
        ),
        FilingRefusal::AssistedChannelIsForOfficials => channel(
            "Only deputies, station staff and administrators file through `reception`, `visit`, `phone` and \
             `letter`, for a resident; residents file through `mobile` or `web`.",
        ),
        FilingRefusal::SignInRequired => AppError::new(
            ErrorCode::Unauthenticated,
            "This server takes reports from signed-in citizens only; sign in with WeChat or a phone code.",
        ),
        FilingRefusal::KioskTokenRequired => AppError::new(
            ErrorCode::Unauthenticated,
            "Kiosk reports need the kiosk's access token; enroll the kiosk first.",
        ),
        FilingRefusal::MobileNeedsSignIn => AppError::new(
            ErrorCode::Unauthenticated,
            "Sign in with WeChat or a phone code to report from the mobile client, or use channel `web`.",
        ),
        FilingRefusal::AssistedNeedsSignIn => AppError::new(
            ErrorCode::Unauthenticated,
            "Sign in as a deputy, staff member or administrator to file for a resident.",
        ),
    }
}

/// What an official is told when the station is not theirs to file for, or they must say which.
fn station_refused(refusal: StationRefusal) -> AppError {
    match refusal {
        StationRefusal::NotTheirs => AppError::with_fields(
            ErrorCode::Forbidden,
            "You file only for the stations you serve; leave `station` out or name one of yours.",
            vec![FieldError::new("station", "not_your_station", "not a station you serve")],
        ),
        StationRefusal::WhichStation => AppError::validation(vec![FieldError::new(
            "station",
            "required",
            "you serve several stations: name the one this report is for",
        )]),
    }
}

/// Hex SHA-256 over the parts that make two requests "the same request".
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_separate_their_parts() {
        let ab_c = fingerprint([b"ab".as_slice(), b"c".as_slice()]);
        let a_bc = fingerprint([b"a".as_slice(), b"bc".as_slice()]);
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, fingerprint([b"ab".as_slice(), b"c".as_slice()]));
        assert_eq!(ab_c.len(), 64);
    }
}
