use super::*;
use ReportStatus::*;

const ALL: [ReportStatus; 8] = [Submitted, Triage, Assigned, Accepted, Forwarded, UnitReplied, Answered, Closed];

fn state(status: ReportStatus) -> State {
    State {
        status,
        extension_pending: None,
        proposed_outcome: None,
        within_reopen_window: true,
        follow_up_open: true,
        shared_answer_unrated: false,
    }
}

fn actions() -> Vec<Action> {
    vec![
        Action::Assign { deputy: "D-001".into(), note: None },
        Action::Accept { note: None },
        Action::Return { reason: "不属于本网格".into() },
        Action::Forward { unit: "HP-CG".into(), note: None },
        Action::UnitReply { text: "已安排清运".into() },
        Action::Answer { text: "垃圾已清运".into(), outcome: Outcome::Resolved },
        Action::RequestExtension { working_days: 5, reason: "需协调多部门".into() },
        Action::DecideExtension { grant: true, reason: "同意".into() },
        Action::Rate { verdict: Verdict::Satisfied, comment: None },
        Action::Close {
            outcome: Outcome::Referred, reason: "属诉讼事项".into(), explanation: "请向法院起诉".into()
        },
        Action::Expedite { accept_hours: 2, answer_hours: 24, reason: "涉及安全".into() },
        Action::Merge { into: Uuid::nil() },
        Action::Withdraw { reason: None },
        Action::FollowUp { fixed: true, comment: None },
    ]
}

/// Every status against every action: exactly the listed ones are legal, every other one is refused with
/// the current status named, and nothing leaves `closed`.
#[test]
fn every_status_and_action_pair_is_legal_exactly_when_listed() {
    let table: &[(ReportStatus, &[&str])] = &[
        (Submitted, &["assign", "close", "expedite", "merge", "withdraw"]),
        (Triage, &["assign", "close", "expedite", "merge", "withdraw"]),
        (Assigned, &["assign", "accept", "return", "close", "expedite", "merge", "withdraw"]),
        (
            Accepted,
            &["assign", "return", "forward", "answer", "request_extension", "close", "expedite", "merge", "withdraw"],
        ),
        (Forwarded, &["assign", "unit_reply", "request_extension", "close", "expedite", "merge", "withdraw"]),
        (UnitReplied, &["assign", "forward", "answer", "request_extension", "close", "expedite", "merge", "withdraw"]),
        (Answered, &["rate", "close", "merge", "withdraw"]),
        (Closed, &["follow_up"]),
    ];
    for (status, legal) in table {
        for action in actions() {
            // decide_extension needs a pending request; it is checked on its own below.
            let mut s = state(*status);
            if matches!(action, Action::DecideExtension { .. }) {
                s.extension_pending = Some(5);
            }
            let result = step(&s, &action);
            let expected_legal = legal.contains(&action.name())
                || (matches!(action, Action::DecideExtension { .. })
                    && matches!(status, Accepted | Forwarded | UnitReplied));
            match result {
                Ok(t) => {
                    assert!(expected_legal, "{status} + {} should be refused", action.name());
                    assert_eq!(t.from, *status);
                }
                Err(Refusal::WrongStatus { status: named, action: name, expected }) => {
                    assert!(!expected_legal, "{status} + {name} should be legal");
                    assert_eq!(named, *status);
                    assert!(!expected.contains(status));
                    let message = Refusal::WrongStatus { status: named, action: name, expected }.to_string();
                    assert!(message.starts_with(&format!("the report is `{status}`")), "{message}");
                }
                Err(other) => panic!("{status} + {}: unexpected {other:?}", action.name()),
            }
        }
    }
    assert_eq!(ALL.len(), table.len());
}

#[test]
fn the_whole_loop_from_triage_to_a_satisfied_close() {
    let mut s = state(Triage);
    let path = [
        (Action::Assign { deputy: "D-001".into(), note: None }, Assigned, Deadline::Accept),
        (Action::Accept { note: None }, Accepted, Deadline::Answer),
        (Action::Forward { unit: "HP-CG".into(), note: None }, Forwarded, Deadline::Reply),
        (Action::UnitReply { text: "已安排".into() }, UnitReplied, Deadline::Answer),
        (Action::Answer { text: "已清运".into(), outcome: Outcome::Explained }, Answered, Deadline::Stop),
    ];
    for (action, to, deadline) in path {
        let t = step(&s, &action).unwrap();
        assert_eq!((t.to, t.deadline), (to, deadline), "{}", action.name());
        s.status = t.to;
        if let Action::Answer { outcome, .. } = action {
            s.proposed_outcome = Some(outcome);
        }
    }
    let t = step(&s, &Action::Rate { verdict: Verdict::Mostly, comment: Some("还行".into()) }).unwrap();
    assert_eq!((t.to, t.outcome, t.verdict), (Closed, Some(Outcome::Explained), Some(Verdict::Mostly)));
    assert!(t.public && !t.reopened);
}

