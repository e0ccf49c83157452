//! The comparison table and the target list, as text.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::results::{Results, spread_json};
use super::rows::{CRATE_COLUMNS, PYTHON_COLUMNS, ROWS, RUST_COLUMNS, Unit};
use super::stats::Spread;
use super::targets::{TARGETS, evaluate};

fn fmt_value(v: Option<f64>, unit: Unit) -> String {
    match v {
        None => "-".into(),
        Some(v) if unit == Unit::Latency => format!("{v:.1}"),
        Some(v) if v >= 10.0 => format!("{v:.1}"),
        Some(v) if v >= 0.1 => format!("{v:.2}"),
        Some(v) => format!("{v:.3}"),
    }
}

/// `2.13x (1.90-2.41)`: the median ratio and its range over the rounds.
pub(super) fn fmt_ratio(s: Option<Spread>) -> String {
    s.map_or_else(
        || "-".into(),
        |s| {
            if s.rounds > 1 {
                format!("{:.2}x ({:.2}-{:.2})", s.median, s.min, s.max)
            } else {
                format!("{:.2}x", s.median)
            }
        },
    )
}

fn fmt_count(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.0}"))
}

/// The header line and one line per row, as cells.
fn cells(results: &Results) -> Vec<Vec<String>> {
    let mut header: Vec<String> =
        vec!["workload".into(), "unit".into(), "this".into(), "Ir".into()];
    for c in &RUST_COLUMNS[1..] {
        header.push((*c).into());
        if *c == "ndarray" {
            header.push("ndarray Ir".into());
        }
    }
    header.extend(
        [
            "CPython",
            "numpy",
            "PyO3",
            "this/numpy",
            "this/CPython",
            "this/crate",
            "this/limit",
            "this/PyO3",
        ]
        .map(String::from),
    );
    let mut lines = vec![header];
    for row in ROWS {
        let value = |c: &str| fmt_value(results.cell(row.id, c).map(|s| s.median), row.unit);
        let ir =
            |c: &str| fmt_count(results.instructions.get(row.id).and_then(|r| r.get(c)).copied());
        let mut line = vec![format!("{} {}", row.id, row.what), row.unit.label().into()];
        line.push(value("this"));
        line.push(ir("this"));
        for c in &RUST_COLUMNS[1..] {
            line.push(value(c));
            if *c == "ndarray" {
                line.push(ir("ndarray"));
            }
        }
        for c in PYTHON_COLUMNS {
            line.push(value(c));
        }
        line.push(value("pyo3"));
        line.push(fmt_ratio(results.ratio(row.id, "numpy")));
        line.push(fmt_ratio(results.ratio(row.id, "cpython")));
        line.push(fmt_ratio(results.crate_ratio(row.id)));
        line.push(fmt_ratio(results.ratio(row.id, "limit")));
        line.push(fmt_ratio(results.ratio(row.id, "pyo3")));
        lines.push(line);
    }
    lines
}

/// A Markdown table: the first column left-aligned, the others right-aligned.
fn markdown(lines: &[Vec<String>]) -> String {
    let n = lines[0].len();
    let widths: Vec<usize> =
        (0..n).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push('|');
        for (c, cell) in line.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.chars().count());
            if c == 0 {
                let _ = write!(out, " {cell}{pad} |");
            } else {
                let _ = write!(out, " {pad}{cell} |");
            }
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            for (c, w) in widths.iter().enumerate() {
                let dashes = "-".repeat(*w);
                let _ =
                    if c == 0 { write!(out, ":{dashes}-|") } else { write!(out, "-{dashes}:|") };
            }
            out.push('\n');
        }
    }
    out
}

pub(super) fn render_table(results: &Results) -> String {
    let mut out = markdown(&cells(results));
    out.push_str(
        "\nthis = view-core; values are medians over the rounds; ratios are speed ratios \
         (> 1: this is faster), each the median of the per-round ratios with its range \
         (min-max); this/crate = against the fastest of const-hex, faster-hex, transpose in \
         the row; limit = copy_from_slice / slice == (memcpy / memcmp) of the same byte \
         count (W2, W3: reading the whole source); GB/s = bytes written or read per second \
         (W7: bytes of hex output, so the separated rows count their separators, and the \
         crates write plain hex); all buffers on 4 KiB pages (numpy's huge pages off); \
         Ir = instructions per operation (callgrind). W10 (the Python bridge) is timed \
         from Python: this = viewpy (view-pyo3), PyO3 = the same #[pyfunction] \
         through PyO3's PyBuffer<f64>, CPython / numpy = the same call on a bytearray.\n",
    );
    out.push_str(
        "'-' = not measured, or the library has no such operation (numpy has no hex; ndarray \
         no hex or tolist).\n",
    );
    if let Some(why) = &results.instructions_missing {
        let _ = writeln!(out, "Ir columns: not measured: {why}.");
    }
    match &results.cpython_missing {
        Some(why) => {
            let _ = writeln!(out, "CPython and numpy columns: not measured: {why}.");
        }
        None => {
            let _ = writeln!(out, "python side: {}.", results.python);
            if let Some(why) = &results.numpy_missing {
                let _ = writeln!(out, "numpy column: not measured: {why}.");
            }
        }
    }
    out
}

