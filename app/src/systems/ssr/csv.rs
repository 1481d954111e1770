//! Systems as one CSV row each, for editing the inventory and its DR design
//! in a spreadsheet: export, parse (every problem reported with its line
//! and column) and import (all rows or none).
//!
//! The columns are [`SYSTEM_CSV_COLUMNS`]. Durations are written compactly
//! (`15m`, `4h`, `1w`), choices by key (`on_premises`, `async`), dates as
//! `YYYY-MM-DD`, sites by name and the owner by email.
//!
//! `backup_copies` holds every copy as `label | media | location | offsite |
//! offline` (media by key, the flags `yes` or `no`), copies separated by
//! `;`. `depends_on` names the systems this one depends on, separated by
//! `;`. Inside a label, location or name, `\;`, `\|` and `\\` stand for the
//! character itself, so any name survives the trip.
//!
//! As in the BIA's file, only `name` is required and columns may come in
//! any order: a column left out keeps what is stored, an empty cell clears
//! the value (a choice column left empty keeps what is stored, or the
//! default for a new system).

use crate::audit::ssr::{Actor, Change, record};
use crate::bia::duration;
use crate::bia::rollup::NodeKind;
use crate::bia::ssr::csv::{
    Read, escape_text, format_count, member_emails, members_by_email, read, row_error,
    unescape_text,
};
use crate::bia::ssr::graph;
use crate::bia::ssr::resources::{self, ResourceFields};
use crate::bia::{ImportReport, ResourceRecord, RowError};
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::roles::Permission;
use crate::state::AppState;
use crate::systems::design::{BackupCopy, Media, PartialKind, Replication};
use crate::systems::profile::{Component, DataClass, Environment, Hosting};
use crate::systems::ssr::store::{self, CopyFields, StoredProfile};
use crate::systems::tiers;
use crate::systems::{COPY_PART_SEPARATOR, COPY_SEPARATOR, CSV_ESCAPE, SYSTEM_CSV_COLUMNS};
use crate::{validate, with_tx};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A system can have at most this many backup copies (as on its page).
const MAX_COPIES: usize = 20;

/// One system as a row of the file gives it. An outer `None` means the file
/// has no such column (or, for a choice, an empty cell), so an existing
/// system keeps what it has; an inner `None` (an empty cell) clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedSystem {
    /// The row's line in the file (the header is line 1).
    pub line: usize,
    pub name: String,
    /// Lower-cased; resolved to a member when importing.
    pub owner_email: Option<Option<String>>,
    pub component: Option<Component>,
    pub environment: Option<Environment>,
    pub hosting: Option<Hosting>,
    pub provider: Option<String>,
    pub region: Option<String>,
    pub data_class: Option<DataClass>,
    pub target_rto: Option<Option<i64>>,
    pub target_rpo: Option<Option<i64>>,
    pub tier: Option<Option<u8>>,
    pub tier_reason: Option<String>,
    /// Site names; resolved to sites when importing.
    pub primary_site: Option<Option<String>>,
    pub recovery_site: Option<Option<String>>,
    pub replication: Option<Replication>,
    pub replication_lag: Option<Option<i64>>,
    pub full_every: Option<Option<i64>>,
    pub partial_kind: Option<PartialKind>,
    pub partial_every: Option<Option<i64>>,
    pub retention_days: Option<Option<i64>>,
    pub archive_days: Option<Option<i64>>,
    pub restore_tested_on: Option<Option<NaiveDate>>,
    pub restore_minutes: Option<Option<i64>>,
    pub restore_errors: Option<Option<i64>>,
    pub copies: Option<Vec<CopyFields>>,
    /// Names of systems, in the file or already in the inventory.
    pub depends_on: Option<Vec<String>>,
    pub notes: Option<String>,
}

// ---------------------------------------------------------------------------
// The cells that hold lists.

