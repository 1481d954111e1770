//! Decides what an uploaded evidence file is from its bytes. The browser's
//! content type is never trusted, and only an allow-list of document,
//! image and text formats is accepted: evidence is opened later by
//! auditors and colleagues, so nothing that can run code when opened may
//! get in, whatever it is called.
//!
//! Programs and scripts are refused by content and by name. HTML, SVG and
//! XML are refused because a browser can run script inside them. The file
//! name's extension must agree with the content; among text formats it
//! decides which one (CSV, JSON, Markdown, log or plain text).
//!
//! Stored evidence should still be served with the [`Kind::mime`] decided
//! here and `X-Content-Type-Options: nosniff`, so browsers do not second-guess
//! it.

/// Text detection looks at no more than this much of the file.
const TEXT_WINDOW: usize = 64 * 1024;
/// Entries read from a ZIP directory; office documents need far fewer, and
/// the bound keeps a crafted archive from costing time.
const MAX_ZIP_ENTRIES: usize = 4096;

const ALLOW_LIST: &str = "Seawall accepts PDF, images (PNG, JPEG, GIF, WebP), office documents, CSV, text and log files; this file is none of these.";
const PROGRAMS_REFUSED: &str = "programs and scripts cannot be uploaded as evidence.";
const PROGRAM_RISK: &str = "programs and scripts could run on the computer of whoever opens them.";
const MARKUP_RISK: &str =
    "web pages, SVG images and XML files can run script when opened in a browser.";
const MARKUP_REFUSED: &str = "web pages, SVG images and XML files can run script when opened in a browser, so they cannot be uploaded as evidence.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    /// Word document (Office Open XML).
    Docx,
    /// Excel workbook (Office Open XML).
    Xlsx,
    /// PowerPoint presentation (Office Open XML).
    Pptx,
    /// OpenDocument text.
    Odt,
    /// OpenDocument spreadsheet.
    Ods,
    /// OpenDocument presentation.
    Odp,
    /// Word, Excel, PowerPoint or Outlook file in the 97-2003 (OLE2) format.
    LegacyOffice,
    Text,
    Csv,
    Json,
    Markdown,
    Log,
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
            Kind::Odt => "application/vnd.oasis.opendocument.text",
            Kind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Kind::Odp => "application/vnd.oasis.opendocument.presentation",
            Kind::LegacyOffice => "application/vnd.ms-office",
            Kind::Text | Kind::Log => "text/plain; charset=utf-8",
            Kind::Csv => "text/csv; charset=utf-8",
            Kind::Json => "application/json",
            Kind::Markdown => "text/markdown; charset=utf-8",
        }
    }

    /// What the file is, in words for the person uploading.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF document",
            Kind::Png => "PNG image",
            Kind::Jpeg => "JPEG image",
            Kind::Gif => "GIF image",
            Kind::Webp => "WebP image",
            Kind::Docx => "Word document",
            Kind::Xlsx => "Excel workbook",
            Kind::Pptx => "PowerPoint presentation",
            Kind::Odt => "OpenDocument text",
            Kind::Ods => "OpenDocument spreadsheet",
            Kind::Odp => "OpenDocument presentation",
            Kind::LegacyOffice => "Office 97-2003 document",
            Kind::Text => "text file",
            Kind::Csv => "CSV file",
            Kind::Json => "JSON file",
            Kind::Markdown => "Markdown file",
            Kind::Log => "log file",
        }
    }

    /// The usual file extension, for naming a stored copy.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Docx => "docx",
            Kind::Xlsx => "xlsx",
            Kind::Pptx => "pptx",
            Kind::Odt => "odt",
            Kind::Ods => "ods",
            Kind::Odp => "odp",
            Kind::LegacyOffice => "doc",
            Kind::Text => "txt",
            Kind::Csv => "csv",
            Kind::Json => "json",
            Kind::Markdown => "md",
            Kind::Log => "log",
        }
    }

    pub fn is_text(self) -> bool {
        matches!(
            self,
            Kind::Text | Kind::Csv | Kind::Json | Kind::Markdown | Kind::Log
        )
    }
}