pub(super) fn render_targets(results: &Results) -> String {
    let mut out = format!(
        "targets (median of {} rounds; a target is met when its median meets it):\n",
        results.rounds.len()
    );
    let (mut met, mut missed, mut unknown) = (0, 0, 0);
    let width = TARGETS.iter().map(|t| t.text.len()).max().unwrap_or(0);
    for target in TARGETS {
        let o = evaluate(target, results);
        let mark = match o.met {
            Some(true) => {
                met += 1;
                "met    "
            }
            Some(false) => {
                missed += 1;
                "NOT MET"
            }
            None => {
                unknown += 1;
                "unknown"
            }
        };
        let _ = writeln!(out, "  [{mark}] {:<width$}  {}", target.text, o.measured);
    }
    let _ = writeln!(out, "targets: {met} met, {missed} not met, {unknown} not measured");
    out
}

/// The table and targets as JSON (`--json FILE`), with the raw rounds.
pub(super) fn render_json(results: &Results) -> Value {
    let workloads: Vec<Value> = ROWS
        .iter()
        .map(|row| {
            let mut cells = serde_json::Map::new();
            for c in RUST_COLUMNS.iter().chain(&PYTHON_COLUMNS).chain(&["pyo3"]) {
                cells.insert((*c).into(), spread_json(results.cell(row.id, c)));
            }
            let mut ratios = serde_json::Map::new();
            for c in ["ndarray", "limit", "cpython", "numpy", "pyo3"].iter().chain(&CRATE_COLUMNS) {
                ratios.insert(format!("this/{c}"), spread_json(results.ratio(row.id, c)));
            }
            ratios.insert("this/crate".into(), spread_json(results.crate_ratio(row.id)));
            json!({
                "name": row.id,
                "what": row.what,
                "unit": row.unit.label(),
                "values": cells,
                "ratios": ratios,
                "instructions": results.instructions.get(row.id),
            })
        })
        .collect();
    let targets: Vec<Value> = TARGETS
        .iter()
        .map(|t| {
            let o = evaluate(t, results);
            json!({"target": t.text, "met": o.met, "measured": o.measured, "ratio": spread_json(o.spread)})
        })
        .collect();
    json!({"workloads": workloads, "targets": targets, "run": results.to_json()})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::results::tests::sample;

    #[test]
    fn table_has_extra_columns_and_spreads() {
        let table = render_table(&sample());
        let lines: Vec<&str> = table.lines().collect();
        assert!(
            lines[0].contains("| const-hex | faster-hex | transpose | limit |"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("|:-"));
        let w4 = lines.iter().find(|l| l.starts_with("| W4 ")).unwrap();
        // this 2.0 GB/s median, transpose 1.0, ratio 2.00x (1.60-2.40), no ndarray: '-'.
        assert!(w4.contains("2.00x (1.60-2.40)"), "{w4}");
        assert!(w4.contains("|       - |"), "{w4}");
        let slice = lines.iter().find(|l| l.starts_with("| W8-slice one")).unwrap();
        assert!(slice.contains(" 30 |") && slice.contains(" 90 |"), "{slice}");
        // Every line has the same number of cells.
        let bars = lines[0].matches('|').count();
        assert!(lines.iter().take(ROWS.len() + 2).all(|l| l.matches('|').count() == bars));
        assert!(table.contains("numpy column: not measured: no numpy."));
    }

    #[test]
    fn ratio_cells() {
        assert_eq!(fmt_ratio(None), "-");
        let s = Spread { median: 1.5, min: 1.25, max: 2.0, rounds: 3 };
        assert_eq!(fmt_ratio(Some(s)), "1.50x (1.25-2.00)");
        assert_eq!(fmt_ratio(Some(Spread { rounds: 1, ..s })), "1.50x");
    }

    #[test]
    fn targets_and_json_agree() {
        let r = sample();
        let text = render_targets(&r);
        assert!(text.contains("[met    ] W4 >= 1x the transpose crate"), "{text}");
        assert!(text.contains("[NOT MET] W7 hex >= 1x the faster of const-hex / faster-hex"));
        let json = render_json(&r);
        let w4 = &json["workloads"][4];
        assert_eq!(w4["name"], "W4");
        assert_eq!(w4["ratios"]["this/transpose"]["median"].as_f64(), Some(2.0));
        assert_eq!(w4["ratios"]["this/transpose"]["min"].as_f64(), Some(1.6));
        let t = json["targets"].as_array().unwrap();
        let met = t.iter().find(|t| t["target"] == "W4 >= 1x the transpose crate").unwrap();
        assert_eq!(met["met"], true);
    }
}
