//! Hostile input for every parser that reads what users send: CSV imports,
//! catalog and OSCAL imports, upload sniffing, dates, times and durations.
//! Each must answer with a value or a reason, never panic.
//!
//! CI runs a short seeded run. A long run outside CI:
//! `SEAWALL_FUZZ_CASES=200000 SEAWALL_FUZZ_SEED=$RANDOM cargo test --release -p app --features ssr --test hostile_input`

use app::bia::scale::ImpactScale;
use app::controls::catalog::{ImportMeta, parse_import};
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config() -> Config {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    Config {
        cases: env("SEAWALL_FUZZ_CASES", 400) as u32,
        rng_seed: RngSeed::Fixed(env("SEAWALL_FUZZ_SEED", 20261203)),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Text biased towards what breaks parsers: separators, quotes, line ends,
/// signs, digits, units, non-ASCII and control characters.
fn nasty_text(max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::char::range('a', 'z').prop_map(String::from),
        3 => proptest::char::range('0', '9').prop_map(String::from),
        2 => Just(",".to_string()),
        2 => Just("\"".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just(";".to_string()),
        1 => Just(" ".to_string()),
        1 => Just("-".to_string()),
        1 => Just(".".to_string()),
        1 => Just("e9".to_string()),
        1 => Just("99999999999999999999".to_string()),
        1 => Just("h".to_string()),
        1 => Just(" weeks".to_string()),
        1 => Just("@".to_string()),
        1 => Just("{{ insert: param, p }}".to_string()),
        1 => Just("é".to_string()),
        1 => Just("\u{0}".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("💥".to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

/// A valid document with bytes cut, inserted and replaced at random.
fn mutated(seed: &'static str) -> impl Strategy<Value = Vec<u8>> {
    let edit = (0usize..seed.len() + 1, 0u8..3, any::<u8>(), 0usize..8);
    proptest::collection::vec(edit, 0..12).prop_map(move |edits| {
        let mut bytes = seed.as_bytes().to_vec();
        for (at, kind, byte, len) in edits {
            let at = at.min(bytes.len());
            match kind {
                0 => {
                    let end = (at + len).min(bytes.len());
                    bytes.drain(at..end);
                }
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => bytes[at] = byte,
                _ => bytes.push(byte),
            }
        }
        bytes
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

const SYSTEMS_CSV: &str = "name,owner_email,component,tier,target_rto,target_rpo,primary_site,recovery_site,replication,replication_lag,full_backup_every,backup_copies,depends_on\n\
Ledger,ops@example.com,application,2,4h,15m,London,Dublin,async,5m,1d,\"primary:disk:London:30d;offsite:object:Dublin:90d:immutable\",Core DB\n\
Core DB,,database,1,1h,5m,London,Dublin,sync,,1d,,\n";

const JSON_CATALOG: &str = r#"{"framework": "isms", "name": "Internal ISMS", "version": "3",
  "sections": [{"id": "BC", "title": "Continuity"}],
  "controls": [{"id": "BC-1", "section": "BC", "title": "Plan", "regulation_text": "Keep a plan.", "continuity": true}]}"#;

const CSV_CATALOG: &str = "id,section,section_title,title,continuity\nBC-1,BC,Continuity,\"Plan, tested yearly\",yes\nBC-2,,,Backups,no\n";

const OSCAL_CATALOG: &str = r#"{"catalog": {"uuid": "x", "metadata": {"title": "Excerpt", "version": "5.1.1"},
  "groups": [{"id": "cp", "title": "Contingency Planning", "controls": [
    {"id": "cp-9", "title": "System Backup", "params": [{"id": "p", "label": "frequency"}],
     "props": [{"name": "label", "value": "CP-9"}],
     "parts": [{"name": "statement", "parts": [{"name": "item", "prose": "Back up {{ insert: param, p }}."}]},
               {"name": "guidance", "prose": "Backups protect availability."}],
     "controls": [{"id": "cp-9.1", "title": "Testing", "props": [{"name": "label", "value": "CP-9(1)"}]}]}]}]}}"#;

fn bia_header(scale: &ImpactScale) -> String {
    let mut columns: Vec<String> = app::bia::CSV_PROCESS_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    for category in &scale.categories {
        for bucket in &scale.buckets {
            columns.push(format!("{}@{bucket}m", category.key));
        }
    }
    columns.join(",")
}

fn meta() -> ImportMeta {
    ImportMeta {
        framework: String::new(),
        name: String::new(),
        version: String::new(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bia_csv_imports_answer_rows_or_reasons(body in nasty_text(300)) {
        let scale = ImpactScale::default();
        let text = format!("{}\n{body}", bia_header(&scale));
        let _ = app::bia::ssr::csv::parse(&scale, &text);
        let _ = app::bia::ssr::csv::parse(&scale, &body);
    }

    #[test]
    fn systems_csv_imports_answer_rows_or_reasons(
        body in nasty_text(300),
        edited in mutated(SYSTEMS_CSV),
    ) {
        let header = SYSTEMS_CSV.lines().next().unwrap();
        let _ = app::systems::ssr::csv::parse(&format!("{header}\n{body}"), today());
        let _ = app::systems::ssr::csv::parse(&String::from_utf8_lossy(&edited), today());
        let _ = app::systems::ssr::csv::parse_copies(&body);
        let _ = app::systems::ssr::csv::parse_names(&body);
    }

    #[test]
    fn catalog_imports_answer_a_catalog_or_reasons(
        json in mutated(JSON_CATALOG),
        csv in mutated(CSV_CATALOG),
        oscal in mutated(OSCAL_CATALOG),
        raw in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        for bytes in [&json, &csv, &oscal, &raw] {
            if let Ok(catalog) = parse_import(bytes, &meta()) {
                prop_assert!(!catalog.controls.is_empty());
            }
        }
    }

    #[test]
    fn upload_sniffing_answers_a_kind_or_a_reason(
        name in nasty_text(20),
        head in prop_oneof![
            Just(b"%PDF-1.7\n".to_vec()),
            Just(b"PK\x03\x04".to_vec()),
            Just(b"MZ".to_vec()),
            Just(b"\x7fELF".to_vec()),
            Just(b"\x89PNG\r\n\x1a\n".to_vec()),
            Just(b"\xd0\xcf\x11\xe0".to_vec()),
            Just(b"<svg".to_vec()),
            Just(b"#!/bin/sh".to_vec()),
            Just(Vec::new()),
        ],
        tail in proptest::collection::vec(any::<u8>(), 0..600),
        ext in prop_oneof![Just(".pdf"), Just(".docx"), Just(".png"), Just(".txt"), Just(".exe"), Just(""), Just(".")],
    ) {
        let mut bytes = head;
        bytes.extend(tail);
        let _ = app::evidence::sniff::sniff(&format!("{name}{ext}"), &bytes);
    }

    #[test]
    fn durations_dates_and_times_answer_a_value_or_a_reason(text in nasty_text(24)) {
        if let Ok(minutes) = app::bia::duration::parse(&text) {
            prop_assert!(minutes >= 1);
        }
        let _ = app::bia::duration::parse_optional(&text);
        let _ = app::drills::result::parse_measured(&text, "the recovery time");
        let _ = app::systems::tiers::parse(&text);
        let _ = app::drills::ssr::parse_time(&text);
        for zone in ["Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC"] {
            let zone = app::drills::recurrence::zone(zone).unwrap();
            let _ = app::drills::ssr::parse_local(&text, zone, "start");
        }
        let mut errors = app::error::FieldErrors::new();
        let _ = app::evidence::ssr::fields::validity(&mut errors, &text, &text, today());
    }

    #[test]
    fn local_times_at_any_date_resolve_in_every_zone(
        days in -1_000_000i64..1_000_000,
        hour in 0u32..24,
        minute in 0u32..60,
    ) {
        let date = today() + chrono::Duration::days(days);
        let text = format!("{}T{hour:02}:{minute:02}", date.format("%Y-%m-%d"));
        for zone in ["Europe/London", "America/Sao_Paulo", "Pacific/Apia", "Asia/Kathmandu"] {
            let zone = app::drills::recurrence::zone(zone).unwrap();
            let _ = app::drills::ssr::parse_local(&text, zone, "start");
        }
    }
}
