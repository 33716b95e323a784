//! What a step writes besides the report: the note on its timeline, and the notices it raises — for the
//! people it concerns, and for the citizens of reports merged into it, who are sent its answer.

use uuid::Uuid;

use crate::app::error::AppError;
use crate::app::shared_answer::merged_reports;
use crate::app::state::AppState;
use crate::domain::Localized;
use crate::domain::directory::Category;
use crate::domain::notify::{Audience, NoticeFacts};
use crate::domain::recipients::{Event, Step, recipients, shared_answer};
use crate::domain::report::Visibility;
use crate::domain::report::record::Report;
use crate::domain::workflow::{Action, Transition, citizen_words, handler_words, public_text};
use crate::storage::outbox::NewNotice;

/// The timeline's note: the citizen reads the plain-words step (with the answer, rating or follow-up
/// itself); staff read an internal step's details.
pub(super) fn timeline_note(
    action: &Action,
    transition: &Transition,
    visibility: Visibility,
    note: Option<String>,
) -> Option<String> {
    let public = public_text(action.name(), transition);
    match (visibility, note) {
        // A close-out's explanation is the citizen's answer: it is part of the step they read.
        (Visibility::Public, Some(explanation)) if matches!(action, Action::Close { .. }) => {
            let flat = explanation.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("{}{flat}\n{} {flat}", public.zh, public.en))
        }
        (Visibility::Public, Some(detail))
            if matches!(action, Action::Answer { .. } | Action::Rate { .. } | Action::FollowUp { .. }) =>
        {
            Some(format!("{}\n{}\n{detail}", public.zh, public.en))
        }
        (Visibility::Public, _) => Some(format!("{}\n{}", public.zh, public.en)),
        (Visibility::Internal, note) => note,
    }
}

/// The notices a step raises: see [`crate::domain::recipients`] for who hears of what.
pub(super) fn notices_for(
    report: &Report,
    category: &Category,
    action: &Action,
    transition: &Transition,
    (assigned_to, forwarded_to): (Option<Uuid>, Option<Uuid>),
) -> Vec<NewNotice> {
    let facts =
        |words: Localized| NoticeFacts::about_report(report.tracking_code.clone(), category.name.clone(), Some(words));
    let step = Step {
        assigned_to,
        forwarded_to,
        returned: matches!(action, Action::Return { .. }),
        reopened: transition.reopened,
        public: transition.public,
        extension_requested: matches!(action, Action::RequestExtension { .. }),
        extension_decided: matches!(action, Action::DecideExtension { .. }),
    };
    recipients(Event::Step(step), &report.parties())
        .into_iter()
        .map(|r| NewNotice {
            kind: r.kind,
            audience: r.audience,
            recipient_id: r.id,
            report_id: Some(report.id),
            // The citizen reads the public words; the people handling it, the details meant for them.
            facts: facts(if r.audience == Audience::Citizen {
                citizen_words(action, transition)
            } else {
                handler_words(action, transition)
            }),
            cause: format!("v{}", report.version),
        })
        .collect()
}

/// Whether a step gives the report an answer that the citizens of reports merged into it are sent: the
/// answer itself, or a close-out's explanation.
pub(super) fn shares_its_answer(action: &Action) -> bool {
    matches!(action, Action::Answer { .. } | Action::Close { .. })
}

/// Notices to the citizens of the reports merged into `report` (并案), each under their own tracking code,
/// carrying the answer (or the close-out's explanation) they share.
pub(super) async fn shared_answer_notices(
    state: &AppState,
    report: &Report,
    category: &Category,
    action: &Action,
    transition: &Transition,
) -> Result<Vec<NewNotice>, AppError> {
    let words = match action {
        Action::Answer { text, .. } => {
            let quoted = text.trim().chars().take(120).collect::<String>();
            Localized::new(
                format!("您反映的问题已与相同反映合并办理并已答复：{quoted}（请查看并评价）"),
                format!(
                    "Your report was handled with the same report and answered: {quoted} (please read and rate it)"
                ),
            )
        }
        _ => {
            let words = citizen_words(action, transition);
            Localized::new(
                format!("您反映的问题已与相同反映合并办理。{}", words.zh),
                format!("Your report was handled with the same report. {}", words.en),
            )
        }
    };
    let merged = merged_reports(state, report.id).await?;
    Ok(merged
        .iter()
        .filter_map(|m| {
            let to = shared_answer(&m.parties())?;
            Some(NewNotice {
                kind: to.kind,
                audience: to.audience,
                recipient_id: to.id,
                report_id: Some(m.id),
                facts: NoticeFacts::about_report(m.tracking_code.clone(), category.name.clone(), Some(words.clone())),
                // One per answer of the main report: answering again sends again.
                cause: format!("shared:{}:v{}", report.id, report.version),
            })
        })
        .collect())
}
