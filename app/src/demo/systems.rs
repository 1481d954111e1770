//! The demo organisation's systems and their disaster recovery: the BIA's
//! ten systems plus ten more (identity, backup, files, reporting, mail,
//! remote access, monitoring, EDI, HR and builds) across DR tiers 1–7, three
//! DR sites, and for every system a profile with its tier, backup design,
//! copies and restore tests.
//!
//! Most systems are sound. The gap analysis finds what a real inventory
//! would: the transport management system on tier 3 though dispatch needs
//! it back within 4 h, the VPN on tier 5 under the same need, the EDI
//! gateway backed up nightly against a 15-minute RPO, a backup server and a
//! file server that break 3-2-1-1-0, a warehouse system whose last restore
//! test is over a year old, a data warehouse whose restore found errors, and
//! Microsoft 365 with no committed RPO. Every new target is within what
//! depends on it, so the BIA's roll-up still has its single gap.

use crate::audit::ssr::Actor;
use crate::bia::duration::{DAY, HOUR, WEEK};
use crate::bia::rollup::NodeKind;
use crate::bia::ssr::graph;
use crate::bia::ssr::resources::{self, ResourceFields};
use crate::db::Tx;
use crate::error::AppError;
use crate::systems::SiteProfile;
use crate::systems::design::{BackupDesign, Media, PartialKind, Replication};
use crate::systems::profile::{
    Component, DataClass, Environment, Failover, Hosting, Readiness, SiteRole,
};
use crate::systems::ssr::store::{self, CopyFields, StoredProfile};
use chrono::NaiveDate;
use std::collections::HashMap;
use uuid::Uuid;

const M: i64 = 1;

pub(super) const AMSTERDAM: &str = "Amsterdam primary data centre";
pub(super) const EINDHOVEN: &str = "Eindhoven recovery data centre";
pub(super) const NIMBUS: &str = "Nimbus eu-central region";
const HEAD_OFFICE: &str = "Harbourside head office";

