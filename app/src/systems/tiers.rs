//! DR tiers on the SHARE 0–7 scale, with the simpler 0–5 scale and the cloud
//! strategies beside them, and the recommendation of the lowest tier whose
//! typical recovery meets a need.
//!
//! Each tier's typical RTO and RPO are ranges in the literature; the planning
//! figures below are the upper ends, so a tier "meets" a need only when even
//! its slower recoveries do.

use crate::bia::duration::format as dur;
use serde::{Deserialize, Serialize};

const HOUR: i64 = 60;
const DAY: i64 = 24 * HOUR;

pub struct TierInfo {
    pub tier: u8,
    pub name: &'static str,
    /// Typical RTO as the literature states it.
    pub rto_text: &'static str,
    pub rpo_text: &'static str,
    /// Planning figure in minutes; `None` when recovery is unpredictable.
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
    /// The same design on the 0–5 scale many guides use.
    pub simple: u8,
    pub cloud: &'static str,
    pub site: &'static str,
}

pub const TIERS: [TierInfo; 8] = [
    TierInfo {
        tier: 0,
        name: "No off-site data",
        rto_text: "unpredictable",
        rpo_text: "total loss",
        rto: None,
        rpo: None,
        simple: 0,
        cloud: "—",
        site: "none",
    },
    TierInfo {
        tier: 1,
        name: "Off-site backup, no standby site",
        rto_text: "more than a week",
        rpo_text: "24–48 h",
        rto: Some(14 * DAY),
        rpo: Some(48 * HOUR),
        simple: 1,
        cloud: "Backup & restore",
        site: "cold",
    },
    TierInfo {
        tier: 2,
        name: "Off-site backup and a hot site",
        rto_text: "24–48 h",
        rpo_text: "24–48 h",
        rto: Some(48 * HOUR),
        rpo: Some(48 * HOUR),
        simple: 2,
        cloud: "Backup & restore",
        site: "hot facility, stale data",
    },
    TierInfo {
        tier: 3,
        name: "Electronic vaulting",
        rto_text: "up to 24 h",
        rpo_text: "up to 24 h",
        rto: Some(24 * HOUR),
        rpo: Some(24 * HOUR),
        simple: 3,
        cloud: "Backup & restore (continuous)",
        site: "warm",
    },
    TierInfo {
        tier: 4,
        name: "Point-in-time copies, active secondary",
        rto_text: "hours to a day",
        rpo_text: "minutes to hours",
        rto: Some(24 * HOUR),
        rpo: Some(4 * HOUR),
        simple: 4,
        cloud: "Pilot light",
        site: "warm or hot",
    },
    TierInfo {
        tier: 5,
        name: "Transaction integrity",
        rto_text: "under 12 h",
        rpo_text: "last commit",
        rto: Some(12 * HOUR),
        rpo: Some(15),
        simple: 4,
        cloud: "Warm standby",
        site: "hot",
    },
    TierInfo {
        tier: 6,
        name: "Zero or near-zero data loss",
        rto_text: "minutes to hours",
        rpo_text: "near zero",
        rto: Some(4 * HOUR),
        rpo: Some(0),
        simple: 5,
        cloud: "Hot standby",
        site: "hot or mirrored",
    },
    TierInfo {
        tier: 7,
        name: "Highly automated failover",
        rto_text: "minutes",
        rpo_text: "near zero",
        rto: Some(15),
        rpo: Some(0),
        simple: 5,
        cloud: "Multi-site active/active",
        site: "mirrored",
    },
];

pub fn info(tier: u8) -> Option<&'static TierInfo> {
    TIERS.get(usize::from(tier))
}

/// Parses a tier number from a form or CSV ("4", "Tier 4").
pub fn parse(input: &str) -> Result<Option<u8>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let digits = s
        .strip_prefix("Tier ")
        .or_else(|| s.strip_prefix("tier "))
        .unwrap_or(s)
        .trim();
    match digits.parse::<u8>() {
        Ok(t) if t <= 7 => Ok(Some(t)),
        _ => Err(format!("“{s}” is not a DR tier: use a number from 0 to 7.")),
    }
}

/// What recovery must achieve: the strictest of what the processes require
/// and what the owner has committed to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub rto: Option<i64>,
    pub rpo: Option<i64>,
}

