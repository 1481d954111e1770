//! The "impact over time" chart of a process: how each impact category's
//! rating grows with the length of the disruption, against the intolerance
//! threshold and the MTPD it sets.
//!
//! Drawn as inline SVG with presentation attributes only, so it needs no
//! stylesheet and renders identically on the server and in the browser.

use crate::bia::derive::Assessment;
use crate::bia::duration;
use crate::bia::scale::{ImpactCategory, ImpactScale, LEVELS};
use crate::ui::Erase;
use leptos::prelude::*;

/// Width of the drawing in viewBox units; the SVG scales to its container.
const WIDTH: f64 = 640.0;
const MARGIN_LEFT: f64 = 48.0;
const MARGIN_RIGHT: f64 = 16.0;
/// Room above the plot for the MTPD label.
const MARGIN_TOP: f64 = 24.0;
const PLOT_HEIGHT: f64 = 200.0;
/// Below this band width horizontal bucket labels ("2 weeks") would touch,
/// so they are slanted instead.
const MIN_FLAT_LABEL_BAND: f64 = 58.0;
const LEGEND_COLUMNS: usize = 3;
const LEGEND_ROW: f64 = 20.0;
/// Characters of a category label that fit one legend column.
const LEGEND_LABEL_CHARS: usize = 28;

const INK: &str = "#15232b";
const INK_SOFT: &str = "#4a5b66";
const GRID: &str = "#dde4e8";
const AXIS: &str = "#c5d0d6";
const DANGER: &str = "#c62828";

/// Series colours: each has at least 3:1 contrast on white (the WCAG minimum
/// for graphics) and they stay apart for the common colour-vision
/// deficiencies. The marker shapes cycle on a different period, so two series
/// never share both colour and shape until the 40th category.
const COLOURS: [&str; 8] = [
    "#0072B2", "#B35900", "#117733", "#AA4499", "#332288", "#997700", "#CC6677", "#2B8C7E",
];

#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Square,
    TriangleUp,
    Diamond,
    TriangleDown,
}

const SHAPES: [Shape; 5] = [
    Shape::Circle,
    Shape::Square,
    Shape::TriangleUp,
    Shape::Diamond,
    Shape::TriangleDown,
];

/// One category's line: its rated buckets as (bucket index, rating).
struct Series<'a> {
    category: &'a ImpactCategory,
    colour: &'static str,
    shape: Shape,
    points: Vec<(usize, u8)>,
}

/// Horizontal and vertical placement on the plot.
#[derive(Clone, Copy)]
struct Frame {
    buckets: usize,
}

impl Frame {
    fn plot_width(self) -> f64 {
        WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    }

    fn band(self) -> f64 {
        self.plot_width() / self.buckets.max(1) as f64
    }

    /// Buckets sit in the middle of equal bands, so a scale with a single
    /// bucket still gets a centred point and a fractional index of -0.5 or
    /// `buckets - 0.5` lands exactly on the plot's edges.
    fn x(self, index: f64) -> f64 {
        MARGIN_LEFT + (index + 0.5) * self.band()
    }

    fn y(self, rating: f64) -> f64 {
        let top = f64::from(LEVELS);
        MARGIN_TOP + (top - rating) / (top - 1.0) * PLOT_HEIGHT
    }

    fn left(self) -> f64 {
        MARGIN_LEFT
    }

    fn right(self) -> f64 {
        WIDTH - MARGIN_RIGHT
    }

    fn top(self) -> f64 {
        MARGIN_TOP
    }

    fn bottom(self) -> f64 {
        MARGIN_TOP + PLOT_HEIGHT
    }
}

