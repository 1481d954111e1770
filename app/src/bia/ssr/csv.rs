//! Processes and their assessments as one wide CSV row each, for editing the
//! BIA in a spreadsheet: export, parse (every problem reported with its line)
//! and import (all rows or none).
//!
//! Columns: `name, department, owner_email, description, products,
//! peak_periods, mbco, rto, rpo, wrt`, then `<category>@<bucket>` for each
//! category and time bucket of the organisation's scale (a rating 1–5 or
//! empty), then `loss@<bucket>` for each bucket (whole currency units or
//! empty). Durations are written compactly (`4h`, `1w`, `1mo`).

use crate::audit::ssr::Actor;
use crate::bia::derive::{self, Assessment, Objectives};
use crate::bia::duration;
use crate::bia::scale::{ImpactScale, LOSS_KEY};
use crate::bia::ssr::processes::{self, ProcessFields, Stored};
use crate::bia::{
    CSV_MAX_BYTES, CSV_MAX_ROWS, CSV_PROCESS_COLUMNS, ImportReport, RowError, csv_columns,
    csv_loss_column, csv_rating_column,
};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::roles::Permission;
use crate::state::AppState;
use crate::{with_db, with_tx};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// One process as a row of the file gives it. An outer `None` means the file
/// has no such column, so an existing process keeps what it has; an inner
/// `None` (an empty cell) clears the value.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    pub department: Option<String>,
    /// Lower-cased; resolved to a member when importing.
    pub owner_email: Option<Option<String>>,
    pub description: Option<String>,
    pub products: Option<String>,
    pub peak_periods: Option<String>,
    pub mbco: Option<String>,
    pub rto: Option<Option<i64>>,
    pub rpo: Option<Option<i64>>,
    pub wrt: Option<Option<i64>>,
    /// The rating cells the file has columns for, per category and bucket.
    pub ratings: BTreeMap<String, BTreeMap<i64, Option<u8>>>,
    /// The loss cells the file has columns for, per bucket.
    pub losses: BTreeMap<i64, Option<i64>>,
}

impl ParsedRow {
    /// The objectives once this row is applied over `base`.
    pub fn objectives_over(&self, base: Objectives) -> Objectives {
        Objectives {
            rto: self.rto.unwrap_or(base.rto),
            rpo: self.rpo.unwrap_or(base.rpo),
            wrt: self.wrt.unwrap_or(base.wrt),
        }
    }

    /// The assessment once this row's cells are applied over `base`. Cells
    /// the file has no column for are left as they are, so a file covering
    /// part of the scale does not wipe the rest.
    pub fn assessment_over(&self, base: &Assessment) -> Assessment {
        apply_cells(base, &self.ratings, &self.losses)
    }
}

fn apply_cells(
    base: &Assessment,
    ratings: &BTreeMap<String, BTreeMap<i64, Option<u8>>>,
    losses: &BTreeMap<i64, Option<i64>>,
) -> Assessment {
    let mut assessment = base.clone();
    for (key, cells) in ratings {
        for (&bucket, &rating) in cells {
            match rating {
                Some(rating) => {
                    assessment
                        .ratings
                        .entry(key.clone())
                        .or_default()
                        .insert(bucket, rating);
                }
                None => {
                    if let Some(row) = assessment.ratings.get_mut(key) {
                        row.remove(&bucket);
                        if row.is_empty() {
                            assessment.ratings.remove(key);
                        }
                    }
                }
            }
        }
    }
    for (&bucket, &loss) in losses {
        match loss {
            Some(loss) => assessment.losses.insert(bucket, loss),
            None => assessment.losses.remove(&bucket),
        };
    }
    assessment
}

/// Characters that make a spreadsheet read a cell as a formula. Text cells
/// starting with one are written behind an apostrophe so that opening an
/// export cannot run a formula someone typed into a process description.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

pub(crate) fn escape_text(value: &str) -> String {
    // A value that already starts with an apostrophe gets a second one, so
    // that reading the file back removes exactly the one added here.
    match value.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) || c == '\'' => format!("'{value}"),
        _ => value.to_string(),
    }
}

pub(crate) fn unescape_text(value: &str) -> &str {
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some('\''), Some(c)) if FORMULA_STARTS.contains(&c) || c == '\'' => &value[1..],
        _ => value,
    }
}

/// The whole BIA as CSV text, with `owner_emails` giving each owner's email
/// by user id. Only the scale's categories and buckets are written.
pub fn export(
    scale: &ImpactScale,
    processes: &[Stored],
    owner_emails: &HashMap<Uuid, String>,
) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail, and every record has the header's length.
    writer
        .write_record(csv_columns(scale))
        .expect("writing CSV to memory succeeds");
    let optional = |minutes: Option<i64>| minutes.map(duration::compact).unwrap_or_default();
    for stored in processes {
        let p = &stored.record;
        let a = &stored.assessment;
        let owner = p
            .owner_id
            .and_then(|id| owner_emails.get(&id))
            .cloned()
            .unwrap_or_default();
        let mut record = vec![
            escape_text(&p.name),
            escape_text(&p.department),
            owner,
            escape_text(&p.description),
            escape_text(&p.products),
            escape_text(&p.peak_periods),
            escape_text(&p.mbco),
            optional(p.rto),
            optional(p.rpo),
            optional(p.wrt),
        ];
        for category in &scale.categories {
            for &bucket in &scale.buckets {
                record.push(
                    a.rating(&category.key, bucket)
                        .map(|r| r.to_string())
                        .unwrap_or_default(),
                );
            }
        }
        for &bucket in &scale.buckets {
            record.push(a.loss(bucket).map(|l| l.to_string()).unwrap_or_default());
        }
        writer
            .write_record(&record)
            .expect("writing CSV to memory succeeds");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory succeeds");
    String::from_utf8(bytes).expect("CSV written from strings is UTF-8")
}

