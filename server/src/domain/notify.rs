//! Notifications as the closed loop raises them: who hears about what, the words they read, and how long to
//! wait before trying a failed delivery again. Pure: delivery itself lives in `crate::infra::notify`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Localized;
use super::report::string_enum;

string_enum! {
    /// Why someone is notified.
    pub enum NoticeKind {
        /// A report was assigned to the deputy (交办).
        Assigned => "assigned",
        /// A report waits in the station's triage queue (研判).
        Triage => "triage",
        /// A report's step is due within a working day.
        DueSoon => "due_soon",
        /// A report is overdue and escalated (督办).
        Escalated => "escalated",
        /// The citizen's report moved on a public step (反馈 and the rest).
        Progress => "progress",
        /// The citizen was not satisfied and the report is back with the deputy.
        Reopened => "reopened",
        /// A report was forwarded to the handling unit (转办), which replies through its link.
        Forwarded => "forwarded",
    }
}

string_enum! {
    /// Who receives a notice.
    pub enum Audience {
        /// A directory deputy.
        Deputy => "deputy",
        /// The staff of a station.
        Station => "station",
        /// The citizen who filed the report.
        Citizen => "citizen",
        /// A handling unit (承办单位) a report was forwarded to.
        Unit => "unit",
        /// The head of a station (联络站站长), for overdue reports (督办 level 1); the recipient is the station.
        StationHead => "station_head",
        /// The people's-congress working committee (人大工委), for reports still overdue (督办 level 2); the
        /// recipient is [`COMMITTEE`].
        Committee => "committee",
    }
}

/// The committee's recipient id: a deployment serves one committee.
pub const COMMITTEE: uuid::Uuid = uuid::Uuid::nil();

/// What a notice carries, besides its kind: enough to write it without reading the report again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeFacts {
    pub tracking_code: String,
    /// Category name, e.g. 环境卫生.
    pub category: Localized,
    /// The public step in the citizen's words, for progress notices.
    #[serde(default)]
    pub step: Option<Localized>,
}

/// A notice in words: a short title (fits a WeChat `thing` field of 20 characters) and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub title: String,
    pub body: String,
}

/// The Chinese message for a notice (the English is in the stored facts for clients that want it).
pub fn compose(kind: NoticeKind, facts: &NoticeFacts) -> Message {
    let code = &facts.tracking_code;
    let category = &facts.category.zh;
    let (title, body) = match kind {
        NoticeKind::Assigned => {
            ("新交办事项".to_owned(), format!("您有一件{category}反映待办理（{code}），请及时接收。"))
        }
        NoticeKind::Triage => {
            ("待研判事项".to_owned(), format!("联络站收到一件{category}反映（{code}），待工作人员研判。"))
        }
        NoticeKind::DueSoon => ("即将到期".to_owned(), format!("反映 {code}（{category}）将在一个工作日内到期。")),
        NoticeKind::Escalated => ("逾期督办".to_owned(), format!("反映 {code}（{category}）已逾期，请尽快办理。")),
        NoticeKind::Forwarded => {
            ("转办事项".to_owned(), format!("人大代表联络站转来一件{category}反映（{code}），请在期限内办理并回复。"))
        }
        NoticeKind::Reopened => {
            ("群众不满意，已重办".to_owned(), format!("反映 {code}（{category}）群众不满意，已退回重新办理。"))
        }
        NoticeKind::Progress => {
            let step = facts.step.as_ref().map(|s| s.zh.as_str()).unwrap_or("办理进度已更新。");
            ("办理进度".to_owned(), format!("您的反映 {code}：{step}"))
        }
    };
    Message { title: truncate(&title, 20), body }
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// How long to wait before attempt `attempt` (1 for the first retry): doubling from 2 s, capped at an hour,
/// with `jitter` in `[0, 1)` spreading retries across the upper half of each wait.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let base = 2u64.saturating_pow(attempt.min(20)).min(3600);
    let jitter = jitter.clamp(0.0, 1.0);
    Duration::from_millis((base as f64 * 1000.0 * (0.5 + 0.5 * jitter)) as u64)
}

/// After this many failed rounds a notice is a dead letter, listed for staff to send again.
pub const MAX_ATTEMPTS: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            tracking_code: "LS-7KQ-9M3-XDP".into(),
            category: Localized::new("环境卫生", "Environment"),
            step: Some(Localized::new("已答复，请查看答复并评价。", "Answered.")),
        }
    }

    #[test]
    fn every_kind_has_words_that_name_the_report_and_a_short_title() {
        for kind in [
            NoticeKind::Assigned,
            NoticeKind::Triage,
            NoticeKind::DueSoon,
            NoticeKind::Escalated,
            NoticeKind::Progress,
            NoticeKind::Reopened,
            NoticeKind::Forwarded,
        ] {
            let m = compose(kind, &facts());
            assert!(m.body.contains("LS-7KQ-9M3-XDP"), "{kind}: {}", m.body);
            assert!(!m.title.is_empty() && m.title.chars().count() <= 20, "{kind}");
        }
        assert!(compose(NoticeKind::Progress, &facts()).body.contains("已答复"));
    }

    #[test]
    fn backoff_doubles_is_capped_and_jitter_stays_within_the_upper_half() {
        assert_eq!(backoff(1, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(1, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(3, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(30, 1.0), Duration::from_secs(3600));
        for attempt in 1..12 {
            assert!(backoff(attempt, 0.0) <= backoff(attempt, 0.7) && backoff(attempt, 0.7) <= backoff(attempt, 1.0));
            assert!(backoff(attempt, 1.0) <= backoff(attempt + 1, 1.0));
        }
    }
}
