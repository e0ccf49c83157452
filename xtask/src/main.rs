//! Project automation, run as `cargo xtask TASK` (the `.cargo/config.toml`
//! alias for `cargo run --package xtask --`; see
//! <https://github.com/matklad/cargo-xtask/>).
//!
//! Each task lives in its own module; `main` only dispatches. The crate uses
//! std, serde_json and rustc-demangle (no dependencies of its own) alone, so
//! it compiles in seconds before every task: keep it that way.
//!
//! - `cargo xtask ci`: the project's test command (what `.ci/run` calls).
//! - `cargo xtask nostd`: builds and runs the `#![no_std]`, allocator-free
//!   programs in `nostd/`, reports their `.text` sizes and fails on a
//!   linked panic path.
//! - `cargo xtask bench`: the benchmark harness.
//! - `cargo xtask conform FILE...`: replays conformance vectors (CPython's,
//!   and numpy's or ctypes' exports).
//! - `cargo xtask numpy-cases` / `ctypes-cases`: write exports of numpy or
//!   ctypes as conformance lines.
//! - `cargo xtask fuzz [--seconds N] [TARGET...]`: the cargo-fuzz targets
//!   in `fuzz/` (nightly and cargo-fuzz; skipped without them).
//! - `cargo xtask python`: builds the `viewpy` extension module into
//!   `target/python/` and runs its pytest suite and in-process tests.
//! - `cargo xtask asan`: the tests under AddressSanitizer (nightly; skipped
//!   without it).
#![forbid(unsafe_code)]

mod asan;
mod bench;
mod cases;
mod ci;
mod conform;
mod elf;
mod fuzz;
mod nightly;
mod nostd;
mod python;
mod venv;

use std::env;
use std::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// What a task returns: `Err` carries the message printed before exiting 1.
type Result<T = ()> = std::result::Result<T, Box<dyn Error>>;

const HELP: &str = "\
usage: cargo xtask TASK

tasks:
  ci      the test command: fmt, clippy, tests, no_std builds, nostd
  nostd   build and run the no_std, no-allocator programs in nostd/; sizes, panic check
  bench [--quick] [--rounds N] [--no-python] [--json FILE] [--table-only]
          criterion + python benchmarks in interleaved rounds, one comparison table
  conform FILE...  replay conformance vectors (CPython, numpy, ctypes lines)
  numpy-cases [--seed S] [--count N] [--python PY] OUT
          write numpy's own buffer exports as conformance lines (project venv)
  ctypes-cases [--seed S] [--count N] [--python PY] OUT
          the same for ctypes arrays, structures and unions
  fuzz [--seconds N] [TARGET...]
          run each fuzz target in fuzz/ for N seconds (default 60); nightly + cargo-fuzz
  python  build viewpy into target/python, run its pytest suite and in-process tests
  asan    the workspace tests under AddressSanitizer; nightly
  help    this message
";

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let outcome = match task.as_deref() {
        Some("ci") => no_args("ci", &rest).and_then(|()| ci::run()),
        Some("nostd") => no_args("nostd", &rest).and_then(|()| nostd::run()),
        Some("bench") => bench::run(&rest),
        Some("conform") => return conform::run(&rest),
        Some("numpy-cases") => cases::run(cases::Exporter::Numpy, &rest),
        Some("ctypes-cases") => cases::run(cases::Exporter::Ctypes, &rest),
        Some("fuzz") => fuzz::run(&rest),
        Some("python") => no_args("python", &rest).and_then(|()| python::run()),
        Some("asan") => no_args("asan", &rest).and_then(|()| asan::run()),
        Some("help" | "-h" | "--help") => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprint!("xtask: unknown task `{other}`\n\n{HELP}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{HELP}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Refuses arguments for tasks that take none, so a typo is not ignored.
fn no_args(task: &str, rest: &[String]) -> Result {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(format!("`cargo xtask {task}` takes no arguments (got `{arg}`)").into()),
    }
}

/// The workspace root: the parent of this crate's directory.
fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The cargo that runs us (`CARGO`, set by `cargo run`), else `cargo` on `PATH`.
fn cargo() -> OsString {
    env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// `cargo ARGS...`, run from the project root.
fn cargo_cmd(args: &[&str]) -> Command {
    let mut cmd = Command::new(cargo());
    cmd.args(args).current_dir(project_root());
    cmd
}

/// Runs `cmd` with the terminal as its stdout and stderr; a non-zero exit is an error.
fn run_status(cmd: &mut Command) -> Result {
    let status = cmd.status().map_err(|e| format!("cannot start {}: {e}", display(cmd)))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", display(cmd)).into())
    }
}

/// A command line as a person would type it (program name without its path).
fn display(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    let mut line =
        program.file_name().unwrap_or(program.as_os_str()).to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}
