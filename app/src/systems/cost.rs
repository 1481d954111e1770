//! The cost model behind the strategy comparison: what each DR tier costs
//! (the organisation's own estimates), and what an outage costs while the
//! systems are recovered, from the BIA's loss estimates.

use super::tiers::{self, Need};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One-off and yearly cost of running one system at a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierCost {
    pub one_off: i64,
    pub yearly: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostModel {
    /// Per tier 1–7 (index 0 is tier 1): estimates per system.
    pub tiers: Vec<TierCost>,
    /// A disaster that needs DR is expected once in this many years.
    pub disaster_every_years: i64,
    /// The horizon over which options are compared.
    pub horizon_years: i64,
    /// A verified restore older than this is overdue.
    pub restore_test_months: u32,
}

impl Default for CostModel {
    fn default() -> Self {
        let tiers = [
            (2_000, 3_000),
            (10_000, 15_000),
            (15_000, 20_000),
            (40_000, 30_000),
            (80_000, 60_000),
            (150_000, 110_000),
            (300_000, 200_000),
        ]
        .into_iter()
        .map(|(one_off, yearly)| TierCost { one_off, yearly })
        .collect();
        CostModel {
            tiers,
            disaster_every_years: 10,
            horizon_years: 3,
            restore_test_months: 12,
        }
    }
}

impl CostModel {
    pub fn cost(&self, tier: u8) -> Option<TierCost> {
        usize::from(tier)
            .checked_sub(1)
            .and_then(|i| self.tiers.get(i))
            .copied()
    }

    pub fn validate(&self) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        if self.tiers.len() != 7 {
            errors.push(("tiers".into(), "Give costs for tiers 1 to 7.".into()));
        }
        for (i, c) in self.tiers.iter().enumerate() {
            let t = i + 1;
            if !(0..=MAX_MONEY).contains(&c.one_off) {
                errors.push((format!("one_off_{t}"), money_error()));
            }
            if !(0..=MAX_MONEY).contains(&c.yearly) {
                errors.push((format!("yearly_{t}"), money_error()));
            }
        }
        if !(1..=1000).contains(&self.disaster_every_years) {
            errors.push((
                "disaster_every_years".into(),
                "Enter a number of years from 1 to 1000.".into(),
            ));
        }
        if !(1..=20).contains(&self.horizon_years) {
            errors.push(("horizon_years".into(), "Compare over 1 to 20 years.".into()));
        }
        if !(1..=60).contains(&self.restore_test_months) {
            errors.push(("restore_test_months".into(), "Enter 1 to 60 months.".into()));
        }
        errors
    }
}

/// Costs above a trillion are typing mistakes, and keep the arithmetic far
/// from overflow.
pub const MAX_MONEY: i64 = 1_000_000_000_000;

fn money_error() -> String {
    "Enter a whole amount from 0 up to 1,000,000,000,000.".into()
}

/// The cumulative loss of a process that is down for `minutes`: linear
/// between the BIA's buckets (and from nothing at time zero), continuing at
/// the last bucket's rate beyond the last bucket.
pub fn loss_at(losses: &BTreeMap<i64, i64>, minutes: i64) -> i64 {
    if minutes <= 0 || losses.is_empty() {
        return 0;
    }
    let mut prev = (0i64, 0i64);
    for (&at, &loss) in losses {
        if minutes <= at {
            return interpolate(prev, (at, loss), minutes);
        }
        prev = (at, loss);
    }
    // Past the last bucket: extend the last segment.
    let before = losses
        .iter()
        .rev()
        .nth(1)
        .map(|(&a, &l)| (a, l))
        .unwrap_or((0, 0));
    interpolate(before, prev, minutes)
}

fn interpolate(a: (i64, i64), b: (i64, i64), at: i64) -> i64 {
    let span = (b.0 - a.0).max(1) as i128;
    let rise = (b.1 - a.1) as i128;
    let value = a.1 as i128 + rise * (at - a.0) as i128 / span;
    value.clamp(0, i64::MAX as i128) as i64
}

/// One column of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCost {
    pub tier: u8,
    pub meets: bool,
    pub one_off: i64,
    pub yearly: i64,
    /// The tier's planning RTO: how long the outage is expected to last.
    pub recovery: Option<i64>,
    /// What the dependent processes lose during that outage.
    pub outage_cost: i64,
    /// The outage cost spread over the expected years between disasters.
    pub yearly_risk: i64,
    /// One-off plus the horizon's yearly costs and yearly risk.
    pub total: i64,
}

