//! Configuring the impact scale: threshold, currency, review cycle, time
//! buckets, and each category with what its five levels mean.

use crate::bia::duration::compact;
use crate::bia::scale::{ImpactCategory, ImpactScale};
use crate::bia::{RemoveCategory, SaveCategory, SaveScaleSettings, load_scale};
use crate::ui::ActionForm;
use crate::ui::Erase;
use crate::ui::{ErrorNotice, FormError, TextField, last_error};
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    settings: ServerAction<SaveScaleSettings>,
    category: ServerAction<SaveCategory>,
    remove: ServerAction<RemoveCategory>,
}

#[component]
pub fn ScalePage() -> impl IntoView {
    let actions = Actions {
        settings: ServerAction::new(),
        category: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let data = Resource::new(
        move || {
            (
                actions.settings.version().get(),
                actions.category.version().get(),
                actions.remove.version().get(),
            )
        },
        |_| load_scale(),
    );
    view! {
        <Title text="Impact scale" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / Impact scale"</nav>
        <div class="page-head">
            <h1>"Impact scale"</h1>
            <p class="muted">"The yardstick every assessment uses. Changing the threshold or buckets re-derives every process's MTPD."</p>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((scale, can_edit)) => view! { <ScaleBody scale can_edit actions /> }.erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ScaleBody(scale: ImpactScale, can_edit: bool, actions: Actions) -> impl IntoView {
    let error = last_error(actions.settings);
    let remove_error = last_error(actions.remove);
    let saved = move || matches!(actions.settings.value().get(), Some(Ok(())));
    let buckets = scale
        .buckets
        .iter()
        .map(|b| compact(*b))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="card">
            <h2>"Threshold, buckets and review"</h2>
            <ActionForm action=actions.settings attr:class="stack" attr:novalidate=true>
                <FormError error />
                <div class="grid-3">
                    <TextField label="Intolerable from rating" name="threshold" value=scale.threshold.to_string() hint="Sets the MTPD: the first bucket any category reaches it" maxlength=1 error />
                    <TextField label="Currency" name="currency" value=scale.currency.clone() hint="ISO code for estimated losses" maxlength=3 error />
                    <TextField label="Review every (months)" name="review_months" value=scale.review_months.to_string() maxlength=2 error />
                </div>
                <TextField label="Time buckets" name="buckets" value=buckets hint="Shortest first, separated by commas: 1h, 4h, 24h, 1w, 1mo" maxlength=200 error />
                {can_edit.then(|| view! {
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary">"Save"</button>
                        {move || saved().then(|| view! { <span class="saved" role="status">"Saved"</span> })}
                    </div>
                })}
            </ActionForm>
        </section>
        <FormError error=remove_error />
        {scale
            .categories
            .iter()
            .cloned()
            .map(|c| view! { <CategoryCard category=Some(c) can_edit actions /> })
            .collect_view()}
        {can_edit.then(|| view! { <CategoryCard category=None can_edit actions /> })}
    }
}

#[component]
fn CategoryCard(
    category: Option<ImpactCategory>,
    can_edit: bool,
    actions: Actions,
) -> impl IntoView {
    let error = last_error(actions.category);
    let is_new = category.is_none();
    let key = category.as_ref().map(|c| c.key.clone()).unwrap_or_default();
    let label = category
        .as_ref()
        .map(|c| c.label.clone())
        .unwrap_or_default();
    let levels = category
        .as_ref()
        .map(|c| c.levels.clone())
        .unwrap_or_else(|| vec![String::new(); 5]);
    let remove_key = key.clone();
    let title = if is_new {
        "Add a category".to_string()
    } else {
        label.clone()
    };
    view! {
        <section class="card">
            <h2>{title}</h2>
            <ActionForm action=actions.category attr:class="stack" attr:novalidate=true>
                <input type="hidden" name="key" value=key.clone() />
                {can_edit.then(|| view! { <FormError error /> })}
                <TextField label="Name" name="label" value=label maxlength=100 error />
                <ol class="levels">
                    {levels
                        .into_iter()
                        .enumerate()
                        .map(|(i, text)| {
                            let name = ["level1", "level2", "level3", "level4", "level5"][i];
                            let label = ["1 · negligible", "2 · minor", "3 · moderate", "4 · major", "5 · severe"][i];
                            view! { <li><TextField label=label name=name value=text maxlength=300 error /></li> }
                        })
                        .collect_view()}
                </ol>
                {can_edit.then(|| view! {
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary">{if is_new { "Add category" } else { "Save category" }}</button>
                    </div>
                })}
            </ActionForm>
            {(can_edit && !is_new).then(|| view! {
                <details class="confirm danger-zone">
                    <summary class="btn btn-small btn-danger-quiet">"Remove category…"</summary>
                    <ActionForm action=actions.remove attr:class="confirm-panel">
                        <input type="hidden" name="key" value=remove_key.clone() />
                        <p>"Ratings in this category stop counting towards the MTPD. They come back if the category is added again under the same name."</p>
                        <button type="submit" class="btn btn-small btn-danger">"Remove"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