#[test]
fn not_satisfied_reopens_within_the_window_and_closes_after_it() {
    let mut s = state(Answered);
    s.proposed_outcome = Some(Outcome::Resolved);
    let t = step(&s, &Action::Rate { verdict: Verdict::NotSatisfied, comment: Some("没修好".into()) }).unwrap();
    assert_eq!((t.to, t.deadline, t.reopened), (Accepted, Deadline::Answer, true));
    assert_eq!(t.outcome, None);
    s.within_reopen_window = false;
    let t = step(&s, &Action::Rate { verdict: Verdict::NotSatisfied, comment: None }).unwrap();
    // Closed as not resolved, whatever the answer proposed: it counts against the resolution rate.
    assert_eq!((t.to, t.outcome, t.verdict), (Closed, Some(Outcome::Unresolved), Some(Verdict::NotSatisfied)));
    // `no_rating` is not the citizen's to give.
    assert!(matches!(step(&s, &Action::Rate { verdict: Verdict::NoRating, comment: None }), Err(Refusal::Invalid(_))));
}

#[test]
fn a_supervisor_closes_an_unrated_answer_as_no_rating_and_other_steps_with_the_outcome_given() {
    let close = |outcome, reason: &str, explanation: &str| Action::Close {
        outcome,
        reason: reason.into(),
        explanation: explanation.into(),
    };
    let t = step(&state(Answered), &close(Outcome::Resolved, "30日未评价", "问题已解决")).unwrap();
    assert_eq!((t.to, t.verdict, t.outcome), (Closed, Some(Verdict::NoRating), Some(Outcome::Resolved)));
    let t = step(&state(Triage), &close(Outcome::Referred, "属信访事项", "请到信访部门反映")).unwrap();
    assert_eq!((t.to, t.verdict, t.outcome, t.public), (Closed, None, Some(Outcome::Referred), true));
    for bad in [
        close(Outcome::Resolved, "  ", "已解决"),
        close(Outcome::Resolved, "已核实", " "),
        close(Outcome::Duplicate, "重复", "已合并"),
        close(Outcome::Withdrawn, "群众撤回", "已撤回"),
    ] {
        assert!(matches!(step(&state(Triage), &bad), Err(Refusal::Invalid(_))), "{bad:?}");
    }
    let t = step(&state(Forwarded), &Action::Merge { into: Uuid::nil() }).unwrap();
    assert_eq!(t.outcome, Some(Outcome::Duplicate));
    let t = step(&state(Assigned), &Action::Withdraw { reason: None }).unwrap();
    assert_eq!(t.outcome, Some(Outcome::Withdrawn));
}

#[test]
fn a_merged_reports_citizen_rates_the_shared_answer_once_and_it_stays_closed() {
    let mut s = state(Closed);
    let rate = |verdict| Action::Rate { verdict, comment: None };
    assert!(matches!(step(&s, &rate(Verdict::Satisfied)), Err(Refusal::WrongStatus { .. })));
    s.shared_answer_unrated = true;
    for verdict in [Verdict::Satisfied, Verdict::Mostly, Verdict::NotSatisfied] {
        let t = step(&s, &rate(verdict)).unwrap();
        assert_eq!((t.to, t.verdict, t.outcome, t.reopened), (Closed, Some(verdict), None, false));
        assert_eq!(public_text("rate", &t).en, "Thank you for your rating.");
    }
    assert!(matches!(step(&s, &rate(Verdict::NoRating)), Err(Refusal::Invalid(_))));
}

#[test]
fn expediting_tightens_the_running_deadlines_within_sane_hours() {
    let urgent = |accept_hours, answer_hours, reason: &str| Action::Expedite {
        accept_hours,
        answer_hours,
        reason: reason.into(),
    };
    let t = step(&state(Triage), &urgent(2, 24, "燃气泄漏")).unwrap();
    assert_eq!((t.to, t.deadline, t.public), (Triage, Deadline::Tighten, false));
    for bad in [urgent(0, 24, "x"), urgent(2, MAX_DEADLINE_HOURS + 1, "x"), urgent(48, 24, "x"), urgent(2, 24, " ")] {
        assert!(matches!(step(&state(Accepted), &bad), Err(Refusal::Invalid(_))), "{bad:?}");
    }
}

