//! How often a drill repeats: every N days, weeks, months or years.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().trim_end_matches('s') {
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        }
    }

    /// The longest interval accepted in this unit: ten years. A drill that
    /// comes round less often than that is not a programme.
    pub fn max_every(self) -> u32 {
        match self {
            Unit::Day => 3653,
            Unit::Week => 522,
            Unit::Month => 120,
            Unit::Year => 10,
        }
    }

    pub fn name(self, n: u32) -> &'static str {
        match (self, n == 1) {
            (Unit::Day, true) => "day",
            (Unit::Day, false) => "days",
            (Unit::Week, true) => "week",
            (Unit::Week, false) => "weeks",
            (Unit::Month, true) => "month",
            (Unit::Month, false) => "months",
            (Unit::Year, true) => "year",
            (Unit::Year, false) => "years",
        }
    }
}

/// Every `every` units; `None` on a schedule means it happens once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub unit: Unit,
    pub every: u32,
}

impl Repeat {
    pub const DAILY: Repeat = Repeat {
        unit: Unit::Day,
        every: 1,
    };
    pub const WEEKLY: Repeat = Repeat {
        unit: Unit::Week,
        every: 1,
    };
    pub const MONTHLY: Repeat = Repeat {
        unit: Unit::Month,
        every: 1,
    };
    pub const QUARTERLY: Repeat = Repeat {
        unit: Unit::Month,
        every: 3,
    };
    pub const YEARLY: Repeat = Repeat {
        unit: Unit::Year,
        every: 1,
    };

    /// "quarterly", "every 2 weeks".
    pub fn describe(self) -> String {
        match self {
            Repeat::DAILY => "daily".into(),
            Repeat::WEEKLY => "weekly".into(),
            Repeat::MONTHLY => "monthly".into(),
            Repeat::QUARTERLY => "quarterly".into(),
            Repeat::YEARLY => "yearly".into(),
            Repeat {
                unit: Unit::Month,
                every: 6,
            } => "twice a year".into(),
            Repeat { unit, every } => format!("every {every} {}", unit.name(every)),
        }
    }

    /// The most days occurrences can be apart (months of 31 days, years of
    /// 366), so that an index worked out from it never overshoots.
    pub fn max_days(self) -> i64 {
        let every = i64::from(self.every);
        match self.unit {
            Unit::Day => every,
            Unit::Week => 7 * every,
            Unit::Month => 31 * every,
            Unit::Year => 366 * every,
        }
    }

    /// Roughly how many days apart occurrences are, to compare cadences.
    pub fn approx_days(self) -> i64 {
        let every = i64::from(self.every);
        match self.unit {
            Unit::Day => every,
            Unit::Week => 7 * every,
            Unit::Month => every * 365 / 12,
            Unit::Year => 365 * every,
        }
    }
}
