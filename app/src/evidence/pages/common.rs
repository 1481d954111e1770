//! Evidence pieces shared with the checklist pages.

use crate::controls::status::Freshness;
use crate::evidence::{EvidenceBrief, RecordEvidence};
use crate::ui::ActionForm;
use crate::ui::{FormError, SelectField, TextArea, TextField, last_error};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

#[component]
pub fn FreshnessBadge(freshness: Freshness) -> impl IntoView {
    let class = match freshness {
        Freshness::Valid => "badge badge-ok",
        Freshness::ExpiringSoon => "badge badge-warn",
        Freshness::Expired => "badge badge-danger",
        Freshness::NotYetEffective => "badge badge-quiet",
    };
    view! { <span class=class data-testid="freshness">{freshness.label()}</span> }
}

/// One piece of evidence in a list, with an optional note and control.
#[component]
pub fn EvidenceRow(
    b: EvidenceBrief,
    #[prop(optional, into)] note: String,
    #[prop(optional)] extra: Option<AnyView>,
) -> impl IntoView {
    let what = match b.kind {
        crate::evidence::EvidenceKind::File => b.file_name.clone(),
        k => k.label().to_string(),
    };
    view! {
        <li class="evidence-row" data-testid="evidence-row">
            <div>
                <a href=b.href()>{b.title.clone()}</a>" "
                <FreshnessBadge freshness=b.freshness />
                <div class="small muted">
                    {format!("{what} · version {} · dated {} · {}", b.version, b.effective_on.format("%-d %b %Y"), b.validity())}
                    {(!note.is_empty()).then(|| format!(" · {note}"))}
                </div>
            </div>
            {extra}
        </li>
    }
}

/// The validity periods offered, with twelve months preselected.
fn periods(selected: Option<u32>) -> (Vec<(String, String)>, String) {
    let mut options: Vec<(String, String)> = [3u32, 6, 12, 24, 36, 60]
        .into_iter()
        .map(|m| {
            let label = match m {
                12 => "12 months (a year)".to_string(),
                24 => "24 months".to_string(),
                m => format!("{m} months"),
            };
            (m.to_string(), label)
        })
        .collect();
    options.push(("none".into(), "Does not expire".into()));
    let selected = match selected {
        Some(m) => m.to_string(),
        None => "none".into(),
    };
    (options, selected)
}

pub fn period_options(selected: Option<u32>) -> (Vec<(String, String)>, String) {
    periods(selected)
}

/// A plain multipart form: the browser sends the file, the server checks
/// it and sends the browser back with the outcome in the address, so the
/// same form works with and without JavaScript.
#[component]
pub fn UploadForm(
    #[prop(into)] back: String,
    #[prop(optional, into)] framework: String,
    #[prop(optional, into)] control: String,
    #[prop(optional)] item: Option<Uuid>,
    limit_mb: u64,
) -> impl IntoView {
    let query = use_query_map();
    let message = move |field: &'static str| {
        let q = query.read();
        (q.get("upload_field").as_deref() == Some(field))
            .then(|| q.get("upload_error"))
            .flatten()
    };
    let other_error = move || {
        let q = query.read();
        let field = q.get("upload_field").unwrap_or_default();
        (!matches!(
            field.as_str(),
            "file" | "title" | "effective_on" | "valid_months"
        ))
        .then(|| q.get("upload_error"))
        .flatten()
    };
    let title = move || query.read().get("upload_title").unwrap_or_default();
    let today = chrono::Utc::now().date_naive().to_string();
    let (options, selected) = periods(Some(12));
    let new_item = item.is_none();
    view! {
        <form method="post" action="/evidence/upload" enctype="multipart/form-data" class="stack" data-testid="upload-form">
            <input type="hidden" name="back" value=back />
            <input type="hidden" name="framework" value=framework />
            <input type="hidden" name="control" value=control />
            <input type="hidden" name="item" value=item.map(|i| i.to_string()).unwrap_or_default() />
            {move || other_error().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
            <div class="field" class:field-invalid=move || message("file").is_some()>
                <label for="evidence-file">{if new_item { "File" } else { "New version" }}</label>
                <p class="field-hint">{format!("PDF, image, office document, CSV, text or log; at most {limit_mb} MB. The type is checked from the content.")}</p>
                <input id="evidence-file" type="file" name="file" aria-invalid=move || message("file").is_some().to_string() />
                {move || message("file").map(|m| view! { <p class="field-error" data-testid="upload-error">{m}</p> })}
            </div>
            {new_item.then(|| view! {
                <div class="field" class:field-invalid=move || message("title").is_some()>
                    <label for="evidence-title">"Title"</label>
                    <p class="field-hint">"Empty to use the file's name."</p>
                    <input id="evidence-title" name="title" maxlength="100" value=title />
                    {move || message("title").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            })}
            <div class="grid-2">
                <div class="field" class:field-invalid=move || message("effective_on").is_some()>
                    <label for="evidence-effective">"Dated"</label>
                    <input id="evidence-effective" type="date" name="effective_on" value=today />
                    {move || message("effective_on").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field" class:field-invalid=move || message("valid_months").is_some()>
                    <label for="evidence-valid">"Valid for"</label>
                    <select id="evidence-valid" name="valid_months">
                        {options.into_iter().map(|(v, l)| {
                            let on = v == selected;
                            view! { <option value=v selected=on>{l}</option> }
                        }).collect_view()}
                    </select>
                    {move || message("valid_months").map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>
            <div class="form-actions"><button type="submit" class="btn btn-primary">"Upload"</button></div>
        </form>
    }
}

/// Records a link or an attestation, linked to a control when one is given.
#[component]
pub fn RecordForm(
    action: ServerAction<RecordEvidence>,
    #[prop(optional, into)] framework: String,
    #[prop(optional, into)] control: String,
) -> impl IntoView {
    let error = last_error(action);
    let today = chrono::Utc::now().date_naive().to_string();
    let (options, selected) = periods(Some(12));
    view! {
        <ActionForm action attr:class="stack" attr:novalidate=true attr:data-testid="record-form">
            <FormError error />
            <input type="hidden" name="framework" value=framework />
            <input type="hidden" name="control" value=control />
            <SelectField label="Kind" name="kind" error
                options=vec![("link".into(), "Link to a document or system".into()), ("attestation".into(), "Attestation (a signed statement)".into())]
                selected="link" />
            <TextField label="Title" name="title" maxlength=100 error />
            <TextField label="Address" name="url" kind="url" required=false maxlength=2000 error hint="For a link: where the evidence is." />
            <TextArea label="Statement" name="statement" error rows=2 maxlength=4000 hint="For an attestation: what is attested, by whom, how it was checked." />
            <div class="grid-2">
                <TextField label="Dated" name="effective_on" kind="date" value=today error />
                <SelectField label="Valid for" name="valid_months" error options selected />
            </div>
            <div class="form-actions"><button type="submit" class="btn">"Record"</button></div>
        </ActionForm>
    }
}
