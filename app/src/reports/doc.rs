//! The content of a generated document, independent of how it is drawn.
//! Builders fill it from the organisation's data; the PDF writer lays it out.
//! It is also what a sign-off is bound to: the fingerprint of the body says
//! whether the data behind a signed document has changed since.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub meta: Meta,
    pub body: Vec<Section>,
}

/// What the cover page, the running header and the footer show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub org: String,
    pub title: String,
    pub subtitle: String,
    pub version: i64,
    /// The date the figures are computed for (expiry, overdue, next due).
    pub as_of: NaiveDate,
    pub generated_at: DateTime<Utc>,
    pub generated_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    /// Long sections start on a page of their own; short ones flow on.
    pub new_page: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// A sub-heading inside a section.
    Heading(String),
    Para(String),
    /// Small grey text: definitions, how a figure is computed.
    Note(String),
    /// Big numbers in tiles, three to a row.
    Figures(Vec<Figure>),
    Table(Table),
    Bars(Bars),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: String,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Warn,
    Bad,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column titles and their relative widths.
    pub columns: Vec<(String, f32)>,
    pub rows: Vec<Vec<Cell>>,
    /// Shown instead of an empty table.
    pub empty: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
    /// Fixed-pitch text such as hashes, which may break anywhere.
    pub code: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
            code: false,
        }
    }

    pub fn toned(text: impl Into<String>, tone: Tone) -> Self {
        Cell {
            tone,
            ..Cell::new(text)
        }
    }

    pub fn code(text: impl Into<String>) -> Self {
        Cell {
            code: true,
            ..Cell::new(text)
        }
    }
}

impl<T: Into<String>> From<T> for Cell {
    fn from(text: T) -> Self {
        Cell::new(text)
    }
}

/// A horizontal bar chart: one bar per label, an optional target marker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bars {
    pub title: String,
    pub unit: String,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub target: Option<f64>,
    pub tone: Tone,
    /// What is printed beside the bar (defaults to the value and unit).
    pub caption: String,
}

impl Table {
    pub fn new(columns: &[(&str, f32)]) -> Self {
        Table {
            columns: columns.iter().map(|(t, w)| (t.to_string(), *w)).collect(),
            rows: Vec::new(),
            empty: "None.".into(),
        }
    }

    pub fn empty(mut self, text: &str) -> Self {
        self.empty = text.to_string();
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(cells);
    }
}

impl Section {
    pub fn new(title: &str, new_page: bool) -> Self {
        Section {
            title: title.to_string(),
            new_page,
            blocks: Vec::new(),
        }
    }

    pub fn push(&mut self, block: Block) -> &mut Self {
        self.blocks.push(block);
        self
    }

    pub fn para(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Para(text.into()))
    }

    pub fn note(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Note(text.into()))
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Block::Heading(text.into()))
    }

    pub fn table(&mut self, table: Table) -> &mut Self {
        self.push(Block::Table(table))
    }
}

impl Doc {
    /// SHA-256 over the body: what the document says, not when or by whom it
    /// was generated. Two generations from unchanged data share it.
    #[cfg(feature = "ssr")]
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.body)
    }
}

/// SHA-256 over sections of a body (see [`Doc::fingerprint`]).
#[cfg(feature = "ssr")]
pub fn fingerprint(body: &[Section]) -> String {
    use sha2::{Digest, Sha256};
    let body = serde_json::to_vec(body).unwrap_or_default();
    format!("{:x}", Sha256::digest(body))
}
