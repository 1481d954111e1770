//! What a drill proved: each system's measured recovery time against its
//! RTO and measured data loss against its RPO, with the margin either way,
//! and the verdict for the drill as a whole.

use crate::bia::duration::format as dur;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    /// Nothing was measured, or there is no objective to measure against.
    NotMeasured,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "Pass",
            Verdict::Fail => "Fail",
            Verdict::NotMeasured => "Not measured",
        }
    }
}

/// One measurement against one objective, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub measured: Option<i64>,
    pub objective: Option<i64>,
    pub verdict: Verdict,
    /// Objective less measured: positive is headroom, negative the overrun.
    pub margin: Option<i64>,
}

impl Check {
    pub fn new(measured: Option<i64>, objective: Option<i64>) -> Check {
        let (verdict, margin) = match (measured, objective) {
            (Some(m), Some(o)) => (
                if m <= o { Verdict::Pass } else { Verdict::Fail },
                Some(o - m),
            ),
            _ => (Verdict::NotMeasured, None),
        };
        Check {
            measured,
            objective,
            verdict,
            margin,
        }
    }

    /// "32 min inside the 4 h RTO", "2 h 30 min over the 4 h RTO".
    pub fn describe(&self, what: &str) -> String {
        match (self.objective, self.margin) {
            (Some(o), Some(0)) => format!("exactly at the {} {what}", dur(o)),
            (Some(o), Some(m)) if m > 0 => format!("{} inside the {} {what}", dur(m), dur(o)),
            (Some(o), Some(m)) => format!("{} over the {} {what}", dur(-m), dur(o)),
            (None, _) => format!("no {what} to measure against"),
            (Some(_), None) => "not measured".into(),
        }
    }
}

/// What was measured for one system in a drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measured {
    pub recovery_minutes: Option<i64>,
    pub data_loss_minutes: Option<i64>,
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemResult {
    pub rto: Check,
    pub rpo: Check,
    pub verdict: Verdict,
}

pub fn system_result(m: &Measured) -> SystemResult {
    let rto = Check::new(m.recovery_minutes, m.rto);
    let rpo = Check::new(m.data_loss_minutes, m.rpo);
    SystemResult {
        rto,
        rpo,
        verdict: combine([rto.verdict, rpo.verdict]),
    }
}

/// A system the drill did not manage to recover fails, whatever else was
/// measured for it.
pub fn recovered_result(recovered: bool, m: &Measured) -> SystemResult {
    let mut r = system_result(m);
    if !recovered {
        r.verdict = Verdict::Fail;
    }
    r
}

/// A drill fails if anything in it failed, passes if something passed and
/// nothing failed, and is unmeasured otherwise.
pub fn combine(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let mut any_pass = false;
    for v in verdicts {
        match v {
            Verdict::Fail => return Verdict::Fail,
            Verdict::Pass => any_pass = true,
            Verdict::NotMeasured => {}
        }
    }
    if any_pass {
        Verdict::Pass
    } else {
        Verdict::NotMeasured
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeasureError {
    EndBeforeStart,
    Negative(&'static str),
}

impl std::fmt::Display for MeasureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeasureError::EndBeforeStart => f.write_str("The end must be after the start."),
            MeasureError::Negative(what) => write!(f, "The {what} cannot be negative."),
        }
    }
}

/// Minutes from `start` to `end`, refusing an end before the start.
pub fn elapsed(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<i64, MeasureError> {
    if end < start {
        return Err(MeasureError::EndBeforeStart);
    }
    Ok((end - start).num_minutes())
}

/// A measured time as people write it ("3 h 10 min", "45 min", "0"); empty
/// means not measured. Unlike an objective it may be zero (nothing lost),
/// and a negative value gets its own message rather than "not a duration".
pub fn parse_measured(input: &str, what: &'static str) -> Result<Option<i64>, String> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.starts_with('-') {
        return Err(MeasureError::Negative(what).to_string());
    }
    let digits: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.parse::<f64>().is_ok_and(|v| v == 0.0) {
        return Ok(Some(0));
    }
    // "3 h 10 min": each part is a duration of its own.
    let mut total = 0;
    for part in split_parts(text) {
        total += crate::bia::duration::parse(&part)?;
    }
    Ok(Some(total))
}

/// "3 h 10 min" → ["3 h", "10 min"]; "90 min" stays whole.
fn split_parts(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let starts_number = word.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        match parts.last_mut() {
            Some(last) if !starts_number => {
                last.push(' ');
                last.push_str(word);
            }
            _ => parts.push(word.to_string()),
        }
    }
    parts
}

