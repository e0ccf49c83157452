//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the cargo-fuzz
//! targets in `fuzz/` one after another, N seconds each (default 60).
//!
//! Needs the nightly toolchain and `cargo-fuzz` (`cargo install
//! cargo-fuzz`); without them the task says so and succeeds, since nothing
//! else in the project depends on fuzzing. Each target grows its corpus in
//! `fuzz/corpus/TARGET`, starts from `fuzz/seeds/TARGET` and uses
//! `fuzz/dicts/TARGET.dict` when they exist, and logs libFuzzer's full
//! output to `fuzz/target/logs/TARGET.log`. A crash or failed property is
//! saved by libFuzzer under `fuzz/artifacts/TARGET/`; the task reports it
//! and fails after running the remaining targets.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::{Result, display, nightly, project_root};

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [TARGET...]";

/// One target's outcome.
struct Outcome {
    target: String,
    seconds: f64,
    runs: Option<u64>,
    finding: Option<String>,
}

/// Parses the arguments, checks the tools, runs the targets.
pub(crate) fn run(args: &[String]) -> Result {
    let (seconds, wanted) = parse_args(args)?;
    let Some(rustc) = nightly::rustc_version("fuzz") else { return Ok(()) };
    let Some(fuzz_version) = nightly::probe("cargo", &["fuzz", "--version"]) else {
        println!(
            "fuzz: skipped: cargo-fuzz is not installed for the nightly toolchain; \
             install it with `cargo install cargo-fuzz` to run this task"
        );
        return Ok(());
    };
    println!("fuzz: {rustc}, {fuzz_version}, {seconds} s per target");

    let dir = project_root().join("fuzz");
    let listed = list_targets(&dir)?;
    let targets = if wanted.is_empty() {
        listed
    } else {
        if let Some(unknown) = wanted.iter().find(|t| !listed.contains(t)) {
            return Err(
                format!("fuzz: no target `{unknown}` (targets: {})", listed.join(", ")).into()
            );
        }
        wanted
    };

    let mut outcomes = Vec::new();
    for target in &targets {
        outcomes.push(run_target(&dir, target, seconds)?);
    }

    println!(
        "\nfuzz: {:<10} {:>8} {:>14} {:>10}  result",
        "target", "seconds", "executions", "exec/s"
    );
    for o in &outcomes {
        let runs = o.runs.map_or_else(|| "?".to_owned(), |r| r.to_string());
        let rate = o
            .runs
            .map_or_else(|| "?".to_owned(), |r| format!("{:.0}", r as f64 / o.seconds.max(1.0)));
        let result = o.finding.as_deref().unwrap_or("no finding");
        println!("fuzz: {:<10} {:>8.0} {runs:>14} {rate:>10}  {result}", o.target, o.seconds);
    }
    let failed: Vec<&str> =
        outcomes.iter().filter(|o| o.finding.is_some()).map(|o| o.target.as_str()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz: findings in {}; see fuzz/artifacts/", failed.join(", ")).into())
    }
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = 60u64;
    let mut targets = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = if arg == "--seconds" {
            Some(rest.next().ok_or(USAGE)?.as_str())
        } else {
            arg.strip_prefix("--seconds=")
        };
        match value {
            Some(v) => {
                seconds = v.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    format!("fuzz: --seconds takes a positive integer, got `{v}`\n{USAGE}")
                })?;
            }
            None if arg.starts_with('-') => {
                return Err(format!("fuzz: unknown option `{arg}`\n{USAGE}").into());
            }
            None => targets.push(arg.clone()),
        }
    }
    Ok((seconds, targets))
}

