//! A utility's file as rows of cells under named columns, whatever it came as: CSV (UTF-8 with
//! or without a BOM, commas or semicolons) or an .xlsx workbook (its first sheet), whose cells
//! come typed.

use crate::domain::{CustomerNumber, CustomerNumberError, Period, CUSTOMER_NUMBER_MAX_DIGITS};
use crate::model::imports::{Fault, ImportKind, Reason};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A spreadsheet's number cell.
    Number(f64),
    /// A spreadsheet's date cell.
    Date(NaiveDate),
    /// A spreadsheet's error cell (`#N/A`) or anything else that holds no value.
    Invalid(String),
}

pub struct Row {
    /// The line (CSV) or row (spreadsheet) number a person sees in their editor.
    pub line: usize,
    cells: Vec<Cell>,
}

/// The rows of a file whose header named every column its kind needs.
pub struct Table {
    pub rows: Vec<Row>,
    index: HashMap<&'static str, usize>,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

impl Table {
    /// Reads a file of this kind. Faults of the file as a whole (unreadable, a missing or
    /// unknown column) come back instead of a table; a row with the wrong number of fields is a
    /// fault of its own and is left out.
    pub fn read(kind: ImportKind, bytes: &[u8]) -> Result<(Table, Vec<Fault>), Vec<Fault>> {
        let (header, rows, mut faults) = if bytes.starts_with(ZIP_MAGIC) { xlsx(bytes)? } else { csv(bytes)? };
        let index = columns(kind, &header)?;
        let rows: Vec<Row> = rows.into_iter().filter(|r| r.cells.iter().any(|c| *c != Cell::Empty)).collect();
        if rows.is_empty() && faults.is_empty() {
            return Err(vec![file_fault(Reason::NoRows)]);
        }
        faults.sort_by_key(|f| f.line);
        Ok((Table { rows, index }, faults))
    }

    /// Whether the file has this column at all (an optional one may be left out).
    pub fn has(&self, column: &str) -> bool {
        self.index.contains_key(column)
    }

    pub fn cell<'r>(&self, row: &'r Row, column: &str) -> &'r Cell {
        self.index.get(column).and_then(|&i| row.cells.get(i)).unwrap_or(&Cell::Empty)
    }
}

fn file_fault(reason: Reason) -> Fault {
    Fault { line: 0, column: None, reason }
}

fn header_fault(column: &str, reason: Reason) -> Fault {
    Fault { line: 1, column: Some(column.to_string()), reason }
}

/// Which field holds each known column. Names are matched without case or surrounding spaces.
fn columns(kind: ImportKind, header: &[String]) -> Result<HashMap<&'static str, usize>, Vec<Fault>> {
    let mut index = HashMap::new();
    let mut faults = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if name.is_empty() {
            continue;
        }
        match kind.columns().iter().find(|c| **c == name) {
            None => faults.push(header_fault(&name, Reason::UnknownColumn)),
            Some(known) => {
                if index.insert(*known, i).is_some() {
                    faults.push(header_fault(known, Reason::DuplicateColumn));
                }
            }
        }
    }
    for column in kind.columns() {
        if !index.contains_key(column) && !kind.optional_columns().contains(column) {
            faults.push(header_fault(column, Reason::MissingColumn));
        }
    }
    if faults.is_empty() {
        Ok(index)
    } else {
        Err(faults)
    }
}

type Read = (Vec<String>, Vec<Row>, Vec<Fault>);

