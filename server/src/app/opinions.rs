//! Review opinions (审议意见) as people use them: staff draft one from an activity's findings, send it to a
//! department, record the department's reply and close each problem with evidence (销号); the committee
//! reads them; items still open past the deadline are escalated by the supervision run.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::access::Principal;
use crate::domain::directory::{HandlingUnit, Station};
use crate::domain::duty::opinion::{self, OpinionRefusal, OpinionStatus, ReviewOpinion};
use crate::domain::notify::{Audience, COMMITTEE, NoticeFacts, NoticeKind, OpinionFacts};
use crate::domain::report::FieldError;
use crate::storage::audit::NewAuditEntry;
use crate::storage::opinions::{OpinionDraft, OpinionRecord};
use crate::storage::outbox::NewNotice;
use crate::storage::{Storage, StorageError};

fn not_found() -> AppError {
    AppError::new(ErrorCode::OpinionNotFound, "There is no such review opinion, or it is not yours to see.")
}

fn refused(refusal: OpinionRefusal) -> AppError {
    let detail = match refusal {
        OpinionRefusal::NotADraft => "It was sent already; only a draft is edited or sent.",
        OpinionRefusal::NotSent => "Record the department's reply once the opinion was sent (and before it closed).",
        OpinionRefusal::NotAnswered => "Close problems once the department's reply is recorded.",
        OpinionRefusal::ItemClosed => "This problem is closed already.",
        OpinionRefusal::DueInThePast => "Its reply deadline has passed; set a later one before sending.",
    };
    AppError::new(ErrorCode::InvalidTransition, detail)
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

/// An opinion with its department.
#[derive(Debug, Clone)]
pub struct OpinionView {
    pub record: OpinionRecord,
    pub unit: Option<HandlingUnit>,
    pub station_code: String,
}

/// A draft as staff write it.
#[derive(Debug, Clone)]
pub struct DraftInput {
    pub activity_id: Option<Uuid>,
    pub unit: String,
    pub title: String,
    pub body: String,
    pub due_at: DateTime<Utc>,
    pub items: Vec<String>,
}

/// Checks a draft against the directory and the station's activities.
async fn checked(state: &AppState, station: Uuid, input: &DraftInput) -> Result<OpinionDraft, AppError> {
    let (words, mut errors) = match opinion::draft(&input.title, &input.body, &input.items) {
        Ok(words) => (Some(words), Vec::new()),
        Err(errors) => (None, errors),
    };
    if let Err(e) = opinion::due(input.due_at, state.clock.now()) {
        errors.push(e);
    }
    let unit = state.storage.find_handling_unit(&input.unit).await?.filter(|u| u.active);
    if unit.is_none() {
        errors.push(FieldError::new("unit", "unknown_handling_unit", "no active handling unit has this code"));
    }
    if let Some(activity) = input.activity_id {
        let ours = state.storage.find_activity(activity).await?.is_some_and(|a| a.station_id == station);
        if !ours {
            errors.push(FieldError::new("activity_id", "unknown_activity", "not an activity of this station"));
        }
    }
    let (Some((title, body, items)), Some(unit), true) = (words, unit, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    Ok(OpinionDraft { activity_id: input.activity_id, unit_id: unit.id, title, body, due_at: input.due_at, items })
}

async fn view(state: &AppState, record: OpinionRecord) -> Result<OpinionView, AppError> {
    let unit = state.storage.find_handling_unit_by_id(record.0.unit_id).await?;
    let station_code = state.storage.find_station_by_id(record.0.station_id).await?.map(|s| s.code).unwrap_or_default();
    Ok(OpinionView { record, unit, station_code })
}

/// Drafts an opinion at the station staff run.
pub async fn create(
    state: &AppState,
    principal: &Principal,
    station: &Station,
    input: &DraftInput,
) -> Result<OpinionView, AppError> {
    let draft = checked(state, station.id, input).await?;
    let detail = serde_json::json!({"title": draft.title, "items": draft.items.len()}).to_string();
    let record =
        state.storage.create_opinion(station.id, &draft, audit(principal, "opinion.create", Some(detail))).await?;
    view(state, record).await
}

/// The opinion, for whoever may read it: its station's staff, administrators and the committee.
async fn readable(state: &AppState, principal: &Principal, id: Uuid) -> Result<OpinionRecord, AppError> {
    let record = state.storage.find_opinion(id).await?.ok_or_else(not_found)?;
    let may = principal.manages_station(record.0.station_id) || matches!(principal, Principal::Committee { .. });
    if may { Ok(record) } else { Err(not_found()) }
}

/// The opinion, for its station's staff to act on (the committee reads only).
async fn managed(state: &AppState, principal: &Principal, id: Uuid) -> Result<ReviewOpinion, AppError> {
    let (opinion, _) = readable(state, principal, id).await?;
    if !principal.manages_station(opinion.station_id) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the station's staff act on its review opinions."));
    }
    Ok(opinion)
}

pub async fn show(state: &AppState, principal: &Principal, id: Uuid) -> Result<OpinionView, AppError> {
    let record = readable(state, principal, id).await?;
    view(state, record).await
}

/// A station's opinions, newest first (its staff, administrators and the committee).
pub async fn of_station(
    state: &AppState,
    principal: &Principal,
    station: Uuid,
    status: Option<OpinionStatus>,
) -> Result<Vec<OpinionView>, AppError> {
    if !(principal.manages_station(station) || matches!(principal, Principal::Committee { .. })) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the station's staff and the committee read its opinions.",
        ));
    }
    let mut out = Vec::new();
    for record in state.storage.station_opinions(station, status).await? {
        out.push(view(state, record).await?);
    }
    Ok(out)
}

