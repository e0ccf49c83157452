//! The Python half: `benches/python/bench.py` in the project venv, run
//! one step at a time, its seconds per operation turned into the row's unit.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::rows::{self, BRIDGE_COLUMNS, PYTHON_COLUMNS, Unit};
use crate::project_root;

/// What one call of the script reported.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Report {
    /// Seconds per operation by key (`W3`, `W1-sizes/65536`), then column.
    pub(super) times: BTreeMap<String, BTreeMap<String, f64>>,
    /// `CPython 3.x, numpy 2.y`.
    pub(super) version: String,
    pub(super) numpy_missing: Option<String>,
}

/// The script's timing budget of one round: seconds per timing, timings per median.
fn budget(quick: bool) -> [&'static str; 4] {
    if quick {
        ["--budget", "0.02", "--repeats", "5"]
    } else {
        ["--budget", "0.05", "--repeats", "7"]
    }
}

/// Runs the script for one step (`W3`, `sizes`); an error says why there is nothing.
pub(super) fn run(python: &Path, quick: bool, step: &str) -> Result<Report, String> {
    let out = Command::new(python)
        .arg(project_root().join("benches/python/bench.py"))
        .args(budget(quick))
        .arg(step)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot start python ({e})"))?;
    if !out.status.success() {
        return Err(format!("bench.py failed ({})", out.status));
    }
    let json: Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("bad JSON from bench.py: {e}"))?;
    Ok(parse(&json))
}

pub(super) fn parse(json: &Value) -> Report {
    let mut report = Report {
        version: format!("CPython {}", json["python"].as_str().unwrap_or("?")),
        ..Report::default()
    };
    match json["numpy"].as_str() {
        Some(v) => report.version.push_str(&format!(", numpy {v}")),
        None => {
            let why = json["numpy_error"].as_str().unwrap_or("numpy not importable");
            report.numpy_missing = Some(format!("no numpy ({why})"));
        }
    }
    for (key, cols) in json["workloads"].as_object().into_iter().flatten() {
        let row = PYTHON_COLUMNS
            .iter()
            .chain(&BRIDGE_COLUMNS)
            .filter_map(|c| Some((c.to_string(), cols.get(*c)?.as_f64()?)))
            .collect();
        report.times.insert(key.clone(), row);
    }
    report
}

/// Seconds per operation in a row's unit: GB/s of `bytes`, or ns.
pub(super) fn in_unit(secs: f64, bytes: Option<u64>, unit: Unit) -> Option<f64> {
    match unit {
        Unit::Throughput => Some(bytes? as f64 / (secs * 1e9)),
        Unit::Latency => Some(secs * 1e9),
    }
}

/// The report's rows in their units, by row then column.
pub(super) fn values(
    report: &Report,
    bytes: &BTreeMap<String, u64>,
) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut out = BTreeMap::new();
    for (key, cols) in &report.times {
        let Some(row) = rows::row(key) else { continue };
        let cells: BTreeMap<String, f64> = cols
            .iter()
            .filter_map(|(c, &s)| Some((c.clone(), in_unit(s, bytes.get(key).copied(), row.unit)?)))
            .collect();
        if !cells.is_empty() {
            out.insert(key.clone(), cells);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_script_output() {
        let json: Value = serde_json::from_str(
            r#"{"python":"3.11.7","numpy":null,"numpy_error":"ImportError: x",
                "workloads":{"W3":{"cpython":0.01,"numpy":null},"W8-slice":{"cpython":1.5e-7,"numpy":null}}}"#,
        )
        .unwrap();
        let r = parse(&json);
        assert_eq!(r.version, "CPython 3.11.7");
        assert_eq!(r.numpy_missing.as_deref(), Some("no numpy (ImportError: x)"));
        let bytes = [("W3".to_string(), 20_000_000)].into_iter().collect();
        let v = values(&r, &bytes);
        assert_eq!(v["W3"]["cpython"], 2.0);
        assert!((v["W8-slice"]["cpython"] - 150.0).abs() < 1e-9);
        assert!(!v["W3"].contains_key("numpy"));
    }
}
