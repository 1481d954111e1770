//! Lays a [`Doc`] out on A4 pages: cover, contents with page numbers, the
//! sections, and the running header and footer ("page X of Y"). The result
//! is a list of marks per page, which `paint` turns into PDF operations.

use super::fonts::{Fonts, fit, wrap};
use crate::reports::doc::{Bars, Block, Doc, Figure, Table, Tone};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
const TOP: f32 = PAGE_H - 78.0;
const BOTTOM: f32 = 70.0;
const TOC_PER_PAGE: usize = 38;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colour(pub f32, pub f32, pub f32);

pub const INK: Colour = Colour(0.11, 0.15, 0.22);
pub const MUTED: Colour = Colour(0.38, 0.43, 0.50);
pub const RULE: Colour = Colour(0.82, 0.85, 0.89);
pub const BRAND: Colour = Colour(0.05, 0.33, 0.47);
const STRIPE: Colour = Colour(0.96, 0.97, 0.98);
const TILE: Colour = Colour(0.94, 0.96, 0.98);
const WHITE: Colour = Colour(1.0, 1.0, 1.0);

fn tone_colour(tone: Tone) -> Colour {
    match tone {
        Tone::Plain => INK,
        Tone::Good => Colour(0.08, 0.50, 0.24),
        Tone::Warn => Colour(0.66, 0.40, 0.0),
        Tone::Bad => Colour(0.72, 0.11, 0.11),
    }
}

fn bar_colour(tone: Tone) -> Colour {
    match tone {
        Tone::Plain => BRAND,
        other => tone_colour(other),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Colour,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        colour: Colour,
    },
}

#[derive(Debug, Default, Clone)]
pub struct Page {
    pub marks: Vec<Mark>,
}

/// The laid-out document: its pages, and the page (1-based) each section starts on.
pub struct Laid {
    pub pages: Vec<Page>,
    pub sections: Vec<(String, usize)>,
}

pub fn layout(doc: &Doc, fonts: &Fonts) -> Laid {
    let toc_pages = doc.body.len().div_ceil(TOC_PER_PAGE).max(1);
    let mut w = Writer {
        fonts,
        pages: Vec::new(),
        y: TOP,
    };
    for _ in 0..1 + toc_pages {
        w.pages.push(Page::default());
    }
    let mut sections = Vec::new();
    let mut first = true;
    for section in &doc.body {
        if section.new_page || first {
            w.new_page();
        } else {
            w.y -= 14.0;
            // Keep a heading with at least a few lines of what follows.
            w.ensure(90.0);
        }
        first = false;
        sections.push((section.title.clone(), w.pages.len()));
        w.text_block(&section.title, 16.0, true, BRAND, 21.0, MARGIN, CONTENT_W);
        w.rule(BRAND, 1.2);
        w.y -= 10.0;
        for block in &section.blocks {
            w.block(block);
        }
    }
    let Writer { mut pages, .. } = w;
    cover(&mut pages[0], doc, fonts);
    contents(&mut pages[1..=toc_pages], &sections, fonts);
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        frame(page, doc, fonts, i + 1, total);
    }
    Laid { pages, sections }
}

struct Writer<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    /// The top of the next thing to place on the current page.
    y: f32,
}

