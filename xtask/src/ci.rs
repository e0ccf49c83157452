//! `cargo xtask ci`: the project's test command, run by `.ci/run`.
//!
//! Runs every check in order and stops at the first failure:
//! formatting, clippy, the workspace tests, view-core without default
//! features and with `alloc`, the `nostd` task, then compiling (not
//! running) the benches.

use std::time::{Duration, Instant};

use crate::{Result, cargo_cmd, nostd, run_status};

/// One check: a header to print and what to run.
struct Step {
    title: &'static str,
    run: fn() -> Result,
}

const STEPS: &[Step] = &[
    Step { title: "cargo fmt --all -- --check (and in nostd/, fuzz/)", run: fmt },
    Step {
        title: "cargo clippy --workspace --all-targets -- -D warnings (and in nostd/)",
        run: clippy,
    },
    Step { title: "cargo test --workspace", run: || cargo(&["test", "--workspace"]) },
    Step {
        title: "cargo build -p view-core --no-default-features",
        run: || cargo(&["build", "-p", "view-core", "--no-default-features"]),
    },
    Step {
        title: "cargo test -p view-core --no-default-features",
        run: || cargo(&["test", "-p", "view-core", "--no-default-features"]),
    },
    Step {
        title: "cargo build -p view-core --no-default-features --features alloc",
        run: || {
            cargo(&["build", "-p", "view-core", "--no-default-features", "--features", "alloc"])
        },
    },
    Step {
        title: "cargo test -p view-core --no-default-features --features alloc",
        run: || cargo(&["test", "-p", "view-core", "--no-default-features", "--features", "alloc"]),
    },
    Step { title: "cargo xtask nostd", run: nostd::run },
    // Compiles the criterion benches (release profile) without running them.
    Step {
        title: "cargo bench --workspace --no-run",
        run: || cargo(&["bench", "--workspace", "--no-run"]),
    },
];

/// Runs every step; the first failure ends the run with an error naming it.
pub(crate) fn run() -> Result {
    let total = STEPS.len();
    let start = Instant::now();
    for (i, step) in STEPS.iter().enumerate() {
        let n = i + 1;
        println!("\n==> ci [{n}/{total}] {}", step.title);
        let began = Instant::now();
        (step.run)().map_err(|e| format!("ci step {n}/{total} failed: {}\n  {e}", step.title))?;
        println!("==> ci [{n}/{total}] ok in {}", seconds(began.elapsed()));
    }
    println!("\nci: all {total} steps passed in {}", seconds(start.elapsed()));
    Ok(())
}

fn cargo(args: &[&str]) -> Result {
    run_status(&mut cargo_cmd(args))
}

// fmt and clippy check the workspace, then the `nostd` crate: it is its
// own workspace, so `--all` and `--workspace` do not reach it. The `fuzz`
// crate (also its own workspace) is only formatted: building it needs
// nightly and cargo-fuzz (`cargo xtask fuzz`).

fn fmt() -> Result {
    cargo(&["fmt", "--all", "--", "--check"])?;
    run_status(&mut nostd::cargo_in_nostd(&["fmt", "--", "--check"])?)?;
    cargo(&["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"])
}

fn clippy() -> Result {
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    run_status(&mut nostd::cargo_in_nostd(&["clippy", "--", "-D", "warnings"])?)
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}
