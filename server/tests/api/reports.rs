//! Generated documents: the evidence pack, the plan and the executive
//! summary are generated in the background, listed with their progress,
//! downloaded as PDFs whose text holds the controls, evidence hashes and
//! page numbers; bad requests are refused with the field named; roles and
//! other organisations are kept out.

use crate::support::{Client, TestApp, field_error};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

pub(crate) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of a PDF in content order (`pdftotext -raw`), from poppler-utils.
pub(crate) fn pdf_text(bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("seawall-pdf-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("doc.pdf");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .expect(
            "pdftotext (Debian's poppler-utils; `bash scripts/ensure-tools.sh --test` installs it)",
        );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "pdftotext failed on the generated PDF"
    );
    // Words joined by single spaces, so that a phrase wrapped over two lines
    // of a cell is still found.
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) async fn generate(client: &Client, form: &[(&str, &str)]) -> String {
    let (status, body) = client.call("/api/reports/generate", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_str().unwrap().to_string()
}

/// Waits until the document is no longer running and returns its row.
pub(crate) async fn finished(client: &Client, id: &str) -> Value {
    for _ in 0..600 {
        let (status, body) = client.call("/api/reports", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let row = body["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .cloned()
            .expect("the document is listed");
        if row["status"] != "running" {
            return row;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("document {id} did not finish in a minute");
}

pub(crate) async fn download(client: &Client, id: &str) -> Vec<u8> {
    let response = client.get(&format!("/reports/file/{id}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".pdf")
    );
    response.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn an_evidence_pack_lists_the_controls_and_the_hashes_of_their_evidence() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let (status, _) = owner.call("/api/drills/frameworks", &[("pci", "on")]).await;
    assert_eq!(status, StatusCode::OK);
    let report = b"%PDF-1.4\nrestore test report\n%%EOF\n".to_vec();
    let (status, up) = owner
        .upload(
            "/evidence/upload",
            &[
                ("title", "Quarterly restore report"),
                ("effective_on", "2026-06-02"),
                ("valid_months", "12"),
                ("framework", "pci"),
                ("control", "12.10.2"),
            ],
            Some(("restore-report.pdf", report.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    let (status, body) = owner
        .call(
            "/api/controls/answer",
            &[
                ("framework", "pci"),
                ("id", "12.10.2"),
                ("status", "not_applicable"),
                (
                    "justification",
                    "Card data leaves scope with the processor move",
                ),
                ("owner", ""),
                ("due_on", ""),
                ("notes", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let id = generate(&owner, &[("kind", "pack"), ("framework", "pci")]).await;
    let row = finished(&owner, &id).await;
    assert_eq!(row["status"], "ready", "{row}");
    assert_eq!(row["version"], 1);
    let bytes = download(&owner, &id).await;
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(
        row["sha256"],
        sha256(&bytes),
        "the listed hash is the file's"
    );
    let text = pdf_text(&bytes);
    let pages = row["pages"].as_i64().unwrap();
    assert!(pages >= 8, "{pages} pages");
    for n in [1, pages] {
        assert!(
            text.contains(&format!("Page {n} of {pages}")),
            "page {n} is numbered"
        );
    }
    assert!(text.contains("Contents"));
    assert!(text.contains("Auditor evidence pack: PCI DSS"));
    assert!(text.contains("Harbour A"));
    assert!(text.contains("12.10.2") && text.contains("12.10.1"));
    assert!(text.contains("Card data leaves scope with the processor move"));
    assert!(text.contains("Quarterly restore report"));
    // The hash may wrap inside its cell; its lines follow one another.
    let joined: String = text.split_whitespace().collect();
    assert!(
        joined.contains(&sha256(&report)),
        "the evidence hash is in the index"
    );
    assert!(text.contains("Sign-off"));

    // A second generation is the next version, with its own file.
    let again = generate(&owner, &[("kind", "pack"), ("framework", "pci")]).await;
    assert_eq!(finished(&owner, &again).await["version"], 2);
    app.stop().await;
}

#[tokio::test]
async fn the_plan_and_the_summary_carry_the_organisations_processes() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let (status, body) = owner
        .call(
            "/api/bia/process/create",
            &[
                ("name", "Container berth allocation"),
                ("department", "Port operations"),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let plan = generate(&owner, &[("kind", "plan")]).await;
    let summary = generate(&owner, &[("kind", "summary")]).await;
    let plan_row = finished(&owner, &plan).await;
    let summary_row = finished(&owner, &summary).await;
    assert_eq!(plan_row["status"], "ready", "{plan_row}");
    assert_eq!(summary_row["status"], "ready", "{summary_row}");
    let text = pdf_text(&download(&owner, &plan).await);
    for expected in [
        "Business continuity plan",
        "Business impact analysis summary",
        "Container berth allocation",
        "Port operations",
        "Roles and escalation",
        "Drill schedule",
    ] {
        assert!(text.contains(expected), "the plan lacks {expected:?}");
    }
    let text = pdf_text(&download(&owner, &summary).await);
    assert!(text.contains("Executive summary") && text.contains("Drill success rate"));
    app.stop().await;
}

#[tokio::test]
async fn bad_requests_roles_and_other_organisations_are_refused() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let before = app.count("documents").await;
    for (form, field) in [
        (vec![("kind", "novel")], "kind"),
        (vec![("kind", "pack")], "framework"),
        (
            vec![("kind", "pack"), ("framework", "nonesuch")],
            "framework",
        ),
        (
            vec![
                ("kind", "pack"),
                ("framework", "soc2"),
                ("from", "2026-13-01"),
            ],
            "from",
        ),
        (
            vec![
                ("kind", "pack"),
                ("framework", "soc2"),
                ("from", "2026-06-01"),
                ("to", "2026-05-01"),
            ],
            "to",
        ),
    ] {
        let (status, body) = owner.call("/api/reports/generate", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}: {body}");
        assert!(field_error(&body, field).is_some(), "{form:?}: {body}");
    }
    assert_eq!(app.count("documents").await, before, "nothing was stored");

    let id = generate(&owner, &[("kind", "summary")]).await;
    finished(&owner, &id).await;
    let contributor = app.join(&owner, "carl@a.example", "contributor").await;
    let (status, _) = contributor
        .call("/api/reports/generate", &[("kind", "plan")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        contributor.call("/api/reports", &[]).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        contributor
            .get(&format!("/reports/file/{id}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let auditor = app.join(&owner, "audrey@a.example", "auditor").await;
    assert_eq!(
        download(&auditor, &id).await.len() as i64,
        finished(&owner, &id).await["size"].as_i64().unwrap()
    );

    let other = app.signed_up("bob@b.example", "Org B").await;
    assert_eq!(
        other.get(&format!("/reports/file/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let (_, listed) = other.call("/api/reports", &[]).await;
    assert_eq!(listed["documents"].as_array().unwrap().len(), 0);
    let anonymous = app.client();
    assert_eq!(
        anonymous.get(&format!("/reports/file/{id}")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.stop().await;
}

/// The demo organisation, with every kind of record, renders all three
/// documents. Set `SEAWALL_KEEP_PDFS` to a directory to keep them to look at.
#[tokio::test]
async fn the_demo_organisations_documents_render() {
    let app = TestApp::spawn_with(|s| s.demo_password = Some("demo-password-123".into())).await;
    let client = app.client();
    let (status, body) = client.call("/api/demo/create", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let session = client.session().await;
    assert_eq!(session["current"]["is_demo"], true);
    let mut texts = Vec::new();
    for (name, form) in [
        ("plan", vec![("kind", "plan")]),
        ("summary", vec![("kind", "summary")]),
        ("pack-soc2", vec![("kind", "pack"), ("framework", "soc2")]),
        ("pack-pci", vec![("kind", "pack"), ("framework", "pci")]),
    ] {
        let id = generate(&client, &form).await;
        let row = finished(&client, &id).await;
        assert_eq!(row["status"], "ready", "{name}: {row}");
        let bytes = download(&client, &id).await;
        if let Ok(dir) = std::env::var("SEAWALL_KEEP_PDFS") {
            std::fs::write(format!("{dir}/{name}.pdf"), &bytes).unwrap();
        }
        let text = pdf_text(&bytes);
        let pages = row["pages"].as_i64().unwrap();
        assert!(text.contains(&format!("Page {pages} of {pages}")), "{name}");
        texts.push(text);
    }
    // The summary is the cover, the contents and two pages of figures (and the sign-off page).
    assert!(texts[1].contains("Exposure and drills"));
    assert!(
        texts[2].contains("CC9.1") || texts[2].contains("A1.3"),
        "SOC 2 controls are listed"
    );
    app.stop().await;
}

/// NIST's OSCAL schema `name`, from `SEAWALL_OSCAL_SCHEMAS` or `../shared/oscal`
/// beside the project; `None` (and a note) only when that directory is absent.
fn oscal_schema(name: &str) -> Option<Value> {
    let dir = std::env::var("SEAWALL_OSCAL_SCHEMAS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/oscal")
        });
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED: the OSCAL schemas are not at {} (set SEAWALL_OSCAL_SCHEMAS)",
            dir.display()
        );
        return None;
    }
    let text = std::fs::read_to_string(dir.join(name)).expect("the schema file is readable");
    Some(serde_json::from_str(&text).expect("the schema is JSON"))
}

fn assert_valid(schema: &Value, document: &Value) {
    let validator = jsonschema::validator_for(schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid OSCAL: {errors:#?}");
}

async fn get_json(client: &Client, path: &str) -> (StatusCode, Value) {
    let response = client.get(path).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn oscal_assessment_results_and_poam_validate_against_the_published_schemas() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    owner
        .call("/api/drills/frameworks", &[("pci", "on"), ("hipaa", "on")])
        .await;
    let report = b"%PDF-1.4\nrestore evidence\n%%EOF\n".to_vec();
    let (status, up) = owner
        .upload(
            "/evidence/upload",
            &[
                ("title", "Restore test evidence"),
                ("effective_on", "2026-06-02"),
                ("valid_months", "12"),
                ("framework", "hipaa"),
                ("control", "164.308(a)(7)(ii)(D)"),
            ],
            Some(("restore.pdf", report.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{up}");
    let (status, body) = owner
        .call(
            "/api/controls/answer",
            &[
                ("framework", "hipaa"),
                ("id", "164.308(a)(7)(ii)(D)"),
                ("status", "implemented"),
                ("justification", ""),
                ("owner", ""),
                ("due_on", ""),
                ("notes", "Tested quarterly"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, results) = get_json(&owner, "/reports/oscal/assessment-results/hipaa").await;
    assert_eq!(status, StatusCode::OK, "{results}");
    let text = results.to_string();
    assert!(text.contains("hipaa-164.308_a__7__ii__D_"));
    assert!(
        text.contains(&sha256(&report)),
        "the evidence hash is in the back matter"
    );
    assert!(text.contains("\"oscal-version\":\"1.2.1\""));
    let findings = results["assessment-results"]["results"][0]["findings"]
        .as_array()
        .unwrap();
    let tested = findings
        .iter()
        .find(|f| f["target"]["target-id"] == "hipaa-164.308_a__7__ii__D_")
        .unwrap();
    assert_eq!(tested["target"]["status"]["state"], "satisfied");
    assert!(
        tested["related-observations"]
            .as_array()
            .is_some_and(|o| o.len() == 1)
    );
    assert!(
        findings
            .iter()
            .any(|f| f["target"]["status"]["state"] == "not-satisfied")
    );
    let (status, _) = get_json(&owner, "/reports/oscal/assessment-results/nonesuch").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // No follow-up actions yet: a POA&M needs at least one item.
    let (status, body) = get_json(&owner, "/reports/oscal/poam").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let plan_form = [
        ("title", "Quarterly restore"),
        ("kind", "backup_restore"),
        ("scenario", ""),
        ("owner", ""),
        ("participants", ""),
        ("first_on", "2026-01-05"),
        ("at_time", "09:00"),
        ("zone", "Europe/London"),
        ("duration", "4h"),
        ("repeat", "quarterly"),
    ];
    let (status, plan) = owner.call("/api/drills/plan/create", &plan_form).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    let (status, run) = owner
        .call(
            "/api/drills/run/record",
            &[
                ("plan", plan.as_str().unwrap()),
                ("occurrence", ""),
                ("started", "2026-06-01T09:00"),
                ("ended", "2026-06-01T13:00"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{run}");
    let (status, body) = owner
        .call(
            "/api/drills/action/add",
            &[
                ("run", run.as_str().unwrap()),
                ("title", "Automate the journal replay"),
                ("owner", ""),
                ("due_on", "2026-07-01"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, poam) = get_json(&owner, "/reports/oscal/poam").await;
    assert_eq!(status, StatusCode::OK, "{poam}");
    assert!(poam.to_string().contains("Automate the journal replay"));

    // Other organisations and contributors get nothing.
    let other = app.signed_up("bob@b.example", "Org B").await;
    let (status, body) = get_json(&other, "/reports/oscal/poam").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "B has no actions of its own: {body}"
    );
    let contributor = app.join(&owner, "carl@a.example", "contributor").await;
    assert_eq!(
        get_json(&contributor, "/reports/oscal/poam").await.0,
        StatusCode::FORBIDDEN
    );

    if let (Some(ar), Some(pm)) = (
        oscal_schema("oscal_assessment-results_schema.json"),
        oscal_schema("oscal_poam_schema.json"),
    ) {
        assert_valid(&ar, &results);
        assert_valid(&pm, &poam);
    }
    app.stop().await;
}
