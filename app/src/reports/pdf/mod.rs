//! PDF output over printpdf: the layout is ours (wrapping, tables that break
//! across pages with repeated headers, contents with page numbers), printpdf
//! writes the file and embeds the font subset.

mod fonts;
mod layout;

use crate::reports::doc::Doc;
use layout::{Colour, Mark};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};

pub use layout::trim_number;

/// A rendered document.
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Lays out and writes `doc`. CPU-bound: call it off the async threads.
pub fn render(doc: &Doc) -> Rendered {
    let fonts = fonts::fonts();
    let laid = layout::layout(doc, fonts);
    let mut pdf = PdfDocument::new(&doc.meta.title);
    let info = &mut pdf.metadata.info;
    info.author = doc.meta.generated_by.clone();
    info.creator = "Seawall".into();
    info.producer = "Seawall".into();
    info.subject = format!("{} for {}", doc.meta.title, doc.meta.org);
    if let Ok(at) = printpdf::OffsetDateTime::from_unix_timestamp(doc.meta.generated_at.timestamp())
    {
        info.creation_date = at;
        info.modification_date = at;
        info.metadata_date = at;
    }
    let regular = pdf.add_font(&fonts.regular.parsed);
    let bold = pdf.add_font(&fonts.bold.parsed);
    let pages = laid.pages.len();
    let pdf_pages = laid
        .pages
        .into_iter()
        .map(|page| {
            let ops = page
                .marks
                .into_iter()
                .flat_map(|mark| ops(mark, &regular, &bold))
                .collect();
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    pdf.with_pages(pdf_pages);
    for (title, page) in &laid.sections {
        pdf.add_bookmark(title, *page);
    }
    let bytes = pdf.save(&PdfSaveOptions::default(), &mut Vec::new());
    Rendered { bytes, pages }
}

fn colour(c: Colour) -> Color {
    Color::Rgb(Rgb::new(c.0, c.1, c.2, None))
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn ops(mark: Mark, regular: &FontId, bold: &FontId) -> Vec<Op> {
    match mark {
        Mark::Text {
            x,
            y,
            size,
            bold: is_bold,
            colour: c,
            text,
        } => {
            let font = if is_bold { bold } else { regular };
            vec![
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font.clone()),
                    size: Pt(size),
                },
                Op::SetFillColor { col: colour(c) },
                Op::SetTextCursor {
                    pos: Point { x: Pt(x), y: Pt(y) },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text)],
                },
                Op::EndTextSection,
            ]
        }
        Mark::Rect {
            x,
            y,
            w,
            h,
            colour: c,
        } => vec![
            Op::SetFillColor { col: colour(c) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x),
                    y: Pt(y),
                    width: Pt(w),
                    height: Pt(h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            },
        ],
        Mark::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            colour: c,
        } => vec![
            Op::SetOutlineColor { col: colour(c) },
            Op::SetOutlineThickness { pt: Pt(width) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(x1, y1), point(x2, y2)],
                    is_closed: false,
                },
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::doc::{Block, Cell, Meta, Section, Table};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn doc(rows: usize) -> Doc {
        let mut table = Table::new(&[("Ref", 1.0), ("Title", 3.0), ("SHA-256", 3.0)]);
        for i in 0..rows {
            table.row(vec![
                Cell::new(format!("R-{i}")),
                Cell::new(format!("Control number {i} with a title long enough to wrap onto a second line of its cell")),
                Cell::code("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            ]);
        }
        let mut first = Section::new("Summary", true);
        first.para("A short paragraph.");
        let mut second = Section::new("Index", true);
        second.push(Block::Table(table));
        Doc {
            meta: Meta {
                org: "Harbourside".into(),
                title: "Evidence pack".into(),
                subtitle: "SOC 2".into(),
                version: 3,
                as_of: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                generated_at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
                generated_by: "Olivia".into(),
            },
            body: vec![first, second],
        }
    }

    #[test]
    fn a_long_table_breaks_across_pages_and_every_page_is_numbered() {
        let fonts = fonts::fonts();
        let laid = layout::layout(&doc(120), fonts);
        let total = laid.pages.len();
        assert!(total > 5, "{total} pages");
        assert_eq!(
            laid.sections,
            vec![("Summary".to_string(), 3), ("Index".to_string(), 4)]
        );
        for (i, page) in laid.pages.iter().enumerate() {
            let texts: Vec<&str> = page
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Text { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let label = format!("Page {} of {total}", i + 1);
            assert!(
                texts.contains(&label.as_str()),
                "page {} lacks {label}",
                i + 1
            );
            // Table pages repeat the header row.
            if i >= 3 {
                assert!(
                    texts.contains(&"SHA-256"),
                    "page {} has no header row",
                    i + 1
                );
            }
            // Nothing is drawn below the footer rule or off the page.
            for mark in &page.marks {
                if let Mark::Text { x, y, .. } = mark {
                    assert!(*y >= 30.0 && *y <= layout::PAGE_H && *x >= 0.0);
                }
            }
        }
    }

    #[test]
    fn rendering_writes_a_pdf_with_the_page_count() {
        let rendered = render(&doc(10));
        assert!(rendered.bytes.starts_with(b"%PDF-"));
        assert_eq!(rendered.pages, 4);
    }

    #[test]
    fn the_fingerprint_ignores_when_and_by_whom() {
        let a = doc(3);
        let mut b = a.clone();
        b.meta.generated_by = "Someone else".into();
        b.meta.version = 9;
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.body[0].para("Changed.");
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