/// The targets `cargo fuzz list` reports.
fn list_targets(dir: &Path) -> Result<Vec<String>> {
    let mut cmd = nightly::cargo(&["fuzz", "list"]);
    cmd.current_dir(dir);
    let output = cmd.output().map_err(|e| format!("cannot start {}: {e}", display(&cmd)))?;
    if !output.status.success() {
        return Err(format!(
            "`{}` failed: {}",
            display(&cmd),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Runs one target for `seconds`, echoing libFuzzer's progress (not its
/// per-input lines) and logging everything.
fn run_target(dir: &Path, target: &str, seconds: u64) -> Result<Outcome> {
    println!("\n==> fuzz {target} for {seconds} s");
    let corpus = dir.join("corpus").join(target);
    fs::create_dir_all(&corpus)?;
    let mut args: Vec<String> = vec!["fuzz".into(), "run".into(), target.into(), path_arg(&corpus)];
    let seeds = dir.join("seeds").join(target);
    if seeds.is_dir() {
        args.push(path_arg(&seeds));
    }
    args.extend([
        "--".into(),
        format!("-max_total_time={seconds}"),
        "-timeout=60".into(),
        "-print_final_stats=1".into(),
    ]);
    let dict = dir.join("dicts").join(format!("{target}.dict"));
    if dict.is_file() {
        args.push(format!("-dict={}", path_arg(&dict)));
    }
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = nightly::cargo(&arg_refs);
    cmd.current_dir(dir).stderr(Stdio::piped());

    let logs = dir.join("target").join("logs");
    fs::create_dir_all(&logs)?;
    let log_path = logs.join(format!("{target}.log"));
    let mut log = fs::File::create(&log_path)?;
    let started = Instant::now();
    let mut child = cmd.spawn().map_err(|e| format!("cannot start {}: {e}", display(&cmd)))?;
    let mut runs = None;
    let mut fuzzed = None;
    let mut artifact = None;
    if let Some(stderr) = child.stderr.take() {
        for line in BufReader::new(stderr).lines() {
            let line = line?;
            writeln!(log, "{line}")?;
            if let Some(n) = parse_runs(&line) {
                runs = Some(n);
            }
            if let Some(s) = parse_seconds(&line) {
                fuzzed = Some(s);
            }
            if let Some(path) = line.split("Test unit written to ").nth(1) {
                artifact = Some(path.trim().to_owned());
            }
            if !is_per_input(&line) {
                println!("{line}");
            }
        }
    }
    let status = child.wait()?;
    // libFuzzer's own count excludes the build; fall back to the wall clock.
    let seconds = fuzzed.unwrap_or_else(|| started.elapsed().as_secs_f64());
    let finding = (!status.success()).then(|| match &artifact {
        Some(path) => format!("FINDING: {path} (log: {})", log_path.display()),
        None => format!("FAILED ({status}); log: {}", log_path.display()),
    });
    Ok(Outcome { target: target.to_owned(), seconds, runs, finding })
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// libFuzzer's lines about single inputs (`#123 NEW ...`), which are noise on a console.
fn is_per_input(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(
        (words.next(), words.next()),
        (Some(n), Some("NEW" | "REDUCE" | "RELOAD")) if n.starts_with('#')
    )
}

/// Executions from `Done N runs in S second(s)` or `stat::number_of_executed_units: N`.
fn parse_runs(line: &str) -> Option<u64> {
    if let Some(rest) = line.strip_prefix("Done ") {
        return rest.split_whitespace().next()?.parse().ok();
    }
    line.strip_prefix("stat::number_of_executed_units:")?.trim().parse().ok()
}

/// Seconds from `Done N runs in S second(s)`.
fn parse_seconds(line: &str) -> Option<f64> {
    let rest = line.strip_prefix("Done ")?;
    rest.split(" runs in ").nth(1)?.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(args(&[]).unwrap(), (60, vec![]));
        assert_eq!(args(&["--seconds", "600", "ops"]).unwrap(), (600, vec!["ops".to_owned()]));
        assert_eq!(args(&["--seconds=5"]).unwrap().0, 5);
        assert!(args(&["--seconds", "0"]).is_err());
        assert!(args(&["--seconds"]).is_err());
        assert!(args(&["--minutes", "3"]).is_err());
    }

    #[test]
    fn libfuzzer_lines() {
        assert_eq!(parse_runs("Done 1014146 runs in 121 second(s)"), Some(1_014_146));
        assert_eq!(parse_runs("stat::number_of_executed_units: 42"), Some(42));
        assert_eq!(parse_seconds("Done 1014146 runs in 121 second(s)"), Some(121.0));
        assert!(is_per_input("#578503\tREDUCE cov: 1116 ft: 5800"));
        assert!(!is_per_input("#8192\tpulse  cov: 1118"));
    }
}
