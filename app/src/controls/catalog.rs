//! Control catalogs as data: the three shipped with Seawall (parsed once
//! from the files in `app/catalogs/`), the cross-framework mappings, and the
//! import formats an organisation can bring its own catalog in: Seawall's
//! JSON, CSV, and an OSCAL catalog in JSON.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    pub framework: String,
    pub name: String,
    pub version: String,
    pub source: String,
    pub sections: Vec<Section>,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Control {
    /// The exact identifier, e.g. "CC9.1", "164.308(a)(7)(ii)(B)", "12.10.2".
    pub id: String,
    /// The lowest section it sits in.
    pub section: String,
    /// HIPAA: "standard", "required" or "addressable".
    pub kind: Option<String>,
    pub title: String,
    /// Regulation text (HIPAA) or imported official wording.
    pub text: String,
    pub guidance: String,
    pub auditor_hint: String,
    pub continuity: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    pub area: String,
    pub topic: String,
    pub strength: String,
    pub rationale: String,
    /// (framework, control id).
    pub controls: Vec<(String, String)>,
}

/// The file layout of Seawall's own catalogs (shipped and imported).
#[derive(Deserialize)]
struct FileCatalog {
    #[serde(default)]
    framework: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    sections: Vec<FileSection>,
    controls: Vec<FileControl>,
}

#[derive(Deserialize)]
struct FileSection {
    id: String,
    title: String,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
struct FileControl {
    id: String,
    #[serde(default)]
    section: String,
    #[serde(default)]
    kind: Option<String>,
    title: String,
    #[serde(default, alias = "regulation_text")]
    text: String,
    #[serde(default)]
    guidance: String,
    #[serde(default)]
    auditor_hint: String,
    #[serde(default)]
    continuity: bool,
}

impl From<FileCatalog> for Catalog {
    fn from(f: FileCatalog) -> Self {
        Catalog {
            framework: f.framework,
            name: f.name,
            version: f.version,
            source: f.source,
            sections: f
                .sections
                .into_iter()
                .map(|s| Section {
                    id: s.id,
                    title: s.title,
                    parent: s.parent,
                })
                .collect(),
            controls: f
                .controls
                .into_iter()
                .map(|c| Control {
                    id: c.id,
                    section: c.section,
                    kind: c.kind,
                    title: c.title,
                    text: c.text,
                    guidance: c.guidance,
                    auditor_hint: c.auditor_hint,
                    continuity: c.continuity,
                })
                .collect(),
        }
    }
}

const SHIPPED: [(&str, &str); 3] = [
    ("soc2", include_str!("../../catalogs/soc2-2017.json")),
    (
        "hipaa",
        include_str!("../../catalogs/hipaa-security-rule.json"),
    ),
    ("pci", include_str!("../../catalogs/pci-dss-4.0.1.json")),
];

static BUILTIN: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
    SHIPPED
        .iter()
        .map(|(key, text)| {
            let file: FileCatalog = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("shipped catalog {key} is invalid: {e}"));
            Catalog::from(file)
        })
        .collect()
});

/// The three shipped catalogs.
pub fn builtin() -> &'static [Catalog] {
    &BUILTIN
}