#[test]
fn the_follow_up_question_reopens_a_report_that_was_not_actually_fixed() {
    let mut s = state(Closed);
    let t = step(&s, &Action::FollowUp { fixed: true, comment: None }).unwrap();
    assert_eq!((t.to, t.reopened), (Closed, false));
    let t = step(&s, &Action::FollowUp { fixed: false, comment: Some("又坏了".into()) }).unwrap();
    assert_eq!((t.to, t.deadline, t.reopened), (Accepted, Deadline::Answer, true));
    s.follow_up_open = false;
    assert!(matches!(step(&s, &Action::FollowUp { fixed: false, comment: None }), Err(Refusal::FollowUpNotOpen)));
}

#[test]
fn a_return_goes_back_to_triage_with_a_reason() {
    let t = step(&state(Accepted), &Action::Return { reason: "不在我联系的网格".into() }).unwrap();
    assert_eq!((t.to, t.deadline, t.public), (Triage, Deadline::Accept, false));
    assert!(matches!(step(&state(Assigned), &Action::Return { reason: "".into() }), Err(Refusal::Invalid(_))));
    // Reassigning an assigned report is a fresh accept deadline but nothing new for the citizen.
    let t = step(&state(Assigned), &Action::Assign { deputy: "D-002".into(), note: None }).unwrap();
    assert_eq!((t.to, t.deadline, t.public), (Assigned, Deadline::Accept, false));
}

#[test]
fn extensions_are_asked_once_and_decided_explicitly() {
    let mut s = state(Forwarded);
    let ask = Action::RequestExtension { working_days: 10, reason: "需现场勘查".into() };
    let t = step(&s, &ask).unwrap();
    assert_eq!((t.to, t.deadline, t.extension_pending), (Forwarded, Deadline::Keep, Some(10)));
    s.extension_pending = t.extension_pending;
    assert_eq!(step(&s, &ask), Err(Refusal::ExtensionPending));
    let t = step(&s, &Action::DecideExtension { grant: true, reason: "同意".into() }).unwrap();
    assert_eq!((t.deadline, t.extension_pending, t.public), (Deadline::Extend(10), None, true));
    let t = step(&s, &Action::DecideExtension { grant: false, reason: "期限内可办结".into() }).unwrap();
    assert_eq!((t.deadline, t.extension_pending), (Deadline::Keep, None));
    s.extension_pending = None;
    assert_eq!(
        step(&s, &Action::DecideExtension { grant: true, reason: "x".into() }),
        Err(Refusal::NoExtensionPending)
    );
    for days in [0, MAX_EXTENSION_DAYS + 1] {
        let ask = Action::RequestExtension { working_days: days, reason: "x".into() };
        assert!(matches!(step(&s, &ask), Err(Refusal::Invalid(_))), "{days}");
    }
    // Answering clears a pending request.
    s.extension_pending = Some(3);
    s.status = Accepted;
    let t = step(&s, &Action::Answer { text: "已办".into(), outcome: Outcome::Resolved }).unwrap();
    assert_eq!(t.extension_pending, None);
}

#[test]
fn an_answer_proposes_a_real_outcome_and_says_something() {
    for outcome in [Outcome::Duplicate, Outcome::Withdrawn] {
        let answer = Action::Answer { text: "x".into(), outcome };
        assert!(matches!(step(&state(Accepted), &answer), Err(Refusal::Invalid(_))));
    }
    let empty = Action::Answer { text: " ".into(), outcome: Outcome::Resolved };
    assert!(matches!(step(&state(Accepted), &empty), Err(Refusal::Invalid(_))));
    assert!(matches!(step(&state(Forwarded), &Action::UnitReply { text: "".into() }), Err(Refusal::Invalid(_))));
}

#[test]
fn who_may_take_each_action() {
    use Role::*;
    for action in actions() {
        let roles = action.roles();
        match action.name() {
            "accept" | "return" | "request_extension" => assert_eq!(roles, [Deputy]),
            "rate" | "withdraw" | "follow_up" => assert_eq!(roles, [Citizen]),
            // The committee supervises and handles nothing.
            _ if roles.contains(&Committee) => panic!("{} is open to the committee", action.name()),
            "forward" | "answer" => assert_eq!(roles, [Deputy, Staff, StationHead, Admin]),
            "unit_reply" => assert_eq!(roles, [Deputy, Staff, StationHead, Admin, Unit]),
            _ => assert_eq!(roles, [Staff, StationHead, Admin]),
        }
    }
}

#[test]
fn actions_read_from_json_by_name() {
    let a: Action = serde_json::from_str(r#"{"action": "answer", "text": "已修复", "outcome": "resolved"}"#).unwrap();
    assert_eq!(a, Action::Answer { text: "已修复".into(), outcome: Outcome::Resolved });
    assert!(serde_json::from_str::<Action>(r#"{"action": "teleport"}"#).is_err());
    assert!(serde_json::from_str::<Action>(r#"{"action": "accept", "extra": 1}"#).is_err());
}
