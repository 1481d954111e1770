//! The assessment grid: a rating per category per time bucket, and the
//! cumulative financial loss. Edits are checked and the MTPD re-derived as
//! the user types, so the consequence of each rating is visible before saving.

use crate::bia::SaveAssessment;
use crate::bia::derive::{Assessment, Objectives, check, derive};
use crate::bia::duration::format as dur;
use crate::bia::scale::{ImpactScale, LEVELS, LOSS_KEY};
use crate::error::AppError;
use crate::ui::FormError;
use leptos::prelude::*;
use uuid::Uuid;

/// A read-only grid, for roles that cannot edit.
#[component]
pub fn AssessmentTable(scale: ImpactScale, assessment: Assessment) -> impl IntoView {
    let buckets = scale.buckets.clone();
    view! {
        <div class="table-wrap">
            <table class="table grid-table">
                <thead>
                    <tr>
                        <th scope="col">"Category"</th>
                        {buckets.iter().map(|b| view! { <th scope="col">{dur(*b)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {scale
                        .categories
                        .iter()
                        .map(|c| {
                            let cells = buckets
                                .iter()
                                .map(|b| {
                                    let rating = assessment.rating(&c.key, *b);
                                    view! {
                                        <td class=rating.map(|r| format!("rating rating-{r}")).unwrap_or_default()>
                                            {rating.map(|r| r.to_string()).unwrap_or_else(|| "–".into())}
                                        </td>
                                    }
                                })
                                .collect_view();
                            view! { <tr><th scope="row">{c.label.clone()}</th>{cells}</tr> }
                        })
                        .collect_view()}
                    <tr>
                        <th scope="row">{format!("Loss ({})", scale.currency)}</th>
                        {buckets
                            .iter()
                            .map(|b| view! {
                                <td class="num">{assessment.loss(*b).map(super::format_money).unwrap_or_else(|| "–".into())}</td>
                            })
                            .collect_view()}
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn AssessmentEditor(
    process_id: Uuid,
    scale: ImpactScale,
    assessment: Assessment,
    objectives: Objectives,
    action: ServerAction<SaveAssessment>,
) -> impl IntoView {
    let draft = RwSignal::new(assessment.clone());
    let scale = StoredValue::new(scale);
    let saved_version = RwSignal::new(assessment);
    let dirty = move || draft.get() != saved_version.get();
    Effect::new(move || {
        if let Some(Ok(())) = action.value().get() {
            saved_version.set(draft.get_untracked());
        }
    });
    let problems = Memo::new(move |_| scale.with_value(|s| check(s, &draft.get())));
    let server_error = Signal::derive(move || action.value().get().and_then(Result::err));
    let row_message = move |key: String| {
        move || {
            problems
                .get()
                .into_iter()
                .find(|p| p.key == key)
                .map(|p| p.message)
                .or_else(|| server_error.get().and_then(|e| e.field_message(&key)))
        }
    };
    let preview = Memo::new(move |_| scale.with_value(|s| derive(s, &draft.get(), objectives)));
    let save = move |_| {
        if problems.get_untracked().is_empty() {
            action.dispatch(SaveAssessment {
                id: process_id,
                assessment: draft.get_untracked(),
            });
        }
    };
    let buckets = scale.with_value(|s| s.buckets.clone());
    let categories = scale.with_value(|s| s.categories.clone());
    let currency = scale.with_value(|s| s.currency.clone());
    let threshold = scale.with_value(|s| s.threshold);
    view! {
        <div class="table-wrap">
            <table class="table grid-table editing">
                <thead>
                    <tr>
                        <th scope="col">"Category"</th>
                        {buckets.iter().map(|b| view! { <th scope="col">{dur(*b)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {categories
                        .into_iter()
                        .map(|c| {
                            let key = c.key.clone();
                            let message = row_message(key.clone());
                            let cells = buckets
                                .iter()
                                .map(|&bucket| {
                                    let key = key.clone();
                                    let levels = c.levels.clone();
                                    let current = {
                                        let key = key.clone();
                                        move || draft.with(|a| a.rating(&key, bucket))
                                    };
                                    let class = {
                                        let current = current.clone();
                                        move || current().map(|r| format!("rating rating-{r}")).unwrap_or_default()
                                    };
                                    let label = format!("{} at {}", c.label, dur(bucket));
                                    view! {
                                        <td class=class>
                                            <select
                                                aria-label=label
                                                data-cell=format!("{key}@{bucket}")
                                                on:change=move |ev| {
                                                    let value = event_target_value(&ev).parse::<u8>().ok();
                                                    draft.update(|a| {
                                                        let row = a.ratings.entry(key.clone()).or_default();
                                                        match value {
                                                            Some(v) => { row.insert(bucket, v); }
                                                            None => { row.remove(&bucket); }
                                                        }
                                                    });
                                                }
                                            >
                                                <option value="" selected=current().is_none()>"–"</option>
                                                {(1..=LEVELS)
                                                    .map(|r| {
                                                        let title = levels.get(r as usize - 1).cloned().unwrap_or_default();
                                                        let current = current.clone();
                                                        view! {
                                                            <option value=r.to_string() title=title selected=move || current() == Some(r)>
                                                                {r.to_string()}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </select>
                                        </td>
                                    }
                                })
                                .collect_view();
                            let has_message = {
                                let message = message.clone();
                                move || message().is_some()
                            };
                            view! {
                                <tr class:row-invalid=has_message>
                                    <th scope="row">
                                        {c.label.clone()}
                                        {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
                                    </th>
                                    {cells}
                                </tr>
                            }
                        })
                        .collect_view()}
                    <LossRow buckets=buckets.clone() currency draft message=row_message(LOSS_KEY.to_string()) />
                </tbody>
            </table>
        </div>
        <p class="muted small">{format!("Ratings 1–5; {threshold} or more is intolerable. Hover a rating to see what it means in that category. Losses are cumulative.")}</p>
        <div class="form-actions">
            <button type="button" class="btn btn-primary" on:click=save disabled=move || !problems.get().is_empty() || action.pending().get()>
                "Save assessment"
            </button>
            {move || dirty().then(|| view! {
                <span class="muted" role="status">{move || format!("Unsaved · with these ratings: {}", preview.get().mtpd_reason)}</span>
            })}
            {move || (!dirty() && matches!(action.value().get(), Some(Ok(())))).then(|| view! { <span class="saved" role="status">"Saved"</span> })}
        </div>
        <FormError error=Signal::derive(move || server_error.get().filter(|e| !matches!(e, AppError::Validation(_)))) />
    }
}

#[component]
fn LossRow(
    buckets: Vec<i64>,
    currency: String,
    draft: RwSignal<Assessment>,
    message: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let has_message = {
        let message = message.clone();
        move || message().is_some()
    };
    view! {
        <tr class:row-invalid=has_message>
            <th scope="row">
                {format!("Loss ({currency})")}
                {move || message().map(|m| view! { <p class="field-error">{m}</p> })}
            </th>
            {buckets
                .into_iter()
                .map(|bucket| {
                    let value = draft.with_untracked(|a| a.loss(bucket)).map(|v| v.to_string()).unwrap_or_default();
                    view! {
                        <td>
                            <input
                                type="number"
                                min="0"
                                step="1"
                                inputmode="numeric"
                                class="loss-input"
                                aria-label=format!("Loss at {}", dur(bucket))
                                data-cell=format!("loss@{bucket}")
                                value=value
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    let parsed = text.trim().replace(',', "").parse::<i64>().ok();
                                    draft.update(|a| match parsed {
                                        Some(v) => { a.losses.insert(bucket, v); }
                                        None => { a.losses.remove(&bucket); }
                                    });
                                }
                            />
                        </td>
                    }
                })
                .collect_view()}
        </tr>
    }
}
