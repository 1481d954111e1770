//! The demo organisation's BIA: a dozen processes of a logistics company
//! across departments, the systems, suppliers, sites and roles behind them,
//! and one realistic gap (route planning needs its transport system back
//! faster than that system's recovery design allows).

use crate::audit::ssr::Actor;
use crate::bia::derive::{Assessment, Objectives};
use crate::bia::duration::{DAY, HOUR, WEEK};
use crate::bia::rollup::NodeKind;
use crate::bia::scale::ImpactScale;
use crate::bia::ssr::graph;
use crate::bia::ssr::processes::{self, ProcessFields};
use crate::bia::ssr::resources::{self, ResourceFields};
use crate::db::Tx;
use crate::error::AppError;
use std::collections::HashMap;
use uuid::Uuid;

const M: i64 = 1;

struct ProcessSpec {
    name: &'static str,
    department: &'static str,
    owner: usize,
    description: &'static str,
    products: &'static str,
    peak: &'static str,
    mbco: &'static str,
    /// Rows per category key over the nine default buckets.
    rows: &'static [(&'static str, [u8; 9])],
    losses: [i64; 9],
    rto: i64,
    rpo: i64,
    wrt: i64,
    depends_on: &'static [&'static str],
}

/// Categories a process does not name get this gentle climb.
const BACKGROUND: [u8; 9] = [1, 1, 1, 1, 1, 2, 2, 2, 3];