/// SHA-256 (hex) of a shipped catalog's file, so start-up can tell whether
/// the stored copy is current.
pub fn builtin_digest(framework: &str) -> Option<String> {
    use sha2::{Digest, Sha256};
    let (_, text) = SHIPPED.iter().find(|(k, _)| *k == framework)?;
    Some(
        Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

#[derive(Deserialize)]
struct FileMappings {
    mappings: Vec<FileMapping>,
}

#[derive(Deserialize)]
struct FileMapping {
    area: String,
    topic: String,
    strength: String,
    rationale: String,
    controls: Vec<FileRef>,
}

#[derive(Deserialize)]
struct FileRef {
    framework: String,
    id: String,
}

static MAPPINGS: LazyLock<Vec<Mapping>> = LazyLock::new(|| {
    let file: FileMappings = serde_json::from_str(include_str!("../../catalogs/mappings.json"))
        .unwrap_or_else(|e| panic!("shipped mappings are invalid: {e}"));
    file.mappings
        .into_iter()
        .map(|m| Mapping {
            area: m.area,
            topic: m.topic,
            strength: m.strength,
            rationale: m.rationale,
            controls: m
                .controls
                .into_iter()
                .map(|c| (c.framework, c.id))
                .collect(),
        })
        .collect()
});

pub fn mappings() -> &'static [Mapping] {
    &MAPPINGS
}

/// Every other control that shares a mapping group with (framework, id),
/// once each, with the first group they share.
pub fn mapped(framework: &str, id: &str) -> Vec<(&'static Mapping, (String, String))> {
    let mut out: Vec<(&'static Mapping, (String, String))> = Vec::new();
    for m in mappings() {
        if !m.controls.iter().any(|(f, c)| f == framework && c == id) {
            continue;
        }
        for other in &m.controls {
            if (other.0 == framework && other.1 == id) || out.iter().any(|(_, o)| o == other) {
                continue;
            }
            out.push((m, other.clone()));
        }
    }
    out
}

/// Form fields that accompany an import; empty means "take it from the file".
pub struct ImportMeta {
    pub framework: String,
    pub name: String,
    pub version: String,
}

const MAX_BYTES: usize = 10 * 1024 * 1024;
const MAX_CONTROLS: usize = 5000;
const MAX_PROBLEMS: usize = 20;

/// Parses an uploaded catalog, detecting the format from the content, and
/// checks it whole. Returns every problem found (up to twenty).
pub fn parse_import(bytes: &[u8], meta: &ImportMeta) -> Result<Catalog, Vec<String>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec!["The file is empty.".into()]);
    }
    if bytes.len() > MAX_BYTES {
        return Err(vec!["The catalog file is larger than 10 MB.".into()]);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| {
        vec!["The file is not UTF-8 text. Save it as UTF-8 and import it again.".to_string()]
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let mut catalog = if text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![format!(
                "The file is not valid JSON: {} at line {} column {}.",
                json_reason(&e),
                e.line(),
                e.column()
            )]
        })?;
        if value.get("catalog").is_some() {
            oscal(&value)?
        } else {
            let file: FileCatalog = serde_json::from_value(value).map_err(|e| {
                vec![format!(
                    "The JSON does not have the shape of a Seawall catalog: {e}."
                )]
            })?;
            Catalog::from(file)
        }
    } else {
        csv_catalog(text)?
    };
    for (field, value) in [
        (&mut catalog.framework, &meta.framework),
        (&mut catalog.name, &meta.name),
        (&mut catalog.version, &meta.version),
    ] {
        if !value.trim().is_empty() {
            *field = value.trim().to_string();
        }
    }
    if catalog.framework.is_empty() {
        catalog.framework = slug(&catalog.name);
    }
    check(&mut catalog)?;
    Ok(catalog)
}

fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A framework key from a name: "NIST SP 800-53 Rev 5" → "nist-sp-800-53-rev-5".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.trim_matches('-').chars().take(32).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("f{}", &out[..out.len().min(31)]);
    }
    out
}

