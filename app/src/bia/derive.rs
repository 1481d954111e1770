//! What the BIA derives from an assessment: the MTPD, a suggested RTO, the
//! criticality tier, and whether the adopted RTO fits. Every value comes with
//! the sentence that explains it, because a number nobody can justify does
//! not survive an audit.

use super::duration::{self, DAY, HOUR, WEEK};
use super::scale::ImpactScale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Ratings per category key, per bucket (minutes); losses per bucket.
/// Keyed by bucket length rather than position so that changing the scale's
/// buckets keeps every rating that still has a bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    #[serde(default)]
    pub ratings: BTreeMap<String, BTreeMap<i64, u8>>,
    /// Cumulative estimated loss if the process is down this long, in whole
    /// units of the organisation's currency.
    #[serde(default)]
    pub losses: BTreeMap<i64, i64>,
}

impl Assessment {
    pub fn rating(&self, category: &str, bucket: i64) -> Option<u8> {
        self.ratings
            .get(category)
            .and_then(|r| r.get(&bucket))
            .copied()
    }

    pub fn loss(&self, bucket: i64) -> Option<i64> {
        self.losses.get(&bucket).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.ratings.values().all(BTreeMap::is_empty) && self.losses.is_empty()
    }
}

/// A problem with one category's row (or the loss row, key `loss`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub key: String,
    pub message: String,
}

/// Impact cannot shrink while an outage goes on: each rating must be at least
/// the one before it, and cumulative losses cannot fall. Unrated buckets are
/// skipped. Also refuses ratings outside 1–5 and negative losses.
pub fn check(scale: &ImpactScale, assessment: &Assessment) -> Vec<RowProblem> {
    let mut problems = Vec::new();
    for category in &scale.categories {
        let mut previous: Option<(i64, u8)> = None;
        for &bucket in &scale.buckets {
            let Some(rating) = assessment.rating(&category.key, bucket) else {
                continue;
            };
            if !(1..=super::scale::LEVELS).contains(&rating) {
                problems.push(RowProblem {
                    key: category.key.clone(),
                    message: format!(
                        "{} at {}: ratings run from 1 to 5.",
                        category.label,
                        duration::format(bucket)
                    ),
                });
                break;
            }
            if let Some((at, before)) = previous
                && rating < before
            {
                problems.push(RowProblem {
                    key: category.key.clone(),
                    message: format!(
                        "{} impact drops from {before} at {} to {rating} at {}; impact cannot decrease as an outage goes on.",
                        category.label,
                        duration::format(at),
                        duration::format(bucket)
                    ),
                });
                break;
            }
            previous = Some((bucket, rating));
        }
    }
    let mut previous: Option<(i64, i64)> = None;
    for &bucket in &scale.buckets {
        let Some(loss) = assessment.loss(bucket) else {
            continue;
        };
        if loss < 0 {
            problems.push(RowProblem {
                key: super::scale::LOSS_KEY.into(),
                message: format!(
                    "The loss at {} is negative; enter the estimated loss as a positive amount.",
                    duration::format(bucket)
                ),
            });
            break;
        }
        if let Some((at, before)) = previous
            && loss < before
        {
            problems.push(RowProblem {
                key: super::scale::LOSS_KEY.into(),
                message: format!(
                    "The loss falls from {before} at {} to {loss} at {}; losses are cumulative and cannot fall.",
                    duration::format(at),
                    duration::format(bucket)
                ),
            });
            break;
        }
        previous = Some((bucket, loss));
    }
    problems
}

/// Criticality tiers follow from the MTPD: the shorter the tolerable outage,
/// the higher the priority in recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tier(pub u8);