const PROCESSES: &[ProcessSpec] = &[
    ProcessSpec {
        name: "Order intake",
        department: "Operations",
        owner: 2,
        description: "Receiving, validating and confirming customer shipping orders from the portal, EDI and phone.",
        products: "All freight and warehousing services",
        peak: "Monday mornings; November to December",
        mbco: "Priority customers' orders accepted by phone and entered within 2 hours",
        rows: &[
            ("customer", [1, 2, 4, 4, 5, 5, 5, 5, 5]),
            ("financial", [1, 2, 3, 3, 4, 4, 5, 5, 5]),
            ("operational", [1, 2, 3, 4, 4, 5, 5, 5, 5]),
            ("reputational", [1, 1, 2, 3, 3, 4, 4, 5, 5]),
        ],
        losses: [
            5_000, 25_000, 60_000, 180_000, 400_000, 650_000, 1_500_000, 3_200_000, 7_000_000,
        ],
        rto: 4 * HOUR,
        rpo: 15 * M,
        wrt: 2 * HOUR,
        depends_on: &[
            "Customer portal",
            "ERP",
            "Microsoft 365",
            "Contact centre telephony",
        ],
    },
    ProcessSpec {
        name: "Warehouse picking and packing",
        department: "Operations",
        owner: 3,
        description: "Picking, packing and staging goods for outbound loads at the Rotterdam distribution centre.",
        products: "Warehousing and fulfilment",
        peak: "Month-end; November to December",
        mbco: "Half of outbound volume, priority customers first",
        rows: &[
            ("operational", [1, 2, 3, 4, 5, 5, 5, 5, 5]),
            ("customer", [1, 1, 2, 3, 4, 4, 5, 5, 5]),
            ("financial", [1, 1, 2, 3, 3, 4, 4, 5, 5]),
        ],
        losses: [
            2_000, 10_000, 30_000, 90_000, 200_000, 320_000, 800_000, 1_600_000, 3_500_000,
        ],
        rto: 8 * HOUR,
        rpo: HOUR,
        wrt: 4 * HOUR,
        depends_on: &[
            "Warehouse management system",
            "Rotterdam distribution centre",
            "Warehouse shift lead",
        ],
    },
    ProcessSpec {
        name: "Dispatch and route planning",
        department: "Operations",
        owner: 2,
        description: "Planning routes, assigning drivers and releasing loads to the fleet and carrier partners.",
        products: "Road freight",
        peak: "Daily 05:00–08:00",
        mbco: "Same-day loads for contracted customers planned by hand from printed manifests",
        rows: &[
            ("customer", [1, 3, 4, 5, 5, 5, 5, 5, 5]),
            ("operational", [1, 3, 4, 4, 5, 5, 5, 5, 5]),
            ("financial", [1, 2, 3, 3, 4, 4, 5, 5, 5]),
            ("safety", [1, 1, 2, 2, 2, 2, 2, 2, 2]),
        ],
        losses: [
            8_000, 40_000, 90_000, 250_000, 520_000, 800_000, 1_900_000, 4_000_000, 8_500_000,
        ],
        rto: 4 * HOUR,
        rpo: HOUR,
        wrt: 2 * HOUR,
        depends_on: &[
            "Transport management system",
            "Warehouse management system",
            "Northline Telecom",
        ],
    },
    ProcessSpec {
        name: "Customs clearance",
        department: "Operations",
        owner: 2,
        description: "Filing import and export declarations and releasing held goods at the port.",
        products: "International freight",
        peak: "Vessel arrivals",
        mbco: "Declarations for perishable and time-critical goods",
        rows: &[
            ("legal", [1, 2, 3, 4, 5, 5, 5, 5, 5]),
            ("customer", [1, 1, 2, 3, 4, 4, 5, 5, 5]),
            ("financial", [1, 1, 2, 3, 3, 4, 4, 4, 5]),
        ],
        losses: [
            1_000, 6_000, 15_000, 60_000, 150_000, 260_000, 700_000, 1_400_000, 3_000_000,
        ],
        rto: 8 * HOUR,
        rpo: 4 * HOUR,
        wrt: 4 * HOUR,
        depends_on: &[
            "Customs broker gateway",
            "Licensed customs declarant",
            "ERP",
        ],
    },
    ProcessSpec {
        name: "Customer support desk",
        department: "Customer service",
        owner: 3,
        description: "Answering customer calls, emails and portal messages about shipments.",
        products: "All services",
        peak: "Weekday business hours",
        mbco: "Phone line for key accounts with shipment status read from the carrier portal",
        rows: &[
            ("customer", [1, 2, 3, 4, 4, 5, 5, 5, 5]),
            ("reputational", [1, 1, 2, 3, 3, 4, 4, 5, 5]),
        ],
        losses: [
            500, 2_000, 5_000, 20_000, 45_000, 70_000, 180_000, 380_000, 800_000,
        ],
        rto: 8 * HOUR,
        rpo: 4 * HOUR,
        wrt: 2 * HOUR,
        depends_on: &[
            "Contact centre telephony",
            "Customer portal",
            "Microsoft 365",
        ],
    },
    ProcessSpec {
        name: "Claims handling",
        department: "Customer service",
        owner: 3,
        description: "Assessing and settling damage and loss claims.",
        products: "All services",
        peak: "After peak season",
        mbco: "Claims over 50,000 acknowledged within contract terms",
        rows: &[
            ("customer", [1, 1, 1, 2, 2, 3, 4, 4, 5]),
            ("legal", [1, 1, 1, 1, 2, 2, 3, 4, 4]),
        ],
        losses: [0, 0, 500, 2_000, 5_000, 9_000, 25_000, 60_000, 140_000],
        rto: 72 * HOUR,
        rpo: DAY,
        wrt: DAY,
        depends_on: &["ERP", "Microsoft 365"],
    },
    ProcessSpec {
        name: "Invoicing and billing",
        department: "Finance",
        owner: 1,
        description: "Raising invoices for completed shipments and storage, and collecting payment.",
        products: "All services",
        peak: "Month-end close",
        mbco: "Invoices for the ten largest customers",
        rows: &[
            ("financial", [1, 1, 1, 2, 3, 4, 5, 5, 5]),
            ("legal", [1, 1, 1, 1, 2, 2, 3, 3, 4]),
        ],
        losses: [
            0, 1_000, 3_000, 15_000, 60_000, 120_000, 400_000, 900_000, 2_000_000,
        ],
        rto: DAY,
        rpo: 4 * HOUR,
        wrt: 8 * HOUR,
        depends_on: &["ERP", "Order intake"],
    },
    ProcessSpec {
        name: "Supplier payments",
        department: "Finance",
        owner: 1,
        description: "Paying carriers, subcontractors and utilities on time.",
        products: "Internal",
        peak: "Fortnightly payment runs",
        mbco: "Payments to critical carriers and fuel suppliers",
        rows: &[
            ("reputational", [1, 1, 1, 1, 2, 3, 4, 4, 5]),
            ("legal", [1, 1, 1, 1, 2, 3, 3, 4, 4]),
        ],
        losses: [0, 0, 0, 2_000, 6_000, 15_000, 60_000, 150_000, 400_000],
        rto: 2 * DAY,
        rpo: DAY,
        wrt: DAY,
        depends_on: &["ERP"],
    },
    ProcessSpec {
        name: "Payroll",
        department: "Finance",
        owner: 1,
        description: "Paying 640 employees and drivers correctly and on time.",
        products: "Internal",
        peak: "25th of each month",
        mbco: "Net pay at last month's amounts if calculation is unavailable",
        rows: &[
            ("legal", [1, 1, 1, 2, 3, 4, 5, 5, 5]),
            ("reputational", [1, 1, 1, 2, 2, 3, 4, 5, 5]),
            ("safety", [1, 1, 1, 1, 1, 2, 2, 3, 3]),
        ],
        losses: [0, 0, 0, 5_000, 20_000, 50_000, 150_000, 300_000, 600_000],
        rto: 2 * DAY,
        rpo: DAY,
        wrt: 12 * HOUR,
        depends_on: &["Payroll service", "PayWell", "Payroll officer"],
    },
    ProcessSpec {
        name: "Fleet maintenance scheduling",
        department: "Fleet",
        owner: 3,
        description: "Scheduling inspections and repairs so that every vehicle on the road is roadworthy.",
        products: "Road freight",
        peak: "Spring inspections",
        mbco: "Statutory safety inspections",
        rows: &[
            ("safety", [1, 1, 1, 2, 2, 3, 4, 5, 5]),
            ("legal", [1, 1, 1, 1, 2, 3, 4, 4, 5]),
        ],
        losses: [0, 0, 1_000, 3_000, 8_000, 15_000, 50_000, 120_000, 300_000],
        rto: 3 * DAY,
        rpo: DAY,
        wrt: DAY,
        depends_on: &["FleetParts", "ERP"],
    },
    ProcessSpec {
        name: "Key account management",
        department: "Sales",
        owner: 0,
        description: "Looking after the twenty largest customers: reviews, quotes and escalations.",
        products: "All services",
        peak: "Contract renewals in Q4",
        mbco: "Escalation line for the top five customers",
        rows: &[
            ("customer", [1, 1, 1, 1, 2, 2, 3, 4, 5]),
            ("financial", [1, 1, 1, 1, 1, 2, 2, 3, 4]),
        ],
        losses: [0, 0, 0, 1_000, 3_000, 6_000, 30_000, 250_000, 900_000],
        rto: WEEK,
        rpo: DAY,
        wrt: DAY,
        depends_on: &["Microsoft 365", "ERP"],
    },
    ProcessSpec {
        name: "Recruitment and onboarding",
        department: "People",
        owner: 1,
        description: "Hiring and onboarding drivers and warehouse staff.",
        products: "Internal",
        peak: "Seasonal hiring in September",
        mbco: "Onboarding of already-hired seasonal staff",
        rows: &[("operational", [1, 1, 1, 1, 1, 1, 2, 2, 3])],
        losses: [0, 0, 0, 0, 0, 1_000, 5_000, 15_000, 40_000],
        rto: 2 * WEEK,
        rpo: WEEK,
        wrt: 2 * DAY,
        depends_on: &["Microsoft 365"],
    },
];