fn csv(bytes: &[u8]) -> Result<Read, Vec<Fault>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    // Spreadsheets set to Indonesian write semicolons: the header line says which it is.
    let first_line =
        bytes.split(|b| *b == b'\n').find(|l| l.iter().any(|b| !b.is_ascii_whitespace())).unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    let delimiter = if count(b';') > count(b',') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    // The line a person sees in their editor. The reader's own count, and the offset it gives,
    // start at the line ends (and blank lines) it passed over before the record.
    let newlines: Vec<usize> = bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect();
    let line_at = |offset: u64| {
        let mut at = offset as usize;
        while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            at += 1;
        }
        1 + newlines.partition_point(|&n| n < at)
    };
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut faults = Vec::new();
    for record in reader.byte_records() {
        let record = record.map_err(|e| vec![file_fault(Reason::Unreadable(e.to_string()))])?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        let fields: Result<Vec<&str>, _> = record.iter().map(std::str::from_utf8).collect();
        let Ok(fields) = fields else {
            if header.is_none() {
                return Err(vec![Fault { line, column: None, reason: Reason::NotUtf8 }]);
            }
            faults.push(Fault { line, column: None, reason: Reason::NotUtf8 });
            continue;
        };
        match &header {
            None => {
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                header = Some(fields.iter().map(|f| f.to_string()).collect());
            }
            Some(names) => {
                let blank = fields.iter().all(|f| f.trim().is_empty());
                // Trailing empty fields (spreadsheets write them) are not a fault, and fields left off
                // the end read as empty: a required one is then a fault of its own.
                let used = fields.iter().rposition(|f| !f.trim().is_empty()).map_or(0, |i| i + 1);
                if !blank && fields.len() != names.len() && used > names.len() {
                    faults.push(Fault {
                        line,
                        column: None,
                        reason: Reason::FieldCount { expected: names.len(), found: fields.len() },
                    });
                    continue;
                }
                let cells = fields
                    .iter()
                    .map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f.trim().to_string()) })
                    .collect();
                rows.push(Row { line, cells });
            }
        }
    }
    let header = header.ok_or_else(|| vec![file_fault(Reason::NoRows)])?;
    Ok((header, rows, faults))
}

fn xlsx(bytes: &[u8]) -> Result<Read, Vec<Fault>> {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let unreadable = |e: String| vec![file_fault(Reason::Unreadable(e))];
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the workbook has no sheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let cells = cells
            .iter()
            .map(|c| match c {
                Data::Empty => Cell::Empty,
                Data::String(s) | Data::DateTimeIso(s) if s.trim().is_empty() => Cell::Empty,
                Data::String(s) | Data::DateTimeIso(s) => Cell::Text(s.trim().to_string()),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Text(if *b { "1" } else { "0" }.to_string()),
                Data::DateTime(d) => match d.as_datetime() {
                    Some(t) if d.is_datetime() => Cell::Date(t.date()),
                    _ => Cell::Invalid(d.to_string()),
                },
                Data::DurationIso(s) => Cell::Invalid(s.clone()),
                Data::Error(e) => Cell::Invalid(e.to_string()),
            })
            .collect();
        Row { line: first_row + i + 1, cells }
    });
    let header = rows.next().ok_or_else(|| vec![file_fault(Reason::NoRows)])?;
    let header = header
        .cells
        .into_iter()
        .map(|c| match c {
            Cell::Text(s) => s,
            _ => String::new(),
        })
        .collect();
    Ok((header, rows.collect(), Vec::new()))
}

/// One row's cells read as the values a kind of file needs, each fault noted with its column.
pub struct Fields<'t> {
    table: &'t Table,
    row: &'t Row,
    pub faults: Vec<Fault>,
}

