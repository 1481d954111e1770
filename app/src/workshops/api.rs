//! Workshop server functions. Every change is announced to the browsers
//! watching the workshop once it is committed.

use super::{WorkshopList, WorkshopView};
use crate::error::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
use super::ssr;

#[server(prefix = "/api", endpoint = "workshops/list")]
pub async fn list_workshops() -> Result<WorkshopList, AppError> {
    use super::ProcessChoice;
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    let db = &caller.state.db;
    let processes = crate::bia::ssr::processes::list(db, caller.org_id)
        .await?
        .into_iter()
        .map(|p| ProcessChoice {
            id: p.record.id,
            name: p.record.name,
            department: p.record.department,
        })
        .collect();
    Ok(WorkshopList {
        workshops: ssr::list(db, caller.org_id).await?,
        processes,
        can_facilitate: caller.role.can(Permission::EditPlans),
    })
}

/// Opens a workshop over the chosen processes, in the order given; the
/// facilitator joins it.
#[server(prefix = "/api", endpoint = "workshops/create", input = server_fn::codec::Json)]
pub async fn create_workshop(title: String, processes: Vec<Uuid>) -> Result<String, AppError> {
    use crate::auth::ssr::authorize;
    use crate::error::FieldErrors;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut errors = FieldErrors::new();
    let title = errors.check("title", crate::validate::name(&title, "a title"));
    let mut chosen: Vec<Uuid> = Vec::new();
    for id in processes {
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    if chosen.is_empty() {
        errors.add("processes", "Choose at least one process to assess.");
    } else if chosen.len() > 200 {
        errors.add(
            "processes",
            "Choose at most 200 processes for one workshop.",
        );
    }
    errors.into_result()?;
    let db = &caller.state.db;
    let (scale, _) = crate::bia::ssr::review::load(db, caller.org_id).await?;
    let first_step = scale
        .categories
        .first()
        .map(|c| c.key.clone())
        .unwrap_or_else(|| crate::bia::scale::LOSS_KEY.to_string());
    let mut tx = db.begin().await?;
    for id in &chosen {
        // Refuses processes of other organisations as if they did not exist.
        crate::bia::ssr::processes::find_in(&mut tx, caller.org_id, *id)
            .await
            .map_err(|_| {
                AppError::field("processes", "One of the chosen processes no longer exists.")
            })?;
    }
    let id = ssr::create(
        &mut tx,
        caller.org_id,
        caller.user.id,
        &title.unwrap_or_default(),
        &chosen,
        &first_step,
    )
    .await?;
    ssr::join(&mut tx, id, caller.user.id).await?;
    crate::audit::ssr::record(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        crate::audit::ssr::Change {
            action: "workshop.opened",
            entity_type: "workshop",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "processes": chosen.len() })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(format!("/workshops/{id}"))
}

#[server(prefix = "/api", endpoint = "workshops/get")]
pub async fn load_workshop(id: Uuid) -> Result<WorkshopView, AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::ViewOrganisation).await?;
    build_view(&caller, id).await
}

#[cfg(feature = "ssr")]
fn steps_of(scale: &crate::bia::scale::ImpactScale) -> Vec<super::Step> {
    use crate::bia::scale::LOSS_KEY;
    scale
        .categories
        .iter()
        .map(|c| super::Step {
            key: c.key.clone(),
            label: c.label.clone(),
            levels: c.levels.clone(),
        })
        .chain(std::iter::once(super::Step {
            key: LOSS_KEY.to_string(),
            label: scale.label_of(LOSS_KEY),
            levels: Vec::new(),
        }))
        .collect()
}

#[cfg(feature = "ssr")]
fn row_of(
    assessment: &crate::bia::derive::Assessment,
    step: &str,
    buckets: &[i64],
) -> Vec<Option<i64>> {
    if step == crate::bia::scale::LOSS_KEY {
        buckets.iter().map(|b| assessment.loss(*b)).collect()
    } else {
        buckets
            .iter()
            .map(|b| assessment.rating(step, *b).map(i64::from))
            .collect()
    }
}

