//! When drills happen: a first date and local time in the organisation's time
//! zone, repeated every N days, weeks, months or years.
//!
//! Occurrences are counted from the first date, never from the previous
//! occurrence, so a monthly drill on the 31st falls on the last day of
//! shorter months and returns to the 31st afterwards instead of drifting to
//! the 28th for good. Times are local: a 09:00 drill stays at 09:00 across
//! daylight-saving changes, and its UTC instant moves instead.

use super::repeat::{Repeat, Unit};
use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::Tz;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// The interval is zero or longer than ten years.
    Interval(String),
    /// The schedule ends before its first occurrence.
    NeverFires(String),
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleError::Interval(m) | ScheduleError::NeverFires(m) => f.write_str(m),
        }
    }
}

/// A drill's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub first: NaiveDate,
    pub at: NaiveTime,
    pub zone: Tz,
    pub repeat: Option<Repeat>,
    /// The last date an occurrence may fall on.
    pub until: Option<NaiveDate>,
}

/// At most this many occurrences are looked at per question: a daily drill
/// for ten years is 3,653 of them, and no calendar view needs more.
const MAX_OCCURRENCES: u32 = 4000;

impl Schedule {
    /// Checks that the schedule fires at least once and repeats sensibly.
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if let Some(r) = self.repeat
            && (r.every == 0 || r.every > r.unit.max_every())
        {
            return Err(ScheduleError::Interval(format!(
                "Repeat every 1 to {} {}.",
                r.unit.max_every(),
                r.unit.name(2)
            )));
        }
        if let Some(until) = self.until
            && until < self.first
        {
            return Err(ScheduleError::NeverFires(format!(
                "The schedule ends on {until}, before its first drill on {}, so it would never happen.",
                self.first
            )));
        }
        Ok(())
    }

    /// The local date of occurrence `n` (0 is the first), if there is one.
    pub fn nth_date(&self, n: u32) -> Option<NaiveDate> {
        let date = match (self.repeat, n) {
            (_, 0) => Some(self.first),
            (None, _) => None,
            (Some(r), n) => {
                let steps = r.every.checked_mul(n)?;
                match r.unit {
                    Unit::Day => self.first.checked_add_days(Days::new(steps.into())),
                    Unit::Week => self.first.checked_add_days(Days::new(u64::from(steps) * 7)),
                    // chrono clamps to the month's last day: Jan 31 + 1 month
                    // is Feb 28 (29 in a leap year), + 2 months Mar 31.
                    Unit::Month => self.first.checked_add_months(Months::new(steps)),
                    Unit::Year => self
                        .first
                        .checked_add_months(Months::new(steps.checked_mul(12)?)),
                }
            }
        }?;
        match self.until {
            Some(until) if date > until => None,
            _ => Some(date),
        }
    }

    /// The instant of occurrence `n`.
    pub fn nth(&self, n: u32) -> Option<DateTime<Utc>> {
        self.nth_date(n).map(|d| instant(self.zone, d, self.at))
    }

    /// Every occurrence in `[from, to)`, in order.
    pub fn between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        self.from(from).take_while(|t| *t < to).collect()
    }

    /// The first occurrence at or after `t`.
    pub fn next_from(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.from(t).next()
    }

    /// The occurrences at or after `t`, in order.
    pub fn from(&self, t: DateTime<Utc>) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        let start = self.first_index_from(t);
        (start..start.saturating_add(MAX_OCCURRENCES))
            .map_while(|n| self.nth(n))
            .skip_while(move |o| *o < t)
    }

    /// An index at or before the first occurrence at `t`, so that long-running
    /// schedules do not walk from their first date every time.
    fn first_index_from(&self, t: DateTime<Utc>) -> u32 {
        let Some(r) = self.repeat else { return 0 };
        let local = t.with_timezone(&self.zone).date_naive();
        let days = (local - self.first).num_days();
        if days <= 0 {
            return 0;
        }
        // One step back covers local time against UTC.
        let approx = (days / r.max_days().max(1) - 1).max(0);
        u32::try_from(approx).unwrap_or(u32::MAX)
    }
}

