//! What an uploaded file really is, decided from its bytes. The browser's
//! content type and the file name are not trusted: the name only has to
//! agree with the content, and only an allow-list of evidence types passes.

/// The kinds of file accepted as evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    Docx,
    Xlsx,
    Pptx,
    OpenDocument,
    LegacyOffice,
    Text,
    Csv,
    Json,
    Log,
    Markdown,
}

impl Kind {
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Kind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Kind::OpenDocument => "application/vnd.oasis.opendocument",
            Kind::LegacyOffice => "application/x-ole-storage",
            Kind::Text | Kind::Log => "text/plain; charset=utf-8",
            Kind::Csv => "text/csv; charset=utf-8",
            Kind::Json => "application/json",
            Kind::Markdown => "text/markdown; charset=utf-8",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "a PDF document",
            Kind::Png => "a PNG image",
            Kind::Jpeg => "a JPEG image",
            Kind::Gif => "a GIF image",
            Kind::Webp => "a WebP image",
            Kind::Docx => "a Word document",
            Kind::Xlsx => "an Excel workbook",
            Kind::Pptx => "a PowerPoint presentation",
            Kind::OpenDocument => "an OpenDocument file",
            Kind::LegacyOffice => "an older Office document",
            Kind::Text => "a text file",
            Kind::Csv => "a CSV file",
            Kind::Json => "a JSON file",
            Kind::Log => "a log file",
            Kind::Markdown => "a Markdown file",
        }
    }
}

const ACCEPTED: &str = "Seawall accepts PDF, images (PNG, JPEG, GIF, WebP), office documents, CSV, text and log files; this file is none of these.";

/// What an extension promises, as the kinds that may carry it.
fn claimed(ext: &str) -> Option<(&'static str, &'static [Kind])> {
    Some(match ext {
        "pdf" => ("a PDF document", &[Kind::Pdf]),
        "png" => ("a PNG image", &[Kind::Png]),
        "jpg" | "jpeg" => ("a JPEG image", &[Kind::Jpeg]),
        "gif" => ("a GIF image", &[Kind::Gif]),
        "webp" => ("a WebP image", &[Kind::Webp]),
        "docx" => ("a Word document", &[Kind::Docx]),
        "xlsx" => ("an Excel workbook", &[Kind::Xlsx]),
        "pptx" => ("a PowerPoint presentation", &[Kind::Pptx]),
        "odt" | "ods" | "odp" => ("an OpenDocument file", &[Kind::OpenDocument]),
        "doc" | "xls" | "ppt" | "msg" => ("an older Office document", &[Kind::LegacyOffice]),
        "txt" | "text" => ("a text file", &[Kind::Text]),
        "csv" => ("a CSV file", &[Kind::Csv]),
        "json" => ("a JSON file", &[Kind::Json]),
        "log" | "out" => ("a log file", &[Kind::Log]),
        "md" | "markdown" => ("a Markdown file", &[Kind::Markdown]),
        _ => return None,
    })
}

/// Programs and scripts, refused whatever they are called.
fn program(bytes: &[u8]) -> Option<&'static str> {
    const MACH_O: [[u8; 4]; 5] = [
        [0xfe, 0xed, 0xfa, 0xce],
        [0xfe, 0xed, 0xfa, 0xcf],
        [0xce, 0xfa, 0xed, 0xfe],
        [0xcf, 0xfa, 0xed, 0xfe],
        [0xca, 0xfe, 0xba, 0xbe],
    ];
    if bytes.starts_with(b"MZ") {
        Some("a Windows program")
    } else if bytes.starts_with(b"\x7fELF") {
        Some("a Linux program")
    } else if bytes.len() >= 4 && MACH_O.iter().any(|m| bytes.starts_with(m)) {
        // 0xCAFEBABE is both a Java class and a universal Mach-O binary.
        Some("a macOS or Java program")
    } else if bytes.starts_with(b"#!") {
        Some("a script")
    } else if bytes.starts_with(b"\0asm") {
        Some("a WebAssembly program")
    } else {
        None
    }
}