/// Where the MTPD falls on the bucket axis. It is normally one of the buckets
/// (that is how it is derived), but an MTPD kept from an older scale may fall
/// between two, or outside the scale, where it is pinned to the plot's edge.
fn mtpd_index(buckets: &[i64], mtpd: i64) -> f64 {
    let (Some(&first), Some(&last)) = (buckets.first(), buckets.last()) else {
        return 0.0;
    };
    if mtpd < first {
        return -0.5;
    }
    if mtpd > last {
        return buckets.len() as f64 - 0.5;
    }
    for (i, pair) in buckets.windows(2).enumerate() {
        let (lo, hi) = (pair[0], pair[1]);
        if (lo..=hi).contains(&mtpd) {
            return i as f64 + (mtpd - lo) as f64 / (hi - lo) as f64;
        }
    }
    0.0
}

/// Shortens `text` to at most `max` characters, ending in an ellipsis.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// The sentence a screen reader hears instead of the picture.
fn summary(scale: &ImpactScale, series: &[Series], mtpd: Option<i64>) -> String {
    let span = match (scale.buckets.first(), scale.buckets.last()) {
        (Some(&first), Some(&last)) => {
            format!(
                " from {} to {}",
                duration::format(first),
                duration::format(last)
            )
        }
        _ => String::new(),
    };
    let peaks: Vec<String> = series
        .iter()
        .filter_map(|s| {
            let peak = s.points.iter().map(|&(_, r)| r).max()?;
            let (at, _) = s.points.iter().find(|&&(_, r)| r == peak)?;
            Some(format!(
                "{} peaks at {peak} by {}",
                s.category.label,
                duration::format(scale.buckets[*at])
            ))
        })
        .collect();
    let mtpd = match mtpd {
        Some(m) => format!(" MTPD {}.", duration::format(m)),
        None => " No MTPD within the scale.".to_string(),
    };
    format!(
        "Impact ratings over time{span}: {}. Intolerable from rating {}.{mtpd}",
        peaks.join("; "),
        scale.threshold
    )
}

fn marker(shape: Shape, x: f64, y: f64, colour: &'static str) -> AnyView {
    // A white outline keeps overlapping markers of different series apart.
    match shape {
        Shape::Circle => view! {
            <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="4.5" fill=colour stroke="#fff" stroke-width="1" />
        }
        .erase(),
        Shape::Square => view! {
            <rect x=format!("{:.1}", x - 4.0) y=format!("{:.1}", y - 4.0) width="8" height="8" fill=colour stroke="#fff" stroke-width="1" />
        }
        .erase(),
        Shape::TriangleUp => view! {
            <polygon
                points=format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y - 5.5, x + 5.0, y + 4.0, x - 5.0, y + 4.0)
                fill=colour stroke="#fff" stroke-width="1"
            />
        }
        .erase(),
        Shape::Diamond => view! {
            <polygon
                points=format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y - 5.5, x + 5.5, y, x, y + 5.5, x - 5.5, y)
                fill=colour stroke="#fff" stroke-width="1"
            />
        }
        .erase(),
        Shape::TriangleDown => view! {
            <polygon
                points=format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x, y + 5.5, x + 5.0, y - 4.0, x - 5.0, y - 4.0)
                fill=colour stroke="#fff" stroke-width="1"
            />
        }
        .erase(),
    }
}