#[cfg(feature = "ssr")]
async fn build_view(caller: &crate::auth::ssr::Caller, id: Uuid) -> Result<WorkshopView, AppError> {
    use super::{CurrentStep, Decision, Proposal, WorkshopProcess, median, spread};
    use crate::roles::Permission;

    let db = &caller.state.db;
    let row = ssr::find(db, caller.org_id, id).await?;
    let (scale, _) = crate::bia::ssr::review::load(db, caller.org_id).await?;
    let steps = steps_of(&scale);
    let label_of = |key: &str| {
        steps
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| key.to_string())
    };
    let decode = |json: &str| serde_json::from_str::<Vec<Option<i64>>>(json).unwrap_or_default();
    let decisions: Vec<Decision> = ssr::decisions(db, id)
        .await?
        .into_iter()
        .map(|d| Decision {
            step_label: label_of(&d.step),
            values: decode(&d.values_json),
            process_id: d.process_id,
            process: d.process,
            step: d.step,
            agreed_by: d.agreed_email,
            agreed_at: d.agreed_at,
        })
        .collect();
    let processes: Vec<WorkshopProcess> = ssr::processes(db, id)
        .await?
        .into_iter()
        .map(|(pid, name, department)| WorkshopProcess {
            decided: decisions
                .iter()
                .filter(|d| d.process_id == pid)
                .map(|d| d.step.clone())
                .collect(),
            id: pid,
            name,
            department,
        })
        .collect();
    let participants = ssr::participants(db, id).await?;
    let total = processes.len() * steps.len();
    let current = match (row.current_process_id, row.current_step.as_deref()) {
        (Some(pid), Some(step_key)) => {
            let position = processes.iter().position(|p| p.id == pid);
            let step_index = steps.iter().position(|s| s.key == step_key);
            match (position, step_index) {
                (Some(pi), Some(si)) => {
                    let stored = crate::bia::ssr::processes::find(db, caller.org_id, pid).await?;
                    let rows = ssr::proposals(db, id, pid, step_key).await?;
                    let proposals: Vec<Proposal> = rows
                        .into_iter()
                        .map(|r| Proposal {
                            values: decode(&r.values_json),
                            user_id: r.user_id,
                            name: r.name,
                            comment: r.comment,
                            updated_at: r.updated_at,
                        })
                        .collect();
                    let values: Vec<Vec<Option<i64>>> =
                        proposals.iter().map(|p| p.values.clone()).collect();
                    Some(CurrentStep {
                        process_id: pid,
                        process: processes[pi].name.clone(),
                        step: steps[si].clone(),
                        index: pi * steps.len() + si,
                        total,
                        current: row_of(&stored.assessment, step_key, &scale.buckets),
                        spread: spread(&values, scale.buckets.len()),
                        median: median(&values, scale.buckets.len()),
                        proposals,
                        decision: decisions
                            .iter()
                            .find(|d| d.process_id == pid && d.step == step_key)
                            .cloned(),
                    })
                }
                _ => None,
            }
        }
        _ => None,
    };
    Ok(WorkshopView {
        id,
        title: row.title.clone(),
        status: row.status(),
        facilitator: row.facilitator.clone(),
        buckets: scale.buckets.clone(),
        threshold: scale.threshold,
        currency: scale.currency.clone(),
        joined: participants.iter().any(|p| p.user_id == caller.user.id),
        participants,
        steps,
        processes,
        current,
        decisions,
        notes: ssr::notes(db, id).await?,
        me: caller.user.id,
        can_propose: caller.role.can(Permission::Contribute),
        can_facilitate: caller.role.can(Permission::EditPlans),
        created_at: row.created_at,
        closed_at: row.closed_at,
    })
}

/// Loads the workshop for a change: it must be this organisation's and open.
#[cfg(feature = "ssr")]
async fn open_workshop(
    caller: &crate::auth::ssr::Caller,
    tx: &mut crate::db::Tx,
    id: Uuid,
) -> Result<ssr::WorkshopRow, AppError> {
    let row = ssr::find_in(tx, caller.org_id, id).await?;
    match row.status() {
        super::WorkshopStatus::Open => Ok(row),
        super::WorkshopStatus::Paused => Err(AppError::Conflict(
            "The workshop is paused; the facilitator can resume it.".into(),
        )),
        super::WorkshopStatus::Closed => Err(AppError::Conflict("The workshop is closed.".into())),
    }
}

#[cfg(feature = "ssr")]
async fn announce(caller: &crate::auth::ssr::Caller, id: Uuid) {
    caller
        .state
        .live
        .publish(&caller.state.db, super::topic(id))
        .await;
}