/// The instant of a local date and time. A time that does not exist (the
/// hour skipped when clocks go forward) is read with the offset in force
/// before the gap, as iCalendar does, so 02:30 becomes 03:30; a time that
/// happens twice (when clocks go back) is the first of the two.
pub fn instant(zone: Tz, date: NaiveDate, at: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(at);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Gaps are at most a few hours; find the last minute before it.
            let offset = (1..=24 * 60).find_map(|m| {
                zone.from_local_datetime(&(local - chrono::Duration::minutes(m)))
                    .latest()
                    .map(|t| t.offset().fix().local_minus_utc())
            });
            let seconds = i64::from(offset.unwrap_or(0));
            Utc.from_utc_datetime(&(local - chrono::Duration::seconds(seconds)))
        }
    }
}

/// A time zone by its IANA name ("Europe/London").
pub fn zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The last day of a date's month (for month views of the calendar).
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    }

    fn schedule(first: NaiveDate, repeat: Option<Repeat>, zone: Tz) -> Schedule {
        Schedule {
            first,
            at: nine(),
            zone,
            repeat,
            until: None,
        }
    }

    fn dates(s: &Schedule, n: u32) -> Vec<NaiveDate> {
        (0..n).filter_map(|i| s.nth_date(i)).collect()
    }

    #[test]
    fn monthly_on_the_31st_keeps_to_month_ends_without_drifting() {
        let s = schedule(day(2027, 1, 31), Some(Repeat::MONTHLY), Tz::UTC);
        assert_eq!(
            dates(&s, 5),
            [
                day(2027, 1, 31),
                day(2027, 2, 28),
                day(2027, 3, 31),
                day(2027, 4, 30),
                day(2027, 5, 31)
            ]
        );
        // In a leap year February has its 29th.
        let s = schedule(day(2028, 1, 31), Some(Repeat::MONTHLY), Tz::UTC);
        assert_eq!(s.nth_date(1), Some(day(2028, 2, 29)));
    }

    #[test]
    fn quarterly_from_november_crosses_the_year() {
        let s = schedule(day(2026, 11, 30), Some(Repeat::QUARTERLY), Tz::UTC);
        assert_eq!(
            dates(&s, 4),
            [
                day(2026, 11, 30),
                day(2027, 2, 28),
                day(2027, 5, 30),
                day(2027, 8, 30)
            ]
        );
    }

    #[test]
    fn yearly_on_the_29th_of_february_returns_to_it_in_leap_years() {
        let s = schedule(day(2028, 2, 29), Some(Repeat::YEARLY), Tz::UTC);
        assert_eq!(
            dates(&s, 5),
            [
                day(2028, 2, 29),
                day(2029, 2, 28),
                day(2030, 2, 28),
                day(2031, 2, 28),
                day(2032, 2, 29)
            ]
        );
    }

    #[test]
    fn weekly_and_custom_day_intervals() {
        let s = schedule(day(2026, 12, 28), Some(Repeat::WEEKLY), Tz::UTC);
        assert_eq!(s.nth_date(1), Some(day(2027, 1, 4)));
        let every_ten = Repeat {
            unit: Unit::Day,
            every: 10,
        };
        let s = schedule(day(2027, 2, 25), Some(every_ten), Tz::UTC);
        assert_eq!(s.nth_date(1), Some(day(2027, 3, 7)));
        assert_eq!(every_ten.describe(), "every 10 days");
        assert_eq!(Repeat::QUARTERLY.describe(), "quarterly");
    }

    #[test]
    fn local_time_holds_across_daylight_saving_changes() {
        let london: Tz = zone("Europe/London").unwrap();
        // 09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer.
        let s = schedule(day(2027, 3, 1), Some(Repeat::MONTHLY), london);
        assert_eq!(s.nth(0).unwrap().to_rfc3339(), "2027-03-01T09:00:00+00:00");
        assert_eq!(s.nth(1).unwrap().to_rfc3339(), "2027-04-01T08:00:00+00:00");
        // New York, the other way round the year's DST dates.
        let ny: Tz = zone("America/New_York").unwrap();
        let s = schedule(day(2027, 10, 15), Some(Repeat::MONTHLY), ny);
        assert_eq!(s.nth(0).unwrap().to_rfc3339(), "2027-10-15T13:00:00+00:00");
        assert_eq!(s.nth(1).unwrap().to_rfc3339(), "2027-11-15T14:00:00+00:00");
    }

    #[test]
    fn skipped_and_repeated_local_times_resolve_to_one_instant() {
        let berlin: Tz = zone("Europe/Berlin").unwrap();
        let half_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        // 28 March 2027: clocks go from 02:00 to 03:00, so 02:30 does not
        // exist; read in winter time it is 03:30 summer time.
        let t = instant(berlin, day(2027, 3, 28), half_two);
        assert_eq!(t.to_rfc3339(), "2027-03-28T01:30:00+00:00");
        // 31 October 2027: 02:30 happens twice; the first is in summer time.
        let t = instant(berlin, day(2027, 10, 31), half_two);
        assert_eq!(t.to_rfc3339(), "2027-10-31T00:30:00+00:00");
    }

    #[test]
    fn occurrences_in_a_window_and_the_next_one() {
        let s = Schedule {
            until: Some(day(2027, 12, 31)),
            ..schedule(day(2027, 1, 15), Some(Repeat::QUARTERLY), Tz::UTC)
        };
        let from = Utc.with_ymd_and_hms(2027, 4, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2028, 6, 1, 0, 0, 0).unwrap();
        let found: Vec<_> = s.between(from, to).iter().map(|t| t.date_naive()).collect();
        assert_eq!(
            found,
            [day(2027, 4, 15), day(2027, 7, 15), day(2027, 10, 15)]
        );
        // On the day, after the drill's time, the next is the following quarter.
        let after = Utc.with_ymd_and_hms(2027, 4, 15, 10, 0, 0).unwrap();
        assert_eq!(s.next_from(after).unwrap().date_naive(), day(2027, 7, 15));
        // Past the end there is none.
        let late = Utc.with_ymd_and_hms(2027, 10, 16, 0, 0, 0).unwrap();
        assert_eq!(s.next_from(late), None);
        // A one-off drill happens once.
        let once = schedule(day(2027, 5, 5), None, Tz::UTC);
        assert_eq!(once.nth_date(1), None);
        assert_eq!(once.between(from, to).len(), 1);
    }

    #[test]
    fn far_into_a_daily_schedule_the_window_is_found_directly() {
        let s = schedule(day(2020, 1, 1), Some(Repeat::DAILY), Tz::UTC);
        let from = Utc.with_ymd_and_hms(2029, 2, 27, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2029, 3, 2, 0, 0, 0).unwrap();
        let found: Vec<_> = s.between(from, to).iter().map(|t| t.date_naive()).collect();
        assert_eq!(found, [day(2029, 2, 27), day(2029, 2, 28), day(2029, 3, 1)]);
    }

    #[test]
    fn schedules_that_never_fire_or_repeat_absurdly_are_refused() {
        let mut s = schedule(day(2027, 6, 1), Some(Repeat::MONTHLY), Tz::UTC);
        s.until = Some(day(2027, 5, 31));
        assert!(matches!(s.validate(), Err(ScheduleError::NeverFires(_))));
        s.until = Some(day(2027, 6, 1));
        assert_eq!(s.validate(), Ok(()));
        s.repeat = Some(Repeat {
            unit: Unit::Month,
            every: 0,
        });
        assert_eq!(
            s.validate().unwrap_err().to_string(),
            "Repeat every 1 to 120 months."
        );
        s.repeat = Some(Repeat {
            unit: Unit::Year,
            every: 11,
        });
        assert!(matches!(s.validate(), Err(ScheduleError::Interval(_))));
    }

    #[test]
    fn units_and_zones_parse_by_name() {
        assert_eq!(Unit::parse("Months"), Some(Unit::Month));
        assert_eq!(Unit::parse("fortnight"), None);
        assert!(zone("Europe/Dublin").is_some());
        assert!(zone("Mars/Olympus_Mons").is_none());
        assert_eq!(month_end(day(2028, 2, 10)), day(2028, 2, 29));
        assert_eq!(month_end(day(2027, 12, 1)), day(2027, 12, 31));
    }
}
