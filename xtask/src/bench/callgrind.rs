//! Instruction counts of the W8 latency rows from `valgrind --tool=callgrind`.
//!
//! `benches/examples/w8_instructions.rs` repeats one operation N times;
//! it runs at two counts and the difference of callgrind's totals, divided
//! by the difference of the counts, is the instructions of one operation
//! with the setup taken out. Instruction counts repeat exactly whatever
//! else the machine does.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use super::criterion::executable;
use crate::cargo_cmd;

/// The (row, column) pairs counted.
const OPS: [(&str, &str); 9] = [
    ("W8-index", "this"),
    ("W8-index", "ndarray"),
    ("W8-index-typed", "this"),
    ("W8-slice", "this"),
    ("W8-slice", "ndarray"),
    ("W8-cast", "this"),
    ("W8-cast", "ndarray"),
    ("W8-construct", "this"),
    ("W8-construct", "ndarray"),
];

/// The two iteration counts.
const COUNTS: [u64; 2] = [1_000, 11_000];

/// How to get valgrind when it is missing.
pub(super) const INSTALL: &str = "valgrind not found: install it (Debian/Ubuntu: `apt-get install \
     valgrind`; Fedora: `dnf install valgrind`) for the instruction counts";

/// Instructions per operation by row, then column; an error says why there are none.
pub(super) fn count() -> Result<BTreeMap<String, BTreeMap<String, f64>>, String> {
    let found = Command::new("valgrind").arg("--version").stdout(Stdio::null()).status();
    if !found.is_ok_and(|s| s.success()) {
        return Err(INSTALL.into());
    }
    println!("==> bench: callgrind instruction counts of W8");
    let out = cargo_cmd(&[
        "build",
        "--profile",
        "bench",
        "-p",
        "view-benches",
        "--example",
        "w8_instructions",
        "--message-format=json-render-diagnostics",
    ])
    .stderr(Stdio::inherit())
    .output()
    .map_err(|e| format!("cannot run cargo ({e})"))?;
    let exe = executable(&String::from_utf8_lossy(&out.stdout), "w8_instructions")
        .filter(|_| out.status.success())
        .ok_or("building benches/examples/w8_instructions.rs failed")?;
    let dir = std::env::temp_dir().join(format!("xtask-callgrind-{}", std::process::id()));
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let mut counts: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let result = OPS.iter().try_for_each(|&(row, column)| {
        let [a, b] = COUNTS.map(|n| total(&exe, &dir, row, column, n));
        let per_op = (b? - a?) as f64 / (COUNTS[1] - COUNTS[0]) as f64;
        counts.entry(row.into()).or_default().insert(column.into(), per_op);
        Ok::<_, String>(())
    });
    let _ = fs::remove_dir_all(&dir);
    result?;
    // Both index rows compare with the same ndarray index.
    if let Some(&n) = counts.get("W8-index").and_then(|r| r.get("ndarray")) {
        counts.entry("W8-index-typed".into()).or_default().insert("ndarray".into(), n);
    }
    Ok(counts)
}

/// Callgrind's instruction total of one run.
fn total(exe: &Path, dir: &Path, row: &str, column: &str, iters: u64) -> Result<u64, String> {
    let file = dir.join(format!("{row}.{column}.{iters}.out"));
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--quiet"])
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(exe)
        .args([row, column, &iters.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run valgrind ({e})"))?;
    if !status.success() {
        return Err(format!("callgrind of {row} {column} failed ({status})"));
    }
    let text = fs::read_to_string(&file).map_err(|e| e.to_string())?;
    parse_total(&text).ok_or_else(|| format!("no instruction total in {}", file.display()))
}

/// The `summary:` (or `totals:`) line of a callgrind output file.
pub(super) fn parse_total(text: &str) -> Option<u64> {
    text.lines().find_map(|l| {
        let rest = l.strip_prefix("summary:").or_else(|| l.strip_prefix("totals:"))?;
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_total() {
        let text = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nfn=main\n3 12\nsummary: 123456\ntotals: 123456\n";
        assert_eq!(parse_total(text), Some(123_456));
        assert_eq!(parse_total("events: Ir\n"), None);
    }
}
