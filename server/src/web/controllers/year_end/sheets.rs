//! The year-end report as a workbook: 「总览 summary」 (every count, zh-CN first with English), 「联络站
//! stations」 (the closed loop's figures by station), 「代表积分 points」 and 「年度计划 plan」.

use crate::app::year_end::YearEnd;
use crate::domain::duty::activity::ActivityKind;
use crate::domain::duty::plan::{OwnerKind, Standing, TaskStatus};
use crate::domain::duty::report_back::Tally;
use crate::domain::stats::ledger::{Cell, figure_columns};
use crate::infra::ledger_files::{LedgerFileError, Sheet, Value, workbook as write};

fn count(n: u64) -> Value {
    Value::Cell(Cell::Count(n))
}

fn share(part: u64, whole: u64) -> Value {
    Value::Cell(if whole == 0 { Cell::Empty } else { Cell::Share(part as f64 / whole as f64) })
}

fn kind_name(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Meeting => "会议 meetings",
        ActivityKind::Inspection => "视察 inspections",
        ActivityKind::Survey => "调研 surveys",
        ActivityKind::LawEnforcementCheck => "执法检查 law-enforcement checks",
        ActivityKind::Training => "学习培训 training",
        ActivityKind::HomeVisit => "走访 home visits",
    }
}

fn ratings(rows: &mut Vec<Vec<Value>>, section: &str, t: Tally) {
    rows.push(vec![section.into(), "满意 satisfied".into(), count(t.satisfied)]);
    rows.push(vec![section.into(), "基本满意 mostly satisfied".into(), count(t.mostly)]);
    rows.push(vec![section.into(), "不满意 not satisfied".into(), count(t.not_satisfied)]);
    rows.push(vec![
        section.into(),
        "满意率 satisfaction".into(),
        t.satisfaction().map_or(Value::Cell(Cell::Empty), |v| Value::Cell(Cell::Share(v))),
    ]);
    rows.push(vec![section.into(), "样本少 small sample (<10)".into(), Value::Cell(Cell::Flag(t.small_sample()))]);
}

fn summary(r: &YearEnd) -> Vec<Vec<Value>> {
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let reports = "群众意见 reports";
    for (heading, cell) in figure_columns(&r.reports.total) {
        rows.push(vec![reports.into(), heading.into(), cell.into()]);
    }
    let a = &r.activities;
    let act = "履职活动 activities";
    rows.push(vec![act.into(), "已开展 held".into(), count(a.held)]);
    for (kind, held) in &a.held_by_kind {
        rows.push(vec![act.into(), kind_name(*kind).into(), count(*held)]);
    }
    rows.push(vec![act.into(), "计划中 planned".into(), count(a.planned)]);
    rows.push(vec![act.into(), "已取消 cancelled".into(), count(a.cancelled)]);
    rows.push(vec![act.into(), "应到人次 attendances".into(), count(a.attendances)]);
    rows.push(vec![act.into(), "出席 present".into(), count(a.present)]);
    rows.push(vec![act.into(), "请假 excused".into(), count(a.excused)]);
    rows.push(vec![act.into(), "缺席 absent".into(), count(a.absent)]);
    rows.push(vec![act.into(), "出席率 attendance rate".into(), share(a.present, a.attendances)]);
    let rc = &r.reception;
    let rec = "代表接待日 reception days";
    rows.push(vec![rec.into(), "已接待场次 held".into(), count(rc.held)]);
    rows.push(vec![rec.into(), "值班人次 turns on duty".into(), count(rc.duties)]);
    rows.push(vec![rec.into(), "缺席人次 absences".into(), count(rc.absences)]);
    rows.push(vec![rec.into(), "到岗人次 turns kept".into(), count(rc.kept)]);
    rows.push(vec![rec.into(), "到岗率 share of turns kept".into(), share(rc.kept, rc.duties)]);
    let o = &r.opinions;
    let op = "审议意见 review opinions";
    rows.push(vec![op.into(), "已送达 sent".into(), count(o.sent)]);
    rows.push(vec![op.into(), "已全部销号 closed".into(), count(o.closed)]);
    rows.push(vec![op.into(), "问题清单 items".into(), count(o.items)]);
    rows.push(vec![op.into(), "已销号 items closed".into(), count(o.items_closed)]);
    rows.push(vec![op.into(), "按期销号 closed on time".into(), count(o.items_closed_on_time)]);
    rows.push(vec![op.into(), "逾期未销号 overdue".into(), count(o.items_overdue)]);
    rows.push(vec![op.into(), "销号率 closure rate".into(), share(o.items_closed, o.items)]);
    let s = &r.suggestions;
    let sg = "议案建议 suggestions";
    rows.push(vec![sg.into(), "已提交 submitted".into(), count(s.submitted)]);
    rows.push(vec![sg.into(), "已答复 answered".into(), count(s.answered)]);
    rows.push(vec![sg.into(), "按期答复 answered on time".into(), count(s.answered_on_time)]);
    rows.push(vec![sg.into(), "逾期未答复 overdue".into(), count(s.overdue)]);
    rows.push(vec![sg.into(), "重新办理 re-handled".into(), count(s.rehandled)]);
    ratings(&mut rows, sg, s.ratings);
    let rb = "述职评议 report-backs";
    rows.push(vec![rb.into(), "已述职 held".into(), count(r.report_backs.held)]);
    rows.push(vec![rb.into(), "已公示 published".into(), count(r.report_backs.published)]);
    ratings(&mut rows, rb, r.report_backs.votes);
    let p = &r.plan;
    let pl = "年度计划 annual plan";
    rows.push(vec![pl.into(), "任务 tasks".into(), count(p.total)]);
    rows.push(vec![pl.into(), "按期完成 done on time".into(), count(p.done_on_time)]);
    rows.push(vec![pl.into(), "逾期完成 done late".into(), count(p.done_late)]);
    rows.push(vec![pl.into(), "逾期未完成 overdue".into(), count(p.overdue)]);
    rows.push(vec![pl.into(), "进行中 open".into(), count(p.open)]);
    rows.push(vec![pl.into(), "已撤销 dropped".into(), count(p.dropped)]);
    rows
}