impl Tier {
    pub fn from_mtpd(mtpd: Option<i64>) -> Tier {
        match mtpd {
            Some(m) if m <= 4 * HOUR => Tier(1),
            Some(m) if m <= DAY => Tier(2),
            Some(m) if m <= 3 * DAY => Tier(3),
            Some(m) if m <= WEEK => Tier(4),
            _ => Tier(5),
        }
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "Tier 1 · mission-critical",
            2 => "Tier 2 · critical",
            3 => "Tier 3 · essential",
            4 => "Tier 4 · important",
            _ => "Tier 5 · deferrable",
        }
    }

    pub fn rule(self) -> &'static str {
        match self.0 {
            1 => "MTPD of 4 h or less",
            2 => "MTPD over 4 h, up to 24 h",
            3 => "MTPD over 24 h, up to 72 h",
            4 => "MTPD over 72 h, up to 1 week",
            _ => "MTPD over 1 week, or none within the scale",
        }
    }
}

/// The recovery objectives a process owner sets, beside the assessment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objectives {
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    /// Work-recovery time: catching up after systems are back.
    pub wrt: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub mtpd: Option<i64>,
    pub mtpd_reason: String,
    pub tier: Tier,
    pub tier_reason: String,
    pub suggested_rto: Option<i64>,
    pub suggested_reason: String,
    /// The adopted RTO does not fit inside the MTPD: an error to fix.
    pub rto_error: Option<String>,
    /// The adopted RTO fits, but leaves less than the work-recovery time.
    pub rto_warning: Option<String>,
    /// Categories with no rating at all.
    pub unrated: Vec<String>,
    /// The largest estimated loss within the MTPD (or the whole scale).
    pub loss_at_mtpd: Option<i64>,
}

fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub fn derive(scale: &ImpactScale, assessment: &Assessment, objectives: Objectives) -> Derived {
    let threshold = scale.threshold;
    let mut mtpd = None;
    let mut reasons = Vec::new();
    for &bucket in &scale.buckets {
        for category in &scale.categories {
            if let Some(rating) = assessment.rating(&category.key, bucket)
                && rating >= threshold
            {
                reasons.push(format!(
                    "{} impact reaches {rating}",
                    category.label.to_lowercase()
                ));
            }
        }
        if !reasons.is_empty() {
            mtpd = Some(bucket);
            break;
        }
    }
    let unrated: Vec<String> = scale
        .categories
        .iter()
        .filter(|c| {
            scale
                .buckets
                .iter()
                .all(|&b| assessment.rating(&c.key, b).is_none())
        })
        .map(|c| c.label.clone())
        .collect();
    let horizon = scale.buckets.last().copied().unwrap_or(0);
    let mtpd_reason = match mtpd {
        Some(m) => format!(
            "MTPD {} because {} at {} (threshold {threshold}).",
            duration::format(m),
            join_names(&reasons),
            duration::format(m)
        ),
        None if assessment.is_empty() => "No MTPD yet: rate the impact over time first.".into(),
        None => format!(
            "No category reaches the intolerance threshold ({threshold}) within {}, so the MTPD lies beyond the scale.",
            duration::format(horizon)
        ),
    };
    let tier = Tier::from_mtpd(mtpd);
    let tier_reason = format!("{} because of its {}.", tier.label(), tier.rule());

    let wrt = objectives.wrt.unwrap_or(0);
    let (suggested_rto, suggested_reason) = match mtpd {
        None => (None, "Set once the assessment gives an MTPD.".to_string()),
        Some(m) if wrt >= m => (
            None,
            format!(
                "The work-recovery time ({}) uses the whole MTPD ({}); shorten it to leave time to restore.",
                duration::format(wrt),
                duration::format(m)
            ),
        ),
        Some(m) if wrt > 0 => (
            Some(m - wrt),
            format!(
                "MTPD {} less the work-recovery time of {} leaves {} to restore.",
                duration::format(m),
                duration::format(wrt),
                duration::format(m - wrt)
            ),
        ),
        Some(m) => {
            // Without a work-recovery time, aim for the bucket before the
            // MTPD (or half of the first bucket) so the RTO stays below it.
            let below = scale
                .buckets
                .iter()
                .rev()
                .find(|&&b| b < m)
                .copied()
                .unwrap_or((m / 2).max(1));
            (
                Some(below),
                format!(
                    "No work-recovery time is set, so the suggestion is the step below the MTPD ({}); set one to size it properly.",
                    duration::format(m)
                ),
            )
        }
    };

    let (mut rto_error, mut rto_warning) = (None, None);
    if let (Some(rto), Some(m)) = (objectives.rto, mtpd) {
        if rto >= m {
            rto_error = Some(format!(
                "The RTO of {} is not shorter than the MTPD of {}: by the time the process is back, the damage is already intolerable. Set an RTO below {}.",
                duration::format(rto),
                duration::format(m),
                duration::format(m)
            ));
        } else if rto + wrt > m {
            rto_warning = Some(format!(
                "RTO {} plus work-recovery time {} exceeds the MTPD of {}.",
                duration::format(rto),
                duration::format(wrt),
                duration::format(m)
            ));
        }
    }
    let within = mtpd.unwrap_or(horizon);
    let loss_at_mtpd = scale
        .buckets
        .iter()
        .filter(|&&b| b <= within)
        .filter_map(|&b| assessment.loss(b))
        .max();
    Derived {
        mtpd,
        mtpd_reason,
        tier,
        tier_reason,
        suggested_rto,
        suggested_reason,
        rto_error,
        rto_warning,
        unrated,
        loss_at_mtpd,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(a: &mut Assessment, key: &str, row: &[(i64, u8)]) {
        a.ratings.insert(
            key.into(),
            row.iter().map(|&(b, r)| (b * HOUR, r)).collect(),
        );
    }

    #[test]
    fn mtpd_is_the_first_bucket_where_any_category_reaches_the_threshold() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(
            &mut a,
            "financial",
            &[(1, 1), (4, 2), (8, 3), (24, 3), (48, 4)],
        );
        rate(
            &mut a,
            "customer",
            &[(1, 1), (4, 2), (8, 3), (24, 4), (48, 5)],
        );
        let d = derive(&scale, &a, Objectives::default());
        assert_eq!(d.mtpd, Some(24 * HOUR));
        assert_eq!(
            d.mtpd_reason,
            "MTPD 24 h because customer impact reaches 4 at 24 h (threshold 4)."
        );
        assert_eq!(d.tier, Tier(2));
        assert_eq!(d.unrated.len(), 4);
    }

    #[test]
    fn every_category_reaching_the_threshold_at_once_is_named() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "financial", &[(4, 5)]);
        rate(&mut a, "legal", &[(1, 2), (4, 4)]);
        let d = derive(&scale, &a, Objectives::default());
        assert_eq!(d.mtpd, Some(4 * HOUR));
        assert!(
            d.mtpd_reason.contains(
                "financial impact reaches 5 and legal & regulatory impact reaches 4 at 4 h"
            )
        );
        assert_eq!(d.tier, Tier(1));
    }

    #[test]
    fn a_different_threshold_moves_the_mtpd() {
        let mut scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "operational", &[(1, 2), (8, 3), (72, 4), (168, 5)]);
        assert_eq!(
            derive(&scale, &a, Objectives::default()).mtpd,
            Some(72 * HOUR)
        );
        scale.threshold = 3;
        assert_eq!(
            derive(&scale, &a, Objectives::default()).mtpd,
            Some(8 * HOUR)
        );
        scale.threshold = 5;
        let d = derive(&scale, &a, Objectives::default());
        assert_eq!(d.mtpd, Some(WEEK));
        assert_eq!(d.tier, Tier(4));
    }

    #[test]
    fn no_mtpd_when_nothing_is_intolerable() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "operational", &[(1, 1), (720, 3)]);
        let d = derive(&scale, &a, Objectives::default());
        assert_eq!(d.mtpd, None);
        assert_eq!(d.tier, Tier(5));
        assert!(
            d.mtpd_reason.contains("beyond the scale"),
            "{}",
            d.mtpd_reason
        );
        assert!(
            derive(&scale, &Assessment::default(), Objectives::default())
                .mtpd_reason
                .starts_with("No MTPD yet")
        );
    }

    #[test]
    fn suggested_rto_leaves_room_for_work_recovery() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "customer", &[(24, 4)]);
        let with_wrt = Objectives {
            wrt: Some(6 * HOUR),
            ..Default::default()
        };
        let d = derive(&scale, &a, with_wrt);
        assert_eq!(d.suggested_rto, Some(18 * HOUR));
        assert_eq!(
            d.suggested_reason,
            "MTPD 24 h less the work-recovery time of 6 h leaves 18 h to restore."
        );
        // Without a work-recovery time: the bucket below the MTPD.
        assert_eq!(
            derive(&scale, &a, Objectives::default()).suggested_rto,
            Some(8 * HOUR)
        );
        // A work-recovery time that eats the MTPD leaves nothing to suggest.
        let all = Objectives {
            wrt: Some(24 * HOUR),
            ..Default::default()
        };
        assert_eq!(derive(&scale, &a, all).suggested_rto, None);
        // MTPD in the first bucket: half of it.
        let mut early = Assessment::default();
        rate(&mut early, "safety", &[(1, 5)]);
        assert_eq!(
            derive(&scale, &early, Objectives::default()).suggested_rto,
            Some(30)
        );
    }

    #[test]
    fn an_rto_at_or_beyond_the_mtpd_is_an_error_and_explained() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "customer", &[(24, 4)]);
        let at = Objectives {
            rto: Some(24 * HOUR),
            ..Default::default()
        };
        let d = derive(&scale, &a, at);
        assert!(
            d.rto_error
                .unwrap()
                .starts_with("The RTO of 24 h is not shorter than the MTPD of 24 h")
        );
        let tight = Objectives {
            rto: Some(20 * HOUR),
            wrt: Some(8 * HOUR),
            rpo: None,
        };
        let d = derive(&scale, &a, tight);
        assert_eq!(d.rto_error, None);
        assert_eq!(
            d.rto_warning.unwrap(),
            "RTO 20 h plus work-recovery time 8 h exceeds the MTPD of 24 h."
        );
        let fine = Objectives {
            rto: Some(8 * HOUR),
            wrt: Some(8 * HOUR),
            rpo: None,
        };
        let d = derive(&scale, &a, fine);
        assert_eq!((d.rto_error, d.rto_warning), (None, None));
    }

    #[test]
    fn ratings_may_not_decrease_over_time() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "customer", &[(1, 2), (4, 2), (24, 4), (72, 4)]);
        assert!(check(&scale, &a).is_empty());
        // Gaps are skipped: 2 at 4 h, unrated at 8 h, 1 at 24 h is still a drop.
        rate(&mut a, "reputational", &[(1, 1), (4, 2), (24, 1)]);
        let problems = check(&scale, &a);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "reputational");
        assert_eq!(
            problems[0].message,
            "Reputational impact drops from 2 at 4 h to 1 at 24 h; impact cannot decrease as an outage goes on."
        );
    }

    #[test]
    fn out_of_range_ratings_and_falling_losses_are_refused() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "customer", &[(1, 0)]);
        a.losses = [(HOUR, 1000), (4 * HOUR, 500)].into();
        let keys: Vec<_> = check(&scale, &a).into_iter().map(|p| p.key).collect();
        assert_eq!(keys, ["customer", "loss"]);
        a.ratings.clear();
        a.losses = [(HOUR, -5)].into();
        assert!(check(&scale, &a)[0].message.contains("negative"));
    }

    #[test]
    fn loss_at_mtpd_is_the_largest_loss_within_it() {
        let scale = ImpactScale::default();
        let mut a = Assessment::default();
        rate(&mut a, "financial", &[(8, 4)]);
        a.losses = [
            (HOUR, 1_000),
            (4 * HOUR, 5_000),
            (8 * HOUR, 20_000),
            (24 * HOUR, 90_000),
        ]
        .into();
        assert_eq!(
            derive(&scale, &a, Objectives::default()).loss_at_mtpd,
            Some(20_000)
        );
    }
}