/// What a header cell names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    /// One of [`CSV_PROCESS_COLUMNS`].
    Process(&'static str),
    Rating(String, i64),
    Loss(i64),
    /// A column with an empty header: allowed (spreadsheets leave them
    /// behind) as long as every cell in it is empty.
    Unnamed,
}

fn column(scale: &ImpactScale, header: &str) -> Option<Column> {
    let header = header.trim().to_lowercase();
    if header.is_empty() {
        return Some(Column::Unnamed);
    }
    if let Some(name) = CSV_PROCESS_COLUMNS.iter().find(|c| **c == header) {
        return Some(Column::Process(name));
    }
    let (key, bucket) = header.split_once('@')?;
    // Any spelling of a bucket's length will do: `customer@1d` is `customer@24h`.
    let bucket = duration::parse(bucket)
        .ok()
        .filter(|b| scale.buckets.contains(b))?;
    let key = key.trim();
    if key == LOSS_KEY {
        return Some(Column::Loss(bucket));
    }
    scale
        .categories
        .iter()
        .find(|c| c.key.to_lowercase() == key)
        .map(|c| Column::Rating(c.key.clone(), bucket))
}

pub(crate) fn row_error(line: usize, message: impl Into<String>) -> RowError {
    RowError {
        line,
        message: message.into(),
    }
}

/// Turns the byte offsets the CSV reader gives into 1-based lines. Its own
/// line count is off by one after a CRLF line end; a line ends at `\n`,
/// `\r\n` or a lone `\r`, as for the reader. Offsets must mostly increase:
/// the count continues from the previous one.
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The line of a record starting at `byte`. The reader may put the start
    /// on the line end before the record (or on blank lines it skipped), so
    /// those are passed over first.
    fn of(&mut self, byte: u64) -> usize {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        while self.offset < start {
            match self.text[self.offset] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(self.offset + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.offset += 1;
        }
        self.line
    }
}

/// The line on which a quoted value opens and is never closed. The CSV
/// reader is lenient and would quietly read the rest of the file into that
/// one value, so this follows the same rules to find it: a quote opens a
/// value only at the start of a field, and `""` inside one is a quote.
fn unclosed_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut open: Option<usize> = None;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || (c == '\r' && chars.peek() != Some(&'\n')) {
            line += 1;
        }
        if open.is_some() {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    open = None;
                }
            }
            continue;
        }
        match c {
            '"' if field_start => {
                open = Some(line);
                field_start = false;
            }
            ',' | '\n' | '\r' => field_start = true,
            _ => field_start = false,
        }
    }
    open
}

/// A CSV file read into records, before its header is interpreted.
pub(crate) struct Read {
    /// The line of the header (1 unless blank lines come first).
    pub header_line: usize,
    pub header: ::csv::StringRecord,
    /// Every other non-blank record with its line.
    pub records: Vec<(usize, ::csv::StringRecord)>,
    /// Lines that could not be read, reported along with the rows' problems.
    pub errors: Vec<RowError>,
}

/// Reads a file's records with their lines, refusing files over
/// [`CSV_MAX_BYTES`] and over [`CSV_MAX_ROWS`] rows. `one` and `many` name
/// what a row holds ("process", "processes") in the messages. Fails only
/// when there is no header to go on; other unreadable lines are returned
/// in [`Read::errors`].
pub(crate) fn read(text: &str, one: &str, many: &str) -> Result<Read, Vec<RowError>> {
    if text.len() > CSV_MAX_BYTES {
        return Err(vec![row_error(
            1,
            format!(
                "The file is larger than {} MB. Split it and import the parts one after another.",
                CSV_MAX_BYTES / (1024 * 1024)
            ),
        )]);
    }
    // Spreadsheets saving "CSV UTF-8" start the file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        // Rows with the wrong number of values are reported with their line
        // rather than ending the read.
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = Lines::new(text);
    let mut last_skipped = false;
    for result in reader.records() {
        last_skipped = false;
        match result {
            Ok(record) => {
                // Spreadsheets often leave rows of empty cells at the end.
                if record.iter().all(|v| v.trim().is_empty()) {
                    last_skipped = true;
                    continue;
                }
                let line = record.position().map_or(1, |p| lines.of(p.byte()));
                if records.len() > CSV_MAX_ROWS {
                    return Err(vec![row_error(
                        line,
                        format!(
                            "The file has more than {} {many}. Import at most {} at a time.",
                            format_count(CSV_MAX_ROWS),
                            format_count(CSV_MAX_ROWS)
                        ),
                    )]);
                }
                records.push((line, record));
            }
            Err(error) => {
                let line = error.position().map_or(1, |p| lines.of(p.byte()));
                errors.push(row_error(line, "This line could not be read as CSV."));
            }
        }
    }
    let unclosed = unclosed_quote(text);
    if let Some(line) = unclosed {
        // The value runs to the end of the file, so the last record read is
        // the broken one; the records before it are still checked.
        if !last_skipped {
            records.pop();
        }
        errors.push(row_error(
            line,
            "A quoted value starts on this line but its closing quote is missing, so the rest of the file cannot be read.",
        ));
    }
    let mut records = records.into_iter();
    let Some((header_line, header)) = records.next() else {
        if errors.is_empty() {
            errors.push(row_error(
                1,
                format!(
                    "The file is empty. It needs a header line naming the columns, then one line per {one}."
                ),
            ));
        }
        return Err(errors);
    };
    Ok(Read {
        header_line,
        header,
        records: records.collect(),
        errors,
    })
}

