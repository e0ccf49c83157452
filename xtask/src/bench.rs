//! `cargo xtask bench [--quick] [--json FILE] [--table-only]`: the project's
//! main job.
//!
//! Runs the criterion benches of `benches/` (this workspace, `ndarray` and
//! the memcpy/memcmp limit, one criterion group per workload), then
//! `benches/python/bench.py` (CPython's memoryview and numpy), and prints
//! one table with the ratios and every target of issue 5 marked met or not
//! met. Medians come from criterion's `new/estimates.json`; the byte counts
//! from its `benchmark.json`. `--quick` uses short warm-up and measurement
//! (under 3 minutes on 2 cores); `--json FILE` also writes the table as
//! JSON; `--table-only` skips the runs and reads the last results.
//! A throughput-versus-size plot of W1/W2/W9 is written next to criterion's
//! HTML report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::{Result, cargo_cmd, project_root, run_status, venv};

const USAGE: &str = "usage: cargo xtask bench [--quick] [--json FILE] [--table-only]";

/// Criterion arguments of a quick run: short warm-up and measurement, few
/// samples and bootstrap resamples (the medians do not depend on those).
const QUICK_ARGS: &[&str] = &[
    "--warm-up-time",
    "0.1",
    "--measurement-time",
    "0.3",
    "--sample-size",
    "10",
    "--nresamples",
    "1000",
];

/// The default run keeps the benches' own settings (1 s warm-up, 3 s
/// measurement, 30 samples) with fewer resamples than criterion's 100 000.
const FULL_ARGS: &[&str] = &["--nresamples", "10000"];

/// How a row is measured.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// Bytes per second, printed as GB/s (10^9 bytes).
    Throughput,
    /// Nanoseconds per operation.
    Latency,
}

impl Unit {
    fn label(self) -> &'static str {
        match self {
            Self::Throughput => "GB/s",
            Self::Latency => "ns/op",
        }
    }
}

/// One row of the table: a criterion group and the python key.
struct Row {
    id: &'static str,
    what: &'static str,
    unit: Unit,
}

const ROWS: &[Row] = &[
    Row { id: "W1-buffer", what: "64 MiB B, copy into a buffer", unit: Unit::Throughput },
    Row { id: "W1-vec", what: "64 MiB B, copy into a new Vec", unit: Unit::Throughput },
    Row { id: "W2", what: "[::2] of 64 MiB B, copy out", unit: Unit::Throughput },
    Row { id: "W3", what: "[::3] of 8M d, copy out", unit: Unit::Throughput },
    Row { id: "W4", what: "4096x4096 f, copy out in F order", unit: Unit::Throughput },
    Row { id: "W5-tolist", what: "tolist of 1M d", unit: Unit::Throughput },
    Row { id: "W5-sum", what: "typed iteration, sum of 1M d", unit: Unit::Throughput },
    Row { id: "W6-B", what: "== of two 16 MiB B", unit: Unit::Throughput },
    Row { id: "W6-i-q", what: "== of 2M i and 2M q", unit: Unit::Throughput },
    Row { id: "W6-d", what: "== of two 2M d", unit: Unit::Throughput },
    Row { id: "W7-hex", what: "hex of 1 MiB", unit: Unit::Throughput },
    Row { id: "W7-hex-sep", what: "hex of 1 MiB, sep ':'", unit: Unit::Throughput },
    Row { id: "W7-hex-sep4", what: "hex of 1 MiB, ':' every 4", unit: Unit::Throughput },
    Row { id: "W8-index", what: "one index (get -> Scalar)", unit: Unit::Latency },
    Row { id: "W8-index-typed", what: "one index (typed::<f64>().get)", unit: Unit::Latency },
    Row { id: "W8-slice", what: "one slice with step", unit: Unit::Latency },
    Row { id: "W8-cast", what: "one cast", unit: Unit::Latency },
    Row { id: "W8-construct", what: "one view construction", unit: Unit::Latency },
    Row { id: "W8-slice-cap4", what: "one slice, View<4>", unit: Unit::Latency },
    Row { id: "W8-cast-cap4", what: "one cast, View<4>", unit: Unit::Latency },
    Row { id: "W8-construct-cap4", what: "one construction, View<4>", unit: Unit::Latency },
    Row { id: "W9", what: "2048x2048 H reversed both dims", unit: Unit::Throughput },
];