/// Office Open XML and OpenDocument are zip files; their entry names say
/// which document they are. The names sit in the local file headers, so
/// the first few kilobytes are enough.
fn zip_kind(bytes: &[u8]) -> Option<Kind> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"mimetypeapplication/vnd.oasis.opendocument") {
        Some(Kind::OpenDocument)
    } else if has(b"word/") {
        Some(Kind::Docx)
    } else if has(b"xl/") {
        Some(Kind::Xlsx)
    } else if has(b"ppt/") {
        Some(Kind::Pptx)
    } else {
        None
    }
}

/// UTF-8 text without NUL bytes, judged on the first 64 KiB (a character
/// cut at that boundary is allowed).
fn is_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return false;
    }
    match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && head.len() < bytes.len(),
    }
}

/// Markup a browser would render (and run script in) when opened.
fn markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head)
        .trim_start()
        .to_ascii_lowercase();
    [
        "<!doctype html",
        "<html",
        "<svg",
        "<script",
        "<?xml",
        "<head",
        "<body",
        "<iframe",
    ]
    .iter()
    .any(|t| text.starts_with(t))
}

fn content(bytes: &[u8], ext: Option<&str>) -> Option<Kind> {
    let kind = if bytes.starts_with(b"%PDF-") {
        Kind::Pdf
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Kind::Png
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Kind::Jpeg
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Kind::Gif
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Kind::Webp
    } else if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        Kind::LegacyOffice
    } else if bytes.starts_with(b"PK\x03\x04") {
        return zip_kind(bytes);
    } else if is_text(bytes) && !markup(bytes) {
        // Text is told apart by its name: all of these are plain text.
        match ext {
            Some("csv") => Kind::Csv,
            Some("json") => Kind::Json,
            Some("log" | "out") => Kind::Log,
            Some("md" | "markdown") => Kind::Markdown,
            _ => Kind::Text,
        }
    } else {
        return None;
    };
    Some(kind)
}

