//! The throughput-versus-size plot (W1, W2, W9 at 64 KiB, 1 MiB, 64 MiB) as SVG.

use std::fmt::Write as _;

use super::results::Series;
use super::rows::SIZES;

/// A small SVG: one panel per workload, GB/s against size on a log axis.
pub(super) fn render_plot(sizes: &Series) -> String {
    let panels: Vec<_> = sizes.iter().collect();
    const W: f64 = 300.0;
    const H: f64 = 240.0;
    const PAD: f64 = 40.0;
    const TOP: f64 = 24.0;
    let colors = [
        ("this", "#d62728"),
        ("ndarray", "#1f77b4"),
        ("limit", "#7f7f7f"),
        ("cpython", "#2ca02c"),
        ("numpy", "#ff7f0e"),
    ];
    let width = W * panels.len() as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{}\" \
         font-family=\"sans-serif\" font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        H + 40.0
    );
    for (p, (group, series)) in panels.iter().enumerate() {
        let x0 = W * p as f64 + PAD;
        let (pw, ph) = (W - PAD - 30.0, H - PAD - 24.0);
        let top = series.values().flatten().map(|&(_, v)| v).fold(1.0f64, f64::max);
        let y_max = nice_ceiling(top);
        let x_of = |size: u64| {
            let (lo, hi) = ((SIZES[0] as f64).ln(), (SIZES[2] as f64).ln());
            x0 + ((size as f64).ln() - lo) / (hi - lo) * pw
        };
        let y_of = |v: f64| TOP + ph - v / y_max * ph;
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"14\" text-anchor=\"middle\" font-weight=\"bold\">{} (GB/s)</text>",
            x0 + pw / 2.0,
            group.trim_end_matches("-sizes")
        );
        let _ = writeln!(
            svg,
            "<rect x=\"{x0}\" y=\"{TOP}\" width=\"{pw}\" height=\"{ph}\" fill=\"none\" stroke=\"#999\"/>"
        );
        for i in 0..=4 {
            let v = y_max * f64::from(i) / 4.0;
            let y = y_of(v);
            let _ = writeln!(
                svg,
                "<line x1=\"{x0}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#eee\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{v:.0}</text>",
                x0 + pw,
                x0 - 4.0,
                y + 4.0
            );
        }
        for (size, label) in SIZES.iter().zip(["64 KiB", "1 MiB", "64 MiB"]) {
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
                x_of(*size),
                TOP + ph + 14.0
            );
        }
        for (name, color) in colors {
            let Some(points) = series.get(name) else { continue };
            let path: Vec<String> =
                points.iter().map(|&(s, v)| format!("{:.1},{:.1}", x_of(s), y_of(v))).collect();
            let _ = writeln!(
                svg,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>",
                path.join(" ")
            );
            for &(s, v) in points {
                let _ = writeln!(
                    svg,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{color}\"/>",
                    x_of(s),
                    y_of(v)
                );
            }
        }
    }
    // Legend.
    for (i, (name, color)) in colors.iter().enumerate() {
        let x = PAD + 110.0 * i as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{color}\"/>\
             <text x=\"{}\" y=\"{}\">{}</text>",
            H + 12.0,
            x + 16.0,
            H + 22.0,
            if *name == "this" { "this (view-core)" } else { name }
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn nice_ceiling(v: f64) -> f64 {
    let step = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 4.0, 5.0, 10.0] {
        if v <= m * step {
            return m * step;
        }
    }
    10.0 * step
}