/// Decides what `bytes` are, given the uploaded file's `name`. The error is
/// a sentence for the person uploading.
pub fn sniff(name: &str, bytes: &[u8]) -> Result<Kind, String> {
    if bytes.is_empty() {
        return Err("The file is empty.".into());
    }
    let extension = extension(name);
    let claimed = extension.as_deref().and_then(claimed_kind);
    let content = detect(bytes);
    if let Content::Program(what) = content {
        return Err(format!(
            "This file is {what}{}; {PROGRAMS_REFUSED}",
            not_a(claimed)
        ));
    }
    if let Content::Markup(what) = content {
        return Err(format!(
            "This file is {what}{}; {MARKUP_REFUSED}",
            not_a(claimed)
        ));
    }
    if let Some(extension) = extension.as_deref() {
        refuse_by_name(extension)?;
    }
    match (content, claimed) {
        (Content::Allowed(found), Some(named)) if found == named => Ok(found),
        (Content::Allowed(Kind::Text), Some(named)) if named.is_text() => Ok(named),
        (Content::Allowed(found), None) => Ok(found),
        (Content::Macros(kind), _) => Err(format!(
            "This {} contains macros, which can run code when it is opened; save it without macros (as .{}) and upload it again.",
            kind.label(),
            kind.extension()
        )),
        (Content::Utf16, named) if named.is_none_or(Kind::is_text) => {
            Err("This text file is saved as UTF-16; save it as UTF-8 and upload it again.".into())
        }
        (found, Some(named)) => Err(mismatch(extension.as_deref().unwrap_or(""), named, found)),
        (_, None) => Err(ALLOW_LIST.into()),
    }
}

/// What the bytes turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Allowed(Kind),
    /// A program or script, described with its article ("a Windows program").
    Program(&'static str),
    /// HTML, SVG or XML, described with its article.
    Markup(&'static str),
    /// An office document that carries macros.
    Macros(Kind),
    Utf16,
    Unknown,
}

impl Content {
    fn described(self) -> String {
        match self {
            Content::Allowed(kind) | Content::Macros(kind) => with_article(kind.label()),
            Content::Program(what) | Content::Markup(what) => what.to_string(),
            Content::Utf16 => "UTF-16 text".into(),
            Content::Unknown => "unknown".into(),
        }
    }
}

fn not_a(claimed: Option<Kind>) -> String {
    claimed.map_or(String::new(), |kind| {
        format!(", not {}", with_article(kind.label()))
    })
}

fn mismatch(extension: &str, named: Kind, found: Content) -> String {
    match found {
        Content::Unknown => format!(
            "The file is named .{extension} but its content is not {}.",
            with_article(named.label())
        ),
        found => format!(
            "The file is named .{extension} but its content is {}.",
            found.described()
        ),
    }
}

fn with_article(label: &str) -> String {
    let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {label}")
}

// --- Names -------------------------------------------------------------------

/// The lower-cased extension of the file's base name; browsers on some
/// systems send a full path, and a leading dot (".profile") is not one.
fn extension(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    let (stem, extension) = base.rsplit_once('.')?;
    if stem.is_empty() || extension.is_empty() {
        return None;
    }
    Some(extension.to_lowercase())
}

/// The kind a file's extension promises, for the extensions Seawall accepts.
fn claimed_kind(extension: &str) -> Option<Kind> {
    let kind = match extension {
        "pdf" => Kind::Pdf,
        "png" => Kind::Png,
        "jpg" | "jpeg" | "jpe" | "jfif" => Kind::Jpeg,
        "gif" => Kind::Gif,
        "webp" => Kind::Webp,
        "docx" => Kind::Docx,
        "xlsx" => Kind::Xlsx,
        "pptx" => Kind::Pptx,
        "odt" => Kind::Odt,
        "ods" => Kind::Ods,
        "odp" => Kind::Odp,
        "doc" | "xls" | "ppt" | "msg" => Kind::LegacyOffice,
        "txt" | "text" => Kind::Text,
        "csv" => Kind::Csv,
        "json" => Kind::Json,
        "md" | "markdown" => Kind::Markdown,
        "log" => Kind::Log,
        _ => return None,
    };
    Some(kind)
}

/// Extensions that make a system run or render the file whatever it holds:
/// a harmless-looking text file called `fix.ps1` still runs when
/// double-clicked after download.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "exe", "dll", "com", "scr", "pif", "cpl", "sys", "drv", "ocx", "msi", "msp", "mst", "bat",
    "cmd", "ps1", "psm1", "psd1", "vbs", "vbe", "js", "jse", "mjs", "cjs", "wsf", "wsh", "hta",
    "jar", "class", "sh", "bash", "zsh", "csh", "ksh", "command", "py", "pyw", "pl", "rb", "php",
    "lnk", "url", "reg", "inf", "app", "dmg", "pkg", "deb", "rpm", "apk", "appimage", "run", "so",
    "dylib", "wasm",
];
const MARKUP_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt",
];

fn refuse_by_name(extension: &str) -> Result<(), String> {
    let risk = if PROGRAM_EXTENSIONS.contains(&extension) {
        PROGRAM_RISK
    } else if MARKUP_EXTENSIONS.contains(&extension) {
        MARKUP_RISK
    } else {
        return Ok(());
    };
    Err(format!(
        "Files ending .{extension} cannot be uploaded as evidence: {risk}"
    ))
}

