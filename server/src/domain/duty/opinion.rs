//! Written review opinions (审议意见): what an activity found, sent to a government department with a reply
//! deadline, its problems listed item by item and each closed (销号) only with evidence; items still open past
//! the deadline are escalated once, like overdue reports.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::domain::report::{FieldError, string_enum};

string_enum! {
    /// Where an opinion stands.
    pub enum OpinionStatus {
        /// Being written; items and deadline may change.
        Draft => "draft",
        /// Sent to the department; waiting for its reply.
        Sent => "sent",
        /// The department replied; items are closed one by one.
        Answered => "answered",
        /// Every item closed.
        Closed => "closed",
    }
}

string_enum! {
    /// Where one listed problem stands.
    pub enum ItemStatus {
        Open => "open",
        /// Closed (销号) with evidence.
        Closed => "closed",
    }
}

/// The most items one opinion lists.
pub const MAX_ITEMS: usize = 50;
/// The longest title or item, in characters.
pub const MAX_LINE_CHARS: usize = 500;
/// The longest body, reply or evidence, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// An opinion as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewOpinion {
    pub id: Uuid,
    pub station_id: Uuid,
    /// The activity whose findings it was written from.
    pub activity_id: Option<Uuid>,
    /// The department (a handling unit) it is sent to.
    pub unit_id: Uuid,
    pub title: String,
    pub body: String,
    pub due_at: DateTime<Utc>,
    pub status: OpinionStatus,
    pub sent_at: Option<DateTime<Utc>>,
    pub reply: String,
    pub replied_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When its overdue items were escalated (once).
    pub escalated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One listed problem.
#[derive(Debug, Clone, PartialEq)]
pub struct OpinionItem {
    pub position: i32,
    pub text: String,
    pub status: ItemStatus,
    pub evidence: String,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Why a step on an opinion was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpinionRefusal {
    /// Only a draft is edited or sent.
    NotADraft,
    /// A reply is recorded once it was sent (and again to correct it while items are open).
    NotSent,
    /// Items are closed once the department replied.
    NotAnswered,
    /// The item is closed already.
    ItemClosed,
    /// The deadline has passed already (when sending).
    DueInThePast,
}

/// Checks a draft's words: a title, 1 to [`MAX_ITEMS`] non-empty items, lengths.
pub fn draft(title: &str, body: &str, items: &[String]) -> Result<(String, String, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required", "name the opinion"));
    } else if title.chars().count() > MAX_LINE_CHARS {
        errors.push(FieldError::new("title", "too_long", format!("at most {MAX_LINE_CHARS} characters")));
    }
    let body = body.trim().to_owned();
    if body.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new("body", "too_long", format!("at most {MAX_TEXT_CHARS} characters")));
    }
    if items.is_empty() || items.len() > MAX_ITEMS {
        errors.push(FieldError::new("items", "count", format!("list 1 to {MAX_ITEMS} problems")));
    }
    let mut kept = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let item = item.trim();
        if item.is_empty() {
            errors.push(FieldError::new(format!("items[{index}]"), "required", "say what the problem is"));
        } else if item.chars().count() > MAX_LINE_CHARS {
            errors.push(FieldError::new(
                format!("items[{index}]"),
                "too_long",
                format!("at most {MAX_LINE_CHARS} characters"),
            ));
        }
        kept.push(item.to_owned());
    }
    if errors.is_empty() { Ok((title, body, kept)) } else { Err(errors) }
}

/// Checks a reply deadline: within six months of `now` (the longest a suggestion may take, too).
pub fn due(due_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, FieldError> {
    if due_at > now + Duration::days(183) {
        return Err(FieldError::new("due_at", "too_far", "within six months"));
    }
    Ok(due_at)
}

/// Checks evidence, a reply or a body: non-empty, at most [`MAX_TEXT_CHARS`].
pub fn text(field: &str, text: &str) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, "required", "write it down"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(FieldError::new(field, "too_long", format!("at most {MAX_TEXT_CHARS} characters")));
    }
    Ok(text.to_owned())
}

impl ReviewOpinion {
    /// May it be edited?
    pub fn editable(&self) -> Result<(), OpinionRefusal> {
        if self.status == OpinionStatus::Draft { Ok(()) } else { Err(OpinionRefusal::NotADraft) }
    }

    /// May it be sent at `now`?
    pub fn sendable(&self, now: DateTime<Utc>) -> Result<(), OpinionRefusal> {
        self.editable()?;
        if self.due_at <= now { Err(OpinionRefusal::DueInThePast) } else { Ok(()) }
    }

    /// May the department's reply be recorded?
    pub fn repliable(&self) -> Result<(), OpinionRefusal> {
        match self.status {
            OpinionStatus::Sent | OpinionStatus::Answered => Ok(()),
            OpinionStatus::Draft | OpinionStatus::Closed => Err(OpinionRefusal::NotSent),
        }
    }

