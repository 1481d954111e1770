//! Durations as people write them ("4 h", "30 min", "2 weeks"), kept as whole
//! minutes everywhere else so comparisons are exact.

pub const HOUR: i64 = 60;
pub const DAY: i64 = 24 * HOUR;
pub const WEEK: i64 = 7 * DAY;
/// A month of the impact scale is 30 days: buckets are planning horizons,
/// not calendar months.
pub const MONTH: i64 = 30 * DAY;
/// Nothing in a continuity plan is measured in more than a year.
pub const MAX_MINUTES: i64 = 366 * DAY;

/// Parses "90", "90m", "90 min", "4h", "4 hours", "2d", "1 week", "1mo".
/// A bare number means hours, the unit BIA workshops think in.
pub fn parse(input: &str) -> Result<i64, String> {
    let text = input.trim().to_ascii_lowercase();
    if text.is_empty() {
        return Err("Enter a duration such as 4 h, 30 min or 2 weeks.".into());
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let unit = unit.trim();
    let value: f64 = number
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| {
            format!(
                "“{}” is not a duration. Write e.g. 4 h, 30 min or 2 weeks.",
                input.trim()
            )
        })?;
    let per = match unit {
        "" | "h" | "hr" | "hrs" | "hour" | "hours" => HOUR,
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "d" | "day" | "days" => DAY,
        "w" | "wk" | "wks" | "week" | "weeks" => WEEK,
        "mo" | "mon" | "month" | "months" => MONTH,
        _ => {
            return Err(format!(
                "Unknown unit “{unit}”. Use min, h, d, week or month."
            ));
        }
    };
    let minutes = (value * per as f64).round();
    if minutes < 1.0 {
        return Err("A duration must be at least one minute.".into());
    }
    if minutes > MAX_MINUTES as f64 {
        return Err("A duration can be at most one year.".into());
    }
    Ok(minutes as i64)
}

/// Parses an optional duration: an empty field means "not set".
pub fn parse_optional(input: &str) -> Result<Option<i64>, String> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse(input).map(Some)
    }
}

/// "15 min", "4 h", "1 h 30 min", "3 d", "1 week", "2 weeks", "1 month".
pub fn format(minutes: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if minutes <= 0 {
        return "0 min".into();
    }
    if minutes % MONTH == 0 {
        return plural(minutes / MONTH, "month");
    }
    if minutes % WEEK == 0 && minutes > 3 * DAY {
        return plural(minutes / WEEK, "week");
    }
    if minutes % DAY == 0 && minutes > 3 * DAY {
        return format!("{} d", minutes / DAY);
    }
    match (minutes / HOUR, minutes % HOUR) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// The compact form used in CSV files and form fields, which [`parse`] reads back.
pub fn compact(minutes: i64) -> String {
    if minutes % MONTH == 0 {
        format!("{}mo", minutes / MONTH)
    } else if minutes % WEEK == 0 && minutes > 3 * DAY {
        format!("{}w", minutes / WEEK)
    } else if minutes % HOUR == 0 {
        format!("{}h", minutes / HOUR)
    } else {
        format!("{minutes}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_ways_people_write_durations() {
        assert_eq!(parse("4"), Ok(240));
        assert_eq!(parse("4h"), Ok(240));
        assert_eq!(parse(" 4 hours "), Ok(240));
        assert_eq!(parse("30 min"), Ok(30));
        assert_eq!(parse("1.5h"), Ok(90));
        assert_eq!(parse("2d"), Ok(2 * DAY));
        assert_eq!(parse("1 week"), Ok(WEEK));
        assert_eq!(parse("2 Weeks"), Ok(2 * WEEK));
        assert_eq!(parse("1mo"), Ok(MONTH));
    }

    #[test]
    fn refuses_nonsense_with_a_message() {
        for bad in [
            "",
            "soon",
            "-4h",
            "4 parsecs",
            "0",
            "0.001m",
            "400d",
            "1e9",
            "NaN",
            "..h",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert_eq!(parse_optional("  "), Ok(None));
    }

    #[test]
    fn formats_like_the_impact_scale() {
        assert_eq!(format(15), "15 min");
        assert_eq!(format(240), "4 h");
        assert_eq!(format(90), "1 h 30 min");
        assert_eq!(format(24 * HOUR), "24 h");
        assert_eq!(format(72 * HOUR), "72 h");
        assert_eq!(format(4 * DAY), "4 d");
        assert_eq!(format(WEEK), "1 week");
        assert_eq!(format(2 * WEEK), "2 weeks");
        assert_eq!(format(MONTH), "1 month");
    }

    #[test]
    fn compact_form_reads_back() {
        for minutes in [
            15,
            60,
            90,
            240,
            DAY,
            3 * DAY,
            WEEK,
            2 * WEEK,
            MONTH,
            5 * DAY,
        ] {
            assert_eq!(parse(&compact(minutes)), Ok(minutes));
        }
    }
}
