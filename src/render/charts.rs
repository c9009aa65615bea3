//! Key figures as charts, drawn at build time as inline SVG.
//!
//! Figures that share a unit can be compared, so each unit with two or more
//! figures gets a bar chart; a qualifier in brackets ("GW (approx.)") does
//! not make a different unit. Every bar links to its claim, and the chart
//! comes with its data as a table, so nothing depends on seeing the bars.

use super::context::ClaimRow;
use super::escape_html;
use super::hashed::Hashed;
use serde::Serialize;

const WIDTH: f64 = 640.0;
const ROW: f64 = 46.0;
/// Room right of the longest bar for its value.
const VALUE_ROOM: f64 = 150.0;

#[derive(Serialize, Clone)]
pub struct Chart {
    pub id: String,
    pub unit: String,
    /// States what the chart shows: which figure is largest, and by how much.
    pub title: String,
    pub svg: String,
    pub rows: Vec<Hashed<ClaimRow>>,
}

/// The unit without bracketed qualifiers: "GW (up to)" -> "GW".
fn unit_key(unit: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in unit.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Charts for the figures in `claims`, biggest unit group first; `root`
/// leads from the page back to the site root.
pub fn charts(claims: &[&Hashed<ClaimRow>], root: &str) -> Vec<Chart> {
    let mut groups: Vec<(String, Vec<&Hashed<ClaimRow>>)> = Vec::new();
    for claim in claims {
        let Some(figure) = &claim.figure else {
            continue;
        };
        let key = unit_key(&figure.unit);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(claim),
            None => groups.push((key, vec![claim])),
        }
    }
    groups.retain(|(_, rows)| rows.len() >= 2);
    groups.sort_by_key(|(_, rows)| std::cmp::Reverse(rows.len()));
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (unit, mut rows))| {
            let value = |r: &ClaimRow| r.figure.as_ref().map(|f| f.raw).unwrap_or(0.0);
            rows.sort_by(|a, b| value(b).total_cmp(&value(a)));
            let id = format!("chart-{}", i + 1);
            let title = title(&rows, &unit);
            let svg = svg(&id, &rows, &unit, root);
            Chart {
                id,
                unit,
                title,
                svg,
                rows: rows.into_iter().cloned().collect(),
            }
        })
        .collect()
}

/// "Nvidia annual revenue run rate is 6.5 times Amazon custom-silicon
/// annual revenue run rate": the largest against the smallest.
fn title(rows: &[&Hashed<ClaimRow>], unit: &str) -> String {
    let (Some(top), Some(bottom)) = (rows.first(), rows.last()) else {
        return format!("Figures in {unit}");
    };
    let (Some(a), Some(b)) = (&top.figure, &bottom.figure) else {
        return format!("Figures in {unit}");
    };
    if b.raw > 0.0 && a.raw >= b.raw {
        let ratio = a.raw / b.raw;
        let times = if ratio >= 10.0 {
            format!("{ratio:.0}")
        } else {
            format!("{ratio:.1}")
        };
        format!(
            "{} is {times} times {}",
            sentence_start(&a.metric),
            b.metric
        )
    } else {
        format!("Figures in {unit}")
    }
}

fn sentence_start(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn svg(id: &str, rows: &[&Hashed<ClaimRow>], unit: &str, root: &str) -> String {
    let max = rows
        .iter()
        .filter_map(|r| r.figure.as_ref().map(|f| f.raw))
        .fold(0.0_f64, f64::max);
    let height = ROW * rows.len() as f64 + 8.0;
    let mut out = format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" aria-labelledby=\"{id}-t\" focusable=\"false\">\n<title id=\"{id}-t\">Bar chart of {n} figures in {unit}</title>\n",
        n = rows.len(),
        unit = escape_html(unit),
    );
    for (i, row) in rows.iter().enumerate() {
        let Some(f) = &row.figure else { continue };
        let y = 4.0 + ROW * i as f64;
        let width = if max > 0.0 {
            (f.raw.max(0.0) / max * (WIDTH - VALUE_ROOM)).max(2.0)
        } else {
            2.0
        };
        out.push_str(&format!(
            "<a href=\"{root}{path}\">\
<text class=\"chart-label\" x=\"0\" y=\"{ty}\">{metric}</text>\
<rect class=\"chart-bar status-{status}\" x=\"0\" y=\"{by}\" width=\"{width:.1}\" height=\"16\"></rect>\
<text class=\"chart-value\" x=\"{vx:.1}\" y=\"{vy}\">{value} {unit}</text></a>\n",
            path = escape_html(row.path.as_str()),
            ty = y + 13.0,
            metric = escape_html(&f.metric),
            status = row.status.key,
            by = y + 20.0,
            vx = width + 6.0,
            vy = y + 33.0,
            value = escape_html(&f.value),
            unit = escape_html(&f.unit),
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_ignore_bracketed_qualifiers() {
        assert_eq!(unit_key("GW (approx.)"), "GW");
        assert_eq!(unit_key("USD bn / year"), "USD bn / year");
        assert_eq!(unit_key(" % (approx.) "), "%");
    }

    #[test]
    fn svg_text_is_escaped() {
        assert_eq!(escape_html("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
