//! OSCAL 1.2.1 exports: control status as assessment results (one finding
//! per applicable control, evidence as observations with hashed back-matter
//! resources) and follow-up actions as a plan of action and milestones.

use super::Sources;
use crate::controls::status::Effective;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

const OSCAL_VERSION: &str = "1.2.1";

/// OSCAL tokens start with a letter or underscore and hold letters, digits,
/// dots, hyphens and underscores; control ids such as "164.308(a)(7)" do not.
pub fn token(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
    {
        out.insert(0, '_');
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn day(d: NaiveDate) -> String {
    stamp(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

fn metadata(title: String, s: &Sources, now: DateTime<Utc>, party: Uuid) -> Value {
    json!({
        "title": title,
        "last-modified": stamp(now),
        "version": s.as_of.format("%Y-%m-%d").to_string(),
        "oscal-version": OSCAL_VERSION,
        "parties": [{ "uuid": party, "type": "organization", "name": s.org }],
    })
}

pub fn assessment_results(
    s: &Sources,
    framework: &str,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let (card, rows) = s
        .frameworks
        .iter()
        .find(|(card, _)| card.key == framework)
        .ok_or_else(|| AppError::NotFound("Framework".into()))?;
    let name = crate::controls::short_name(&card.key, &card.name);
    let target = |id: &str| format!("{}:{id}", card.key);
    let mut observations = Vec::new();
    let mut resources = Vec::new();
    // One observation per piece of evidence linked to this framework.
    let mut observation_of = std::collections::HashMap::new();
    for item in &s.items {
        if !item
            .links
            .iter()
            .any(|(t, id)| t == "control" && id.starts_with(&format!("{}:", card.key)))
        {
            continue;
        }
        let v = item.current();
        let resource = v.id;
        let observation = Uuid::new_v4();
        observation_of.insert(item.id, observation);
        let mut rlink = json!({ "href": match v.kind.as_str() {
            "file" => format!("/evidence/file/{}", v.id),
            "link" => v.url.clone(),
            _ => format!("/evidence/{}", item.id),
        }});
        if let Some(hash) = &v.sha256 {
            rlink["hashes"] = json!([{ "algorithm": "SHA-256", "value": hash }]);
        }
        if !v.content_type.is_empty() {
            rlink["media-type"] = json!(v.content_type);
        }
        resources.push(json!({
            "uuid": resource,
            "title": item.title,
            "description": format!("{} evidence, version {}, effective {}.", v.kind, v.version, v.effective_on),
            "rlinks": [rlink],
        }));
        let mut observation_json = json!({
            "uuid": observation,
            "title": item.title,
            "description": format!("Evidence \"{}\" recorded in Seawall.", item.title),
            "methods": [if v.kind == "drill" { "TEST" } else { "EXAMINE" }],
            "collected": day(v.effective_on),
            "relevant-evidence": [{ "href": format!("#{resource}"), "description": item.title }],
        });
        if let Some(expires) = crate::controls::status::expires_on(v.effective_on, v.months()) {
            observation_json["expires"] = json!(day(expires));
        }
        observations.push(observation_json);
    }
    let mut findings = Vec::new();
    let mut not_applicable = 0;
    for r in rows {
        if r.effective == Effective::NotApplicable {
            not_applicable += 1;
            continue;
        }
        let satisfied = r.effective == Effective::Implemented;
        let related: Vec<Value> = s
            .items
            .iter()
            .filter(|i| i.linked_to("control", &target(&r.control.id)))
            .filter_map(|i| observation_of.get(&i.id))
            .map(|o| json!({ "observation-uuid": o }))
            .collect();
        let mut description = format!("Status in Seawall: {}.", r.effective.label());
        if let Some(owner) = &r.owner {
            description.push_str(&format!(" Owner: {owner}."));
        }
        if !r.answer.notes.trim().is_empty() {
            description.push_str(&format!(" Notes: {}", r.answer.notes.trim()));
        }
        let mut finding = json!({
            "uuid": Uuid::new_v4(),
            "title": format!("{} {}", r.control.id, r.control.title),
            "description": description,
            "target": {
                "type": "objective-id",
                "target-id": token(&format!("{}-{}", card.key, r.control.id)),
                "title": format!("{name} {}", r.control.id),
                "status": { "state": if satisfied { "satisfied" } else { "not-satisfied" } },
            },
        });
        if !related.is_empty() {
            finding["related-observations"] = json!(related);
        }
        findings.push(finding);
    }
    let party = Uuid::new_v4();
    let mut result = json!({
        "uuid": Uuid::new_v4(),
        "title": format!("{name} control status"),
        "description": format!(
            "Control status of {} {} for {} as recorded in Seawall on {}: {} of {} applicable controls implemented; {} not applicable.",
            card.name, card.version, s.org, s.as_of, card.tally.implemented, card.tally.total - card.tally.not_applicable, not_applicable
        ),
        "start": stamp(now),
        "reviewed-controls": { "control-selections": [{ "include-all": {} }] },
    });
    if !observations.is_empty() {
        result["observations"] = json!(observations);
    }
    if !findings.is_empty() {
        result["findings"] = json!(findings);
    }
    let mut doc = json!({
        "uuid": Uuid::new_v4(),
        "metadata": metadata(format!("{name} assessment results for {}", s.org), s, now, party),
        "import-ap": {
            "href": "assessment-plan.json",
            "remarks": "Seawall's control checklist serves as the assessment plan.",
        },
        "results": [result],
    });
    if !resources.is_empty() {
        doc["back-matter"] = json!({ "resources": resources });
    }
    Ok(json!({ "assessment-results": doc }))
}

/// Follow-up actions from drills as POA&M items, open ones first.
pub fn poam(s: &Sources, now: DateTime<Utc>) -> Result<Value, AppError> {
    let actions = crate::drills::ssr::figures::actions(&s.drills, s.as_of);
    if actions.is_empty() {
        return Err(AppError::Conflict(
            "There are no follow-up actions yet; a plan of action needs at least one.".into(),
        ));
    }
    let items: Vec<Value> = actions
        .iter()
        .map(|a| {
            let state = if a.closed_at.is_some() { "closed" } else { "open" };
            let mut description = format!(
                "Follow-up from the drill \"{}\". Due {}. Owner: {}.",
                a.plan_title,
                a.due_on,
                a.owner.clone().unwrap_or_else(|| "not assigned".into())
            );
            if let Some(closed) = a.closed_at {
                description.push_str(&format!(" Closed {}.", closed.date_naive()));
            } else if a.overdue {
                description.push_str(" Overdue.");
            }
            json!({
                "uuid": a.id,
                "title": a.title,
                "description": description,
                "props": [
                    { "name": "status", "ns": "urn:seawall:oscal", "value": state },
                    { "name": "due-date", "ns": "urn:seawall:oscal", "value": a.due_on.to_string() },
                ],
            })
        })
        .collect();
    let party = Uuid::new_v4();
    Ok(json!({
        "plan-of-action-and-milestones": {
            "uuid": Uuid::new_v4(),
            "metadata": metadata(format!("Plan of action and milestones for {}", s.org), s, now, party),
            "system-id": { "identifier-type": "https://ietf.org/rfc/rfc4122", "id": s.org_id },
            "poam-items": items,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::token;

    #[test]
    fn control_ids_become_tokens() {
        assert_eq!(
            token("hipaa-164.308(a)(7)(ii)(D)"),
            "hipaa-164.308_a__7__ii__D_"
        );
        assert_eq!(token("12.10.2"), "_12.10.2");
        assert_eq!(token("soc2-CC9.1"), "soc2-CC9.1");
    }
}
