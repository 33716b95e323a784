//! The closed loop as a state machine: 研判 triage → 交办 assigned → accepted → 转办 forwarded to a handling
//! unit → the unit replied → 反馈 answered → 销号 closed with an outcome; plus 退单 returns, 延期 extensions,
//! the citizen's verdict (which can reopen), supervisors' close-outs, merging duplicates and withdrawal.
//!
//! Pure: [`step`] takes where a report stands and an action and says where it goes, or why it cannot.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Localized;
use super::access::Role;
use super::report::{ReportStatus, string_enum};

string_enum! {
    /// How a closed report ended. Resolved, explained and referred are counted apart.
    pub enum Outcome {
        /// The problem was fixed (已解决).
        Resolved => "resolved",
        /// Explained; it cannot be resolved (已解释说明).
        Explained => "explained",
        /// Out of scope; referred elsewhere: a court, petitions (信访), 12345 (已转其他渠道).
        Referred => "referred",
        /// Merged into another report as a duplicate (并案).
        Duplicate => "duplicate",
        /// The citizen withdrew it (撤回).
        Withdrawn => "withdrawn",
        /// The citizen was not satisfied and the time to reopen it had passed: closed, not resolved (未解决).
        Unresolved => "unresolved",
    }
}

string_enum! {
    /// The citizen's verdict on the answer.
    pub enum Verdict {
        /// 满意
        Satisfied => "satisfied",
        /// 基本满意
        Mostly => "mostly",
        /// 不满意
        NotSatisfied => "not_satisfied",
        /// No rating came in time; a supervisor closed it with a reason (未评价).
        NoRating => "no_rating",
    }
}

impl Verdict {
    pub fn label(self) -> Localized {
        match self {
            Verdict::Satisfied => Localized::new("满意", "Satisfied"),
            Verdict::Mostly => Localized::new("基本满意", "Mostly satisfied"),
            Verdict::NotSatisfied => Localized::new("不满意", "Not satisfied"),
            Verdict::NoRating => Localized::new("未评价", "No rating"),
        }
    }
}

/// What someone does to a report. Sent as `{"action": "...", ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Staff give the report to a deputy (交办), from triage or to another deputy.
    Assign {
        #[schema(example = "D-001")]
        deputy: String,
        #[serde(default)]
        note: Option<String>,
    },
    /// The deputy takes it on.
    Accept {
        #[serde(default)]
        note: Option<String>,
    },
    /// The deputy returns a misrouted report to triage (退单), with a reason.
    Return { reason: String },
    /// The deputy (or staff) passes it to a handling unit (转办).
    Forward {
        #[schema(example = "HP-CG")]
        unit: String,
        #[serde(default)]
        note: Option<String>,
    },
    /// The handling unit's reply, as recorded by the deputy or staff.
    UnitReply { text: String },
    /// The answer to the citizen in plain words (反馈), with the outcome it proposes.
    Answer { text: String, outcome: Outcome },
    /// The deputy asks for more time (延期).
    RequestExtension { working_days: u32, reason: String },
    /// Staff grant or refuse the extension asked for.
    DecideExtension { grant: bool, reason: String },
    /// The citizen's verdict on the answer.
    Rate {
        verdict: Verdict,
        #[serde(default)]
        comment: Option<String>,
    },
    /// A supervisor closes it with an outcome, the reason for the record (e.g. no rating came, out of scope)
    /// and the explanation the citizen reads and is sent.
    Close { outcome: Outcome, reason: String, explanation: String },
    /// Staff make one report urgent at triage: it must be taken on within `accept_hours` and answered within
    /// `answer_hours`, counted on the clock (a deadline never moves later for it).
    Expedite { accept_hours: u32, answer_hours: u32, reason: String },
    /// Staff merge it into another open report (并案); its citizen gets that report's answer.
    Merge { into: Uuid },
    /// Some weeks after a report closed as resolved, the citizen says whether it was actually fixed; not
    /// fixed reopens it.
    FollowUp {
        fixed: bool,
        #[serde(default)]
        comment: Option<String>,
    },
    /// The citizen withdraws it.
    Withdraw {
        #[serde(default)]
        reason: Option<String>,
    },
}

