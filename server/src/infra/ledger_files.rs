//! The ledger (明白账) as files: an XLSX workbook (a sheet of totals, one per grouping, and the list of
//! reports), two CSV tables (the figures of every grouping, and the list), and any other set of tables as a
//! workbook (the year-end report's). Text is always written as text: a spreadsheet cell never becomes a
//! formula, and a CSV cell a spreadsheet would read as one (`=`, `+`, `-`, `@`) is prefixed with `'`, so a
//! title a citizen typed cannot run in the committee's spreadsheet.

use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::domain::schedule::china;
use crate::domain::stats::grouping::Grouping;
use crate::domain::stats::ledger::{Cell, Ledger, LedgerLine, channel_name, figure_columns, grouping_title};

/// Why a file could not be made.
#[derive(Debug, thiserror::Error)]
pub enum LedgerFileError {
    #[error("spreadsheet: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("csv: {0}")]
    Io(#[from] std::io::Error),
}

const LIST_HEADINGS: [&str; 16] = [
    "查询码 tracking code",
    "提交时间 submitted",
    "渠道 channel",
    "类别 category",
    "联络站 station",
    "网格 grid",
    "楼栋 building",
    "标题 title",
    "状态 status",
    "办理结果 outcome",
    "评价 rating",
    "代表 deputy",
    "承办单位 handling unit",
    "首次答复 first answered",
    "办结 closed",
    "按时答复 answered on time",
];

fn local(instant: Option<DateTime<Utc>>) -> String {
    instant.map(|t| t.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn yes_no(flag: Option<bool>) -> &'static str {
    match flag {
        Some(true) => "是 yes",
        Some(false) => "否 no",
        None => "",
    }
}

/// A report as the list's cells, in [`LIST_HEADINGS`] order.
fn list_row(l: &LedgerLine) -> [String; 16] {
    [
        l.tracking_code.clone(),
        local(Some(l.submitted_at)),
        channel_name(l.channel),
        l.category.clone(),
        l.station.clone(),
        l.grid.clone(),
        l.building.clone(),
        l.title.clone(),
        l.status.as_str().to_owned(),
        l.outcome.map(|o| o.as_str().to_owned()).unwrap_or_default(),
        l.verdict.map(|v| v.as_str().to_owned()).unwrap_or_default(),
        l.deputy.clone(),
        l.unit.clone(),
        local(l.first_answered_at),
        local(l.closed_at),
        yes_no(l.on_time).to_owned(),
    ]
}

/// The file name for a ledger: `liaison-ledger-<from>-<to>.<ext>` (ASCII, so every browser keeps it).
pub fn file_name(ledger: &Ledger, extension: &str) -> String {
    format!("liaison-ledger-{}-{}.{extension}", ledger.from, ledger.to)
}

// ---- XLSX -----------------------------------------------------------------------------------------------------

struct Formats {
    heading: Format,
    share: Format,
    number: Format,
}

fn write_cell(sheet: &mut Worksheet, row: u32, col: u16, cell: Cell, formats: &Formats) -> Result<(), XlsxError> {
    match cell {
        Cell::Count(n) => sheet.write_number(row, col, n as f64).map(drop),
        Cell::Share(v) => sheet.write_number_with_format(row, col, v, &formats.share).map(drop),
        Cell::Number(v) => sheet.write_number_with_format(row, col, v, &formats.number).map(drop),
        Cell::Flag(flag) => sheet.write_string(row, col, if flag { "是 yes" } else { "" }).map(drop),
        Cell::Empty => Ok(()),
    }
}

fn headings(sheet: &mut Worksheet, row: u32, names: &[&str], formats: &Formats) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, &formats.heading)?;
    }
    Ok(())
}

/// The workbook: 「三率 totals」, one sheet per grouping, and 「清单 reports」.
pub fn xlsx(ledger: &Ledger) -> Result<Vec<u8>, LedgerFileError> {
    let formats = Formats {
        heading: Format::new().set_bold().set_text_wrap(),
        share: Format::new().set_num_format("0.0%"),
        number: Format::new().set_num_format("0.0"),
    };
    let mut book = Workbook::new();

    let sheet = book.add_worksheet().set_name("三率 totals")?;
    sheet.write_string_with_format(0, 0, "联络站明白账 Liaison station ledger", &formats.heading)?;
    sheet.write_string(1, 0, "范围 scope")?;
    sheet.write_string(1, 1, &ledger.scope)?;
    sheet.write_string(2, 0, "期间 period")?;
    sheet.write_string(2, 1, format!("{} – {}", ledger.from, ledger.to))?;
    sheet.write_string(3, 0, "生成于 generated")?;
    sheet.write_string(3, 1, local(Some(ledger.generated_at)))?;
    for (i, (heading, cell)) in figure_columns(&ledger.total).into_iter().enumerate() {
        let row = 5 + i as u32;
        sheet.write_string(row, 0, heading)?;
        write_cell(sheet, row, 1, cell, &formats)?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 28)?;

    for (grouping, groups) in &ledger.groups {
        let sheet = book.add_worksheet().set_name(grouping_title(*grouping))?;
        let columns = figure_columns(&ledger.total);
        let mut names = vec![key_heading(*grouping), "名称 name"];
        names.extend(columns.iter().map(|(h, _)| *h));
        headings(sheet, 0, &names, &formats)?;
        for (i, group) in groups.iter().enumerate() {
            let row = 1 + i as u32;
            sheet.write_string(row, 0, &group.key)?;
            sheet.write_string(row, 1, &group.name)?;
            for (col, (_, cell)) in figure_columns(&group.figures).into_iter().enumerate() {
                write_cell(sheet, row, 2 + col as u16, cell, &formats)?;
            }
        }
        sheet.set_freeze_panes(1, 2)?;
        sheet.set_column_width(1, 20)?;
    }

    // A year of reports is a long list: its rows go to a temporary file as they are written (constant memory),
    // in order, instead of being held until the workbook is saved.
    let sheet = book.add_worksheet_with_constant_memory()?.set_name("清单 reports")?;
    for (col, width) in [(0, 14), (1, 17), (3, 14), (7, 30)] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.autofilter(0, 0, ledger.lines.len() as u32, (LIST_HEADINGS.len() - 1) as u16)?;
    headings(sheet, 0, &LIST_HEADINGS, &formats)?;
    for (i, line) in ledger.lines.iter().enumerate() {
        for (col, text) in list_row(line).iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(1 + i as u32, col as u16, text)?;
            }
        }
    }
    Ok(book.save_to_buffer()?)
}

