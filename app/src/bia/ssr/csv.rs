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

fn escape_text(value: &str) -> String {
    // A value that already starts with an apostrophe gets a second one, so
    // that reading the file back removes exactly the one added here.
    match value.chars().next() {
        Some(c) if FORMULA_STARTS.contains(&c) || c == '\'' => format!("'{value}"),
        _ => value.to_string(),
    }
}

fn unescape_text(value: &str) -> &str {
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

fn row_error(line: usize, message: impl Into<String>) -> RowError {
    RowError {
        line,
        message: message.into(),
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
        if c == '\n' {
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

/// Reads and checks a whole file against the organisation's scale. Either
/// every row is good, or every problem of every row is returned, each with
/// its line (the header is line 1).
pub fn parse(scale: &ImpactScale, text: &str) -> Result<Vec<ParsedRow>, Vec<RowError>> {
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
    for result in reader.records() {
        match result {
            Ok(record) => {
                // Spreadsheets often leave rows of empty cells at the end.
                if record.iter().all(|v| v.trim().is_empty()) {
                    continue;
                }
                let line = record.position().map_or(1, |p| p.line() as usize);
                if records.len() > CSV_MAX_ROWS {
                    return Err(vec![row_error(
                        line,
                        format!(
                            "The file has more than {} processes. Import at most {} at a time.",
                            format_count(CSV_MAX_ROWS),
                            format_count(CSV_MAX_ROWS)
                        ),
                    )]);
                }
                records.push((line, record));
            }
            Err(error) => {
                let line = error.position().map_or(1, |p| p.line() as usize);
                errors.push(row_error(line, "This line could not be read as CSV."));
            }
        }
    }
    let unclosed = unclosed_quote(text);
    if let Some(line) = unclosed {
        // The value runs to the end of the file, so the last record read is
        // the broken one; the records before it are still checked.
        records.pop();
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
                "The file is empty. It needs a header line naming the columns, then one line per process.",
            ));
        }
        return Err(errors);
    };
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
                    "This line has {} values but the header names {} columns.",
                    record.len(),
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

fn format_count(n: usize) -> String {
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
    let owner_email = match text.get("owner_email") {
        None => None,
        Some(v) if v.is_empty() => Some(None),
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
async fn members_by_email(tx: &mut Tx, org_id: Uuid) -> Result<HashMap<String, Uuid>, AppError> {
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
        let owner_id = match &row.owner_email {
            None => base.and_then(|p| p.owner_id),
            Some(None) => None,
            Some(Some(email)) => match members.get(email) {
                Some(id) => Some(*id),
                None => {
                    errors.push(row_error(
                        row.line,
                        format!("owner_email: {email} is not a member of this organisation."),
                    ));
                    continue;
                }
            },
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
        let problems = derive::check(scale, &assessment);
        let rto_error = derive::derive(scale, &assessment, objectives).rto_error;
        if !problems.is_empty() || rto_error.is_some() {
            errors.extend(problems.into_iter().map(|p| row_error(row.line, p.message)));
            errors.extend(rto_error.map(|m| row_error(row.line, format!("rto: {m}"))));
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
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;

    match export_for(state, &session).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"bia-processes.csv\"",
                ),
                // The file holds the organisation's data; no cache may keep it.
                (header::CACHE_CONTROL, "no-store"),
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
