//! Configuring the impact scale.

use crate::bia::scale::ImpactScale;
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "bia/scale")]
pub async fn load_scale() -> Result<(ImpactScale, bool), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let (scale, _) = crate::bia::ssr::review::load(&caller.state.db, caller.org_id).await?;
    Ok((scale, caller.role.can(Permission::EditPlans)))
}

/// The caller, if they may change the scale: checked before the input is,
/// so that someone who may not change it learns nothing from its errors.
#[cfg(feature = "ssr")]
async fn may_change() -> Result<crate::auth::ssr::Caller, AppError> {
    crate::auth::ssr::authorize(crate::roles::Permission::EditPlans).await
}

#[cfg(feature = "ssr")]
async fn change_scale(
    caller: crate::auth::ssr::Caller,
    change: impl FnOnce(&mut ImpactScale) -> Result<(), AppError>,
) -> Result<(), AppError> {
    use crate::bia::ssr::review;
    use crate::error::FieldErrors;

    let mut tx = caller.state.db.begin().await?;
    let (mut scale, _) = review::load_in(&mut tx, caller.org_id).await?;
    change(&mut scale)?;
    let mut errors = FieldErrors::new();
    for (field, message) in scale.validate() {
        errors.add(field, message);
    }
    errors.into_result()?;
    review::save_scale(&mut tx, caller.org_id, &caller.actor(), &scale).await?;
    tx.commit().await?;
    Ok(())
}

/// The threshold, currency, review cycle and buckets ("1h, 4h, 1w").
#[server(prefix = "/api", endpoint = "bia/scale/settings")]
pub async fn save_scale_settings(
    threshold: String,
    currency: String,
    review_months: String,
    buckets: String,
) -> Result<(), AppError> {
    use crate::bia::duration;
    use crate::error::FieldErrors;

    let caller = may_change().await?;
    let mut errors = FieldErrors::new();
    let threshold = errors.check(
        "threshold",
        threshold
            .trim()
            .parse::<u8>()
            .map_err(|_| "The threshold is a rating from 2 to 5.".to_string()),
    );
    let review_months = errors.check(
        "review_months",
        review_months
            .trim()
            .parse::<u32>()
            .map_err(|_| "Enter the review cycle in months.".to_string()),
    );
    let mut parsed = Vec::new();
    for part in buckets.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match duration::parse(part) {
            Ok(m) => parsed.push(m),
            Err(message) => {
                errors.add("buckets", message);
                break;
            }
        }
    }
    errors.into_result()?;
    let currency = currency.trim().to_ascii_uppercase();
    change_scale(caller, move |scale| {
        scale.threshold = threshold.unwrap_or_default();
        scale.review_months = review_months.unwrap_or_default();
        scale.currency = currency;
        scale.buckets = parsed;
        Ok(())
    })
    .await
}

/// Adds a category (empty `key`) or changes one: its name and five levels.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "bia/scale/category")]
pub async fn save_category(
    key: String,
    label: String,
    level1: String,
    level2: String,
    level3: String,
    level4: String,
    level5: String,
) -> Result<(), AppError> {
    use crate::bia::scale::{ImpactCategory, key_from_label};
    use crate::error::FieldErrors;

    let caller = may_change().await?;
    let mut errors = FieldErrors::new();
    let label = errors.check(
        "label",
        crate::validate::name(&label, "the category's name"),
    );
    let mut levels = Vec::new();
    for (i, level) in [level1, level2, level3, level4, level5].iter().enumerate() {
        let field = ["level1", "level2", "level3", "level4", "level5"][i];
        match crate::validate::text(level, 300, "the description") {
            Ok(text) if text.is_empty() => errors.add(field, format!("Describe level {}.", i + 1)),
            Ok(text) => levels.push(text),
            Err(message) => errors.add(field, message),
        }
    }
    errors.into_result()?;
    let label = label.unwrap_or_default();
    let key = key.trim().to_string();
    change_scale(caller, move |scale| {
        if key.is_empty() {
            let new_key = key_from_label(&label);
            if new_key.is_empty()
                || scale.category(&new_key).is_some()
                || new_key == crate::bia::scale::LOSS_KEY
            {
                return Err(AppError::field(
                    "label",
                    format!("Choose another name than “{label}”."),
                ));
            }
            scale.categories.push(ImpactCategory {
                key: new_key,
                label,
                levels,
            });
            return Ok(());
        }
        let category = scale
            .categories
            .iter_mut()
            .find(|c| c.key == key)
            .ok_or_else(|| AppError::NotFound("Category".into()))?;
        category.label = label;
        category.levels = levels;
        Ok(())
    })
    .await
}

/// Removes a category. Ratings already given in it stay stored but no longer
/// count, and come back if a category with the same key is added again.
#[server(prefix = "/api", endpoint = "bia/scale/category/remove")]
pub async fn remove_category(key: String) -> Result<(), AppError> {
    let caller = may_change().await?;
    change_scale(caller, move |scale| {
        let before = scale.categories.len();
        scale.categories.retain(|c| c.key != key);
        if scale.categories.len() == before {
            return Err(AppError::NotFound("Category".into()));
        }
        Ok(())
    })
    .await
}
