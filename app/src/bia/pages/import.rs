//! Exporting the process register and assessments as CSV, and importing a
//! file edited in a spreadsheet.

use crate::bia::duration::compact;
use crate::bia::scale::ImpactScale;
use crate::bia::{
    CSV_MAX_BYTES, CSV_PROCESS_COLUMNS, ImportBiaCsv, ImportReport, csv_columns, csv_loss_column,
    csv_rating_column, load_scale,
};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ImportPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_scale());
    view! {
        <Title text="Import and export" />
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/bia">"BIA"</a>" / Import and export"</nav>
        <div class="page-head">
            <h1>"Import and export"</h1>
            <p class="muted">"Work on the process register and the impact assessments in a spreadsheet: export them, edit the file, import it back."</p>
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((scale, can_edit)) => view! {
                        <ExportCard />
                        {if can_edit {
                            view! { <ImportCard scale /> }.erase()
                        } else {
                            view! {
                                <section class="card">
                                    <h2>"Import"</h2>
                                    <p class="muted">"Your role can read the BIA but not change it, so it cannot import files."</p>
                                </section>
                            }
                                .erase()
                        }}
                    }
                        .erase(),
                    Err(error) => view! { <ErrorNotice error /> }.erase(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ExportCard() -> impl IntoView {
    view! {
        <section class="card stack">
            <h2>"Export"</h2>
            <p>"One line per process: its details, recovery objectives, impact ratings and estimated losses. Importing the file unchanged changes nothing."</p>
            <div>
                // `download` and `rel="external"` keep the client-side router
                // from treating the file as a page.
                <a class="btn btn-primary" href="/bia/export.csv" download="bia-processes.csv" rel="external">
                    "Download CSV"
                </a>
            </div>
        </section>
    }
}

#[component]
fn ImportCard(scale: ImpactScale) -> impl IntoView {
    let action = ServerAction::<ImportBiaCsv>::new();
    let header = csv_columns(&scale).join(",");
    view! {
        <section class="card stack">
            <h2>"Import"</h2>
            <Format scale />
            <details>
                <summary>"The full header line for this organisation"</summary>
                <textarea readonly rows=4 aria-label="Header line" spellcheck="false">{header}</textarea>
            </details>
            <CsvImportForm
                pending=action.pending().into()
                on_submit=Callback::new(move |csv| { action.dispatch(ImportBiaCsv { csv }); })
                result=Signal::derive(move || action.value().get())
                back_href="/bia"
                back_label="Back to the process register"
            />
        </section>
    }
}

/// Choosing or pasting a CSV file, sending it, and showing what the import
/// did: shared by every import page. Files too large for the server are
/// refused in the browser before anything is sent.
#[component]
pub fn CsvImportForm(
    pending: Signal<bool>,
    on_submit: Callback<String>,
    result: Signal<Option<Result<ImportReport, crate::error::AppError>>>,
    back_href: &'static str,
    back_label: &'static str,
) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    // Problems found in the browser, before anything is sent.
    let local_error = RwSignal::new(None::<String>);
    let too_large = || {
        format!(
            "The file is larger than {} MB. Split it and import the parts one after another.",
            CSV_MAX_BYTES / (1024 * 1024)
        )
    };
    let submit = move |csv: String| {
        if csv.len() > CSV_MAX_BYTES {
            local_error.set(Some(too_large()));
            return;
        }
        local_error.set(None);
        on_submit.run(csv);
    };
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared so that picking the same file again, once fixed, is
        // another change.
        input.set_value("");
        if file.size() > CSV_MAX_BYTES as f64 {
            local_error.set(Some(too_large()));
            return;
        }
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => submit(text.as_string().unwrap_or_default()),
                Err(_) => local_error.set(Some(
                    "The file could not be read. Save it as CSV (UTF-8) and try again.".into(),
                )),
            }
        });
    };
    view! {
        <div class="field">
            <label for="csv-file">"Choose a CSV file"</label>
            <p class="field-hint" id="csv-file-hint">"It is imported as soon as you choose it."</p>
            <input
                id="csv-file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby="csv-file-hint"
                disabled=move || pending.get()
                on:change=on_file
            />
        </div>
        <div class="field">
            <label for="csv-text">"Or paste the CSV here"</label>
            <textarea
                id="csv-text"
                rows=8
                spellcheck="false"
                prop:value=move || pasted.get()
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
        </div>
        <div class="form-actions">
            <button
                type="button"
                class="btn btn-primary"
                disabled=move || pending.get() || pasted.with(|t| t.trim().is_empty())
                on:click=move |_| submit(pasted.get_untracked())
            >
                {move || if pending.get() { "Importing…" } else { "Import" }}
            </button>
        </div>
        {move || local_error.get().map(|message| view! {
            <div class="alert alert-error" role="alert">{message}</div>
        })}
        {move || {
            result
                .get()
                .map(|result| match result {
                    Ok(report) => view! { <ImportResult report back_href back_label /> }.erase(),
                    Err(error) => view! {
                        <div class="alert alert-error" role="alert">{error.to_string()}</div>
                    }
                        .erase(),
                })
        }}
    }
}

