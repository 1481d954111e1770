//! The organisation's impact scale: categories, time buckets, the rating
//! levels and the intolerance threshold every assessment is measured against.

use super::duration::{DAY, HOUR, MONTH, WEEK};
use serde::{Deserialize, Serialize};

pub const LEVELS: u8 = 5;
pub const DEFAULT_THRESHOLD: u8 = 4;
/// The key of financial-loss rows in workshop proposals; no category may use it.
pub const LOSS_KEY: &str = "loss";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactCategory {
    /// Stable key stored with the ratings ("customer"); the label may change.
    pub key: String,
    pub label: String,
    /// What each level 1–5 means in this category, lowest first.
    pub levels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactScale {
    pub categories: Vec<ImpactCategory>,
    /// Time buckets in minutes, strictly increasing.
    pub buckets: Vec<i64>,
    /// The rating at which impact becomes intolerable (sets the MTPD).
    pub threshold: u8,
    /// ISO 4217 code the financial losses are estimated in.
    pub currency: String,
    /// How often the BIA must be reviewed.
    pub review_months: u32,
}

fn category(key: &str, label: &str, levels: [&str; 5]) -> ImpactCategory {
    ImpactCategory {
        key: key.into(),
        label: label.into(),
        levels: levels.iter().map(|s| s.to_string()).collect(),
    }
}

impl Default for ImpactScale {
    fn default() -> Self {
        ImpactScale {
            categories: vec![
                category(
                    "financial",
                    "Financial",
                    [
                        "Loss under 0.1% of annual revenue",
                        "Loss up to 0.5% of annual revenue",
                        "Loss up to 2% of annual revenue",
                        "Loss up to 5% of annual revenue, or a covenant at risk",
                        "Loss over 5% of annual revenue; viability threatened",
                    ],
                ),
                category(
                    "operational",
                    "Operational",
                    [
                        "Work continues with minor workarounds",
                        "Some services slow; backlog cleared within a day",
                        "Services degraded; backlog takes days to clear",
                        "Key services stopped; backlog takes weeks",
                        "Operations halted across the organisation",
                    ],
                ),
                category(
                    "customer",
                    "Customer",
                    [
                        "Few customers notice",
                        "Some customers inconvenienced; few complaints",
                        "Many customers affected; complaints rise",
                        "Service commitments broken for key customers",
                        "Customers leave in numbers; contracts terminated",
                    ],
                ),
                category(
                    "reputational",
                    "Reputational",
                    [
                        "No external attention",
                        "Local or social-media mentions",
                        "Trade press coverage",
                        "National press coverage; partner confidence shaken",
                        "Sustained national coverage; lasting brand damage",
                    ],
                ),
                category(
                    "legal",
                    "Legal & regulatory",
                    [
                        "No obligations affected",
                        "Internal policy breached",
                        "Contractual obligation at risk",
                        "Regulatory or contractual breach; notification required",
                        "Regulatory sanction, licence or litigation at stake",
                    ],
                ),
                category(
                    "safety",
                    "Health & safety",
                    [
                        "No effect on anyone's safety",
                        "Minor discomfort or inconvenience",
                        "Minor injury possible",
                        "Serious injury possible",
                        "Loss of life possible",
                    ],
                ),
            ],
            buckets: vec![
                HOUR,
                4 * HOUR,
                8 * HOUR,
                DAY,
                2 * DAY,
                3 * DAY,
                WEEK,
                2 * WEEK,
                MONTH,
            ],
            threshold: DEFAULT_THRESHOLD,
            currency: "USD".into(),
            review_months: 12,
        }
    }
}

impl ImpactScale {
    pub fn category(&self, key: &str) -> Option<&ImpactCategory> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn label_of(&self, key: &str) -> String {
        if key == LOSS_KEY {
            return format!("Financial loss ({})", self.currency);
        }
        self.category(key)
            .map(|c| c.label.clone())
            .unwrap_or_else(|| key.to_string())
    }

    /// Checks a scale before it is saved; messages are keyed by form field.
    pub fn validate(&self) -> Vec<(&'static str, String)> {
        let mut errors = Vec::new();
        if self.categories.is_empty() {
            errors.push((
                "categories",
                "Keep at least one impact category.".to_string(),
            ));
        }
        for (i, c) in self.categories.iter().enumerate() {
            if c.label.trim().is_empty() {
                errors.push(("categories", format!("Category {} needs a name.", i + 1)));
            }
            if c.key == LOSS_KEY || c.key.is_empty() {
                errors.push((
                    "categories",
                    format!("“{}” cannot be used as a category.", c.label),
                ));
            }
            if self.categories[..i].iter().any(|o| o.key == c.key) {
                errors.push(("categories", format!("“{}” appears twice.", c.label)));
            }
            if c.levels.len() != LEVELS as usize || c.levels.iter().any(|l| l.trim().is_empty()) {
                errors.push((
                    "categories",
                    format!("Describe all five levels of “{}”.", c.label),
                ));
            }
        }
        if self.buckets.is_empty() {
            errors.push(("buckets", "Keep at least one time bucket.".to_string()));
        } else if self.buckets.len() > 16 {
            errors.push(("buckets", "Use at most 16 time buckets.".to_string()));
        } else if self.buckets.windows(2).any(|w| w[0] >= w[1]) {
            errors.push((
                "buckets",
                "List the time buckets from shortest to longest, each once.".to_string(),
            ));
        }
        if !(2..=LEVELS).contains(&self.threshold) {
            errors.push((
                "threshold",
                "The threshold is a rating from 2 to 5.".to_string(),
            ));
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            errors.push((
                "currency",
                "Use a three-letter ISO 4217 code such as USD, EUR or GBP.".to_string(),
            ));
        }
        if !(1..=60).contains(&self.review_months) {
            errors.push((
                "review_months",
                "The review cycle is between 1 and 60 months.".to_string(),
            ));
        }
        errors
    }
}

/// A category key made from its label: "Legal & regulatory" → "legal-regulatory".
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c);
        } else if !key.ends_with('-') && !key.is_empty() {
            key.push('-');
        }
    }
    key.trim_end_matches('-').chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scale_is_valid_and_complete() {
        let scale = ImpactScale::default();
        assert!(scale.validate().is_empty());
        assert_eq!(scale.categories.len(), 6);
        assert_eq!(scale.buckets.len(), 9);
        assert_eq!(scale.threshold, 4);
    }

    #[test]
    fn broken_scales_are_refused_field_by_field() {
        let mut scale = ImpactScale {
            buckets: vec![4 * HOUR, HOUR],
            threshold: 1,
            currency: "dollars".into(),
            ..ImpactScale::default()
        };
        scale.categories[1].levels.pop();
        let fields: Vec<_> = scale.validate().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["categories", "buckets", "threshold", "currency"]);
    }

    #[test]
    fn keys_come_from_labels() {
        assert_eq!(key_from_label("Legal & regulatory"), "legal-regulatory");
        assert_eq!(key_from_label("  Environmental "), "environmental");
        assert_eq!(key_from_label("!!!"), "");
    }
}
