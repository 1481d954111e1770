//! Control checklists and evidence: HIPAA activated, a contingency control
//! answered and evidenced with an uploaded restore report, the report
//! offered to the mapped SOC 2 and PCI DSS controls, readiness moving, the
//! evidence expiring and the controls falling back; versions, downloads and
//! deduplication; bad uploads and catalogs refused with nothing stored;
//! imports; and who may do what.

use crate::support::{Client, TestApp, field_error};
use chrono::{Duration, Months, Utc};
use reqwest::StatusCode;
use serde_json::Value;

const TESTED: &str = "164.308(a)(7)(ii)(D)";

/// A small but real PDF (what the sniffing looks at is the header).
fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

async fn frameworks(client: &Client, on: &[&str]) {
    let fields: Vec<(&str, &str)> = on.iter().map(|f| (*f, "on")).collect();
    let (status, body) = client.call("/api/drills/frameworks", &fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn control(client: &Client, framework: &str, id: &str) -> Value {
    let (status, body) = client
        .call(
            "/api/controls/control",
            &[("framework", framework), ("id", id)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn answer(client: &Client, framework: &str, id: &str, status: &str) -> (StatusCode, Value) {
    client
        .call(
            "/api/controls/answer",
            &[
                ("framework", framework),
                ("id", id),
                ("status", status),
                ("justification", ""),
                ("owner", ""),
                ("due_on", ""),
                ("notes", ""),
            ],
        )
        .await
}

async fn card(client: &Client, key: &str) -> Value {
    let (status, body) = client.call("/api/controls", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no framework {key}: {body}"))
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            e["evidence"]["id"]
                .as_str()
                .or(e["id"].as_str())
                .unwrap()
                .to_string()
        })
        .collect()
}

async fn upload_report(client: &Client, framework: &str, id: &str, bytes: Vec<u8>) -> Value {
    let today = Utc::now().date_naive().to_string();
    let (status, body) = client
        .upload(
            "/evidence/upload",
            &[
                ("title", "Backup restore report Q4"),
                ("effective_on", &today),
                ("valid_months", "12"),
                ("framework", framework),
                ("control", id),
            ],
            Some(("restore-report.pdf", bytes)),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

#[tokio::test]
async fn evidence_is_offered_to_mapped_controls_moves_readiness_and_expires() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("hana@clinic.example", "Clinic").await;
    // Shipped catalogs are in the database once, whatever number of starts.
    assert_eq!(app.count("catalogs").await, 3);
    assert_eq!(app.count("catalog_controls").await, 61 + 65 + 280);

    // Before activation HIPAA counts nowhere; afterwards it has 65 controls.
    assert_eq!(card(&owner, "hipaa").await["active"], false);
    frameworks(&owner, &["hipaa", "soc2", "pci"]).await;
    let hipaa = card(&owner, "hipaa").await;
    assert_eq!(hipaa["active"], true);
    assert_eq!(hipaa["tally"]["total"], 65);
    assert_eq!(hipaa["tally"]["implemented"], 0);

    // Walking the contingency plan: the continuity filter on 164.308.
    let (status, list) = owner
        .call(
            "/api/controls/checklist",
            &[
                ("framework", "hipaa"),
                ("section", "164.308"),
                ("continuity", "true"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let rows: Vec<&str> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for id in [
        "164.308(a)(7)(i)",
        "164.308(a)(7)(ii)(A)",
        "164.308(a)(7)(ii)(B)",
        TESTED,
    ] {
        assert!(rows.contains(&id), "{id} missing from {rows:?}");
    }
    assert!(rows.len() < 21, "the filter left everything in: {rows:?}");
    let detail = control(&owner, "hipaa", TESTED).await;
    assert_eq!(detail["kind"], "addressable");
    assert!(!detail["auditor_hint"].as_str().unwrap().is_empty());
    let mapped: Vec<String> = detail["mapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m["control"]["framework"].as_str().unwrap(),
                m["control"]["id"].as_str().unwrap()
            )
        })
        .collect();
    assert!(mapped.contains(&"soc2:A1.3".to_string()), "{mapped:?}");
    assert!(mapped.contains(&"pci:12.10.2".to_string()), "{mapped:?}");

    // Upload the restore report against the HIPAA control and answer it.
    let report = pdf("restore of the patient records database, 2026");
    let created = upload_report(&owner, "hipaa", TESTED, report.clone()).await;
    assert_eq!(created["content_type"], "application/pdf");
    assert_eq!(created["version"], 1);
    assert_eq!(created["sha256"].as_str().unwrap().len(), 64);
    let evidence = created["evidence"].as_str().unwrap().to_string();
    assert_eq!(
        answer(&owner, "hipaa", TESTED, "implemented").await.0,
        StatusCode::OK
    );
    let hipaa = card(&owner, "hipaa").await;
    assert_eq!(hipaa["tally"]["implemented"], 1);
    let detail = control(&owner, "hipaa", TESTED).await;
    assert_eq!(detail["effective"], "implemented");
    assert_eq!(ids(&detail["evidence"]), vec![evidence.clone()]);

    // The report is offered to SOC 2 A1.3 and PCI DSS 12.10.2.
    for (framework, id) in [("soc2", "A1.3"), ("pci", "12.10.2")] {
        let d = control(&owner, framework, id).await;
        assert_eq!(
            ids(&d["offered"]),
            vec![evidence.clone()],
            "{framework} {id}: {d}"
        );
        assert!(
            d["offered"][0]["from"][0]
                .as_str()
                .unwrap()
                .contains(TESTED)
        );
    }
    let (status, body) = owner
        .call(
            "/api/evidence/link",
            &[
                ("item", &evidence),
                ("target_type", "control"),
                ("target_id", "soc2:A1.3"),
                ("back", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        answer(&owner, "soc2", "A1.3", "implemented").await.0,
        StatusCode::OK
    );
    let soc2 = control(&owner, "soc2", "A1.3").await;
    assert_eq!(ids(&soc2["evidence"]), vec![evidence.clone()]);
    assert!(soc2["offered"].as_array().unwrap().is_empty());
    assert_eq!(card(&owner, "soc2").await["tally"]["implemented"], 1);

    // The evidence page lists both links and offers the rest of the group.
    let (_, item) = owner.call("/api/evidence/item", &[("id", &evidence)]).await;
    assert_eq!(item["links"].as_array().unwrap().len(), 2, "{item}");
    assert!(item["offers"].to_string().contains("pci:12.10.2"), "{item}");

    // Dated thirteen months ago with twelve months' validity: expired.
    let old = (Utc::now().date_naive() - Months::new(13)).to_string();
    let (status, body) = owner
        .call(
            "/api/evidence/validity",
            &[
                ("item", &evidence),
                ("effective_on", &old),
                ("valid_months", "12"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let detail = control(&owner, "hipaa", TESTED).await;
    assert_eq!(detail["effective"], "evidence_expired");
    assert_eq!(detail["evidence"][0]["freshness"], "expired");
    let hipaa = card(&owner, "hipaa").await;
    assert_eq!(
        (
            hipaa["tally"]["implemented"].as_i64(),
            hipaa["tally"]["expired"].as_i64()
        ),
        (Some(0), Some(1))
    );
    let (_, overview) = owner.call("/api/controls", &[]).await;
    let fell_back: Vec<&str> = overview["expired"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        fell_back.contains(&TESTED) && fell_back.contains(&"A1.3"),
        "{overview}"
    );
    let (_, dash) = owner.call("/api/dashboard", &[]).await;
    assert_eq!(
        dash["controls"]["expired"].as_array().unwrap().len(),
        2,
        "{dash}"
    );

    // Dated eleven and a half months ago: counts again, expiring soon.
    let recent = (Utc::now().date_naive() - Months::new(12) + Duration::days(10)).to_string();
    owner
        .call(
            "/api/evidence/validity",
            &[
                ("item", &evidence),
                ("effective_on", &recent),
                ("valid_months", "12"),
            ],
        )
        .await;
    assert_eq!(
        control(&owner, "hipaa", TESTED).await["effective"],
        "implemented"
    );
    let (_, overview) = owner.call("/api/controls", &[]).await;
    assert_eq!(
        overview["expiring"][0]["id"],
        evidence.as_str(),
        "{overview}"
    );

    // A new file is a new version; the old one stays and still downloads.
    let newer = pdf("second restore, 2026-11");
    let (status, body) = owner
        .upload(
            "/evidence/upload",
            &[
                ("item", &evidence),
                ("effective_on", &Utc::now().date_naive().to_string()),
                ("valid_months", "12"),
            ],
            Some(("restore-report-v2.pdf", newer.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["version"], 2);
    let (_, item) = owner.call("/api/evidence/item", &[("id", &evidence)]).await;
    let versions = item["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(item["brief"]["freshness"], "valid");
    let first = versions[1]["id"].as_str().unwrap();
    let download = owner.get(&format!("/evidence/file/{first}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.bytes().await.unwrap().to_vec(), report);

    // The same bytes uploaded again are stored once.
    let blobs = app.count("evidence_blobs").await;
    upload_report(&owner, "pci", "12.10.2", newer).await;
    assert_eq!(app.count("evidence_blobs").await, blobs);
    assert_eq!(app.count("evidence_items").await, 2);
}

#[tokio::test]
async fn bad_uploads_and_answers_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn_with(|s| s.upload_limit_mb = 1).await;
    let owner = app.signed_up("ivo@clinic.example", "Clinic").await;
    frameworks(&owner, &["hipaa"]).await;
    let today = Utc::now().date_naive().to_string();
    let fields = [
        ("title", "Report"),
        ("effective_on", today.as_str()),
        ("valid_months", "12"),
        ("framework", "hipaa"),
        ("control", TESTED),
    ];
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("empty.pdf", Vec::new(), "file", "empty"),
        (
            "report.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec(),
            "file",
            "program",
        ),
        (
            "report.pdf",
            b"\x7fELF\x02\x01\x01\x00".to_vec(),
            "file",
            "program",
        ),
        ("photo.png", pdf("not a png"), "file", "PDF"),
        (
            "big.pdf",
            {
                let mut b = pdf("big");
                b.resize(1024 * 1024 + 10, b' ');
                b
            },
            "file",
            "1 MB",
        ),
    ];
    for (name, bytes, field, words) in cases {
        let (status, body) = owner
            .upload("/evidence/upload", &fields, Some((name, bytes)))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        let message = field_error(&body, field).unwrap_or_else(|| panic!("{name}: {body}"));
        assert!(message.contains(words), "{name}: {message}");
    }
    // No file at all, a future date, an unknown control.
    let (status, body) = owner.upload("/evidence/upload", &fields, None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let tomorrow = (Utc::now().date_naive() + Duration::days(1)).to_string();
    let (status, body) = owner
        .upload(
            "/evidence/upload",
            &[("effective_on", &tomorrow), ("valid_months", "12")],
            Some(("r.pdf", pdf("x"))),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        field_error(&body, "effective_on")
            .unwrap()
            .contains("future")
    );
    let (status, _) = owner
        .upload(
            "/evidence/upload",
            &[
                ("effective_on", &today),
                ("framework", "hipaa"),
                ("control", "164.999(z)"),
            ],
            Some(("r.pdf", pdf("x"))),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for table in [
        "evidence_items",
        "evidence_versions",
        "evidence_blobs",
        "evidence_links",
    ] {
        assert_eq!(
            app.count(table).await,
            0,
            "{table} holds a half-stored upload"
        );
    }

    // Not applicable needs its reason; the status must be one of four.
    let (status, body) = answer(&owner, "hipaa", TESTED, "not_applicable").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "justification").unwrap().contains("why"));
    let (status, body) = answer(&owner, "hipaa", TESTED, "done").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "status").is_some());
    assert_eq!(
        answer(&owner, "hipaa", "no-such-control", "implemented")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("control_answers").await, 0);

    // A link needs an address, an attestation its statement.
    let (status, body) = owner
        .call(
            "/api/evidence/record",
            &[
                ("title", "Runbook"),
                ("kind", "link"),
                ("url", "ftp://x"),
                ("statement", ""),
                ("effective_on", &today),
                ("valid_months", "12"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "url").unwrap().contains("https://"));
    let (status, body) = owner
        .call(
            "/api/evidence/record",
            &[
                ("title", "CISO sign-off"),
                ("kind", "attestation"),
                ("url", ""),
                ("statement", " "),
                ("effective_on", &today),
                ("valid_months", "12"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&body, "statement").is_some());
    assert_eq!(app.count("evidence_items").await, 0);

    // A recorded attestation works, linked at once.
    let (status, body) = owner
        .call(
            "/api/evidence/record",
            &[
                ("title", "CISO sign-off"),
                ("kind", "attestation"),
                ("url", ""),
                ("statement", "Plan reviewed on 2026-11-30 by the CISO."),
                ("effective_on", &today),
                ("valid_months", "12"),
                ("framework", "hipaa"),
                ("control", TESTED),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        control(&owner, "hipaa", TESTED).await["evidence"][0]["kind"],
        "attestation"
    );
}

const OSCAL: &str = r#"{
  "catalog": {
    "uuid": "3a2b9d0e-6f6a-4a43-9a2f-7d1c1f3a0b11",
    "metadata": { "title": "Contingency planning excerpt", "last-modified": "2026-11-01T00:00:00Z", "version": "5.1.1", "oscal-version": "1.1.2" },
    "groups": [{
      "id": "cp", "class": "family", "title": "Contingency Planning",
      "controls": [
        { "id": "cp-2", "class": "SP800-53", "title": "Contingency Plan",
          "props": [{ "name": "label", "value": "CP-2" }],
          "parts": [{ "id": "cp-2_smt", "name": "statement", "prose": "Develop a contingency plan for the system." },
                    { "id": "cp-2_gdn", "name": "guidance", "prose": "Plans cover essential mission functions." }],
          "controls": [{ "id": "cp-2.1", "class": "SP800-53-enhancement", "title": "Coordinate with Related Plans",
                         "props": [{ "name": "label", "value": "CP-2(1)" }],
                         "parts": [{ "id": "cp-2.1_smt", "name": "statement", "prose": "Coordinate plan development with related plans." }] }] },
        { "id": "cp-4", "class": "SP800-53", "title": "Contingency Plan Testing",
          "props": [{ "name": "label", "value": "CP-4" }],
          "parts": [{ "id": "cp-4_smt", "name": "statement", "prose": "Test the contingency plan." }] }
      ]
    }]
  }
}"#;

#[tokio::test]
async fn catalogs_import_from_csv_json_and_oscal_and_bad_ones_store_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("una@bank.example", "Bank").await;

    // Malformed files: clear problems, nothing stored.
    for (bytes, words) in [
        (b"{ \"framework\": \"x\", ".to_vec(), "JSON"),
        (b"id,section\n1,A\n".to_vec(), "title"),
        (Vec::new(), "empty"),
    ] {
        let (status, body) = owner
            .upload(
                "/controls/import",
                &[
                    ("framework", "internal"),
                    ("name", "Internal"),
                    ("version", "1"),
                ],
                Some(("c.csv", bytes)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body["problems"].to_string().contains(words),
            "{words}: {body}"
        );
    }
    assert_eq!(app.count("catalogs").await, 3);

    // Our own CSV: an internal framework, active once imported.
    let csv = "id,section,section_title,title,continuity\nBC-1,BC,Continuity,\"Plan, tested yearly\",yes\nBC-2,BC,Continuity,Backups restored,yes\n";
    let (status, body) = owner
        .upload(
            "/controls/import",
            &[
                ("framework", "internal-bc"),
                ("name", "Internal BC standard"),
                ("version", "2026"),
            ],
            Some(("bc.csv", csv.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let internal = card(&owner, "internal-bc").await;
    assert_eq!(
        (
            internal["active"].as_bool(),
            internal["tally"]["total"].as_i64()
        ),
        (Some(true), Some(2))
    );
    assert_eq!(
        control(&owner, "internal-bc", "BC-1").await["control"]["title"],
        "Plan, tested yearly"
    );

    // OSCAL: controls named by their labels, enhancements included.
    let (status, body) = owner
        .upload(
            "/controls/import",
            &[("framework", "nist-cp")],
            Some(("cp.json", OSCAL.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let cp4 = control(&owner, "nist-cp", "CP-4").await;
    assert_eq!(cp4["body"], "Test the contingency plan.");
    assert_eq!(card(&owner, "nist-cp").await["tally"]["total"], 3);

    // Official wording over a shipped framework keeps the answers and
    // Seawall's auditor hints.
    frameworks(&owner, &["pci"]).await;
    assert_eq!(
        answer(&owner, "pci", "12.10.2", "in_progress").await.0,
        StatusCode::OK
    );
    let licensed = "id,section,title,text\n12.10.2,12.10,Incident response plan testing,Official wording held under licence.\n";
    let (status, body) = owner
        .upload(
            "/controls/import",
            &[
                ("framework", "pci"),
                ("name", "PCI DSS (licensed)"),
                ("version", "4.0.1"),
            ],
            Some(("pci.csv", licensed.as_bytes().to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let d = control(&owner, "pci", "12.10.2").await;
    assert_eq!(d["body"], "Official wording held under licence.");
    assert_eq!(d["answer"]["status"], "in_progress");
    assert!(!d["auditor_hint"].as_str().unwrap().is_empty());

    // Removing the import brings the shipped wording back.
    let (status, _) = owner
        .call("/api/controls/import/remove", &[("framework", "pci")])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(card(&owner, "pci").await["tally"]["total"], 280);
    assert_eq!(
        control(&owner, "pci", "12.10.2").await["answer"]["status"],
        "in_progress"
    );
}

#[tokio::test]
async fn auditors_read_and_download_but_change_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olu@clinic.example", "Clinic").await;
    frameworks(&owner, &["hipaa"]).await;
    let created = upload_report(&owner, "hipaa", TESTED, pdf("report")).await;
    let version = {
        let (_, item) = owner
            .call(
                "/api/evidence/item",
                &[("id", created["evidence"].as_str().unwrap())],
            )
            .await;
        item["versions"][0]["id"].as_str().unwrap().to_string()
    };
    let auditor = app.join(&owner, "ada@audit.example", "auditor").await;
    let contributor = app.join(&owner, "cal@clinic.example", "contributor").await;

    assert_eq!(
        control(&auditor, "hipaa", TESTED).await["evidence"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        auditor
            .get(&format!("/evidence/file/{version}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        answer(&auditor, "hipaa", TESTED, "implemented").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _) = auditor
        .upload(
            "/evidence/upload",
            &[("effective_on", "2026-01-01")],
            Some(("r.pdf", pdf("a"))),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = auditor
        .upload(
            "/controls/import",
            &[("framework", "x1")],
            Some(("c.csv", b"id,title\n1,a\n".to_vec())),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Contributors add evidence but do not decide a control's status, and
    // may not download files.
    let today = Utc::now().date_naive().to_string();
    let (status, body) = contributor
        .upload(
            "/evidence/upload",
            &[("effective_on", &today)],
            Some(("r.pdf", pdf("c"))),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        answer(&contributor, "hipaa", TESTED, "implemented").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        contributor
            .get(&format!("/evidence/file/{version}"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_organisation_cannot_download_replace_or_link_evidence() {
    let app = TestApp::spawn().await;
    let b = app.signed_up("bo@b.example", "Org B").await;
    frameworks(&b, &["hipaa"]).await;
    let created = upload_report(&b, "hipaa", TESTED, pdf("B's report")).await;
    let b_item = created["evidence"].as_str().unwrap().to_string();
    let (_, item) = b.call("/api/evidence/item", &[("id", &b_item)]).await;
    let b_version = item["versions"][0]["id"].as_str().unwrap().to_string();

    let a = app.signed_up("al@a.example", "Org A").await;
    frameworks(&a, &["hipaa"]).await;
    let download = a.get(&format!("/evidence/file/{b_version}")).await;
    assert_eq!(download.status(), StatusCode::NOT_FOUND);
    assert!(!download.text().await.unwrap().contains("B's report"));
    let today = Utc::now().date_naive().to_string();
    let (status, _) = a
        .upload(
            "/evidence/upload",
            &[("item", &b_item), ("effective_on", &today)],
            Some(("r.pdf", pdf("A's replacement"))),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A's own control page does not show B's evidence, even as an offer.
    let d = control(&a, "soc2", "A1.3").await;
    assert!(!d.to_string().contains(&b_item), "{d}");
    let (_, item) = b.call("/api/evidence/item", &[("id", &b_item)]).await;
    assert_eq!(item["versions"].as_array().unwrap().len(), 1);
}