/// One category's line and markers. Runs of consecutive rated buckets are
/// solid; a bucket left unrated is bridged with a dotted segment, so the line
/// does not claim a rating nobody gave.
fn series_view(scale: &ImpactScale, frame: Frame, series: &Series, dodge: f64) -> AnyView {
    let point = |(i, rating): (usize, u8)| {
        (
            frame.x(i as f64) + dodge,
            frame.y(f64::from(rating.clamp(1, LEVELS))),
        )
    };
    let mut runs: Vec<Vec<(usize, u8)>> = Vec::new();
    for &p in &series.points {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|&(i, _)| i + 1 == p.0) => run.push(p),
            _ => runs.push(vec![p]),
        }
    }
    let colour = series.colour;
    let solid = runs
        .iter()
        .filter(|run| run.len() > 1)
        .map(|run| {
            let points = run
                .iter()
                .map(|&p| {
                    let (x, y) = point(p);
                    format!("{x:.1},{y:.1}")
                })
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <polyline points=points fill="none" stroke=colour stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round" />
            }
        })
        .collect_view();
    let bridges = runs
        .windows(2)
        .filter_map(|pair| {
            let (x1, y1) = point(*pair[0].last()?);
            let (x2, y2) = point(*pair[1].first()?);
            Some(view! {
                <line
                    x1=format!("{x1:.1}") y1=format!("{y1:.1}") x2=format!("{x2:.1}") y2=format!("{y2:.1}")
                    stroke=colour stroke-width="1.5" stroke-dasharray="2 4" stroke-linecap="round"
                />
            })
        })
        .collect_view();
    let markers = series
        .points
        .iter()
        .map(|&(i, rating)| {
            let (x, y) = point((i, rating));
            let meaning = series
                .category
                .levels
                .get(usize::from(rating).saturating_sub(1))
                .map(|m| format!(" – {m}"))
                .unwrap_or_default();
            let tip = format!(
                "{} at {}: {rating}{meaning}",
                series.category.label,
                duration::format(scale.buckets[i])
            );
            view! {
                <g class="chart-point">
                    <title>{tip}</title>
                    {marker(series.shape, x, y, colour)}
                </g>
            }
        })
        .collect_view();
    view! {
        <g class="chart-series" data-category=series.category.key.clone()>
            {solid}
            {bridges}
            {markers}
        </g>
    }
    .erase()
}

fn axes_view(scale: &ImpactScale, frame: Frame, slanted: bool) -> AnyView {
    let grid = (1..=LEVELS)
        .map(|r| {
            let y = format!("{:.1}", frame.y(f64::from(r)));
            // Rating 1 is the bottom of the plot, drawn as the axis line.
            let stroke = if r == 1 { AXIS } else { GRID };
            view! {
                <g>
                    <line
                        x1=format!("{:.1}", frame.left()) x2=format!("{:.1}", frame.right())
                        y1=y.clone() y2=y.clone()
                        stroke=stroke stroke-width="1"
                    />
                    <text x=format!("{:.1}", frame.left() - 8.0) y=y dy="0.32em" text-anchor="end" font-size="11" fill=INK_SOFT>
                        {r}
                    </text>
                </g>
            }
        })
        .collect_view();
    let label_y = frame.bottom() + 16.0;
    let ticks = scale
        .buckets
        .iter()
        .enumerate()
        .map(|(i, &bucket)| {
            let x = frame.x(i as f64);
            let label = duration::format(bucket);
            let text = if slanted {
                view! {
                    <text
                        x=format!("{x:.1}") y=format!("{label_y:.1}")
                        transform=format!("rotate(-40 {x:.1} {label_y:.1})")
                        text-anchor="end" font-size="11" fill=INK_SOFT
                    >
                        {label}
                    </text>
                }
                .erase()
            } else {
                view! {
                    <text x=format!("{x:.1}") y=format!("{label_y:.1}") text-anchor="middle" font-size="11" fill=INK_SOFT>
                        {label}
                    </text>
                }
                .erase()
            };
            view! {
                <g>
                    <line
                        x1=format!("{x:.1}") x2=format!("{x:.1}")
                        y1=format!("{:.1}", frame.bottom()) y2=format!("{:.1}", frame.bottom() + 4.0)
                        stroke=AXIS stroke-width="1"
                    />
                    {text}
                </g>
            }
        })
        .collect_view();
    let mid_y = (frame.top() + frame.bottom()) / 2.0;
    view! {
        <g class="chart-axes">
            {grid}
            {ticks}
            <text
                x="14" y=format!("{mid_y:.1}")
                transform=format!("rotate(-90 14 {mid_y:.1})")
                text-anchor="middle" font-size="11" fill=INK_SOFT
            >
                "Impact rating"
            </text>
        </g>
    }
    .erase()
}