/// The columns, in table order.
const COLUMNS: [&str; 5] = ["this", "ndarray", "limit", "cpython", "numpy"];

/// The throughput-versus-size series.
const SIZE_GROUPS: [&str; 3] = ["W1-sizes", "W2-sizes", "W9-sizes"];
const SIZES: [u64; 3] = [64 << 10, 1 << 20, 64 << 20];

/// One measured cell: the value in the row's unit.
type Cells = BTreeMap<&'static str, f64>;

/// What the python script reported, or why there is nothing.
struct Python {
    /// Seconds per operation by `group` then column (`cpython`, `numpy`).
    times: BTreeMap<String, BTreeMap<String, f64>>,
    cpython_missing: Option<String>,
    numpy_missing: Option<String>,
    version: String,
}

pub(crate) fn run(args: &[String]) -> Result {
    let mut quick = false;
    let mut table_only = false;
    let mut json_out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--table-only" => table_only = true,
            "--json" => {
                json_out = Some(PathBuf::from(it.next().ok_or("--json needs a FILE")?));
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}").into()),
        }
    }
    let started = Instant::now();
    let load_before = load_average();
    if !table_only {
        println!("==> bench: criterion ({})", if quick { "quick" } else { "full" });
        let mut cmd = cargo_cmd(&["bench", "-p", "view-benches", "--bench", "workloads", "--"]);
        cmd.args(if quick { QUICK_ARGS } else { FULL_ARGS });
        run_status(&mut cmd)?;
    }
    let python = run_python(quick, table_only);
    let home = criterion_home();
    let mut rows = Vec::new();
    for row in ROWS {
        let mut cells = Cells::new();
        let mut bytes = None;
        for column in ["this", "ndarray", "limit"] {
            if let Some(m) = read_estimate(&home, row.id, column)? {
                bytes = bytes.or(m.bytes);
                cells.insert(column, m.value(row.unit));
            }
        }
        for column in ["cpython", "numpy"] {
            let secs = python.times.get(row.id).and_then(|r| r.get(column)).copied();
            if let Some(v) = secs.and_then(|s| per_second(s, bytes, row.unit)) {
                cells.insert(column, v);
            }
        }
        rows.push((row, cells));
    }
    let header = machine_header(&load_before);
    let table = render_table(&rows, &python);
    let targets = render_targets(&rows, &python);
    println!("\n{header}\n\n{table}\n{targets}");
    let sizes = size_series(&home, &python)?;
    let plot = home.join("throughput-vs-size.svg");
    fs::write(&plot, render_plot(&sizes))?;
    if let Some(path) = json_out {
        fs::write(&path, render_json(&rows, &sizes))?;
        println!("JSON: {}", path.display());
    }
    println!(
        "criterion's HTML report (with its plots): {}",
        home.join("report/index.html").display()
    );
    println!("throughput versus size (W1, W2, W9): {}", plot.display());
    println!("load average before / after: {} / {}", load_before, load_average());
    println!("bench: done in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

// ------------------------------------------------------------ measurements

/// A criterion median and the bytes of one iteration.
struct Estimate {
    median_ns: f64,
    bytes: Option<u64>,
}

impl Estimate {
    fn value(&self, unit: Unit) -> f64 {
        match (unit, self.bytes) {
            (Unit::Throughput, Some(b)) => b as f64 / self.median_ns,
            _ => self.median_ns,
        }
    }
}

/// The python time (seconds per op) in the row's unit.
fn per_second(secs: f64, bytes: Option<u64>, unit: Unit) -> Option<f64> {
    match unit {
        Unit::Throughput => Some(bytes? as f64 / (secs * 1e9)),
        Unit::Latency => Some(secs * 1e9),
    }
}

fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| project_root().join("target"), PathBuf::from);
    target.join("criterion")
}