/// (kind, name, type, owner index, RTO, RPO, depends on)
type ResourceSpec = (
    NodeKind,
    &'static str,
    &'static str,
    usize,
    Option<i64>,
    Option<i64>,
    &'static [&'static str],
);

const RESOURCES: &[ResourceSpec] = &[
    (
        NodeKind::System,
        "Customer portal",
        "Web application",
        3,
        Some(2 * HOUR),
        Some(15 * M),
        &["Database cluster", "Nimbus Cloud"],
    ),
    (
        NodeKind::System,
        "ERP",
        "Application",
        1,
        Some(4 * HOUR),
        Some(15 * M),
        &["Database cluster"],
    ),
    (
        NodeKind::System,
        "Warehouse management system",
        "Application",
        3,
        Some(4 * HOUR),
        Some(15 * M),
        &["Database cluster", "Core network"],
    ),
    (
        NodeKind::System,
        "Transport management system",
        "Application",
        3,
        Some(8 * HOUR),
        Some(HOUR),
        &["Database cluster", "Nimbus Cloud"],
    ),
    (
        NodeKind::System,
        "Microsoft 365",
        "SaaS",
        1,
        Some(4 * HOUR),
        None,
        &[],
    ),
    (
        NodeKind::System,
        "Contact centre telephony",
        "Cloud telephony",
        1,
        Some(2 * HOUR),
        Some(15 * M),
        &["Northline Telecom"],
    ),
    (
        NodeKind::System,
        "Payroll service",
        "SaaS",
        1,
        Some(DAY),
        Some(DAY),
        &[],
    ),
    (
        NodeKind::System,
        "Database cluster",
        "Database",
        1,
        Some(2 * HOUR),
        Some(15 * M),
        &["SAN storage"],
    ),
    (
        NodeKind::System,
        "SAN storage",
        "Storage",
        1,
        Some(HOUR),
        Some(15 * M),
        &[],
    ),
    (
        NodeKind::System,
        "Core network",
        "Network",
        1,
        Some(HOUR),
        Some(15 * M),
        &[],
    ),
    (
        NodeKind::Supplier,
        "Nimbus Cloud",
        "IaaS hosting, eu-west",
        1,
        Some(HOUR),
        None,
        &[],
    ),
    (
        NodeKind::Supplier,
        "Northline Telecom",
        "Voice and data carrier",
        1,
        Some(2 * HOUR),
        None,
        &[],
    ),
    (
        NodeKind::Supplier,
        "PayWell",
        "Payroll bureau",
        1,
        Some(DAY),
        None,
        &[],
    ),
    (
        NodeKind::Supplier,
        "Customs broker gateway",
        "Declaration filing service",
        2,
        Some(4 * HOUR),
        None,
        &[],
    ),
    (
        NodeKind::Supplier,
        "FleetParts",
        "Vehicle parts and repairs",
        3,
        Some(3 * DAY),
        None,
        &[],
    ),
    (
        NodeKind::Site,
        "Harbourside head office",
        "Office",
        0,
        None,
        None,
        &[],
    ),
    (
        NodeKind::Site,
        "Rotterdam distribution centre",
        "Warehouse",
        3,
        None,
        None,
        &[],
    ),
    (
        NodeKind::Role,
        "Licensed customs declarant",
        "Customs team",
        2,
        Some(4 * HOUR),
        None,
        &[],
    ),
    (
        NodeKind::Role,
        "Payroll officer",
        "Finance",
        1,
        Some(DAY),
        None,
        &[],
    ),
    (
        NodeKind::Role,
        "Warehouse shift lead",
        "Operations",
        3,
        Some(2 * HOUR),
        None,
        &[],
    ),
];