/// Reads and checks a whole file against the organisation's scale. Either
/// every row is good, or every problem of every row is returned, each with
/// its line (the header is line 1).
pub fn parse(scale: &ImpactScale, text: &str) -> Result<Vec<ParsedRow>, Vec<RowError>> {
    let Read {
        header_line,
        header,
        records,
        mut errors,
    } = read(text, "process", "processes")?;
    let columns = match header_columns(scale, header_line, &header) {
        Ok(columns) => columns,
        Err(mut header_errors) => {
            header_errors.append(&mut errors);
            return Err(header_errors);
        }
    };

    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, record) in records {
        if record.len() != columns.len() {
            errors.push(row_error(
                line,
                format!(
                    "This line has {} {} but the header names {} columns.",
                    record.len(),
                    if record.len() == 1 { "value" } else { "values" },
                    columns.len()
                ),
            ));
            continue;
        }
        match parse_row(scale, &columns, line, &record) {
            Ok(row) => {
                let key = row.name.to_lowercase();
                if let Some(first) = seen.get(&key) {
                    errors.push(row_error(
                        line,
                        format!(
                            "“{}” is already on line {first}. List each process once.",
                            row.name
                        ),
                    ));
                } else {
                    seen.insert(key, line);
                    rows.push(row);
                }
            }
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

pub(crate) fn format_count(n: usize) -> String {
    crate::bia::format_money(n as i64)
}

fn header_columns(
    scale: &ImpactScale,
    line: usize,
    header: &::csv::StringRecord,
) -> Result<Vec<Column>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        match column(scale, name) {
            Some(Column::Unnamed) => columns.push(Column::Unnamed),
            Some(found) => {
                if let Some(first) = columns.iter().position(|c| *c == found) {
                    errors.push(row_error(
                        line,
                        format!(
                            "The columns “{}” and “{}” are the same column; keep one.",
                            header[first].trim(),
                            name.trim()
                        ),
                    ));
                }
                columns.push(found);
            }
            None => {
                unknown.push(format!("“{}”", name.trim()));
                // Keeps the positions of the later columns right for the
                // duplicate message above.
                columns.push(Column::Unnamed);
            }
        }
    }
    if !unknown.is_empty() {
        errors.push(row_error(
            line,
            format!(
                "Unknown {}: {}. Ratings are named category@bucket and losses loss@bucket, using this organisation's impact scale (e.g. {}).",
                if unknown.len() == 1 { "column" } else { "columns" },
                unknown.join(", "),
                example_columns(scale)
            ),
        ));
    }
    if !columns.contains(&Column::Process("name")) {
        errors.push(row_error(
            line,
            "The header has no “name” column; every row needs the process's name.",
        ));
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn example_columns(scale: &ImpactScale) -> String {
    let bucket = scale.buckets.first().copied().unwrap_or(duration::HOUR);
    let category = scale
        .categories
        .first()
        .map(|c| c.key.as_str())
        .unwrap_or("customer");
    format!(
        "{}, {}",
        csv_rating_column(category, bucket),
        csv_loss_column(bucket)
    )
}

fn parse_row(
    scale: &ImpactScale,
    columns: &[Column],
    line: usize,
    record: &::csv::StringRecord,
) -> Result<ParsedRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut text: HashMap<&'static str, &str> = HashMap::new();
    let mut ratings: BTreeMap<String, BTreeMap<i64, Option<u8>>> = BTreeMap::new();
    let mut losses: BTreeMap<i64, Option<i64>> = BTreeMap::new();
    let mut cells_ok = true;
    for (i, (column, value)) in columns.iter().zip(record.iter()).enumerate() {
        let value = value.trim();
        match column {
            Column::Process(name) => {
                text.insert(name, value);
            }
            Column::Unnamed => {
                if !value.is_empty() {
                    errors.push(row_error(
                        line,
                        format!(
                            "Column {} has no name in the header, so its value “{value}” cannot be imported.",
                            i + 1
                        ),
                    ));
                }
            }
            Column::Rating(key, bucket) => {
                let rating = if value.is_empty() {
                    None
                } else {
                    match value.parse::<u8>() {
                        Ok(r) if (1..=crate::bia::scale::LEVELS).contains(&r) => Some(r),
                        _ => {
                            cells_ok = false;
                            errors.push(row_error(
                                line,
                                format!(
                                    "{}: “{value}” is not a rating. Use a whole number from 1 to 5, or leave it empty.",
                                    csv_rating_column(key, *bucket)
                                ),
                            ));
                            continue;
                        }
                    }
                };
                ratings
                    .entry(key.clone())
                    .or_default()
                    .insert(*bucket, rating);
            }
            Column::Loss(bucket) => {
                let loss = if value.is_empty() {
                    None
                } else {
                    match value.parse::<i64>() {
                        Ok(l) if l >= 0 => Some(l),
                        _ => {
                            cells_ok = false;
                            errors.push(row_error(
                                line,
                                format!(
                                    "{}: “{value}” is not an amount. Enter the loss as a whole number of {} without separators, or leave it empty.",
                                    csv_loss_column(*bucket),
                                    scale.currency
                                ),
                            ));
                            continue;
                        }
                    }
                };
                losses.insert(*bucket, loss);
            }
        }
    }
    let cell = |name: &str| text.get(name).map(|v| unescape_text(v));

    // The same checks and limits as the process form.
    let fields = crate::bia::process_fields(
        cell("name").unwrap_or_default(),
        cell("department").unwrap_or_default(),
        "",
        cell("description").unwrap_or_default(),
        cell("products").unwrap_or_default(),
        cell("peak_periods").unwrap_or_default(),
        cell("mbco").unwrap_or_default(),
    );
    let fields = match fields {
        Ok(fields) => Some(fields),
        Err(AppError::Validation(problems)) => {
            for problem in problems {
                errors.push(row_error(
                    line,
                    format!("{}: {}", problem.field, problem.message),
                ));
            }
            None
        }
        Err(other) => {
            errors.push(row_error(line, other.to_string()));
            None
        }
    };
    let owner_email = match text.get("owner_email").copied() {
        None => None,
        Some("") => Some(None),
        Some(v) => match crate::validate::email(v) {
            Ok(email) => Some(Some(email)),
            Err(message) => {
                errors.push(row_error(line, format!("owner_email: {message}")));
                None
            }
        },
    };
    let mut objective = |name: &'static str| -> Option<Option<i64>> {
        let value = text.get(name)?;
        match duration::parse_optional(value) {
            Ok(minutes) => Some(minutes),
            Err(message) => {
                errors.push(row_error(line, format!("{name}: {message}")));
                None
            }
        }
    };
    let (rto, rpo, wrt) = (objective("rto"), objective("rpo"), objective("wrt"));

    if cells_ok {
        let assessment = apply_cells(&Assessment::default(), &ratings, &losses);
        for problem in derive::check(scale, &assessment) {
            errors.push(row_error(line, problem.message));
        }
        // Cells the file leaves out can only bring the MTPD forward, so an
        // RTO that misses the MTPD of this row's own cells misses it anyway.
        if let Some(Some(rto)) = rto {
            let objectives = Objectives {
                rto: Some(rto),
                ..Objectives::default()
            };
            if let Some(message) = derive::derive(scale, &assessment, objectives).rto_error {
                errors.push(row_error(line, format!("rto: {message}")));
            }
        }
    }
    let fields = match fields {
        Some(fields) if errors.is_empty() => fields,
        _ => return Err(errors),
    };
    let present = |name: &str, value: String| text.contains_key(name).then_some(value);
    Ok(ParsedRow {
        line,
        name: fields.name,
        department: present("department", fields.department),
        owner_email,
        description: present("description", fields.description),
        products: present("products", fields.products),
        peak_periods: present("peak_periods", fields.peak_periods),
        mbco: present("mbco", fields.mbco),
        rto,
        rpo,
        wrt,
        ratings,
        losses,
    })
}

