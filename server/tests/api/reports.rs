//! Generated documents: the evidence pack, the plan and the executive
//! summary are generated in the background, listed with their progress,
//! downloaded as PDFs whose text holds the controls, evidence hashes and
//! page numbers; bad requests are refused with the field named; roles and
//! other organisations are kept out.

use crate::support::{Client, TestApp, field_error};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of a PDF in content order (`pdftotext -raw`), from poppler-utils.
fn pdf_text(bytes: &[u8]) -> String {
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

async fn generate(client: &Client, form: &[(&str, &str)]) -> String {
    let (status, body) = client.call("/api/reports/generate", form).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_str().unwrap().to_string()
}

/// Waits until the document is no longer running and returns its row.
async fn finished(client: &Client, id: &str) -> Value {
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

async fn download(client: &Client, id: &str) -> Vec<u8> {
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
