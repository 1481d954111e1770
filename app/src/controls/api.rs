//! Server functions of the checklists.

use crate::controls::{Checklist, ControlDetail, ControlsOverview, ImportView};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "controls")]
pub async fn load_controls() -> Result<ControlsOverview, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    use crate::controls::ssr::checklist;
    let standing = checklist::standing(&caller.state, caller.org_id).await?;
    let mut o = checklist::overview(&standing);
    o.can_manage = caller.role.can(Permission::ManageSettings);
    Ok(o)
}

#[server(prefix = "/api", endpoint = "controls/checklist")]
pub async fn load_checklist(
    framework: String,
    #[server(default)] status: String,
    #[server(default)] owner: String,
    #[server(default)] section: String,
    #[server(default)] continuity: bool,
) -> Result<Checklist, AppError> {
    use crate::auth::ssr::authorize;
    use crate::controls::ControlRow;
    use crate::controls::ssr::checklist;
    use crate::controls::status::Effective;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let today = chrono::Utc::now().date_naive();
    let standing = checklist::standing(&caller.state, caller.org_id).await?;
    let (card, rows) = standing
        .cards
        .iter()
        .find(|(c, _)| c.key == framework)
        .cloned()
        .ok_or_else(|| AppError::NotFound("Framework".into()))?;
    let wanted = Effective::parse(&status);
    let owner_id: Option<uuid::Uuid> = owner.parse().ok();
    let total = rows.len();
    let sections = checklist::sections(&rows);
    let rows = rows
        .into_iter()
        .filter(|r| wanted.is_none_or(|w| w == r.effective))
        .filter(|r| owner_id.is_none_or(|o| r.answer.owner_id == Some(o)))
        .filter(|r| section.is_empty() || r.control.section_id == section)
        .filter(|r| !continuity || r.control.continuity)
        .map(|r| ControlRow {
            overdue: r.answer.due_on.is_some_and(|d| d < today)
                && !matches!(
                    r.effective,
                    Effective::Implemented | Effective::NotApplicable
                ),
            id: r.control.id,
            title: r.control.title,
            section: r.control.section_id,
            kind: r.control.kind,
            continuity: r.control.continuity,
            effective: r.effective,
            owner: r.owner,
            due_on: r.answer.due_on,
            evidence: r.evidence,
        })
        .collect();
    Ok(Checklist {
        card,
        sections,
        rows,
        total,
        filter: crate::controls::ChecklistFilter {
            status,
            owner,
            section,
            continuity,
        },
        people: crate::bia::ssr::people(db, caller.org_id).await?,
    })
}

#[server(prefix = "/api", endpoint = "controls/control")]
pub async fn load_control(framework: String, id: String) -> Result<ControlDetail, AppError> {
    use crate::auth::ssr::authorize;
    use crate::controls::ssr::detail;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    detail::load(&caller, &framework, &id).await
}

/// Saves the organisation's answer for a control. "Not applicable" needs
/// a justification; owner and due date are optional.
#[server(prefix = "/api", endpoint = "controls/answer")]
pub async fn save_answer(
    framework: String,
    id: String,
    status: String,
    #[server(default)] justification: String,
    #[server(default)] owner: String,
    #[server(default)] due_on: String,
    #[server(default)] notes: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::controls::Answer;
    use crate::controls::ssr::{answers, catalogs};
    use crate::controls::status::Status;
    use crate::error::FieldErrors;
    use crate::roles::Permission;
    use crate::validate;

    let caller = authorize(Permission::EditPlans).await?;
    let db = &caller.state.db;
    let catalog = catalogs::for_org(db, caller.org_id, &framework)
        .await?
        .ok_or_else(|| AppError::NotFound("Framework".into()))?;
    if !catalog.controls.iter().any(|c| c.id == id) {
        return Err(AppError::NotFound("Control".into()));
    }
    let mut e = FieldErrors::new();
    let parsed = Status::parse(status.trim());
    if parsed.is_none() {
        e.add("status", "Choose a status.");
    }
    let justification = e
        .check(
            "justification",
            validate::text(&justification, 2000, "the justification"),
        )
        .unwrap_or_default();
    if parsed == Some(Status::NotApplicable) && justification.is_empty() {
        e.add(
            "justification",
            "Say why this control does not apply: auditors ask for the reason.",
        );
    }
    let owner = e
        .check("owner", crate::bia::ssr::parse_owner(&owner))
        .flatten();
    let due = match due_on.trim() {
        "" => None,
        text => {
            let d = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            if d.is_none() {
                e.add("due_on", "Enter the due date as a date, e.g. 2027-03-31.");
            }
            d
        }
    };
    let notes = e
        .check("notes", validate::text(&notes, 4000, "the notes"))
        .unwrap_or_default();
    e.into_result()?;
    let answer = Answer {
        status: parsed.unwrap_or_default(),
        justification,
        owner_id: owner,
        due_on: due,
        notes,
        updated_by: None,
        updated_at: None,
    };
    let before = answers::for_framework(db, caller.org_id, &framework)
        .await?
        .remove(&id)
        .map(|(a, _)| a);
    let mut tx = db.begin().await?;
    crate::bia::ssr::check_owner(&mut tx, caller.org_id, owner).await?;
    answers::save(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        &framework,
        &id,
        before.as_ref(),
        &answer,
    )
    .await?;
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post(&crate::controls::control_href(&framework, &id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "controls/imports")]
pub async fn load_imports() -> Result<ImportView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::controls::ImportedCatalog;
    use crate::controls::ssr::catalogs;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let imported = catalogs::imported(&caller.state.db, caller.org_id)
        .await?
        .into_iter()
        .map(
            |(framework, name, version, controls, loaded_at)| ImportedCatalog {
                overrides: crate::drills::FRAMEWORKS
                    .iter()
                    .any(|(k, _)| *k == framework),
                framework,
                name,
                version,
                controls,
                loaded_at,
            },
        )
        .collect();
    Ok(ImportView {
        imported,
        can_manage: caller.role.can(Permission::ManageSettings),
    })
}

/// Removes an imported catalog. Answers stay, in case it is imported again.
#[server(prefix = "/api", endpoint = "controls/import/remove")]
pub async fn remove_import(framework: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::controls::ssr::catalogs;
    use crate::roles::Permission;

    let caller = authorize(Permission::ManageSettings).await?;
    let mut tx = caller.state.db.begin().await?;
    if !catalogs::remove_import(&mut tx, caller.org_id, &caller.actor(), &framework).await? {
        return Err(AppError::NotFound("Imported catalog".into()));
    }
    tx.commit().await?;
    crate::auth::ssr::redirect_form_post("/controls/import");
    Ok(())
}