/// Compares tiers 1–7 for `systems` systems that fail together, needed by
/// processes with these loss curves.
pub fn compare(
    model: &CostModel,
    systems: i64,
    need: Need,
    losses: &[&BTreeMap<i64, i64>],
) -> Vec<OptionCost> {
    tiers::TIERS
        .iter()
        .skip(1)
        .filter_map(|t| {
            let cost = model.cost(t.tier)?;
            let recovery = t.rto;
            let outage_cost: i64 = losses
                .iter()
                .map(|l| loss_at(l, recovery.unwrap_or(0)))
                .fold(0i64, i64::saturating_add);
            let yearly_risk = outage_cost / model.disaster_every_years.max(1);
            let one_off = cost.one_off.saturating_mul(systems);
            let yearly = cost.yearly.saturating_mul(systems);
            let total = one_off.saturating_add(
                yearly
                    .saturating_add(yearly_risk)
                    .saturating_mul(model.horizon_years),
            );
            Some(OptionCost {
                tier: t.tier,
                meets: tiers::meets(t.tier, need),
                one_off,
                yearly,
                recovery,
                outage_cost,
                yearly_risk,
                total,
            })
        })
        .collect()
}

/// The option with the lowest total over the horizon (the lower tier on a tie).
pub fn cheapest(options: &[OptionCost]) -> Option<u8> {
    options
        .iter()
        .min_by_key(|o| (o.total, o.tier))
        .map(|o| o.tier)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve(points: &[(i64, i64)]) -> BTreeMap<i64, i64> {
        points.iter().copied().collect()
    }

    #[test]
    fn loss_is_linear_between_buckets_and_from_zero() {
        let l = curve(&[(60, 1_000), (240, 10_000), (1440, 50_000)]);
        assert_eq!(loss_at(&l, 30), 500);
        assert_eq!(loss_at(&l, 60), 1_000);
        // A third of the way from 1 h to 4 h: 1,000 + 9,000 / 3.
        assert_eq!(loss_at(&l, 120), 4_000);
        assert_eq!(loss_at(&l, 1440), 50_000);
        assert_eq!(loss_at(&l, 0), 0);
    }

    #[test]
    fn loss_continues_at_the_last_rate_beyond_the_last_bucket() {
        let l = curve(&[(60, 1_000), (240, 10_000), (1440, 50_000)]);
        // The last segment rises 40,000 over 1,200 min; another 1,440 min
        // adds 48,000.
        assert_eq!(loss_at(&l, 2880), 98_000);
        // With one bucket the rate runs from zero.
        assert_eq!(loss_at(&curve(&[(60, 600)]), 120), 1_200);
        assert_eq!(loss_at(&BTreeMap::new(), 120), 0);
    }

    #[test]
    fn compares_every_tier_with_costs_and_risk() {
        let model = CostModel {
            disaster_every_years: 10,
            horizon_years: 3,
            ..CostModel::default()
        };
        // Order capture loses 10,000 an hour, flat.
        let orders = curve(&[(60, 10_000), (1440, 240_000)]);
        let need = Need {
            rto: Some(4 * 60),
            rpo: Some(60),
        };
        let options = compare(&model, 2, need, &[&orders]);
        assert_eq!(options.len(), 7);
        let t3 = &options[2];
        assert_eq!(t3.tier, 3);
        assert!(!t3.meets);
        assert_eq!(t3.one_off, 30_000);
        assert_eq!(t3.yearly, 40_000);
        assert_eq!(t3.recovery, Some(1440));
        assert_eq!(t3.outage_cost, 240_000);
        assert_eq!(t3.yearly_risk, 24_000);
        // 30,000 + 3 × (40,000 + 24,000)
        assert_eq!(t3.total, 222_000);
        let t6 = &options[5];
        assert!(t6.meets);
        assert_eq!(t6.outage_cost, 40_000);
        // 300,000 + 3 × (220,000 + 4,000)
        assert_eq!(t6.total, 972_000);
        // A week-long tier 1 outage costs 3.36 million, so over three years
        // electronic vaulting (tier 3) is cheapest, though it misses the RTO.
        assert_eq!(options[0].outage_cost, 3_360_000);
        assert_eq!(cheapest(&options), Some(3));
    }

    #[test]
    fn expensive_outages_make_a_higher_tier_the_cheapest() {
        let model = CostModel::default();
        // 1,000,000 an hour.
        let trading = curve(&[(60, 1_000_000), (1440, 24_000_000)]);
        let options = compare(&model, 1, Need::default(), &[&trading]);
        let best = cheapest(&options).unwrap();
        assert!(best >= 6, "{options:#?}");
    }

    #[test]
    fn validation_names_each_bad_figure() {
        let mut model = CostModel::default();
        model.tiers[3].yearly = -5;
        model.disaster_every_years = 0;
        let fields: Vec<String> = model.validate().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["yearly_4", "disaster_every_years"]);
        assert!(CostModel::default().validate().is_empty());
    }
}
