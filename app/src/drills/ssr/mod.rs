//! The drill programme on the server: reading it whole for an organisation,
//! working out where each schedule stands, and the calendar feed.

pub mod feed;
pub mod figures;
pub mod store;

use super::recurrence::{Schedule, instant};
use super::repeat::{Repeat, Unit};
use super::result::{Measured, SystemResult, Verdict, combine, recovered_result};
use super::{DrillKind, PlanFields, PlanSummary, RunBrief};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

/// A plan as stored.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: Uuid,
    pub fields: PlanFields,
    pub owner: Option<String>,
    pub scope: Vec<Uuid>,
}

impl Plan {
    pub fn zone(&self) -> Tz {
        super::recurrence::zone(&self.fields.zone).unwrap_or(Tz::UTC)
    }

    pub fn schedule(&self) -> Schedule {
        Schedule {
            first: self.fields.first_on,
            at: parse_time(&self.fields.at_time).unwrap_or(NaiveTime::MIN),
            zone: self.zone(),
            repeat: self.fields.repeat,
            until: self.fields.until_on,
        }
    }

    /// The oldest occurrence not yet carried out: the one after the latest
    /// occurrence a run was recorded against, or the first.
    pub fn next_due(&self, runs: &[Run]) -> Option<DateTime<Utc>> {
        let schedule = self.schedule();
        let done = runs
            .iter()
            .filter(|r| r.plan_id == self.id)
            .filter_map(|r| r.occurrence)
            .max();
        match done {
            Some(t) => schedule.next_from(t + Duration::seconds(1)),
            None => schedule.nth(0),
        }
    }

    /// "Quarterly from 1 Mar 2027 at 09:00 Europe/London".
    pub fn schedule_text(&self) -> String {
        let f = &self.fields;
        let mut text = match f.repeat {
            Some(r) => format!(
                "{} from {}",
                capitalise(&r.describe()),
                f.first_on.format("%-d %b %Y")
            ),
            None => format!("Once, on {}", f.first_on.format("%-d %b %Y")),
        };
        text.push_str(&format!(" at {} {}", f.at_time, f.zone));
        if let (Some(until), Some(_)) = (f.until_on, f.repeat) {
            text.push_str(&format!(", until {}", until.format("%-d %b %Y")));
        }
        text
    }

    pub fn local(&self, t: DateTime<Utc>) -> String {
        local_text(t, self.zone())
    }

    pub fn summary(&self, runs: &[Run], now: DateTime<Utc>) -> PlanSummary {
        let next = self.next_due(runs);
        let last_run = runs
            .iter()
            .filter(|r| r.plan_id == self.id)
            .max_by_key(|r| r.started_at)
            .map(|r| r.brief(self));
        PlanSummary {
            id: self.id,
            title: self.fields.title.clone(),
            kind: self.fields.kind,
            repeat: self.fields.repeat,
            schedule: self.schedule_text(),
            owner: self.owner.clone(),
            next,
            next_local: next.map(|t| self.local(t)),
            overdue: next.is_some_and(|t| t < now),
            last_run,
            scope: self.scope.len(),
        }
    }
}

/// One system measured in a run.
#[derive(Debug, Clone)]
pub struct Measure {
    pub id: Uuid,
    pub system_id: Option<Uuid>,
    pub system_name: String,
    pub recovered: bool,
    pub measured: Measured,
    pub notes: String,
}

impl Measure {
    pub fn result(&self) -> SystemResult {
        recovered_result(self.recovered, &self.measured)
    }
}

#[derive(Debug, Clone)]
pub struct Run {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub occurrence: Option<DateTime<Utc>>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub issues: String,
    pub lessons: String,
    pub recorded_by: Option<String>,
    pub systems: Vec<Measure>,
}

impl Run {
    pub fn verdict(&self) -> Verdict {
        combine(self.systems.iter().map(|m| m.result().verdict))
    }

