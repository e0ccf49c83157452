//! `cargo xtask bench [--quick] [--rounds N] [--no-python] [--json FILE] [--table-only]`:
//! the project's main job.
//!
//! A run is R rounds (5; 3 with `--quick`). A round walks the workloads
//! W1..W10; for each it runs the criterion benches of that workload (this
//! workspace, `ndarray`, the specialised crates and the memcpy/memcmp
//! limit: `criterion`) and then `benches/python/bench.py` for the same
//! rows (CPython's memoryview and numpy, in the project venv: `python`),
//! the Python side first in odd rounds. Each side takes seconds, so both
//! halves of a ratio see the same machine; every ratio is the median of
//! its per-round ratios, printed with its range (`results`, `table`).
//! W8's latency rows also get instruction counts from callgrind
//! (`callgrind`); the targets are checked on the medians (`targets`).
//! The results are saved in `target/criterion/bench-results.json`, which
//! `--table-only` re-prints.

mod callgrind;
mod criterion;
mod machine;
mod plot;
mod python;
mod results;
mod rows;
mod stats;
mod table;
mod targets;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use crate::{Result, venv};
use results::Results;

const USAGE: &str =
    "usage: cargo xtask bench [--quick] [--rounds N] [--no-python] [--json FILE] [--table-only]";

/// Options of one run.
#[derive(Debug, Default)]
struct Options {
    quick: bool,
    rounds: Option<usize>,
    no_python: bool,
    table_only: bool,
    json: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>> {
    let mut o = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => o.quick = true,
            "--no-python" => o.no_python = true,
            "--table-only" => o.table_only = true,
            "--json" => o.json = Some(PathBuf::from(it.next().ok_or("--json needs a FILE")?)),
            "--rounds" => {
                let n = it.next().and_then(|n| n.parse().ok()).filter(|&n| n > 0);
                o.rounds = Some(n.ok_or("--rounds needs a count above 0")?);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}").into()),
        }
    }
    Ok(Some(o))
}

fn saved_path() -> PathBuf {
    criterion::home().join("bench-results.json")
}

pub(crate) fn run(args: &[String]) -> Result {
    let Some(options) = parse_args(args)? else { return Ok(()) };
    let results = if options.table_only {
        let text = fs::read_to_string(saved_path())
            .map_err(|e| format!("no saved results in {} ({e})", saved_path().display()))?;
        Results::from_json(&serde_json::from_str(&text)?)?
    } else {
        let results = measure(&options)?;
        fs::create_dir_all(criterion::home())?;
        fs::write(saved_path(), serde_json::to_string_pretty(&results.to_json())?)?;
        results
    };
    println!(
        "\n{} ({} run, {} rounds, {:.0} s)\nload average before / after: {} / {}\n",
        results.machine,
        results.mode,
        results.rounds.len(),
        results.seconds,
        results.load_before,
        results.load_after
    );
    if let Some(warning) = machine::busy_warning(&results.load_before, machine::cores()) {
        println!("{warning}\n");
    }
    println!("{}\n{}", table::render_table(&results), table::render_targets(&results));
    if !results.sizes.is_empty() {
        let plot = criterion::home().join("throughput-vs-size.svg");
        fs::write(&plot, plot::render_plot(&results.sizes))?;
        println!("throughput versus size (W1, W2, W9): {}", plot.display());
    }
    if let Some(path) = options.json {
        fs::write(&path, serde_json::to_string_pretty(&table::render_json(&results))?)?;
        println!("JSON: {}", path.display());
    }
    let how = if options.table_only { "the saved run took" } else { "done in" };
    println!("==> bench: {how} {}", minutes(results.seconds));
    Ok(())
}

/// `13 min 21 s`, or `42 s` under a minute.
fn minutes(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s < 60 { format!("{s} s") } else { format!("{} min {} s", s / 60, s % 60) }
}

