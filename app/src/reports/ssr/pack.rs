//! The auditor evidence pack for one framework: readiness, every control with
//! its status, owner and justification, the evidence index with hashes, the
//! drills in the period with their measured results, open follow-up actions,
//! and the sign-off page.

use super::{Sources, minutes};
use crate::controls::FrameworkCard;
use crate::controls::ssr::checklist::{Evaluated, sections};
use crate::controls::status::Effective;
use crate::drills::result::Verdict;
use crate::error::AppError;
use crate::reports::Spec;
use crate::reports::doc::{Bar, Bars, Block, Cell, Figure, Section, Table, Tone};

pub fn framework<'a>(
    spec: &Spec,
    s: &'a Sources,
) -> Result<(&'a FrameworkCard, &'a [Evaluated]), AppError> {
    s.frameworks
        .iter()
        .find(|(card, _)| card.key == spec.framework)
        .map(|(card, rows)| (card, rows.as_slice()))
        .ok_or_else(|| AppError::field("framework", "Choose one of the organisation's frameworks."))
}

fn status_cell(e: Effective) -> Cell {
    let tone = match e {
        Effective::Implemented => Tone::Good,
        Effective::InProgress => Tone::Warn,
        Effective::EvidenceExpired | Effective::NotStarted => Tone::Bad,
        Effective::NotApplicable => Tone::Plain,
    };
    Cell::toned(e.label(), tone)
}