/// A sheet of any table: a title line, a header row, then rows of text and typed cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The tab's name (at most 31 characters, as spreadsheets allow).
    pub name: String,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// A value in a [`Sheet`]: text (always written as text, never a formula) or a typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A whole number that may be below zero (points).
    Integer(i64),
    Cell(Cell),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}

impl From<Cell> for Value {
    fn from(cell: Cell) -> Self {
        Value::Cell(cell)
    }
}

/// A workbook of `sheets`, each with its title in the first row and its header in the second.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, LedgerFileError> {
    let formats = Formats {
        heading: Format::new().set_bold().set_text_wrap(),
        share: Format::new().set_num_format("0.0%"),
        number: Format::new().set_num_format("0.0"),
    };
    let mut book = Workbook::new();
    for s in sheets {
        let sheet = book.add_worksheet().set_name(&s.name)?;
        sheet.write_string_with_format(0, 0, &s.title, &formats.heading)?;
        let header: Vec<&str> = s.header.iter().map(String::as_str).collect();
        headings(sheet, 1, &header, &formats)?;
        for (i, row) in s.rows.iter().enumerate() {
            for (col, value) in row.iter().enumerate() {
                let (r, c) = (2 + i as u32, col as u16);
                match value {
                    Value::Text(text) if !text.is_empty() => sheet.write_string(r, c, text).map(drop)?,
                    Value::Text(_) => {}
                    Value::Integer(n) => sheet.write_number(r, c, *n as f64).map(drop)?,
                    Value::Cell(cell) => write_cell(sheet, r, c, *cell, &formats)?,
                }
            }
        }
        sheet.set_column_width(0, 28)?;
        sheet.set_freeze_panes(2, 0)?;
    }
    Ok(book.save_to_buffer()?)
}

fn key_heading(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Week => "周一 week of",
        Grouping::Channel => "渠道 channel",
        _ => "代码 code",
    }
}

// ---- CSV ------------------------------------------------------------------------------------------------------

/// A cell a spreadsheet would read as a formula gets a leading `'`.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn cell_text(cell: Cell) -> String {
    match cell {
        Cell::Count(n) => n.to_string(),
        Cell::Share(v) | Cell::Number(v) => format!("{v:.4}"),
        Cell::Flag(flag) => if flag { "true" } else { "false" }.to_owned(),
        Cell::Empty => String::new(),
    }
}

/// A CSV writer into memory that starts with a UTF-8 byte-order mark, so spreadsheets read Chinese right.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer("\u{feff}".as_bytes().to_vec())
}

/// Every grouping's figures in one table: `grouping,key,name,` then the figures; the total first.
pub fn csv_figures(ledger: &Ledger) -> Result<Vec<u8>, LedgerFileError> {
    let mut out = csv_writer();
    let columns = figure_columns(&ledger.total);
    let mut header = vec!["grouping".to_owned(), "key".to_owned(), "name".to_owned()];
    header.extend(columns.iter().map(|(h, _)| (*h).to_owned()));
    out.write_record(&header)?;
    let mut record = |grouping: &str, key: &str, name: &str, cells: Vec<(&str, Cell)>| {
        let mut row = vec![grouping.to_owned(), defused(key), defused(name)];
        row.extend(cells.into_iter().map(|(_, c)| cell_text(c)));
        out.write_record(&row)
    };
    record("total", "", &ledger.scope, columns)?;
    for (grouping, groups) in &ledger.groups {
        for group in groups {
            record(grouping.as_str(), &group.key, &group.name, figure_columns(&group.figures))?;
        }
    }
    out.flush()?;
    out.into_inner().map_err(|e| LedgerFileError::Io(e.into_error()))
}

/// Any table as CSV (with the byte-order mark; text that would read as a formula defused).
pub fn csv_table(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, LedgerFileError> {
    let mut out = csv_writer();
    out.write_record(header)?;
    for row in rows {
        out.write_record(row.iter().map(|text| defused(text)))?;
    }
    out.flush()?;
    out.into_inner().map_err(|e| LedgerFileError::Io(e.into_error()))
}

/// The list of reports.
pub fn csv_reports(ledger: &Ledger) -> Result<Vec<u8>, LedgerFileError> {
    let mut out = csv_writer();
    out.write_record(LIST_HEADINGS)?;
    for line in &ledger.lines {
        out.write_record(list_row(line).iter().map(|text| defused(text)))?;
    }
    out.flush()?;
    out.into_inner().map_err(|e| LedgerFileError::Io(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            assert!(defused(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(defused("路灯不亮"), "路灯不亮");
        assert_eq!(defused(""), "");
    }
}