impl Writer<'_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page exists")
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, bold: bool, colour: Colour, text: String) {
        self.page().marks.push(Mark::Text {
            x,
            y: baseline,
            size,
            bold,
            colour,
            text,
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        self.page().marks.push(Mark::Rect { x, y, w, h, colour });
    }

    fn rule(&mut self, colour: Colour, width: f32) {
        let y = self.y;
        self.page().marks.push(Mark::Line {
            x1: MARGIN,
            y1: y,
            x2: PAGE_W - MARGIN,
            y2: y,
            width,
            colour,
        });
    }

    /// Wrapped text, breaking onto new pages between lines.
    #[allow(clippy::too_many_arguments)]
    fn text_block(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        colour: Colour,
        leading: f32,
        x: f32,
        width: f32,
    ) {
        let face = self.fonts.face(bold);
        for line in wrap(face, text, size, width) {
            self.ensure(leading);
            let baseline = self.y - size * 0.95;
            self.text(x, baseline, size, bold, colour, line);
            self.y -= leading;
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                self.y -= 6.0;
                self.ensure(60.0);
                self.text_block(text, 11.5, true, INK, 16.0, MARGIN, CONTENT_W);
                self.y -= 2.0;
            }
            Block::Para(text) => {
                self.text_block(text, 9.5, false, INK, 13.5, MARGIN, CONTENT_W);
                self.y -= 6.0;
            }
            Block::Note(text) => {
                self.text_block(text, 8.0, false, MUTED, 11.0, MARGIN, CONTENT_W);
                self.y -= 6.0;
            }
            Block::Figures(figures) => self.figures(figures),
            Block::Table(table) => self.table(table),
            Block::Bars(bars) => self.bars(bars),
        }
    }

    fn figures(&mut self, figures: &[Figure]) {
        let gap = 10.0;
        let tile_w = (CONTENT_W - 2.0 * gap) / 3.0;
        let tile_h = 62.0;
        for row in figures.chunks(3) {
            self.ensure(tile_h + gap);
            let top = self.y;
            for (i, f) in row.iter().enumerate() {
                let x = MARGIN + i as f32 * (tile_w + gap);
                self.rect(x, top - tile_h, tile_w, tile_h, TILE);
                self.rect(x, top - tile_h, 3.0, tile_h, bar_colour(f.tone));
                let value = fit(&self.fonts.bold, &f.value, 17.0, tile_w - 18.0);
                self.text(x + 10.0, top - 24.0, 17.0, true, tone_colour(f.tone), value);
                let label = fit(&self.fonts.bold, &f.label, 8.0, tile_w - 18.0);
                self.text(x + 10.0, top - 38.0, 8.0, true, INK, label);
                let detail = fit(&self.fonts.regular, &f.detail, 7.0, tile_w - 18.0);
                self.text(x + 10.0, top - 50.0, 7.0, false, MUTED, detail);
            }
            self.y = top - tile_h - gap;
        }
        self.y -= 4.0;
    }

    fn bars(&mut self, chart: &Bars) {
        let row_h = 17.0;
        let label_w = 150.0;
        let caption_w = 90.0;
        let bar_w = CONTENT_W - label_w - caption_w - 10.0;
        self.ensure(20.0 + row_h * chart.bars.len().clamp(1, 4) as f32);
        self.text_block(&chart.title, 9.5, true, INK, 14.0, MARGIN, CONTENT_W);
        if chart.bars.is_empty() {
            self.text_block(
                "Nothing to chart yet.",
                8.5,
                false,
                MUTED,
                12.0,
                MARGIN,
                CONTENT_W,
            );
            self.y -= 6.0;
            return;
        }
        let max = chart
            .bars
            .iter()
            .map(|b| b.value.max(b.target.unwrap_or(0.0)))
            .fold(0.0_f64, f64::max)
            .max(f64::EPSILON);
        for bar in &chart.bars {
            self.ensure(row_h);
            let top = self.y;
            let label = fit(&self.fonts.regular, &bar.label, 8.0, label_w - 8.0);
            self.text(MARGIN, top - 11.0, 8.0, false, INK, label);
            let x0 = MARGIN + label_w;
            self.rect(x0, top - 13.0, bar_w, 9.0, STRIPE);
            let len = (bar.value.max(0.0) / max) as f32 * bar_w;
            if len > 0.0 {
                self.rect(x0, top - 13.0, len.max(1.0), 9.0, bar_colour(bar.tone));
            }
            if let Some(target) = bar.target {
                let tx = x0 + (target.max(0.0) / max) as f32 * bar_w;
                self.page().marks.push(Mark::Line {
                    x1: tx,
                    y1: top - 15.5,
                    x2: tx,
                    y2: top - 1.5,
                    width: 1.4,
                    colour: INK,
                });
            }
            let caption = if bar.caption.is_empty() {
                format!("{} {}", trim_number(bar.value), chart.unit)
            } else {
                bar.caption.clone()
            };
            let caption = fit(&self.fonts.regular, &caption, 8.0, caption_w);
            self.text(x0 + bar_w + 10.0, top - 11.0, 8.0, false, MUTED, caption);
            self.y -= row_h;
        }
        if chart.bars.iter().any(|b| b.target.is_some()) {
            self.text_block(
                "The dark mark on each bar is its target.",
                7.0,
                false,
                MUTED,
                10.0,
                MARGIN,
                CONTENT_W,
            );
        }
        self.y -= 8.0;
    }

    fn table(&mut self, table: &Table) {
        const SIZE: f32 = 8.0;
        const LEAD: f32 = 10.5;
        const PAD: f32 = 4.0;
        if table.rows.is_empty() {
            self.text_block(&table.empty, 8.5, false, MUTED, 12.0, MARGIN, CONTENT_W);
            self.y -= 6.0;
            return;
        }
        let total: f32 = table.columns.iter().map(|(_, w)| w.max(0.01)).sum();
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|(_, w)| w.max(0.01) / total * CONTENT_W)
            .collect();
        let header: Vec<Vec<String>> = table
            .columns
            .iter()
            .zip(&widths)
            .map(|((title, _), w)| wrap(&self.fonts.bold, title, SIZE, w - 2.0 * PAD))
            .collect();
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * LEAD + 2.0 * PAD;
        // A header is never left alone at the foot of a page.
        self.ensure(header_h + LEAD + 2.0 * PAD);
        self.table_header(&header, &widths, header_h);
        for (index, row) in table.rows.iter().enumerate() {
            let cells: Vec<(Vec<String>, f32, Tone)> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let cell = row.get(i);
                    let text = cell.map(|c| c.text.as_str()).unwrap_or("");
                    let size = if cell.is_some_and(|c| c.code) {
                        6.8
                    } else {
                        SIZE
                    };
                    let lines = wrap(&self.fonts.regular, text, size, w - 2.0 * PAD);
                    (lines, size, cell.map(|c| c.tone).unwrap_or_default())
                })
                .collect();
            let line_count = cells.iter().map(|c| c.0.len()).max().unwrap_or(1);
            // Rows taller than what is left of the page continue on the
            // next one, under a repeated header.
            let mut start = 0;
            while start < line_count {
                let room = ((self.y - BOTTOM - 2.0 * PAD) / LEAD).floor().max(0.0) as usize;
                if room == 0 || (start == 0 && room < line_count && line_count <= 8) {
                    self.new_page();
                    self.table_header(&header, &widths, header_h);
                    continue;
                }
                let take = room.min(line_count - start);
                let h = take as f32 * LEAD + 2.0 * PAD;
                let top = self.y;
                if index % 2 == 1 {
                    self.rect(MARGIN, top - h, CONTENT_W, h, STRIPE);
                }
                let mut x = MARGIN;
                for ((lines, size, tone), w) in cells.iter().zip(&widths) {
                    for (n, line) in lines.iter().skip(start).take(take).enumerate() {
                        let baseline = top - PAD - n as f32 * LEAD - SIZE * 0.95;
                        self.text(
                            x + PAD,
                            baseline,
                            *size,
                            false,
                            tone_colour(*tone),
                            line.clone(),
                        );
                    }
                    x += w;
                }
                self.y -= h;
                let y = self.y;
                self.page().marks.push(Mark::Line {
                    x1: MARGIN,
                    y1: y,
                    x2: PAGE_W - MARGIN,
                    y2: y,
                    width: 0.4,
                    colour: RULE,
                });
                start += take;
                if start < line_count {
                    self.new_page();
                    self.table_header(&header, &widths, header_h);
                }
            }
        }
        self.y -= 10.0;
    }

    fn table_header(&mut self, header: &[Vec<String>], widths: &[f32], h: f32) {
        let top = self.y;
        self.rect(MARGIN, top - h, CONTENT_W, h, INK);
        let mut x = MARGIN;
        for (lines, w) in header.iter().zip(widths) {
            for (n, line) in lines.iter().enumerate() {
                let baseline = top - 4.0 - n as f32 * 10.5 - 8.0 * 0.95;
                self.text(x + 4.0, baseline, 8.0, true, WHITE, line.clone());
            }
            x += w;
        }
        self.y -= h;
    }
}