/// Checks proposed or agreed values against the scale: one per bucket,
/// ratings 1–5, losses whole and not negative.
#[cfg(feature = "ssr")]
fn check_values(step: &str, values: &[Option<i64>], buckets: usize) -> Result<(), AppError> {
    if values.len() != buckets {
        return Err(AppError::field(
            "values",
            format!("Give one value per time bucket ({buckets})."),
        ));
    }
    let loss = step == crate::bia::scale::LOSS_KEY;
    for v in values.iter().flatten() {
        if loss && !(0..=1_000_000_000_000).contains(v) {
            return Err(AppError::field(
                "values",
                "Losses are whole amounts of zero or more.",
            ));
        }
        if !loss && !(1..=i64::from(crate::bia::scale::LEVELS)).contains(v) {
            return Err(AppError::field("values", "Ratings run from 1 to 5."));
        }
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "workshops/join")]
pub async fn join_workshop(id: Uuid) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let mut tx = caller.state.db.begin().await?;
    ssr::find_in(&mut tx, caller.org_id, id).await?;
    let added = ssr::join(&mut tx, id, caller.user.id).await?;
    tx.commit().await?;
    if added {
        announce(&caller, id).await;
    }
    Ok(())
}

#[server(prefix = "/api", endpoint = "workshops/propose", input = server_fn::codec::Json)]
pub async fn propose(
    id: Uuid,
    process: Uuid,
    step: String,
    values: Vec<Option<i64>>,
    comment: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let comment = crate::validate::text(&comment, 500, "the comment")
        .map_err(|m| AppError::field("comment", m))?;
    let mut tx = caller.state.db.begin().await?;
    open_workshop(&caller, &mut tx, id).await?;
    let (scale, _) = crate::bia::ssr::review::load_in(&mut tx, caller.org_id).await?;
    if !steps_of(&scale).iter().any(|s| s.key == step) {
        return Err(AppError::field(
            "step",
            "That is not a step of this workshop.",
        ));
    }
    if !ssr::has_process(&mut tx, id, process).await? {
        return Err(AppError::NotFound("Process".into()));
    }
    check_values(&step, &values, scale.buckets.len())?;
    if let Some(problem) = monotonic_problem(&scale, &step, &values) {
        return Err(AppError::field("values", problem));
    }
    ssr::join(&mut tx, id, caller.user.id).await?;
    ssr::propose(
        &mut tx,
        id,
        process,
        &step,
        caller.user.id,
        &values,
        &comment,
    )
    .await?;
    tx.commit().await?;
    announce(&caller, id).await;
    Ok(())
}

/// Whether a row of values falls over time (the same rule as assessments).
#[cfg(feature = "ssr")]
fn monotonic_problem(
    scale: &crate::bia::scale::ImpactScale,
    step: &str,
    values: &[Option<i64>],
) -> Option<String> {
    let mut assessment = crate::bia::derive::Assessment::default();
    apply_row(&mut assessment, step, values, &scale.buckets);
    crate::bia::derive::check(scale, &assessment)
        .into_iter()
        .next()
        .map(|p| p.message)
}

#[cfg(feature = "ssr")]
fn apply_row(
    assessment: &mut crate::bia::derive::Assessment,
    step: &str,
    values: &[Option<i64>],
    buckets: &[i64],
) {
    if step == crate::bia::scale::LOSS_KEY {
        assessment.losses = buckets
            .iter()
            .zip(values)
            .filter_map(|(b, v)| v.map(|v| (*b, v)))
            .collect();
    } else {
        let row = buckets
            .iter()
            .zip(values)
            .filter_map(|(b, v)| v.and_then(|v| u8::try_from(v).ok()).map(|v| (*b, v)))
            .collect();
        assessment.ratings.insert(step.to_string(), row);
    }
}

/// Records the agreed values for a step: they replace that row of the
/// process's assessment (audit-logged with who agreed and who took part),
/// and the workshop moves on to the next step.
#[server(prefix = "/api", endpoint = "workshops/agree", input = server_fn::codec::Json)]
pub async fn agree(
    id: Uuid,
    process: Uuid,
    step: String,
    values: Vec<Option<i64>>,
) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let db = caller.state.db.clone();
    let participants: Vec<String> = ssr::participants(&db, id)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut tx = db.begin().await?;
    open_workshop(&caller, &mut tx, id).await?;
    let (scale, _) = crate::bia::ssr::review::load_in(&mut tx, caller.org_id).await?;
    let steps = steps_of(&scale);
    let Some(step_index) = steps.iter().position(|s| s.key == step) else {
        return Err(AppError::field(
            "step",
            "That is not a step of this workshop.",
        ));
    };
    if !ssr::has_process(&mut tx, id, process).await? {
        return Err(AppError::NotFound("Process".into()));
    }
    check_values(&step, &values, scale.buckets.len())?;
    let stored = crate::bia::ssr::processes::find_in(&mut tx, caller.org_id, process).await?;
    let mut assessment = stored.assessment.clone();
    apply_row(&mut assessment, &step, &values, &scale.buckets);
    crate::bia::check_assessment(&scale, &assessment).map_err(|e| {
        match e.field_message(&step) {
            Some(message) => AppError::field("values", message),
            None => e,
        }
    })?;
    crate::bia::ssr::processes::set_assessment(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        process,
        &assessment,
        "bia.assessment.agreed",
        serde_json::json!({
            "workshop": id,
            "step": step,
            "agreed_by": caller.user.email,
            "participants": participants,
        }),
    )
    .await?;
    ssr::decide(&mut tx, id, process, &step, &values, &caller.user.email).await?;
    // Move on: the next step of this process, or the first of the next one.
    let order: Vec<Uuid> = ssr::processes(&db, id)
        .await?
        .into_iter()
        .map(|p| p.0)
        .collect();
    let next = if step_index + 1 < steps.len() {
        Some((process, steps[step_index + 1].key.clone()))
    } else {
        order
            .iter()
            .position(|p| *p == process)
            .and_then(|i| order.get(i + 1))
            .map(|p| (*p, steps[0].key.clone()))
    };
    if let Some((p, s)) = next {
        ssr::set_position(&mut tx, id, p, &s).await?;
    }
    tx.commit().await?;
    announce(&caller, id).await;
    Ok(())
}

