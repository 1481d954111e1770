//! Systems in the database, and the evaluation of each system against what
//! the BIA requires of it, loaded once per request.

pub mod csv;
pub mod store;

use crate::bia::rollup::NodeKind;
use crate::bia::scale::ImpactScale;
use crate::bia::ssr::graph;
use crate::bia::{NodeRef, ResourceRecord};
use crate::db::Db;
use crate::error::AppError;
use crate::systems::cost::{self, CostModel};
use crate::systems::design::{self, Capability, RuleCheck};
use crate::systems::findings::{self, Facts, Finding};
use crate::systems::tiers::{self, Need};
use crate::systems::{
    Comparison, DrGlance, ProcessLoss, SiteProfile, SiteView, SystemProfile, SystemSummary,
    TierCount,
};
use chrono::{NaiveDate, Utc};
use std::collections::{HashMap, HashSet, VecDeque};
use store::StoredProfile;
use uuid::Uuid;

pub struct Loaded {
    pub graph: graph::Loaded,
    pub profiles: HashMap<Uuid, StoredProfile>,
    pub sites: HashMap<Uuid, SiteProfile>,
    pub model: CostModel,
    pub scale: ImpactScale,
    pub today: NaiveDate,
}

/// A system with everything the gap analysis worked out.
pub struct Evaluated {
    pub profile: StoredProfile,
    pub required: Need,
    pub target: Need,
    pub capability: Capability,
    pub rule: Vec<RuleCheck>,
    pub findings: Vec<Finding>,
}

pub async fn load(db: &Db, org_id: Uuid) -> Result<Loaded, AppError> {
    let graph = graph::load(db, org_id).await?;
    let (scale, _) = crate::bia::ssr::review::load(db, org_id).await?;
    Ok(Loaded {
        graph,
        profiles: store::profiles(db, org_id).await?,
        sites: store::sites(db, org_id).await?,
        model: store::model(db, org_id).await?,
        scale,
        today: Utc::now().date_naive(),
    })
}

impl Loaded {
    pub fn systems(&self) -> impl Iterator<Item = &ResourceRecord> {
        self.graph
            .resources
            .iter()
            .filter(|r| r.kind == NodeKind::System)
    }

    pub fn system(&self, id: Uuid) -> Option<&ResourceRecord> {
        self.systems().find(|r| r.id == id)
    }

    pub fn site_refs(&self) -> Vec<NodeRef> {
        let mut sites: Vec<NodeRef> = self
            .graph
            .resources
            .iter()
            .filter(|r| r.kind == NodeKind::Site)
            .filter_map(|r| self.graph.node_ref(r.id))
            .collect();
        sites.sort_by(|a, b| a.name.cmp(&b.name));
        sites
    }

    pub fn required(&self, id: Uuid) -> Need {
        let a = &self.graph.analysis;
        Need {
            rto: a.required_rto.get(&id).map(|r| r.minutes),
            rpo: a.required_rpo.get(&id).map(|r| r.minutes),
        }
    }

    pub fn evaluate(&self, r: &ResourceRecord) -> Evaluated {
        let profile = self.profiles.get(&r.id).cloned().unwrap_or_default();
        let required = self.required(r.id);
        let target = Need {
            rto: r.rto,
            rpo: r.rpo,
        };
        let capability = design::capability(profile.tier, &profile.design);
        let months = self.model.restore_test_months;
        let rule = design::rule_32110(&profile.design, self.today, months);
        let findings = findings::findings(&Facts {
            required,
            target,
            tier: profile.tier,
            capability: &capability,
            design: &profile.design,
            rule: &rule,
            holds_data: profile.component.holds_data(),
            today: self.today,
            restore_months: months,
        });
        Evaluated {
            profile,
            required,
            target,
            capability,
            rule,
            findings,
        }
    }

    pub fn view_profile(&self, p: StoredProfile) -> SystemProfile {
        SystemProfile {
            component: p.component,
            environment: p.environment,
            hosting: p.hosting,
            provider: p.provider,
            region: p.region,
            data_class: p.data_class,
            primary_site: p.primary_site.and_then(|s| self.graph.node_ref(s)),
            recovery_site: p.recovery_site.and_then(|s| self.graph.node_ref(s)),
            tier: p.tier,
            tier_reason: p.tier_reason,
            design: p.design,
        }
    }

    /// The inventory line of a system already evaluated.
    pub fn summary(&self, r: &ResourceRecord, e: &Evaluated) -> SystemSummary {
        SystemSummary {
            id: r.id,
            name: r.name.clone(),
            owner: r.owner.clone(),
            component: e.profile.component,
            environment: e.profile.environment,
            hosting: e.profile.hosting,
            tier: e.profile.tier,
            required: e.required,
            target: e.target,
            recovery_site: e
                .profile
                .recovery_site
                .and_then(|s| self.graph.node(s))
                .map(|n| n.name.clone()),
            findings: e.findings.len(),
            worst: findings::worst(&e.findings),
            capability: e.capability.clone(),
        }
    }