fn key_ok(key: &str) -> bool {
    let mut chars = key.chars();
    (2..=32).contains(&key.len())
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check(c: &mut Catalog) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if !key_ok(&c.framework) {
        problems.push(format!(
            "The framework key \"{}\" must be 2 to 32 lower-case letters, digits or hyphens, starting with a letter.",
            c.framework
        ));
    }
    if c.name.trim().is_empty() {
        problems.push("Give the catalog a name (in the file or the Name field).".into());
    } else if c.name.chars().count() > 200 {
        problems.push("Keep the catalog's name to 200 characters.".into());
    }
    if c.version.trim().is_empty() {
        problems.push("Give the catalog a version (in the file or the Version field).".into());
    } else if c.version.chars().count() > 100 {
        problems.push("Keep the catalog's version to 100 characters.".into());
    }
    if c.controls.is_empty() {
        problems.push("The catalog has no controls.".into());
    }
    if c.controls.len() > MAX_CONTROLS {
        problems.push(format!(
            "The catalog has {} controls; at most {MAX_CONTROLS} can be imported.",
            c.controls.len()
        ));
    }
    let mut section_ids = HashSet::new();
    for s in &c.sections {
        if !section_ids.insert(s.id.clone()) {
            problems.push(format!("The section \"{}\" appears twice.", s.id));
        }
    }
    // Controls naming a section the file does not list get one of that name.
    for ctl in &mut c.controls {
        if ctl.section.trim().is_empty() {
            ctl.section = "General".into();
        }
    }
    for ctl in &c.controls {
        if section_ids.insert(ctl.section.clone()) {
            c.sections.push(Section {
                id: ctl.section.clone(),
                title: ctl.section.clone(),
                parent: None,
            });
        }
    }
    let mut ids = HashSet::new();
    for (i, ctl) in c.controls.iter().enumerate() {
        let at = format!(
            "Control {} ({})",
            i + 1,
            if ctl.id.is_empty() { "no id" } else { &ctl.id }
        );
        let id = &ctl.id;
        if id.is_empty() {
            problems.push(format!("{at}: the id is empty."));
        } else if id.chars().count() > 64 || id.trim() != id || id.chars().any(char::is_control) {
            problems.push(format!(
                "{at}: an id has at most 64 characters, without surrounding spaces or control characters."
            ));
        } else if !ids.insert(id.clone()) {
            problems.push(format!("{at}: the id \"{id}\" appears twice."));
        }
        if ctl.title.trim().is_empty() {
            problems.push(format!("{at}: the title is empty."));
        } else if ctl.title.chars().count() > 300 {
            problems.push(format!("{at}: keep the title to 300 characters."));
        }
        if ctl.text.chars().count() > 20_000
            || ctl.guidance.chars().count() > 20_000
            || ctl.auditor_hint.chars().count() > 20_000
        {
            problems.push(format!(
                "{at}: keep its text, guidance and hint to 20,000 characters each."
            ));
        }
        if let Some(k) = &ctl.kind
            && k.chars().count() > 40
        {
            problems.push(format!("{at}: keep its kind to 40 characters."));
        }
        if problems.len() >= MAX_PROBLEMS {
            problems.push("There are more problems; fix these first.".into());
            break;
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn yes(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "x"
    )
}

fn csv_catalog(text: &str) -> Result<Catalog, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| vec![format!("The CSV header row cannot be read: {e}.")])?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id_col), Some(title_col)) = (col("id"), col("title")) else {
        return Err(vec![
            "The CSV needs a header row with at least the columns id and title.".into(),
        ]);
    };
    let mut sections: Vec<Section> = Vec::new();
    let mut controls = Vec::new();
    let mut problems = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("Row {line}: {e}."));
                continue;
            }
        };
        let get = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("").to_string();
        if row.iter().all(|v| v.is_empty()) {
            continue;
        }
        let section = get(col("section"));
        let section_title = get(col("section_title"));
        if !section.is_empty() && !sections.iter().any(|s| s.id == section) {
            sections.push(Section {
                id: section.clone(),
                title: if section_title.is_empty() {
                    section.clone()
                } else {
                    section_title
                },
                parent: None,
            });
        }
        let title = get(Some(title_col));
        if title.is_empty() {
            problems.push(format!("Row {line}: the title is empty."));
        }
        let kind = get(col("kind"));
        controls.push(Control {
            id: get(Some(id_col)),
            section,
            kind: (!kind.is_empty()).then_some(kind),
            title,
            text: get(col("text")),
            guidance: get(col("guidance")),
            auditor_hint: get(col("auditor_hint")),
            continuity: yes(&get(col("continuity"))),
        });
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Catalog {
        framework: String::new(),
        name: String::new(),
        version: String::new(),
        source: "Imported from CSV".into(),
        sections,
        controls,
    })
}