impl Action {
    /// The name used in the API and the audit log.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Accept { .. } => "accept",
            Action::Return { .. } => "return",
            Action::Forward { .. } => "forward",
            Action::UnitReply { .. } => "unit_reply",
            Action::Answer { .. } => "answer",
            Action::RequestExtension { .. } => "request_extension",
            Action::DecideExtension { .. } => "decide_extension",
            Action::Rate { .. } => "rate",
            Action::Close { .. } => "close",
            Action::Expedite { .. } => "expedite",
            Action::Merge { .. } => "merge",
            Action::FollowUp { .. } => "follow_up",
            Action::Withdraw { .. } => "withdraw",
        }
    }

    /// Who may take the action (their reach to the report is checked apart).
    pub fn roles(&self) -> &'static [Role] {
        match self {
            Action::Assign { .. }
            | Action::DecideExtension { .. }
            | Action::Close { .. }
            | Action::Merge { .. }
            | Action::Expedite { .. } => &[Role::Staff, Role::StationHead, Role::Admin],
            Action::Accept { .. } | Action::Return { .. } | Action::RequestExtension { .. } => &[Role::Deputy],
            Action::Forward { .. } | Action::Answer { .. } => {
                &[Role::Deputy, Role::Staff, Role::StationHead, Role::Admin]
            }
            // Recorded by the people handling it, or given by the unit's own account (or its link).
            Action::UnitReply { .. } => &[Role::Deputy, Role::Staff, Role::StationHead, Role::Admin, Role::Unit],
            // From the citizen's account, or by whoever holds the tracking code (the tracking page).
            Action::Rate { .. } | Action::Withdraw { .. } | Action::FollowUp { .. } => &[Role::Citizen],
        }
    }

    /// Statuses the action can be taken from.
    pub fn from(&self) -> &'static [ReportStatus] {
        use ReportStatus::*;
        const OPEN: &[ReportStatus] = &ReportStatus::OPEN;
        match self {
            // Staff can also take a report from a deputy who cannot go on with it (on leave, left).
            Action::Assign { .. } => &[Submitted, Triage, Assigned, Accepted, Forwarded, UnitReplied],
            Action::Accept { .. } => &[Assigned],
            Action::Return { .. } => &[Assigned, Accepted],
            Action::Forward { .. } => &[Accepted, UnitReplied],
            Action::UnitReply { .. } => &[Forwarded],
            Action::Answer { .. } => &[Accepted, UnitReplied],
            Action::RequestExtension { .. } | Action::DecideExtension { .. } => &[Accepted, Forwarded, UnitReplied],
            Action::Rate { .. } => &[Answered],
            Action::FollowUp { .. } => &[Closed],
            Action::Close { .. } | Action::Merge { .. } | Action::Withdraw { .. } => OPEN,
            Action::Expedite { .. } => &[Submitted, Triage, Assigned, Accepted, Forwarded, UnitReplied],
        }
    }
}

/// Where a report stands, as far as the workflow cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: ReportStatus,
    /// Working days asked for and not yet decided.
    pub extension_pending: Option<u32>,
    /// The outcome the answer proposed (kept until close).
    pub proposed_outcome: Option<Outcome>,
    /// Whether the citizen may still reopen by rating "not satisfied".
    pub within_reopen_window: bool,
    /// The follow-up question ("was it actually fixed?") is open: closed as resolved some weeks ago and not
    /// yet answered.
    pub follow_up_open: bool,
    /// Merged into another report that has an answer, and the citizen has not rated that answer yet.
    pub shared_answer_unrated: bool,
}

/// Which deadline starts when a report enters a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Assess or accept it (triage, assigned).
    Accept,
    /// The handling unit replies (forwarded).
    Reply,
    /// The citizen gets an answer (accepted, unit replied): runs from acceptance, kept across the steps.
    Answer,
    /// No deadline (answered, closed).
    Stop,
    /// The deadline stays as it is.
    Keep,
    /// The deadline moves on by this many working days (a granted extension).
    Extend(u32),
    /// The report's own hours now apply: the running deadlines move earlier if the hours end sooner.
    Tighten,
}

/// What an action does.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub from: ReportStatus,
    pub to: ReportStatus,
    pub deadline: Deadline,
    /// Set when the report closes.
    pub outcome: Option<Outcome>,
    pub verdict: Option<Verdict>,
    /// The pending extension after the action.
    pub extension_pending: Option<u32>,
    /// The citizen's verdict reopened the report.
    pub reopened: bool,
    /// Whether the citizen sees this step on the tracking page.
    pub public: bool,
}