fn assessment(scale: &ImpactScale, spec: &ProcessSpec) -> Assessment {
    let mut a = Assessment::default();
    for category in &scale.categories {
        let row = spec
            .rows
            .iter()
            .find(|(k, _)| *k == category.key)
            .map(|(_, r)| *r)
            .unwrap_or(BACKGROUND);
        a.ratings.insert(
            category.key.clone(),
            scale.buckets.iter().copied().zip(row).collect(),
        );
    }
    a.losses = scale.buckets.iter().copied().zip(spec.losses).collect();
    a
}

/// Adds the BIA to the demo organisation inside the seeding transaction.
/// `people` are the demo members in `DEMO_PEOPLE` order. Returns every
/// process and resource's id by name, for the systems seeded after it.
pub async fn seed(
    tx: &mut Tx,
    org_id: Uuid,
    owner: &Actor,
    people: &[Uuid],
) -> Result<HashMap<&'static str, Uuid>, AppError> {
    let scale = ImpactScale::default();
    let mut ids: HashMap<&'static str, Uuid> = HashMap::new();
    for (kind, name, category, who, rto, rpo, _) in RESOURCES {
        let fields = ResourceFields {
            kind: *kind,
            name: name.to_string(),
            owner_id: people.get(*who).copied(),
            category: category.to_string(),
            contact: String::new(),
            rto: *rto,
            rpo: *rpo,
            notes: String::new(),
        };
        ids.insert(name, resources::create(tx, org_id, owner, &fields).await?);
    }
    for spec in PROCESSES {
        let fields = ProcessFields {
            name: spec.name.into(),
            department: spec.department.into(),
            owner_id: people.get(spec.owner).copied(),
            description: spec.description.into(),
            products: spec.products.into(),
            peak_periods: spec.peak.into(),
            mbco: spec.mbco.into(),
        };
        let id = processes::create(tx, org_id, owner, &fields).await?;
        processes::set_assessment(
            tx,
            org_id,
            owner,
            id,
            &assessment(&scale, spec),
            "bia.assessment.changed",
            serde_json::json!({}),
        )
        .await?;
        let objectives = Objectives {
            rto: Some(spec.rto),
            rpo: Some(spec.rpo),
            wrt: Some(spec.wrt),
        };
        processes::set_objectives(tx, org_id, owner, id, objectives).await?;
        ids.insert(spec.name, id);
    }
    for (_, name, _, _, _, _, deps) in RESOURCES {
        for dep in *deps {
            graph::add(tx, org_id, owner, ids[name], ids[dep]).await?;
        }
    }
    for spec in PROCESSES {
        for dep in spec.depends_on {
            graph::add(tx, org_id, owner, ids[spec.name], ids[dep]).await?;
        }
    }
    Ok(ids)
}