/// An OSCAL catalog: groups become sections (nested groups too), controls
/// and their enhancements become controls named by their label.
fn oscal(value: &Value) -> Result<Catalog, Vec<String>> {
    let catalog = &value["catalog"];
    let metadata = &catalog["metadata"];
    let text = |v: &Value| v.as_str().unwrap_or("").trim().to_string();
    let mut out = Catalog {
        framework: String::new(),
        name: text(&metadata["title"]),
        version: text(&metadata["version"]),
        source: "Imported from an OSCAL catalog".into(),
        sections: Vec::new(),
        controls: Vec::new(),
    };
    fn walk_controls(
        list: &Value,
        section: &str,
        params: &[(String, String)],
        out: &mut Vec<Control>,
    ) {
        for c in list.as_array().into_iter().flatten() {
            let mut params = params.to_vec();
            for p in c["params"].as_array().into_iter().flatten() {
                let id = p["id"].as_str().unwrap_or("").to_string();
                let label = p["label"]
                    .as_str()
                    .map(|l| format!("[{l}]"))
                    .unwrap_or_else(|| format!("[{id}]"));
                params.push((id, label));
            }
            let label = c["props"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["name"] == "label")
                .and_then(|p| p["value"].as_str())
                .or(c["id"].as_str())
                .unwrap_or("")
                .to_string();
            let mut statement = Vec::new();
            let mut guidance = Vec::new();
            for part in c["parts"].as_array().into_iter().flatten() {
                match part["name"].as_str() {
                    Some("statement") => prose(part, &params, &mut statement),
                    Some("guidance") => prose(part, &params, &mut guidance),
                    _ => {}
                }
            }
            out.push(Control {
                id: label,
                section: section.to_string(),
                kind: None,
                title: c["title"].as_str().unwrap_or("").trim().to_string(),
                text: statement.join("\n"),
                guidance: guidance.join("\n"),
                auditor_hint: String::new(),
                continuity: false,
            });
            walk_controls(&c["controls"], section, &params, out);
        }
    }
    fn prose(part: &Value, params: &[(String, String)], out: &mut Vec<String>) {
        if let Some(p) = part["prose"].as_str() {
            out.push(insert_params(p.trim(), params));
        }
        for sub in part["parts"].as_array().into_iter().flatten() {
            prose(sub, params, out);
        }
    }
    fn walk_groups(groups: &Value, parent: Option<&str>, out: &mut Catalog) {
        for g in groups.as_array().into_iter().flatten() {
            let id = g["id"].as_str().unwrap_or("").to_string();
            let title = g["title"].as_str().unwrap_or("").trim().to_string();
            let id = if id.is_empty() { title.clone() } else { id };
            out.sections.push(Section {
                id: id.clone(),
                title: if title.is_empty() { id.clone() } else { title },
                parent: parent.map(str::to_string),
            });
            walk_controls(&g["controls"], &id, &[], &mut out.controls);
            walk_groups(&g["groups"], Some(&id), out);
        }
    }
    if !catalog.is_object() {
        return Err(vec![
            "The OSCAL file's \"catalog\" is not an object.".into(),
        ]);
    }
    walk_groups(&catalog["groups"], None, &mut out);
    walk_controls(&catalog["controls"], "General", &[], &mut out.controls);
    Ok(out)
}