/// The facilitator moves everyone to a step.
#[server(prefix = "/api", endpoint = "workshops/goto")]
pub async fn goto_step(id: Uuid, process: Uuid, step: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let mut tx = caller.state.db.begin().await?;
    open_workshop(&caller, &mut tx, id).await?;
    let (scale, _) = crate::bia::ssr::review::load_in(&mut tx, caller.org_id).await?;
    if !steps_of(&scale).iter().any(|s| s.key == step) {
        return Err(AppError::field(
            "step",
            "That is not a step of this workshop.",
        ));
    }
    if !ssr::has_process(&mut tx, id, process).await? {
        return Err(AppError::NotFound("Process".into()));
    }
    ssr::set_position(&mut tx, id, process, &step).await?;
    tx.commit().await?;
    announce(&caller, id).await;
    Ok(())
}

/// Pause, resume or close. A closed workshop stays readable with its summary.
#[server(prefix = "/api", endpoint = "workshops/status")]
pub async fn set_workshop_status(id: Uuid, status: String) -> Result<(), AppError> {
    use super::WorkshopStatus;
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::EditPlans).await?;
    let status = WorkshopStatus::parse(status.trim())
        .ok_or_else(|| AppError::field("status", "Choose open, paused or closed."))?;
    let mut tx = caller.state.db.begin().await?;
    let row = ssr::find_in(&mut tx, caller.org_id, id).await?;
    if row.status() == WorkshopStatus::Closed {
        return Err(AppError::Conflict(
            "A closed workshop cannot be reopened; open a new one.".into(),
        ));
    }
    ssr::set_status(&mut tx, id, status).await?;
    crate::audit::ssr::record(
        &mut tx,
        caller.org_id,
        &caller.actor(),
        crate::audit::ssr::Change {
            action: "workshop.status",
            entity_type: "workshop",
            entity_id: Some(id.to_string()),
            before: Some(serde_json::json!({ "status": row.status })),
            after: Some(serde_json::json!({ "status": status.as_str() })),
        },
    )
    .await?;
    tx.commit().await?;
    announce(&caller, id).await;
    Ok(())
}

/// An open question or a note for the summary, optionally about a process.
#[server(prefix = "/api", endpoint = "workshops/note")]
pub async fn add_note(id: Uuid, process: String, text: String) -> Result<(), AppError> {
    use crate::auth::ssr::authorize;
    use crate::roles::Permission;

    let caller = authorize(Permission::Contribute).await?;
    let text =
        crate::validate::text(&text, 1000, "the note").map_err(|m| AppError::field("text", m))?;
    if text.is_empty() {
        return Err(AppError::field("text", "Write the question or note first."));
    }
    let process: Option<Uuid> = match process.trim() {
        "" => None,
        other => Some(
            other
                .parse()
                .map_err(|_| AppError::field("process", "Choose a process of this workshop."))?,
        ),
    };
    let mut tx = caller.state.db.begin().await?;
    ssr::find_in(&mut tx, caller.org_id, id).await?;
    if let Some(p) = process
        && !ssr::has_process(&mut tx, id, p).await?
    {
        return Err(AppError::field(
            "process",
            "Choose a process of this workshop.",
        ));
    }
    ssr::add_note(&mut tx, id, process, &text, &caller.user.email).await?;
    tx.commit().await?;
    announce(&caller, id).await;
    Ok(())
}