/// The shaded intolerable zone and its dashed boundary.
fn threshold_view(frame: Frame, threshold: u8) -> AnyView {
    if !(1..=LEVELS).contains(&threshold) {
        return ().erase();
    }
    let y = frame.y(f64::from(threshold));
    view! {
        <g class="chart-threshold">
            <rect
                x=format!("{:.1}", frame.left()) y=format!("{:.1}", frame.top())
                width=format!("{:.1}", frame.plot_width()) height=format!("{:.1}", y - frame.top())
                fill=DANGER fill-opacity="0.06"
            />
            <line
                x1=format!("{:.1}", frame.left()) x2=format!("{:.1}", frame.right())
                y1=format!("{y:.1}") y2=format!("{y:.1}")
                stroke=DANGER stroke-width="1.5" stroke-dasharray="6 4"
            />
        </g>
    }
    .erase()
}

/// The threshold's label, drawn after the series: its white halo keeps it
/// legible where a line or the MTPD marker passes under it.
fn threshold_label(frame: Frame, threshold: u8) -> AnyView {
    if !(1..=LEVELS).contains(&threshold) {
        return ().erase();
    }
    let y = frame.y(f64::from(threshold));
    // At the top level the zone is just the line, so the label goes under it.
    let label_y = if threshold == LEVELS {
        y + 14.0
    } else {
        y - 6.0
    };
    view! {
        <text
            class="chart-threshold-label"
            x=format!("{:.1}", frame.right() - 4.0) y=format!("{label_y:.1}")
            text-anchor="end" font-size="11" font-weight="600" fill=DANGER
            stroke="#fff" stroke-width="3" paint-order="stroke"
        >
            {format!("Intolerable (≥ {threshold})")}
        </text>
    }
    .erase()
}

fn mtpd_view(scale: &ImpactScale, frame: Frame, mtpd: Option<i64>) -> AnyView {
    let Some(mtpd) = mtpd else {
        return ().erase();
    };
    let x = frame.x(mtpd_index(&scale.buckets, mtpd));
    // Keep the centred label inside the drawing when the MTPD is at an edge.
    let label_x = x.clamp(frame.left() + 44.0, frame.right() - 44.0);
    view! {
        <g class="chart-mtpd">
            <line
                x1=format!("{x:.1}") x2=format!("{x:.1}")
                y1=format!("{:.1}", frame.top() - 6.0) y2=format!("{:.1}", frame.bottom())
                stroke=INK stroke-width="1.5" stroke-dasharray="4 3"
            />
            <text
                x=format!("{label_x:.1}") y=format!("{:.1}", frame.top() - 10.0)
                text-anchor="middle" font-size="11" font-weight="600" fill=INK
                stroke="#fff" stroke-width="3" paint-order="stroke"
            >
                {format!("MTPD {}", duration::format(mtpd))}
            </text>
        </g>
    }
    .erase()
}

/// Category colours and labels in a grid of columns under the plot.
fn legend_view(series: &[Series], top: f64) -> AnyView {
    let column = (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / LEGEND_COLUMNS as f64;
    series
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let x = MARGIN_LEFT + (n % LEGEND_COLUMNS) as f64 * column;
            let y = top + (n / LEGEND_COLUMNS) as f64 * LEGEND_ROW;
            let rated = !s.points.is_empty();
            let label = if rated {
                s.category.label.clone()
            } else {
                format!("{} (not rated)", s.category.label)
            };
            let shown = truncate(&label, LEGEND_LABEL_CHARS);
            // An unrated category shows a faint dotted sample: it has no line.
            let (width, dash) = if rated { ("2.5", "none") } else { ("1.5", "2 3") };
            view! {
                <g class="chart-legend-item">
                    <title>{label}</title>
                    <line
                        x1=format!("{x:.1}") x2=format!("{:.1}", x + 22.0)
                        y1=format!("{y:.1}") y2=format!("{y:.1}")
                        stroke=s.colour stroke-width=width stroke-dasharray=dash
                    />
                    {marker(s.shape, x + 11.0, y, s.colour)}
                    <text x=format!("{:.1}", x + 30.0) y=format!("{y:.1}") dy="0.32em" font-size="12" fill=INK>
                        {shown}
                    </text>
                </g>
            }
        })
        .collect_view()
        .erase()
}