/// Splits a cell on unescaped `entry` separators and, within each entry, on
/// unescaped `part` separators, dropping the escapes. Parts are trimmed and
/// entries whose parts are all empty are left out. A backslash before any
/// other character, or at the very end, stands for itself.
fn split_escaped(cell: &str, entry: char, part: Option<char>) -> Vec<Vec<String>> {
    let mut entries = Vec::new();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if c == CSV_ESCAPE {
            match chars.peek() {
                Some(&next) if next == CSV_ESCAPE || next == entry || Some(next) == part => {
                    current.push(next);
                    chars.next();
                }
                _ => current.push(c),
            }
        } else if c == entry {
            parts.push(std::mem::take(&mut current));
            entries.push(std::mem::take(&mut parts));
        } else if Some(c) == part {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    entries.push(parts);
    entries
        .into_iter()
        .map(|parts| {
            parts
                .into_iter()
                .map(|p| p.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|parts| parts.iter().any(|p| !p.is_empty()))
        .collect()
}

fn escape_list_item(value: &str, part: Option<char>) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c == CSV_ESCAPE || c == COPY_SEPARATOR || Some(c) == part {
            out.push(CSV_ESCAPE);
        }
        out.push(c);
    }
    out
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

fn parse_flag(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// `Nightly tape | tape | Vault | yes | yes; NAS | disk | Server room | no | no`.
pub fn encode_copies(copies: &[CopyFields]) -> String {
    let part = Some(COPY_PART_SEPARATOR);
    copies
        .iter()
        .map(|c| {
            format!(
                "{label} {p} {media} {p} {location} {p} {offsite} {p} {offline}",
                label = escape_list_item(&c.label, part),
                media = c.media.as_str(),
                location = escape_list_item(&c.location, part),
                offsite = yes_no(c.offsite),
                offline = yes_no(c.offline),
                p = COPY_PART_SEPARATOR,
            )
        })
        .collect::<Vec<_>>()
        .join(&format!("{COPY_SEPARATOR} "))
}

fn media_keys() -> String {
    Media::ALL
        .iter()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the `backup_copies` cell with the same checks as the copy form.
/// Every problem is returned, naming the copy.
pub fn parse_copies(cell: &str) -> Result<Vec<CopyFields>, Vec<String>> {
    let mut errors = Vec::new();
    let mut copies = Vec::new();
    let entries = split_escaped(cell, COPY_SEPARATOR, Some(COPY_PART_SEPARATOR));
    if entries.len() > MAX_COPIES {
        return Err(vec![format!(
            "A system can have at most {MAX_COPIES} backup copies; this cell has {}.",
            entries.len()
        )]);
    }
    for (i, parts) in entries.iter().enumerate() {
        let n = i + 1;
        let [label, media, location, offsite, offline] = parts.as_slice() else {
            errors.push(format!(
                "copy {n} has {} part{} but needs five: label {p} media {p} location {p} offsite {p} offline.",
                parts.len(),
                if parts.len() == 1 { "" } else { "s" },
                p = COPY_PART_SEPARATOR,
            ));
            continue;
        };
        let before = errors.len();
        let label = validate::name(label, "the copy's label")
            .map_err(|m| errors.push(format!("copy {n}: {m}")))
            .ok();
        let named = match &label {
            Some(l) => format!("copy {n} (“{l}”)"),
            None => format!("copy {n}"),
        };
        let media_value = Media::parse(media);
        if media_value.is_none() {
            errors.push(format!(
                "{named}: “{media}” is not a kind of media. Use one of {}.",
                media_keys()
            ));
        }
        let location = validate::text(location, 200, "the location")
            .map_err(|m| errors.push(format!("{named}: {m}")))
            .ok();
        let mut flag = |value: &str, what: &str| {
            let parsed = parse_flag(value);
            if parsed.is_none() {
                errors.push(format!("{named}: {what} must be yes or no, not “{value}”."));
            }
            parsed.unwrap_or_default()
        };
        let offsite = flag(offsite, "offsite");
        let offline = flag(offline, "offline");
        if errors.len() == before {
            copies.push(CopyFields {
                label: label.unwrap_or_default(),
                media: media_value.unwrap_or(Media::Disk),
                location: location.unwrap_or_default(),
                offsite,
                offline,
            });
        }
    }
    if errors.is_empty() {
        Ok(copies)
    } else {
        Err(errors)
    }
}

/// `ERP; Database cluster`.
pub fn encode_names(names: &[String]) -> String {
    names
        .iter()
        .map(|n| escape_list_item(n, None))
        .collect::<Vec<_>>()
        .join(&format!("{COPY_SEPARATOR} "))
}

/// Reads the `depends_on` cell: names checked like a system's name, each
/// once (ignoring case).
pub fn parse_names(cell: &str) -> Result<Vec<String>, Vec<String>> {
    let mut errors = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for parts in split_escaped(cell, COPY_SEPARATOR, None) {
        let raw = parts.concat();
        match validate::name(&raw, "a system's name") {
            Ok(name) => {
                if !names
                    .iter()
                    .any(|n| n.to_lowercase() == name.to_lowercase())
                {
                    names.push(name);
                }
            }
            Err(m) => errors.push(m),
        }
    }
    if errors.is_empty() {
        Ok(names)
    } else {
        Err(errors)
    }
}

fn copy_fields(c: &BackupCopy) -> CopyFields {
    CopyFields {
        label: c.label.clone(),
        media: c.media,
        location: c.location.clone(),
        offsite: c.offsite,
        offline: c.offline,
    }
}

// ---------------------------------------------------------------------------
// Export.

fn optional_duration(minutes: Option<i64>) -> String {
    minutes.map(duration::compact).unwrap_or_default()
}

fn optional_number(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Every system among `resources` as CSV text, by name. `resources` are all
/// of the organisation's (sites and systems are named from them), `edges`
/// its dependencies, and `owner_emails` each owner's email by user id.
pub fn export(
    resources: &[ResourceRecord],
    profiles: &HashMap<Uuid, StoredProfile>,
    edges: &[(Uuid, Uuid)],
    owner_emails: &HashMap<Uuid, String>,
) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(SYSTEM_CSV_COLUMNS)
        .expect("writing CSV to memory succeeds");
    let names: HashMap<Uuid, &str> = resources.iter().map(|r| (r.id, r.name.as_str())).collect();
    let mut systems: Vec<&ResourceRecord> = resources
        .iter()
        .filter(|r| r.kind == NodeKind::System)
        .collect();
    let system_ids: HashSet<Uuid> = systems.iter().map(|r| r.id).collect();
    systems.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.name.cmp(&b.name))
    });
    let default = StoredProfile::default();
    let site = |id: Option<Uuid>| {
        id.and_then(|id| names.get(&id))
            .map(|n| escape_text(n))
            .unwrap_or_default()
    };
    for r in systems {
        let p = profiles.get(&r.id).unwrap_or(&default);
        let d = &p.design;
        let owner = r
            .owner_id
            .and_then(|id| owner_emails.get(&id))
            .cloned()
            .unwrap_or_default();
        let mut depends: Vec<String> = edges
            .iter()
            .filter(|(s, t)| *s == r.id && system_ids.contains(t))
            .filter_map(|(_, t)| names.get(t).map(|n| n.to_string()))
            .collect();
        depends.sort_by_key(|n| n.to_lowercase());
        let copies: Vec<CopyFields> = d.copies.iter().map(copy_fields).collect();
        // Values that only count with their setting are written only with it,
        // so that the file always reads back.
        let partial_every = match d.partial_kind {
            PartialKind::None => None,
            _ => d.partial_every,
        };
        let lag = match d.replication {
            Replication::Async => d.replication_lag,
            _ => None,
        };
        let record = [
            escape_text(&r.name),
            owner,
            p.component.as_str().to_string(),
            p.environment.as_str().to_string(),
            p.hosting.as_str().to_string(),
            escape_text(&p.provider),
            escape_text(&p.region),
            p.data_class.as_str().to_string(),
            optional_duration(r.rto),
            optional_duration(r.rpo),
            p.tier.map(|t| t.to_string()).unwrap_or_default(),
            escape_text(&p.tier_reason),
            site(p.primary_site),
            site(p.recovery_site),
            d.replication.as_str().to_string(),
            optional_duration(lag),
            optional_duration(d.full_every),
            d.partial_kind.as_str().to_string(),
            optional_duration(partial_every),
            optional_number(d.retention_days),
            optional_number(d.archive_days),
            d.restore_tested_on
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            optional_duration(d.restore_minutes),
            optional_number(d.restore_errors),
            escape_text(&encode_copies(&copies)),
            escape_text(&encode_names(&depends)),
            escape_text(&r.notes),
        ];
        writer
            .write_record(&record)
            .expect("writing CSV to memory succeeds");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV to memory succeeds");
    String::from_utf8(bytes).expect("CSV written from strings is UTF-8")
}

// ---------------------------------------------------------------------------
// Parsing.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Field(&'static str),
    /// A column with an empty header: allowed as long as every cell in it is
    /// empty.
    Unnamed,
}

fn header_columns(line: usize, header: &::csv::StringRecord) -> Result<Vec<Column>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut unknown = Vec::new();
    for name in header.iter() {
        let wanted = name.trim().to_lowercase();
        if wanted.is_empty() {
            columns.push(Column::Unnamed);
            continue;
        }
        match SYSTEM_CSV_COLUMNS.iter().find(|c| **c == wanted) {
            Some(found) => {
                let column = Column::Field(found);
                if columns.contains(&column) {
                    errors.push(row_error(
                        line,
                        format!("The column “{found}” appears twice; keep one."),
                    ));
                }
                columns.push(column);
            }
            None => {
                unknown.push(format!("“{}”", name.trim()));
                columns.push(Column::Unnamed);
            }
        }
    }
    if !unknown.is_empty() {
        errors.push(row_error(
            line,
            format!(
                "Unknown {}: {}. The columns are {}.",
                if unknown.len() == 1 {
                    "column"
                } else {
                    "columns"
                },
                unknown.join(", "),
                SYSTEM_CSV_COLUMNS.join(", ")
            ),
        ));
    }
    if !columns.contains(&Column::Field("name")) {
        errors.push(row_error(
            line,
            "The header has no “name” column; every row needs the system's name.",
        ));
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

/// Reads and checks a whole file. Either every row is good, or every
/// problem of every row is returned, each with its line (the header is
/// line 1) and column. `today` bounds the restore test dates.
pub fn parse(text: &str, today: NaiveDate) -> Result<Vec<ParsedSystem>, Vec<RowError>> {
    let Read {
        header_line,
        header,
        records,
        mut errors,
    } = read(text, "system", "systems")?;
    let columns = match header_columns(header_line, &header) {
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
        match parse_row(&columns, line, &record, today) {
            Ok(row) => {
                let key = row.name.to_lowercase();
                if let Some(first) = seen.get(&key) {
                    errors.push(row_error(
                        line,
                        format!(
                            "name: “{}” is already on line {first}. List each system once.",
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

/// Collects a row's problems, each prefixed with its column.
struct Problems {
    line: usize,
    errors: Vec<RowError>,
}

impl Problems {
    fn add(&mut self, column: &str, message: impl std::fmt::Display) {
        self.errors
            .push(row_error(self.line, format!("{column}: {message}")));
    }

    /// Parses a cell when the file has the column; a failure is recorded
    /// and reads as "no column".
    fn cell<T>(
        &mut self,
        column: &str,
        value: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(value?) {
            Ok(v) => Some(v),
            Err(message) => {
                self.add(column, message);
                None
            }
        }
    }
}

fn choice<T: Copy>(
    all: &[T],
    key: fn(T) -> &'static str,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> impl FnOnce(&str) -> Result<Option<T>, String> {
    let keys = all.iter().map(|v| key(*v)).collect::<Vec<_>>().join(", ");
    let what = what.to_string();
    move |value: &str| {
        if value.is_empty() {
            return Ok(None);
        }
        parse(value)
            .map(Some)
            .ok_or_else(|| format!("“{value}” is not {what}. Use one of {keys}."))
    }
}

fn whole(min: i64, max: i64) -> impl FnOnce(&str) -> Result<Option<i64>, String> {
    move |value: &str| {
        if value.is_empty() {
            return Ok(None);
        }
        match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(format!(
                "“{value}” is not a whole number from {} to {}.",
                format_count(min as usize),
                format_count(max as usize)
            )),
        }
    }
}

fn date(today: NaiveDate) -> impl FnOnce(&str) -> Result<Option<NaiveDate>, String> {
    move |value: &str| {
        if value.is_empty() {
            return Ok(None);
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) if d > today => Err(format!(
                "{value} is in the future; enter the date the restore was tested."
            )),
            Ok(d) if d.year() < 1990 => Err("Enter a date after 1990.".into()),
            Ok(d) => Ok(Some(d)),
            Err(_) => Err(format!("“{value}” is not a date. Write it as YYYY-MM-DD.")),
        }
    }
}

fn parse_row(
    columns: &[Column],
    line: usize,
    record: &::csv::StringRecord,
    today: NaiveDate,
) -> Result<ParsedSystem, Vec<RowError>> {
    let mut p = Problems {
        line,
        errors: Vec::new(),
    };
    let mut cells: HashMap<&'static str, &str> = HashMap::new();
    for (i, (column, value)) in columns.iter().zip(record.iter()).enumerate() {
        let value = value.trim();
        match column {
            Column::Field(name) => {
                cells.insert(name, unescape_text(value).trim());
            }
            Column::Unnamed if !value.is_empty() => p.errors.push(row_error(
                line,
                format!(
                    "Column {} has no name in the header, so its value “{value}” cannot be imported.",
                    i + 1
                ),
            )),
            Column::Unnamed => {}
        }
    }
    let cell = |name: &str| cells.get(name).copied();

    let name = p.cell("name", Some(cell("name").unwrap_or_default()), |v| {
        validate::name(v, "the system's name")
    });
    let owner_email = p.cell("owner_email", cell("owner_email"), |v| {
        if v.is_empty() {
            Ok(None)
        } else {
            validate::email(v).map(Some)
        }
    });
    let component = p
        .cell(
            "component",
            cell("component"),
            choice(
                Component::ALL,
                Component::as_str,
                Component::parse,
                "a kind of component",
            ),
        )
        .flatten();
    let environment = p
        .cell(
            "environment",
            cell("environment"),
            choice(
                Environment::ALL,
                Environment::as_str,
                Environment::parse,
                "an environment",
            ),
        )
        .flatten();
    let hosting = p
        .cell(
            "hosting",
            cell("hosting"),
            choice(
                Hosting::ALL,
                Hosting::as_str,
                Hosting::parse,
                "a kind of hosting",
            ),
        )
        .flatten();
    let data_class = p
        .cell(
            "data_class",
            cell("data_class"),
            choice(
                DataClass::ALL,
                DataClass::as_str,
                DataClass::parse,
                "a data classification",
            ),
        )
        .flatten();
    let replication = p
        .cell(
            "replication",
            cell("replication"),
            choice(
                Replication::ALL,
                Replication::as_str,
                Replication::parse,
                "a kind of replication",
            ),
        )
        .flatten();
    let partial_kind = p
        .cell(
            "partial_kind",
            cell("partial_kind"),
            choice(
                PartialKind::ALL,
                PartialKind::as_str,
                PartialKind::parse,
                "a kind of partial backup",
            ),
        )
        .flatten();
    let provider = p.cell("provider", cell("provider"), |v| {
        validate::text(v, 100, "the provider")
    });
    let region = p.cell("region", cell("region"), |v| {
        validate::text(v, 100, "the region")
    });
    let tier_reason = p.cell("tier_reason", cell("tier_reason"), |v| {
        validate::text(v, 1000, "the reason")
    });
    let notes = p.cell("notes", cell("notes"), |v| {
        validate::text(v, 2000, "the notes")
    });
    let tier = p.cell("tier", cell("tier"), tiers::parse);
    let mut durations = |column: &str| p.cell(column, cell(column), duration::parse_optional);
    let target_rto = durations("target_rto");
    let target_rpo = durations("target_rpo");
    let replication_lag = durations("replication_lag");
    let full_every = durations("full_backup_every");
    let partial_every = durations("partial_every");
    let restore_minutes = durations("restore_duration");
    let retention_days = p.cell("retention_days", cell("retention_days"), whole(1, 36_500));
    let archive_days = p.cell("archive_days", cell("archive_days"), whole(1, 36_500));
    let restore_errors = p.cell(
        "restore_errors",
        cell("restore_errors"),
        whole(0, 1_000_000_000),
    );
    let restore_tested_on = p.cell("restore_tested_on", cell("restore_tested_on"), date(today));
    let mut site = |column: &str| {
        p.cell(column, cell(column), |v| {
            if v.is_empty() {
                Ok(None)
            } else {
                validate::name(v, "the site's name").map(Some)
            }
        })
    };
    let primary_site = site("primary_site");
    let recovery_site = site("recovery_site");
    let copies = match cell("backup_copies").map(parse_copies) {
        None => None,
        Some(Ok(copies)) => Some(copies),
        Some(Err(problems)) => {
            for problem in problems {
                p.add("backup_copies", problem);
            }
            None
        }
    };
    let depends_on = match cell("depends_on").map(parse_names) {
        None => None,
        Some(Ok(names)) => Some(names),
        Some(Err(problems)) => {
            for problem in problems {
                p.add("depends_on", problem);
            }
            None
        }
    };
    if let (Some(name), Some(depends)) = (&name, &depends_on)
        && depends
            .iter()
            .any(|d| d.to_lowercase() == name.to_lowercase())
    {
        p.add("depends_on", format!("“{name}” cannot depend on itself."));
    }
    match name {
        Some(name) if p.errors.is_empty() => Ok(ParsedSystem {
            line,
            name,
            owner_email,
            component,
            environment,
            hosting,
            provider,
            region,
            data_class,
            target_rto,
            target_rpo,
            tier,
            tier_reason,
            primary_site,
            recovery_site,
            replication,
            replication_lag,
            full_every,
            partial_kind,
            partial_every,
            retention_days,
            archive_days,
            restore_tested_on,
            restore_minutes,
            restore_errors,
            copies,
            depends_on,
            notes,
        }),
        _ => Err(p.errors),
    }
}

// ---------------------------------------------------------------------------
// Applying a row over what is stored.

/// What a row's names and emails resolve to.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    /// Members' user ids by lower-cased email.
    pub members: HashMap<String, Uuid>,
    /// Sites' ids by lower-cased name.
    pub sites: HashMap<String, Uuid>,
}

/// A row applied over a system (or over nothing, for a new one).
#[derive(Debug, Clone)]
pub struct Merged {
    pub fields: ResourceFields,
    /// The profile without its copies, which are `copies`.
    pub profile: StoredProfile,
    pub copies: Vec<CopyFields>,
}

fn resource_fields(r: &ResourceRecord) -> ResourceFields {
    ResourceFields {
        kind: r.kind,
        name: r.name.clone(),
        owner_id: r.owner_id,
        category: r.category.clone(),
        contact: r.contact.clone(),
        rto: r.rto,
        rpo: r.rpo,
        notes: r.notes.clone(),
    }
}

/// Applies `row` over the stored system `base` (or a new one), resolving
/// the owner and sites, and checks that the result holds together with the
/// same rules as the system's forms.
pub fn merge(
    row: &ParsedSystem,
    base: Option<(&ResourceRecord, &StoredProfile)>,
    lookups: &Lookups,
) -> Result<Merged, Vec<RowError>> {
    let mut p = Problems {
        line: row.line,
        errors: Vec::new(),
    };
    let mut profile = base.map(|(_, p)| p.clone()).unwrap_or_default();
    let copies = match &row.copies {
        Some(copies) => copies.clone(),
        None => profile.design.copies.iter().map(copy_fields).collect(),
    };
    profile.design.copies = Vec::new();
    if let Some(v) = row.component {
        profile.component = v;
    }
    if let Some(v) = row.environment {
        profile.environment = v;
    }
    if let Some(v) = row.hosting {
        profile.hosting = v;
    }
    if let Some(v) = row.data_class {
        profile.data_class = v;
    }
    if let Some(v) = &row.provider {
        profile.provider = v.clone();
    }
    if let Some(v) = &row.region {
        profile.region = v.clone();
    }
    if let Some(v) = row.tier {
        profile.tier = v;
    }
    if let Some(v) = &row.tier_reason {
        profile.tier_reason = v.clone();
    }
    let mut site = |column: &str, given: &Option<Option<String>>, stored: Option<Uuid>| match given
    {
        None => stored,
        Some(None) => None,
        Some(Some(name)) => {
            let found = lookups.sites.get(&name.to_lowercase()).copied();
            if found.is_none() {
                p.add(
                    column,
                    format!(
                        "There is no site called “{name}”. Sites are BIA dependencies of kind site; add it there first."
                    ),
                );
            }
            found
        }
    };
    profile.primary_site = site("primary_site", &row.primary_site, profile.primary_site);
    profile.recovery_site = site("recovery_site", &row.recovery_site, profile.recovery_site);
    if profile.primary_site.is_some() && profile.primary_site == profile.recovery_site {
        p.add(
            "recovery_site",
            "The recovery site must differ from the primary site.",
        );
    }

    let d = &mut profile.design;
    let set = |target: &mut Option<i64>, given: Option<Option<i64>>| {
        if let Some(v) = given {
            *target = v;
        }
    };
    set(&mut d.replication_lag, row.replication_lag);
    set(&mut d.full_every, row.full_every);
    set(&mut d.partial_every, row.partial_every);
    set(&mut d.retention_days, row.retention_days);
    set(&mut d.archive_days, row.archive_days);
    set(&mut d.restore_minutes, row.restore_minutes);
    set(&mut d.restore_errors, row.restore_errors);
    if let Some(v) = row.replication {
        d.replication = v;
    }
    if let Some(v) = row.partial_kind {
        d.partial_kind = v;
    }
    if let Some(v) = row.restore_tested_on {
        d.restore_tested_on = v;
    }
    // The rules of the backup form, on the merged design. A value that only
    // counts with a setting is cleared with it, unless this row gave it.
    match (d.partial_kind, d.partial_every, d.full_every) {
        (PartialKind::None, _, _) => {
            if matches!(row.partial_every, Some(Some(_))) {
                p.add(
                    "partial_every",
                    "Leave it empty when partial_kind is none, or choose incremental or differential.",
                );
            }
            d.partial_every = None;
        }
        (kind, None, _) => p.add(
            "partial_every",
            format!("Enter how often {} backups run.", kind.as_str()),
        ),
        (_, Some(_), None) => p.add(
            "full_backup_every",
            "Partial backups need a full backup to start from: enter how often it runs.",
        ),
        (_, Some(partial), Some(full)) if partial >= full => p.add(
            "partial_every",
            "Partial backups must run more often than full ones.",
        ),
        _ => {}
    }
    if let (Some(r), Some(a)) = (d.retention_days, d.archive_days)
        && a < r
    {
        p.add(
            "archive_days",
            "Archive retention cannot be shorter than online retention.",
        );
    }
    match d.replication {
        Replication::Async if d.replication_lag.is_none() => p.add(
            "replication_lag",
            "Enter the expected lag of asynchronous replication, e.g. 5m.",
        ),
        Replication::Async => {}
        _ => {
            if matches!(row.replication_lag, Some(Some(_))) {
                p.add(
                    "replication_lag",
                    "Leave it empty unless replication is async.",
                );
            }
            d.replication_lag = None;
        }
    }
    if d.restore_tested_on.is_none() && (d.restore_minutes.is_some() || d.restore_errors.is_some())
    {
        p.add(
            "restore_tested_on",
            "Enter the date of the restore test that restore_duration and restore_errors come from.",
        );
    }

    let owner_id = match &row.owner_email {
        None => base.and_then(|(r, _)| r.owner_id),
        Some(None) => None,
        Some(Some(email)) => {
            let id = lookups.members.get(email).copied();
            if id.is_none() {
                p.add(
                    "owner_email",
                    format!("{email} is not a member of this organisation."),
                );
            }
            id
        }
    };
    let mut fields = match base {
        Some((r, _)) => resource_fields(r),
        None => ResourceFields {
            kind: NodeKind::System,
            name: String::new(),
            owner_id: None,
            // As the systems form does: the type is the kind of component.
            category: profile.component.label().to_string(),
            contact: String::new(),
            rto: None,
            rpo: None,
            notes: String::new(),
        },
    };
    fields.name = row.name.clone();
    fields.owner_id = owner_id;
    if let Some(v) = row.target_rto {
        fields.rto = v;
    }
    if let Some(v) = row.target_rpo {
        fields.rpo = v;
    }
    if let Some(v) = &row.notes {
        fields.notes = v.clone();
    }
    // As on the system's page, a tier that cannot typically meet the
    // system's own target needs a reason. What the processes require is only
    // known once the whole file is in, so the page's stricter check (any
    // tier other than the recommended one) applies there.
    let own = tiers::Need {
        rto: fields.rto,
        rpo: fields.rpo,
    };
    if let (Some(chosen), Some(rec)) = (profile.tier, tiers::recommend(own))
        && chosen < rec.tier
        && profile.tier_reason.trim().is_empty()
    {
        p.add(
            "tier_reason",
            format!(
                "Say why tier {chosen} rather than tier {}, the lowest that typically meets the target.",
                rec.tier
            ),
        );
    }
    if p.errors.is_empty() {
        Ok(Merged {
            fields,
            profile,
            copies,
        })
    } else {
        Err(p.errors)
    }
}

// ---------------------------------------------------------------------------
// Import.

async fn named_in(tx: &mut Tx, org_id: Uuid) -> Result<Vec<(Uuid, String, String)>, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query_as(
        "SELECT id, kind, name FROM resources WHERE org_id = $1 AND kind IN ('system', 'site')",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await)
}

async fn edges_in(tx: &mut Tx, org_id: Uuid) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    with_tx!(tx, conn => sqlx::query_as(
        "SELECT source_id, target_id FROM dependencies WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(conn)
    .await)
}

/// A `depends_on` name, resolved.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// The system of another row of the file (by index).
    Row(usize),
    Existing(Uuid),
}

struct Planned {
    line: usize,
    existing: Option<(ResourceRecord, StoredProfile)>,
    merged: Merged,
    depends_on: Option<Vec<Target>>,
}

/// A validation error of a write, as problems of the row's columns.
fn row_problems(line: usize, error: AppError) -> Result<Vec<RowError>, AppError> {
    match error {
        AppError::Validation(problems) => Ok(problems
            .into_iter()
            .map(|f| {
                let column = match f.field.as_str() {
                    "owner" => "owner_email",
                    "rto" => "target_rto",
                    "rpo" => "target_rpo",
                    "target" => "depends_on",
                    other => other,
                };
                row_error(line, format!("{column}: {}", f.message))
            })
            .collect()),
        other => Err(other),
    }
}

/// Creates or updates one system and replaces its copies when they
/// differ. Returns its id and whether an existing system changed.
async fn write_system(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    plan: &Planned,
) -> Result<(Uuid, bool), AppError> {
    let m = &plan.merged;
    let mut changed = false;
    let (id, before_copies) = match &plan.existing {
        None => {
            // `store::create`, with the import's audit action.
            let id = resources::create(tx, org_id, actor, &m.fields).await?;
            let profile = m.profile.clone();
            store::update(tx, org_id, actor, id, "system.imported", |p| *p = profile).await?;
            (id, Vec::new())
        }
        Some((record, stored)) => {
            let id = record.id;
            if resource_fields(record) != m.fields {
                resources::update(tx, org_id, actor, id, &m.fields).await?;
                changed = true;
            }
            let mut current = stored.clone();
            current.design.copies = Vec::new();
            if current != m.profile {
                let profile = m.profile.clone();
                store::update(tx, org_id, actor, id, "system.imported", |p| *p = profile).await?;
                changed = true;
            }
            (id, stored.design.copies.iter().map(copy_fields).collect())
        }
    };
    if before_copies != m.copies {
        store::replace_copies(tx, org_id, id, &m.copies).await?;
        record(
            tx,
            org_id,
            actor,
            Change {
                action: "system.copies.imported",
                entity_type: "system",
                entity_id: Some(id.to_string()),
                before: Some(json!(before_copies)),
                after: Some(json!(m.copies)),
            },
        )
        .await?;
        changed = true;
    }
    Ok((id, changed))
}

/// Creates the systems the rows name that do not exist yet (by name, in any
/// case) and updates the others, through the same functions as the forms
/// so that every change is audited; then sets each row's dependencies on
/// other systems. Everything that can be checked is checked before anything
/// is written; a dependency that would close a cycle is found while writing.
/// Either way, when a row fails the report lists every failing row and the
/// caller must not commit. `updated` counts only systems the file changed.
pub async fn import(
    tx: &mut Tx,
    org_id: Uuid,
    actor: &Actor,
    rows: Vec<ParsedSystem>,
) -> Result<ImportReport, AppError> {
    let failed = |errors: Vec<RowError>| ImportReport {
        created: 0,
        updated: 0,
        errors,
    };
    let mut lookups = Lookups {
        members: members_by_email(tx, org_id).await?,
        sites: HashMap::new(),
    };
    let mut systems: HashMap<String, Uuid> = HashMap::new();
    for (id, kind, name) in named_in(tx, org_id).await? {
        let map = if kind == NodeKind::Site.as_str() {
            &mut lookups.sites
        } else {
            &mut systems
        };
        map.insert(name.to_lowercase(), id);
    }
    let in_file: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.to_lowercase(), i))
        .collect();

    let mut errors = Vec::new();
    let mut planned = Vec::new();
    for row in &rows {
        let existing = match systems.get(&row.name.to_lowercase()) {
            Some(&id) => Some((
                resources::find_in(tx, org_id, id).await?,
                store::profile_with_copies_in(tx, org_id, id).await?,
            )),
            None => None,
        };
        let merged = merge(row, existing.as_ref().map(|(r, p)| (r, p)), &lookups);
        let mut depends_on = None;
        if let Some(names) = &row.depends_on {
            let mut targets = Vec::new();
            for name in names {
                let key = name.to_lowercase();
                match (in_file.get(&key), systems.get(&key)) {
                    (Some(&i), _) => targets.push(Target::Row(i)),
                    (None, Some(&id)) => targets.push(Target::Existing(id)),
                    (None, None) => errors.push(row_error(
                        row.line,
                        format!(
                            "depends_on: There is no system called “{name}”, in the file or in the inventory."
                        ),
                    )),
                }
            }
            depends_on = Some(targets);
        }
        match merged {
            Ok(merged) => planned.push(Planned {
                line: row.line,
                existing,
                merged,
                depends_on,
            }),
            Err(mut row_errors) => errors.append(&mut row_errors),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Ok(failed(errors));
    }

    // The systems themselves.
    let mut ids = Vec::with_capacity(planned.len());
    let mut changed = vec![false; planned.len()];
    let mut created = 0;
    for (i, plan) in planned.iter().enumerate() {
        match write_system(tx, org_id, actor, plan).await {
            Ok((id, was_changed)) => {
                ids.push(id);
                changed[i] = was_changed;
            }
            Err(error) => {
                errors.append(&mut row_problems(plan.line, error)?);
                // Keeps the indices of later rows; nothing is committed.
                ids.push(Uuid::nil());
            }
        }
        if plan.existing.is_none() {
            created += 1;
        }
    }
    if !errors.is_empty() {
        return Ok(failed(errors));
    }

    // Their dependencies on each other: first every edge the file drops,
    // so that a file turning a dependency round does not meet itself.
    let system_ids: HashSet<Uuid> = systems
        .values()
        .copied()
        .chain(ids.iter().copied())
        .collect();
    let edges = edges_in(tx, org_id).await?;
    let wanted: Vec<Option<Vec<Uuid>>> = planned
        .iter()
        .map(|plan| {
            plan.depends_on.as_ref().map(|targets| {
                targets
                    .iter()
                    .map(|t| match *t {
                        Target::Row(j) => ids[j],
                        Target::Existing(id) => id,
                    })
                    .collect()
            })
        })
        .collect();
    for (i, want) in wanted.iter().enumerate() {
        let Some(want) = want else { continue };
        for &(source, target) in &edges {
            if source == ids[i] && system_ids.contains(&target) && !want.contains(&target) {
                graph::remove(tx, org_id, actor, source, target).await?;
                changed[i] = true;
            }
        }
    }
    for (i, want) in wanted.iter().enumerate() {
        let Some(want) = want else { continue };
        for &target in want {
            if edges.contains(&(ids[i], target)) {
                continue;
            }
            match graph::add(tx, org_id, actor, ids[i], target).await {
                Ok(()) => changed[i] = true,
                Err(error) => errors.append(&mut row_problems(planned[i].line, error)?),
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Ok(failed(errors));
    }
    let updated = planned
        .iter()
        .zip(&changed)
        .filter(|(plan, changed)| plan.existing.is_some() && **changed)
        .count();
    Ok(ImportReport {
        created,
        updated,
        errors: Vec::new(),
    })
}

// ---------------------------------------------------------------------------
// The download.

/// `GET /systems/export.csv`: the organisation's systems as a download.
pub async fn export_handler(
    state: AppState,
    session: tower_sessions::Session,
) -> axum::response::Response {
    crate::bia::ssr::csv::download("systems.csv", export_for(state, &session).await)
}

/// The export of one organisation's systems.
pub async fn export_org(db: &Db, org_id: Uuid) -> Result<String, AppError> {
    let resources = resources::list(db, org_id).await?;
    let profiles = store::profiles(db, org_id).await?;
    let edges = graph::edges(db, org_id).await?;
    let emails = member_emails(db, org_id).await?;
    Ok(export(&resources, &profiles, &edges, &emails))
}

async fn export_for(
    state: AppState,
    session: &tower_sessions::Session,
) -> Result<String, AppError> {
    let caller =
        crate::auth::ssr::authorize_session(state, session, Permission::ViewOrganisation).await?;
    export_org(&caller.state.db, caller.org_id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bia::duration::{DAY, HOUR, WEEK};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

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

    fn messages(errors: &[RowError]) -> Vec<&str> {
        errors.iter().map(|e| e.message.as_str()).collect()
    }

    fn resource(kind: NodeKind, name: &str) -> ResourceRecord {
        ResourceRecord {
            id: Uuid::new_v4(),
            kind,
            name: name.into(),
            owner_id: None,
            owner: None,
            category: String::new(),
            contact: String::new(),
            rto: None,
            rpo: None,
            notes: String::new(),
        }
    }

    fn copy(label: &str, media: Media, location: &str, offsite: bool, offline: bool) -> CopyFields {
        CopyFields {
            label: label.into(),
            media,
            location: location.into(),
            offsite,
            offline,
        }
    }

    fn stored_copies(copies: &[CopyFields]) -> Vec<BackupCopy> {
        copies
            .iter()
            .map(|c| BackupCopy {
                id: Uuid::new_v4(),
                label: c.label.clone(),
                media: c.media,
                location: c.location.clone(),
                offsite: c.offsite,
                offline: c.offline,
            })
            .collect()
    }

    fn lookups(sites: &[&ResourceRecord], members: &[(&str, Uuid)]) -> Lookups {
        Lookups {
            members: members.iter().map(|(e, id)| (e.to_string(), *id)).collect(),
            sites: sites
                .iter()
                .map(|s| (s.name.to_lowercase(), s.id))
                .collect(),
        }
    }

    #[test]
    fn export_then_parse_gives_back_every_value_of_awkward_systems() {
        let owner = Uuid::new_v4();
        let primary = resource(NodeKind::Site, "Amsterdam, \"primary\" DC");
        let recovery = resource(NodeKind::Site, "=Recovery site");
        let mut ledger = resource(NodeKind::System, "Ledger, \"main\"");
        ledger.owner_id = Some(owner);
        ledger.rto = Some(4 * HOUR);
        ledger.rpo = Some(15);
        ledger.notes = "Two lines,\nwith \"quotes\"; and | pipes".into();
        ledger.category = Component::Database.label().into();
        let formula = resource(NodeKind::System, "=Formula; system");
        let mut plain = resource(NodeKind::System, "Plain");
        plain.category = Component::Application.label().into();
        let copies = vec![
            copy(
                "Nightly tape; set | A",
                Media::Tape,
                "Vault \\ B, \"east\"",
                true,
                true,
            ),
            copy("-dash", Media::ObjectStorage, "", true, false),
            copy("NAS", Media::Disk, "Server room", false, false),
        ];
        let ledger_profile = StoredProfile {
            component: Component::Database,
            environment: Environment::Staging,
            hosting: Hosting::Colocation,
            provider: "+Equinix".into(),
            region: "AMS-5".into(),
            data_class: DataClass::Restricted,
            primary_site: Some(primary.id),
            recovery_site: Some(recovery.id),
            tier: Some(6),
            tier_reason: "'Budget, mostly".into(),
            design: crate::systems::design::BackupDesign {
                full_every: Some(WEEK),
                partial_kind: PartialKind::Incremental,
                partial_every: Some(15),
                retention_days: Some(35),
                archive_days: Some(3650),
                replication: Replication::Async,
                replication_lag: Some(5),
                restore_tested_on: NaiveDate::from_ymd_opt(2026, 10, 1),
                restore_minutes: Some(90),
                restore_errors: Some(0),
                copies: stored_copies(&copies),
            },
        };
        let formula_profile = StoredProfile {
            tier: Some(0),
            ..Default::default()
        };
        let resources = vec![
            primary.clone(),
            recovery.clone(),
            ledger.clone(),
            formula.clone(),
            plain.clone(),
        ];
        let profiles = HashMap::from([
            (ledger.id, ledger_profile.clone()),
            (formula.id, formula_profile),
        ]);
        // Dependencies on sites are not systems' dependencies: left out.
        let edges = vec![
            (ledger.id, formula.id),
            (ledger.id, plain.id),
            (ledger.id, primary.id),
            (plain.id, formula.id),
        ];
        let emails = HashMap::from([(owner, "ada@example.com".to_string())]);
        let text = export(&resources, &profiles, &edges, &emails);
        assert!(text.starts_with(&SYSTEM_CSV_COLUMNS.join(",")));
        assert!(text.contains("'=Formula\\; system"), "{text}");

        let rows = parse(&text, today()).expect("an export reads back");
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["=Formula; system", "Ledger, \"main\"", "Plain"]);
        let look = lookups(&[&primary, &recovery], &[("ada@example.com", owner)]);

        let row = &rows[1];
        let merged = merge(row, None, &look).expect("the row applies");
        let mut expected = ledger_profile.clone();
        expected.design.copies = Vec::new();
        assert_eq!(merged.profile, expected);
        assert_eq!(merged.copies, copies);
        assert_eq!(merged.fields, resource_fields(&ledger));
        assert_eq!(
            row.depends_on.as_deref(),
            Some(&["=Formula; system".to_string(), "Plain".to_string()][..])
        );
        // The multi-line notes make the next system start two lines on.
        assert_eq!(rows[2].line, 5);

        // Applied over what it was exported from, nothing changes.
        let merged = merge(row, Some((&ledger, &ledger_profile)), &look).unwrap();
        assert_eq!(merged.profile, expected);
        assert_eq!(merged.fields, resource_fields(&ledger));

        let merged = merge(&rows[0], None, &look).unwrap();
        assert_eq!(merged.profile.tier, Some(0));
        assert!(merged.copies.is_empty());
        assert_eq!(rows[0].depends_on, Some(Vec::new()));
        assert_eq!(
            rows[2].depends_on.as_deref(),
            Some(&["=Formula; system".to_string()][..])
        );
        assert_eq!(
            merge(&rows[2], None, &look).unwrap().fields,
            resource_fields(&plain)
        );
    }

    #[test]
    fn copies_encode_and_read_back_with_escapes() {
        let copies = vec![
            copy("a | b; c \\ d", Media::CloudBackup, "x;y|z\\", true, false),
            copy("Tape", Media::Tape, "", false, true),
        ];
        let cell = encode_copies(&copies);
        assert_eq!(
            cell,
            "a \\| b\\; c \\\\ d | cloud_backup | x\\;y\\|z\\\\ | yes | no; Tape | tape |  | no | yes"
        );
        assert_eq!(parse_copies(&cell), Ok(copies));
        // Labels of media, other flag words, spacing and stray separators.
        let read = parse_copies(" NAS|Object storage|Cellar|Y|false ;; ").unwrap();
        assert_eq!(
            read,
            vec![copy("NAS", Media::ObjectStorage, "Cellar", true, false)]
        );
        assert_eq!(parse_copies(""), Ok(Vec::new()));
        // A backslash before anything else stands for itself.
        let read = parse_copies("C:\\backup | disk | D:\\ | no | no").unwrap();
        assert_eq!(read[0].label, "C:\\backup");
        assert_eq!(read[0].location, "D:\\");
    }

    #[test]
    fn bad_copies_name_the_copy_and_the_problem() {
        let errors = parse_copies("NAS | floppy | x | no | no; Tape | tape | vault | maybe | yes; Short | disk; | disk | x | no | no").unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(
            errors[0].starts_with(
                "copy 1 (“NAS”): “floppy” is not a kind of media. Use one of disk, tape"
            )
        );
        assert_eq!(
            errors[1],
            "copy 2 (“Tape”): offsite must be yes or no, not “maybe”."
        );
        assert!(errors[2].starts_with("copy 3 has 2 parts but needs five"));
        assert!(errors[3].starts_with("copy 4: Enter the copy's label"));
        let many = vec!["x | disk | | no | no"; MAX_COPIES + 1].join(";");
        assert!(parse_copies(&many).unwrap_err()[0].contains("at most 20"));
    }

    #[test]
    fn dependency_names_are_split_unescaped_and_listed_once() {
        let names = vec!["A; B".to_string(), "C\\D".to_string(), "E | F".to_string()];
        let cell = encode_names(&names);
        assert_eq!(cell, "A\\; B; C\\\\D; E | F");
        assert_eq!(parse_names(&cell), Ok(names));
        assert_eq!(
            parse_names("ERP; erp ;; Portal"),
            Ok(vec!["ERP".into(), "Portal".into()])
        );
        assert!(parse_names(&"x".repeat(101)).is_err());
    }

    #[test]
    fn the_header_is_checked() {
        let errors = parse(&file("name,colour,tier,Tier", &["A,red,1,2"]), today()).unwrap_err();
        assert_eq!(lines(&errors), [1, 1]);
        assert!(
            errors[0].message.contains("“tier” appears twice"),
            "{errors:#?}"
        );
        assert!(
            errors[1]
                .message
                .starts_with("Unknown column: “colour”. The columns are name, owner_email,")
        );

        let errors = parse(&file("tier", &["4"]), today()).unwrap_err();
        assert!(errors[0].message.contains("no “name” column"));

        let errors = parse("", today()).unwrap_err();
        assert!(errors[0].message.contains("one line per system"));

        // Any order, any subset; columns left out stay None.
        let rows = parse(&file(" Tier ,NAME", &["Tier 4,ERP"]), today()).unwrap();
        assert_eq!(rows[0].name, "ERP");
        assert_eq!(rows[0].tier, Some(Some(4)));
        assert_eq!(rows[0].copies, None);
        assert_eq!(rows[0].component, None);
    }

    #[test]
    fn every_bad_value_is_reported_with_its_line_and_column() {
        let text = file(
            "name,tier,target_rto,component,restore_tested_on,retention_days,backup_copies,owner_email,depends_on",
            &[
                "Good,4,4h,database,2026-01-31,30,,,",
                "Bad,9,-4h,mainframe,2026-13-01,0,NAS | floppy | x | no | no,nobody,Bad",
                "Later,,,,2027-01-01,,,,",
                ",,,,,,,,",
                "good,,,,,,,,",
            ],
        );
        let errors = parse(&text, today()).unwrap_err();
        assert_eq!(lines(&errors), [3, 3, 3, 3, 3, 3, 3, 3, 4, 6]);
        let third = messages(&errors[..8]);
        for start in [
            "tier: “9” is not a DR tier",
            "target_rto: “-4h” is not a duration",
            "component: “mainframe” is not a kind of component. Use one of application, database,",
            "restore_tested_on: “2026-13-01” is not a date",
            "retention_days: “0” is not a whole number from 1 to 36,500.",
            "backup_copies: copy 1 (“NAS”): “floppy” is not a kind of media",
            "owner_email: Enter an email address",
            "depends_on: “Bad” cannot depend on itself.",
        ] {
            assert!(
                third.iter().any(|m| m.starts_with(start)),
                "{start}: {third:#?}"
            );
        }
        assert!(
            errors[8]
                .message
                .starts_with("restore_tested_on: 2027-01-01 is in the future")
        );
        assert_eq!(
            errors[9].message,
            "name: “good” is already on line 2. List each system once."
        );
    }

    #[test]
    fn files_are_limited_in_size_and_rows() {
        use crate::bia::{CSV_MAX_BYTES, CSV_MAX_ROWS};
        let errors = parse(&"x".repeat(CSV_MAX_BYTES + 1), today()).unwrap_err();
        assert!(errors[0].message.contains("larger than 2 MB"));
        let mut text = String::from("name\n");
        for i in 0..=CSV_MAX_ROWS {
            text.push_str(&format!("S{i}\n"));
        }
        let errors = parse(&text, today()).unwrap_err();
        assert_eq!(lines(&errors), [CSV_MAX_ROWS + 2]);
        assert!(errors[0].message.contains("more than 5,000 systems"));
    }

    #[test]
    fn a_wrong_number_of_values_and_unnamed_columns() {
        let errors = parse(&file("name,tier,", &["A,1", "B,2,x", "C,3,"]), today()).unwrap_err();
        assert_eq!(lines(&errors), [2, 3]);
        assert!(
            errors[0]
                .message
                .contains("has 2 values but the header names 3")
        );
        assert!(errors[1].message.contains("Column 3 has no name"));
    }

    fn row(header: &str, values: &str) -> ParsedSystem {
        parse(&file(header, &[values]), today()).unwrap().remove(0)
    }

    #[test]
    fn a_row_changes_only_the_columns_it_has_and_empty_choices_keep() {
        let mut base = resource(NodeKind::System, "ERP");
        base.rto = Some(4 * HOUR);
        base.notes = "keep".into();
        let mut profile = StoredProfile {
            component: Component::Database,
            tier: Some(6),
            ..Default::default()
        };
        profile.design.full_every = Some(DAY);
        profile.design.copies = stored_copies(&[copy("NAS", Media::Disk, "", false, false)]);
        let r = row("name,component,tier,target_rpo", "erp,,,1h");
        let m = merge(&r, Some((&base, &profile)), &Lookups::default()).unwrap();
        assert_eq!(m.fields.name, "erp");
        assert_eq!((m.fields.rto, m.fields.rpo), (Some(4 * HOUR), Some(HOUR)));
        assert_eq!(m.fields.notes, "keep");
        assert_eq!(m.profile.component, Component::Database);
        // An empty tier clears it: a tier is a value, not a choice.
        assert_eq!(m.profile.tier, None);
        assert_eq!(m.profile.design.full_every, Some(DAY));
        assert_eq!(m.copies, vec![copy("NAS", Media::Disk, "", false, false)]);

        let r = row("name,backup_copies", "ERP,");
        let m = merge(&r, Some((&base, &profile)), &Lookups::default()).unwrap();
        assert!(m.copies.is_empty());
    }

    #[test]
    fn a_tier_too_low_for_the_target_needs_a_reason() {
        let lookups = Lookups::default();
        // Tier 3 typically takes up to 24 h; the target is 4 h.
        let r = row("name,tier,target_rto", "CRM,3,4h");
        let errors = merge(&r, None, &lookups).unwrap_err();
        assert_eq!(
            messages(&errors),
            [
                "tier_reason: Say why tier 3 rather than tier 6, the lowest that typically meets the target."
            ]
        );
        let r = row(
            "name,tier,target_rto,tier_reason",
            "CRM,3,4h,Replaced next quarter",
        );
        assert!(merge(&r, None, &lookups).is_ok());
        // A tier above what the target needs is the owner's choice.
        let r = row("name,tier,target_rto", "CRM,7,4h");
        assert!(merge(&r, None, &lookups).is_ok());
    }

    #[test]
    fn the_merged_design_must_hold_together() {
        let merge_new = |header: &str, values: &str| {
            merge(&row(header, values), None, &Lookups::default())
                .err()
                .map(|e| {
                    messages(&e)
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let errors = merge_new(
            "name,partial_kind,partial_every,retention_days,archive_days,replication,restore_errors",
            "A,incremental,1d,30,7,async,0",
        );
        assert_eq!(
            errors,
            [
                "full_backup_every: Partial backups need a full backup to start from: enter how often it runs.",
                "archive_days: Archive retention cannot be shorter than online retention.",
                "replication_lag: Enter the expected lag of asynchronous replication, e.g. 5m.",
                "restore_tested_on: Enter the date of the restore test that restore_duration and restore_errors come from.",
            ]
        );
        let errors = merge_new(
            "name,full_backup_every,partial_kind,partial_every,replication,replication_lag",
            "A,1d,differential,1d,sync,5m",
        );
        assert_eq!(
            errors,
            [
                "partial_every: Partial backups must run more often than full ones.",
                "replication_lag: Leave it empty unless replication is async.",
            ]
        );
        let errors = merge_new("name,partial_kind,partial_every", "A,none,1h");
        assert!(errors[0].starts_with("partial_every: Leave it empty when partial_kind is none"));
        let errors = merge_new("name,partial_kind", "A,incremental");
        assert_eq!(
            errors,
            ["partial_every: Enter how often incremental backups run."]
        );

        // A stored value that only counted with a setting goes with it.
        let base = resource(NodeKind::System, "A");
        let mut profile = StoredProfile::default();
        profile.design.replication = Replication::Async;
        profile.design.replication_lag = Some(5);
        let m = merge(
            &row("name,replication", "A,none"),
            Some((&base, &profile)),
            &Lookups::default(),
        )
        .unwrap();
        assert_eq!(m.profile.design.replication_lag, None);
    }

    #[test]
    fn owners_and_sites_must_exist_and_differ() {
        let site = resource(NodeKind::Site, "Eindhoven");
        let ada = Uuid::new_v4();
        let look = lookups(&[&site], &[("ada@example.com", ada)]);
        let r = row(
            "name,owner_email,primary_site,recovery_site",
            "A,grace@example.com,Nowhere,eindhoven",
        );
        let errors = merge(&r, None, &look).unwrap_err();
        assert_eq!(
            messages(&errors),
            [
                "primary_site: There is no site called “Nowhere”. Sites are BIA dependencies of kind site; add it there first.",
                "owner_email: grace@example.com is not a member of this organisation.",
            ]
        );
        let r = row(
            "name,owner_email,primary_site,recovery_site",
            "A,ADA@example.com,Eindhoven,EINDHOVEN",
        );
        let errors = merge(&r, None, &look).unwrap_err();
        assert_eq!(
            messages(&errors),
            ["recovery_site: The recovery site must differ from the primary site."]
        );
        let r = row(
            "name,owner_email,recovery_site",
            "A,ADA@example.com,EINDHOVEN",
        );
        let m = merge(&r, None, &look).unwrap();
        assert_eq!(m.fields.owner_id, Some(ada));
        assert_eq!(m.profile.recovery_site, Some(site.id));
        assert_eq!(m.fields.category, "Application");
    }

    mod import {
        use super::*;
        use crate::db::{ConnectOptions, connect};
        use crate::with_db;
        use chrono::Utc;

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
            let path =
                std::env::temp_dir().join(format!("seawall-systems-csv-{}.db", Uuid::new_v4()));
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
            let setup = Setup {
                db,
                org_id,
                actor: Actor {
                    id: user_id,
                    email: "ada@example.com".into(),
                },
                path,
            };
            let mut tx = setup.db.begin().await.unwrap();
            for name in ["Amsterdam DC", "Eindhoven DC"] {
                let fields = ResourceFields {
                    kind: NodeKind::Site,
                    name: name.into(),
                    owner_id: None,
                    category: "Data centre".into(),
                    contact: String::new(),
                    rto: None,
                    rpo: None,
                    notes: String::new(),
                };
                resources::create(&mut tx, org_id, &setup.actor, &fields)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
            setup
        }

        async fn run(setup: &Setup, text: &str) -> ImportReport {
            let rows = parse(text, Utc::now().date_naive()).expect("the file parses");
            let mut tx = setup.db.begin().await.unwrap();
            let report = import(&mut tx, setup.org_id, &setup.actor, rows)
                .await
                .unwrap();
            if report.errors.is_empty() {
                tx.commit().await.unwrap();
            }
            report
        }

        async fn state(setup: &Setup) -> String {
            export_org(&setup.db, setup.org_id).await.unwrap()
        }

        const HEADER: &str = "name,owner_email,component,tier,target_rto,target_rpo,primary_site,recovery_site,replication,replication_lag,full_backup_every,backup_copies,depends_on";

        #[tokio::test]
        async fn creates_updates_links_and_refuses_cycles_without_writing_anything() {
            let setup = setup().await;
            let report = run(
                &setup,
                &file(
                    HEADER,
                    &[
                        "Portal,ada@example.com,application,7,2h,15m,Amsterdam DC,Eindhoven DC,async,5m,1d,Snapshots | object_storage | Eindhoven | yes | no; Vault | tape | Iron Mountain | yes | yes,Database",
                        "Database,,database,6,4h,15m,amsterdam dc,,sync,,1d,,Storage",
                        "Storage,,storage,6,4h,15m,,,none,,1d,,",
                    ],
                ),
            )
            .await;
            assert!(report.errors.is_empty(), "{:#?}", report.errors);
            assert_eq!((report.created, report.updated), (3, 0));
            let loaded = crate::systems::ssr::load(&setup.db, setup.org_id)
                .await
                .unwrap();
            let portal = loaded
                .systems()
                .find(|r| r.name == "Portal")
                .unwrap()
                .clone();
            let database = loaded
                .systems()
                .find(|r| r.name == "Database")
                .unwrap()
                .clone();
            assert_eq!(portal.owner_id, Some(setup.actor.id));
            assert_eq!(portal.category, "Application");
            let profile = &loaded.profiles[&portal.id];
            assert_eq!(profile.tier, Some(7));
            assert_eq!(profile.design.replication_lag, Some(5));
            assert_eq!(profile.design.copies.len(), 2);
            assert_eq!(profile.design.copies[1].label, "Vault");
            assert!(profile.design.copies[1].offline);
            assert!(loaded.graph.edges.contains(&(portal.id, database.id)));
            // The roll-up sees the new chain: the database is required by the portal.
            assert_eq!(loaded.required(database.id).rto, Some(2 * HOUR));

            // Re-importing the export changes nothing.
            let exported = state(&setup).await;
            let report = run(&setup, &exported).await;
            assert!(report.errors.is_empty(), "{:#?}", report.errors);
            assert_eq!((report.created, report.updated), (0, 0));
            assert_eq!(state(&setup).await, exported);

            // A cycle (Storage → Portal → Database → Storage) is a row error,
            // and the other rows' changes (the rename to "portal", the tier)
            // are not kept either.
            let report = run(
                &setup,
                &file(
                    "name,tier,depends_on",
                    &["portal,7,Database", "Storage,7,Portal"],
                ),
            )
            .await;
            assert_eq!(lines(&report.errors), [3]);
            assert!(
                report.errors[0].message.starts_with(
                    "depends_on: That would make a cycle: Storage → portal → Database → Storage."
                ),
                "{:#?}",
                report.errors
            );
            assert_eq!((report.created, report.updated), (0, 0));
            assert_eq!(state(&setup).await, exported);

            // Unknown names and sites are found before anything is written.
            let report = run(
                &setup,
                &file(
                    "name,recovery_site,depends_on",
                    &["New,Nowhere,", "Portal,,Ghost"],
                ),
            )
            .await;
            assert_eq!(lines(&report.errors), [2, 3]);
            assert!(
                report.errors[0]
                    .message
                    .starts_with("recovery_site: There is no site called “Nowhere”")
            );
            assert!(
                report.errors[1]
                    .message
                    .contains("no system called “Ghost”, in the file or in the inventory")
            );
            assert_eq!(state(&setup).await, exported);

            // A file may turn a dependency round, and an empty cell drops
            // the system's dependencies on systems.
            let report = run(
                &setup,
                &file(
                    "name,depends_on",
                    &["Database,Portal", "Portal,", "Storage,"],
                ),
            )
            .await;
            assert!(report.errors.is_empty(), "{:#?}", report.errors);
            // Storage depended on no system, so it is unchanged.
            assert_eq!((report.created, report.updated), (0, 2));
            let edges = graph::edges(&setup.db, setup.org_id).await.unwrap();
            assert_eq!(edges, vec![(database.id, portal.id)]);
            let audit: Vec<String> = with_db!(&setup.db, pool => sqlx::query_scalar(
                "SELECT action FROM audit_log WHERE org_id = $1 ORDER BY id",
            )
            .bind(setup.org_id)
            .fetch_all(pool)
            .await)
            .unwrap();
            assert!(audit.iter().any(|a| a == "system.imported"));
            assert!(audit.iter().any(|a| a == "system.copies.imported"));
            for action in &audit {
                assert!(
                    crate::audit::ACTIONS.iter().any(|(key, _)| key == action),
                    "{action} has no label"
                );
            }
        }
    }
}