/// Rewrites a draft.
pub async fn edit(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    input: &DraftInput,
) -> Result<OpinionView, AppError> {
    let current = managed(state, principal, id).await?;
    current.editable().map_err(refused)?;
    let draft = checked(state, current.station_id, input).await?;
    if !state.storage.update_opinion_draft(id, &draft, audit(principal, "opinion.update", None)).await? {
        return Err(refused(OpinionRefusal::NotADraft));
    }
    show(state, principal, id).await
}

/// Sends a draft to its department.
pub async fn send(state: &AppState, principal: &Principal, id: Uuid) -> Result<OpinionView, AppError> {
    let current = managed(state, principal, id).await?;
    current.sendable(state.clock.now()).map_err(refused)?;
    let moved = state
        .storage
        .advance_opinion(id, &[OpinionStatus::Draft], OpinionStatus::Sent, None, audit(principal, "opinion.send", None))
        .await?;
    if !moved {
        return Err(refused(OpinionRefusal::NotADraft));
    }
    show(state, principal, id).await
}

/// Records (or corrects) the department's written reply.
pub async fn reply(state: &AppState, principal: &Principal, id: Uuid, text: &str) -> Result<OpinionView, AppError> {
    let current = managed(state, principal, id).await?;
    current.repliable().map_err(refused)?;
    let text = opinion::text("reply", text).map_err(|e| AppError::validation(vec![e]))?;
    let from = [OpinionStatus::Sent, OpinionStatus::Answered];
    let moved = state
        .storage
        .advance_opinion(id, &from, OpinionStatus::Answered, Some(&text), audit(principal, "opinion.reply", None))
        .await?;
    if !moved {
        return Err(refused(OpinionRefusal::NotSent));
    }
    show(state, principal, id).await
}

/// Closes one listed problem with its evidence (销号); the opinion closes with its last one.
pub async fn close_item(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    position: i32,
    evidence: &str,
) -> Result<OpinionView, AppError> {
    let (current, items) = readable(state, principal, id).await?;
    if !principal.manages_station(current.station_id) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only the station's staff close problems."));
    }
    let item = items.iter().find(|i| i.position == position).ok_or_else(|| {
        AppError::new(ErrorCode::NotFound, format!("The opinion lists no problem at position {position}."))
    })?;
    current.closable(item).map_err(refused)?;
    let evidence = opinion::text("evidence", evidence).map_err(|e| AppError::validation(vec![e]))?;
    let detail = serde_json::json!({"position": position}).to_string();
    let closed = state
        .storage
        .close_opinion_item(
            id,
            position,
            &evidence,
            principal.subject_id(),
            audit(principal, "opinion.close_item", Some(detail)),
        )
        .await?;
    if closed.is_none() {
        return Err(refused(OpinionRefusal::ItemClosed));
    }
    show(state, principal, id).await
}

/// Escalates, once each, the opinions with problems still open past their deadline: the station head and
/// the committee are told. Answers how many were escalated.
pub async fn escalate_overdue(storage: &Storage, now: DateTime<Utc>) -> Result<usize, StorageError> {
    let mut escalated = 0;
    for (opinion, items) in storage.opinions_past_due(now).await? {
        if !opinion.to_escalate(&items, now) {
            continue;
        }
        let unit = storage.find_handling_unit_by_id(opinion.unit_id).await?.map(|u| u.name).unwrap_or_default();
        let open_items = items.iter().filter(|i| i.status == opinion::ItemStatus::Open).count();
        let facts = NoticeFacts::opinion(OpinionFacts {
            opinion_id: opinion.id,
            station_id: opinion.station_id,
            title: opinion.title.clone(),
            unit,
            due_at: opinion.due_at,
            open_items,
        });
        let notice = |audience, recipient_id| NewNotice {
            kind: NoticeKind::OpinionOverdue,
            audience,
            recipient_id,
            report_id: None,
            facts: facts.clone(),
            cause: format!("opinion:{}", opinion.id),
        };
        let notices = [notice(Audience::StationHead, opinion.station_id), notice(Audience::Committee, COMMITTEE)];
        if storage.escalate_opinion(opinion.id, &notices).await? {
            escalated += 1;
        }
    }
    Ok(escalated)
}