    /// May `item` be closed?
    pub fn closable(&self, item: &OpinionItem) -> Result<(), OpinionRefusal> {
        if self.status != OpinionStatus::Answered {
            return Err(OpinionRefusal::NotAnswered);
        }
        if item.status == ItemStatus::Closed { Err(OpinionRefusal::ItemClosed) } else { Ok(()) }
    }

    /// Is it out with items still open past its deadline at `now`?
    pub fn overdue(&self, items: &[OpinionItem], now: DateTime<Utc>) -> bool {
        matches!(self.status, OpinionStatus::Sent | OpinionStatus::Answered)
            && now > self.due_at
            && items.iter().any(|i| i.status == ItemStatus::Open)
    }

    /// Should its overdue items be escalated now (once)?
    pub fn to_escalate(&self, items: &[OpinionItem], now: DateTime<Utc>) -> bool {
        self.escalated_at.is_none() && self.overdue(items, now)
    }
}

/// After closing an item: whether the opinion closes too (every item closed).
pub fn all_closed(items: &[OpinionItem]) -> bool {
    !items.is_empty() && items.iter().all(|i| i.status == ItemStatus::Closed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn opinion(status: OpinionStatus) -> ReviewOpinion {
        ReviewOpinion {
            id: Uuid::nil(),
            station_id: Uuid::nil(),
            activity_id: None,
            unit_id: Uuid::nil(),
            title: "关于加装电梯的审议意见".into(),
            body: String::new(),
            due_at: at("2027-02-01T00:00:00Z"),
            status,
            sent_at: None,
            reply: String::new(),
            replied_at: None,
            closed_at: None,
            escalated_at: None,
            created_at: at("2026-12-01T00:00:00Z"),
            updated_at: at("2026-12-01T00:00:00Z"),
        }
    }

    fn item(status: ItemStatus) -> OpinionItem {
        OpinionItem { position: 0, text: "审批慢".into(), status, evidence: String::new(), closed_at: None }
    }

    #[test]
    fn a_draft_needs_a_title_and_listed_problems() {
        let (title, _, items) = draft(" 意见 ", "", &[" 审批慢 ".into()]).unwrap();
        assert_eq!((title.as_str(), items[0].as_str()), ("意见", "审批慢"));
        let errors = draft("", "", &[]).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["title", "items"]);
        let errors = draft("意见", "", &["".into(), "ok".into()]).unwrap_err();
        assert_eq!(errors[0].field, "items[0]");
    }

    #[test]
    fn the_steps_go_draft_sent_answered_closed_item_by_item() {
        let now = at("2026-12-01T00:00:00Z");
        assert_eq!(opinion(OpinionStatus::Draft).sendable(now), Ok(()));
        assert_eq!(
            opinion(OpinionStatus::Draft).sendable(at("2027-03-01T00:00:00Z")),
            Err(OpinionRefusal::DueInThePast)
        );
        assert_eq!(opinion(OpinionStatus::Sent).editable(), Err(OpinionRefusal::NotADraft));
        assert_eq!(opinion(OpinionStatus::Draft).repliable(), Err(OpinionRefusal::NotSent));
        assert_eq!(opinion(OpinionStatus::Sent).repliable(), Ok(()));
        assert_eq!(opinion(OpinionStatus::Sent).closable(&item(ItemStatus::Open)), Err(OpinionRefusal::NotAnswered));
        assert_eq!(opinion(OpinionStatus::Answered).closable(&item(ItemStatus::Open)), Ok(()));
        assert_eq!(
            opinion(OpinionStatus::Answered).closable(&item(ItemStatus::Closed)),
            Err(OpinionRefusal::ItemClosed)
        );
        assert!(all_closed(&[item(ItemStatus::Closed), item(ItemStatus::Closed)]));
        assert!(!all_closed(&[item(ItemStatus::Closed), item(ItemStatus::Open)]));
        assert!(due(at("2027-07-01T00:00:00Z"), now).is_err(), "more than six months");
    }

    #[test]
    fn open_items_past_the_deadline_are_escalated_once() {
        let late = at("2027-02-02T00:00:00Z");
        let sent = opinion(OpinionStatus::Sent);
        assert!(!sent.overdue(&[item(ItemStatus::Open)], at("2027-01-31T00:00:00Z")));
        assert!(sent.to_escalate(&[item(ItemStatus::Open)], late));
        assert!(!sent.overdue(&[item(ItemStatus::Closed)], late), "every item closed");
        assert!(!opinion(OpinionStatus::Draft).overdue(&[item(ItemStatus::Open)], late), "never sent");
        let escalated = ReviewOpinion { escalated_at: Some(late), ..sent };
        assert!(
            escalated.overdue(&[item(ItemStatus::Open)], late)
                && !escalated.to_escalate(&[item(ItemStatus::Open)], late)
        );
    }
}