// --- Content -------------------------------------------------------------------

fn detect(bytes: &[u8]) -> Content {
    if let Some(what) = program(bytes) {
        return Content::Program(what);
    }
    if let Some(kind) = image_or_pdf(bytes) {
        return Content::Allowed(kind);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return zip_content(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return ole_content(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Content::Utf16;
    }
    if is_text(bytes) {
        return markup(bytes).map_or(Content::Allowed(Kind::Text), Content::Markup);
    }
    Content::Unknown
}

/// Executable formats, recognised by their magic numbers.
fn program(bytes: &[u8]) -> Option<&'static str> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.starts_with(b"#!") {
        return Some("a script");
    }
    if bytes.starts_with(b"MZ") && (is_pe(bytes) || !is_text(bytes)) {
        return Some("a Windows program");
    }
    if bytes.starts_with(b"\x7FELF") {
        return Some("a Linux or Unix program");
    }
    if bytes.starts_with(b"\0asm") {
        return Some("a WebAssembly program");
    }
    let magic = u32_be(bytes, 0)?;
    match magic {
        0xFEED_FACE | 0xFEED_FACF | 0xCEFA_EDFE | 0xCFFA_EDFE => Some("a macOS program"),
        0xCAFE_BABF | 0xBEBA_FECA | 0xBFBA_FECA => Some("a macOS program"),
        // Universal macOS binaries and Java classes share CAFEBABE. A class
        // file's next word holds its version (45 or more); a universal
        // binary's holds its architecture count, a handful at most.
        0xCAFE_BABE => match u32_be(bytes, 4) {
            Some(count) if count < 45 => Some("a macOS program"),
            _ => Some("a Java program"),
        },
        _ => None,
    }
}

/// "MZ" alone could begin a text file; a Windows program has a "PE"
/// signature where its header's offset at 0x3C points.
fn is_pe(bytes: &[u8]) -> bool {
    u32_le(bytes, 0x3C)
        .and_then(|offset| bytes.get(usize::try_from(offset).ok()?..))
        .is_some_and(|rest| rest.starts_with(b"PE\0\0"))
}

fn image_or_pdf(bytes: &[u8]) -> Option<Kind> {
    if bytes.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1A\n") {
        Some(Kind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Kind::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Kind::Webp)
    } else {
        None
    }
}

/// Valid UTF-8 without NUL bytes in the first [`TEXT_WINDOW`] bytes. A
/// character cut in two by the window's end is fine when the file goes on.
fn is_text(bytes: &[u8]) -> bool {
    let window = &bytes[..bytes.len().min(TEXT_WINDOW)];
    if window.contains(&0) {
        return false;
    }
    match std::str::from_utf8(window) {
        Ok(_) => true,
        Err(error) => error.error_len().is_none() && window.len() < bytes.len(),
    }
}

/// Tags that make a browser treat text as a web page (the HTML patterns of
/// the WHATWG MIME sniffing standard).
const HTML_STARTS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<script",
    "<iframe",
    "<h1",
    "<div",
    "<font",
    "<table",
    "<a",
    "<style",
    "<title",
    "<b",
    "<body",
    "<br",
    "<p",
    "<!--",
];
/// Tags that can carry script anywhere in a markup document.
const ACTIVE_TAGS: &[&str] = &[
    "<script", "<iframe", "<html", "<body", "<svg", "<object", "<embed",
];

/// Whether text is HTML, SVG or XML, which a browser may render and run
/// script in.
fn markup(bytes: &[u8]) -> Option<&'static str> {
    let window = &bytes[..bytes.len().min(TEXT_WINDOW)];
    let lower = window.to_ascii_lowercase();
    let body = lower.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&lower);
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &body[start..];
    if !head.starts_with(b"<") {
        return None;
    }
    let contains = |needle: &str| head.windows(needle.len()).any(|w| w == needle.as_bytes());
    if starts_with_tag(head, "<svg") || (head.starts_with(b"<?xml") && contains("<svg")) {
        return Some("an SVG image");
    }
    if HTML_STARTS.iter().any(|tag| starts_with_tag(head, tag)) {
        return Some("a web page (HTML)");
    }
    if head.starts_with(b"<?xml") {
        return Some("an XML file");
    }
    if ACTIVE_TAGS.iter().any(|tag| contains(tag)) {
        return Some("a web page (HTML)");
    }
    None
}

/// `text` starts with `tag` followed by a space or `>`, so `<a` does not
/// match `<abc>` and a syslog line `<134>` is not a tag at all.
fn starts_with_tag(text: &[u8], tag: &str) -> bool {
    text.strip_prefix(tag.as_bytes())
        .and_then(|rest| rest.first())
        .is_some_and(|next| next.is_ascii_whitespace() || *next == b'>')
}

