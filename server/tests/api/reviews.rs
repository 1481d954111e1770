//! Executive review and sign-off: a document is submitted to executives,
//! each decision is bound to the SHA-256 of the file reviewed, the last
//! approval stores a signed copy whose sign-off page names the signers and
//! the reviewed hash, a change to the data marks the sign-off stale, and the
//! verify check tells signed, generated and tampered files apart.

use crate::reports::{download, finished, generate, pdf_text, sha256};
use crate::support::{Client, TestApp, field_error};
use reqwest::StatusCode;
use serde_json::Value;

async fn document(client: &Client, id: &str) -> Value {
    let (status, body) = client.call("/api/reports/document", &[("id", id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn submit(client: &Client, document: &str, signers: &[&str]) -> (StatusCode, Value) {
    let mut form = vec![("document", document), ("message", "For the board meeting")];
    form.extend(signers.iter().map(|s| ("signers[]", *s)));
    client.call("/api/reports/review/submit", &form).await
}

async fn decide(
    client: &Client,
    review: &str,
    decision: &str,
    comment: &str,
    sha256: &str,
) -> (StatusCode, Value) {
    client
        .call(
            "/api/reports/review/decide",
            &[
                ("review", review),
                ("decision", decision),
                ("comment", comment),
                ("sha256", sha256),
            ],
        )
        .await
}

async fn verify(client: &Client, name: &str, bytes: Vec<u8>) -> Value {
    let (status, body) = client
        .upload("/reports/verify/upload", &[], Some((name, bytes)))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A process whose RTO the plan prints; returns its id.
async fn process_with_rto(client: &Client, rto: &str) -> String {
    let (status, id) = client
        .call(
            "/api/bia/process/create",
            &[
                ("name", "Vessel traffic coordination"),
                ("department", "Port operations"),
                ("owner", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{id}");
    // The answer is the process's page.
    let id = id.as_str().unwrap().rsplit('/').next().unwrap().to_string();
    set_rto(client, &id, rto).await;
    id
}

async fn set_rto(client: &Client, process: &str, rto: &str) {
    let (status, body) = client
        .call(
            "/api/bia/process/objectives",
            &[("id", process), ("rto", rto), ("rpo", "1h"), ("wrt", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_plan_signed_by_two_executives_is_bound_to_the_reviewed_file_and_turns_stale() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let eve = app.join(&owner, "eve@a.example", "executive").await;
    let evan = app.join(&owner, "evan@a.example", "executive").await;
    let eve_id = owner.member_id("eve@a.example").await;
    let evan_id = owner.member_id("evan@a.example").await;
    let owner_id = owner.member_id("olive@a.example").await;
    let process = process_with_rto(&owner, "4h").await;

    let id = generate(&owner, &[("kind", "plan")]).await;
    assert_eq!(finished(&owner, &id).await["status"], "ready");
    let original = download(&owner, &id).await;
    let original_hash = sha256(&original);
    let view = document(&owner, &id).await;
    assert_eq!(view["stale"], false, "unchanged data is not stale: {view}");
    assert_eq!(view["document"]["sha256"], original_hash);
    assert_eq!(view["executives"].as_array().unwrap().len(), 2);

    // Bad submissions: nobody chosen, someone who is not an executive.
    let (status, body) = submit(&owner, &id, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(field_error(&body, "signers").is_some(), "{body}");
    let (status, body) = submit(&owner, &id, &[&owner_id]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(app.count("reviews").await, 0, "nothing half-written");

    let (status, review) = submit(&owner, &id, &[&eve_id, &evan_id]).await;
    assert_eq!(status, StatusCode::OK, "{review}");
    let review = review.as_str().unwrap().to_string();
    let (status, body) = submit(&owner, &id, &[&eve_id]).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "one open review per version: {body}"
    );

    // The executive sees the review waiting, and the exact file.
    let (_, list) = eve.call("/api/reports", &[]).await;
    assert_eq!(list["awaiting"][0]["id"], id.as_str(), "{list}");
    assert_eq!(list["documents"][0]["review"]["status"], "pending");
    let view = document(&eve, &id).await;
    assert_eq!(view["reviews"][0]["reviewed_sha256"], original_hash);
    let framed = eve.get(&format!("/reports/view/{id}")).await;
    assert_eq!(framed.status(), StatusCode::OK);
    // Only Seawall's own document page may frame the file.
    assert_eq!(
        framed.headers()["content-security-policy"],
        "frame-ancestors 'self'"
    );
    assert!(
        framed.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert_eq!(framed.headers()["x-frame-options"], "SAMEORIGIN");
    assert_eq!(sha256(&framed.bytes().await.unwrap()), original_hash);

    // A decision on another file, a rejection without a reason, and the
    // owner (not an executive) are refused.
    let (status, body) = decide(&eve, &review, "approve", "", &"0".repeat(64)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = decide(&eve, &review, "reject", " ", &original_hash).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(field_error(&body, "comment").is_some());
    let (status, _) = decide(&owner, &review, "approve", "", &original_hash).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, body) = decide(&eve, &review, "approve", "Agreed for 2027.", &original_hash).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, Some("pending")));
    let (status, _) = decide(&eve, &review, "approve", "", &original_hash).await;
    assert_eq!(status, StatusCode::CONFLICT, "one decision each");
    let (status, body) = decide(&evan, &review, "approve", "", &original_hash).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, Some("approved")),
        "{body}"
    );

    let view = document(&owner, &id).await;
    let signed = &view["reviews"][0];
    assert_eq!(signed["status"], "approved");
    for signer in signed["signers"].as_array().unwrap() {
        assert_eq!(signer["decision"], "approved");
        assert_eq!(signer["reviewed_sha256"], original_hash);
        assert!(signer["decided_at"].is_string());
    }
    let response = owner.get(&format!("/reports/signed/{review}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("-signed.pdf")
    );
    let copy = response.bytes().await.unwrap().to_vec();
    assert_eq!(signed["signed"]["sha256"], sha256(&copy));
    assert_ne!(
        sha256(&copy),
        original_hash,
        "the signed copy is its own file"
    );
    let text = pdf_text(&copy);
    for expected in [
        "Sign-off",
        "Eve",
        "Evan",
        "Agreed for 2027.",
        "Approved",
        "Vessel traffic coordination",
    ] {
        assert!(
            text.contains(expected),
            "the signed copy lacks {expected:?}"
        );
    }
    assert!(!text.contains("Not yet reviewed"));
    let joined: String = text.split_whitespace().collect();
    assert!(
        joined.contains(&original_hash),
        "the sign-off page names the reviewed file's hash"
    );
    let unsigned = pdf_text(&original);
    assert!(unsigned.contains("Not yet reviewed") && !unsigned.contains("Agreed for 2027."));

    // Verify: the signed copy, the version as generated, a tampered copy.
    let answer = verify(&eve, "plan-signed.pdf", copy.clone()).await;
    assert_eq!(answer["outcome"]["match"], "signed", "{answer}");
    assert_eq!(answer["outcome"]["document_id"], id.as_str());
    assert_eq!(answer["outcome"]["signers"].as_array().unwrap().len(), 2);
    assert_eq!(answer["outcome"]["stale"], false);
    let answer = verify(&owner, "plan.pdf", original.clone()).await;
    assert_eq!(answer["outcome"]["match"], "generated", "{answer}");
    assert_eq!(answer["outcome"]["review"], "approved");
    let mut tampered = copy.clone();
    let at = tampered.len() / 2;
    tampered[at] ^= 0x20;
    let answer = verify(&owner, "plan-signed.pdf", tampered).await;
    assert_eq!(answer["outcome"]["match"], "none", "{answer}");
    let (status, body) = owner
        .call("/api/reports/verify", &[("sha256", "not a hash")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = owner
        .upload("/reports/verify/upload", &[("comment", "no file")], None)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");

    // Changing an RTO makes the plan say something else: the sign-off is
    // stale, still visible, and this version can no longer be submitted.
    set_rto(&owner, &process, "2h").await;
    let view = document(&owner, &id).await;
    assert_eq!(view["stale"], true, "{view}");
    assert_eq!(view["reviews"][0]["status"], "approved");
    let (_, list) = owner.call("/api/reports", &[]).await;
    assert_eq!(list["documents"][0]["review"]["stale"], true, "{list}");
    assert_eq!(
        verify(&owner, "plan-signed.pdf", copy).await["outcome"]["stale"],
        true
    );

    // A new version of the current data can be submitted and signed.
    let next = generate(&owner, &[("kind", "plan")]).await;
    assert_eq!(finished(&owner, &next).await["version"], 2);
    assert_eq!(document(&owner, &next).await["stale"], false);
    let (status, body) = submit(&owner, &next, &[&eve_id]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let next_review = body.as_str().unwrap().to_string();
    let next_hash = document(&owner, &next).await["document"]["sha256"]
        .as_str()
        .unwrap()
        .to_string();

    // Once that version is stale too, an executive who was not asked is told
    // so, not that the data changed; the one who was asked learns it changed.
    set_rto(&owner, &process, "1h").await;
    let (status, body) = decide(&evan, &next_review, "approve", "", &next_hash).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = decide(&eve, &next_review, "approve", "", &next_hash).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");

    let log = owner.call("/api/audit/list", &[]).await.1.to_string();
    for action in ["review.submitted", "review.approved", "review.signed"] {
        assert!(log.contains(action), "the audit log lacks {action}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_rejected_version_can_be_submitted_again_and_a_waiting_review_withdrawn() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let eve = app.join(&owner, "eve@a.example", "executive").await;
    let auditor = app.join(&owner, "abe@a.example", "auditor").await;
    let helper = app.join(&owner, "cat@a.example", "contributor").await;
    let eve_id = owner.member_id("eve@a.example").await;
    let id = generate(&owner, &[("kind", "summary")]).await;
    assert_eq!(finished(&owner, &id).await["status"], "ready");
    let hash = document(&owner, &id).await["document"]["sha256"]
        .as_str()
        .unwrap()
        .to_string();

    // Auditors read documents but do not submit them; contributors see neither.
    assert_eq!(document(&auditor, &id).await["can_submit"], false);
    assert_eq!(
        submit(&auditor, &id, &[&eve_id]).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        helper.status("/api/reports/document", &[("id", &id)]).await,
        StatusCode::FORBIDDEN
    );

    let (_, review) = submit(&owner, &id, &[&eve_id]).await;
    let review = review.as_str().unwrap().to_string();
    let (status, body) = decide(&eve, &review, "reject", "Add last quarter's costs.", &hash).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, Some("rejected")));
    let view = document(&owner, &id).await;
    assert_eq!(view["reviews"][0]["status"], "rejected");
    assert_eq!(
        view["reviews"][0]["signers"][0]["comment"],
        "Add last quarter's costs."
    );
    assert!(view["reviews"][0]["signed"].is_null());
    assert_eq!(
        app.scalar_text(
            "SELECT CAST(COUNT(*) AS TEXT) FROM reviews WHERE signed_content IS NOT NULL"
        )
        .await
        .as_deref(),
        Some("0")
    );

    let (status, again) = submit(&owner, &id, &[&eve_id]).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    let again = again.as_str().unwrap().to_string();
    let (status, _) = owner
        .call("/api/reports/review/withdraw", &[("review", &again)])
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = decide(&eve, &again, "approve", "", &hash).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn review is closed: {body}"
    );
    let (status, _) = owner
        .call("/api/reports/review/withdraw", &[("review", &again)])
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, list) = eve.call("/api/reports", &[]).await;
    assert!(list["awaiting"].as_array().unwrap().is_empty(), "{list}");
    app.stop().await;
}

#[tokio::test]
async fn a_browser_upload_is_sent_to_the_verify_page_with_the_answer() {
    let app = TestApp::spawn().await;
    let owner = app.signed_up("olive@a.example", "Harbour A").await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.7 not ours".to_vec()).file_name("copy.pdf"),
    );
    let response = owner
        .http()
        .post(format!("{}/reports/verify/upload", owner.base))
        .header("Accept", "text/html")
        .header("Origin", owner.base.clone())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.starts_with(&format!(
            "/reports/verify?sha256={}",
            sha256(b"%PDF-1.7 not ours")
        )),
        "{location}"
    );
    let page = owner.get(&location).await.text().await.unwrap();
    assert!(page.contains("does not match any document"), "{page}");
    app.stop().await;
}

#[tokio::test]
async fn another_organisations_executive_can_neither_see_nor_sign_nor_verify_its_documents() {
    let app = TestApp::spawn().await;
    let b = app.signed_up("bob@b.example", "Org B").await;
    let ezra = app.join(&b, "ezra@b.example", "executive").await;
    let ezra_id = b.member_id("ezra@b.example").await;
    let a = app.signed_up("alice@a.example", "Org A").await;
    let ava = app.join(&a, "ava@a.example", "executive").await;
    let ava_id = a.member_id("ava@a.example").await;

    let id = generate(&b, &[("kind", "plan")]).await;
    let hash = finished(&b, &id).await["sha256"]
        .as_str()
        .unwrap()
        .to_string();
    // A's executive cannot be asked to sign B's document.
    let (status, body) = submit(&b, &id, &[&ava_id]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, review) = submit(&b, &id, &[&ezra_id]).await;
    let review = review.as_str().unwrap().to_string();

    let (status, body) = decide(&ava, &review, "approve", "", &hash).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(
        ava.status("/api/reports/document", &[("id", &id)]).await,
        StatusCode::NOT_FOUND
    );
    let (_, list) = ava.call("/api/reports", &[]).await;
    assert!(list["awaiting"].as_array().unwrap().is_empty());
    assert!(!list.to_string().contains(&id));

    let (status, body) = decide(&ezra, &review, "approve", "", &hash).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, Some("approved")));
    let copy = ezra
        .get(&format!("/reports/signed/{review}"))
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    for path in [
        format!("/reports/signed/{review}"),
        format!("/reports/file/{id}"),
        format!("/reports/view/{id}"),
    ] {
        assert_eq!(
            ava.get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // The same bytes mean nothing in another organisation.
    let answer = verify(&ava, "b-signed.pdf", copy.clone()).await;
    assert_eq!(answer["outcome"]["match"], "none", "{answer}");
    assert_eq!(
        verify(&ezra, "b-signed.pdf", copy).await["outcome"]["match"],
        "signed"
    );
    let (status, _) = a
        .call("/api/reports/review/withdraw", &[("review", &review)])
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.stop().await;
}