/// Replaces `{{ insert: param, id }}` with the parameter's label.
fn insert_params(text: &str, params: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &rest[start + 2..start + end];
        let id = inner.split(',').nth(1).unwrap_or("").trim();
        match params.iter().find(|(p, _)| p == id) {
            Some((_, label)) => out.push_str(label),
            None => out.push_str(&format!("[{id}]")),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;
    use std::collections::HashMap;

    fn shipped(key: &str) -> &'static Catalog {
        builtin().iter().find(|c| c.framework == key).unwrap()
    }

    fn counts_by<'a>(
        c: &'a Catalog,
        key: impl Fn(&'a Control) -> String,
    ) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for ctl in &c.controls {
            *m.entry(key(ctl)).or_insert(0) += 1;
        }
        m
    }

    #[test]
    fn soc2_has_all_61_criteria_in_their_families() {
        let c = shipped("soc2");
        assert_eq!(c.controls.len(), 61);
        assert_eq!(c.controls.first().unwrap().id, "CC1.1");
        assert_eq!(c.controls.last().unwrap().id, "P8.1");
        let re = Regex::new(r"^(CC[1-9]|A1|C1|PI1|P[1-8])\.[1-9][0-9]?$").unwrap();
        let by = counts_by(c, |ctl| ctl.id.split('.').next().unwrap().to_string());
        for (family, n) in [
            ("CC1", 5),
            ("CC2", 3),
            ("CC3", 4),
            ("CC4", 2),
            ("CC5", 3),
            ("CC6", 8),
            ("CC7", 5),
            ("CC8", 1),
            ("CC9", 2),
            ("A1", 3),
            ("C1", 2),
            ("PI1", 5),
            ("P1", 1),
            ("P2", 1),
            ("P3", 2),
            ("P4", 3),
            ("P5", 2),
            ("P6", 7),
            ("P7", 1),
            ("P8", 1),
        ] {
            assert_eq!(by.get(family), Some(&n), "{family}");
        }
        for ctl in &c.controls {
            assert!(re.is_match(&ctl.id), "{}", ctl.id);
        }
    }

    #[test]
    fn hipaa_has_22_standards_and_43_specifications() {
        let c = shipped("hipaa");
        let kinds = counts_by(c, |ctl| ctl.kind.clone().unwrap_or_default());
        assert_eq!(kinds.get("standard"), Some(&22));
        assert_eq!(kinds.get("required"), Some(&21));
        assert_eq!(kinds.get("addressable"), Some(&22));
        let re = Regex::new(
            r"^164\.3(08|10|12|14|16)\([a-z]\)(\([0-9]+\)(\((i|ii|iii|iv|v|vi)\)(\([A-Z]\))?)?)?$",
        )
        .unwrap();
        let part = |ctl: &Control| ctl.id[..7].to_string();
        let standards = counts_by(c, |ctl| {
            format!("{}:{}", part(ctl), ctl.kind.as_deref() == Some("standard"))
        });
        for (p, s, specs) in [
            ("164.308", 9, 21),
            ("164.310", 4, 8),
            ("164.312", 5, 7),
            ("164.314", 2, 4),
            ("164.316", 2, 3),
        ] {
            assert_eq!(
                standards.get(&format!("{p}:true")),
                Some(&s),
                "{p} standards"
            );
            assert_eq!(
                standards.get(&format!("{p}:false")),
                Some(&specs),
                "{p} specifications"
            );
        }
        for ctl in &c.controls {
            assert!(re.is_match(&ctl.id), "{}", ctl.id);
        }
        let kind = |id: &str| {
            c.controls
                .iter()
                .find(|x| x.id == id)
                .and_then(|x| x.kind.clone())
        };
        assert_eq!(kind("164.308(a)(7)(ii)(B)").as_deref(), Some("required"));
        assert_eq!(kind("164.308(a)(7)(ii)(D)").as_deref(), Some("addressable"));
    }

    #[test]
    fn pci_dss_has_12_requirements_and_280_defined_requirements() {
        let c = shipped("pci");
        let principal: Vec<&str> = c
            .sections
            .iter()
            .filter(|s| s.parent.is_none() && s.id.chars().all(|ch| ch.is_ascii_digit()))
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(principal.len(), 12, "{principal:?}");
        assert_eq!(c.controls.len(), 280);
        let by = counts_by(c, |ctl| ctl.id.split('.').next().unwrap().to_string());
        let main: usize = (1..=12)
            .map(|r| by.get(&r.to_string()).copied().unwrap_or(0))
            .sum();
        assert_eq!(main, 250);
        for (r, n) in [
            ("1", 19),
            ("2", 11),
            ("3", 29),
            ("4", 6),
            ("5", 13),
            ("6", 19),
            ("7", 12),
            ("8", 29),
            ("9", 27),
            ("10", 27),
            ("11", 21),
            ("12", 37),
            ("A1", 7),
            ("A2", 3),
            ("A3", 20),
        ] {
            assert_eq!(by.get(r), Some(&n), "requirement {r}");
        }
        let re = Regex::new(r"^(A[1-3]|[1-9]|1[0-2])(\.[0-9]+){2,4}$").unwrap();
        for ctl in &c.controls {
            assert!(re.is_match(&ctl.id), "{}", ctl.id);
            let xy: Vec<&str> = ctl.id.split('.').take(2).collect();
            assert_eq!(ctl.section, xy.join("."), "{}", ctl.id);
        }
        for id in ["9.5.1.2.1", "12.10.2", "A3.1.1"] {
            assert!(c.controls.iter().any(|x| x.id == id), "{id}");
        }
    }

    #[test]
    fn every_shipped_control_is_unique_placed_and_explained() {
        for c in builtin() {
            let sections: HashSet<&str> = c.sections.iter().map(|s| s.id.as_str()).collect();
            let mut ids = HashSet::new();
            for ctl in &c.controls {
                assert!(ids.insert(&ctl.id), "{} {} twice", c.framework, ctl.id);
                assert!(
                    sections.contains(ctl.section.as_str()),
                    "{} {}",
                    c.framework,
                    ctl.id
                );
                assert!(
                    !ctl.title.is_empty()
                        && !ctl.guidance.is_empty()
                        && !ctl.auditor_hint.is_empty(),
                    "{}",
                    ctl.id
                );
            }
            assert!(c.controls.iter().any(|x| x.continuity), "{}", c.framework);
            assert_eq!(builtin_digest(&c.framework).unwrap().len(), 64);
        }
    }

    #[test]
    fn mappings_name_real_controls_and_cover_the_continuity_areas() {
        for m in mappings() {
            for (f, id) in &m.controls {
                assert!(
                    builtin()
                        .iter()
                        .any(|c| &c.framework == f && c.controls.iter().any(|x| &x.id == id)),
                    "{f} {id} in {}",
                    m.topic
                );
            }
        }
        for area in [
            "continuity",
            "backup",
            "incident_response",
            "access_control",
        ] {
            assert!(mappings().iter().any(|m| m.area == area), "{area}");
        }
        let tested: Vec<(String, String)> = mapped("hipaa", "164.308(a)(7)(ii)(D)")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert!(tested.contains(&("soc2".into(), "A1.3".into())));
        assert!(tested.contains(&("pci".into(), "12.10.2".into())));
        assert!(!tested.contains(&("hipaa".into(), "164.308(a)(7)(ii)(D)".into())));
        let unique: HashSet<_> = tested.iter().collect();
        assert_eq!(unique.len(), tested.len());
    }

    fn meta(framework: &str, name: &str, version: &str) -> ImportMeta {
        ImportMeta {
            framework: framework.into(),
            name: name.into(),
            version: version.into(),
        }
    }

    #[test]
    fn own_json_and_csv_import() {
        let json = r#"{"framework": "isms", "name": "Internal ISMS", "version": "3",
            "sections": [{"id": "BC", "title": "Continuity"}],
            "controls": [{"id": "BC-1", "section": "BC", "title": "Plan", "regulation_text": "Keep a plan.", "continuity": true}]}"#;
        let c = parse_import(json.as_bytes(), &meta("", "", "")).unwrap();
        assert_eq!(
            (c.framework.as_str(), c.controls[0].text.as_str()),
            ("isms", "Keep a plan.")
        );
        assert!(c.controls[0].continuity);

        let csv = "id,section,section_title,title,continuity\nBC-1,BC,Continuity,\"Plan, tested yearly\",yes\nBC-2,,,Backups,no\n";
        let c = parse_import(csv.as_bytes(), &meta("", "Internal BC", "2026")).unwrap();
        assert_eq!(c.framework, "internal-bc");
        assert_eq!(c.controls[0].title, "Plan, tested yearly");
        assert!(c.controls[0].continuity && !c.controls[1].continuity);
        assert_eq!(c.controls[1].section, "General");
        assert!(c.sections.iter().any(|s| s.id == "General"));
        assert_eq!(c.sections[0].title, "Continuity");
    }

    #[test]
    fn oscal_catalogs_import_with_labels_enhancements_and_parameters() {
        let oscal = r#"{"catalog": {"uuid": "x", "metadata": {"title": "NIST SP 800-53 Rev 5 excerpt", "version": "5.1.1"},
          "groups": [{"id": "cp", "title": "Contingency Planning", "controls": [
            {"id": "cp-9", "title": "System Backup", "params": [{"id": "cp-09_odp.01", "label": "frequency"}],
             "props": [{"name": "label", "value": "CP-9"}],
             "parts": [{"name": "statement", "parts": [{"name": "item", "prose": "Back up user data {{ insert: param, cp-09_odp.01 }}."}]},
                       {"name": "guidance", "prose": "Backups protect availability."}],
             "controls": [{"id": "cp-9.1", "title": "Testing for Reliability", "props": [{"name": "label", "value": "CP-9(1)"}]}]}]}]}}"#;
        let c = parse_import(oscal.as_bytes(), &meta("", "", "")).unwrap();
        assert_eq!(c.framework, "nist-sp-800-53-rev-5-excerpt");
        let ids: Vec<&str> = c.controls.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["CP-9", "CP-9(1)"]);
        assert_eq!(c.controls[0].text, "Back up user data [frequency].");
        assert_eq!(c.controls[0].guidance, "Backups protect availability.");
        assert_eq!(c.controls[1].section, "cp");
        assert_eq!(c.sections[0].title, "Contingency Planning");
    }

    #[test]
    fn malformed_catalogs_are_refused_with_reasons() {
        let m = meta("internal", "Internal", "1");
        assert_eq!(
            parse_import(b"  ", &m).unwrap_err(),
            vec!["The file is empty.".to_string()]
        );
        let e = parse_import(b"{\n  \"framework\": \"x\",\n  oops\n}", &m).unwrap_err();
        assert!(
            e[0].contains("not valid JSON") && e[0].contains("line 3"),
            "{e:?}"
        );
        let dup = r#"{"name": "X", "version": "1", "controls": [{"id": "A", "title": "a"}, {"id": "A", "title": "b"}]}"#;
        let e = parse_import(dup.as_bytes(), &m).unwrap_err();
        assert!(e.iter().any(|p| p.contains("\"A\" appears twice")), "{e:?}");
        let e = parse_import(b"id,section\n1,A\n", &m).unwrap_err();
        assert!(e[0].contains("id and title"), "{e:?}");
        let e = parse_import(b"id,title\n1,\n", &m).unwrap_err();
        assert_eq!(e, vec!["Row 2: the title is empty.".to_string()]);
        let e = parse_import(b"id,title\n1,a\n", &meta("Bad Key!", "X", "1")).unwrap_err();
        assert!(e[0].contains("framework key"), "{e:?}");
        let e = parse_import(&[0xff, 0xfe, 0x41], &m).unwrap_err();
        assert!(e[0].contains("UTF-8"), "{e:?}");
        let e = parse_import(b"id,title\n1,a\n", &meta("x-1", "", "")).unwrap_err();
        assert!(
            e.iter().any(|p| p.contains("name")) && e.iter().any(|p| p.contains("version")),
            "{e:?}"
        );
        let long = format!("id,title\n{},a\n", "x".repeat(65));
        let e = parse_import(long.as_bytes(), &m).unwrap_err();
        assert!(e[0].contains("64 characters"), "{e:?}");
    }
}
