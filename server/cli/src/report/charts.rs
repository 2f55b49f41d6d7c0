//! The report's charts as inline SVG, drawn here rather than by a charting
//! library: four chart shapes, static, readable without a script, each
//! value also in a `<title>` tooltip. Sizes are in SVG units; the page's
//! CSS scales them to the column's width.

use std::fmt::Write;

/// Escapes text for HTML and SVG, in content and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Thousands separated by a thin space: `12 345`.
pub fn number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// A named series with its colour.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
}

/// One bar of a stacked bar chart: a label and one value per series.
pub struct Bar {
    pub label: String,
    pub values: Vec<usize>,
}

/// Horizontal stacked bars, longest first as given.
pub fn stacked_bars(bars: &[Bar], series: &[Series], unit: &str) -> String {
    let label_width = 190.0;
    let bar_area = 420.0;
    let row = 22.0;
    let width = label_width + bar_area + 70.0;
    let height = row * bars.len() as f64 + 30.0;
    let max = bars.iter().map(|b| b.values.iter().sum::<usize>()).max().unwrap_or(0).max(1) as f64;
    let mut svg = open_svg(width, height, &format!("bar chart of {unit}"));
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let _ = write!(
            svg,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_width - 8.0,
            y + 14.0,
            escape(&truncate(&bar.label, 28))
        );
        let mut x = label_width;
        for (value, s) in bar.values.iter().zip(series) {
            if *value == 0 {
                continue;
            }
            let w = bar_area * *value as f64 / max;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{:.1}" fill="{}"><title>{}: {} {} {unit}</title></rect>"#,
                row - 6.0,
                s.color,
                escape(&bar.label),
                number(*value),
                s.name
            );
            x += w;
        }
        let total: usize = bar.values.iter().sum();
        let _ = write!(svg, r#"<text class="value" x="{:.1}" y="{:.1}">{}</text>"#, x + 5.0, y + 14.0, number(total));
    }
    legend(&mut svg, series, label_width, height - 8.0);
    svg.push_str("</svg>");
    svg
}

/// Vertical columns over ordered categories (a histogram, a timeline).
pub fn columns(labels: &[String], values: &[usize], color: &str, unit: &str) -> String {
    let (left, bottom, top) = (46.0, 34.0, 10.0);
    let width = 680.0;
    let height = 220.0;
    let plot_w = width - left - 10.0;
    let plot_h = height - bottom - top;
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    let mut svg = open_svg(width, height, &format!("column chart of {unit}"));
    y_axis(&mut svg, left, top, plot_w, plot_h, max);
    let n = values.len().max(1) as f64;
    let slot = plot_w / n;
    let every = label_step(labels.len(), 12);
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let h = plot_h * *value as f64 / max as f64;
        let x = left + slot * i as f64;
        let _ = write!(
            svg,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{color}"><title>{}: {} {unit}</title></rect>"#,
            x + slot * 0.1,
            top + plot_h - h,
            (slot * 0.8).max(0.5),
            escape(label),
            number(*value)
        );
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + slot / 2.0,
                top + plot_h + 16.0,
                escape(label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Lines over ordered periods, one per series, with a legend.
pub fn lines(labels: &[String], series: &[(Series, Vec<usize>)], unit: &str) -> String {
    let (left, bottom, top) = (46.0, 52.0, 10.0);
    let width = 680.0;
    let height = 260.0;
    let plot_w = width - left - 14.0;
    let plot_h = height - bottom - top;
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0).max(1);
    let mut svg = open_svg(width, height, &format!("line chart of {unit}"));
    y_axis(&mut svg, left, top, plot_w, plot_h, max);
    let step = if labels.len() > 1 { plot_w / (labels.len() - 1) as f64 } else { 0.0 };
    let x_of = |i: usize| if labels.len() > 1 { left + step * i as f64 } else { left + plot_w / 2.0 };
    let every = label_step(labels.len(), 10);
    for (i, label) in labels.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x_of(i),
                top + plot_h + 16.0,
                escape(label)
            );
        }
    }
    for (s, values) in series {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x_of(i), top + plot_h - plot_h * *v as f64 / max as f64))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>"#,
            s.color,
            points.join(" "),
            escape(s.name)
        );
        for (i, v) in values.iter().enumerate() {
            if *v > 0 {
                let _ = write!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"><title>{} {}: {} {unit}</title></circle>"#,
                    x_of(i),
                    top + plot_h - plot_h * *v as f64 / max as f64,
                    s.color,
                    escape(s.name),
                    escape(&labels[i]),
                    number(*v)
                );
            }
        }
    }
    let legend_series: Vec<Series> = series.iter().map(|(s, _)| Series { name: s.name, color: s.color }).collect();
    legend(&mut svg, &legend_series, left, height - 10.0);
    svg.push_str("</svg>");
    svg
}