pub fn body(spec: &Spec, s: &Sources) -> Result<Vec<Section>, AppError> {
    let (card, rows) = framework(spec, s)?;
    let name = crate::controls::short_name(&card.key, &card.name);
    let in_period =
        |d: chrono::NaiveDate| spec.from.is_none_or(|f| d >= f) && spec.to.is_none_or(|t| d <= t);
    let mut out = Vec::new();

    // Readiness.
    let t = &card.tally;
    let mut summary = Section::new("Readiness summary", false);
    summary.para(format!(
        "{} of the {} controls of {} {} are implemented with current evidence, {} are in progress and {} have not \
         been started. {} are not applicable, each with a recorded justification. Readiness counts implemented \
         controls over the applicable ones.",
        t.implemented, t.total, card.name, card.version, t.in_progress, t.not_started, t.not_applicable
    ));
    summary.push(Block::Figures(vec![
        Figure {
            label: "Readiness".into(),
            value: format!("{}%", t.percent()),
            detail: format!(
                "{} of {} applicable",
                t.implemented,
                t.total - t.not_applicable
            ),
            tone: match t.percent() {
                90.. => Tone::Good,
                60.. => Tone::Warn,
                _ => Tone::Bad,
            },
        },
        Figure {
            label: "Evidence expired".into(),
            value: t.expired.to_string(),
            detail: "implemented controls whose evidence lapsed".into(),
            tone: if t.expired == 0 {
                Tone::Good
            } else {
                Tone::Bad
            },
        },
        Figure {
            label: "Not applicable".into(),
            value: t.not_applicable.to_string(),
            detail: "justified below".into(),
            tone: Tone::Plain,
        },
    ]));
    summary.push(Block::Bars(Bars {
        title: "Readiness by section".into(),
        unit: "%".into(),
        bars: sections(rows)
            .into_iter()
            .map(|sec| Bar {
                label: format!("{} {}", sec.id, sec.title),
                value: f64::from(sec.tally.percent()),
                target: None,
                tone: Tone::Plain,
                caption: format!(
                    "{}% ({} of {})",
                    sec.tally.percent(),
                    sec.tally.implemented,
                    sec.tally.total - sec.tally.not_applicable
                ),
            })
            .collect(),
    }));
    out.push(summary);

    // Controls.
    let mut controls = Section::new(&format!("{name} controls"), true);
    controls.note("Status is the recorded answer, shown as \"evidence expired\" where the evidence it rests on has lapsed.");
    let mut table = Table::new(&[
        ("Control", 1.3),
        ("Title", 3.2),
        ("Status", 1.8),
        ("Owner", 1.5),
        ("Items", 0.9),
        ("Justification / notes", 2.9),
    ]);
    for r in rows {
        let notes = if r.effective == Effective::NotApplicable {
            r.answer.justification.clone()
        } else {
            r.answer.notes.clone()
        };
        table.row(vec![
            r.control.id.clone().into(),
            r.control.title.clone().into(),
            status_cell(r.effective),
            r.owner.clone().unwrap_or_else(|| "—".into()).into(),
            r.evidence.to_string().into(),
            notes.into(),
        ]);
    }
    controls.table(table);
    out.push(controls);

    // Evidence index: every item linked to one of this framework's controls.
    let mut evidence = Section::new("Evidence index", true);
    evidence.note("SHA-256 is computed over the stored file; a copy of the file with the same hash is the same file.");
    let mut table = Table::new(&[
        ("Evidence", 2.3),
        ("File", 1.8),
        ("SHA-256", 2.5),
        ("Effective", 1.45),
        ("Valid until", 1.45),
        ("Uploaded by", 1.4),
        ("Controls", 1.4),
    ])
    .empty("No evidence is linked to this framework's controls yet.");
    let prefix = format!("{}:", card.key);
    let mut count = 0;
    for item in &s.items {
        let refs: Vec<&str> = item
            .links
            .iter()
            .filter(|(kind, id)| kind == "control" && id.starts_with(&prefix))
            .map(|(_, id)| &id[prefix.len()..])
            .collect();
        if refs.is_empty() {
            continue;
        }
        let v = item.current();
        let brief = item.brief(s.as_of);
        let file = match v.kind.as_str() {
            "file" => format!("{} (v{})", v.file_name, v.version),
            "link" => v.url.clone(),
            "drill" => "Drill record".to_string(),
            _ => "Attestation".to_string(),
        };
        let until = match brief.expires_on {
            Some(d) if d < s.as_of => {
                Cell::toned(format!("{} (expired)", d.format("%Y-%m-%d")), Tone::Bad)
            }
            Some(d) => Cell::new(d.format("%Y-%m-%d").to_string()),
            None => Cell::new("No expiry"),
        };
        table.row(vec![
            item.title.clone().into(),
            file.into(),
            Cell::code(v.sha256.clone().unwrap_or_else(|| "—".into())),
            v.effective_on.format("%Y-%m-%d").to_string().into(),
            until,
            v.uploaded_by.clone().unwrap_or_else(|| "—".into()).into(),
            refs.join(", ").into(),
        ]);
        count += 1;
    }
    evidence.para(format!("{count} pieces of evidence."));
    evidence.table(table);
    out.push(evidence);

    // Drills in the period.
    let mut drills = Section::new("Drills in the period", true);
    let mut table = Table::new(&[
        ("Date", 1.2),
        ("Drill", 2.2),
        ("System", 2.0),
        ("Recovery / RTO", 1.8),
        ("Data loss / RPO", 1.8),
        ("Result", 1.0),
    ])
    .empty("No drills were recorded in the period.");
    let mut runs: Vec<_> = s
        .drills
        .runs
        .iter()
        .filter(|r| in_period(r.ended_at.date_naive()))
        .collect();
    runs.sort_by_key(|r| r.started_at);
    for run in &runs {
        let Some(plan) = s.drills.plan(run.plan_id) else {
            continue;
        };
        let title = format!("{} ({})", plan.fields.title, plan.fields.kind.label());
        let date = run.started_at.format("%Y-%m-%d").to_string();
        if run.systems.is_empty() {
            table.row(vec![
                date.clone().into(),
                title.clone().into(),
                "—".into(),
                "—".into(),
                "—".into(),
                verdict(run.verdict()),
            ]);
        }
        for m in &run.systems {
            let res = m.result();
            table.row(vec![
                date.clone().into(),
                title.clone().into(),
                m.system_name.clone().into(),
                format!(
                    "{} / {}",
                    minutes(m.measured.recovery_minutes),
                    minutes(m.measured.rto)
                )
                .into(),
                format!(
                    "{} / {}",
                    minutes(m.measured.data_loss_minutes),
                    minutes(m.measured.rpo)
                )
                .into(),
                verdict(res.verdict),
            ]);
        }
    }
    drills.para(format!("{} drills recorded in the period.", runs.len()));
    drills.table(table);

    drills.heading("Open follow-up actions");
    let mut table = Table::new(&[
        ("Action", 3.5),
        ("From drill", 2.5),
        ("Owner", 1.6),
        ("Due", 1.4),
    ])
    .empty("No follow-up actions are open.");
    for a in crate::drills::ssr::figures::actions(&s.drills, s.as_of) {
        if a.closed_at.is_some() {
            continue;
        }
        let due = a.due_on.format("%Y-%m-%d").to_string();
        table.row(vec![
            a.title.into(),
            a.plan_title.into(),
            a.owner.unwrap_or_else(|| "—".into()).into(),
            if a.overdue {
                Cell::toned(format!("{due} (overdue)"), Tone::Bad)
            } else {
                due.into()
            },
        ]);
    }
    drills.table(table);
    out.push(drills);
    Ok(out)
}

fn verdict(v: Verdict) -> Cell {
    let tone = match v {
        Verdict::Pass => Tone::Good,
        Verdict::Fail => Tone::Bad,
        Verdict::NotMeasured => Tone::Plain,
    };
    Cell::toned(v.label(), tone)
}