// --- ZIP-based office documents --------------------------------------------------

/// Office Open XML and OpenDocument files are ZIP archives, told apart by
/// what they contain. Any other archive is not accepted: it could hold
/// anything.
fn zip_content(bytes: &[u8]) -> Content {
    if let Some(kind) = opendocument(bytes) {
        let has_macros = entry_names(bytes)
            .iter()
            .any(|n| n.starts_with(b"Basic/") || n.starts_with(b"Scripts/"));
        return if has_macros {
            Content::Macros(kind)
        } else {
            Content::Allowed(kind)
        };
    }
    let names = entry_names(bytes);
    let Some(kind) = office_open_xml(&names) else {
        return Content::Unknown;
    };
    if names.iter().any(|n| n.ends_with(b"vbaProject.bin")) {
        Content::Macros(kind)
    } else {
        Content::Allowed(kind)
    }
}

/// The main part decides; failing that, the first entry in one of the
/// application folders.
fn office_open_xml(names: &[&[u8]]) -> Option<Kind> {
    const MAIN_PARTS: [(&[u8], Kind); 3] = [
        (b"word/document.xml", Kind::Docx),
        (b"xl/workbook.xml", Kind::Xlsx),
        (b"ppt/presentation.xml", Kind::Pptx),
    ];
    const FOLDERS: [(&[u8], Kind); 3] = [
        (b"word/", Kind::Docx),
        (b"xl/", Kind::Xlsx),
        (b"ppt/", Kind::Pptx),
    ];
    let main = MAIN_PARTS
        .iter()
        .find(|(part, _)| names.contains(part))
        .map(|(_, kind)| *kind);
    main.or_else(|| {
        names.iter().find_map(|name| {
            FOLDERS
                .iter()
                .find(|(folder, _)| name.starts_with(folder))
                .map(|(_, kind)| *kind)
        })
    })
}

/// OpenDocument files start with an uncompressed entry named `mimetype`
/// that holds the document's media type.
fn opendocument(bytes: &[u8]) -> Option<Kind> {
    let header = LocalHeader::at(bytes, 0)?;
    if header.name != b"mimetype" || header.method != 0 {
        return None;
    }
    let mime = bytes.get(header.data_start..header.data_start.checked_add(header.size)?)?;
    match mime {
        b"application/vnd.oasis.opendocument.text" => Some(Kind::Odt),
        b"application/vnd.oasis.opendocument.spreadsheet" => Some(Kind::Ods),
        b"application/vnd.oasis.opendocument.presentation" => Some(Kind::Odp),
        _ => None,
    }
}

/// Entry names from the central directory, which lists every entry; when
/// it cannot be read (a ZIP64 or damaged archive) the local headers are
/// walked from the start instead.
fn entry_names(bytes: &[u8]) -> Vec<&[u8]> {
    match central_directory(bytes) {
        Some(names) if !names.is_empty() => names,
        _ => local_names(bytes),
    }
}

