//! The embedded typeface (DejaVu Sans, shipped in `app/fonts/` under its
//! licence) and text measurement. Measuring with the very font that is
//! embedded is what lets lines wrap where they really end.

use printpdf::ParsedFont;
use std::sync::OnceLock;

const REGULAR: &[u8] = include_bytes!("../../../fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSans-Bold.ttf");

pub struct Face {
    pub parsed: ParsedFont,
    /// Advance widths of the first code points, looked up without a map.
    fast: Vec<u16>,
    units_per_em: f32,
    notdef_width: u16,
}

pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
}

pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts {
        regular: Face::load(REGULAR),
        bold: Face::load(BOLD),
    })
}

impl Face {
    fn load(bytes: &[u8]) -> Face {
        // The files are part of the build; a unit test proves they parse.
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
            .expect("the shipped DejaVu font parses");
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let notdef_width = parsed.get_glyph_width(0).unwrap_or(500);
        let mut face = Face {
            parsed,
            fast: Vec::new(),
            units_per_em,
            notdef_width,
        };
        face.fast = (0u32..0x250)
            .map(|c| face.lookup(c).unwrap_or(notdef_width))
            .collect();
        face
    }

    fn lookup(&self, codepoint: u32) -> Option<u16> {
        let glyph = self.parsed.lookup_glyph_index(codepoint)?;
        self.parsed.get_glyph_width(glyph)
    }

    pub fn has(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some()
    }

    fn advance(&self, c: char) -> u16 {
        match self.fast.get(c as usize) {
            Some(width) => *width,
            None => self.lookup(c as u32).unwrap_or(self.notdef_width),
        }
    }

    /// The width of `text` set at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(c))).sum();
        units as f32 * size / self.units_per_em
    }
}

impl Fonts {
    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Replaces what the font cannot draw (and control characters) so that the
/// measured text is the printed text.
pub fn printable(face: &Face, text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => ' ',
            c if face.has(c) => c,
            _ => '?',
        })
        .collect()
}

/// Breaks `text` into lines no wider than `width`. Paragraph breaks in the
/// text are kept; a word wider than a line (a hash, a long address) is cut.
pub fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = printable(face, paragraph);
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if face.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if face.width(word, size) <= width {
                line = word.to_string();
            } else {
                // Cut the word where it reaches the edge.
                for c in word.chars() {
                    line.push(c);
                    if face.width(&line, size) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Shortens `text` with an ellipsis so it fits in `width`.
pub fn fit(face: &Face, text: &str, size: f32, width: f32) -> String {
    let text = printable(face, text);
    if face.width(&text, size) <= width {
        return text;
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if face.width(&format!("{out}…"), size) > width {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_parse_and_measure() {
        let f = fonts();
        let w = f.regular.width("Recovery", 10.0);
        assert!(w > 30.0 && w < 60.0, "width {w}");
        assert!(f.bold.width("Recovery", 10.0) > w);
        assert_eq!(f.regular.width("", 10.0), 0.0);
        // Twice the size is twice the width.
        assert!((f.regular.width("RTO", 20.0) - 2.0 * f.regular.width("RTO", 10.0)).abs() < 0.01);
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let f = &fonts().regular;
        let text = "Restore the payments database from the most recent snapshot, then replay the journal up to the point of failure.";
        let lines = wrap(f, text, 10.0, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(f.width(line, 10.0) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_not_lost() {
        let f = &fonts().regular;
        let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let lines = wrap(f, hash, 8.0, 80.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
        assert!(lines.iter().all(|l| f.width(l, 8.0) <= 80.0));
    }

    #[test]
    fn paragraph_breaks_and_unprintable_characters() {
        let f = &fonts().regular;
        assert_eq!(wrap(f, "one\ntwo", 10.0, 500.0), vec!["one", "two"]);
        assert_eq!(wrap(f, "", 10.0, 500.0), vec![""]);
        assert_eq!(printable(f, "a\u{7}b\tc"), "a b c");
        let fitted = fit(f, "A very long process name that will not fit", 10.0, 60.0);
        assert!(fitted.ends_with('…') && f.width(&fitted, 10.0) <= 60.0);
    }
}