fn owner_kind(kind: OwnerKind) -> &'static str {
    match kind {
        OwnerKind::Committee => "人大工委 committee",
        OwnerKind::Station => "联络站 station",
        OwnerKind::Deputy => "代表 deputy",
    }
}

fn standing(s: Standing) -> &'static str {
    match s {
        Standing::DoneOnTime => "按期完成 done on time",
        Standing::DoneLate => "逾期完成 done late",
        Standing::Overdue => "逾期 overdue",
        Standing::Open => "进行中 open",
        Standing::Dropped => "已撤销 dropped",
    }
}

/// The report's workbook.
pub fn workbook(r: &YearEnd) -> Result<Vec<u8>, LedgerFileError> {
    let scope = r.station.as_ref().map_or_else(|| "全部联络站 every station".to_owned(), |s| s.name.zh.clone());
    let title = format!("{} 年度履职报告 year-end report {} — {scope}", r.year, r.year);
    let header = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();

    let mut figures_header = vec!["代码 code".to_owned(), "名称 name".to_owned()];
    figures_header.extend(figure_columns(&r.reports.total).into_iter().map(|(h, _)| h.to_owned()));
    let stations = r
        .reports
        .groups
        .iter()
        .flat_map(|(_, groups)| groups)
        .map(|g| {
            let mut row: Vec<Value> = vec![g.key.clone().into(), g.name.clone().into()];
            row.extend(figure_columns(&g.figures).into_iter().map(|(_, c)| Value::Cell(c)));
            row
        })
        .collect();
    let points = r
        .points
        .iter()
        .map(|d| {
            vec![
                d.deputy.code.clone().into(),
                d.deputy.name.zh.clone().into(),
                d.stations.join(", ").into(),
                Value::Integer(i64::from(d.total)),
                d.rules_version.clone().into(),
            ]
        })
        .collect();
    let tasks = r
        .tasks
        .iter()
        .map(|t| {
            let task = &t.task;
            vec![
                task.title.clone().into(),
                owner_kind(task.owner.kind).into(),
                t.owner_code.clone().unwrap_or_default().into(),
                task.due_on.to_string().into(),
                match task.status {
                    TaskStatus::Planned => "计划 planned",
                    TaskStatus::Done => "完成 done",
                    TaskStatus::Dropped => "撤销 dropped",
                }
                .into(),
                standing(task.standing(r.generated_at)).into(),
                task.note.clone().into(),
            ]
        })
        .collect();
    write(&[
        Sheet {
            name: "总览 summary".into(),
            title: title.clone(),
            header: header(&["部分 section", "项目 item", "数值 value"]),
            rows: summary(r),
        },
        Sheet { name: "联络站 stations".into(), title: title.clone(), header: figures_header, rows: stations },
        Sheet {
            name: "代表积分 points".into(),
            title: title.clone(),
            header: header(&["代表 deputy", "姓名 name", "联络站 stations", "积分 points", "规则版本 rules"]),
            rows: points,
        },
        Sheet {
            name: "年度计划 plan".into(),
            title,
            header: header(&[
                "任务 task",
                "责任方 owner",
                "责任方代码 owner code",
                "期限 due",
                "状态 status",
                "完成情况 standing",
                "进展 note",
            ]),
            rows: tasks,
        },
    ])
}
