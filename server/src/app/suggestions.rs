//! Suggestions (议案建议) as people use them: a deputy drafts one, optionally from the reports they may read,
//! and sends it for review; the station's staff review its quality, submit it to an organ, move its deadline
//! and record the answer; the deputy rates it; the citizens whose reports it drew on are told the outcome.

use uuid::Uuid;

use crate::app::error::{AppError, ErrorCode};
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::access::Principal;
use crate::domain::duty::suggestion::{self, Actor, Step, StepRefusal, SuggestionStatus};
use crate::domain::notify::{Audience, NoticeFacts, NoticeKind};
use crate::domain::report::FieldError;
use crate::domain::workflow::Verdict;
use crate::storage::audit::NewAuditEntry;
use crate::storage::outbox::NewNotice;
use crate::storage::suggestions::{Review, SuggestionChange, SuggestionRecord};

fn not_found() -> AppError {
    AppError::new(ErrorCode::SuggestionNotFound, "There is no such suggestion, or it is not yours to see.")
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

/// A suggestion's words and the reports (tracking codes) it draws on, as the deputy writes them.
#[derive(Debug, Clone)]
pub struct Words {
    pub title: String,
    pub facts: String,
    pub cause: String,
    pub measures: String,
    pub reports: Vec<String>,
    /// The station it is reviewed at (a code; the deputy's first station when left out).
    pub station: Option<String>,
}

fn deputy_of(principal: &Principal) -> Result<Uuid, AppError> {
    match principal {
        Principal::Deputy { deputy_id: Some(deputy), .. } => Ok(*deputy),
        _ => Err(AppError::new(ErrorCode::Forbidden, "Suggestions are written from a deputy's account.")),
    }
}

/// Checks the words and resolves the reports: each one the deputy may read.
async fn checked(state: &AppState, principal: &Principal, words: &Words) -> Result<([String; 4], Vec<Uuid>), AppError> {
    let mut errors = Vec::new();
    let text = match suggestion::words(&words.title, &words.facts, &words.cause, &words.measures) {
        Ok(text) => Some(text),
        Err(found) => {
            errors.extend(found);
            None
        }
    };
    if words.reports.len() > suggestion::MAX_REPORTS {
        errors.push(FieldError::new("reports", "too_many", format!("at most {}", suggestion::MAX_REPORTS)));
    }
    let mut reports = Vec::new();
    for (index, code) in words.reports.iter().enumerate() {
        let found = match crate::domain::tracking_code::TrackingCode::parse(code) {
            Ok(code) => state.storage.find_report_by_tracking_code(&code).await?,
            Err(_) => None,
        };
        match found {
            Some(report) if principal.may_read_report(&report.scope()) => {
                if !reports.contains(&report.id) {
                    reports.push(report.id);
                }
            }
            _ => errors.push(FieldError::new(format!("reports[{index}]"), "unknown_report", "not a report of yours")),
        }
    }
    match text {
        Some(text) if errors.is_empty() => Ok((text, reports)),
        _ => Err(AppError::validation(errors)),
    }
}

/// Drafts a suggestion by the signed-in deputy.
pub async fn create(state: &AppState, principal: &Principal, words: &Words) -> Result<SuggestionRecord, AppError> {
    let deputy = deputy_of(principal)?;
    let (text, reports) = checked(state, principal, words).await?;
    let code_of_deputy = state.storage.find_deputy_by_id(deputy).await?.map(|d| d.code).unwrap_or_default();
    let listing = state.storage.deputy_listings(None, Some(&code_of_deputy)).await?;
    let stations: Vec<String> = listing.into_iter().flat_map(|l| l.stations).collect();
    let code = match &words.station {
        Some(code) if stations.contains(code) => code.clone(),
        Some(_) => {
            return Err(AppError::validation(vec![FieldError::new(
                "station",
                "not_your_station",
                "one of your stations",
            )]));
        }
        None => stations.first().cloned().ok_or_else(|| {
            AppError::new(ErrorCode::InvalidAction, "A suggestion is reviewed at a station; you belong to none.")
        })?,
    };
    let station = state.storage.find_station(&code).await?.ok_or_else(not_found)?;
    let detail = serde_json::json!({"title": text[0], "reports": reports.len()}).to_string();
    let id = state
        .storage
        .create_suggestion(deputy, station.id, &text, &reports, audit(principal, "suggestion.create", Some(detail)))
        .await?;
    state.storage.find_suggestion(id).await?.ok_or_else(not_found)
}

/// Who `principal` is to the suggestion: its author, staff of its station, or a reader (the committee,
/// administrators read all; staff read their stations').
fn role(principal: &Principal, record: &SuggestionRecord) -> Option<Option<Actor>> {
    let s = &record.suggestion;
    match principal {
        Principal::Deputy { deputy_id: Some(d), .. } if *d == s.deputy_id => Some(Some(Actor::Author)),
        Principal::Staff { .. } if principal.manages_station(s.station_id) => Some(Some(Actor::Staff)),
        Principal::Admin { .. } => Some(Some(Actor::Staff)),
        Principal::Committee { .. } => Some(None),
        _ => None,
    }
}

pub async fn show(state: &AppState, principal: &Principal, id: Uuid) -> Result<SuggestionRecord, AppError> {
    let record = state.storage.find_suggestion(id).await?.ok_or_else(not_found)?;
    role(principal, &record).ok_or_else(not_found)?;
    Ok(record)
}

/// Rewrites a draft or a returned suggestion (its author).
pub async fn rewrite(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    words: &Words,
) -> Result<SuggestionRecord, AppError> {
    let record = show(state, principal, id).await?;
    if role(principal, &record) != Some(Some(Actor::Author)) {
        return Err(AppError::new(ErrorCode::Forbidden, "Only its deputy rewrites a suggestion."));
    }
    let (text, reports) = checked(state, principal, words).await?;
    if !state.storage.rewrite_suggestion(id, &text, &reports, audit(principal, "suggestion.update", None)).await? {
        return Err(AppError::new(ErrorCode::InvalidTransition, "Only a draft or a returned suggestion is rewritten."));
    }
    state.storage.find_suggestion(id).await?.ok_or_else(not_found)
}

/// The signed-in deputy's suggestions, or a station's (its staff, the committee, administrators).
pub async fn list(
    state: &AppState,
    principal: &Principal,
    station: Option<Uuid>,
) -> Result<Vec<SuggestionRecord>, AppError> {
    match (principal, station) {
        (Principal::Deputy { .. }, None) => {
            Ok(state.storage.list_suggestions(Some(deputy_of(principal)?), None).await?)
        }
        (Principal::Committee { .. }, Some(station)) => Ok(state.storage.list_suggestions(None, Some(station)).await?),
        (_, Some(station)) if principal.manages_station(station) => {
            Ok(state.storage.list_suggestions(None, Some(station)).await?)
        }
        _ => Err(AppError::new(
            ErrorCode::Forbidden,
            "Only the deputy, the station's staff and the committee list these.",
        )),
    }
}

/// A step with its words: the review's comment, the organ, the answer.
#[derive(Debug, Clone)]
pub enum Action {
    ForReview,
    Review { checklist: suggestion::Checklist, approve: bool, comment: String },
    Submit { unit: String },
    Extend { due_at: chrono::DateTime<chrono::Utc> },
    Answer { text: String },
    Rate { verdict: Verdict },
}

fn refused(refusal: StepRefusal) -> AppError {
    match refusal {
        StepRefusal::NotYours => {
            AppError::new(ErrorCode::Forbidden, "This step is the deputy's, or the station's staff's.")
        }
        StepRefusal::WrongStatus => {
            AppError::new(ErrorCode::InvalidTransition, "The suggestion is not where this step can be taken.")
        }
        StepRefusal::ChecklistIncomplete => AppError::validation(vec![FieldError::new(
            "checklist",
            "incomplete",
            "approve only when facts, cause and measures are all sound; otherwise return it with comments",
        )]),
        StepRefusal::TooLate => AppError::validation(vec![FieldError::new(
            "due_at",
            "too_late",
            "after now, and at most six months after it was submitted",
        )]),
        StepRefusal::BadVerdict => {
            AppError::validation(vec![FieldError::new("verdict", "invalid", "satisfied, mostly or not_satisfied")])
        }
    }
}

/// Takes a step on the suggestion.
pub async fn act(
    state: &AppState,
    principal: &Principal,
    id: Uuid,
    action: Action,
) -> Result<SuggestionRecord, AppError> {
    let record = show(state, principal, id).await?;
    let actor = role(principal, &record).flatten().ok_or_else(|| {
        AppError::new(ErrorCode::Forbidden, "The committee reads suggestions; the deputy and the station act on them.")
    })?;
    let s = &record.suggestion;
    let step = match &action {
        Action::ForReview => Step::ForReview,
        Action::Review { checklist, approve, .. } => Step::Review { checklist: *checklist, approve: *approve },
        Action::Submit { .. } => Step::Submit,
        Action::Extend { due_at } => Step::Extend { due_at: *due_at },
        Action::Answer { .. } => Step::Answer,
        Action::Rate { verdict } => Step::Rate { verdict: *verdict },
    };
    let now = state.clock.now();
    let moved = suggestion::apply(&s.state(), actor, &step, now).map_err(refused)?;
    let mut change = SuggestionChange { status: Some(moved.status), due_at: Some(moved.due_at), ..Default::default() };
    let mut notices = Vec::new();
    let name = match &action {
        Action::ForReview => "suggestion.for_review",
        Action::Review { checklist, approve, comment } => {
            change.review = Some(Review {
                reviewer_id: principal.subject_id(),
                checklist: *checklist,
                approved: *approve,
                comment: comment.trim().to_owned(),
                at: now,
            });
            "suggestion.review"
        }
        Action::Submit { unit } => {
            let unit = state.storage.find_handling_unit(unit).await?.filter(|u| u.active).ok_or_else(|| {
                AppError::validation(vec![FieldError::new(
                    "unit",
                    "unknown_handling_unit",
                    "no active handling unit has this code",
                )])
            })?;
            change.unit_id = Some(unit.id);
            change.submitted = true;
            "suggestion.submit"
        }
        Action::Extend { .. } => "suggestion.extend",
        Action::Answer { text } => {
            let text = crate::domain::duty::opinion::text("text", text).map_err(|e| AppError::validation(vec![e]))?;
            change.answer = Some(text);
            "suggestion.answer"
        }
        Action::Rate { verdict } => {
            change.verdict = Some(*verdict);
            if moved.status == SuggestionStatus::Rehandling {
                change.rehandled = true;
            } else {
                notices = outcome_notices(state, &record, *verdict).await?;
            }
            "suggestion.rate"
        }
    };
    let detail = serde_json::json!({"to": moved.status}).to_string();
    if !state.storage.step_suggestion(id, s.status, &change, &notices, audit(principal, name, Some(detail))).await? {
        return Err(refused(StepRefusal::WrongStatus));
    }
    state.storage.find_suggestion(id).await?.ok_or_else(not_found)
}

/// Tells the citizens whose reports the closed suggestion drew on (those who may be told) its outcome.
async fn outcome_notices(
    state: &AppState,
    record: &SuggestionRecord,
    verdict: Verdict,
) -> Result<Vec<NewNotice>, AppError> {
    let s = &record.suggestion;
    let unit = match s.unit_id {
        Some(unit) => state.storage.find_handling_unit_by_id(unit).await?.map(|u| u.name).unwrap_or_default(),
        None => Localized::default(),
    };
    let short: String = s.answer.chars().take(60).collect();
    let outcome = Localized::new(
        format!("建议《{}》已由{}答复：{short}（代表评价：{}）", s.title, unit.zh, verdict.label().zh),
        format!(
            "The suggestion “{}” was answered by {}: {short} (the deputy's rating: {})",
            s.title,
            unit.en,
            verdict.label().en
        ),
    );
    let mut notices = Vec::new();
    for id in &record.reports {
        let Some(report) = state.storage.find_report(*id).await? else { continue };
        if !report.parties().citizen_reachable {
            continue;
        }
        let category = state.storage.find_category_by_id(report.category_id).await?.map(|c| c.name).unwrap_or_default();
        notices.push(NewNotice {
            kind: NoticeKind::SuggestionOutcome,
            audience: Audience::Citizen,
            recipient_id: report.id,
            report_id: Some(report.id),
            facts: NoticeFacts::about_report(report.tracking_code.clone(), category, Some(outcome.clone())),
            cause: format!("suggestion:{}", s.id),
        });
    }
    Ok(notices)
}

/// A suggestion with the names its views show.
#[derive(Debug, Clone)]
pub struct Detail {
    pub record: SuggestionRecord,
    pub deputy: Option<crate::domain::directory::Deputy>,
    pub station_code: String,
    pub unit: Option<crate::domain::directory::HandlingUnit>,
    /// The tracking codes of the reports it draws on.
    pub report_codes: Vec<String>,
}

/// Gathers the names a view of `record` shows.
pub async fn detail(state: &AppState, record: SuggestionRecord) -> Result<Detail, AppError> {
    let s = &record.suggestion;
    let deputy = state.storage.find_deputy_by_id(s.deputy_id).await?;
    let station_code = state.storage.find_station_by_id(s.station_id).await?.map(|st| st.code).unwrap_or_default();
    let unit = match s.unit_id {
        Some(unit) => state.storage.find_handling_unit_by_id(unit).await?,
        None => None,
    };
    let mut report_codes = Vec::new();
    for id in &record.reports {
        report_codes.extend(state.storage.find_report(*id).await?.map(|r| r.tracking_code));
    }
    report_codes.sort();
    Ok(Detail { record, deputy, station_code, unit, report_codes })
}