impl<'t> Fields<'t> {
    pub fn of(table: &'t Table, row: &'t Row) -> Fields<'t> {
        Fields { table, row, faults: Vec::new() }
    }

    pub fn line(&self) -> usize {
        self.row.line
    }

    pub fn fault(&mut self, column: &str, reason: Reason) {
        self.faults.push(Fault { line: self.row.line, column: Some(column.to_string()), reason });
    }

    fn cell(&self, column: &str) -> &'t Cell {
        self.table.cell(self.row, column)
    }

    /// Text as written; a number cell as its digits.
    pub fn text(&mut self, column: &str, max: usize) -> Option<String> {
        let text = match self.cell(column) {
            Cell::Empty => return None,
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Invalid(v) => v.clone(),
        };
        if text.chars().count() > max {
            self.fault(column, Reason::TooLong { max });
            return None;
        }
        Some(text)
    }

    pub fn required_text(&mut self, column: &str, max: usize) -> Option<String> {
        let text = self.text(column, max);
        if text.is_none() && *self.cell(column) == Cell::Empty {
            self.fault(column, Reason::Required);
        }
        text
    }

    /// A code typed as text that a spreadsheet may have turned into a date (`1/2` inch).
    pub fn code(&mut self, column: &str, max: usize) -> Option<String> {
        if let Cell::Date(_) = self.cell(column) {
            self.fault(column, Reason::BecameADate);
            return None;
        }
        self.required_text(column, max)
    }

    /// A customer number. A spreadsheet number cell has lost its leading zeros: they are put
    /// back to the utility's width when one is configured, and the row is refused otherwise.
    pub fn customer_number(&mut self, column: &str, width: Option<usize>) -> Option<CustomerNumber> {
        let typed = match self.cell(column) {
            Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
                let digits = format!("{n:.0}");
                match width {
                    Some(w) if digits.len() <= w && w <= CUSTOMER_NUMBER_MAX_DIGITS => format!("{digits:0>w$}"),
                    _ => {
                        self.fault(column, Reason::NumberLostZeros { digits: digits.len() });
                        return None;
                    }
                }
            }
            Cell::Empty => {
                self.fault(column, Reason::CustomerNumber(CustomerNumberError::Empty));
                return None;
            }
            _ => self.text(column, 40)?,
        };
        match CustomerNumber::parse(&typed) {
            Ok(n) => Some(n),
            Err(e) => {
                self.fault(column, Reason::CustomerNumber(e));
                None
            }
        }
    }

    /// A phone number, empty allowed (None): digits, spaces and dashes, a leading + kept. A
    /// spreadsheet's number cell dropped the 0 that Indonesian mobile numbers (`08..`) start with.
    pub fn phone(&mut self, column: &str) -> Option<Option<String>> {
        let (typed, was_number) = match self.cell(column) {
            Cell::Empty => return Some(None),
            Cell::Number(n) => (number_text(*n), true),
            other => (cell_text(other), false),
        };
        let typed = if was_number && typed.starts_with('8') { format!("0{typed}") } else { typed };
        match crate::domain::contact_phone(&typed) {
            Some(phone) => Some(Some(phone)),
            None => {
                self.fault(column, Reason::BadPhone);
                None
            }
        }
    }

    /// A whole number, empty allowed (None); no thousands separators.
    pub fn optional_count(&mut self, column: &str) -> Option<Option<i64>> {
        let value = match self.cell(column) {
            Cell::Empty => return Some(None),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => *n as i64,
            Cell::Text(s) => match s.parse::<i64>() {
                Ok(v) => v,
                Err(_) => {
                    self.fault(column, Reason::NotWholeNumber(s.clone()));
                    return None;
                }
            },
            other => {
                self.fault(column, Reason::NotWholeNumber(cell_text(other)));
                return None;
            }
        };
        if value < 0 {
            self.fault(column, Reason::Negative);
            return None;
        }
        Some(Some(value))
    }

    pub fn count(&mut self, column: &str) -> Option<i64> {
        match self.optional_count(column)? {
            Some(v) => Some(v),
            None => {
                self.fault(column, Reason::Required);
                None
            }
        }
    }

    /// `YYYY-MM-DD`; `DD/MM/YYYY` as a spreadsheet set to Indonesian writes dates into CSV; a
    /// spreadsheet date cell, or a spreadsheet date serial number.
    pub fn date(&mut self, column: &str) -> Option<NaiveDate> {
        match self.cell(column) {
            Cell::Empty => {
                self.fault(column, Reason::Required);
                None
            }
            Cell::Date(d) => Some(*d),
            Cell::Number(n) => match serial_date(*n) {
                Some(d) => Some(d),
                None => {
                    self.fault(column, Reason::NotADate(number_text(*n)));
                    None
                }
            },
            Cell::Text(s) => {
                match NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().filter(|_| s.len() == 10).or_else(|| {
                    NaiveDate::parse_from_str(s, "%d/%m/%Y")
                        .ok()
                        .filter(|_| s.rsplit('/').next().is_some_and(|y| y.len() == 4))
                }) {
                    Some(d) => Some(d),
                    _ => {
                        self.fault(column, Reason::NotADate(s.clone()));
                        None
                    }
                }
            }
            Cell::Invalid(v) => {
                self.fault(column, Reason::NotADate(v.clone()));
                None
            }
        }
    }

    /// `YYYY-MM`; a spreadsheet turns a typed `2026-11` into the 1st of that month, which is
    /// read back as its period.
    pub fn period(&mut self, column: &str) -> Option<Period> {
        match self.cell(column) {
            Cell::Empty => {
                self.fault(column, Reason::Required);
                None
            }
            Cell::Date(d) => Some(Period::of(*d)),
            Cell::Text(s) => match s.parse::<Period>() {
                Ok(p) => Some(p),
                Err(_) => {
                    self.fault(column, Reason::NotAPeriod(s.clone()));
                    None
                }
            },
            other => {
                self.fault(column, Reason::NotAPeriod(cell_text(other)));
                None
            }
        }
    }

    /// `1` or `0` (also `ya`/`tidak`, a spreadsheet's TRUE/FALSE); empty is 0.
    pub fn flag(&mut self, column: &str) -> Option<bool> {
        let text = match self.cell(column) {
            Cell::Empty => return Some(false),
            other => cell_text(other),
        };
        match text.trim().to_lowercase().as_str() {
            "1" | "ya" | "y" | "true" => Some(true),
            "0" | "tidak" | "t" | "false" => Some(false),
            _ => {
                self.fault(column, Reason::NotAFlag(text));
                None
            }
        }
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Invalid(s) => s.clone(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => d.to_string(),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// A spreadsheet's day number (1900 date system: day 1 is 1900-01-01, and day 60 the leap day
/// 1900 never had). Only whole days from 1950 to 2100 are taken as dates.
fn serial_date(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(18_264.0..=73_051.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(kind: ImportKind, text: &str) -> Result<(Table, Vec<Fault>), Vec<Fault>> {
        Table::read(kind, text.as_bytes())
    }

    const READINGS_HEADER: &str = "nomor_pelanggan,periode,tanggal_baca,stand_awal,stand_akhir";

    #[test]
    fn semicolons_a_bom_and_any_column_order() {
        let text = "\u{feff}stand_akhir;Nomor_Pelanggan ;periode;tanggal_baca;stand_awal\r\n120;0102003456;2026-11;2026-10-26;100\r\n";
        let (table, faults) = read(ImportKind::Readings, text).unwrap();
        assert!(faults.is_empty());
        let row = &table.rows[0];
        assert_eq!(row.line, 2);
        let mut f = Fields::of(&table, row);
        assert_eq!(f.customer_number("nomor_pelanggan", None).unwrap().as_str(), "0102003456");
        assert_eq!(f.count("stand_awal"), Some(100));
        assert_eq!(f.count("stand_akhir"), Some(120));
        assert_eq!(f.period("periode"), Some(Period::new(2026, 11).unwrap()));
        assert_eq!(f.date("tanggal_baca"), NaiveDate::from_ymd_opt(2026, 10, 26));
        assert_eq!(f.optional_count("stand_angkat"), Some(None));
        assert!(f.faults.is_empty());
    }

    #[test]
    fn header_faults_name_the_column() {
        let faults = read(
            ImportKind::Readings,
            "nomor_pelangan,periode,tanggal_baca,stand_awal,stand_akhir,periode\n1,2,3,4,5,6\n",
        )
        .err()
        .unwrap();
        let named: Vec<(&str, &Reason)> = faults.iter().map(|f| (f.column.as_deref().unwrap(), &f.reason)).collect();
        assert!(named.contains(&("nomor_pelangan", &Reason::UnknownColumn)), "{named:?}");
        assert!(named.contains(&("periode", &Reason::DuplicateColumn)), "{named:?}");
        assert!(named.contains(&("nomor_pelanggan", &Reason::MissingColumn)), "{named:?}");
        assert!(faults.iter().all(|f| f.line == 1));
    }

    #[test]
    fn empty_files_and_blank_rows() {
        assert_eq!(read(ImportKind::Readings, "").err().unwrap()[0].reason, Reason::NoRows);
        assert_eq!(
            read(ImportKind::Readings, &format!("{READINGS_HEADER}\n,,,,\n\n")).err().unwrap()[0].reason,
            Reason::NoRows
        );
        let (table, _) =
            read(ImportKind::Readings, &format!("{READINGS_HEADER}\n\n0102003456,2026-11,2026-10-26,1,2\n")).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 3);
    }

    #[test]
    fn rows_with_too_many_fields_and_bad_bytes_are_faults_of_their_line() {
        let mut bytes = format!("{READINGS_HEADER}\n0102003456,2026-11,2026-10-26,1,2,9\n").into_bytes();
        bytes.extend_from_slice(b"0102003457,2026-11,2026-10-26,1,\xff\n0102003458,2026-11,2026-10-26,1,2,,\n");
        let (table, faults) = Table::read(ImportKind::Readings, &bytes).unwrap();
        assert_eq!(faults.len(), 2, "{faults:?}");
        assert_eq!((faults[0].line, &faults[0].reason), (2, &Reason::FieldCount { expected: 5, found: 6 }));
        assert_eq!((faults[1].line, &faults[1].reason), (3, &Reason::NotUtf8));
        // Trailing empty fields, as spreadsheets write them, are fine.
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 4);
    }

    #[test]
    fn values_are_read_strictly() {
        let text = format!("{READINGS_HEADER},taksiran\n12,2026-13,26.10.2026,1.234,-5,kadang\n");
        let (table, _) = read(ImportKind::Readings, &text).unwrap();
        let mut f = Fields::of(&table, &table.rows[0]);
        assert_eq!(f.customer_number("nomor_pelanggan", None), None);
        assert_eq!(f.period("periode"), None);
        assert_eq!(f.date("tanggal_baca"), None);
        assert_eq!(f.count("stand_awal"), None);
        assert_eq!(f.count("stand_akhir"), None);
        assert_eq!(f.flag("taksiran"), None);
        let reasons: Vec<Reason> = f.faults.into_iter().map(|f| f.reason).collect();
        assert_eq!(
            reasons,
            vec![
                Reason::CustomerNumber(CustomerNumberError::WrongLength(2)),
                Reason::NotAPeriod("2026-13".into()),
                Reason::NotADate("26.10.2026".into()),
                Reason::NotWholeNumber("1.234".into()),
                Reason::Negative,
                Reason::NotAFlag("kadang".into()),
            ]
        );
    }

    #[test]
    fn spreadsheet_cells_come_typed() {
        let row = Row {
            line: 7,
            cells: vec![
                Cell::Number(102_003_456.0),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
                Cell::Number(46_321.0),
                Cell::Number(100.0),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()),
            ],
        };
        let index = ["nomor_pelanggan", "periode", "tanggal_baca", "stand_awal", "catatan"]
            .into_iter()
            .enumerate()
            .map(|(i, c)| (c, i))
            .collect();
        let table = Table { rows: vec![], index };
        let mut f = Fields::of(&table, &row);
        assert_eq!(f.customer_number("nomor_pelanggan", Some(10)).unwrap().as_str(), "0102003456");
        assert_eq!(f.period("periode"), Period::new(2026, 11));
        assert_eq!(f.date("tanggal_baca"), NaiveDate::from_ymd_opt(2026, 10, 26));
        assert_eq!(f.count("stand_awal"), Some(100));
        assert_eq!(f.code("catatan", 10), None);
        assert!(f.faults.iter().all(|f| f.line == 7));
        assert_eq!(f.faults[0].reason, Reason::BecameADate);
        // Without a configured width the lost zeros cannot be known.
        let mut f = Fields::of(&table, &row);
        assert_eq!(f.customer_number("nomor_pelanggan", None), None);
        assert_eq!(f.faults[0].reason, Reason::NumberLostZeros { digits: 9 });
    }

    #[test]
    fn indonesian_spreadsheet_dates() {
        let text = format!("\n{READINGS_HEADER}\n0102003456;2026-11;26/10/2026;1;2\n0102003457;2026-11;26/10/26;1;2\n")
            .replace(',', ";");
        let (table, _) = read(ImportKind::Readings, &text).unwrap();
        let mut f = Fields::of(&table, &table.rows[0]);
        assert_eq!(f.date("tanggal_baca"), NaiveDate::from_ymd_opt(2026, 10, 26));
        assert_eq!(table.rows[0].line, 3, "the blank first line counts");
        let mut f = Fields::of(&table, &table.rows[1]);
        assert_eq!(f.date("tanggal_baca"), None, "a two-digit year is not a date");
    }

    #[test]
    fn serial_dates() {
        assert_eq!(serial_date(45_658.0), NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(serial_date(100.0), None);
        assert_eq!(serial_date(45_658.5), None);
    }
}