struct SiteSpec {
    name: &'static str,
    /// `None` for the BIA's own sites, which exist already.
    new: Option<(&'static str, usize)>,
    role: SiteRole,
    readiness: Readiness,
    failover: Failover,
    location: &'static str,
    activation: &'static str,
}

const SITES: &[SiteSpec] = &[
    SiteSpec {
        name: AMSTERDAM,
        new: Some(("Data centre", 1)),
        role: SiteRole::Primary,
        readiness: Readiness::Hot,
        failover: Failover::ActivePassive,
        location: "Amsterdam Science Park (colocation, two halls)",
        activation: "",
    },
    SiteSpec {
        name: EINDHOVEN,
        new: Some(("Data centre", 1)),
        role: SiteRole::Secondary,
        readiness: Readiness::Warm,
        failover: Failover::ActivePassive,
        location: "Eindhoven, High Tech Campus (rented racks)",
        activation: "The IT director (or deputy) declares the disaster and invokes the DR plan.\n\
            Promote the database cluster's replicas and break SAN replication.\n\
            Power on the standby ERP, WMS and EDI servers from the replicated images.\n\
            Point DNS and the site-to-site VPN at Eindhoven.\n\
            Check logins, order entry and warehouse scanning with the business leads, then announce the switch-over.",
    },
    SiteSpec {
        name: NIMBUS,
        new: Some(("Cloud region", 1)),
        role: SiteRole::CloudRegion,
        readiness: Readiness::Hot,
        failover: Failover::ActiveActive,
        location: "Frankfurt (Nimbus eu-central-1)",
        activation: "The customer portal fails over by itself: health-checked DNS sends traffic to eu-central.\n\
            For the transport management system and monitoring, restore the latest cross-region backups into the prepared landing zone (runbook DR-07).\n\
            Raise the service quotas if the restores need more capacity.",
    },
    SiteSpec {
        name: HEAD_OFFICE,
        new: None,
        role: SiteRole::Primary,
        readiness: Readiness::Cold,
        failover: Failover::ActivePassive,
        location: "Rotterdam, server room on the second floor",
        activation: "",
    },
];

struct CopySpec(&'static str, Media, &'static str, bool, bool);

/// A restore test: days ago, how long it took, and errors found.
struct Restore(i64, i64, i64);

struct SystemSpec {
    name: &'static str,
    /// For systems the BIA does not have yet: type, owner (index into
    /// `DEMO_PEOPLE`), target RTO and RPO, notes.
    new: Option<(&'static str, usize, i64, i64, &'static str)>,
    component: Component,
    environment: Environment,
    hosting: Hosting,
    provider: &'static str,
    region: &'static str,
    data_class: DataClass,
    primary: Option<&'static str>,
    recovery: Option<&'static str>,
    tier: u8,
    tier_reason: &'static str,
    full_every: Option<i64>,
    partial: (PartialKind, Option<i64>),
    retention: (Option<i64>, Option<i64>),
    replication: (Replication, Option<i64>),
    restore: Option<Restore>,
    copies: &'static [CopySpec],
}

const APPLIANCE: CopySpec = CopySpec("Backup appliance", Media::Disk, AMSTERDAM, false, false);
const REPLICATED: CopySpec = CopySpec("Replicated backups", Media::Disk, EINDHOVEN, true, false);
const TAPES: CopySpec = CopySpec(
    "Monthly tape set",
    Media::Tape,
    "Iron Mountain vault, Utrecht",
    true,
    true,
);
const CLOUD_VAULT: CopySpec = CopySpec(
    "Cross-region backup vault",
    Media::CloudBackup,
    "Nimbus eu-central, object lock",
    true,
    true,
);

const NO_BACKUPS: (PartialKind, Option<i64>) = (PartialKind::None, None);

const SYSTEMS: &[SystemSpec] = &[
    SystemSpec {
        name: "Customer portal",
        new: None,
        component: Component::Application,
        environment: Environment::Production,
        hosting: Hosting::Cloud,
        provider: "Nimbus Cloud",
        region: "eu-west-1",
        data_class: DataClass::Confidential,
        primary: None,
        recovery: Some(NIMBUS),
        tier: 7,
        tier_reason: "",
        full_every: Some(DAY),
        partial: (PartialKind::Incremental, Some(HOUR)),
        retention: (Some(35), Some(365)),
        replication: (Replication::Async, Some(5 * M)),
        restore: Some(Restore(60, 45 * M, 0)),
        copies: &[
            CopySpec(
                "Hourly snapshots",
                Media::ObjectStorage,
                "Nimbus eu-west object storage",
                false,
                false,
            ),
            CLOUD_VAULT,
        ],
    },
    SystemSpec {
        name: "ERP",
        new: None,
        component: Component::Application,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 6,
        tier_reason: "",
        full_every: Some(WEEK),
        partial: (PartialKind::Differential, Some(DAY)),
        retention: (Some(30), Some(2555)),
        replication: (Replication::Async, Some(5 * M)),
        restore: Some(Restore(90, 3 * HOUR, 0)),
        copies: &[APPLIANCE, REPLICATED, TAPES],
    },
    SystemSpec {
        name: "Warehouse management system",
        new: None,
        component: Component::Application,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 6,
        tier_reason: "",
        full_every: Some(WEEK),
        partial: (PartialKind::Incremental, Some(4 * HOUR)),
        retention: (Some(30), Some(365)),
        replication: (Replication::Async, Some(10 * M)),
        // Last verified before the upgrade of the spring before last.
        restore: Some(Restore(450, 150 * M, 0)),
        copies: &[APPLIANCE, REPLICATED, TAPES],
    },
    SystemSpec {
        name: "Transport management system",
        new: None,
        component: Component::Application,
        environment: Environment::Production,
        hosting: Hosting::Cloud,
        provider: "Nimbus Cloud",
        region: "eu-west-1",
        data_class: DataClass::Internal,
        primary: None,
        recovery: Some(NIMBUS),
        tier: 3,
        tier_reason: "A warm standby in eu-central was deferred to next year's budget; until then the TMS is restored from cross-region backups.",
        full_every: Some(DAY),
        partial: (PartialKind::Incremental, Some(HOUR)),
        retention: (Some(30), Some(365)),
        replication: (Replication::None, None),
        restore: Some(Restore(45, 6 * HOUR, 0)),
        copies: &[
            CopySpec(
                "Nightly snapshots",
                Media::ObjectStorage,
                "Nimbus eu-west object storage",
                false,
                false,
            ),
            CLOUD_VAULT,
        ],
    },
    SystemSpec {
        name: "Microsoft 365",
        new: None,
        component: Component::Saas,
        environment: Environment::Production,
        hosting: Hosting::Saas,
        provider: "Microsoft",
        region: "EU Data Boundary",
        data_class: DataClass::Confidential,
        primary: None,
        recovery: None,
        tier: 6,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(90), Some(2555)),
        replication: (Replication::Sync, None),
        restore: Some(Restore(30, 20 * M, 0)),
        copies: &[
            CopySpec(
                "Cloud-to-cloud backup",
                Media::CloudBackup,
                "BackupCo EU, immutable",
                true,
                true,
            ),
            CopySpec(
                "Weekly mailbox export",
                Media::Disk,
                "Backup server, Amsterdam",
                true,
                false,
            ),
        ],
    },
    SystemSpec {
        name: "Contact centre telephony",
        new: None,
        component: Component::Network,
        environment: Environment::Production,
        hosting: Hosting::Saas,
        provider: "Northline Telecom",
        region: "Two exchanges, Rotterdam and Amsterdam",
        data_class: DataClass::Internal,
        primary: None,
        recovery: None,
        tier: 7,
        tier_reason: "",
        full_every: None,
        partial: NO_BACKUPS,
        retention: (None, None),
        replication: (Replication::Sync, None),
        restore: None,
        copies: &[],
    },
    SystemSpec {
        name: "Payroll service",
        new: None,
        component: Component::Saas,
        environment: Environment::Production,
        hosting: Hosting::Saas,
        provider: "PayWell",
        region: "Netherlands",
        data_class: DataClass::Restricted,
        primary: None,
        recovery: None,
        tier: 3,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(90), Some(2555)),
        replication: (Replication::None, None),
        restore: Some(Restore(120, 4 * HOUR, 0)),
        copies: &[
            CopySpec(
                "Vendor backups",
                Media::CloudBackup,
                "PayWell, second data centre",
                true,
                true,
            ),
            CopySpec(
                "Monthly payroll export",
                Media::Disk,
                "File server, head office",
                false,
                false,
            ),
        ],
    },
    SystemSpec {
        name: "Database cluster",
        new: None,
        component: Component::Database,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 7,
        tier_reason: "",
        full_every: Some(WEEK),
        partial: (PartialKind::Incremental, Some(15 * M)),
        retention: (Some(35), Some(2555)),
        replication: (Replication::Sync, None),
        restore: Some(Restore(75, 90 * M, 0)),
        copies: &[APPLIANCE, REPLICATED, TAPES],
    },
    SystemSpec {
        name: "SAN storage",
        new: None,
        component: Component::Storage,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 7,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(14), None),
        replication: (Replication::Sync, None),
        restore: Some(Restore(100, 40 * M, 0)),
        copies: &[
            CopySpec("Array snapshots", Media::Disk, AMSTERDAM, false, false),
            CopySpec("Array replica", Media::Disk, EINDHOVEN, true, false),
            CopySpec(
                "Weekly tape",
                Media::Tape,
                "Iron Mountain vault, Utrecht",
                true,
                true,
            ),
        ],
    },
    SystemSpec {
        name: "Core network",
        new: None,
        component: Component::Network,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Internal,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 7,
        tier_reason: "",
        full_every: None,
        partial: NO_BACKUPS,
        retention: (None, None),
        // A redundant core pair whose configuration is kept in step.
        replication: (Replication::Sync, None),
        restore: None,
        copies: &[],
    },
    SystemSpec {
        name: "Active Directory",
        new: Some((
            "Identity provider",
            1,
            HOUR,
            15 * M,
            "Two domain controllers in Amsterdam, one in Eindhoven; Entra Connect syncs identities to Microsoft 365.",
        )),
        component: Component::Platform,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Restricted,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 7,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(60), Some(365)),
        replication: (Replication::Async, Some(15 * M)),
        restore: Some(Restore(150, 50 * M, 0)),
        copies: &[
            APPLIANCE,
            CopySpec(
                "Offline system-state backups",
                Media::Removable,
                "Safe, Eindhoven recovery data centre",
                true,
                true,
            ),
        ],
    },
    SystemSpec {
        name: "Backup server",
        new: Some((
            "Backup platform",
            1,
            DAY,
            DAY,
            "Runs every backup job; its own catalogue is what it needs to restore anything else.",
        )),
        component: Component::Platform,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 3,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(30), None),
        replication: (Replication::None, None),
        restore: Some(Restore(200, 2 * HOUR, 0)),
        // Both copies can be reached (and deleted) from the network.
        copies: &[
            CopySpec("Catalogue replica", Media::Disk, EINDHOVEN, true, false),
            CopySpec(
                "Catalogue export",
                Media::ObjectStorage,
                "Nimbus eu-central object storage",
                true,
                false,
            ),
        ],
    },
    SystemSpec {
        name: "File server",
        new: Some((
            "File shares",
            1,
            2 * DAY,
            DAY,
            "Department shares and scanned documents.",
        )),
        component: Component::Storage,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Internal,
        primary: Some(HEAD_OFFICE),
        recovery: Some(EINDHOVEN),
        tier: 2,
        tier_reason: "Shares are restored onto spare hardware at Eindhoven; nobody needs them back within a day.",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(30), Some(365)),
        replication: (Replication::None, None),
        restore: Some(Restore(60, 5 * HOUR, 0)),
        // Disk only, and nothing offline.
        copies: &[
            CopySpec("NAS snapshots", Media::Disk, HEAD_OFFICE, false, false),
            CopySpec("NAS replica", Media::Disk, EINDHOVEN, true, false),
        ],
    },
    SystemSpec {
        name: "Data warehouse",
        new: Some((
            "Reporting",
            1,
            3 * DAY,
            DAY,
            "Nightly loads from the ERP and the WMS for management reporting.",
        )),
        component: Component::Database,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 4,
        tier_reason: "Shares the point-in-time copies on the database cluster's secondary at no extra cost.",
        full_every: Some(WEEK),
        partial: (PartialKind::Differential, Some(DAY)),
        retention: (Some(30), Some(1825)),
        replication: (Replication::None, None),
        // The last restore found three tables with missing partitions.
        restore: Some(Restore(40, 8 * HOUR, 3)),
        copies: &[APPLIANCE, TAPES],
    },
    SystemSpec {
        name: "Email gateway",
        new: Some((
            "Email security",
            1,
            4 * HOUR,
            15 * M,
            "Filters inbound and outbound mail for Microsoft 365; holds no mailboxes.",
        )),
        component: Component::Network,
        environment: Environment::Production,
        hosting: Hosting::Saas,
        provider: "MailShield",
        region: "EU",
        data_class: DataClass::Internal,
        primary: None,
        recovery: None,
        tier: 6,
        tier_reason: "",
        full_every: None,
        partial: NO_BACKUPS,
        retention: (None, None),
        replication: (Replication::Sync, None),
        restore: None,
        copies: &[],
    },
    SystemSpec {
        name: "VPN",
        new: Some((
            "Remote access",
            1,
            4 * HOUR,
            15 * M,
            "Site-to-site tunnels to the Rotterdam distribution centre and remote access for staff.",
        )),
        component: Component::Network,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Internal,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 5,
        tier_reason: "The second VPN concentrator at Eindhoven is budgeted for Q3; until then failover means shipping the spare appliance.",
        full_every: None,
        partial: NO_BACKUPS,
        retention: (None, None),
        replication: (Replication::Sync, None),
        restore: None,
        copies: &[],
    },
    SystemSpec {
        name: "Monitoring",
        new: Some(("Monitoring and alerting", 1, DAY, 4 * HOUR, "")),
        component: Component::Platform,
        environment: Environment::Production,
        hosting: Hosting::Cloud,
        provider: "Nimbus Cloud",
        region: "eu-west-1",
        data_class: DataClass::Internal,
        primary: None,
        recovery: Some(NIMBUS),
        tier: 4,
        tier_reason: "",
        full_every: Some(DAY),
        partial: (PartialKind::Incremental, Some(4 * HOUR)),
        retention: (Some(30), Some(365)),
        replication: (Replication::None, None),
        restore: Some(Restore(180, 90 * M, 0)),
        copies: &[
            CopySpec(
                "Nightly snapshots",
                Media::ObjectStorage,
                "Nimbus eu-west object storage",
                false,
                false,
            ),
            CLOUD_VAULT,
        ],
    },
    SystemSpec {
        name: "EDI gateway",
        new: Some((
            "B2B integration",
            2,
            4 * HOUR,
            15 * M,
            "Receives customers' EDI orders for the ERP. Its message store is a local database backed up nightly; replication to Eindhoven was never set up.",
        )),
        component: Component::Application,
        environment: Environment::Production,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Confidential,
        primary: Some(AMSTERDAM),
        recovery: Some(EINDHOVEN),
        tier: 6,
        tier_reason: "",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(30), Some(2555)),
        replication: (Replication::None, None),
        restore: Some(Restore(80, 2 * HOUR, 0)),
        copies: &[APPLIANCE, TAPES],
    },
    SystemSpec {
        name: "HR system",
        new: Some((
            "HR information system",
            1,
            DAY,
            DAY,
            "Employee records; feeds the payroll service.",
        )),
        component: Component::Saas,
        environment: Environment::Production,
        hosting: Hosting::Saas,
        provider: "PeopleFirst",
        region: "EU (Dublin)",
        data_class: DataClass::Restricted,
        primary: None,
        recovery: None,
        tier: 5,
        tier_reason: "The vendor's standard service includes a warm standby in a second region.",
        full_every: Some(DAY),
        partial: NO_BACKUPS,
        retention: (Some(35), Some(2555)),
        replication: (Replication::Async, Some(HOUR)),
        restore: Some(Restore(160, 2 * HOUR, 0)),
        copies: &[
            CopySpec(
                "Vendor backups",
                Media::CloudBackup,
                "PeopleFirst, second region",
                true,
                true,
            ),
            CopySpec(
                "Monthly HR export",
                Media::Disk,
                "File server, head office",
                false,
                false,
            ),
        ],
    },
    SystemSpec {
        name: "CI/build server",
        new: Some((
            "Build and deployment",
            3,
            2 * WEEK,
            2 * DAY,
            "Builds and deploys the customer portal and the integrations.",
        )),
        component: Component::Platform,
        environment: Environment::Development,
        hosting: Hosting::OnPremises,
        provider: "",
        region: "",
        data_class: DataClass::Internal,
        primary: Some(HEAD_OFFICE),
        recovery: None,
        tier: 1,
        tier_reason: "",
        full_every: Some(WEEK),
        partial: (PartialKind::Incremental, Some(DAY)),
        retention: (Some(30), None),
        replication: (Replication::None, None),
        restore: Some(Restore(210, 10 * HOUR, 0)),
        copies: &[
            CopySpec("Backup appliance", Media::Disk, AMSTERDAM, true, false),
            CopySpec(
                "Object storage",
                Media::ObjectStorage,
                "Nimbus eu-central, object lock",
                true,
                true,
            ),
        ],
    },
];

