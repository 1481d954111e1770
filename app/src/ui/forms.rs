//! Form fields that show their validation message beside the input, and the
//! glue between server actions and the page.

use crate::error::AppError;
use leptos::prelude::*;
use server_fn::ServerFn;

/// The error from the latest submission of `action`, if it failed. Without
/// JavaScript the same value arrives through the redirect after the post.
pub fn last_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// After a successful sign-in (or similar) the whole page reloads at the
/// returned path, so every piece of state belongs to the new session.
pub fn reload_on_success<S>(action: ServerAction<S>)
where
    S: ServerFn<Output = String, Error = AppError> + Clone + Send + Sync + 'static,
{
    Effect::new(move || {
        if let Some(Ok(next)) = action.value().get() {
            let _ = window().location().set_href(&next);
        }
    });
}

/// The message for one field, placed under it and tied to it for screen readers.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field_message(field))
            .map(|message| {
                view! {
                    <p class="field-error" id=format!("{field}-error")>
                        {message}
                    </p>
                }
            })
    }
}

/// An error that belongs to the whole form rather than one field.
#[component]
pub fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| {
                view! {
                    <div class="alert alert-error" role="alert">
                        {e.to_string()}
                    </div>
                }
            })
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = true)] required: bool,
    #[prop(default = 254)] maxlength: usize,
) -> impl IntoView {
    let invalid = move || error.get().and_then(|e| e.field_message(name)).is_some();
    let has_hint = hint.is_some();
    let described = move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if invalid() {
            ids.push(format!("{name}-error"));
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=format!("{name}-hint")>{hint}</p> })}
            <input
                id=name
                name=name
                type=kind
                value=value
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                required=required
                maxlength=maxlength
                aria-invalid=move || invalid().to_string()
                aria-describedby=described
            />
            <FieldMessage error field=name />
        </div>
    }
}

/// A multi-line text field with its message.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(default = 2000)] maxlength: usize,
) -> impl IntoView {
    let invalid = move || error.get().and_then(|e| e.field_message(name)).is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
            <textarea
                id=name
                name=name
                rows=rows
                maxlength=maxlength
                aria-invalid=move || invalid().to_string()
            >
                {value}
            </textarea>
            <FieldMessage error field=name />
        </div>
    }
}

/// A drop-down of `(value, label)` options with its message.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let invalid = move || error.get().and_then(|e| e.field_message(name)).is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
            <select id=name name=name aria-invalid=move || invalid().to_string()>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage error field=name />
        </div>
    }
}