fn central_directory(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    // The end record is 22 bytes plus a comment of up to 65535 bytes.
    let last = bytes.len().checked_sub(22)?;
    let first = last.saturating_sub(65_535);
    let end = (first..=last)
        .rev()
        .find(|&at| bytes[at..].starts_with(b"PK\x05\x06"))?;
    let count = usize::from(u16_le(bytes, end + 10)?);
    let mut at = usize::try_from(u32_le(bytes, end + 16)?).ok()?;
    let mut names = Vec::new();
    for _ in 0..count.min(MAX_ZIP_ENTRIES) {
        if !bytes.get(at..)?.starts_with(b"PK\x01\x02") {
            break;
        }
        let name_len = usize::from(u16_le(bytes, at + 28)?);
        let extra_len = usize::from(u16_le(bytes, at + 30)?);
        let comment_len = usize::from(u16_le(bytes, at + 32)?);
        names.push(bytes.get(at + 46..at + 46 + name_len)?);
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

fn local_names(bytes: &[u8]) -> Vec<&[u8]> {
    let mut names = Vec::new();
    let mut at = 0;
    while names.len() < MAX_ZIP_ENTRIES {
        let Some(header) = LocalHeader::at(bytes, at) else {
            break;
        };
        names.push(header.name);
        // With a data descriptor the size comes after the data, so the next
        // header cannot be found without decompressing.
        let Some(next) = header.data_start.checked_add(header.size) else {
            break;
        };
        if header.has_descriptor || next <= at {
            break;
        }
        at = next;
    }
    names
}

struct LocalHeader<'a> {
    name: &'a [u8],
    method: u16,
    has_descriptor: bool,
    size: usize,
    data_start: usize,
}

impl<'a> LocalHeader<'a> {
    fn at(bytes: &'a [u8], at: usize) -> Option<Self> {
        if !bytes.get(at..)?.starts_with(b"PK\x03\x04") {
            return None;
        }
        let flags = u16_le(bytes, at + 6)?;
        let method = u16_le(bytes, at + 8)?;
        let size = usize::try_from(u32_le(bytes, at + 18)?).ok()?;
        let name_len = usize::from(u16_le(bytes, at + 26)?);
        let extra_len = usize::from(u16_le(bytes, at + 28)?);
        let name = bytes.get(at + 30..at + 30 + name_len)?;
        Some(LocalHeader {
            name,
            method,
            has_descriptor: flags & 0x08 != 0,
            size,
            data_start: at + 30 + name_len + extra_len,
        })
    }
}

// --- OLE2 (Office 97-2003) ----------------------------------------------------------

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Word, Excel and PowerPoint 97-2003 files are OLE2 compound files, but so
/// are Windows Installer packages, which are told apart by the class id of
/// the root directory entry.
fn ole_content(bytes: &[u8]) -> Content {
    if ole_root_class(bytes).is_some_and(is_installer_class) {
        Content::Program("a Windows installer")
    } else {
        Content::Allowed(Kind::LegacyOffice)
    }
}

/// The root entry's class id: the first entry of the first directory
/// sector. `None` when the file is too short to have one; an installer
/// without its directory cannot be installed either.
fn ole_root_class(bytes: &[u8]) -> Option<&[u8]> {
    let shift = u32::from(u16_le(bytes, 30)?);
    if !(7..=16).contains(&shift) {
        return None;
    }
    let sector = usize::try_from(u32_le(bytes, 48)?).ok()?;
    let offset = sector.checked_add(1)?.checked_mul(1usize << shift)?;
    bytes.get(offset.checked_add(80)?..offset.checked_add(96)?)
}

/// {000C1084-...-000000000046} (.msi) and its patch (1086) and transform
/// (1082) siblings, as stored: the first three fields little-endian.
fn is_installer_class(class: &[u8]) -> bool {
    const TAIL: [u8; 12] = [0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46];
    let head_matches = matches!(class.get(..4), Some([0x82 | 0x84 | 0x86, 0x10, 0x0C, 0x00]));
    head_matches && class.get(4..) == Some(&TAIL[..])
}

// --- Little- and big-endian integers ---------------------------------------------

fn u16_le(bytes: &[u8], at: usize) -> Option<u16> {
    let raw = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes(raw.try_into().ok()?))
}

fn u32_le(bytes: &[u8], at: usize) -> Option<u32> {
    let raw = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(raw.try_into().ok()?))
}

