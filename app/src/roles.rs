//! Roles and what each may do. Every server function asks this one table, and
//! the interface uses the same table to decide which controls to show.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Admin,
    Editor,
    Contributor,
    Auditor,
    Executive,
}

/// What a request wants to do. Checked by `authorize` on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the organisation: dashboard, members, everything read-only.
    ViewOrganisation,
    /// Invite, remove and change the roles of members.
    ManageMembers,
    /// Rename the organisation and change its settings.
    ManageSettings,
    /// Read the audit log.
    ViewAuditLog,
    /// Create and change continuity plans, processes, systems and controls.
    EditPlans,
    /// Fill in what one has been assigned (workshop ratings, evidence).
    Contribute,
    /// Download evidence files.
    DownloadEvidence,
    /// Approve or reject documents submitted for executive review.
    SignOff,
    /// Approve the BIA (or send it back) once it is submitted for review.
    ApprovePlans,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Editor,
        Role::Contributor,
        Role::Auditor,
        Role::Executive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Contributor => "contributor",
            Role::Auditor => "auditor",
            Role::Executive => "executive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Editor => "Editor",
            Role::Contributor => "Contributor",
            Role::Auditor => "Auditor",
            Role::Executive => "Executive",
        }
    }

    /// One line for the invite form, so whoever picks a role knows what it grants.
    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "Everything, including managing owners and admins.",
            Role::Admin => "Manages members, invitations and settings; edits plans.",
            Role::Editor => "Creates and changes plans, processes, systems and controls.",
            Role::Contributor => "Fills in what they are assigned: workshop ratings, evidence.",
            Role::Auditor => "Reads everything, downloads evidence, reads the audit log.",
            Role::Executive => "Reads everything and signs off documents submitted for review.",
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        match permission {
            ViewOrganisation => true,
            ManageMembers | ManageSettings => matches!(self, Owner | Admin),
            ViewAuditLog => matches!(self, Owner | Admin | Auditor),
            EditPlans => matches!(self, Owner | Admin | Editor),
            Contribute => matches!(self, Owner | Admin | Editor | Contributor),
            DownloadEvidence => matches!(self, Owner | Admin | Editor | Auditor | Executive),
            SignOff => matches!(self, Executive),
            ApprovePlans => matches!(self, Owner | Admin | Executive),
        }
    }

    /// Roles this role may hand out or take away: only owners touch owners.
    pub fn can_assign(self, target: Role) -> bool {
        match self {
            Role::Owner => true,
            Role::Admin => target != Role::Owner,
            _ => false,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| format!("Choose one of the roles: {}.", role_names()))
    }
}

fn role_names() -> String {
    Role::ALL.map(Role::as_str).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn only_owners_and_admins_manage_members_and_settings() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Owner | Role::Admin);
            assert_eq!(role.can(ManageMembers), expected, "{role}");
            assert_eq!(role.can(ManageSettings), expected, "{role}");
        }
    }

    #[test]
    fn every_role_can_view_and_only_listed_roles_can_write() {
        let writers = [Role::Owner, Role::Admin, Role::Editor];
        for role in Role::ALL {
            assert!(role.can(ViewOrganisation));
            assert_eq!(role.can(EditPlans), writers.contains(&role), "{role}");
        }
        assert!(!Role::Auditor.can(Contribute));
        assert!(Role::Auditor.can(DownloadEvidence));
        assert!(Role::Executive.can(SignOff));
        assert!(!Role::Owner.can(SignOff));
        assert!(Role::Executive.can(ApprovePlans));
        assert!(!Role::Editor.can(ApprovePlans));
    }

    #[test]
    fn admins_cannot_create_or_remove_owners() {
        assert!(Role::Owner.can_assign(Role::Owner));
        assert!(!Role::Admin.can_assign(Role::Owner));
        assert!(Role::Admin.can_assign(Role::Auditor));
        assert!(!Role::Editor.can_assign(Role::Contributor));
    }

    #[test]
    fn roles_parse_from_their_names_only() {
        assert_eq!("Auditor".parse::<Role>(), Ok(Role::Auditor));
        assert_eq!(" owner ".parse::<Role>(), Ok(Role::Owner));
        assert!("superuser".parse::<Role>().is_err());
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }
}