    pub fn brief(&self, plan: &Plan) -> RunBrief {
        RunBrief {
            id: self.id,
            plan_title: plan.fields.title.clone(),
            kind: plan.fields.kind,
            started_at: self.started_at,
            verdict: self.verdict(),
            failed_systems: self
                .systems
                .iter()
                .filter(|m| m.result().verdict == Verdict::Fail)
                .count(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Action {
    pub id: Uuid,
    pub run_id: Uuid,
    pub title: String,
    pub owner_id: Option<Uuid>,
    pub owner: Option<String>,
    pub due_on: NaiveDate,
    pub closed_at: Option<DateTime<Utc>>,
}

/// "Mon 1 Mar 2027, 09:00 Europe/London".
pub fn local_text(t: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{} {}",
        t.with_timezone(&zone).format("%a %-d %b %Y, %H:%M"),
        zone.name()
    )
}

/// "Tue 25 Aug 2026, 09:00–15:30 Europe/London", naming both dates when
/// the span crosses midnight.
pub fn span_text(start: DateTime<Utc>, end: DateTime<Utc>, zone: Tz) -> String {
    let (s, e) = (start.with_timezone(&zone), end.with_timezone(&zone));
    let from = s.format("%a %-d %b %Y, %H:%M");
    if s.date_naive() == e.date_naive() {
        format!("{from}–{} {}", e.format("%H:%M"), zone.name())
    } else {
        format!(
            "{from} to {} {}",
            e.format("%a %-d %b %Y, %H:%M"),
            zone.name()
        )
    }
}

/// The value of a `datetime-local` input for `t` in `zone`.
pub fn input_value(t: DateTime<Utc>, zone: Tz) -> String {
    t.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// Reads a `datetime-local` value ("2027-03-01T09:00") as a time in `zone`.
pub fn parse_local(input: &str, zone: Tz, what: &str) -> Result<DateTime<Utc>, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err(format!("Enter the {what}."));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| format!("Enter the {what} as a date and time, e.g. 2027-03-01 09:00."))?;
    Ok(instant(zone, local.date(), local.time()))
}

pub fn parse_time(input: &str) -> Option<NaiveTime> {
    let text = input.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// Decodes a stored repeat; anything unreadable means "once".
pub fn repeat_of(unit: Option<&str>, every: Option<i64>) -> Option<Repeat> {
    let unit = Unit::parse(unit?)?;
    let every = u32::try_from(every?).ok()?;
    Some(Repeat { unit, every })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub fn kind_of(key: &str) -> DrillKind {
    DrillKind::parse(key).unwrap_or(DrillKind::Tabletop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_inputs_are_read_in_the_plans_zone() {
        let london: Tz = "Europe/London".parse().unwrap();
        let t = parse_local("2027-07-01T09:30", london, "start").unwrap();
        assert_eq!(t.to_rfc3339(), "2027-07-01T08:30:00+00:00");
        assert_eq!(input_value(t, london), "2027-07-01T09:30");
        assert_eq!(local_text(t, london), "Thu 1 Jul 2027, 09:30 Europe/London");
        assert_eq!(
            parse_local("", london, "start").unwrap_err(),
            "Enter the start."
        );
        assert!(parse_local("yesterday", london, "end").is_err());
        let end = t + Duration::hours(6);
        assert_eq!(
            span_text(t, end, london),
            "Thu 1 Jul 2027, 09:30–15:30 Europe/London"
        );
        assert_eq!(
            span_text(t, t + Duration::hours(20), london),
            "Thu 1 Jul 2027, 09:30 to Fri 2 Jul 2027, 05:30 Europe/London"
        );
    }

    #[test]
    fn stored_repeats_decode_or_fall_back_to_once() {
        assert_eq!(repeat_of(Some("month"), Some(3)), Some(Repeat::QUARTERLY));
        assert_eq!(repeat_of(None, Some(3)), None);
        assert_eq!(repeat_of(Some("month"), Some(-1)), None);
    }
}
