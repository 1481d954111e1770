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

    pub fn key(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
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

    /// The choices of the schedule form, as (key, label).
    pub const CHOICES: [(&'static str, &'static str); 8] = [
        ("once", "Once"),
        ("daily", "Daily"),
        ("weekly", "Weekly"),
        ("monthly", "Monthly"),
        ("quarterly", "Quarterly"),
        ("half_yearly", "Twice a year"),
        ("yearly", "Yearly"),
        ("custom", "Custom interval"),
    ];

    /// The repeat a form chose: a named cadence, or `every` `unit`s for a
    /// custom interval. `None` means the drill happens once.
    pub fn from_choice(choice: &str, every: &str, unit: &str) -> Result<Option<Repeat>, String> {
        let named = |unit, every| Ok(Some(Repeat { unit, every }));
        match choice.trim() {
            "once" | "" => Ok(None),
            "daily" => named(Unit::Day, 1),
            "weekly" => named(Unit::Week, 1),
            "monthly" => named(Unit::Month, 1),
            "quarterly" => named(Unit::Month, 3),
            "half_yearly" => named(Unit::Month, 6),
            "yearly" => named(Unit::Year, 1),
            "custom" => {
                let unit = Unit::parse(unit).ok_or("Choose days, weeks, months or years.")?;
                let every: u32 = every
                    .trim()
                    .parse()
                    .map_err(|_| "Enter how many units apart, e.g. 2.".to_string())?;
                Ok(Some(Repeat { unit, every }))
            }
            other => Err(format!("“{other}” is not a schedule Seawall knows.")),
        }
    }

    /// The form choice that shows this repeat.
    pub fn choice(repeat: Option<Repeat>) -> &'static str {
        match repeat {
            None => "once",
            Some(Repeat::DAILY) => "daily",
            Some(Repeat::WEEKLY) => "weekly",
            Some(Repeat::MONTHLY) => "monthly",
            Some(Repeat::QUARTERLY) => "quarterly",
            Some(Repeat {
                unit: Unit::Month,
                every: 6,
            }) => "half_yearly",
            Some(Repeat::YEARLY) => "yearly",
            Some(_) => "custom",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_choices_round_trip() {
        for (key, _) in Repeat::CHOICES {
            if key == "custom" {
                continue;
            }
            let r = Repeat::from_choice(key, "", "").unwrap();
            assert_eq!(Repeat::choice(r), key);
        }
        let r = Repeat::from_choice("custom", "10", "days")
            .unwrap()
            .unwrap();
        assert_eq!((r.unit, r.every), (Unit::Day, 10));
        assert_eq!(Repeat::choice(Some(r)), "custom");
        assert!(Repeat::from_choice("custom", "ten", "days").is_err());
        assert!(Repeat::from_choice("custom", "2", "fortnights").is_err());
        assert!(Repeat::from_choice("hourly", "", "").is_err());
    }
}