fn u32_be(bytes: &[u8], at: usize) -> Option<u32> {
    let raw = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(raw.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Kind; 17] = [
        Kind::Pdf,
        Kind::Png,
        Kind::Jpeg,
        Kind::Gif,
        Kind::Webp,
        Kind::Docx,
        Kind::Xlsx,
        Kind::Pptx,
        Kind::Odt,
        Kind::Ods,
        Kind::Odp,
        Kind::LegacyOffice,
        Kind::Text,
        Kind::Csv,
        Kind::Json,
        Kind::Markdown,
        Kind::Log,
    ];

    fn push_u16(out: &mut Vec<u8>, value: u16) {
        out.extend_from_slice(&value.to_le_bytes());
    }

    fn push_u32(out: &mut Vec<u8>, value: usize) {
        let value = u32::try_from(value).expect("fixture fits in 32 bits");
        out.extend_from_slice(&value.to_le_bytes());
    }

    /// A ZIP archive of uncompressed entries with its central directory
    /// (the CRCs are left zero; nothing here checks them).
    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in entries {
            let offset = out.len();
            out.extend_from_slice(b"PK\x03\x04");
            for value in [20, 0, 0, 0, 0] {
                push_u16(&mut out, value); // version, flags, method, time, date
            }
            push_u32(&mut out, 0); // crc
            push_u32(&mut out, data.len());
            push_u32(&mut out, data.len());
            push_u16(&mut out, u16::try_from(name.len()).expect("short name"));
            push_u16(&mut out, 0);
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);

            central.extend_from_slice(b"PK\x01\x02");
            for value in [20, 20, 0, 0, 0, 0] {
                push_u16(&mut central, value); // made by, needed, flags, method, time, date
            }
            push_u32(&mut central, 0);
            push_u32(&mut central, data.len());
            push_u32(&mut central, data.len());
            push_u16(&mut central, u16::try_from(name.len()).expect("short name"));
            for value in [0, 0, 0, 0] {
                push_u16(&mut central, value); // extra, comment, disk, internal
            }
            push_u32(&mut central, 0); // external attributes
            push_u32(&mut central, offset);
            central.extend_from_slice(name.as_bytes());
        }
        let central_at = out.len();
        let count = u16::try_from(entries.len()).expect("few entries");
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06");
        for value in [0, 0, count, count] {
            push_u16(&mut out, value);
        }
        push_u32(&mut out, central.len());
        push_u32(&mut out, central_at);
        push_u16(&mut out, 0);
        out
    }

    fn office(main_part: &str) -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            (main_part, b"<document/>"),
        ])
    }

    fn opendocument(mime: &str) -> Vec<u8> {
        zip(&[
            ("mimetype", mime.as_bytes()),
            ("content.xml", b"<office:document-content/>"),
        ])
    }

    /// An OLE2 compound file whose root directory entry has `class`.
    fn ole(class: [u8; 16]) -> Vec<u8> {
        let mut out = vec![0u8; 1024];
        out[..8].copy_from_slice(&OLE_MAGIC);
        out[30..32].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
        out[48..52].copy_from_slice(&0u32.to_le_bytes()); // directory in sector 0
        out[512..512 + 10].copy_from_slice(b"R\0o\0o\0t\0 \0");
        out[512 + 80..512 + 96].copy_from_slice(&class);
        out
    }

    const WORD_CLASS: [u8; 16] = [
        0x06, 0x09, 0x02, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46,
    ];
    const MSI_CLASS: [u8; 16] = [
        0x84, 0x10, 0x0C, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46,
    ];

    fn windows_program() -> Vec<u8> {
        let mut out = vec![0u8; 0x80];
        out[..2].copy_from_slice(b"MZ");
        out[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
        out[0x40..0x44].copy_from_slice(b"PE\0\0");
        out
    }

    #[test]
    fn accepts_pdf_and_images() {
        let cases: [(&str, &[u8], Kind); 6] = [
            (
                "policy.pdf",
                b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
                Kind::Pdf,
            ),
            ("screen.png", b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", Kind::Png),
            ("photo.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", Kind::Jpeg),
            ("photo.JPEG", b"\xFF\xD8\xFF\xE1\0\x10Exif\0", Kind::Jpeg),
            ("chart.gif", b"GIF89a\x01\0\x01\0\0\0\0", Kind::Gif),
            ("shot.webp", b"RIFF\x24\0\0\0WEBPVP8 ", Kind::Webp),
        ];
        for (name, bytes, kind) in cases {
            assert_eq!(sniff(name, bytes), Ok(kind), "{name}");
        }
    }

    #[test]
    fn accepts_office_open_xml_by_its_parts() {
        assert_eq!(
            sniff("plan.docx", &office("word/document.xml")),
            Ok(Kind::Docx)
        );
        assert_eq!(
            sniff("rto.xlsx", &office("xl/workbook.xml")),
            Ok(Kind::Xlsx)
        );
        assert_eq!(
            sniff("deck.pptx", &office("ppt/presentation.xml")),
            Ok(Kind::Pptx)
        );
        // A name that says nothing still works: the content decides.
        assert_eq!(
            sniff("download", &office("xl/workbook.xml")),
            Ok(Kind::Xlsx)
        );
    }

    #[test]
    fn reads_local_headers_when_the_directory_is_missing() {
        let full = zip(&[("word/document.xml", b"<w:document/>")]);
        let central_at = full
            .windows(4)
            .position(|w| w == b"PK\x01\x02")
            .expect("central directory");
        assert_eq!(sniff("plan.docx", &full[..central_at]), Ok(Kind::Docx));
    }

    #[test]
    fn accepts_opendocument_by_its_mimetype_entry() {
        let cases = [
            (
                "application/vnd.oasis.opendocument.text",
                "notes.odt",
                Kind::Odt,
            ),
            (
                "application/vnd.oasis.opendocument.spreadsheet",
                "bia.ods",
                Kind::Ods,
            ),
            (
                "application/vnd.oasis.opendocument.presentation",
                "brief.odp",
                Kind::Odp,
            ),
        ];
        for (mime, name, kind) in cases {
            assert_eq!(sniff(name, &opendocument(mime)), Ok(kind), "{name}");
        }
    }

    #[test]
    fn accepts_legacy_office_but_not_installers() {
        assert_eq!(sniff("old.doc", &ole(WORD_CLASS)), Ok(Kind::LegacyOffice));
        assert_eq!(sniff("old.xls", &OLE_MAGIC), Ok(Kind::LegacyOffice));
        assert_eq!(
            sniff("setup.doc", &ole(MSI_CLASS)),
            Err("This file is a Windows installer, not an Office 97-2003 document; programs and scripts cannot be uploaded as evidence.".into())
        );
    }

    #[test]
    fn text_kind_follows_the_extension() {
        let cases = [
            ("notes.txt", Kind::Text),
            ("restore.log", Kind::Log),
            ("export.json", Kind::Json),
            ("runbook.md", Kind::Markdown),
            ("settings.yaml", Kind::Text),
            ("README", Kind::Text),
        ];
        for (name, kind) in cases {
            assert_eq!(sniff(name, b"{\"ok\": true}\n"), Ok(kind), "{name}");
        }
    }

    #[test]
    fn accepts_a_utf8_csv() {
        let csv = "system,restored_at,minutes\nZahlungsverkehr,2025-03-01 04:10,42\nCafé POS,2025-03-01 05:00,\"1,5\"\n";
        assert_eq!(sniff("restore.csv", csv.as_bytes()), Ok(Kind::Csv));
        assert_eq!(
            sniff("C:\\fakepath\\Restore.CSV", csv.as_bytes()),
            Ok(Kind::Csv)
        );
    }

    #[test]
    fn text_that_starts_with_mz_is_still_text() {
        assert_eq!(sniff("models.csv", b"MZ-1000,scanner\n"), Ok(Kind::Csv));
    }

    #[test]
    fn refuses_a_renamed_windows_program() {
        assert_eq!(
            sniff("report.pdf", &windows_program()),
            Err("This file is a Windows program, not a PDF document; programs and scripts cannot be uploaded as evidence.".into())
        );
        assert_eq!(
            sniff("tool", &windows_program()),
            Err("This file is a Windows program; programs and scripts cannot be uploaded as evidence.".into())
        );
    }

    #[test]
    fn refuses_an_elf_program_named_as_a_log() {
        let elf = b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3E\0";
        assert_eq!(
            sniff("backup.log", elf),
            Err("This file is a Linux or Unix program, not a log file; programs and scripts cannot be uploaded as evidence.".into())
        );
    }

    #[test]
    fn refuses_every_mach_o_and_java_magic() {
        let macos: [&[u8]; 7] = [
            b"\xFE\xED\xFA\xCE\0\0\0\x07",
            b"\xFE\xED\xFA\xCF\0\0\0\x07",
            b"\xCE\xFA\xED\xFE\x07\0\0\0",
            b"\xCF\xFA\xED\xFE\x07\0\0\x01",
            b"\xCA\xFE\xBA\xBE\0\0\0\x02",
            b"\xCA\xFE\xBA\xBF\0\0\0\x02",
            b"\xBE\xBA\xFE\xCA\x02\0\0\0",
        ];
        for bytes in macos {
            let refused = sniff("x.png", bytes).expect_err("a program");
            assert!(
                refused.starts_with("This file is a macOS program, not a PNG image"),
                "{refused}"
            );
        }
        let class = b"\xCA\xFE\xBA\xBE\0\0\0\x34\0\x1D";
        let refused = sniff("Main.txt", class).expect_err("a program");
        assert!(
            refused.starts_with("This file is a Java program, not a text file"),
            "{refused}"
        );
        let wasm = sniff("module.bin", b"\0asm\x01\0\0\0").expect_err("a program");
        assert!(
            wasm.starts_with("This file is a WebAssembly program;"),
            "{wasm}"
        );
    }

    #[test]
    fn refuses_a_script_named_as_notes() {
        assert_eq!(
            sniff("notes.txt", b"#!/bin/sh\nrm -rf /srv/backups\n"),
            Err("This file is a script, not a text file; programs and scripts cannot be uploaded as evidence.".into())
        );
        let with_bom = sniff("notes.txt", b"\xEF\xBB\xBF#!/usr/bin/env python3\n");
        assert!(with_bom.is_err());
    }

    #[test]
    fn refuses_programs_and_web_pages_by_name() {
        assert_eq!(
            sniff("fix.ps1", b"Get-ChildItem\n"),
            Err("Files ending .ps1 cannot be uploaded as evidence: programs and scripts could run on the computer of whoever opens them.".into())
        );
        assert!(sniff("invoice.pdf.exe", b"plain words").is_err());
        let page = sniff("report.html", b"Quarterly report").expect_err("refused");
        assert!(
            page.contains("can run script when opened in a browser"),
            "{page}"
        );
    }

    #[test]
    fn refuses_html_named_as_text() {
        let html = b"\n  <!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>";
        assert_eq!(
            sniff("page.txt", html),
            Err("This file is a web page (HTML), not a text file; web pages, SVG images and XML files can run script when opened in a browser, so they cannot be uploaded as evidence.".into())
        );
        let fragment = sniff("page", b"<p>Hello</p>").expect_err("refused");
        assert!(
            fragment.starts_with("This file is a web page (HTML);"),
            "{fragment}"
        );
        let late_script = sniff("page.txt", b"<meta charset=utf-8><script>x()</script>");
        assert!(late_script.is_err());
    }

    #[test]
    fn refuses_svg_and_xml() {
        let svg =
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>";
        let refused = sniff("diagram.png", svg).expect_err("refused");
        assert!(
            refused.starts_with("This file is an SVG image, not a PNG image;"),
            "{refused}"
        );
        let xml = sniff("export.txt", b"<?xml version=\"1.0\"?><jobs/>").expect_err("refused");
        assert!(
            xml.starts_with("This file is an XML file, not a text file;"),
            "{xml}"
        );
    }

    #[test]
    fn angle_brackets_in_logs_are_not_markup() {
        let syslog = b"<134>Mar  1 04:10:00 backup01 restic: snapshot 1a2b saved\n";
        assert_eq!(sniff("syslog.log", syslog), Ok(Kind::Log));
        assert_eq!(
            sniff("notes.txt", b"<abc> is a placeholder\n"),
            Ok(Kind::Text)
        );
    }

    #[test]
    fn refuses_content_that_disagrees_with_the_extension() {
        let jpeg = b"\xFF\xD8\xFF\xDB\0\x43\0";
        assert_eq!(
            sniff("photo.png", jpeg),
            Err("The file is named .png but its content is a JPEG image.".into())
        );
        assert_eq!(
            sniff("report.pdf", b"Just some words.\n"),
            Err("The file is named .pdf but its content is a text file.".into())
        );
        assert_eq!(
            sniff("report.pdf", &[0x13, 0x37, 0x00, 0xFF, 0x80]),
            Err("The file is named .pdf but its content is not a PDF document.".into())
        );
        assert_eq!(
            sniff("budget.docx", &office("xl/workbook.xml")),
            Err("The file is named .docx but its content is an Excel workbook.".into())
        );
        assert_eq!(
            sniff("scan.csv", b"%PDF-1.4"),
            Err("The file is named .csv but its content is a PDF document.".into())
        );
    }

    #[test]
    fn refuses_an_empty_file() {
        assert_eq!(sniff("empty.pdf", b""), Err("The file is empty.".into()));
    }

    #[test]
    fn refuses_random_binary() {
        // A fixed pseudo-random sequence, so the test is repeatable.
        let mut state: u32 = 0x9E37_79B9;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state.to_le_bytes()[0]
            })
            .collect();
        assert_eq!(sniff("data.bin", &bytes), Err(ALLOW_LIST.into()));
        assert_eq!(sniff("data", &bytes), Err(ALLOW_LIST.into()));
    }

    #[test]
    fn refuses_archives_that_are_not_documents() {
        let archive = zip(&[("backup/db.sql", b"select 1;")]);
        assert_eq!(sniff("backup.zip", &archive), Err(ALLOW_LIST.into()));
    }

    #[test]
    fn refuses_documents_with_macros() {
        let docm = zip(&[
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\xD0\xCF"),
        ]);
        assert_eq!(
            sniff("plan.docx", &docm),
            Err("This Word document contains macros, which can run code when it is opened; save it without macros (as .docx) and upload it again.".into())
        );
        let ods = zip(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("Basic/Standard/Module1.xml", b"<script:module/>"),
        ]);
        assert!(sniff("bia.ods", &ods).is_err_and(|e| e.contains("contains macros")));
    }

    #[test]
    fn text_check_tolerates_a_character_cut_at_the_window() {
        let mut text = vec![b'a'; TEXT_WINDOW - 1];
        text.extend_from_slice("é and more".as_bytes());
        assert_eq!(sniff("long.log", &text), Ok(Kind::Log));

        // Within the window, a cut character means the file is not UTF-8.
        let cut = "caf\u{e9}".as_bytes();
        assert!(sniff("short.txt", &cut[..cut.len() - 1]).is_err());

        // Bytes past the window are not examined.
        let mut late_nul = vec![b'a'; TEXT_WINDOW];
        late_nul.push(0);
        assert_eq!(sniff("late.txt", &late_nul), Ok(Kind::Text));
    }

    #[test]
    fn refuses_text_with_nul_bytes_and_utf16() {
        assert!(sniff("notes.txt", b"abc\0def").is_err());
        assert_eq!(
            sniff("event.log", b"\xFF\xFEl\0o\0g\0"),
            Err("This text file is saved as UTF-16; save it as UTF-8 and upload it again.".into())
        );
    }

    #[test]
    fn every_kind_has_a_mime_type_label_and_extension() {
        for kind in ALL {
            assert!(kind.mime().contains('/'), "{kind:?}");
            assert!(!kind.label().is_empty(), "{kind:?}");
            assert_eq!(
                claimed_kind(kind.extension()),
                Some(kind),
                "{kind:?} round-trips through its extension"
            );
            assert_eq!(
                kind.is_text(),
                kind.mime().starts_with("text/") || kind == Kind::Json
            );
        }
    }
}