/// Decides what `bytes` are, given the uploaded file's `name`.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Kind, String> {
    if bytes.is_empty() {
        return Err("The file is empty.".into());
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.is_empty() && e.len() <= 10);
    let promise = ext.as_deref().and_then(claimed);
    if let Some(what) = program(bytes) {
        return Err(match promise {
            Some((claim, _)) => format!(
                "This file is {what}, not {claim}; programs cannot be uploaded as evidence."
            ),
            None => format!("This file is {what}; programs cannot be uploaded as evidence."),
        });
    }
    let Some(kind) = content(bytes, ext.as_deref()) else {
        return Err(ACCEPTED.into());
    };
    match (promise, ext.as_deref()) {
        (Some((_, kinds)), _) if kinds.contains(&kind) => Ok(kind),
        (Some((_, _)), Some(e)) => Err(format!(
            "The file is named .{e} but its content is {}.",
            kind.label()
        )),
        // No extension, or one that promises nothing: the content decides.
        _ => Ok(kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip(entry: &str) -> Vec<u8> {
        let mut b = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
        b.extend_from_slice(&[0; 16]);
        b.extend_from_slice(&(entry.len() as u16).to_le_bytes());
        b.extend_from_slice(&[0, 0]);
        b.extend_from_slice(entry.as_bytes());
        b.extend_from_slice(b"compressed data");
        b
    }

    #[test]
    fn evidence_types_are_recognised_from_their_content() {
        let cases: Vec<(&str, Vec<u8>, Kind)> = vec![
            ("report.pdf", b"%PDF-1.7\n...".to_vec(), Kind::Pdf),
            ("shot.png", b"\x89PNG\r\n\x1a\n\0\0".to_vec(), Kind::Png),
            (
                "photo.JPG",
                vec![0xff, 0xd8, 0xff, 0xe0, 0, 0x10],
                Kind::Jpeg,
            ),
            ("anim.gif", b"GIF89a....".to_vec(), Kind::Gif),
            ("pic.webp", b"RIFF\x10\0\0\0WEBPVP8 ".to_vec(), Kind::Webp),
            ("plan.docx", zip("word/document.xml"), Kind::Docx),
            ("rto.xlsx", zip("xl/workbook.xml"), Kind::Xlsx),
            ("deck.pptx", zip("ppt/presentation.xml"), Kind::Pptx),
            (
                "plan.odt",
                zip("mimetypeapplication/vnd.oasis.opendocument.text"),
                Kind::OpenDocument,
            ),
            (
                "old.doc",
                vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0],
                Kind::LegacyOffice,
            ),
            (
                "restore.csv",
                "system,minutes\nERP,190\nCafé,3\n".as_bytes().to_vec(),
                Kind::Csv,
            ),
            (
                "backup.log",
                b"2026-11-30 02:00 backup ok\n".to_vec(),
                Kind::Log,
            ),
            (
                "notes.txt",
                b"Restore checked by Olga.".to_vec(),
                Kind::Text,
            ),
            ("README", b"no extension, plain text".to_vec(), Kind::Text),
        ];
        for (name, bytes, kind) in cases {
            assert_eq!(sniff(name, &bytes), Ok(kind), "{name}");
        }
        assert_eq!(Kind::Pdf.mime(), "application/pdf");
    }

    #[test]
    fn programs_are_refused_whatever_their_name() {
        let pe = sniff("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00").unwrap_err();
        assert_eq!(
            pe,
            "This file is a Windows program, not a PDF document; programs cannot be uploaded as evidence."
        );
        assert!(
            sniff("backup.log", b"\x7fELF\x02\x01\x01")
                .unwrap_err()
                .contains("Linux program")
        );
        assert!(
            sniff("notes.txt", b"#!/bin/sh\nrm -rf /\n")
                .unwrap_err()
                .contains("script")
        );
        assert!(
            sniff("x", &[0xca, 0xfe, 0xba, 0xbe, 0, 0])
                .unwrap_err()
                .contains("program")
        );
    }

    #[test]
    fn names_must_agree_with_content() {
        assert_eq!(
            sniff("photo.png", &[0xff, 0xd8, 0xff, 0xe0]).unwrap_err(),
            "The file is named .png but its content is a JPEG image."
        );
        assert!(
            sniff("report.pdf", b"just text")
                .unwrap_err()
                .contains("named .pdf")
        );
        assert!(
            sniff("sheet.xlsx", &zip("word/document.xml"))
                .unwrap_err()
                .contains("Word document")
        );
    }

    #[test]
    fn empty_binary_and_markup_files_are_refused() {
        assert_eq!(sniff("a.pdf", b"").unwrap_err(), "The file is empty.");
        assert_eq!(
            sniff("blob.bin", &[0x00, 0x9f, 0x13, 0x88]).unwrap_err(),
            ACCEPTED
        );
        assert_eq!(
            sniff("page.txt", b"<!DOCTYPE html><script>x</script>").unwrap_err(),
            ACCEPTED
        );
        assert_eq!(
            sniff("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err(),
            ACCEPTED
        );
        assert_eq!(
            sniff("archive.zip", &zip("secret/file.bin")).unwrap_err(),
            ACCEPTED
        );
    }

    #[test]
    fn a_character_cut_at_the_sniffing_window_is_still_text() {
        let mut bytes = vec![b'a'; 64 * 1024 - 1];
        bytes.extend_from_slice("é and more".as_bytes());
        assert_eq!(sniff("big.log", &bytes), Ok(Kind::Log));
        let mut broken = b"text ".to_vec();
        broken.push(0xff);
        assert!(sniff("x.txt", &broken).is_err());
    }
}