/// Impact over time: one line per category across the scale's buckets, the
/// intolerance threshold and the MTPD.
#[component]
pub fn ImpactChart(scale: ImpactScale, assessment: Assessment, mtpd: Option<i64>) -> impl IntoView {
    let series: Vec<Series> = scale
        .categories
        .iter()
        .enumerate()
        .map(|(n, category)| Series {
            category,
            colour: COLOURS[n % COLOURS.len()],
            shape: SHAPES[n % SHAPES.len()],
            points: scale
                .buckets
                .iter()
                .enumerate()
                .filter_map(|(i, &b)| assessment.rating(&category.key, b).map(|r| (i, r)))
                .collect(),
        })
        .collect();
    if series.iter().all(|s| s.points.is_empty()) {
        return view! {
            <p class="muted">"No impact ratings yet: rate the categories over time to see the chart."</p>
        }
        .erase();
    }

    let frame = Frame {
        buckets: scale.buckets.len(),
    };
    let slanted = frame.band() < MIN_FLAT_LABEL_BAND;
    let axis_title_y = frame.bottom() + if slanted { 62.0 } else { 36.0 };
    let legend_top = axis_title_y + 22.0;
    let legend_rows = series.len().div_ceil(LEGEND_COLUMNS);
    let height = legend_top + legend_rows as f64 * LEGEND_ROW;

    // Series with equal ratings would hide each other, so each is nudged
    // sideways by a few units; the vertical position, the value, is exact.
    let drawn: Vec<&Series> = series.iter().filter(|s| !s.points.is_empty()).collect();
    let step = (frame.band() * 0.25 / drawn.len() as f64).min(3.0);
    let centre = (drawn.len() as f64 - 1.0) / 2.0;
    let lines = drawn
        .iter()
        .enumerate()
        .map(|(k, s)| series_view(&scale, frame, s, (k as f64 - centre) * step))
        .collect_view();

    let label = summary(&scale, &series, mtpd);
    let title = label.clone();
    view! {
        <svg
            class="impact-chart"
            viewBox=format!("0 0 {WIDTH:.0} {height:.0}")
            width="100%"
            role="img"
            aria-label=label
        >
            <title>{title}</title>
            {threshold_view(frame, scale.threshold)}
            {axes_view(&scale, frame, slanted)}
            {mtpd_view(&scale, frame, mtpd)}
            {lines}
            {threshold_label(frame, scale.threshold)}
            <text
                x=format!("{:.1}", (frame.left() + frame.right()) / 2.0) y=format!("{axis_title_y:.1}")
                text-anchor="middle" font-size="11" fill=INK_SOFT
            >
                "Time since the disruption began"
            </text>
            {legend_view(&series, legend_top)}
        </svg>
    }
    .erase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtpd_sits_on_its_bucket_or_between_neighbours() {
        let buckets = [60, 240, 480];
        assert_eq!(mtpd_index(&buckets, 240), 1.0);
        assert_eq!(mtpd_index(&buckets, 360), 1.5);
        assert_eq!(mtpd_index(&buckets, 30), -0.5);
        assert_eq!(mtpd_index(&buckets, 600), 2.5);
    }

    #[test]
    fn long_labels_end_in_an_ellipsis() {
        assert_eq!(truncate("Legal", 10), "Legal");
        assert_eq!(truncate("Legal & regulatory", 8), "Legal &…");
    }
}