/// Members' emails by user id, for the owner column.
pub async fn member_emails(db: &Db, org_id: Uuid) -> Result<HashMap<Uuid, String>, sqlx::Error> {
    let rows: Vec<(Uuid, String)> = with_db!(db, pool => sqlx::query_as(
        "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(pool)
    .await)?;
    Ok(rows.into_iter().collect())
}

/// Members' user ids by lower-cased email, read inside the import's transaction.
pub(crate) async fn members_by_email(
    tx: &mut Tx,
    org_id: Uuid,
) -> Result<HashMap<String, Uuid>, AppError> {
    let rows: Vec<(Uuid, String)> = with_tx!(tx, conn => sqlx::query_as(
        "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, email)| (email.to_lowercase(), id))
        .collect())
}

/// A row resolved against the database, ready to write.
struct Planned {
    line: usize,
    existing: Option<Stored>,
    fields: ProcessFields,
    objectives: Objectives,
    assessment: Assessment,
}

/// Creates the processes the rows name that do not exist yet (by name, in
/// any case) and updates the others, through the same functions as the
/// forms so that every change is audited. Everything is checked before
/// anything is written: when a row fails, the report lists every failing
/// row and nothing is written, and the caller must not commit. `updated`
/// counts only processes the file actually changed.
pub async fn import(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    scale: &ImpactScale,
    rows: Vec<ParsedRow>,
) -> Result<ImportReport, AppError> {
    let members = members_by_email(tx, org_id).await?;
    let mut errors = Vec::new();
    let mut planned = Vec::new();
    for row in rows {
        let existing = processes::find_by_name(tx, org_id, &row.name).await?;
        let base = existing.as_ref().map(|s| &s.record);
        let failed_before = errors.len();
        let owner_id = match &row.owner_email {
            None => base.and_then(|p| p.owner_id),
            Some(None) => None,
            Some(Some(email)) => {
                let id = members.get(email).copied();
                if id.is_none() {
                    errors.push(row_error(
                        row.line,
                        format!("owner_email: {email} is not a member of this organisation."),
                    ));
                }
                id
            }
        };
        let keep = |new: &Option<String>, old: Option<&String>| {
            new.clone().or_else(|| old.cloned()).unwrap_or_default()
        };
        let fields = ProcessFields {
            name: row.name.clone(),
            department: keep(&row.department, base.map(|p| &p.department)),
            owner_id,
            description: keep(&row.description, base.map(|p| &p.description)),
            products: keep(&row.products, base.map(|p| &p.products)),
            peak_periods: keep(&row.peak_periods, base.map(|p| &p.peak_periods)),
            mbco: keep(&row.mbco, base.map(|p| &p.mbco)),
        };
        let objectives = row.objectives_over(
            existing
                .as_ref()
                .map(Stored::objectives)
                .unwrap_or_default(),
        );
        let assessment = row.assessment_over(
            &existing
                .as_ref()
                .map(|s| s.assessment.clone())
                .unwrap_or_default(),
        );
        // Parsing checked the row's own cells; merged with what is stored
        // they must still hold together.
        for problem in derive::check(scale, &assessment) {
            errors.push(row_error(row.line, problem.message));
        }
        if let Some(message) = derive::derive(scale, &assessment, objectives).rto_error {
            errors.push(row_error(row.line, format!("rto: {message}")));
        }
        if errors.len() > failed_before {
            continue;
        }
        planned.push(Planned {
            line: row.line,
            existing,
            fields,
            objectives,
            assessment,
        });
    }
    if !errors.is_empty() {
        return Ok(ImportReport {
            created: 0,
            updated: 0,
            errors,
        });
    }

    let (mut created, mut updated) = (0, 0);
    let context = |line: usize| serde_json::json!({ "source": "csv", "line": line });
    for plan in planned {
        match plan.existing {
            None => {
                let id = processes::create(tx, org_id, actor, &plan.fields).await?;
                processes::set_objectives(tx, org_id, actor, id, plan.objectives).await?;
                processes::set_assessment(
                    tx,
                    org_id,
                    actor,
                    id,
                    &plan.assessment,
                    "bia.assessment.imported",
                    context(plan.line),
                )
                .await?;
                created += 1;
            }
            Some(stored) => {
                let id = stored.record.id;
                let p = &stored.record;
                let current = ProcessFields {
                    name: p.name.clone(),
                    department: p.department.clone(),
                    owner_id: p.owner_id,
                    description: p.description.clone(),
                    products: p.products.clone(),
                    peak_periods: p.peak_periods.clone(),
                    mbco: p.mbco.clone(),
                };
                let changed = current != plan.fields
                    || stored.objectives() != plan.objectives
                    || stored.assessment != plan.assessment;
                if !changed {
                    continue;
                }
                // Unchanged parts are skipped so that they keep their
                // timestamp and leave no audit entry.
                if current != plan.fields {
                    processes::update(tx, org_id, actor, id, &plan.fields).await?;
                }
                processes::set_objectives(tx, org_id, actor, id, plan.objectives).await?;
                processes::set_assessment(
                    tx,
                    org_id,
                    actor,
                    id,
                    &plan.assessment,
                    "bia.assessment.imported",
                    context(plan.line),
                )
                .await?;
                updated += 1;
            }
        }
    }
    Ok(ImportReport {
        created,
        updated,
        errors: Vec::new(),
    })
}

/// `GET /bia/export.csv`: the organisation's processes as a download.
pub async fn export_handler(
    state: AppState,
    session: tower_sessions::Session,
) -> axum::response::Response {
    download("bia-processes.csv", export_for(state, &session).await)
}

/// A CSV export as a download, or the error that prevented it.
pub(crate) fn download(filename: &str, body: Result<String, AppError>) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;

    match body {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{filename}\""),
                ),
                // The file holds the organisation's data; no cache may keep it.
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(error) => (
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            error.to_string(),
        )
            .into_response(),
    }
}

