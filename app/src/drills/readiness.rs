//! The figures a DR programme is run by: how long since the last drill, how
//! many drills passed, how measured restores compare with their RTOs, how
//! often data loss stayed inside the RPO, and the follow-up actions still
//! open. Rates look at the last twelve months, the span auditors review.

use super::result::{Check, Verdict};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What the figures need to know about one recorded drill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFacts {
    pub ended_at: DateTime<Utc>,
    pub verdict: Verdict,
    /// Per recovered system: recovery time against RTO, data loss against RPO.
    pub systems: Vec<(Check, Check)>,
}

/// One drill on the restore-time chart: its slowest measured recovery and
/// the RTO that system had to meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub at: DateTime<Utc>,
    pub recovery: i64,
    pub rto: Option<i64>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub last_drill: Option<DateTime<Utc>>,
    pub days_since_last: Option<i64>,
    /// Drills in the window that passed, and those that were decided
    /// (passed or failed; drills that measured nothing do not count).
    pub passed: usize,
    pub decided: usize,
    /// Mean measured recovery time and mean RTO over the same systems.
    pub mean_recovery: Option<i64>,
    pub mean_rto: Option<i64>,
    /// Measured data losses that had an RPO, and those inside it.
    pub rpo_checked: usize,
    pub rpo_met: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub overdue_plans: usize,
    pub plans: usize,
    /// The window's drills, oldest first, that measured a recovery.
    pub trend: Vec<TrendPoint>,
}

impl Readiness {
    /// Percent of decided drills that passed.
    pub fn success_rate(&self) -> Option<u32> {
        percent(self.passed, self.decided)
    }

    pub fn rpo_adherence(&self) -> Option<u32> {
        percent(self.rpo_met, self.rpo_checked)
    }
}

fn percent(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part * 100 + whole / 2) / whole) as u32)
}

/// An action as the figures see it: its due date and whether it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionFacts {
    pub due_on: NaiveDate,
    pub closed: bool,
}

/// Whether an open action's due date has passed (due today is not overdue).
pub fn action_overdue(a: ActionFacts, today: NaiveDate) -> bool {
    !a.closed && a.due_on < today
}