/// Roll-up nodes, their edges, and every node's id by name.
#[cfg(test)]
pub(super) type Graph = (
    Vec<crate::bia::rollup::Node>,
    Vec<(Uuid, Uuid)>,
    HashMap<&'static str, Uuid>,
);

/// The BIA's roll-up graph as the seed builds it, with made-up ids; for
/// checking the demo without a database.
#[cfg(test)]
pub(super) fn graph() -> Graph {
    use crate::bia::rollup::Node;
    let mut nodes = Vec::new();
    let mut by_name = HashMap::new();
    for (i, spec) in PROCESSES.iter().enumerate() {
        let id = Uuid::from_u128(i as u128 + 1);
        by_name.insert(spec.name, id);
        nodes.push(Node {
            id,
            kind: NodeKind::Process,
            name: spec.name.into(),
            rto: Some(spec.rto),
            rpo: Some(spec.rpo),
        });
    }
    for (i, (kind, name, _, _, rto, rpo, _)) in RESOURCES.iter().enumerate() {
        let id = Uuid::from_u128(1000 + i as u128);
        by_name.insert(*name, id);
        nodes.push(Node {
            id,
            kind: *kind,
            name: name.to_string(),
            rto: *rto,
            rpo: *rpo,
        });
    }
    let mut edges = Vec::new();
    for spec in PROCESSES {
        edges.extend(
            spec.depends_on
                .iter()
                .map(|d| (by_name[spec.name], by_name[d])),
        );
    }
    for (_, name, _, _, _, _, deps) in RESOURCES {
        edges.extend(deps.iter().map(|d| (by_name[name], by_name[d])));
    }
    (nodes, edges, by_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bia::derive::{check, derive};
    use crate::bia::rollup::{Node, analyse};

    #[test]
    fn every_demo_process_is_consistent_and_there_is_exactly_one_gap() {
        let scale = ImpactScale::default();
        let mut nodes = Vec::new();
        let mut by_name = HashMap::new();
        for (i, spec) in PROCESSES.iter().enumerate() {
            let a = assessment(&scale, spec);
            assert!(check(&scale, &a).is_empty(), "{}", spec.name);
            let d = derive(
                &scale,
                &a,
                Objectives {
                    rto: Some(spec.rto),
                    rpo: Some(spec.rpo),
                    wrt: Some(spec.wrt),
                },
            );
            assert_eq!(d.rto_error, None, "{}", spec.name);
            let id = Uuid::from_u128(i as u128 + 1);
            by_name.insert(spec.name, id);
            nodes.push(Node {
                id,
                kind: NodeKind::Process,
                name: spec.name.into(),
                rto: Some(spec.rto),
                rpo: Some(spec.rpo),
            });
        }
        for (i, (kind, name, _, _, rto, rpo, _)) in RESOURCES.iter().enumerate() {
            let id = Uuid::from_u128(1000 + i as u128);
            by_name.insert(name, id);
            nodes.push(Node {
                id,
                kind: *kind,
                name: name.to_string(),
                rto: *rto,
                rpo: *rpo,
            });
        }
        let mut edges = Vec::new();
        for spec in PROCESSES {
            edges.extend(
                spec.depends_on
                    .iter()
                    .map(|d| (by_name[spec.name], by_name[d])),
            );
        }
        for (_, name, _, _, _, _, deps) in RESOURCES {
            edges.extend(deps.iter().map(|d| (by_name[name], by_name[d])));
        }
        let analysis = analyse(&nodes, &edges);
        assert!(analysis.cycles.is_empty());
        assert_eq!(analysis.gaps.len(), 1, "{:?}", analysis.gaps);
        assert_eq!(
            analysis.gaps[0].node,
            by_name["Transport management system"]
        );
        assert_eq!(
            analysis.gaps[0].chain[0],
            by_name["Dispatch and route planning"]
        );
    }
}