/// What the file must look like, with this organisation's column names.
#[component]
fn Format(scale: ImpactScale) -> impl IntoView {
    let first = scale.buckets.first().copied().unwrap_or_default();
    let last = scale.buckets.last().copied().unwrap_or_default();
    let process_columns = CSV_PROCESS_COLUMNS.join(", ");
    let categories = scale
        .categories
        .iter()
        .map(|c| {
            let names = scale
                .buckets
                .iter()
                .map(|&b| csv_rating_column(&c.key, b))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <li>{c.label.clone()}": "<code>{names}</code></li> }
        })
        .collect_view();
    let losses = scale
        .buckets
        .iter()
        .map(|&b| csv_loss_column(b))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p>
            "A CSV file with a header line, then one line per process. Columns may come in any order and only "
            <code>"name"</code>
            " is required: a column left out keeps what is stored, an empty cell clears it. A process whose name matches an existing one (ignoring case) updates it; any other creates a new process."
        </p>
        <ul>
            <li>
                "Process: "<code>{process_columns}</code>". "
                <code>"owner_email"</code>" is the email of a member of this organisation; "
                <code>"rto"</code>", "<code>"rpo"</code>" and "<code>"wrt"</code>
                " are durations such as 30m, 4h, 1w or 1mo."
            </li>
            <li>
                {format!(
                    "Impact ratings from 1 to 5, one column per category and time bucket ({} to {}):",
                    compact(first),
                    compact(last),
                )}
                <ul>{categories}</ul>
            </li>
            <li>
                {format!("Estimated cumulative loss in whole {}: ", scale.currency)}
                <code>{losses}</code>
            </li>
        </ul>
        <p class="muted">"If any line has a problem, nothing is imported and every problem is listed with its line number."</p>
    }
}

#[component]
fn ImportResult(
    report: ImportReport,
    back_href: &'static str,
    back_label: &'static str,
) -> impl IntoView {
    if report.errors.is_empty() {
        return view! {
            <div class="alert alert-info" role="status">
                {format!("Imported: {} created, {} updated.", report.created, report.updated)}
                " "
                <a href=back_href>{back_label}</a>
            </div>
        }
        .erase();
    }
    let count = report.errors.len();
    view! {
        <div class="alert alert-error" role="alert">
            {format!(
                "Nothing was imported. {} {} to fix:",
                count,
                if count == 1 { "problem" } else { "problems" }
            )}
        </div>
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col" class="num">"Line"</th>
                        <th scope="col">"Problem"</th>
                    </tr>
                </thead>
                <tbody>
                    {report
                        .errors
                        .into_iter()
                        .map(|e| view! {
                            <tr>
                                <td class="num">{e.line}</td>
                                <td>{e.message}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .erase()
}