/// A symmetric matrix of counts as shaded cells (co-mentions).
pub fn heatmap(labels: &[String], counts: &[Vec<usize>]) -> String {
    let label_width = 170.0;
    let cell = 26.0;
    let n = labels.len() as f64;
    let width = label_width + cell * n + 10.0;
    let height = label_width + cell * n + 10.0;
    let max = counts.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let mut svg = open_svg(width, height, "co-mention matrix");
    for (i, label) in labels.iter().enumerate() {
        let short = escape(&truncate(label, 24));
        let _ = write!(
            svg,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{short}</text>"#,
            label_width - 6.0,
            label_width + cell * i as f64 + cell * 0.65
        );
        let x = label_width + cell * i as f64 + cell * 0.65;
        let _ = write!(
            svg,
            r#"<text class="label" transform="translate({x:.1},{:.1}) rotate(-60)">{short}</text>"#,
            label_width - 6.0
        );
    }
    for (i, row) in counts.iter().enumerate() {
        for (j, count) in row.iter().enumerate() {
            if i == j {
                continue;
            }
            let opacity = if *count == 0 { 0.0 } else { 0.15 + 0.85 * (*count as f64 / max) };
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#2b6cb0" fill-opacity="{opacity:.2}" stroke="#e2e8f0"><title>{} and {}: {} article{}</title></rect>"##,
                label_width + cell * j as f64,
                label_width + cell * i as f64,
                cell,
                cell,
                escape(&labels[i]),
                escape(&labels[j]),
                number(*count),
                if *count == 1 { "" } else { "s" }
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn open_svg(width: f64, height: f64, label: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="{}">"#,
        escape(label)
    )
}

fn y_axis(svg: &mut String, left: f64, top: f64, plot_w: f64, plot_h: f64, max: usize) {
    for k in 0..=4 {
        let value = max as f64 * k as f64 / 4.0;
        let y = top + plot_h - plot_h * k as f64 / 4.0;
        let _ = write!(
            svg,
            r##"<line x1="{left:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#e2e8f0"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            left + plot_w,
            left - 6.0,
            y + 4.0,
            if max < 4 && k % 2 == 1 { String::new() } else { number(value.round() as usize) }
        );
    }
}

fn legend(svg: &mut String, series: &[Series], x: f64, y: f64) {
    let mut x = x;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="10" height="10" fill="{}"/><text class="legend" x="{:.1}" y="{y:.1}">{}</text>"#,
            y - 9.0,
            s.color,
            x + 14.0,
            escape(s.name)
        );
        x += 24.0 + 7.0 * s.name.chars().count() as f64;
    }
}

fn label_step(count: usize, at_most: usize) -> usize {
    count.div_ceil(at_most).max(1)
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut out: String = text.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_scale_to_the_largest_value() {
        let bars =
            [Bar { label: "A <b> & \"c\"".into(), values: vec![3, 1] }, Bar { label: "B".into(), values: vec![2, 0] }];
        let series = [Series { name: "direct", color: "#111" }, Series { name: "reported", color: "#222" }];
        let svg = stacked_bars(&bars, &series, "quotes");
        assert!(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;") && !svg.contains("<b>"));
        // The longest bar fills the bar area (420 units); 2 of 4 fills half.
        assert!(
            svg.contains(r#"width="315.0""#) && svg.contains(r#"width="105.0""#) && svg.contains(r#"width="210.0""#)
        );
        assert_eq!(number(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(number(999), "999");
    }
}
