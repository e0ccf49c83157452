//! `cargo xtask bench`: the benchmark harness.
//!
//! A stub for now: the criterion benches and their report arrive with
//! issue 5 (benchmarks), which replaces this module.

/// Prints that the harness is not here yet and succeeds.
pub(crate) fn run(_args: &[String]) -> crate::Result {
    println!("bench: the benchmark harness arrives with issue 5 (benchmarks); nothing to run yet");
    Ok(())
}
