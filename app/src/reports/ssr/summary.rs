//! The executive summary: two pages of figures and charts on readiness,
//! gaps, financial exposure and drills.

use super::{Sources, minutes, money};
use crate::reports::doc::{Bar, Bars, Block, Figure, Section, Tone};

fn tone_for(good: bool) -> Tone {
    if good { Tone::Good } else { Tone::Bad }
}

pub fn body(s: &Sources) -> Vec<Section> {
    let systems = &s.systems;
    let summaries = systems.summaries();
    let glance = systems.glance(&summaries);
    let processes = s.processes();
    let readiness = crate::drills::ssr::figures::figures(&s.drills, s.as_of_instant());

    let mut page1 = Section::new("Readiness and gaps", false);
    page1.para(format!(
        "{} has {} business processes and {} systems in its continuity programme. {} of {} systems with a required \
         recovery time can meet it, and {} of {} can meet their recovery point.",
        s.org,
        processes.len(),
        glance.systems,
        glance.meeting_rto,
        glance.with_rto,
        glance.meeting_rpo,
        glance.with_rpo
    ));
    page1.push(Block::Figures(vec![
        Figure {
            label: "Systems meeting RTO".into(),
            value: format!("{} / {}", glance.meeting_rto, glance.with_rto),
            detail: "recovery within what processes need".into(),
            tone: tone_for(glance.meeting_rto == glance.with_rto),
        },
        Figure {
            label: "Systems meeting RPO".into(),
            value: format!("{} / {}", glance.meeting_rpo, glance.with_rpo),
            detail: "backups frequent enough".into(),
            tone: tone_for(glance.meeting_rpo == glance.with_rpo),
        },
        Figure {
            label: "Systems with findings".into(),
            value: glance.with_findings.to_string(),
            detail: format!("{} of them critical", glance.critical),
            tone: tone_for(glance.critical == 0),
        },
        Figure {
            label: "BIA gaps".into(),
            value: systems.graph.analysis.gaps.len().to_string(),
            detail: "slower than what relies on them".into(),
            tone: tone_for(systems.graph.analysis.gaps.is_empty()),
        },
        Figure {
            label: "Processes assessed".into(),
            value: format!(
                "{} / {}",
                processes.iter().filter(|p| p.assessed).count(),
                processes.len()
            ),
            detail: "impact rated over time".into(),
            tone: Tone::Plain,
        },
        Figure {
            label: "RTO not below MTPD".into(),
            value: processes.iter().filter(|p| p.rto_error).count().to_string(),
            detail: "processes to correct".into(),
            tone: tone_for(!processes.iter().any(|p| p.rto_error)),
        },
    ]));
    page1.push(Block::Bars(Bars {
        title: "Framework readiness".into(),
        unit: "%".into(),
        bars: s
            .frameworks
            .iter()
            .filter(|(card, _)| card.active)
            .map(|(card, _)| Bar {
                label: crate::controls::short_name(&card.key, &card.name),
                value: f64::from(card.tally.percent()),
                target: Some(100.0),
                tone: Tone::Plain,
                caption: format!("{}%", card.tally.percent()),
            })
            .collect(),
    }));
    page1.push(Block::Bars(Bars {
        title: "Systems meeting RTO, by DR tier".into(),
        unit: "".into(),
        bars: glance
            .by_tier
            .iter()
            .map(|t| Bar {
                label: t
                    .tier
                    .map(|n| format!("Tier {n}"))
                    .unwrap_or_else(|| "No tier".into()),
                value: t.meeting as f64,
                target: Some(t.total as f64),
                tone: tone_for(t.meeting == t.total),
                caption: format!("{} of {}", t.meeting, t.total),
            })
            .collect(),
    }));

    let mut page2 = Section::new("Exposure and drills", true);
    let currency = systems.scale.currency.clone();
    let mut exposed: Vec<_> = processes
        .iter()
        .filter_map(|p| p.loss_at_mtpd.map(|loss| (p.name.clone(), loss)))
        .collect();
    exposed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: i64 = exposed.iter().map(|(_, l)| l).sum();
    page2.para(format!(
        "If every process were down until its MTPD, the recorded losses would add up to {}. The largest exposures:",
        money(total, &currency)
    ));
    page2.push(Block::Bars(Bars {
        title: "Loss at MTPD, largest ten processes".into(),
        unit: currency.clone(),
        bars: exposed
            .iter()
            .take(10)
            .map(|(name, loss)| Bar {
                label: name.clone(),
                value: *loss as f64,
                target: None,
                tone: Tone::Warn,
                caption: money(*loss, &currency),
            })
            .collect(),
    }));
    page2.push(Block::Figures(vec![
        Figure {
            label: "Days since the last drill".into(),
            value: readiness
                .days_since_last
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into()),
            detail: "any recorded exercise or test".into(),
            tone: tone_for(readiness.days_since_last.is_some_and(|d| d <= 90)),
        },
        Figure {
            label: "Drill success rate".into(),
            value: readiness
                .success_rate()
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "—".into()),
            detail: format!(
                "{} of {} decided drills passed",
                readiness.passed, readiness.decided
            ),
            tone: tone_for(readiness.passed == readiness.decided),
        },
        Figure {
            label: "Mean restore vs RTO".into(),
            value: minutes(readiness.mean_recovery),
            detail: format!("target {}", minutes(readiness.mean_rto)),
            tone: tone_for(match (readiness.mean_recovery, readiness.mean_rto) {
                (Some(r), Some(t)) => r <= t,
                _ => true,
            }),
        },
        Figure {
            label: "RPO adherence".into(),
            value: format!("{} / {}", readiness.rpo_met, readiness.rpo_checked),
            detail: "data losses within the RPO".into(),
            tone: tone_for(readiness.rpo_met == readiness.rpo_checked),
        },
        Figure {
            label: "Open follow-up actions".into(),
            value: readiness.open_actions.to_string(),
            detail: format!("{} overdue", readiness.overdue_actions),
            tone: tone_for(readiness.overdue_actions == 0),
        },
        Figure {
            label: "Drill plans overdue".into(),
            value: format!("{} / {}", readiness.overdue_plans, readiness.plans),
            detail: "drills not yet carried out".into(),
            tone: tone_for(readiness.overdue_plans == 0),
        },
    ]));
    page2.push(Block::Bars(Bars {
        title: "Measured restore time per drill".into(),
        unit: "min".into(),
        bars: readiness
            .trend
            .iter()
            .rev()
            .take(8)
            .rev()
            .map(|p| Bar {
                label: p.at.format("%-d %b %Y").to_string(),
                value: p.recovery as f64,
                target: p.rto.map(|r| r as f64),
                tone: tone_for(p.rto.is_none_or(|r| p.recovery <= r)),
                caption: minutes(Some(p.recovery)),
            })
            .collect(),
    }));
    vec![page1, page2]
}