async fn export_for(
    state: AppState,
    session: &tower_sessions::Session,
) -> Result<String, AppError> {
    let caller =
        crate::auth::ssr::authorize_session(state, session, Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let (scale, _) = super::review::load(db, caller.org_id).await?;
    let stored = processes::list(db, caller.org_id).await?;
    let emails = member_emails(db, caller.org_id).await?;
    Ok(export(&scale, &stored, &emails))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bia::ProcessRecord;
    use crate::bia::duration::{DAY, HOUR, WEEK};
    use chrono::Utc;

    fn stored(name: &str, owner: Option<Uuid>) -> Stored {
        Stored {
            record: ProcessRecord {
                id: Uuid::new_v4(),
                name: name.into(),
                department: "Finance".into(),
                owner_id: owner,
                owner: None,
                description: "Pays staff, \"on time\",\nevery month.".into(),
                products: "Salaries".into(),
                peak_periods: "- month end".into(),
                mbco: "Pay everyone by the 28th".into(),
                rto: Some(4 * HOUR),
                rpo: Some(30),
                wrt: Some(DAY),
                updated_at: Utc::now(),
            },
            assessment: Assessment::default(),
        }
    }

    /// The header of the default scale, then `rows` (each without a line end).
    fn file(header: &str, rows: &[&str]) -> String {
        let mut text = format!("{header}\n");
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        text
    }

    fn lines(errors: &[RowError]) -> Vec<usize> {
        errors.iter().map(|e| e.line).collect()
    }

    #[test]
    fn export_then_parse_gives_the_same_processes() {
        let scale = ImpactScale::default();
        let owner = Uuid::new_v4();
        let mut payroll = stored("Payroll", Some(owner));
        payroll
            .assessment
            .ratings
            .insert("financial".into(), [(HOUR, 1), (DAY, 3), (WEEK, 5)].into());
        payroll
            .assessment
            .ratings
            .insert("customer".into(), [(4 * HOUR, 2), (2 * DAY, 4)].into());
        payroll.assessment.losses = [(HOUR, 0), (DAY, 12_000), (30 * DAY, 90_000)].into();
        // A name a spreadsheet would run as a formula, and one with a comma.
        let mut formula = stored("=HYPERLINK(\"x\")", None);
        formula.record.rto = None;
        formula.record.rpo = None;
        formula.record.wrt = None;
        let quoted = stored("'Quoted, with comma", None);
        let emails = HashMap::from([(owner, "ada@example.com".to_string())]);

        let text = export(
            &scale,
            &[payroll.clone(), formula.clone(), quoted.clone()],
            &emails,
        );
        assert!(text.starts_with("name,department,owner_email,"));
        assert!(text.contains("'=HYPERLINK"));
        let rows = parse(&scale, &text).expect("an export reads back");
        assert_eq!(rows.len(), 3);

        let row = &rows[0];
        assert_eq!(row.line, 2);
        assert_eq!(row.name, "Payroll");
        assert_eq!(row.department.as_deref(), Some("Finance"));
        assert_eq!(row.owner_email, Some(Some("ada@example.com".into())));
        assert_eq!(
            row.description.as_deref(),
            Some(payroll.record.description.as_str())
        );
        assert_eq!(row.peak_periods.as_deref(), Some("- month end"));
        assert_eq!(row.rto, Some(Some(4 * HOUR)));
        assert_eq!(row.rpo, Some(Some(30)));
        assert_eq!(row.wrt, Some(Some(DAY)));
        assert_eq!(
            row.assessment_over(&Assessment::default()),
            payroll.assessment
        );
        assert_eq!(
            row.objectives_over(Objectives::default()),
            payroll.objectives()
        );
        // The description spans two lines, so the next process starts on line 4.
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].name, formula.record.name);
        assert_eq!(rows[1].owner_email, Some(None));
        assert_eq!(rows[1].rto, Some(None));
        assert!(rows[1].assessment_over(&Assessment::default()).is_empty());
        assert_eq!(rows[2].name, quoted.record.name);
    }

    #[test]
    fn a_falling_rating_is_refused_with_its_line() {
        let scale = ImpactScale::default();
        let text = file(
            "name,customer@1h,customer@4h,loss@1h,loss@4h",
            &["Payroll,2,3,100,200", "Billing,4,2,,", "Sales,1,1,500,400"],
        );
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [3, 4]);
        assert!(
            errors[0]
                .message
                .contains("drops from 4 at 1 h to 2 at 4 h")
        );
        assert!(errors[1].message.contains("falls from 500"));
    }

    #[test]
    fn a_bad_duration_is_refused_with_its_column_and_line() {
        let scale = ImpactScale::default();
        let text = file("name,rto,rpo", &["Payroll,4h,1h", "Billing,soon,2 parsecs"]);
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [3, 3]);
        assert!(
            errors[0]
                .message
                .starts_with("rto: “soon” is not a duration")
        );
        assert!(errors[1].message.starts_with("rpo: Unknown unit"));
    }

    #[test]
    fn unknown_columns_are_named_on_line_one() {
        let scale = ImpactScale::default();
        let text = file("name,colour,customer@5h,weather@1h", &["Payroll,red,,"]);
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [1]);
        let message = &errors[0].message;
        assert!(message.starts_with("Unknown columns:"), "{message}");
        for name in ["“colour”", "“customer@5h”", "“weather@1h”"] {
            assert!(message.contains(name), "{message}");
        }
    }

    #[test]
    fn the_name_column_is_required_and_columns_may_come_in_any_order() {
        let scale = ImpactScale::default();
        let errors = parse(&scale, &file("department", &["Finance"])).unwrap_err();
        assert_eq!(lines(&errors), [1]);
        assert!(errors[0].message.contains("no “name” column"));

        let rows = parse(&scale, &file(" RTO ,Customer@1d,name", &["2h,3,Payroll"])).unwrap();
        assert_eq!(rows[0].name, "Payroll");
        assert_eq!(rows[0].rto, Some(Some(2 * HOUR)));
        assert_eq!(rows[0].ratings["customer"][&DAY], Some(3));
        // Columns the file leaves out are not touched.
        assert_eq!(rows[0].department, None);
        assert_eq!(rows[0].owner_email, None);
        assert_eq!(rows[0].rpo, None);
    }

    #[test]
    fn the_same_column_twice_is_refused() {
        let scale = ImpactScale::default();
        let errors = parse(&scale, &file("name,customer@24h,customer@1d", &[])).unwrap_err();
        assert_eq!(lines(&errors), [1]);
        assert!(
            errors[0]
                .message
                .contains("“customer@24h” and “customer@1d”")
        );
    }

    #[test]
    fn an_unclosed_quote_is_reported_without_losing_the_rows_before_it() {
        let scale = ImpactScale::default();
        let text = file(
            "name,department,rto",
            &[
                "Payroll,Finance,soon",
                "Billing,\"Finance,4h",
                "Sales,Sales,1h",
            ],
        );
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [2, 3]);
        assert!(errors[1].message.contains("closing quote is missing"));

        // A broken value of blanks still leaves the row before it checked.
        let errors = parse(&scale, "name,rto\nPayroll,soon\n,\"  \n").unwrap_err();
        assert_eq!(lines(&errors), [2, 3]);

        let errors = parse(&scale, "name,\"department\n").unwrap_err();
        assert_eq!(lines(&errors), [1]);
        assert!(errors[0].message.contains("closing quote is missing"));
    }

    #[test]
    fn lines_are_counted_for_every_kind_of_line_end() {
        let scale = ImpactScale::default();
        for text in [
            "name\nA\n\nB,x\n",
            "name\r\nA\r\n\r\nB,x\r\n",
            "name\rA\r\rB,x\r",
        ] {
            let errors = parse(&scale, text).unwrap_err();
            assert_eq!(lines(&errors), [4], "{text:?}");
        }
        let errors = parse(&scale, "name,department\r\nP,\"A\r\nB\"\r\nC,x,y\r\n").unwrap_err();
        assert_eq!(lines(&errors), [4]);
    }

    #[test]
    fn quotes_inside_values_are_not_unclosed_quotes() {
        assert_eq!(unclosed_quote("a,\"b \"\"c\"\"\",d\n"), None);
        assert_eq!(unclosed_quote("a,5\" floppy,d\n"), None);
        assert_eq!(unclosed_quote("a,\"multi\nline\"\nb,\"open\n"), Some(3));
    }

    #[test]
    fn a_wrong_number_of_values_is_a_row_error() {
        let scale = ImpactScale::default();
        let text = file("name,department", &["Payroll", "Billing,Finance,extra"]);
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [2, 3]);
        assert!(
            errors[0]
                .message
                .contains("has 1 value but the header names 2")
        );
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read() {
        let scale = ImpactScale::default();
        let text = "\u{feff}name,department,rto\r\nPayroll,Finance,4h\r\n\r\nBilling,Finance,\r\n";
        let rows = parse(&scale, text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Payroll");
        assert_eq!(rows[0].rto, Some(Some(4 * HOUR)));
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].department.as_deref(), Some("Finance"));
        let errors = parse(&scale, "\u{feff}name,rto\r\nPayroll,4h,x\r\nBilling,\r\n").unwrap_err();
        assert_eq!(lines(&errors), [2]);
        let csv = "\u{feff}name,department,owner_email,rto,customer@4h,customer@24h,loss@24h\r\nPayroll,Finance,owner@example.com,,,,,2h,2,4,5000\r\nBilling,,,,,,\r\n";
        let errors = parse(&scale, csv).unwrap_err();
        assert_eq!(lines(&errors), [2]);
    }

    #[test]
    fn duplicate_names_are_refused_whatever_their_case() {
        let scale = ImpactScale::default();
        let text = file("name", &["Payroll", "Billing", " payroll "]);
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [4]);
        assert!(errors[0].message.contains("already on line 2"));
    }

    #[test]
    fn every_problem_of_every_row_is_reported() {
        let scale = ImpactScale::default();
        let long = "x".repeat(101);
        let text = file(
            "name,department,owner_email,customer@1h,loss@1h,rto",
            &[
                ",Finance,,,,",
                &format!("Billing,{long},not-an-email,6,-5,"),
                "Sales,,,two,1.5,",
                "Fine,,,,,",
                "Support,,,,,1h,",
            ],
        );
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [2, 3, 3, 3, 3, 4, 4, 6]);
        assert!(
            errors[0]
                .message
                .starts_with("name: Enter the process's name")
        );
        let third: Vec<&str> = errors[1..5].iter().map(|e| e.message.as_str()).collect();
        assert!(
            third
                .iter()
                .any(|m| m.starts_with("customer@1h: “6” is not a rating"))
        );
        assert!(
            third
                .iter()
                .any(|m| m.starts_with("loss@1h: “-5” is not an amount"))
        );
        assert!(third.iter().any(|m| m.starts_with("department: Keep")));
        assert!(third.iter().any(|m| m.starts_with("owner_email:")));
    }

    #[test]
    fn an_rto_beyond_the_rows_own_mtpd_is_refused() {
        let scale = ImpactScale::default();
        let text = file("name,customer@4h,rto", &["Payroll,4,4h", "Billing,4,1h"]);
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [2]);
        assert!(
            errors[0]
                .message
                .starts_with("rto: The RTO of 4 h is not shorter")
        );
    }

    #[test]
    fn oversized_files_are_refused() {
        let scale = ImpactScale::default();
        let big = "x".repeat(CSV_MAX_BYTES + 1);
        let errors = parse(&scale, &big).unwrap_err();
        assert!(errors[0].message.contains("larger than 2 MB"));

        let mut text = String::from("name\n");
        for i in 0..=CSV_MAX_ROWS {
            text.push_str(&format!("P{i}\n"));
        }
        let errors = parse(&scale, &text).unwrap_err();
        assert_eq!(lines(&errors), [CSV_MAX_ROWS + 2]);
        assert!(errors[0].message.contains("more than 5,000 processes"));
        // Exactly the limit is fine.
        let at_limit: String = text
            .lines()
            .take(CSV_MAX_ROWS + 1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(parse(&scale, &at_limit).unwrap().len(), CSV_MAX_ROWS);
    }

    #[test]
    fn an_empty_file_needs_a_header() {
        let scale = ImpactScale::default();
        for text in ["", "\u{feff}", "\n\n", ",,\n"] {
            let errors = parse(&scale, text).unwrap_err();
            assert_eq!(lines(&errors), [1], "{text:?}");
            assert!(errors[0].message.contains("empty"));
        }
    }

    #[test]
    fn unnamed_columns_may_only_be_empty() {
        let scale = ImpactScale::default();
        assert!(parse(&scale, &file("name,,", &["Payroll,,"])).is_ok());
        let errors = parse(&scale, &file("name,,", &["Payroll,,oops"])).unwrap_err();
        assert_eq!(lines(&errors), [2]);
        assert!(errors[0].message.contains("Column 3 has no name"));
    }

    #[test]
    fn a_row_changes_only_the_cells_it_has_columns_for() {
        let scale = ImpactScale::default();
        let rows = parse(
            &scale,
            &file("name,customer@1h,customer@4h,loss@1h", &["P,2,,"]),
        )
        .unwrap();
        let mut base = Assessment::default();
        base.ratings.insert(
            "customer".into(),
            [(HOUR, 1), (4 * HOUR, 3), (DAY, 4)].into(),
        );
        base.ratings.insert("legal".into(), [(HOUR, 1)].into());
        base.losses = [(HOUR, 10), (DAY, 20)].into();
        let merged = rows[0].assessment_over(&base);
        assert_eq!(merged.ratings["customer"], [(HOUR, 2), (DAY, 4)].into());
        assert_eq!(merged.ratings["legal"], base.ratings["legal"]);
        assert_eq!(merged.losses, [(DAY, 20)].into());

        // Clearing the only rating of a category leaves no empty row behind.
        let rows = parse(&scale, &file("name,legal@1h", &["P,"])).unwrap();
        assert!(!rows[0].assessment_over(&base).ratings.contains_key("legal"));
    }

    #[test]
    fn formula_escapes_read_back_exactly() {
        for value in [
            "=1+1", "+44 20", "-", "@home", "'", "'=x", "''", "plain", "",
        ] {
            assert_eq!(unescape_text(&escape_text(value)), value, "{value:?}");
        }
        assert_eq!(escape_text("=1+1"), "'=1+1");
        assert_eq!(unescape_text("'plain"), "'plain");
    }

    mod import {
        use super::*;
        use crate::db::{ConnectOptions, connect};

        struct Setup {
            db: Db,
            org_id: Uuid,
            actor: Actor,
            path: std::path::PathBuf,
        }

        impl Drop for Setup {
            fn drop(&mut self) {
                for suffix in ["", "-wal", "-shm"] {
                    let mut path = self.path.clone().into_os_string();
                    path.push(suffix);
                    let _ = std::fs::remove_file(path);
                }
            }
        }

        async fn setup() -> Setup {
            let path = std::env::temp_dir().join(format!("seawall-csv-{}.db", Uuid::new_v4()));
            let db = connect(&ConnectOptions {
                url: path.display().to_string(),
                max_connections: 1,
            })
            .await
            .unwrap();
            let (org_id, user_id) = (Uuid::new_v4(), Uuid::new_v4());
            let now = Utc::now();
            let Db::Sqlite(pool) = &db else {
                unreachable!("a file path opens SQLite")
            };
            sqlx::query("INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, 'ada@example.com', 'Ada', 'x', $2)")
                .bind(user_id)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO organisations (id, name, created_at) VALUES ($1, 'Acme', $2)")
                .bind(org_id)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO memberships (org_id, user_id, role, created_at) VALUES ($1, $2, 'editor', $3)")
                .bind(org_id)
                .bind(user_id)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            Setup {
                db,
                org_id,
                actor: Actor {
                    id: user_id,
                    email: "ada@example.com".into(),
                },
                path,
            }
        }

        async fn run(setup: &Setup, text: &str) -> ImportReport {
            let scale = ImpactScale::default();
            let rows = parse(&scale, text).expect("the file parses");
            let mut tx = setup.db.begin().await.unwrap();
            let report = import(&mut tx, setup.org_id, &setup.actor, &scale, rows)
                .await
                .unwrap();
            if report.errors.is_empty() {
                tx.commit().await.unwrap();
            }
            report
        }

        #[tokio::test]
        async fn creates_then_updates_by_name_and_writes_nothing_when_a_row_fails() {
            let setup = setup().await;
            let report = run(
                &setup,
                &file(
                    "name,department,owner_email,rto,customer@4h,customer@24h,loss@24h",
                    &[
                        "Payroll,Finance,ADA@example.com,2h,2,4,5000",
                        "Billing,Finance,,,,,",
                    ],
                ),
            )
            .await;
            assert_eq!((report.created, report.updated), (2, 0));
            assert!(report.errors.is_empty());
            let stored = processes::list(&setup.db, setup.org_id).await.unwrap();
            let payroll = stored.iter().find(|p| p.record.name == "Payroll").unwrap();
            assert_eq!(payroll.record.owner_id, Some(setup.actor.id));
            assert_eq!(payroll.record.rto, Some(2 * HOUR));
            assert_eq!(payroll.assessment.rating("customer", DAY), Some(4));
            assert_eq!(payroll.assessment.loss(DAY), Some(5000));

            // Re-importing the export changes nothing.
            let emails = member_emails(&setup.db, setup.org_id).await.unwrap();
            let exported = export(&ImpactScale::default(), &stored, &emails);
            let report = run(&setup, &exported).await;
            assert_eq!((report.created, report.updated), (0, 0));

            // Matched ignoring case; columns left out keep their values.
            let report = run(&setup, &file("name,rpo", &["payroll,1h", "Sales,"])).await;
            assert_eq!((report.created, report.updated), (1, 1));
            let stored = processes::list(&setup.db, setup.org_id).await.unwrap();
            let payroll = stored.iter().find(|p| p.record.name == "payroll").unwrap();
            assert_eq!(payroll.record.department, "Finance");
            assert_eq!(payroll.record.owner_id, Some(setup.actor.id));
            assert_eq!(
                (payroll.record.rto, payroll.record.rpo),
                (Some(2 * HOUR), Some(HOUR))
            );
            assert_eq!(payroll.assessment.rating("customer", DAY), Some(4));

            // An unknown owner, and an RTO that only misses the MTPD once the
            // stored ratings are counted: both reported, nothing written.
            let report = run(
                &setup,
                &file(
                    "name,owner_email,rto",
                    &["New one,,", "Billing,grace@example.com,", "Payroll,,1d"],
                ),
            )
            .await;
            assert_eq!((report.created, report.updated), (0, 0));
            assert_eq!(lines(&report.errors), [3, 4]);
            assert!(
                report.errors[0]
                    .message
                    .contains("grace@example.com is not a member")
            );
            assert!(report.errors[1].message.starts_with("rto: The RTO of 24 h"));
            let after = processes::list(&setup.db, setup.org_id).await.unwrap();
            assert_eq!(after.len(), 3);
            assert!(after.iter().all(|p| p.record.name != "New one"));
        }
    }
}