/// Why an action cannot be taken now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the report is `{status}`; `{action}` needs {}", expected.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "))]
    WrongStatus { status: ReportStatus, action: &'static str, expected: Vec<ReportStatus> },
    #[error("an extension is already waiting for a decision")]
    ExtensionPending,
    #[error("no extension is waiting for a decision")]
    NoExtensionPending,
    #[error("the follow-up question is not open for this report")]
    FollowUpNotOpen,
    #[error("{0}")]
    Invalid(&'static str),
}

/// Longest extension that can be asked for at once, in working days.
pub const MAX_EXTENSION_DAYS: u32 = 65;

/// Longest deadline in hours, for a category's urgent steps or one expedited report (30 days).
pub const MAX_DEADLINE_HOURS: u32 = 720;

/// Decides what `action` does to a report in `state`.
pub fn step(state: &State, action: &Action) -> Result<Transition, Refusal> {
    use ReportStatus::*;
    let status = state.status;
    if let Action::Rate { verdict, .. } = action
        && status == Closed
        && state.shared_answer_unrated
    {
        // A merged report's citizen rates the answer they were sent; the report stays closed.
        require(*verdict != Verdict::NoRating, "`no_rating` is recorded by a supervisor's close")?;
        return Ok(Transition {
            from: status,
            to: status,
            deadline: Deadline::Keep,
            outcome: None,
            verdict: Some(*verdict),
            extension_pending: None,
            reopened: false,
            public: true,
        });
    }
    if !action.from().contains(&status) {
        return Err(Refusal::WrongStatus { status, action: action.name(), expected: action.from().to_vec() });
    }
    let base = Transition {
        from: status,
        to: status,
        deadline: Deadline::Keep,
        outcome: None,
        verdict: None,
        extension_pending: state.extension_pending,
        reopened: false,
        public: false,
    };
    let closing = |outcome| Transition {
        to: Closed,
        deadline: Deadline::Stop,
        outcome: Some(outcome),
        extension_pending: None,
        public: true,
        ..base.clone()
    };
    Ok(match action {
        Action::Assign { .. } => Transition {
            to: Assigned,
            deadline: Deadline::Accept,
            extension_pending: None,
            public: status != Assigned,
            ..base
        },
        Action::Accept { .. } => Transition { to: Accepted, deadline: Deadline::Answer, public: true, ..base },
        Action::Return { reason } => {
            require(!reason.trim().is_empty(), "a return needs a reason")?;
            Transition { to: Triage, deadline: Deadline::Accept, extension_pending: None, ..base }
        }
        Action::Forward { .. } => Transition { to: Forwarded, deadline: Deadline::Reply, public: true, ..base },
        Action::UnitReply { text } => {
            require(!text.trim().is_empty(), "the unit's reply is empty")?;
            Transition { to: UnitReplied, deadline: Deadline::Answer, ..base }
        }
        Action::Answer { text, outcome } => {
            require(!text.trim().is_empty(), "the answer is empty")?;
            require(
                matches!(outcome, Outcome::Resolved | Outcome::Explained | Outcome::Referred),
                "an answer proposes `resolved`, `explained` or `referred`",
            )?;
            Transition { to: Answered, deadline: Deadline::Stop, extension_pending: None, public: true, ..base }
        }
        Action::RequestExtension { working_days, reason } => {
            if state.extension_pending.is_some() {
                return Err(Refusal::ExtensionPending);
            }
            require((1..=MAX_EXTENSION_DAYS).contains(working_days), "an extension is 1 to 65 working days")?;
            require(!reason.trim().is_empty(), "an extension needs a reason")?;
            Transition { extension_pending: Some(*working_days), ..base }
        }
        Action::DecideExtension { grant, reason } => {
            let Some(days) = state.extension_pending else { return Err(Refusal::NoExtensionPending) };
            require(!reason.trim().is_empty(), "a decision needs a reason")?;
            let deadline = if *grant { Deadline::Extend(days) } else { Deadline::Keep };
            Transition { deadline, extension_pending: None, public: *grant, ..base }
        }
        Action::Rate { verdict, .. } => match verdict {
            Verdict::Satisfied | Verdict::Mostly => {
                Transition { verdict: Some(*verdict), ..closing(state.proposed_outcome.unwrap_or(Outcome::Resolved)) }
            }
            Verdict::NotSatisfied if state.within_reopen_window => Transition {
                to: Accepted,
                deadline: Deadline::Answer,
                verdict: Some(Verdict::NotSatisfied),
                reopened: true,
                public: true,
                ..base
            },
            // Too late to reopen: it closes, and counts as not resolved whatever the answer proposed.
            Verdict::NotSatisfied => {
                Transition { verdict: Some(Verdict::NotSatisfied), ..closing(Outcome::Unresolved) }
            }
            Verdict::NoRating => return Err(Refusal::Invalid("`no_rating` is recorded by a supervisor's close")),
        },
        Action::Close { outcome, reason, explanation } => {
            require(!reason.trim().is_empty(), "a close-out needs the supervisor's reason")?;
            require(!explanation.trim().is_empty(), "a close-out needs an explanation for the citizen")?;
            require(*outcome != Outcome::Duplicate, "use `merge` for duplicates")?;
            require(*outcome != Outcome::Withdrawn, "only the citizen withdraws a report")?;
            let verdict = (status == Answered).then_some(Verdict::NoRating);
            Transition { verdict, ..closing(*outcome) }
        }
        Action::Merge { .. } => closing(Outcome::Duplicate),
        Action::Expedite { accept_hours, answer_hours, reason } => {
            let hours = 1..=MAX_DEADLINE_HOURS;
            require(hours.contains(accept_hours) && hours.contains(answer_hours), "hours are 1 to 720")?;
            require(accept_hours <= answer_hours, "the answer cannot be due before the report is taken on")?;
            require(!reason.trim().is_empty(), "making a report urgent needs a reason")?;
            Transition { deadline: Deadline::Tighten, ..base }
        }
        Action::FollowUp { fixed, .. } => {
            if !state.follow_up_open {
                return Err(Refusal::FollowUpNotOpen);
            }
            if *fixed {
                Transition { public: true, ..base }
            } else {
                Transition { to: Accepted, deadline: Deadline::Answer, reopened: true, public: true, ..base }
            }
        }
        Action::Withdraw { .. } => closing(Outcome::Withdrawn),
    })
}

impl Outcome {
    pub fn label(self) -> Localized {
        match self {
            Outcome::Resolved => Localized::new("已解决", "Resolved"),
            Outcome::Explained => Localized::new("已解释说明", "Explained; it cannot be resolved"),
            Outcome::Referred => Localized::new("已转其他渠道办理", "Referred elsewhere"),
            Outcome::Duplicate => Localized::new("已与相同反映合并办理", "Merged with the same report"),
            Outcome::Withdrawn => Localized::new("已撤回", "Withdrawn"),
            Outcome::Unresolved => Localized::new("未解决", "Not resolved"),
        }
    }
}

/// What the citizen reads on the tracking page for a public step.
pub fn public_text(action: &str, transition: &Transition) -> Localized {
    match (action, transition.to) {
        (_, ReportStatus::Closed) if transition.outcome.is_some() => {
            let outcome = transition.outcome.map(Outcome::label).unwrap_or_else(|| Localized::new("", ""));
            Localized::new(format!("已办结：{}。", outcome.zh), format!("Closed: {}.", outcome.en))
        }
        (_, ReportStatus::Accepted) if transition.reopened => Localized::new(
            "您对答复不满意，已重新交代表办理。",
            "You were not satisfied with the answer; the deputy is handling it again.",
        ),
        ("rate", _) => Localized::new("感谢您的评价。", "Thank you for your rating."),
        ("accept", _) => Localized::new("代表已接手办理。", "A deputy has taken it on."),
        ("assign", _) => Localized::new("已交由代表办理。", "Passed to a deputy."),
        ("forward", _) => Localized::new("已转承办单位办理。", "Passed to the responsible office."),
        ("answer", _) => Localized::new("已答复，请查看答复并评价。", "Answered: please read the answer and rate it."),
        ("decide_extension", _) => Localized::new("办理期限已延长。", "The deadline was extended."),
        ("follow_up", _) => Localized::new("感谢您的回访反馈。", "Thank you for telling us how it went."),
        _ => Localized::new("办理进度已更新。", "Progress was updated."),
    }
}

/// Longest explanation quoted in a text message; the tracking page has all of it.
const QUOTED_CHARS: usize = 120;

/// What the citizen is sent for a public step: the plain-words step, with a close-out's explanation.
pub fn citizen_words(action: &Action, transition: &Transition) -> Localized {
    let step = public_text(action.name(), transition);
    match action {
        Action::Close { explanation, .. } => {
            let quoted = quote(explanation);
            Localized::new(format!("{}{quoted}", step.zh), format!("{} {quoted}", step.en))
        }
        _ => step,
    }
}

/// What the people handling a report are told of a step they hear of: an extension's decision with its
/// reason; otherwise the plain-words step.
pub fn handler_words(action: &Action, transition: &Transition) -> Localized {
    match action {
        Action::DecideExtension { grant: true, reason } => {
            let days = match transition.deadline {
                Deadline::Extend(days) => days,
                _ => 0,
            };
            let reason = quote(reason);
            Localized::new(
                format!("同意延期 {days} 个工作日。{reason}"),
                format!("Granted: {days} more working days. {reason}"),
            )
        }
        Action::DecideExtension { grant: false, reason } => {
            let reason = quote(reason);
            Localized::new(
                format!("不同意延期，请按原期限办理。{reason}"),
                format!("Refused: keep to the deadline. {reason}"),
            )
        }
        Action::RequestExtension { working_days, reason } => {
            let reason = quote(reason);
            Localized::new(
                format!("申请延期 {working_days} 个工作日。{reason}"),
                format!("Asks for {working_days} more working days. {reason}"),
            )
        }
        _ => public_text(action.name(), transition),
    }
}

fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > QUOTED_CHARS {
        format!("{}…", text.chars().take(QUOTED_CHARS).collect::<String>())
    } else {
        text.to_owned()
    }
}

fn require(ok: bool, why: &'static str) -> Result<(), Refusal> {
    if ok { Ok(()) } else { Err(Refusal::Invalid(why)) }
}

#[cfg(test)]
mod tests;