/// Builds, then runs the rounds, the size series and the callgrind counts.
fn measure(options: &Options) -> Result<Results> {
    let started = Instant::now();
    let load_before = machine::load_average();
    println!("==> bench: load average {load_before}");
    if let Some(warning) = machine::busy_warning(&load_before, machine::cores()) {
        println!("{warning}");
    }
    let exe = criterion::build()?;
    let mut results = Results {
        mode: if options.quick { "quick" } else { "full" }.into(),
        machine: machine::header(),
        load_before,
        ..Results::default()
    };
    let python = if options.no_python {
        Err("skipped (--no-python)".to_string())
    } else {
        venv::python().map_err(|e| format!("no python venv ({e})"))
    };
    if let Err(why) = &python {
        results.cpython_missing = Some(why.clone());
        results.numpy_missing = Some(why.clone());
    }
    let python = python.ok();
    if python.is_some() {
        // W10 times the `viewpy` module: build it as `cargo xtask python` does.
        if let Err(e) = crate::python::build_extension() {
            println!("==> bench: viewpy not built, W10 not measured: {e}");
        }
    }
    let rounds = options.rounds.unwrap_or(if options.quick { 3 } else { 5 });
    for r in 0..rounds {
        let round_started = Instant::now();
        let mut round = results::Round::new();
        for step in rows::steps() {
            let python_first = r % 2 == 1;
            if python_first {
                run_python(&mut results, &mut round, python.as_deref(), options.quick, step);
            }
            let since = SystemTime::now();
            criterion::run(&exe, options.quick, &rows::criterion_filter(step))?;
            let (values, bytes) = criterion::collect(step, since);
            results.bytes.extend(bytes);
            for (row, cells) in values {
                round.entry(row).or_default().extend(cells);
            }
            if !python_first {
                run_python(&mut results, &mut round, python.as_deref(), options.quick, step);
            }
        }
        results.rounds.push(round);
        println!(
            "==> bench: round {}/{rounds} done in {:.0} s",
            r + 1,
            round_started.elapsed().as_secs_f64()
        );
    }
    if !options.quick {
        println!("==> bench: throughput-versus-size series (one round)");
        results.sizes = sizes(&exe, python.as_deref())?;
    }
    match callgrind::count() {
        Ok(counts) => results.instructions = counts,
        Err(why) => {
            println!("==> bench: {why}");
            results.instructions_missing = Some(why);
        }
    }
    results.load_after = machine::load_average();
    results.seconds = started.elapsed().as_secs_f64();
    Ok(results)
}

/// The Python side of one step, added to the round; a failure is recorded, not fatal.
fn run_python(
    results: &mut Results,
    round: &mut results::Round,
    python: Option<&Path>,
    quick: bool,
    step: &str,
) {
    let Some(bin) = python else { return };
    match python::run(bin, quick, step) {
        Ok(report) => {
            // The python side divides the bytes criterion reports for the row.
            for (row, cells) in python::values(&report, &results.bytes) {
                round.entry(row).or_default().extend(cells);
            }
            results.python = report.version;
            results.cpython_missing = None;
            results.numpy_missing = report.numpy_missing;
        }
        Err(why) => {
            // Reported in the table only when no step gave Python numbers.
            println!("==> bench: python {step}: {why}");
            if results.python.is_empty() {
                results.cpython_missing = Some(why);
            }
        }
    }
}

/// The size series: criterion's `*-sizes` groups and the script's `sizes` step.
fn sizes(exe: &Path, python: Option<&Path>) -> Result<results::Series> {
    let since = SystemTime::now();
    criterion::run(exe, false, "-sizes/")?;
    let mut series = criterion::collect_sizes(since);
    if let Some(report) = python.and_then(|bin| python::run(bin, false, "sizes").ok()) {
        for (key, cols) in &report.times {
            let Some((group, size)) = key.split_once('/') else { continue };
            let Ok(size) = size.parse::<u64>() else { continue };
            for (column, &secs) in cols {
                let bytes = Some(rows::size_bytes(group, size));
                if let Some(v) = python::in_unit(secs, bytes, rows::Unit::Throughput) {
                    let entry = series.entry(group.into()).or_default();
                    entry.entry(column.clone()).or_default().push((size, v));
                }
            }
        }
    }
    Ok(series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let o = parse_args(&args(&["--quick", "--rounds", "4", "--no-python"])).unwrap().unwrap();
        assert!(o.quick && o.no_python && !o.table_only);
        assert_eq!(o.rounds, Some(4));
        assert!(parse_args(&args(&["--rounds", "0"])).is_err());
        assert!(parse_args(&args(&["--bogus"])).is_err());
    }

    #[test]
    fn elapsed_time() {
        assert_eq!(minutes(801.4), "13 min 21 s");
        assert_eq!(minutes(42.0), "42 s");
    }
}
