//! The Rust half: criterion's `workloads` bench, built once and run one
//! step (one workload's groups) at a time, and its estimates read back.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use serde_json::Value;

use super::rows::{self, SIZE_GROUPS, SIZES, Unit};
use crate::{Result, cargo_cmd, project_root};

/// Where criterion writes (`CRITERION_HOME`, else `target/criterion`).
pub(super) fn home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| project_root().join("target"), PathBuf::from);
    target.join("criterion")
}

/// Builds `cargo bench -p view-benches --bench workloads` and returns the executable.
pub(super) fn build() -> Result<PathBuf> {
    println!("==> bench: building the criterion benches");
    let out = cargo_cmd(&[
        "bench",
        "-p",
        "view-benches",
        "--bench",
        "workloads",
        "--no-run",
        "--message-format=json-render-diagnostics",
    ])
    .stderr(Stdio::inherit())
    .output()?;
    if !out.status.success() {
        return Err(format!("building the benches failed ({})", out.status).into());
    }
    executable(&String::from_utf8_lossy(&out.stdout), "workloads")
        .ok_or_else(|| "cargo did not report the bench executable".into())
}

/// The `executable` of target `name` in cargo's JSON messages.
pub(super) fn executable(messages: &str, name: &str) -> Option<PathBuf> {
    messages.lines().filter_map(|l| serde_json::from_str::<Value>(l).ok()).find_map(|m| {
        (m.get("target")?.get("name")?.as_str()? == name)
            .then(|| m.get("executable")?.as_str().map(PathBuf::from))?
    })
}

/// Criterion's settings of one round.
pub(super) fn settings(quick: bool) -> &'static [&'static str] {
    if quick {
        &["--warm-up-time", "0.05", "--measurement-time", "0.2", "--sample-size", "10"]
    } else {
        &["--warm-up-time", "0.2", "--measurement-time", "0.6", "--sample-size", "15"]
    }
}

/// Runs the benchmarks matching `filter`, quietly.
pub(super) fn run(exe: &Path, quick: bool, filter: &str) -> Result {
    let status = Command::new(exe)
        .args(["--bench", "--noplot", "--nresamples", "1000"])
        .args(settings(quick))
        .arg(filter)
        .env("CRITERION_HOME", home())
        .current_dir(project_root().join("benches"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if status.success() {
        Ok(())
    } else {
        let again = format!("cargo bench -p view-benches --bench workloads -- '{filter}'");
        Err(format!("bench `{filter}` failed ({status}); to see why: {again}").into())
    }
}

/// A criterion median and the bytes of one iteration.
#[derive(Debug, PartialEq)]
pub(super) struct Estimate {
    pub(super) median_ns: f64,
    pub(super) bytes: Option<u64>,
}

impl Estimate {
    /// The value in a row's unit: GB/s (bytes per ns) or ns.
    pub(super) fn value(&self, unit: Unit) -> f64 {
        match (unit, self.bytes) {
            (Unit::Throughput, Some(b)) => b as f64 / self.median_ns,
            _ => self.median_ns,
        }
    }
}

/// Reads `dir/new/{estimates,benchmark}.json` if written since `since`.
pub(super) fn read(dir: &Path, since: SystemTime) -> Option<Estimate> {
    let new = dir.join("new");
    let estimates = new.join("estimates.json");
    if fs::metadata(&estimates).and_then(|m| m.modified()).ok()? < since {
        return None;
    }
    let estimates: Value = serde_json::from_str(&fs::read_to_string(estimates).ok()?).ok()?;
    let bytes = fs::read_to_string(new.join("benchmark.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .and_then(|b| b.get("throughput")?.get("Bytes")?.as_u64());
    Some(Estimate { median_ns: estimates.get("median")?.get("point_estimate")?.as_f64()?, bytes })
}

/// The values of one step's rows written since `since`, by row then
/// column, and each row's bytes per operation.
pub(super) type StepValues = (BTreeMap<String, BTreeMap<String, f64>>, BTreeMap<String, u64>);

pub(super) fn collect(step: &str, since: SystemTime) -> StepValues {
    let (mut values, mut bytes) = (BTreeMap::new(), BTreeMap::new());
    for row in rows::ROWS.iter().filter(|r| r.step() == step) {
        let Ok(functions) = fs::read_dir(home().join(row.id)) else { continue };
        let mut cells = BTreeMap::new();
        for f in functions.flatten() {
            let column = f.file_name().to_string_lossy().into_owned();
            if let Some(e) = read(&f.path(), since) {
                // The row's bytes are those of `this` (W7's crates write
                // plain hex in the separated rows: fewer bytes).
                if let Some(b) = e.bytes.filter(|_| column == "this") {
                    bytes.insert(row.id.to_string(), b);
                }
                cells.insert(column, e.value(row.unit));
            }
        }
        if !cells.is_empty() {
            values.insert(row.id.to_string(), cells);
        }
    }
    (values, bytes)
}

/// The size series written since `since`: GB/s by group, column and size.
pub(super) fn collect_sizes(since: SystemTime) -> super::results::Series {
    let mut out = super::results::Series::new();
    for group in SIZE_GROUPS {
        for column in rows::RUST_COLUMNS {
            for size in SIZES {
                let dir = home().join(group).join(column).join(size.to_string());
                if let Some(e) = read(&dir, since) {
                    let v = e.value(Unit::Throughput);
                    out.entry(group.into())
                        .or_default()
                        .entry(column.into())
                        .or_default()
                        .push((size, v));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_executable_in_cargo_messages() {
        let messages = r#"{"reason":"compiler-artifact","target":{"name":"view_core"},"executable":null}
{"reason":"compiler-artifact","target":{"name":"workloads"},"executable":"/t/release/deps/workloads-1"}
{"reason":"build-finished","success":true}"#;
        assert_eq!(
            executable(messages, "workloads"),
            Some(PathBuf::from("/t/release/deps/workloads-1"))
        );
        assert_eq!(executable(messages, "other"), None);
    }

    #[test]
    fn reads_estimates_written_since_the_step_began() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        let new = dir.join("new");
        fs::create_dir_all(&new).unwrap();
        let before = SystemTime::now() - std::time::Duration::from_secs(5);
        fs::write(new.join("estimates.json"), r#"{"median":{"point_estimate":2000.0}}"#).unwrap();
        fs::write(new.join("benchmark.json"), r#"{"throughput":{"Bytes":4000}}"#).unwrap();
        let e = read(&dir, before).unwrap();
        assert_eq!(e, Estimate { median_ns: 2000.0, bytes: Some(4000) });
        assert_eq!(e.value(Unit::Throughput), 2.0);
        assert_eq!(e.value(Unit::Latency), 2000.0);
        assert_eq!(read(&dir, SystemTime::now() + std::time::Duration::from_secs(60)), None);
        fs::remove_dir_all(&dir).unwrap();
    }
}