/// Checks one system's measurements before they are stored.
pub fn check_measured(m: &Measured) -> Result<(), MeasureError> {
    if m.recovery_minutes.is_some_and(|v| v < 0) {
        return Err(MeasureError::Negative("recovery time"));
    }
    if m.data_loss_minutes.is_some_and(|v| v < 0) {
        return Err(MeasureError::Negative("data loss"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn measured(recovery: i64, loss: i64, rto: i64, rpo: i64) -> Measured {
        Measured {
            recovery_minutes: Some(recovery),
            data_loss_minutes: Some(loss),
            rto: Some(rto),
            rpo: Some(rpo),
        }
    }

    #[test]
    fn a_restore_inside_both_objectives_passes_with_its_headroom() {
        // Restored in 3 h 28 min against a 4 h RTO; 10 min of data lost against 15.
        let r = system_result(&measured(208, 10, 240, 15));
        assert_eq!(r.verdict, Verdict::Pass);
        assert_eq!(r.rto.margin, Some(32));
        assert_eq!(r.rto.describe("RTO"), "32 min inside the 4 h RTO");
        assert_eq!(r.rpo.margin, Some(5));
    }

    #[test]
    fn missing_the_rto_fails_and_says_by_how_much() {
        let r = system_result(&measured(390, 0, 240, 60));
        assert_eq!(r.verdict, Verdict::Fail);
        assert_eq!(r.rto.verdict, Verdict::Fail);
        assert_eq!(r.rpo.verdict, Verdict::Pass);
        assert_eq!(r.rto.margin, Some(-150));
        assert_eq!(r.rto.describe("RTO"), "2 h 30 min over the 4 h RTO");
    }

    #[test]
    fn meeting_an_objective_exactly_passes() {
        let r = system_result(&measured(240, 60, 240, 60));
        assert_eq!(r.verdict, Verdict::Pass);
        assert_eq!(r.rto.describe("RTO"), "exactly at the 4 h RTO");
    }

    #[test]
    fn unmeasured_or_objective_free_systems_do_not_decide_the_drill() {
        let none = system_result(&Measured {
            recovery_minutes: Some(30),
            data_loss_minutes: None,
            rto: None,
            rpo: Some(60),
        });
        assert_eq!(none.verdict, Verdict::NotMeasured);
        assert_eq!(none.rto.describe("RTO"), "no RTO to measure against");
        assert_eq!(
            combine([Verdict::Pass, none.verdict, Verdict::Pass]),
            Verdict::Pass
        );
        assert_eq!(
            combine([Verdict::Pass, Verdict::Fail, Verdict::NotMeasured]),
            Verdict::Fail
        );
        assert_eq!(combine([]), Verdict::NotMeasured);
    }

    #[test]
    fn a_system_not_recovered_fails_the_drill() {
        let r = recovered_result(false, &measured(30, 0, 240, 60));
        assert_eq!(r.verdict, Verdict::Fail);
        assert_eq!(r.rto.verdict, Verdict::Pass);
        assert_eq!(combine([Verdict::Pass, r.verdict]), Verdict::Fail);
    }

    #[test]
    fn measured_times_read_as_written_and_refuse_negatives() {
        assert_eq!(parse_measured("", "recovery time"), Ok(None));
        assert_eq!(parse_measured("0", "data loss"), Ok(Some(0)));
        assert_eq!(parse_measured("0 min", "data loss"), Ok(Some(0)));
        assert_eq!(parse_measured("45 min", "data loss"), Ok(Some(45)));
        assert_eq!(parse_measured("3 h 10 min", "recovery time"), Ok(Some(190)));
        assert_eq!(
            parse_measured("-5 min", "data loss"),
            Err("The data loss cannot be negative.".into())
        );
        assert!(parse_measured("soon", "recovery time").is_err());
    }

    #[test]
    fn an_end_before_the_start_and_negative_losses_are_refused() {
        let start = Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2027, 3, 1, 12, 45, 0).unwrap();
        assert_eq!(elapsed(start, end), Ok(225));
        assert_eq!(elapsed(end, start), Err(MeasureError::EndBeforeStart));
        let bad = measured(30, -5, 240, 60);
        assert_eq!(
            check_measured(&bad).unwrap_err().to_string(),
            "The data loss cannot be negative."
        );
        assert_eq!(check_measured(&measured(30, 0, 240, 60)), Ok(()));
    }
}