/// Systems' dependencies on other systems, beyond the BIA's.
const DEPENDENCIES: &[(&str, &str)] = &[
    ("ERP", "Active Directory"),
    ("Warehouse management system", "Active Directory"),
    ("Transport management system", "Active Directory"),
    ("Microsoft 365", "Active Directory"),
    ("Active Directory", "Core network"),
    ("ERP", "EDI gateway"),
    ("EDI gateway", "Core network"),
    ("Microsoft 365", "Email gateway"),
    ("Warehouse management system", "VPN"),
    ("VPN", "Core network"),
    ("Payroll service", "HR system"),
    ("Data warehouse", "Database cluster"),
    ("File server", "SAN storage"),
    ("CI/build server", "File server"),
];

fn copies(spec: &SystemSpec) -> Vec<CopyFields> {
    spec.copies
        .iter()
        .map(|c| CopyFields {
            label: c.0.into(),
            media: c.1,
            location: c.2.into(),
            offsite: c.3,
            offline: c.4,
        })
        .collect()
}

/// The profile as seeded on `today`, with sites resolved by `site`; the
/// copies are added separately.
fn profile(spec: &SystemSpec, today: NaiveDate, site: impl Fn(&str) -> Uuid) -> StoredProfile {
    let restore = spec.restore.as_ref();
    StoredProfile {
        component: spec.component,
        environment: spec.environment,
        hosting: spec.hosting,
        provider: spec.provider.into(),
        region: spec.region.into(),
        data_class: spec.data_class,
        primary_site: spec.primary.map(&site),
        recovery_site: spec.recovery.map(&site),
        tier: Some(spec.tier),
        tier_reason: spec.tier_reason.into(),
        design: BackupDesign {
            full_every: spec.full_every,
            partial_kind: spec.partial.0,
            partial_every: spec.partial.1,
            retention_days: spec.retention.0,
            archive_days: spec.retention.1,
            replication: spec.replication.0,
            replication_lag: spec.replication.1,
            restore_tested_on: restore.map(|r| today - chrono::Duration::days(r.0)),
            restore_minutes: restore.map(|r| r.1),
            restore_errors: restore.map(|r| r.2),
            copies: Vec::new(),
        },
    }
}