impl Need {
    pub fn strictest(a: Need, b: Need) -> Need {
        fn min(x: Option<i64>, y: Option<i64>) -> Option<i64> {
            match (x, y) {
                (Some(x), Some(y)) => Some(x.min(y)),
                (x, y) => x.or(y),
            }
        }
        Need {
            rto: min(a.rto, b.rto),
            rpo: min(a.rpo, b.rpo),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rto.is_none() && self.rpo.is_none()
    }
}

fn within(figure: Option<i64>, need: Option<i64>) -> bool {
    match (figure, need) {
        (_, None) => true,
        (Some(f), Some(n)) => f <= n,
        (None, Some(_)) => false,
    }
}

/// Whether the tier's typical recovery meets the need.
pub fn meets(tier: u8, need: Need) -> bool {
    info(tier).is_some_and(|t| within(t.rto, need.rto) && within(t.rpo, need.rpo))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub tier: u8,
    pub reason: String,
    /// Even the highest tier's typical figures do not meet the need.
    pub beyond_scale: bool,
}

/// The lowest tier (and so the cheapest) whose typical RTO and RPO meet the
/// need. Tier 0 is never recommended: it keeps no copy off-site.
pub fn recommend(need: Need) -> Option<Recommendation> {
    if need.is_empty() {
        return None;
    }
    let wanted = describe(need);
    match TIERS.iter().skip(1).find(|t| meets(t.tier, need)) {
        Some(t) => {
            let below = t.tier.checked_sub(1).filter(|b| *b > 0).and_then(info);
            let why_not_lower = match below {
                Some(b) => format!(
                    " Tier {} typically needs {} to recover and loses {}.",
                    b.tier, b.rto_text, b.rpo_text
                ),
                None => String::new(),
            };
            Some(Recommendation {
                tier: t.tier,
                reason: format!(
                    "Tier {} ({}) is the lowest tier that typically recovers within {} ({}, data loss {}).{}",
                    t.tier,
                    t.name.to_lowercase(),
                    wanted,
                    t.rto_text,
                    t.rpo_text,
                    why_not_lower
                ),
                beyond_scale: false,
            })
        }
        None => Some(Recommendation {
            tier: 7,
            reason: format!(
                "No tier typically recovers within {wanted}; tier 7 (highly automated failover) comes closest. \
                 Relax the requirement or engineer beyond the usual figures, and prove it in a drill."
            ),
            beyond_scale: true,
        }),
    }
}

fn describe(need: Need) -> String {
    match (need.rto, need.rpo) {
        (Some(rto), Some(rpo)) => format!("an RTO of {} and an RPO of {}", dur(rto), dur(rpo)),
        (Some(rto), None) => format!("an RTO of {}", dur(rto)),
        (None, Some(rpo)) => format!("an RPO of {}", dur(rpo)),
        (None, None) => "no stated objective".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(rto: Option<i64>, rpo: Option<i64>) -> Need {
        Need { rto, rpo }
    }

    #[test]
    fn planning_figures_never_get_worse_as_tiers_rise() {
        for pair in TIERS[1..].windows(2) {
            assert!(pair[1].rto.unwrap() <= pair[0].rto.unwrap());
            assert!(pair[1].rpo.unwrap() <= pair[0].rpo.unwrap());
        }
    }

    #[test]
    fn recommends_the_lowest_tier_that_meets_both_objectives() {
        // 8 h RTO rules out tiers 1–5 on time; 1 h RPO rules out 1–4 on data.
        assert_eq!(recommend(need(Some(8 * HOUR), Some(HOUR))).unwrap().tier, 6);
        // 24 h / 24 h: tier 3 (electronic vaulting) is the first within both.
        assert_eq!(recommend(need(Some(DAY), Some(DAY))).unwrap().tier, 3);
        // 24 h RTO but 4 h RPO: tier 3 loses up to a day, tier 4 fits.
        assert_eq!(recommend(need(Some(DAY), Some(4 * HOUR))).unwrap().tier, 4);
        // Two weeks and no RPO: off-site backup alone is enough.
        assert_eq!(recommend(need(Some(14 * DAY), None)).unwrap().tier, 1);
        // Only an RPO of zero: tier 6.
        assert_eq!(recommend(need(None, Some(0))).unwrap().tier, 6);
        // 12 h / 15 min: tier 5.
        assert_eq!(recommend(need(Some(12 * HOUR), Some(15))).unwrap().tier, 5);
    }

    #[test]
    fn explains_the_choice_and_why_not_the_tier_below() {
        let r = recommend(need(Some(DAY), Some(4 * HOUR))).unwrap();
        assert!(
            r.reason.starts_with("Tier 4 (point-in-time copies"),
            "{}",
            r.reason
        );
        assert!(
            r.reason.contains("RTO of 24 h and an RPO of 4 h"),
            "{}",
            r.reason
        );
        assert!(r.reason.contains("Tier 3 typically"), "{}", r.reason);
        assert!(!r.beyond_scale);
    }

    #[test]
    fn a_need_beyond_every_tier_says_so() {
        let r = recommend(need(Some(5), Some(0))).unwrap();
        assert_eq!(r.tier, 7);
        assert!(r.beyond_scale);
    }

    #[test]
    fn nothing_to_recommend_without_a_need() {
        assert_eq!(recommend(Need::default()), None);
    }

    #[test]
    fn strictest_takes_the_smaller_of_each() {
        let a = need(Some(240), None);
        let b = need(Some(480), Some(60));
        assert_eq!(Need::strictest(a, b), need(Some(240), Some(60)));
    }

    #[test]
    fn tier_zero_meets_nothing_but_an_empty_need() {
        assert!(!meets(0, need(Some(100 * DAY), None)));
        assert!(meets(0, Need::default()));
    }

    #[test]
    fn parses_tiers_and_refuses_unknown_ones() {
        assert_eq!(parse(" 4 "), Ok(Some(4)));
        assert_eq!(parse("Tier 7"), Ok(Some(7)));
        assert_eq!(parse(""), Ok(None));
        assert!(parse("8").unwrap_err().contains("0 to 7"));
        assert!(parse("-1").is_err());
        assert!(parse("gold").is_err());
    }
}