pub fn trim_number(value: f64) -> String {
    if (value - value.round()).abs() < 0.05 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

fn cover(page: &mut Page, doc: &Doc, fonts: &Fonts) {
    let m = &doc.meta;
    let mut push = |mark| page.marks.push(mark);
    push(Mark::Rect {
        x: 0.0,
        y: PAGE_H - 250.0,
        w: PAGE_W,
        h: 250.0,
        colour: BRAND,
    });
    push(Mark::Text {
        x: MARGIN,
        y: PAGE_H - 90.0,
        size: 11.0,
        bold: true,
        colour: WHITE,
        text: fit(&fonts.bold, &m.org, 11.0, CONTENT_W),
    });
    let mut y = PAGE_H - 140.0;
    for line in wrap(&fonts.bold, &m.title, 28.0, CONTENT_W)
        .into_iter()
        .take(2)
    {
        push(Mark::Text {
            x: MARGIN,
            y,
            size: 28.0,
            bold: true,
            colour: WHITE,
            text: line,
        });
        y -= 34.0;
    }
    for line in wrap(&fonts.regular, &m.subtitle, 12.0, CONTENT_W)
        .into_iter()
        .take(2)
    {
        push(Mark::Text {
            x: MARGIN,
            y: y - 4.0,
            size: 12.0,
            bold: false,
            colour: WHITE,
            text: line,
        });
        y -= 16.0;
    }
    let facts = [
        ("Organisation", m.org.clone()),
        ("Document", m.title.clone()),
        ("Version", m.version.to_string()),
        ("Figures as of", m.as_of.format("%-d %B %Y").to_string()),
        (
            "Generated at",
            m.generated_at.format("%-d %B %Y, %H:%M UTC").to_string(),
        ),
        ("Generated by", m.generated_by.clone()),
        ("Sections", doc.body.len().to_string()),
    ];
    let mut y = PAGE_H - 320.0;
    for (label, value) in facts {
        push(Mark::Text {
            x: MARGIN,
            y,
            size: 10.0,
            bold: true,
            colour: MUTED,
            text: label.to_string(),
        });
        push(Mark::Text {
            x: MARGIN + 130.0,
            y,
            size: 10.0,
            bold: false,
            colour: INK,
            text: fit(&fonts.regular, &value, 10.0, CONTENT_W - 130.0),
        });
        y -= 20.0;
    }
    push(Mark::Text {
        x: MARGIN,
        y: 110.0,
        size: 8.0,
        bold: false,
        colour: MUTED,
        text: "Produced by Seawall from the organisation's recorded data. A signed version carries a sign-off page"
            .into(),
    });
    push(Mark::Text {
        x: MARGIN,
        y: 99.0,
        size: 8.0,
        bold: false,
        colour: MUTED,
        text: "with the SHA-256 of the document the signers reviewed; Seawall's verify page checks a copy against it."
            .into(),
    });
}

fn contents(pages: &mut [Page], sections: &[(String, usize)], fonts: &Fonts) {
    for (page, chunk) in pages.iter_mut().zip(sections.chunks(TOC_PER_PAGE)) {
        page.marks.push(Mark::Text {
            x: MARGIN,
            y: TOP - 16.0,
            size: 16.0,
            bold: true,
            colour: BRAND,
            text: "Contents".into(),
        });
        let mut y = TOP - 48.0;
        for (title, number) in chunk {
            let number = number.to_string();
            let number_w = fonts.regular.width(&number, 10.0);
            let title = fit(&fonts.regular, title, 10.0, CONTENT_W - 60.0);
            let title_w = fonts.regular.width(&title, 10.0);
            page.marks.push(Mark::Text {
                x: MARGIN,
                y,
                size: 10.0,
                bold: false,
                colour: INK,
                text: title,
            });
            // A dotted leader from the title to its page number.
            let dot_w = fonts.regular.width(".", 10.0).max(1.0);
            let gap = CONTENT_W - title_w - number_w - 12.0;
            let dots = (gap / dot_w).max(0.0) as usize;
            page.marks.push(Mark::Text {
                x: MARGIN + title_w + 6.0,
                y,
                size: 10.0,
                bold: false,
                colour: RULE,
                text: ".".repeat(dots),
            });
            page.marks.push(Mark::Text {
                x: PAGE_W - MARGIN - number_w,
                y,
                size: 10.0,
                bold: false,
                colour: INK,
                text: number,
            });
            y -= 18.0;
        }
    }
}

fn frame(page: &mut Page, doc: &Doc, fonts: &Fonts, number: usize, total: usize) {
    let m = &doc.meta;
    let muted = |x, y, text| Mark::Text {
        x,
        y,
        size: 7.5,
        bold: false,
        colour: MUTED,
        text,
    };
    if number > 1 {
        let left = fit(
            &fonts.regular,
            &format!("{} · {}", m.org, m.title),
            7.5,
            CONTENT_W - 90.0,
        );
        page.marks.push(muted(MARGIN, PAGE_H - 44.0, left));
        let version = format!("Version {}", m.version);
        let w = fonts.regular.width(&version, 7.5);
        page.marks
            .push(muted(PAGE_W - MARGIN - w, PAGE_H - 44.0, version));
        page.marks.push(Mark::Line {
            x1: MARGIN,
            y1: PAGE_H - 50.0,
            x2: PAGE_W - MARGIN,
            y2: PAGE_H - 50.0,
            width: 0.5,
            colour: RULE,
        });
    }
    page.marks.push(Mark::Line {
        x1: MARGIN,
        y1: 48.0,
        x2: PAGE_W - MARGIN,
        y2: 48.0,
        width: 0.5,
        colour: RULE,
    });
    let generated = format!(
        "Generated {} by {}",
        m.generated_at.format("%Y-%m-%d %H:%M UTC"),
        m.generated_by
    );
    page.marks.push(muted(
        MARGIN,
        36.0,
        fit(&fonts.regular, &generated, 7.5, 300.0),
    ));
    let label = format!("Page {number} of {total}");
    let w = fonts.regular.width(&label, 7.5);
    page.marks.push(muted(PAGE_W - MARGIN - w, 36.0, label));
}