/// Adds the sites' DR profiles, the new systems, every system's profile and
/// copies, and the systems' dependencies, inside the seeding transaction,
/// through the same functions as the forms. `ids` are the BIA's processes
/// and resources by name.
pub async fn seed(
    tx: &mut Tx,
    org_id: Uuid,
    owner: &Actor,
    people: &[Uuid],
    ids: &HashMap<&'static str, Uuid>,
) -> Result<HashMap<&'static str, Uuid>, AppError> {
    let mut ids = ids.clone();
    for site in SITES {
        let id = match site.new {
            Some((category, who)) => {
                let fields = ResourceFields {
                    kind: NodeKind::Site,
                    name: site.name.into(),
                    owner_id: people.get(who).copied(),
                    category: category.into(),
                    contact: String::new(),
                    rto: None,
                    rpo: None,
                    notes: String::new(),
                };
                let id = resources::create(tx, org_id, owner, &fields).await?;
                ids.insert(site.name, id);
                id
            }
            None => ids[site.name],
        };
        let profile = SiteProfile {
            role: site.role,
            readiness: site.readiness,
            failover: site.failover,
            location: site.location.into(),
            activation: site.activation.into(),
        };
        store::save_site(tx, org_id, owner, id, &profile).await?;
    }
    let today = chrono::Utc::now().date_naive();
    for spec in SYSTEMS {
        let profile = profile(spec, today, |name| ids[name]);
        let id = match spec.new {
            Some((category, who, rto, rpo, notes)) => {
                let fields = ResourceFields {
                    kind: NodeKind::System,
                    name: spec.name.into(),
                    owner_id: people.get(who).copied(),
                    category: category.into(),
                    contact: String::new(),
                    rto: Some(rto),
                    rpo: Some(rpo),
                    notes: notes.into(),
                };
                let id = store::create(tx, org_id, owner, &fields, profile).await?;
                ids.insert(spec.name, id);
                id
            }
            None => {
                let id = ids[spec.name];
                store::update(tx, org_id, owner, id, "system.profile.updated", |p| {
                    *p = profile
                })
                .await?;
                id
            }
        };
        for copy in copies(spec) {
            store::add_copy(tx, org_id, owner, id, &copy).await?;
        }
    }
    for (from, to) in DEPENDENCIES {
        graph::add(tx, org_id, owner, ids[from], ids[to]).await?;
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bia::rollup::{Node, analyse};
    use crate::systems::design::{capability, rule_32110};
    use crate::systems::findings::{Facts, Severity, findings};
    use crate::systems::tiers::{self, Need};
    use std::collections::BTreeSet;

    /// The BIA's graph with the seeded sites, systems and dependencies.
    fn graph() -> super::super::bia::Graph {
        let (mut nodes, mut edges, mut ids) = super::super::bia::graph();
        for (i, site) in SITES.iter().filter(|s| s.new.is_some()).enumerate() {
            let id = Uuid::from_u128(5000 + i as u128);
            ids.insert(site.name, id);
            nodes.push(Node {
                id,
                kind: NodeKind::Site,
                name: site.name.into(),
                rto: None,
                rpo: None,
            });
        }
        for (i, spec) in SYSTEMS.iter().enumerate() {
            if let Some((_, _, rto, rpo, _)) = spec.new {
                let id = Uuid::from_u128(6000 + i as u128);
                ids.insert(spec.name, id);
                nodes.push(Node {
                    id,
                    kind: NodeKind::System,
                    name: spec.name.into(),
                    rto: Some(rto),
                    rpo: Some(rpo),
                });
            }
        }
        edges.extend(DEPENDENCIES.iter().map(|(a, b)| (ids[a], ids[b])));
        (nodes, edges, ids)
    }

    #[test]
    fn every_system_and_site_named_exists_once() {
        let (nodes, _, ids) = graph();
        let systems: Vec<&Node> = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::System)
            .collect();
        assert_eq!(
            systems.len(),
            SYSTEMS.len(),
            "every BIA system gets a profile"
        );
        let names: BTreeSet<&str> = SYSTEMS.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), SYSTEMS.len());
        for spec in SYSTEMS {
            for site in spec.primary.iter().chain(&spec.recovery) {
                let node = nodes.iter().find(|n| n.id == ids[site]).unwrap();
                assert_eq!(node.kind, NodeKind::Site, "{site}");
            }
            if let (Some(primary), Some(recovery)) = (spec.primary, spec.recovery) {
                assert_ne!(primary, recovery, "{}", spec.name);
            }
            // What the backup form would accept.
            let d = profile(spec, chrono::Utc::now().date_naive(), |_| Uuid::nil()).design;
            assert_eq!(
                d.partial_every.is_some(),
                d.partial_kind != PartialKind::None,
                "{}",
                spec.name
            );
            assert_eq!(
                d.replication_lag.is_some(),
                d.replication == Replication::Async,
                "{}",
                spec.name
            );
            if let (Some(p), Some(f)) = (d.partial_every, d.full_every) {
                assert!(p < f, "{}", spec.name);
            }
            assert!(spec.copies.len() <= 20);
        }
    }

    #[test]
    fn the_seeded_design_shows_a_realistic_mix_of_gaps() {
        let (nodes, edges, ids) = graph();
        let analysis = analyse(&nodes, &edges);
        assert!(analysis.cycles.is_empty());
        // The BIA's single gap stays the only one.
        assert_eq!(analysis.gaps.len(), 1, "{:?}", analysis.gaps);
        assert_eq!(analysis.gaps[0].node, ids["Transport management system"]);

        let today = chrono::Utc::now().date_naive();
        let mut by_system: HashMap<&str, Vec<(Severity, String)>> = HashMap::new();
        let mut tiers_used = BTreeSet::new();
        for spec in SYSTEMS {
            let id = ids[spec.name];
            let node = nodes.iter().find(|n| n.id == id).unwrap();
            let required = Need {
                rto: analysis.required_rto.get(&id).map(|r| r.minutes),
                rpo: analysis.required_rpo.get(&id).map(|r| r.minutes),
            };
            let target = Need {
                rto: node.rto,
                rpo: node.rpo,
            };
            let mut p = profile(spec, today, |_| Uuid::nil());
            p.design.copies = copies(spec)
                .into_iter()
                .map(|c| crate::systems::design::BackupCopy {
                    id: Uuid::nil(),
                    label: c.label,
                    media: c.media,
                    location: c.location,
                    offsite: c.offsite,
                    offline: c.offline,
                })
                .collect();
            let cap = capability(p.tier, &p.design);
            let rule = rule_32110(&p.design, today, 12);
            let found = findings(&Facts {
                required,
                target,
                tier: p.tier,
                capability: &cap,
                design: &p.design,
                rule: &rule,
                holds_data: p.component.holds_data(),
                today,
                restore_months: 12,
            });
            // A tier other than the recommended one says why.
            let recommended = tiers::recommend(Need::strictest(required, target)).map(|r| r.tier);
            assert_eq!(
                spec.tier_reason.is_empty(),
                recommended == Some(spec.tier),
                "{}: recommended {recommended:?}",
                spec.name
            );
            tiers_used.insert(spec.tier);
            by_system.insert(
                spec.name,
                found
                    .iter()
                    .map(|f| (f.severity, f.topic.clone()))
                    .collect(),
            );
        }
        let of = |name: &str| by_system[name].clone();
        let topics = |name: &str| -> Vec<(Severity, &str)> {
            by_system[name]
                .iter()
                .map(|(s, t)| (*s, t.as_str()))
                .collect()
        };

        assert!(SYSTEMS.len() >= 18);
        assert_eq!(tiers_used, (1..=7).collect());
        let critical: BTreeSet<&str> = by_system
            .iter()
            .filter(|(_, f)| f.iter().any(|(s, _)| *s == Severity::Critical))
            .map(|(n, _)| *n)
            .collect();
        assert_eq!(
            critical,
            BTreeSet::from(["EDI gateway", "Transport management system", "VPN"])
        );
        let healthy = by_system.values().filter(|f| f.is_empty()).count();
        assert!(healthy >= 10, "{by_system:#?}");
        assert_eq!(healthy, 12, "{by_system:#?}");

        assert_eq!(
            topics("Transport management system"),
            [(Severity::Critical, "RTO"), (Severity::High, "RTO")]
        );
        assert_eq!(topics("VPN"), [(Severity::Critical, "RTO")]);
        assert_eq!(topics("EDI gateway"), [(Severity::Critical, "RPO")]);
        assert_eq!(topics("Microsoft 365"), [(Severity::High, "RPO")]);
        assert_eq!(topics("Backup server"), [(Severity::Medium, "3-2-1-1-0")]);
        assert_eq!(
            topics("File server"),
            [
                (Severity::Medium, "3-2-1-1-0"),
                (Severity::Medium, "3-2-1-1-0")
            ]
        );
        assert_eq!(
            topics("Warehouse management system"),
            [(Severity::Medium, "Restore test")]
        );
        assert_eq!(
            topics("Data warehouse"),
            [(Severity::Medium, "Restore test")]
        );
        assert!(of("Customer portal").is_empty());
    }

    mod seeded {
        use crate::db::{ConnectOptions, Db, connect};
        use crate::systems::findings::Severity;
        use uuid::Uuid;

        struct TempDb(std::path::PathBuf);

        impl Drop for TempDb {
            fn drop(&mut self) {
                for suffix in ["", "-wal", "-shm"] {
                    let mut path = self.0.clone().into_os_string();
                    path.push(suffix);
                    let _ = std::fs::remove_file(path);
                }
            }
        }

        /// Seeds the whole demo into a fresh SQLite database.
        async fn demo() -> (Db, Uuid, Uuid, TempDb) {
            let path = std::env::temp_dir().join(format!("seawall-demo-{}.db", Uuid::new_v4()));
            let db = connect(&ConnectOptions {
                url: path.display().to_string(),
                max_connections: 1,
            })
            .await
            .unwrap();
            let seed = crate::demo::ssr::seed(&db, Some("demo-password-123".into()))
                .await
                .unwrap();
            (db, seed.org_id, seed.owner_id, TempDb(path))
        }

        #[tokio::test]
        async fn the_seeded_demo_reads_back_as_designed_and_round_trips_through_csv() {
            let (db, org_id, owner_id, _temp) = demo().await;
            let loaded = crate::systems::ssr::load(&db, org_id).await.unwrap();
            assert_eq!(loaded.graph.analysis.gaps.len(), 1);
            let summaries = loaded.summaries();
            assert_eq!(summaries.len(), super::SYSTEMS.len());
            let glance = loaded.glance(&summaries);
            assert_eq!(glance.critical, 3, "{glance:#?}");
            assert_eq!(glance.with_findings, 8, "{glance:#?}");
            for tier in 1..=7usize {
                assert!(glance.by_tier[tier].total > 0, "tier {tier}");
            }
            let tms = summaries
                .iter()
                .find(|s| s.name == "Transport management system")
                .unwrap();
            assert_eq!(tms.worst, Some(Severity::Critical));
            assert_eq!(loaded.site_views().iter().filter(|s| s.profiled).count(), 4);
            // The outage costs of the strategy comparison come from the
            // processes' loss estimates.
            let comparison = loaded.comparison(&[tms.id]);
            assert!(comparison.unpriced.is_empty());
            assert!(comparison.options.iter().all(|o| o.outage_cost > 0));

            // Exporting the demo and importing it back changes nothing.
            let exported = crate::systems::ssr::csv::export_org(&db, org_id)
                .await
                .unwrap();
            let rows = crate::systems::ssr::csv::parse(&exported, chrono::Utc::now().date_naive())
                .expect("the demo's export reads back");
            assert_eq!(rows.len(), summaries.len());
            let actor = crate::audit::ssr::Actor {
                id: owner_id,
                email: "olivia@harbourside.example".into(),
            };
            let mut tx = db.begin().await.unwrap();
            let report = crate::systems::ssr::csv::import(&mut tx, org_id, &actor, rows)
                .await
                .unwrap();
            assert!(report.errors.is_empty(), "{:#?}", report.errors);
            assert_eq!((report.created, report.updated), (0, 0));
        }
    }
}
