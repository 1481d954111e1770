//! What describes a system and a DR site, apart from recovery objectives.

use crate::choice;

choice!(
    /// What kind of component the system is.
    Component {
        Application = "application", "Application";
        Database = "database", "Database";
        Storage = "storage", "Storage";
        Network = "network", "Network";
        Platform = "platform", "Platform or infrastructure";
        Saas = "saas", "SaaS service";
    }
);

impl Component {
    /// Network gear carries traffic, not data: backup rules do not apply.
    pub fn holds_data(self) -> bool {
        self != Component::Network
    }
}

choice!(Environment {
    Production = "production", "Production";
    Staging = "staging", "Staging";
    Development = "development", "Development";
});

choice!(Hosting {
    OnPremises = "on_premises", "On-premises data centre";
    Colocation = "colocation", "Colocation";
    Cloud = "cloud", "Cloud provider";
    Saas = "saas", "SaaS vendor";
});

choice!(DataClass {
    Public = "public", "Public";
    Internal = "internal", "Internal";
    Confidential = "confidential", "Confidential";
    Restricted = "restricted", "Restricted";
});

choice!(SiteRole {
    Primary = "primary", "Primary";
    Secondary = "secondary", "Secondary";
    CloudRegion = "cloud_region", "Cloud region";
});

choice!(
    /// How ready a recovery site is (NIST SP 800-34's site types).
    Readiness {
        Cold = "cold", "Cold";
        Warm = "warm", "Warm";
        Hot = "hot", "Hot";
        Mirrored = "mirrored", "Mirrored";
    }
);

impl Readiness {
    pub fn explain(self) -> &'static str {
        match self {
            Readiness::Cold => {
                "Space and power only; hardware must be brought in. Cheapest, slowest."
            }
            Readiness::Warm => {
                "Some hardware and connectivity in place; systems and data are restored on arrival."
            }
            Readiness::Hot => "Hardware, network and telecoms ready; recovery within hours.",
            Readiness::Mirrored => "A full copy running in real time; switch-over in minutes.",
        }
    }
}

choice!(Failover {
    ActivePassive = "active_passive", "Active-passive";
    ActiveActive = "active_active", "Active-active";
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_keys_and_labels() {
        assert_eq!(
            Hosting::parse("On-premises data centre"),
            Some(Hosting::OnPremises)
        );
        assert_eq!(Hosting::parse("on_premises"), Some(Hosting::OnPremises));
        assert_eq!(
            Failover::parse("active-active"),
            Some(Failover::ActiveActive)
        );
        assert_eq!(
            Failover::parse("Active passive"),
            Some(Failover::ActivePassive)
        );
        assert_eq!(Readiness::parse("lukewarm"), None);
        assert_eq!(Component::options().len(), 6);
    }
}