/// Reads `group/function/new/{estimates,benchmark}.json`, if present.
fn read_estimate(home: &Path, group: &str, function: &str) -> Result<Option<Estimate>> {
    let dir = home.join(group).join(function).join("new");
    let Ok(estimates) = fs::read_to_string(dir.join("estimates.json")) else { return Ok(None) };
    let estimates = Json::parse(&estimates).map_err(|e| format!("{}: {e}", dir.display()))?;
    let median = estimates.get("median").and_then(|m| m.get("point_estimate")).and_then(Json::num);
    let Some(median_ns) = median else { return Ok(None) };
    let bytes = fs::read_to_string(dir.join("benchmark.json"))
        .ok()
        .and_then(|text| Json::parse(&text).ok())
        .and_then(|b| b.get("throughput")?.get("Bytes")?.num())
        .map(|b| b as u64);
    Ok(Some(Estimate { median_ns, bytes }))
}

/// Runs the python script; a missing interpreter or numpy is reported, not fatal.
fn run_python(quick: bool, table_only: bool) -> Python {
    let mut python = Python {
        times: BTreeMap::new(),
        cpython_missing: None,
        numpy_missing: None,
        version: String::new(),
    };
    let saved = criterion_home().join("python.json");
    let output = if table_only {
        fs::read_to_string(&saved).map_err(|e| format!("no saved python results ({e})"))
    } else {
        println!(
            "==> bench: python3 benches/python/bench.py{}",
            if quick { " --quick" } else { "" }
        );
        match venv::python().map_err(|e| format!("no python venv ({e})")).and_then(|bin| {
            let mut cmd = Command::new(bin);
            cmd.arg(project_root().join("benches/python/bench.py"));
            if quick {
                cmd.arg("--quick");
            }
            cmd.stdin(Stdio::null()).stderr(Stdio::inherit());
            cmd.output().map_err(|e| format!("cannot start python ({e})"))
        }) {
            Err(e) => Err(e),
            Ok(out) if !out.status.success() => Err(format!("python3 failed ({})", out.status)),
            Ok(out) => String::from_utf8(out.stdout).map_err(|e| e.to_string()),
        }
    };
    let parsed = output.and_then(|text| {
        let json = Json::parse(&text).map_err(|e| format!("bad JSON from bench.py: {e}"))?;
        if !table_only {
            let _ = fs::create_dir_all(criterion_home());
            let _ = fs::write(&saved, &text);
        }
        Ok(json)
    });
    let json = match parsed {
        Ok(json) => json,
        Err(why) => {
            python.cpython_missing = Some(why.clone());
            python.numpy_missing = Some(why);
            return python;
        }
    };
    python.version = json.get("python").and_then(Json::str).unwrap_or("?").to_string();
    if json.get("numpy").and_then(Json::str).is_none() {
        let why = json.get("numpy_error").and_then(Json::str).unwrap_or("numpy not importable");
        python.numpy_missing = Some(format!("no numpy ({why})"));
    } else if let Some(v) = json.get("numpy").and_then(Json::str) {
        let _ = write!(python.version, ", numpy {v}");
    }
    if let Some(Json::Object(rows)) = json.get("workloads") {
        for (key, cols) in rows {
            let mut row = BTreeMap::new();
            for column in ["cpython", "numpy"] {
                if let Some(v) = cols.get(column).and_then(Json::num) {
                    row.insert(column.to_string(), v);
                }
            }
            python.times.insert(key.clone(), row);
        }
    }
    python
}

// ------------------------------------------------------------------- table

fn fmt_value(v: Option<f64>, unit: Unit) -> String {
    match v {
        None => "-".into(),
        Some(v) if unit == Unit::Latency => format!("{v:.1}"),
        Some(v) if v >= 10.0 => format!("{v:.1}"),
        Some(v) if v >= 0.1 => format!("{v:.2}"),
        Some(v) => format!("{v:.3}"),
    }
}

/// How many times faster `this` is than `other` (a speed ratio).
fn speedup(cells: &Cells, other: &str, unit: Unit) -> Option<f64> {
    let (t, o) = (cells.get("this")?, cells.get(other)?);
    Some(match unit {
        Unit::Throughput => t / o,
        Unit::Latency => o / t,
    })
}

fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".into(), |r| format!("{r:.2}x"))
}

fn render_table(rows: &[(&Row, Cells)], python: &Python) -> String {
    let mut lines = vec![[
        "workload".to_string(),
        "unit".into(),
        "this".into(),
        "ndarray".into(),
        "limit".into(),
        "CPython".into(),
        "numpy".into(),
        "this/numpy".into(),
        "this/CPython".into(),
        "this/limit".into(),
    ]];
    for (row, cells) in rows {
        let mut line = [
            format!("{} {}", row.id, row.what),
            row.unit.label().into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            fmt_ratio(speedup(cells, "numpy", row.unit)),
            fmt_ratio(speedup(cells, "cpython", row.unit)),
            fmt_ratio(speedup(cells, "limit", row.unit)),
        ];
        for (i, column) in COLUMNS.iter().enumerate() {
            line[2 + i] = fmt_value(cells.get(column).copied(), row.unit);
        }
        lines.push(line);
    }
    let widths: Vec<usize> =
        (0..10).map(|c| lines.iter().map(|l| l[c].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (n, line) in lines.iter().enumerate() {
        let mut text = String::from("|");
        for (c, cell) in line.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 {
                let _ = write!(text, " {cell}{} |", " ".repeat(pad));
            } else {
                let _ = write!(text, " {}{cell} |", " ".repeat(pad));
            }
        }
        out.push_str(&text);
        out.push('\n');
        if n == 0 {
            let mut rule = String::from("|");
            for (c, w) in widths.iter().enumerate() {
                rule.push_str(if c == 0 { ":" } else { "-" });
                rule.push_str(&"-".repeat(*w));
                rule.push_str(if c == 0 { "-|" } else { ":|" });
            }
            out.push_str(&rule);
            out.push('\n');
        }
    }
    out.push_str(
        "\nthis = view-core; limit = copy_from_slice / slice == (memcpy / memcmp) of the same \
         byte count; ratios are speed ratios (> 1: this is faster).\n",
    );
    out.push_str(
        "'-' = the library has no such operation (numpy has no hex; ndarray no hex or tolist).\n",
    );
    if let Some(why) = &python.cpython_missing {
        let _ = writeln!(out, "CPython column: not measured: {why}.");
    } else {
        let _ = writeln!(out, "python side: CPython {}.", python.version);
    }
    if let (Some(why), None) = (&python.numpy_missing, &python.cpython_missing) {
        let _ = writeln!(out, "numpy column: not measured: {why}.");
    }
    out
}

/// One target: a row, what `this` is compared with, and the bound.
struct Target {
    text: &'static str,
    row: &'static str,
    check: Check,
}

enum Check {
    /// `this` is at least this many times as fast as the column.
    AtLeast(&'static str, f64),
    /// `this` takes at most this many nanoseconds.
    AtMostNs(f64),
    /// `this` takes at most this fraction of another row's column.
    AtMostOf(&'static str, &'static str, f64),
    /// Checked by tests, not timed.
    Tested(&'static str),
}

const TARGETS: &[Target] = &[
    Target {
        text: "W1 into an existing buffer >= 0.95x memcpy",
        row: "W1-buffer",
        check: Check::AtLeast("limit", 0.95),
    },
    Target {
        text: "W1 into a new Vec >= 1x CPython's tobytes",
        row: "W1-vec",
        check: Check::AtLeast("cpython", 1.0),
    },
    Target { text: "W2 >= 2x numpy", row: "W2", check: Check::AtLeast("numpy", 2.0) },
    Target { text: "W3 >= 1x numpy", row: "W3", check: Check::AtLeast("numpy", 1.0) },
    Target { text: "W3 >= 1.5x ndarray", row: "W3", check: Check::AtLeast("ndarray", 1.5) },
    Target { text: "W9 >= 1x numpy", row: "W9", check: Check::AtLeast("numpy", 1.0) },
    Target { text: "W4 >= 5x numpy", row: "W4", check: Check::AtLeast("numpy", 5.0) },
    Target {
        text: "W5 tolist >= 5x CPython per element",
        row: "W5-tolist",
        check: Check::AtLeast("cpython", 5.0),
    },
    Target {
        text: "W5 iteration within 1.5x of summing a &[f64]",
        row: "W5-sum",
        check: Check::AtLeast("limit", 1.0 / 1.5),
    },
    Target {
        text: "W6 integer same-format >= 0.9x memcmp",
        row: "W6-B",
        check: Check::AtLeast("limit", 0.9),
    },
    Target { text: "W6 i vs q >= 1.2x numpy", row: "W6-i-q", check: Check::AtLeast("numpy", 1.2) },
    Target {
        text: "W6 floats keep NaN != NaN and -0.0 == 0.0",
        row: "W6-d",
        check: Check::Tested("view-core tests/fast_paths.rs"),
    },
    Target { text: "W7 hex >= 2x CPython", row: "W7-hex", check: Check::AtLeast("cpython", 2.0) },
    Target {
        text: "W7 hex with sep >= 2x CPython",
        row: "W7-hex-sep",
        check: Check::AtLeast("cpython", 2.0),
    },
    Target {
        text: "W7 hex with sep every 4 >= 2x CPython",
        row: "W7-hex-sep4",
        check: Check::AtLeast("cpython", 2.0),
    },
    Target { text: "W8 index (get) <= 2 ns", row: "W8-index", check: Check::AtMostNs(2.0) },
    Target {
        text: "W8 index (typed get) <= 2 ns",
        row: "W8-index-typed",
        check: Check::AtMostNs(2.0),
    },
    Target {
        text: "W8 slice <= 0.5x ndarray's slice",
        row: "W8-slice",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 cast <= 0.5x ndarray's slice",
        row: "W8-cast",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 construct <= 0.5x ndarray's slice",
        row: "W8-construct",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 slice, View<4> <= 0.5x ndarray's slice",
        row: "W8-slice-cap4",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 cast, View<4> <= 0.5x ndarray's slice",
        row: "W8-cast-cap4",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 construct, View<4> <= 0.5x ndarray's slice",
        row: "W8-construct-cap4",
        check: Check::AtMostOf("W8-slice", "ndarray", 0.5),
    },
    Target {
        text: "W8 zero allocations",
        row: "W8-index",
        check: Check::Tested(
            "view-core builds without alloc; cargo xtask nostd runs them with no allocator",
        ),
    },
];

/// Whether a target is met, with the measured ratio or value.
fn evaluate(target: &Target, rows: &[(&Row, Cells)]) -> (Option<bool>, String) {
    let find = |id: &str| rows.iter().find(|(r, _)| r.id == id);
    let Some((row, cells)) = find(target.row) else { return (None, "no such row".into()) };
    match target.check {
        Check::AtLeast(column, bound) => match speedup(cells, column, row.unit) {
            Some(r) => (Some(r >= bound), format!("{r:.2}x")),
            None => (None, format!("not measured (no {column} number)")),
        },
        Check::AtMostNs(bound) => match cells.get("this") {
            Some(&ns) => (Some(ns <= bound), format!("{ns:.2} ns")),
            None => (None, "not measured".into()),
        },
        Check::AtMostOf(other_row, column, bound) => {
            let other = find(other_row).and_then(|(_, c)| c.get(column).copied());
            match (cells.get("this"), other) {
                (Some(&t), Some(o)) => {
                    (Some(t <= bound * o), format!("{:.2}x ({t:.1} ns vs {o:.1} ns)", t / o))
                }
                _ => (None, "not measured".into()),
            }
        }
        Check::Tested(how) => (Some(true), format!("checked by {how}")),
    }
}

fn render_targets(rows: &[(&Row, Cells)], _python: &Python) -> String {
    let mut out = String::from("targets (issue 5; medians, ratios within this run):\n");
    let (mut met, mut missed, mut unknown) = (0, 0, 0);
    for target in TARGETS {
        let (ok, how) = evaluate(target, rows);
        let mark = match ok {
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
        let _ = writeln!(out, "  [{mark}] {:<46} {how}", target.text);
    }
    let _ = writeln!(out, "targets: {met} met, {missed} not met, {unknown} not measured");
    out
}

// ------------------------------------------------------------------ sizes

/// Throughput by series name and size, for the plot and the JSON.
type Series = BTreeMap<String, Vec<(u64, f64)>>;

fn size_series(home: &Path, python: &Python) -> Result<Vec<(&'static str, Series)>> {
    let mut out = Vec::new();
    for group in SIZE_GROUPS {
        let mut series = Series::new();
        for size in SIZES {
            for column in ["this", "ndarray", "limit"] {
                let function = format!("{column}/{size}");
                if let Some(m) = read_estimate(home, group, &function)? {
                    let v = m.value(Unit::Throughput);
                    series.entry(column.to_string()).or_default().push((size, v));
                }
            }
            for column in ["cpython", "numpy"] {
                let key = format!("{group}/{size}");
                let secs = python.times.get(&key).and_then(|r| r.get(column)).copied();
                // The python side copies the same byte counts as criterion's rows.
                let written = if group == "W2-sizes" { size / 2 } else { size };
                if let Some(v) = secs.and_then(|s| per_second(s, Some(written), Unit::Throughput)) {
                    series.entry(column.to_string()).or_default().push((size, v));
                }
            }
        }
        out.push((group, series));
    }
    Ok(out)
}

/// A small SVG: one panel per workload, GB/s against size on a log axis.
fn render_plot(panels: &[(&'static str, Series)]) -> String {
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

// ------------------------------------------------------------------- JSON out

fn json_num(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map_or_else(|| "null".into(), |v| format!("{v:.6}"))
}

fn render_json(rows: &[(&Row, Cells)], sizes: &[(&'static str, Series)]) -> String {
    let mut out = String::from("{\"workloads\":[\n");
    for (i, (row, cells)) in rows.iter().enumerate() {
        let _ = write!(out, "{{\"name\":\"{}\",\"unit\":\"{}\"", row.id, row.unit.label());
        for column in COLUMNS {
            let _ = write!(out, ",\"{column}\":{}", json_num(cells.get(column).copied()));
        }
        out.push('}');
        out.push_str(if i + 1 < rows.len() { ",\n" } else { "\n" });
    }
    out.push_str("],\n\"targets\":[\n");
    for (i, target) in TARGETS.iter().enumerate() {
        let (ok, how) = evaluate(target, rows);
        let met = ok.map_or("null", |m| if m { "true" } else { "false" });
        let _ = write!(
            out,
            "{{\"target\":\"{}\",\"met\":{met},\"measured\":\"{}\"}}",
            target.text,
            how.replace('"', "'")
        );
        out.push_str(if i + 1 < TARGETS.len() { ",\n" } else { "\n" });
    }
    out.push_str("],\n\"sizes\":{");
    for (i, (group, series)) in sizes.iter().enumerate() {
        let _ = write!(out, "{}\"{group}\":{{", if i > 0 { "," } else { "" });
        for (j, (name, points)) in series.iter().enumerate() {
            let pts: Vec<String> =
                points.iter().map(|&(s, v)| format!("[{s},{}]", json_num(Some(v)))).collect();
            let _ = write!(out, "{}\"{name}\":[{}]", if j > 0 { "," } else { "" }, pts.join(","));
        }
        out.push('}');
    }
    out.push_str("}}\n");
    out
}

// ------------------------------------------------------------ machine info

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn machine_header(load: &str) -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{} UTC, {cpu}, {cores} cores, load average {load}", utc_now())
}

/// `YYYY-MM-DD HH:MM` from the system clock (days-to-civil conversion).
fn utc_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}", rem / 3600, rem % 3600 / 60)
}

// -------------------------------------------------------------- JSON reader

/// Just enough JSON for criterion's and the python script's files.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn parse(text: &str) -> std::result::Result<Self, String> {
        let mut p = Parser { s: text.as_bytes(), i: 0 };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing characters at byte {}", p.i));
        }
        Ok(v)
    }

    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Self::Object(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn num(&self) -> Option<f64> {
        if let Self::Num(n) = self { Some(*n) } else { None }
    }

    fn str(&self) -> Option<&str> {
        if let Self::Str(s) = self { Some(s) } else { None }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn eat(&mut self, lit: &str) -> std::result::Result<(), String> {
        if self.s[self.i..].starts_with(lit.as_bytes()) {
            self.i += lit.len();
            Ok(())
        } else {
            Err(format!("expected `{lit}` at byte {}", self.i))
        }
    }

    fn value(&mut self) -> std::result::Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            None => Err("unexpected end".into()),
            Some(b'n') => self.eat("null").map(|()| Json::Null),
            Some(b't') => self.eat("true").map(|()| Json::Bool(true)),
            Some(b'f') => self.eat("false").map(|()| Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b']') {
                        self.i += 1;
                        return Ok(Json::Array(items));
                    }
                    if !items.is_empty() {
                        self.eat(",")?;
                    }
                    items.push(self.value()?);
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    if self.s.get(self.i) == Some(&b'}') {
                        self.i += 1;
                        return Ok(Json::Object(items));
                    }
                    if !items.is_empty() {
                        self.eat(",")?;
                        self.ws();
                    }
                    let key = self.string()?;
                    self.ws();
                    self.eat(":")?;
                    items.push((key, self.value()?));
                }
            }
            Some(_) => self.number(),
        }
    }

    fn string(&mut self) -> std::result::Result<String, String> {
        self.eat("\"")?;
        let mut out = String::new();
        loop {
            let Some(&c) = self.s.get(self.i) else { return Err("unterminated string".into()) };
            self.i += 1;
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else { return Err("bad escape".into()) };
                    self.i += 1;
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'u' => {
                            let hex = self.s.get(self.i..self.i + 4).ok_or("bad \\u escape")?;
                            let code = u32::from_str_radix(
                                std::str::from_utf8(hex).map_err(|e| e.to_string())?,
                                16,
                            )
                            .map_err(|e| e.to_string())?;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                            self.i += 4;
                        }
                        other => out.push(char::from(other)),
                    }
                }
                _ => {
                    // Copy a run of plain bytes (UTF-8 passes through whole).
                    let start = self.i - 1;
                    while self.s.get(self.i).is_some_and(|&b| b != b'"' && b != b'\\') {
                        self.i += 1;
                    }
                    out.push_str(&String::from_utf8_lossy(&self.s[start..self.i]));
                }
            }
        }
    }

    fn number(&mut self) -> std::result::Result<Json, String> {
        let start = self.i;
        while self.s.get(self.i).is_some_and(|&b| b.is_ascii_digit() || b"+-.eE".contains(&b)) {
            self.i += 1;
        }
        let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
        text.parse().map(Json::Num).map_err(|_| format!("bad number `{text}` at byte {start}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_criterion_and_python_json() {
        let text = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1.5e3},
            "point_estimate":1234.5},"median":{"point_estimate":1000.0,"standard_error":null},
            "s":"a\"b\u00e9","l":[1,-2.5e-3,true,false,[]],"o":{}}"#;
        let j = Json::parse(text).unwrap();
        assert_eq!(
            j.get("median").and_then(|m| m.get("point_estimate")).and_then(Json::num),
            Some(1000.0)
        );
        assert_eq!(j.get("s").and_then(Json::str), Some("a\"b\u{e9}"));
        assert_eq!(
            j.get("l"),
            Some(&Json::Array(vec![
                Json::Num(1.0),
                Json::Num(-2.5e-3),
                Json::Bool(true),
                Json::Bool(false),
                Json::Array(vec![])
            ]))
        );
        assert!(Json::parse("{\"a\":1,}").is_err());
        assert!(Json::parse("[1 2]").is_err());
    }

    #[test]
    fn ratios_are_speedups_in_both_units() {
        let mut cells = Cells::new();
        cells.insert("this", 4.0);
        cells.insert("numpy", 2.0);
        assert_eq!(speedup(&cells, "numpy", Unit::Throughput), Some(2.0));
        assert_eq!(speedup(&cells, "numpy", Unit::Latency), Some(0.5));
        assert_eq!(speedup(&cells, "cpython", Unit::Latency), None);
    }

    #[test]
    fn the_date_is_civil() {
        let now = utc_now();
        assert_eq!(now.len(), 16);
        assert!(now.starts_with("20"));
    }
}