pub fn readiness(
    runs: &[RunFacts],
    actions: &[ActionFacts],
    plans: usize,
    overdue_plans: usize,
    now: DateTime<Utc>,
) -> Readiness {
    let window_start = now - Duration::days(365);
    let last_drill = runs.iter().map(|r| r.ended_at).filter(|t| *t <= now).max();
    let mut recent: Vec<&RunFacts> = runs
        .iter()
        .filter(|r| r.ended_at >= window_start && r.ended_at <= now)
        .collect();
    recent.sort_by_key(|r| r.ended_at);

    let passed = recent.iter().filter(|r| r.verdict == Verdict::Pass).count();
    let decided = recent
        .iter()
        .filter(|r| r.verdict != Verdict::NotMeasured)
        .count();

    let timed: Vec<(i64, i64)> = recent
        .iter()
        .flat_map(|r| r.systems.iter())
        .filter_map(|(rto, _)| Some((rto.measured?, rto.objective?)))
        .collect();
    let mean = |values: Vec<i64>| {
        (!values.is_empty()).then(|| {
            let n = values.len() as i64;
            (values.iter().sum::<i64>() + n / 2) / n
        })
    };
    let rpo: Vec<&Check> = recent
        .iter()
        .flat_map(|r| r.systems.iter().map(|(_, rpo)| rpo))
        .filter(|c| c.verdict != Verdict::NotMeasured)
        .collect();

    let trend = recent
        .iter()
        .filter_map(|r| {
            let slowest = r
                .systems
                .iter()
                .filter(|(rto, _)| rto.measured.is_some())
                .max_by_key(|(rto, _)| {
                    // The system that came closest to (or furthest over) its
                    // RTO, so the chart shows the drill's weakest point.
                    match (rto.measured, rto.objective) {
                        (Some(m), Some(o)) if o > 0 => m * 1000 / o,
                        (Some(m), _) => m,
                        _ => 0,
                    }
                })?;
            Some(TrendPoint {
                at: r.ended_at,
                recovery: slowest.0.measured?,
                rto: slowest.0.objective,
                verdict: r.verdict,
            })
        })
        .collect();

    let today = now.date_naive();
    Readiness {
        last_drill,
        // Calendar days, so the figure does not depend on the hour it is read.
        days_since_last: last_drill.map(|t| (today - t.date_naive()).num_days()),
        passed,
        decided,
        mean_recovery: mean(timed.iter().map(|(m, _)| *m).collect()),
        mean_rto: mean(timed.iter().map(|(_, o)| *o).collect()),
        rpo_checked: rpo.len(),
        rpo_met: rpo.iter().filter(|c| c.verdict == Verdict::Pass).count(),
        open_actions: actions.iter().filter(|a| !a.closed).count(),
        overdue_actions: actions
            .iter()
            .filter(|a| action_overdue(**a, today))
            .count(),
        overdue_plans,
        plans,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn run(ended: DateTime<Utc>, systems: &[(i64, i64, i64, i64)]) -> RunFacts {
        let systems: Vec<(Check, Check)> = systems
            .iter()
            .map(|&(rec, rto, loss, rpo)| {
                (
                    Check::new(Some(rec), Some(rto)),
                    Check::new(Some(loss), Some(rpo)),
                )
            })
            .collect();
        let verdict =
            super::super::result::combine(systems.iter().flat_map(|(a, b)| [a.verdict, b.verdict]));
        RunFacts {
            ended_at: ended,
            verdict,
            systems,
        }
    }

    #[test]
    fn figures_cover_the_last_twelve_months() {
        let now = at(2027, 6, 1);
        let runs = vec![
            // Two years ago: counts for "last drill" history but not rates.
            run(at(2025, 5, 1), &[(999, 60, 0, 15)]),
            // Passed: 3 h against 4 h, 10 min lost against 15.
            run(at(2026, 12, 1), &[(180, 240, 10, 15)]),
            // Failed: 6 h 30 min against 4 h; 0 lost against 60.
            run(at(2027, 3, 1), &[(390, 240, 0, 60), (30, 60, 20, 15)]),
        ];
        let r = readiness(&runs, &[], 2, 0, now);
        assert_eq!(r.last_drill, Some(at(2027, 3, 1)));
        assert_eq!(r.days_since_last, Some(92));
        assert_eq!((r.passed, r.decided), (1, 2));
        assert_eq!(r.success_rate(), Some(50));
        // (180 + 390 + 30) / 3 = 200 against (240 + 240 + 60) / 3 = 180.
        assert_eq!(r.mean_recovery, Some(200));
        assert_eq!(r.mean_rto, Some(180));
        // 10 ≤ 15 and 0 ≤ 60 met; 20 > 15 missed.
        assert_eq!((r.rpo_met, r.rpo_checked), (2, 3));
        assert_eq!(r.rpo_adherence(), Some(67));
        assert_eq!(r.trend.len(), 2);
        assert_eq!(r.trend[1].recovery, 390);
        assert_eq!(r.trend[1].verdict, Verdict::Fail);
    }

    #[test]
    fn no_drills_means_no_figures_rather_than_zeroes() {
        let r = readiness(&[], &[], 0, 0, at(2027, 1, 1));
        assert_eq!(r.days_since_last, None);
        assert_eq!(r.success_rate(), None);
        assert_eq!(r.rpo_adherence(), None);
        assert_eq!(r.mean_recovery, None);
        assert!(r.trend.is_empty());
    }

    #[test]
    fn actions_are_overdue_the_day_after_they_are_due() {
        let today = NaiveDate::from_ymd_opt(2027, 3, 10).unwrap();
        let due = |d: u32, closed: bool| ActionFacts {
            due_on: NaiveDate::from_ymd_opt(2027, 3, d).unwrap(),
            closed,
        };
        let actions = [due(9, false), due(10, false), due(1, true), due(20, false)];
        assert!(action_overdue(actions[0], today));
        assert!(!action_overdue(actions[1], today));
        assert!(!action_overdue(actions[2], today));
        let r = readiness(&[], &actions, 1, 1, at(2027, 3, 10));
        assert_eq!((r.open_actions, r.overdue_actions), (3, 1));
        assert_eq!(r.overdue_plans, 1);
    }

    #[test]
    fn the_trend_shows_each_drills_weakest_system() {
        // 50 min of a 60 min RTO is closer to the limit than 3 h of 8 h.
        let r = readiness(
            &[run(at(2027, 1, 5), &[(180, 480, 0, 60), (50, 60, 0, 60)])],
            &[],
            1,
            0,
            at(2027, 2, 1),
        );
        assert_eq!(r.trend[0].recovery, 50);
        assert_eq!(r.trend[0].rto, Some(60));
    }
}
