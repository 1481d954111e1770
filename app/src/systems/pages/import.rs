//! Exporting the systems inventory with its DR design as CSV, and importing
//! a file edited in a spreadsheet.

use super::common::SystemsNav;
use crate::bia::CsvImportForm;
use crate::systems::{
    COPY_PART_SEPARATOR, COPY_SEPARATOR, CSV_ESCAPE, ImportSystemsCsv, SYSTEM_CSV_COLUMNS,
    load_dr_sites, system_csv_help,
};
use crate::ui::Erase;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SystemsImportPage() -> impl IntoView {
    // The sites list says whether the caller may edit, and names the sites
    // the site columns can use.
    let data = Resource::new(|| (), |_| load_dr_sites());
    view! {
        <Title text="Import and export systems" />
        <div class="page-head page-head-actions">
            <div>
                <h1>"Import and export systems"</h1>
                <p class="muted">"Work on the systems inventory and its DR design in a spreadsheet: export it, edit the file, import it back."</p>
            </div>
            <SystemsNav />
        </div>
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let sites: Vec<String> = list.sites.iter().map(|s| s.site.name.clone()).collect();
                        view! {
                            <ExportCard />
                            {if list.can_edit {
                                view! { <ImportCard sites /> }.erase()
                            } else {
                                view! {
                                    <section class="card">
                                        <h2>"Import"</h2>
                                        <p class="muted">"Your role can read the systems but not change them, so it cannot import files."</p>
                                    </section>
                                }
                                    .erase()
                            }}
                        }
                            .erase()
                    }
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
            <p>"One line per system: its inventory details, recovery objectives, DR tier, sites, backup design, backup copies and the systems it depends on. Importing the file unchanged changes nothing."</p>
            <div>
                // `download` and `rel="external"` keep the client-side router
                // from treating the file as a page.
                <a class="btn btn-primary" href="/systems/export.csv" download="systems.csv" rel="external">
                    "Download CSV"
                </a>
            </div>
        </section>
    }
}

#[component]
fn ImportCard(sites: Vec<String>) -> impl IntoView {
    let action = ServerAction::<ImportSystemsCsv>::new();
    view! {
        <section class="card stack">
            <h2>"Import"</h2>
            <Format sites />
            <CsvImportForm
                pending=action.pending().into()
                on_submit=Callback::new(move |csv| { action.dispatch(ImportSystemsCsv { csv }); })
                result=Signal::derive(move || action.value().get())
                back_href="/systems"
                back_label="Back to the inventory"
            />
        </section>
    }
}

/// What the file must look like: every column and what it holds.
#[component]
fn Format(sites: Vec<String>) -> impl IntoView {
    let header = SYSTEM_CSV_COLUMNS.join(",");
    let rows = SYSTEM_CSV_COLUMNS
        .iter()
        .map(|column| {
            view! {
                <tr>
                    <th scope="row"><code>{*column}</code></th>
                    <td>{system_csv_help(column)}</td>
                </tr>
            }
        })
        .collect_view();
    let sites = if sites.is_empty() {
        view! {
            <p class="muted">
                "This organisation has no sites yet, so leave primary_site and recovery_site empty or add sites under "
                <a href="/bia/resources">"BIA dependencies"</a>" first."
            </p>
        }
        .erase()
    } else {
        view! {
            <p>"Sites of this organisation: "{sites.join(", ")}"."</p>
        }
        .erase()
    };
    let example = format!(
        "Nightly tape {p} tape {p} Vault {p} yes {p} yes{s} NAS {p} disk {p} Server room {p} no {p} no",
        p = COPY_PART_SEPARATOR,
        s = COPY_SEPARATOR,
    );
    view! {
        <p>
            "A CSV file with a header line, then one line per system. Columns may come in any order and only "
            <code>"name"</code>
            " is required: a column left out keeps what is stored, an empty cell clears it (an empty choice keeps what is stored). A system whose name matches an existing one (ignoring case) updates it; any other creates a new system."
        </p>
        <p>
            "Durations are written like 15m, 4h, 2d, 1w or 1mo; dates as YYYY-MM-DD; choices by the keys listed below. "
            "Backup copies go in one cell, e.g. "<code>{example}</code>
            {format!(
                ". Inside a label, location or system name, write {e}{s} for {s}, {e}{p} for {p} and {e}{e} for {e}.",
                e = CSV_ESCAPE,
                s = COPY_SEPARATOR,
                p = COPY_PART_SEPARATOR,
            )}
        </p>
        {sites}
        <details>
            <summary>"The columns"</summary>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">"Column"</th>
                            <th scope="col">"What it holds"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
        <details>
            <summary>"The full header line"</summary>
            <textarea readonly rows=3 aria-label="Header line" spellcheck="false">{header}</textarea>
        </details>
        <p class="muted">"If any line has a problem, nothing is imported and every problem is listed with its line number and column. A dependency that would make a cycle counts as a problem too."</p>
    }
}