    pub fn summaries(&self) -> Vec<SystemSummary> {
        let mut out: Vec<SystemSummary> = self
            .systems()
            .map(|r| self.summary(r, &self.evaluate(r)))
            .collect();
        out.sort_by_key(|s| s.name.to_lowercase());
        out
    }

    /// Processes that stop when any of `systems` stops: everything that
    /// depends on them, directly or through other systems and processes.
    pub fn dependent_processes(&self, systems: &[Uuid]) -> Vec<Uuid> {
        let mut seen: HashSet<Uuid> = systems.iter().copied().collect();
        let mut queue: VecDeque<Uuid> = systems.iter().copied().collect();
        let mut out = Vec::new();
        while let Some(id) = queue.pop_front() {
            for up in self.graph.dependants_of(id) {
                if seen.insert(up) {
                    if self
                        .graph
                        .node(up)
                        .is_some_and(|n| n.kind == NodeKind::Process)
                    {
                        out.push(up);
                    }
                    queue.push_back(up);
                }
            }
        }
        out
    }

    /// The strategy comparison for systems that fail together.
    pub fn comparison(&self, systems: &[Uuid]) -> Comparison {
        let mut need = Need::default();
        let mut current: Vec<u8> = Vec::new();
        for &id in systems {
            let own = self.system(id).map(|r| Need {
                rto: r.rto,
                rpo: r.rpo,
            });
            need = Need::strictest(need, self.required(id));
            need = Need::strictest(need, own.unwrap_or_default());
            if let Some(t) = self.profiles.get(&id).and_then(|p| p.tier)
                && !current.contains(&t)
            {
                current.push(t);
            }
        }
        current.sort_unstable();
        let processes = self.dependent_processes(systems);
        let mut priced = Vec::new();
        let mut unpriced = Vec::new();
        let mut curves = Vec::new();
        for id in processes {
            let Some(stored) = self.graph.processes.iter().find(|p| p.record.id == id) else {
                continue;
            };
            let Some(node) = self.graph.node_ref(id) else {
                continue;
            };
            let losses = &stored.assessment.losses;
            if losses.is_empty() {
                unpriced.push(node);
            } else {
                priced.push(ProcessLoss {
                    process: node,
                    per_hour: cost::loss_at(losses, 24 * 60) / 24,
                });
                curves.push(losses);
            }
        }
        priced.sort_by_key(|p| std::cmp::Reverse(p.per_hour));
        unpriced.sort_by(|a, b| a.name.cmp(&b.name));
        let options = cost::compare(&self.model, systems.len() as i64, need, &curves);
        Comparison {
            systems: self.graph.refs(systems.iter().copied()),
            processes: priced,
            unpriced,
            need,
            recommended: tiers::recommend(need).map(|r| r.tier),
            cheapest: cost::cheapest(&options),
            options,
            current,
            currency: self.scale.currency.clone(),
            model: self.model.clone(),
        }
    }

    pub fn glance(&self, summaries: &[SystemSummary]) -> DrGlance {
        let mut by_tier: Vec<TierCount> = (0..=7u8)
            .map(|t| TierCount {
                tier: Some(t),
                ..Default::default()
            })
            .chain([TierCount::default()])
            .collect();
        let mut g = DrGlance {
            systems: summaries.len(),
            ..Default::default()
        };
        for s in summaries {
            let rto = s.meets_rto();
            let rpo = s.meets_rpo();
            g.with_rto += usize::from(rto.is_some());
            g.meeting_rto += usize::from(rto == Some(true));
            g.with_rpo += usize::from(rpo.is_some());
            g.meeting_rpo += usize::from(rpo == Some(true));
            g.with_findings += usize::from(s.findings > 0);
            g.critical += usize::from(s.worst == Some(findings::Severity::Critical));
            let slot = s.tier.map(usize::from).unwrap_or(8);
            by_tier[slot].total += 1;
            by_tier[slot].meeting += usize::from(rto != Some(false) && rpo != Some(false));
        }
        g.by_tier = by_tier;
        g
    }

    pub fn site_views(&self) -> Vec<SiteView> {
        let mut out: Vec<SiteView> = self
            .graph
            .resources
            .iter()
            .filter(|r| r.kind == NodeKind::Site)
            .filter_map(|r| {
                let mut hosts = Vec::new();
                let mut recovers = Vec::new();
                for s in self.systems() {
                    let p = self.profiles.get(&s.id);
                    let node = self.graph.node_ref(s.id);
                    if p.and_then(|p| p.primary_site) == Some(r.id) {
                        hosts.extend(node.clone());
                    }
                    if p.and_then(|p| p.recovery_site) == Some(r.id) {
                        recovers.extend(node);
                    }
                }
                hosts.sort_by(|a, b| a.name.cmp(&b.name));
                recovers.sort_by(|a, b| a.name.cmp(&b.name));
                Some(SiteView {
                    site: self.graph.node_ref(r.id)?,
                    category: r.category.clone(),
                    profile: self.sites.get(&r.id).cloned().unwrap_or_default(),
                    profiled: self.sites.contains_key(&r.id),
                    hosts,
                    recovers,
                })
            })
            .collect();
        out.sort_by(|a, b| a.site.name.cmp(&b.site.name));
        out
    }
}
